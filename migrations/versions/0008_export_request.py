"""My data exports: export_request (a person's request, its status and its archive's file name)

Revision ID: 0008_export_request
Revises: 0007_privacy_admin
Create Date: 2026-12-01 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008_export_request"
down_revision = "0007_privacy_admin"
branch_labels = None
depends_on = None

STATUSES = ("requested", "building", "ready", "downloaded", "expired", "failed")


def upgrade():
    op.create_table('export_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum(*STATUSES, name='export_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('ready_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('file_name', sa.String(length=80), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_export_request_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_request'))
    )
    with op.batch_alter_table('export_request', schema=None) as batch_op:
        batch_op.create_index('ix_export_request_user', ['user_id', 'requested_at'], unique=False)
        batch_op.create_index('ix_export_request_status', ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('export_request', schema=None) as batch_op:
        batch_op.drop_index('ix_export_request_status')
        batch_op.drop_index('ix_export_request_user')
    op.drop_table('export_request')
