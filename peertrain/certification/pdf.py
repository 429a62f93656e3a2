"""A portfolio snapshot as a PDF, with fpdf2's built-in Helvetica: no font file, no network,
nothing fetched. The core fonts hold Latin-1 only, so other characters are spelled plainly."""

from __future__ import annotations

from fpdf import FPDF

from .portfolio_view import day, sections

PLAIN = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "•": "-",
        "≥": ">=",
        "≤": "<=",
    }
)


def _text(value) -> str:
    return str(value).translate(PLAIN).encode("latin-1", "replace").decode("latin-1")


def render_pdf(snapshot: dict, verify_url: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(_text(f"Portfolio: {snapshot['worker']}"))
    pdf.set_creator("PeerTrain")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(width, 8, _text(f"Portfolio: {snapshot['worker']}"))
    pdf.set_font("Helvetica", "", 11)
    cred = snapshot["credential"]
    pdf.multi_cell(width, 6, _text(f"{cred['name']} - {cred['awarding_body']}"))
    pdf.multi_cell(
        width,
        6,
        _text(f"Issued {day(snapshot['issued_on'])}. Verification code: {snapshot['code']}"),
    )
    pdf.multi_cell(width, 6, _text(f"Check it at {verify_url}"))
    for title, lines in sections(snapshot):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(width, 7, _text(title))
        pdf.set_font("Helvetica", "", 10)
        for line in lines or ["None recorded."]:
            pdf.multi_cell(width, 5, _text(line))
    return bytes(pdf.output())
