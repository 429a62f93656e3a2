"""axe-core, from the npm registry (tests/browser/package.json, installed by `make test`), run
inside a page through Playwright: the app itself never loads it."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices (target size, landmarks, heading order).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def source() -> str:
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: `make test` installs it (npm ci in tests/browser)")
    return AXE.read_text(encoding="utf-8")


def violations(page, script: str) -> list[str]:
    """One line per violation on the page as it stands: rule, impact, and where."""
    # evaluate() runs over the DevTools protocol, so the page's CSP (no inline script) holds.
    page.evaluate(script)
    found = page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
            .violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
        TAGS,
    )
    return [f"{v['id']} ({v['impact']}) at {'; '.join(v['nodes'])}" for v in found]
