"""privacy: user.left_on (starts the retention clock), user.legal_hold (suspends retention
and erasure), user.anonymised_at (an erased person, kept as \"Former worker #N\")

Revision ID: 0007_privacy_admin
Revises: 0006_account_tokens
Create Date: 2026-12-01 21:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007_privacy_admin"
down_revision = "0006_account_tokens"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("legal_hold", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("anonymised_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("legal_hold")
        batch_op.drop_column("left_on")
