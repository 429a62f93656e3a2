"""Reflection routes: each prompt saved as a draft or submitted to the current supervisor."""

from __future__ import annotations

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user

from .. import audit, directory
from ..authz import role_required
from ..catalog.locale import localise
from ..models import Module, Reflection
from ..rules.workers import TRAINING_ROLES
from . import bp, services, work
from .forms import ReflectionForm
from .views import module_or_404

# The confirmation after a save is shown beside the reflection saved, not in the page-top
# flash list, which is out of view once the page opens at the reflection's anchor.
SAVED_KEY = "reflection_saved"


def _form(module: Module, index: int, **kwargs) -> ReflectionForm:
    form = ReflectionForm(prefix=f"p{index}", **kwargs)
    form.text.label.text = localise(module.reflection_prompts[index]["prompt"])
    return form


def _render(
    module: Module,
    posted: tuple[str, ReflectionForm] | None = None,
    status=200,
    saved_note: tuple[str, str] | None = None,
):
    saved = work.reflections_for(current_user.id, module.id)
    earlier = work.earlier_reflections(current_user.id, module)
    items = []
    for index, prompt in enumerate(module.reflection_prompts):
        reflection = saved.get(prompt["id"])
        if posted and posted[0] == prompt["id"]:
            form = posted[1]  # what was typed stays, errors and all
        else:
            text = reflection.text if reflection else ""
            form = _form(module, index, formdata=None, data={"text": text})
        note = saved_note[1] if saved_note and saved_note[0] == prompt["id"] else None
        items.append({"prompt": prompt, "reflection": reflection, "form": form, "note": note})
    page = render_template(
        "training/reflections.html",
        module=module,
        items=items,
        earlier=earlier,
        supervisors=directory.current_supervisors(current_user.id),
    )
    _audit_read(module, list(saved.values()) + [r for r, _ in earlier])
    return page, status


def _audit_read(module: Module, shown: list[Reflection]) -> None:
    """DESIGN: every read of a reflection is recorded, the writer's own included. One event
    per page that showed any text; it names the module and the reflections by id, no text."""
    if not shown:
        return
    ids = ",".join(str(r.id) for r in sorted(shown, key=lambda r: r.id))
    audit.log_now("reflection_read", "module", module.id, detail=f"own reflections {ids}")


@bp.get("/<module_slug>/reflections")
@role_required(*TRAINING_ROLES)
def reflections(module_slug: str):
    note = session.pop(SAVED_KEY, None)
    return _render(module_or_404(module_slug), saved_note=tuple(note) if note else None)


@bp.post("/<module_slug>/reflections/<reflection_prompt_id>")
@role_required(*TRAINING_ROLES)
def save_reflection(module_slug: str, reflection_prompt_id: str):
    module = module_or_404(module_slug)
    ids = [p["id"] for p in module.reflection_prompts]
    if reflection_prompt_id not in ids:
        abort(404)
    index = ids.index(reflection_prompt_id)
    saved = work.reflections_for(current_user.id, module.id).get(reflection_prompt_id)
    form = _form(module, index)
    if not form.validate_on_submit():
        return _render(module, (reflection_prompt_id, form), 400)
    reflection = services.save_reflection(
        current_user._get_current_object(),
        module,
        reflection_prompt_id,
        form.text.data,
        submit=form.submitting,
    )
    if saved is not None and saved.submitted_at is not None:
        note = "Your changes are saved and your supervisor can see them."
    elif reflection.submitted_at is not None:
        note = "Submitted. Your supervisor can now read this reflection."
    else:
        note = "Draft saved. Only you can see it until you submit it."
    session[SAVED_KEY] = [reflection_prompt_id, note]
    target = url_for(".reflections", module_slug=module.slug)
    return redirect(f"{target}#prompt-{reflection_prompt_id}")
