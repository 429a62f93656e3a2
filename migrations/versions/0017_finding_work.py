"""work on gap findings (issue 18): finding_state (status and owner per finding key) and
finding_note (its history: manager notes and status changes, appended, never edited)

Revision ID: 0017_finding_work
Revises: 0016_certification
Create Date: 2026-12-02 00:54:18.565241

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_finding_work'
down_revision = "0016_certification"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('finding_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('open', 'acknowledged', 'handled', name='finding_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('assigned_to_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_to_id'], ['user.id'], name=op.f('fk_finding_state_assigned_to_id_user')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_finding_state_team_id_team'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_finding_state_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_state')),
    sa.UniqueConstraint('key', name=op.f('uq_finding_state_key'))
    )
    with op.batch_alter_table('finding_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_state_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_state_team_id'), ['team_id'], unique=False)

    op.create_table('finding_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('note', 'acknowledged', 'assigned', 'handled', name='finding_action', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['user.id'], name=op.f('fk_finding_note_assignee_id_user')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_finding_note_author_id_user')),
    sa.ForeignKeyConstraint(['state_id'], ['finding_state.id'], name=op.f('fk_finding_note_state_id_finding_state'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_note'))
    )
    with op.batch_alter_table('finding_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_note_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_finding_note_state_id'), ['state_id'], unique=False)



def downgrade():
    with op.batch_alter_table('finding_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_note_state_id'))
        batch_op.drop_index(batch_op.f('ix_finding_note_author_id'))

    op.drop_table('finding_note')
    with op.batch_alter_table('finding_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_state_team_id'))
        batch_op.drop_index(batch_op.f('ix_finding_state_assigned_to_id'))

    op.drop_table('finding_state')
