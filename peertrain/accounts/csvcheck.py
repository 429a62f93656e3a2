"""Reading and checking a users CSV: every row's outcome, each problem with its line and column."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..controls import without_controls
from ..inputs import MAX_YEAR, MIN_YEAR, iso_date
from ..models import CertificationStage, Role, Team, User

COLUMNS = (
    "email",
    "name",
    "roles",
    "team",
    "fte",
    "start_date",
    "stage",
    "lived_experience",
    "supervisor_email",
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Problem:
    line: int | None  # the file's line (the header is line 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


@dataclass
class Row:
    line: int
    email: str = ""
    name: str = ""
    roles: list[Role] = field(default_factory=list)
    team_id: int | None = None
    team_name: str = ""
    fte: float = 1.0
    start_date: date | None = None
    stage: CertificationStage = CertificationStage.IN_TRAINING
    is_peer: bool = False
    supervisor_email: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))


@dataclass
class Report:
    file_problems: list[Problem] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[Row]:
        return [r for r in self.rows if r.valid] if not self.file_problems else []

    @property
    def all_valid(self) -> bool:
        return not self.file_problems and bool(self.rows) and all(r.valid for r in self.rows)

    def problems(self) -> list[Problem]:
        return self.file_problems + [p for r in self.rows for p in r.problems]


def _header(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower().replace("'s ", " ")).strip("_")


def _decode(content: bytes, report: Report) -> str | None:
    try:
        # Excel's "CSV UTF-8" starts with a byte-order mark. Control characters (a NUL is a
        # PostgreSQL error) are never meant in a name or an email: taken out, like in forms.
        return without_controls(content.decode("utf-8-sig"))
    except UnicodeDecodeError as bad:
        line = content[: bad.start].count(b"\n") + 1
        report.file_problems.append(
            Problem(
                line,
                None,
                "the file is not UTF-8 text. In Excel, save with "
                '"CSV UTF-8 (Comma delimited)"; elsewhere choose the UTF-8 encoding.',
            )
        )
        return None


def _records(text: str, report: Report, max_rows: int) -> list[tuple[int, dict[str, str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Excel in some locales
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [_header(h) for h in next(reader, [])]
        if not any(header):
            report.file_problems.append(Problem(None, None, "the file is empty."))
            return []
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            report.file_problems.append(Problem(1, None, f"missing columns: {', '.join(missing)}."))
        extra = sorted({h for h in header if h and h not in COLUMNS})
        if extra:
            report.file_problems.append(Problem(1, None, f"unknown columns: {', '.join(extra)}."))
        if len(set(header)) != len(header):
            report.file_problems.append(Problem(1, None, "a column appears twice."))
        records = []
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines Excel leaves at the end
            if len(records) >= max_rows:
                report.file_problems.append(
                    Problem(reader.line_num, None, f"more than {max_rows} rows; split the file.")
                )
                break
            if len(cells) > len(header):
                report.file_problems.append(
                    Problem(reader.line_num, None, "more cells than columns (a stray comma?).")
                )
            values = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
            records.append((reader.line_num, values))
        return records
    except csv.Error as broken:
        report.file_problems.append(
            Problem(reader.line_num, None, f"not readable as CSV: {broken}.")
        )
        return []


def _parse(row: Row, v: dict[str, str], teams: dict[str, Team]) -> None:
    row.email = v.get("email", "").lower()
    if not row.email:
        row.problem("email", "required.")
    elif len(row.email) > 254 or not EMAIL.match(row.email):
        row.problem("email", f"{v['email']!r} is not an email address.")
    row.name = v.get("name", "")
    if not row.name:
        row.problem("name", "required.")
    elif len(row.name) > 120:
        row.problem("name", "longer than 120 characters.")
    names = [r for r in re.split(r"[;,|/\s]+", v.get("roles", "").lower()) if r]
    unknown = [r for r in names if r not in {x.value for x in Role}]
    if unknown or not names:
        allowed = ", ".join(r.value for r in Role)
        what = f"unknown role {', '.join(unknown)!r}" if unknown else "at least one role needed"
        row.problem("roles", f"{what}; use {allowed}, separated by ';'.")
    row.roles = [Role(r) for r in dict.fromkeys(names) if not unknown]
    row.team_name = v.get("team", "")
    if row.team_name:
        team = teams.get(row.team_name.lower())
        if team is None:
            row.problem("team", f"no team called {row.team_name!r}; create it first.")
        else:
            row.team_id = team.id
    fte = v.get("fte", "").replace(",", ".")
    if fte:
        try:
            row.fte = float(fte)
        except ValueError:
            row.problem("fte", f"{v['fte']!r} is not a number; write e.g. 0.8.")
        else:
            if not 0 < row.fte <= 1.5:
                row.problem("fte", "must be more than 0 and at most 1.5.")
    if start := v.get("start_date", ""):
        row.start_date = iso_date(start)
        if row.start_date is None:
            row.problem(
                "start_date",
                f"{start!r} is not a date between {MIN_YEAR} and {MAX_YEAR}; "
                "write YYYY-MM-DD, e.g. 2026-03-01.",
            )
    if stage := v.get("stage", "").lower():
        by_name = {s.value: s for s in CertificationStage} | {
            s.label.lower(): s for s in CertificationStage
        }
        if stage.replace(" ", "_") in by_name:
            row.stage = by_name[stage.replace(" ", "_")]
        elif stage in by_name:
            row.stage = by_name[stage]
        else:
            allowed = ", ".join(s.value for s in CertificationStage)
            row.problem("stage", f"unknown stage {v['stage']!r}; use {allowed}.")
    lived = v.get("lived_experience", "").lower()
    if lived in YES | NO:
        row.is_peer = lived in YES
    else:
        row.problem("lived_experience", f"{v['lived_experience']!r}: write yes or no.")
    row.supervisor_email = v.get("supervisor_email", "").lower()


def _cross_check(report: Report, session: Session, actor_email: str | None) -> None:
    """Duplicates in the file and against accounts; supervisors that exist and may supervise."""
    emails = {r.email for r in report.rows if r.email} | {
        r.supervisor_email for r in report.rows if r.supervisor_email
    }
    existing = {
        u.email.lower(): u
        for u in session.scalars(select(User).where(func.lower(User.email).in_(emails)))
    }
    first_line: dict[str, int] = {}
    for row in report.rows:
        if not row.email:
            continue
        if row.email in first_line:
            row.problem("email", f"also on line {first_line[row.email]}.")
        else:
            first_line[row.email] = row.line
        if row.email in existing:
            row.problem("email", "an account with this email already exists.")
    in_file = {r.email: r for r in report.rows if r.email and first_line.get(r.email) == r.line}
    for row in report.rows:
        if row.supervisor_email:
            _check_supervisor(row, existing, in_file, actor_email)
    # A row whose supervisor's own row is invalid cannot be imported alone (valid-only mode):
    # repeat until no more change, for chains of supervisors in the file.
    changed = True
    while changed:
        changed = False
        for row in report.rows:
            sup = in_file.get(row.supervisor_email)
            if row.valid and sup is not None and sup.email not in existing and not sup.valid:
                row.problem(
                    "supervisor_email", f"{sup.email}'s own row (line {sup.line}) has problems."
                )
                changed = True


def _check_supervisor(row: Row, existing: dict, in_file: dict, actor_email: str | None) -> None:
    sup = row.supervisor_email
    if sup == row.email:
        row.problem("supervisor_email", "a person cannot supervise themselves.")
    elif actor_email and sup == actor_email.lower():
        row.problem("supervisor_email", "another administrator must assign you as a supervisor.")
    elif sup in existing:
        user = existing[sup]
        if not user.active or not user.has_role(Role.SUPERVISOR):
            row.problem("supervisor_email", f"{sup} is not an active supervisor.")
    elif sup in in_file:
        other = in_file[sup]
        if Role.SUPERVISOR not in other.roles:
            row.problem("supervisor_email", f"{sup} (line {other.line}) lacks the supervisor role.")
    else:
        row.problem("supervisor_email", f"no account or row for {sup}.")


def check(
    content: bytes, session: Session, *, max_rows: int = 5000, actor_email: str | None = None
) -> Report:
    report = Report()
    text = _decode(content, report)
    if text is None:
        return report
    teams = {t.name.lower(): t for t in session.scalars(select(Team))}
    for line, values in _records(text, report, max_rows):
        row = Row(line=line)
        _parse(row, values, teams)
        report.rows.append(row)
    if not report.rows and not report.file_problems:
        report.file_problems.append(Problem(None, None, "the file has a header but no people."))
    _cross_check(report, session, actor_email)
    return report
