"""Access-table rows for the training feature's routes, and the records their URLs need."""

from __future__ import annotations

from .access import LOGIN, everyone, only, signed_in  # noqa: F401

LEARNERS = ("trainee", "supervisor")  # both follow a pathway (the supervisor's own)

ROWS: dict = {
    ("GET", "/training/"): only(*LEARNERS),
    ("GET", "/training/<module_slug>"): only(*LEARNERS),
    ("GET", "/training/<module_slug>/section/<int:position>"): only(*LEARNERS),
    ("POST", "/training/<module_slug>/section/<int:position>"): only(*LEARNERS, status=302),
    ("GET", "/training/<module_slug>/check"): only(*LEARNERS),
    # Posted with no answers: re-shown with every question marked unanswered.
    # No open draw (nothing was drawn for this visitor): sent to the check to draw one.
    ("POST", "/training/<module_slug>/check"): only(*LEARNERS, status=302),
    # The trainee's own attempt; to anyone else it does not exist.
    ("GET", "/training/<module_slug>/check/attempts/<int:quiz_attempt_id>"): only(*LEARNERS)
    | {"supervisor": 404},
    ("GET", "/training/<module_slug>/reflections"): only(*LEARNERS),
    # Posted empty: re-shown with the error next to the text box.
    ("POST", "/training/<module_slug>/reflections/<reflection_prompt_id>"): only(
        *LEARNERS, status=400
    ),
    # The trainee completed the module; the supervisor has not.
    ("GET", "/training/<module_slug>/certificate"): only(*LEARNERS) | {"supervisor": 404},
    ("GET", "/training/supervisees"): only("supervisor"),
    # Only the trainee's current supervisor; managers and admins never.
    ("GET", "/training/supervisees/<int:trainee_id>"): only("supervisor"),
}


def setup(world: dict, make) -> dict:
    """Create the records this feature's URLs point at; return URL parameters by name."""
    trainee = world["people"]["trainee"]
    module = make.module("access-module", sections=2)
    make.pathway(module)
    make.progress(trainee, module, completed=True, score=100)
    attempt = make.attempt(trainee, module)
    make.reflection(trainee, module, prompt_id="r1", text="Submitted words.", submitted=True)
    return {
        "module_slug": module.slug,
        "position": 1,
        "quiz_attempt_id": attempt.id,
        "reflection_prompt_id": "r1",
        "trainee_id": trainee.id,
    }
