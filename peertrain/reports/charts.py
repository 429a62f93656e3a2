"""Server-side SVG charts: geometry computed here, drawn by templates/reports/_charts.html.

No external service and no inline style or script: colours come from CSS classes in
reports.css. Every chart sits next to a table with the same numbers (the accessible view)."""

from __future__ import annotations

import re

WIDTH = 720
LABEL_W = 240
ROW_H = 22
GAP = 6
TOP = 30
MAX_ROWS = 25  # more than this and a chart stops being readable; the table has them all


def _id(title: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _fmt(value: float | None, unit: str) -> str:
    return "–" if value is None else f"{value:g}{unit}"


def hbar(
    title: str,
    desc: str,
    items: list[dict],
    *,
    unit: str = "%",
    max_value: float | None = None,
    target: float | None = None,
    target_label: str = "",
) -> dict:
    """Horizontal bars: items are {label, value, cls?}. A target draws a dashed line."""
    items = items[:MAX_ROWS]
    top = max([max_value or 0, target or 0] + [i["value"] or 0 for i in items]) or 1
    scale = (WIDTH - LABEL_W - 80) / top
    bars = []
    for n, item in enumerate(items):
        y = TOP + n * (ROW_H + GAP)
        w = (item["value"] or 0) * scale
        bars.append(
            {
                "label": _short(item["label"]),
                "full": item["label"],
                "x": LABEL_W,
                "y": y,
                "w": round(w, 1),
                "h": ROW_H,
                "text": _fmt(item["value"], unit),
                "tx": round(LABEL_W + w + 6, 1),
                "ty": y + ROW_H - 6,
                "cls": item.get("cls", ""),
            }
        )
    height = TOP + len(items) * (ROW_H + GAP) + 10
    line = None
    if target is not None:
        x = round(LABEL_W + target * scale, 1)
        line = {"x": x, "y1": TOP - 8, "y2": height - 6, "label": target_label, "ty": TOP - 12}
    return {
        "type": "hbar",
        "id": _id(title),
        "title": title,
        "desc": desc,
        "width": WIDTH,
        "height": max(height, TOP + 20),
        "bars": bars,
        "target": line,
    }


def stacked(
    title: str, desc: str, groups: list[str], series: list[tuple[str, str]], values
) -> dict:
    """Horizontal stacked bars: one row per group, one segment per series (name, css class);
    values[g][s] are counts. A legend names the series."""
    groups = groups[:MAX_ROWS]
    totals = [sum(values[g]) for g in range(len(groups))]
    top = max(totals + [1])
    scale = (WIDTH - LABEL_W - 60) / top
    legend_rows = (len(series) + 2) // 3
    top_y = TOP + legend_rows * 20
    rows = []
    for g, label in enumerate(groups):
        y, x = top_y + g * (ROW_H + GAP), LABEL_W
        segments = []
        for s, (name, cls) in enumerate(series):
            w = values[g][s] * scale
            if values[g][s]:
                segments.append(
                    {
                        "x": round(x, 1),
                        "w": round(w, 1),
                        "cls": cls,
                        "name": name,
                        "value": values[g][s],
                    }
                )
            x += w
        rows.append(
            {
                "label": _short(label),
                "full": label,
                "y": y,
                "h": ROW_H,
                "segments": segments,
                "text": str(totals[g]),
                "tx": round(x + 6, 1),
                "ty": y + ROW_H - 6,
            }
        )
    legend = [
        {"x": 10 + (i % 3) * 235, "y": 8 + (i // 3) * 20, "cls": cls, "name": name}
        for i, (name, cls) in enumerate(series)
    ]
    return {
        "type": "stacked",
        "id": _id(title),
        "title": title,
        "desc": desc,
        "width": WIDTH,
        "height": top_y + len(groups) * (ROW_H + GAP) + 10,
        "rows": rows,
        "legend": legend,
    }


def line(
    title: str,
    desc: str,
    labels: list[str],
    series: list[dict],
    *,
    unit: str = "",
    max_value: float | None = None,
    partial: str | None = None,
) -> dict:
    """Lines over time: series are {name, cls, values} with one value (or None) per label.
    `partial` names the last period when it is incomplete (e.g. "month to date"): its point
    is joined by a dashed segment, drawn hollow and labelled, so it never reads as a fall."""
    height, left, right, top, bottom = 260, 56, 20, 34, 40
    values = [v for s in series for v in s["values"] if v is not None]
    peak = max([max_value or 0] + values) or 1
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return round(left + i * step, 1), round(top + plot_h - v / peak * plot_h, 1)

    last = len(labels) - 1
    lines = []
    for s in series:
        pts = [(i, *point(i, v), v) for i, v in enumerate(s["values"]) if v is not None]
        whole = [p for p in pts if not (partial and p[0] == last)]
        cut = [p for p in pts if partial and p[0] == last]
        lines.append(
            {
                "name": s["name"],
                "cls": s["cls"],
                "points": " ".join(f"{x},{y}" for _, x, y, _ in whole),
                "dots": [
                    {"x": x, "y": y, "text": f"{labels[i]}: {_fmt(v, unit)}"}
                    for i, x, y, v in whole
                ],
                # The incomplete period: a dashed join from the last whole one, a hollow dot.
                "partial": [
                    {
                        "x1": whole[-1][1] if whole and whole[-1][0] == last - 1 else x,
                        "y1": whole[-1][2] if whole and whole[-1][0] == last - 1 else y,
                        "x": x,
                        "y": y,
                        "text": f"{labels[i]} ({partial}): {_fmt(v, unit)}",
                    }
                    for i, x, y, v in cut
                ],
            }
        )
    ticks = [
        {"y": point(0, peak * k / 4)[1], "text": _fmt(round(peak * k / 4, 1), unit)}
        for k in range(5)
    ]
    xlabels = [{"x": point(i, 0)[0], "text": lab.split(" ")[0]} for i, lab in enumerate(labels)]
    if partial and xlabels:
        xlabels[-1]["text"] += " *"
        xlabels[-1]["partial"] = partial
    legend = [
        {"x": left + i * 200, "y": 12, "cls": s["cls"], "name": s["name"]}
        for i, s in enumerate(series)
    ]
    return {
        "type": "line",
        "id": _id(title),
        "title": title,
        "desc": desc,
        "width": WIDTH,
        "height": height,
        "left": left,
        "right": WIDTH - right,
        "base": top + plot_h,
        "lines": lines,
        "ticks": ticks,
        "xlabels": xlabels,
        "xlabel_y": height - 14,
        "legend": legend,
        "partial": partial,
    }


HEAT_EDGES = (40, 60, 80, 100)
# The heat map's colour key, in the order of the shades: (css class, what it means).
HEAT_KEY = [
    ("heat-none", "nobody rated"),
    ("heat-0", "under 40%"),
    ("heat-1", "40–59%"),
    ("heat-2", "60–79%"),
    ("heat-3", "80–99%"),
    ("heat-4", "100%"),
]


def heat_class(share: float | None) -> str:
    """Five steps, so colour is never the only cue: every cell also prints its number."""
    if share is None:
        return "heat-none"
    return "heat-" + str(sum(share >= edge for edge in HEAT_EDGES))


def grid(
    title: str,
    desc: str,
    rows: list[str],
    cols: list[str],
    values,
    unit: str = "%",
    *,
    col_names: list[str] | None = None,
    target: float | None = None,
) -> dict:
    """A heat map: values[r][c] is a share (or None for no data). Columns are short codes,
    `col_names` their full names (in each head's tooltip and cell's text; the page prints
    the key). Cells below `target` are outlined."""
    names = col_names or cols

    def below(v: float | None) -> bool:
        return target is not None and v is not None and v < target

    rows = rows[:MAX_ROWS]
    cell_w = max(32, min(70, (WIDTH - LABEL_W) // max(len(cols), 1)))
    cells = []
    for r, _ in enumerate(rows):
        for c, _ in enumerate(cols):
            v = values[r][c]
            x, y = LABEL_W + c * cell_w, TOP + r * (ROW_H + 4)
            cells.append(
                {
                    "x": x,
                    "y": y,
                    "w": cell_w - 2,
                    "h": ROW_H,
                    "cls": heat_class(v) + (" below-target" if below(v) else ""),
                    "text": "–" if v is None else f"{v:.0f}",
                    "tx": x + cell_w / 2 - 1,
                    "ty": y + ROW_H - 6,
                    "full": f"{rows[r]}, {names[c]}: {_fmt(v, unit)}",
                }
            )
    heads = [
        {"x": LABEL_W + c * cell_w + cell_w / 2 - 1, "text": col, "full": names[c]}
        for c, col in enumerate(cols)
    ]
    labels = [
        {"y": TOP + r * (ROW_H + 4) + ROW_H - 6, "text": _short(lab), "full": lab}
        for r, lab in enumerate(rows)
    ]
    return {
        "type": "grid",
        "id": _id(title),
        "title": title,
        "desc": desc,
        "width": max(WIDTH, LABEL_W + cell_w * len(cols) + 10),
        "height": TOP + len(rows) * (ROW_H + 4) + 10,
        "cells": cells,
        "heads": heads,
        "labels": labels,
        "label_x": LABEL_W - 8,
    }
