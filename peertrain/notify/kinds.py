"""The registry of notification kinds: label, default delivery, and whether security-only."""

from __future__ import annotations

from dataclasses import dataclass

EMAIL, DIGEST, IN_APP = "email", "digest", "in_app"
DELIVERIES = {
    EMAIL: "Email straight away",
    DIGEST: "In a daily digest email",
    IN_APP: "Only here in PeerTrain",
}


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str
    default: str = EMAIL
    # Security messages (invitation, reset, new sign-in method) always go by email: someone
    # who turned them off could not hear that their account was being taken over.
    security: bool = False


KINDS: dict[str, Kind] = {}


def register(kind: str, label: str, default: str = EMAIL, security: bool = False) -> Kind:
    if default not in DELIVERIES:
        raise ValueError(f"unknown delivery {default!r} for {kind}")
    entry = Kind(kind, label, EMAIL if security else default, security)
    if KINDS.get(kind, entry) != entry:
        raise ValueError(f"notification kind {kind!r} registered twice, differently")
    KINDS[kind] = entry
    return entry


def get(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise LookupError(f"unregistered notification kind {kind!r}") from None


def choosable() -> list[Kind]:
    """The kinds a person may set a preference for, in registration order."""
    return [k for k in KINDS.values() if not k.security]


def security_kinds() -> list[Kind]:
    return [k for k in KINDS.values() if k.security]


# Security kinds: sent by the invitation, reset and MFA parts, always by email.
INVITATION = register("invitation", "Invitation to set up your account", security=True)
PASSWORD_RESET = register("password_reset", "Password reset link", security=True)
NEW_SIGN_IN_METHOD = register(
    "new_sign_in_method", "A sign-in method added to your account", security=True
)
# Separation of duties (peertrain/approvals/access.py): someone was given access to your
# records, or your roles or password were changed by an admin. Always by email, like the above.
ACCESS_GRANTED = register(
    "access_granted",
    "Someone was given access to your records, or your account changed",
    security=True,
)

# Events and reminders ("hours awaiting sign-off" is registered by the feature that adds hours).
RECORD_TO_ACKNOWLEDGE = register("record_to_acknowledge", "A supervision record to acknowledge")
REFLECTION_SUBMITTED = register(
    "reflection_submitted", "A supervisee submitted a training reflection", default=DIGEST
)
ACTION_DUE = register("action_due", "An action item due in 3 days")
ACTION_OVERDUE = register("action_overdue", "An action item overdue")
MODULES_DUE = register("modules_due", "Required training modules due in 14 days")
MODULES_OVERDUE = register("modules_overdue", "Required training modules overdue")
SUPERVISION_DUE = register("supervision_due", "Supervision due soon")
SUPERVISION_OVERDUE = register("supervision_overdue", "Supervision overdue")
FINDINGS_DIGEST = register("findings_digest", "Weekly findings for the teams you manage")
