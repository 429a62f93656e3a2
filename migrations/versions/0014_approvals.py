"""separation of duties (issue 17): pending_change, a change waiting for a second admin

Revision ID: 0014_approvals
Revises: 0017_finding_work
Create Date: 2026-12-02 01:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014_approvals"
down_revision = "0017_finding_work"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_type', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('grantee_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.CheckConstraint("decided_by_id IS NULL OR decided_by_id <> requested_by_id", name=op.f('ck_pending_change_four_eyes')),
    sa.CheckConstraint("decision IS NULL OR decision IN ('approved', 'rejected', 'withdrawn')", name=op.f('ck_pending_change_decision')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_pending_change_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['grantee_id'], ['user.id'], name=op.f('fk_pending_change_grantee_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_pending_change_requested_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_change'))
    )
    with op.batch_alter_table('pending_change', schema=None) as batch_op:
        batch_op.create_index('ix_pending_change_open', ['decision', 'requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_change', schema=None) as batch_op:
        batch_op.drop_index('ix_pending_change_open')
    op.drop_table('pending_change')
