"""certification (issue 15): credential_choice, training_record (other training and CE, with
certificate file metadata), work_log (weekly hours), signoff + signoff_item (a supervisor's
signature over rows and their digests), credential_exam, certification and portfolio

Revision ID: 0016_certification
Revises: 0013_voice
Create Date: 2026-12-02 00:52:38.021349

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_certification'
down_revision = '0013_voice'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('credential_slug', sa.String(length=60), nullable=False),
    sa.Column('certified_on', sa.Date(), nullable=False),
    sa.Column('certificate_number', sa.String(length=80), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('renews_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_note', sa.String(length=200), nullable=True),
    sa.CheckConstraint('expires_on > certified_on', name=op.f('ck_certification_expires_after')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_certification_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['renews_id'], ['certification.id'], name=op.f('fk_certification_renews_id_certification')),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user.id'], name=op.f('fk_certification_revoked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_certification_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification'))
    )
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certification_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_certification_worker_id'), ['worker_id'], unique=False)

    op.create_table('credential_choice',
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('credential_slug', sa.String(length=60), nullable=False),
    sa.Column('chosen_by_id', sa.Integer(), nullable=True),
    sa.Column('chosen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['chosen_by_id'], ['user.id'], name=op.f('fk_credential_choice_chosen_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_credential_choice_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('worker_id', name=op.f('pk_credential_choice'))
    )
    op.create_table('credential_exam',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('credential_slug', sa.String(length=60), nullable=False),
    sa.Column('passed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_credential_exam_recorded_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_credential_exam_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_exam'))
    )
    with op.batch_alter_table('credential_exam', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_exam_worker_id'), ['worker_id'], unique=False)

    op.create_table('portfolio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('credential_slug', sa.String(length=60), nullable=False),
    sa.Column('code', sa.String(length=43), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_portfolio_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user.id'], name=op.f('fk_portfolio_revoked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_portfolio_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio')),
    sa.UniqueConstraint('code', name=op.f('uq_portfolio_code'))
    )
    with op.batch_alter_table('portfolio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portfolio_worker_id'), ['worker_id'], unique=False)

    op.create_table('signoff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('rows_hash', sa.String(length=64), nullable=False),
    sa.Column('method', sa.Enum('password', 'totp', name='signoff_method', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_signoff_period_in_order')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['user.id'], name=op.f('fk_signoff_supervisor_id_user')),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_signoff_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signoff'))
    )
    with op.batch_alter_table('signoff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signoff_supervisor_id'), ['supervisor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signoff_worker_id'), ['worker_id'], unique=False)

    op.create_table('signoff_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signoff_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('work_log', 'training_record', 'supervision_session', name='signoff_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('row_id', sa.Integer(), nullable=False),
    sa.Column('row_digest', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['signoff_id'], ['signoff.id'], name=op.f('fk_signoff_item_signoff_id_signoff'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signoff_item')),
    sa.UniqueConstraint('signoff_id', 'kind', 'row_id', name=op.f('uq_signoff_item_signoff_id'))
    )
    with op.batch_alter_table('signoff_item', schema=None) as batch_op:
        batch_op.create_index('ix_signoff_item_kind_row', ['kind', 'row_id'], unique=False)

    op.create_table('training_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('workshop', 'classroom', 'conference', 'online', 'other', name='training_kind', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('domains', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('file_stored_name', sa.String(length=64), nullable=True),
    sa.Column('file_original_name', sa.String(length=255), nullable=True),
    sa.Column('file_content_type', sa.String(length=100), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('returned_note', sa.Text(), nullable=True),
    sa.Column('signoff_id', sa.Integer(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ended_on >= started_on', name=op.f('ck_training_record_dates_in_order')),
    sa.CheckConstraint('minutes >= 0', name=op.f('ck_training_record_minutes_not_negative')),
    sa.ForeignKeyConstraint(['corrects_id'], ['training_record.id'], name=op.f('fk_training_record_corrects_id_training_record')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_training_record_entered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signoff_id'], ['signoff.id'], name=op.f('fk_training_record_signoff_id_signoff')),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user.id'], name=op.f('fk_training_record_verified_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_training_record_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_record')),
    sa.UniqueConstraint('file_stored_name', name=op.f('uq_training_record_file_stored_name'))
    )
    with op.batch_alter_table('training_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_record_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_record_signoff_id'), ['signoff_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_record_worker_id'), ['worker_id'], unique=False)

    op.create_table('work_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.Integer(), nullable=False),
    sa.Column('week_starting', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('setting', sa.Enum('community', 'inpatient', 'crisis', 'forensic', 'other', name='work_setting', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('returned_note', sa.Text(), nullable=True),
    sa.Column('signoff_id', sa.Integer(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('minutes BETWEEN 0 AND 10080', name=op.f('ck_work_log_minutes_in_week')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_work_log_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['corrects_id'], ['work_log.id'], name=op.f('fk_work_log_corrects_id_work_log')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_work_log_entered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signoff_id'], ['signoff.id'], name=op.f('fk_work_log_signoff_id_signoff')),
    sa.ForeignKeyConstraint(['worker_id'], ['user.id'], name=op.f('fk_work_log_worker_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_log'))
    )
    with op.batch_alter_table('work_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_log_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_work_log_signoff_id'), ['signoff_id'], unique=False)
        batch_op.create_index('ix_work_log_worker_week', ['worker_id', 'week_starting'], unique=False)



def downgrade():
    with op.batch_alter_table('work_log', schema=None) as batch_op:
        batch_op.drop_index('ix_work_log_worker_week')
        batch_op.drop_index(batch_op.f('ix_work_log_signoff_id'))
        batch_op.drop_index(batch_op.f('ix_work_log_corrects_id'))

    op.drop_table('work_log')
    with op.batch_alter_table('training_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_record_worker_id'))
        batch_op.drop_index(batch_op.f('ix_training_record_signoff_id'))
        batch_op.drop_index(batch_op.f('ix_training_record_corrects_id'))

    op.drop_table('training_record')
    with op.batch_alter_table('signoff_item', schema=None) as batch_op:
        batch_op.drop_index('ix_signoff_item_kind_row')

    op.drop_table('signoff_item')
    with op.batch_alter_table('signoff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signoff_worker_id'))
        batch_op.drop_index(batch_op.f('ix_signoff_supervisor_id'))

    op.drop_table('signoff')
    with op.batch_alter_table('portfolio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_worker_id'))

    op.drop_table('portfolio')
    with op.batch_alter_table('credential_exam', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_exam_worker_id'))

    op.drop_table('credential_exam')
    op.drop_table('credential_choice')
    with op.batch_alter_table('certification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certification_worker_id'))
        batch_op.drop_index(batch_op.f('ix_certification_expires_on'))

    op.drop_table('certification')
