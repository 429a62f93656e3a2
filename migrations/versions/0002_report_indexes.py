"""report indexes: what the manager reports' queries read, so they stay fast at 10,000 workers

Revision ID: 0002_report_indexes
Revises: 0001_initial
Create Date: 2026-11-22 23:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from peertrain.ops.live_migrations import create_index_live


# revision identifiers, used by Alembic.
revision = "0002_report_indexes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

JUDGED = sa.text("source IN ('supervisor', 'observation')")


def upgrade():
    create_index_live(
        "ix_report_rating_judged",
        "competency_rating",
        ["subject_id", "competency_id", "rated_at", "level"],
        unique=False,
        postgresql_where=JUDGED,
        sqlite_where=JUDGED,
    )
    create_index_live(
        "ix_report_session_day",
        "supervision_session",
        ["held_on", "status", "id", "minutes"],
        unique=False,
    )
    create_index_live(
        "ix_report_participant_worker",
        "session_participant",
        ["supervisee_id", "session_id"],
        unique=False,
    )
    create_index_live(
        "ix_report_assignment_current",
        "supervision_assignment",
        ["supervisee_id", "start_date", "end_date", "supervisor_id"],
        unique=False,
    )
    create_index_live(
        "ix_report_progress_done",
        "module_progress",
        ["user_id", "status", "module_id", "completed_at"],
        unique=False,
    )
    create_index_live("ix_report_user_role_role", "user_role", ["role", "user_id"], unique=False)


def downgrade():
    op.drop_index("ix_report_user_role_role", table_name="user_role")
    op.drop_index("ix_report_progress_done", table_name="module_progress")
    op.drop_index("ix_report_assignment_current", table_name="supervision_assignment")
    op.drop_index("ix_report_participant_worker", table_name="session_participant")
    op.drop_index("ix_report_session_day", table_name="supervision_session")
    op.drop_index("ix_report_rating_judged", table_name="competency_rating")
