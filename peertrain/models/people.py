"""People and structure: teams, users and their roles, supervision assignments, manager scopes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Numeric,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db


class ServiceSetting(enum.StrEnum):
    COMMUNITY = "community"
    INPATIENT = "inpatient"
    CRISIS = "crisis"
    FORENSIC = "forensic"
    OTHER = "other"


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"
    ADMIN = "admin"


# How each role is named to people (admin forms, "who can read my records").
ROLE_LABELS = {
    Role.TRAINEE: "Peer worker",
    Role.SUPERVISOR: "Supervisor",
    Role.MANAGER: "Manager",
    Role.ADMIN: "Admin",
}


class CertificationStage(enum.StrEnum):
    IN_TRAINING = "in_training"
    PROVISIONAL = "provisional"
    CERTIFIED = "certified"
    SENIOR = "senior"

    @property
    def label(self) -> str:
        return {
            "in_training": "In training",
            "provisional": "Provisionally certified",
            "certified": "Certified",
            "senior": "Senior / advanced",
        }[self.value]


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Store the value strings, not the member names, and as VARCHAR + CHECK on every backend.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(30, *(len(m.value) for m in cls)),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Team(db.Model):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    setting: Mapped[ServiceSetting] = mapped_column(_enum(ServiceSetting, "service_setting"))

    members: Mapped[list[User]] = relationship(back_populates="team")

    def __str__(self) -> str:
        return self.name


class UserRole(db.Model):
    """One row per role a user holds; a peer supervisor is often also a peer worker."""

    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), index=True)
    fte: Mapped[float] = mapped_column(Numeric(3, 2, asdecimal=False), default=1.0)
    start_date: Mapped[date | None] = mapped_column(Date)
    certification_stage: Mapped[CertificationStage] = mapped_column(
        _enum(CertificationStage, "certification_stage"), default=CertificationStage.IN_TRAINING
    )
    is_peer: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Privacy (peertrain/privacy/): the day the person left starts their retention clock; a
    # legal hold (admin-set, audited) suspends retention and erasure; anonymised_at marks a
    # person erased, whose rows stay (under "Former worker #N") so report figures hold.
    left_on: Mapped[date | None] = mapped_column(Date)
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)

    team: Mapped[Team | None] = relationship(back_populates="members")
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (CheckConstraint("fte > 0 AND fte <= 1.5", name="fte_range"),)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)

    @roles.setter
    def roles(self, wanted) -> None:
        wanted = {Role(r) for r in wanted}
        self.role_rows = [r for r in self.role_rows if r.role in wanted] + [
            UserRole(role=r) for r in sorted(wanted - self.roles)
        ]

    def has_role(self, role: Role | str) -> bool:
        return Role(role) in self.roles

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class SupervisionAssignment(db.Model):
    """Supervisor → supervisee for a period; ended assignments stay as history."""

    __tablename__ = "supervision_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    supervisee_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id])
    supervisee: Mapped[User] = relationship(foreign_keys=[supervisee_id])

    __table_args__ = (
        CheckConstraint("supervisor_id <> supervisee_id", name="not_self"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
    )

    def is_current(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class ManagerScope(db.Model):
    """Which teams a manager sees; a row with org_wide set covers every team."""

    __tablename__ = "manager_scope"

    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    org_wide: Mapped[bool] = mapped_column(Boolean, default=False)

    manager: Mapped[User] = relationship()
    team: Mapped[Team | None] = relationship()

    __table_args__ = (
        CheckConstraint(
            "(org_wide AND team_id IS NULL) OR (NOT org_wide AND team_id IS NOT NULL)",
            name="team_or_org",
        ),
        UniqueConstraint("manager_id", "team_id", name="uq_manager_scope_manager_team"),
    )
