"""A portfolio snapshot as titled sections of plain lines (for the PDF), with dates as people
read them (formatting.short_date). The HTML print view shows the same snapshot as tables."""

from __future__ import annotations

from datetime import date, datetime

from ..formatting import date_time, short_date


def day(value: str | None) -> str:
    return short_date(date.fromisoformat(value)) if value else "-"


def moment(value: str | None) -> str:
    return date_time(datetime.fromisoformat(value)) if value else "-"


def _yes(flag: bool, word: str) -> str:
    return word if flag else f"not {word}"


def sections(s: dict) -> list[tuple[str, list[str]]]:
    cert = s.get("certification")
    out = [
        (
            "Certification",
            [
                f"Certificate {cert['number']}, certified {day(cert['certified_on'])}, "
                f"expires {day(cert['expires_on'])}."
            ]
            if cert
            else ["Not yet certified for this credential."],
        )
    ]
    out.append(
        (
            "Requirements",
            [
                f"{r['title']}: {r['done']:g} of {r['target']:g} {r['unit']}".rstrip()
                + (" - met" if r["met"] else " - not yet")
                for r in s["requirements"]
            ],
        )
    )
    out.append(
        (
            "Training modules (e-learning)",
            [
                f"{m['title']} (version {m['version']}), {m['hours']:g} h, "
                f"completed {day(m['completed_on'])}"
                for m in s["modules"]
            ],
        )
    )
    out.append(
        (
            "Other training",
            [
                f"{t['title']}, {t['provider']} ({t['kind']}), "
                f"{day(t['started_on'])} to {day(t['ended_on'])}, {t['hours']:g} h, "
                f"{_yes(t['verified'], 'verified')}, {_yes(t['signed'], 'signed')}"
                for t in s["training"]
            ],
        )
    )
    out.append(
        (
            "Work experience (weekly log)",
            [
                f"Week of {day(w['week_starting'])}: {w['hours']:g} h, {w['setting']}, "
                f"{_yes(w['signed'], 'signed')}"
                for w in s["work"]
            ],
        )
    )
    out.append(
        (
            "Supervised hours",
            [
                f"{day(x['held_on'])}: {x['hours']:g} h, {x['format']}, "
                f"{_yes(x['signed'], 'signed')}"
                for x in s["sessions"]
            ],
        )
    )
    out.append(
        (
            "Signatures",
            [
                f"{g['supervisor']} signed {day(g['period_start'])} to {day(g['period_end'])} "
                f"on {moment(g['signed_at'])} ({g['method']}, {g['rows']} rows): "
                f'"{g["statement"]}" - signature '
                + {True: "verifies", False: "DOES NOT VERIFY (a signed row changed)"}.get(
                    g["verifies"], "not checked"
                )
                for g in s["signoffs"]
            ],
        )
    )
    out.append(
        (
            "Competency levels by category",
            [
                f"{c['category']}: {c['level']} ({c['competent']} of {c['total']} at competent)"
                for c in s["competency"]
            ],
        )
    )
    return out
