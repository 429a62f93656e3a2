"""Every model, imported so that metadata (and Alembic) sees the whole schema."""

from .accounts import LoginThrottle, UserSession
from .approvals import PendingChange
from .audit import AuditEvent
from .competency import (
    COMPETENT,
    LEVELS,
    CategoryTally,
    Competency,
    CompetencyCategory,
    CompetencyRating,
    CurrentLevel,
    RatingSource,
)
from .mail import OutboxMessage, OutboxStatus
from .mfa import MfaRecoveryCode, MfaTotp
from .notify import DigestSent, Notification, Preference
from .onboarding import AccountToken, StagedImport, TokenPurpose
from .people import (
    ROLE_LABELS,
    CertificationStage,
    ManagerScope,
    Role,
    ServiceSetting,
    SupervisionAssignment,
    Team,
    User,
    UserRole,
)
from .privacy_export import ExportRequest, ExportStatus
from .report_cache import ReportCache
from .settings import Setting
from .supervision import (
    TOPICS,
    ActionItem,
    Attendance,
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
    SupervisionMonth,
    SupervisionSession,
)
from .training import (
    Module,
    ModuleProgress,
    ModuleSection,
    PathwayModule,
    ProgressStatus,
    QuizAttempt,
    QuizDraw,
    Reflection,
    ReflectionStatus,
    SupervisorCompetency,
)

__all__ = [
    "AccountToken",
    "ActionItem",
    "Attendance",
    "AuditEvent",
    "COMPETENT",
    "CategoryTally",
    "CancelReason",
    "CertificationStage",
    "Competency",
    "CompetencyCategory",
    "CompetencyRating",
    "CurrentLevel",
    "DigestSent",
    "ExportRequest",
    "ReportCache",
    "ExportStatus",
    "Flag",
    "FlagKind",
    "LEVELS",
    "LoginThrottle",
    "MfaRecoveryCode",
    "MfaTotp",
    "ManagerScope",
    "Module",
    "PathwayModule",
    "Preference",
    "ModuleProgress",
    "ModuleSection",
    "NoteDraft",
    "Notification",
    "OutboxMessage",
    "OutboxStatus",
    "PendingChange",
    "ProgressStatus",
    "QuizAttempt",
    "QuizDraw",
    "RatingSource",
    "Reflection",
    "ReflectionStatus",
    "ROLE_LABELS",
    "Role",
    "ServiceSetting",
    "SessionAddendum",
    "SessionFormat",
    "SessionParticipant",
    "SessionRevision",
    "SessionSetting",
    "SessionStatus",
    "Setting",
    "StagedImport",
    "SupervisionAssignment",
    "SupervisionMonth",
    "SupervisionSession",
    "SupervisorCompetency",
    "TOPICS",
    "TokenPurpose",
    "Team",
    "User",
    "UserRole",
    "UserSession",
]

from .certification import (  # noqa: E402,F401  (issue 15: certification)
    DEFAULT_CREDENTIAL_KEY,
    Certification,
    CredentialChoice,
    CredentialExam,
    Portfolio,
    Signoff,
    SignoffItem,
    SignoffKind,
    SignoffMethod,
    TrainingKind,
    TrainingRecord,
    WorkLog,
)
from .findings import (  # noqa: E402,F401  (issue 18: work on gap findings)
    FindingAction,
    FindingNote,
    FindingState,
    FindingStatus,
)
from .report_indexes import REPORT_INDEXES  # noqa: E402,F401  (reports: indexes on these tables)
from .selfassessment import (  # noqa: E402,F401  (issue 16: organisational self-assessment)
    ActionStatus,
    AssessmentAnswer,
    AssessmentStatus,
    PlanAction,
    SelfAssessment,
)
from .voice import (  # noqa: E402,F401  (issue 16: role-drift log and peer-values ratings)
    AskedBy,
    DriftDone,
    DriftEntry,
    DriftTask,
    SuperviseeValuesRating,
    SupervisorValuesRating,
    ValuesRated,
)
