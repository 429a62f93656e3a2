"""the peer worker's voice (issue 16): drift_entry (role-drift log), supervisor_values_rating,
supervisee_values_rating (no rater column; found again by an HMAC rater key) and values_rated
(who has rated which session, without the rating)

Revision ID: 0013_voice
Revises: 0012_notifications
Create Date: 2026-12-01 22:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013_voice"
down_revision = "0012_notifications"
branch_labels = None
depends_on = None

SCORES = ("mutual", "shared_power", "transparent", "strengths", "person_driven")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=30)


def _scores(table):
    cols = [sa.Column(s, sa.Integer(), nullable=False) for s in SCORES]
    checks = [sa.CheckConstraint(f"{s} BETWEEN 1 AND 5", name=op.f(f"ck_{table}_{s}_range"))
              for s in SCORES]
    return cols + checks


def upgrade():
    op.create_table('drift_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('task', _enum('drift_task', 'monitoring_medication', 'enforcing_rules',
                            'escorting_as_security', 'covering_clinical_gap',
                            'unrelated_paperwork', 'other'), nullable=False),
    sa.Column('asked_by', _enum('drift_asked_by', 'nurse', 'doctor', 'manager', 'other_staff',
                                'peer_colleague', 'other'), nullable=False),
    sa.Column('done', _enum('drift_done', 'yes', 'no', 'partly'), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_drift_entry_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drift_entry'))
    )
    with op.batch_alter_table('drift_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drift_entry_worker_id'), ['worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drift_entry_happened_on'), ['happened_on'], unique=False)
    op.create_table('supervisor_values_rating',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=False),
    *_scores('supervisor_values_rating'),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id'], name=op.f('fk_supervisor_values_rating_session_id_supervision_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supervisor_id'], ['user.id'], name=op.f('fk_supervisor_values_rating_supervisor_id_user')),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_supervisor_values_rating'))
    )
    with op.batch_alter_table('supervisor_values_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisor_values_rating_supervisor_id'), ['supervisor_id'], unique=False)
    op.create_table('supervisee_values_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('rater_key', sa.String(length=64), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    *_scores('supervisee_values_rating'),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('share_comment', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id'], name=op.f('fk_supervisee_values_rating_session_id_supervision_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_supervisee_values_rating_team_id_team'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervisee_values_rating')),
    sa.UniqueConstraint('rater_key', name=op.f('uq_supervisee_values_rating_rater_key'))
    )
    with op.batch_alter_table('supervisee_values_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisee_values_rating_session_id'), ['session_id'], unique=False)
    op.create_table('values_rated',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('rater_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['supervision_session.id'], name=op.f('fk_values_rated_session_id_supervision_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rater_id'], ['user.id'], name=op.f('fk_values_rated_rater_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_values_rated_team_id_team'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('session_id', 'rater_id', name=op.f('pk_values_rated'))
    )


def downgrade():
    op.drop_table('values_rated')
    with op.batch_alter_table('supervisee_values_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisee_values_rating_session_id'))
    op.drop_table('supervisee_values_rating')
    with op.batch_alter_table('supervisor_values_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisor_values_rating_supervisor_id'))
    op.drop_table('supervisor_values_rating')
    with op.batch_alter_table('drift_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drift_entry_happened_on'))
        batch_op.drop_index(batch_op.f('ix_drift_entry_worker_id'))
    op.drop_table('drift_entry')
