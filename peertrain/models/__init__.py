"""Every model, imported so that metadata (and Alembic) sees the whole schema."""

from .accounts import LoginThrottle, UserSession
from .audit import AuditEvent
from .competency import (
    COMPETENT,
    LEVELS,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    RatingSource,
)
from .people import (
    CertificationStage,
    ManagerScope,
    Role,
    ServiceSetting,
    SupervisionAssignment,
    Team,
    User,
    UserRole,
)
from .settings import Setting
from .supervision import (
    TOPICS,
    ActionItem,
    CancelReason,
    Flag,
    FlagKind,
    NoteDraft,
    SessionAddendum,
    SessionFormat,
    SessionParticipant,
    SessionRevision,
    SessionSetting,
    SessionStatus,
    SupervisionSession,
)
from .training import (
    Module,
    ModuleProgress,
    ModuleSection,
    PathwayModule,
    ProgressStatus,
    QuizAttempt,
    Reflection,
    ReflectionStatus,
)

__all__ = [
    "ActionItem",
    "AuditEvent",
    "COMPETENT",
    "CancelReason",
    "CertificationStage",
    "Competency",
    "CompetencyCategory",
    "CompetencyRating",
    "Flag",
    "FlagKind",
    "LEVELS",
    "LoginThrottle",
    "ManagerScope",
    "Module",
    "PathwayModule",
    "ModuleProgress",
    "ModuleSection",
    "NoteDraft",
    "ProgressStatus",
    "QuizAttempt",
    "RatingSource",
    "Reflection",
    "ReflectionStatus",
    "Role",
    "ServiceSetting",
    "SessionAddendum",
    "SessionFormat",
    "SessionParticipant",
    "SessionRevision",
    "SessionSetting",
    "SessionStatus",
    "Setting",
    "SupervisionAssignment",
    "SupervisionSession",
    "TOPICS",
    "Team",
    "User",
    "UserRole",
    "UserSession",
]

from .report_indexes import REPORT_INDEXES  # noqa: E402,F401  (reports: indexes on these tables)
