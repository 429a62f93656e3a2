"""Words for the role-drift log's choices, shared by its form, pages and manager tables."""

from __future__ import annotations

from ..models import AskedBy, DriftDone, DriftTask

TASKS = {
    DriftTask.MEDICATION: "Monitoring medication",
    DriftTask.RULES: "Enforcing rules",
    DriftTask.SECURITY: "Escorting as security",
    DriftTask.CLINICAL_GAP: "Covering a clinical gap",
    DriftTask.PAPERWORK: "Paperwork unrelated to support",
    DriftTask.OTHER: "Other",
}
ASKERS = {
    AskedBy.NURSE: "A nurse",
    AskedBy.DOCTOR: "A doctor",
    AskedBy.MANAGER: "A manager",
    AskedBy.OTHER_STAFF: "Other staff",
    AskedBy.PEER_COLLEAGUE: "A peer colleague",
    AskedBy.OTHER: "Someone else",
}
DONE = {DriftDone.YES: "Yes", DriftDone.NO: "No", DriftDone.PARTLY: "Partly"}

SMALL = 5  # fewer workers than this behind a figure and a manager sees only FEWER
FEWER = f"fewer than {SMALL}"
