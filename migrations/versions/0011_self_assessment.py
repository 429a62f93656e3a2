"""organisational self-assessment (issue 16): self_assessment, assessment_answer, plan_action

Revision ID: 0011_self_assessment
Revises: 0010_mail_outbox
Create Date: 2026-12-01 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011_self_assessment"
down_revision = "0010_mail_outbox"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('self_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instrument', sa.String(length=60), nullable=False),
    sa.Column('instrument_version', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', name='assessment_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('year >= 2000 AND year <= 2100', name=op.f('ck_self_assessment_year_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_self_assessment_created_by_id_user')),
    sa.ForeignKeyConstraint(['lead_id'], ['user.id'], name=op.f('fk_self_assessment_lead_id_user')),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_self_assessment_team_id_team'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_assessment')),
    sa.UniqueConstraint('instrument', 'unit', 'year', name='uq_self_assessment_unit_year')
    )
    op.create_table('assessment_answer',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('rating IS NULL OR (rating >= 1 AND rating <= 3)', name=op.f('ck_assessment_answer_rating_range')),
    sa.ForeignKeyConstraint(['assessment_id'], ['self_assessment.id'], name=op.f('fk_assessment_answer_assessment_id_self_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_assessment_answer_updated_by_id_user')),
    sa.PrimaryKeyConstraint('assessment_id', 'item_id', name=op.f('pk_assessment_answer'))
    )
    op.create_table('plan_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=40), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('open', 'in_progress', 'done', name='plan_action_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['self_assessment.id'], name=op.f('fk_plan_action_assessment_id_self_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_plan_action_owner_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_action'))
    )
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_action_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_action_owner_id'), ['owner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_action_owner_id'))
        batch_op.drop_index(batch_op.f('ix_plan_action_assessment_id'))
    op.drop_table('plan_action')
    op.drop_table('assessment_answer')
    op.drop_table('self_assessment')
