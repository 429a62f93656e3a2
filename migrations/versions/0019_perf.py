"""report_cache: computed findings kept for a few minutes and shared by every app process,
keyed by a hash of the manager's scope, the filters and the targets (issue 13)

Revision ID: 0019_perf
Revises: 0014_approvals
Create Date: 2026-12-02 01:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0019_perf"
down_revision = "0014_approvals"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "report_cache",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_report_cache")),
    )


def downgrade():
    op.drop_table("report_cache")
