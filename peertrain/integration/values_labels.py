"""The peer values a supervision session is rated against, and the words of the 1-5 scale."""

from __future__ import annotations

VALUES = {
    "mutual": ("Mutual", "We learned from each other; it was not one-way instruction."),
    "shared_power": ("Shared power", "Decisions about the session were made together."),
    "transparent": ("Transparent", "What was written and shared, and why, was open."),
    "strengths": ("Strengths-focused", "It built on what is going well, not only problems."),
    "person_driven": ("Person-driven", "The supervisee's own goals and agenda led it."),
}
SCALE = {1: "1 Not at all", 2: "2 A little", 3: "3 Partly", 4: "4 Mostly", 5: "5 Fully"}
SMALL = 5  # distinct raters AND sessions behind a supervisee aggregate before it is shown
NOT_ENOUGH = "not enough responses yet"
