"""A report table: columns and rows, rendered once as accessible HTML and once as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from .labels import cell, team_name

# Spreadsheet programs run a cell starting with one of these as a formula; free text
# (a manager summary, a name) is prefixed with an apostrophe so it is only ever text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    num: bool = False
    # A drill-down for a number: (evidence kind, extra query args) for a row, or None.
    link: Callable[[dict], tuple[str, dict] | None] | None = None


@dataclass
class Table:
    key: str
    caption: str
    columns: list[Column]
    rows: list[dict]
    note: str = ""
    total: int | None = None  # when rows are one page of a longer list
    extra: dict = field(default_factory=dict)
    # Which slice of `rows` the page shows: an organisation-wide table can run to thousands
    # of rows, which nobody reads on screen (the CSV has them all).
    page: int = 1
    page_size: int | None = None

    @property
    def pages(self) -> int:
        if not self.page_size:
            return 1
        return max(1, -(-len(self.rows) // self.page_size))

    @property
    def shown(self) -> list[dict]:
        if not self.page_size:
            return self.rows
        first = (min(self.page, self.pages) - 1) * self.page_size
        return self.rows[first : first + self.page_size]

    @property
    def first_shown(self) -> int:
        return (min(self.page, self.pages) - 1) * (self.page_size or 0) + 1

    def cells(self, row: dict) -> list[str]:
        return [
            cell(team_name(row.get(c.key)) if c.key == "team" else row.get(c.key))
            for c in self.columns
        ]

    def text_rows(self) -> list[list[str]]:
        return [self.cells(r) for r in self.rows]


@dataclass
class ReportData:
    """What a report page shows: its tables (each also a CSV), charts, and anything else."""

    tables: list[Table]
    charts: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def team_link(
    evidence: str, when: str | None = None, **row_keys: str
) -> Callable[[dict], tuple[str, dict] | None]:
    """Link a number to the evidence list for the row's team, when the row's `when` value
    (default: none needed) is non-zero; `row_keys` adds query arguments from the row."""

    def link(row: dict):
        if row.get("team_id") is None or (when is not None and not row.get(when)):
            return None  # workers without a team: the list for every team would mislead
        return evidence, {"team": row["team_id"]} | {a: row[k] for a, k in row_keys.items()}

    return link


def spreadsheet_safe(value) -> str:
    """The one rule for every CSV PeerTrain writes: a cell a spreadsheet would run as a formula
    is made plain text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(table: Table) -> str:
    """The table exactly as on the page: same header, same cell text (free text made safe
    for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row, texts in zip(table.rows, table.text_rows(), strict=True):
        writer.writerow(
            [
                text if c.num or not isinstance(row.get(c.key), str) else spreadsheet_safe(text)
                for c, text in zip(table.columns, texts, strict=True)
            ]
        )
    return out.getvalue()
