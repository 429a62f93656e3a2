"""knowledge-check pools: open draws (quiz_draw), what each attempt showed (quiz_attempt.shown,
started_at), supervisor competency tags (module.supervisor_codes, supervisor_competency);
attempts made before pools get the snapshot of the quiz they were scored on

Revision ID: 0005_attempt_pool
Revises: 0004_supervision_derived
Create Date: 2026-11-24 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from peertrain.ops.live_migrations import backfill


# revision identifiers, used by Alembic.
revision = "0005_attempt_pool"
down_revision = "0004_supervision_derived"
branch_labels = None
depends_on = None

MODULE = sa.table("module", sa.column("id", sa.Integer), sa.column("quiz", sa.JSON),
                  sa.column("supervisor_codes", sa.JSON))
ATTEMPT = sa.table("quiz_attempt", sa.column("id", sa.Integer), sa.column("module_id", sa.Integer),
                   sa.column("shown", sa.JSON))


def _snapshot(quiz: dict) -> dict:
    # Before pools every question was shown, in file order, with choices unshuffled: the
    # stored answers already count from that order.
    return {
        "pass_mark": quiz.get("pass_mark", 100),
        "questions": [
            dict(q, order=list(range(len(q.get("choices", []))))) for q in quiz.get("questions", [])
        ],
    }


def upgrade():
    op.create_table('quiz_draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('shown', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['module.id'], name=op.f('fk_quiz_draw_module_id_module'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_quiz_draw_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_draw')),
    sa.UniqueConstraint('user_id', 'module_id', name='uq_quiz_draw_user_module')
    )
    op.create_table('supervisor_competency',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('category_code', sa.String(length=10), nullable=False),
    sa.Column('category_title', sa.String(length=200), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_supervisor_competency'))
    )
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('shown', sa.JSON(), nullable=True))
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervisor_codes', sa.JSON(), nullable=True))

    conn = op.get_bind()
    quizzes = {row.id: row.quiz or {} for row in conn.execute(sa.select(MODULE.c.id, MODULE.c.quiz))}
    conn.execute(MODULE.update().values(supervisor_codes=[]))
    # One statement per module version and range of attempts, so a large attempts table is
    # never held by a single statement (each range commits on its own on PostgreSQL).
    def fill(lo: int, hi: int) -> None:
        for module_id, quiz in quizzes.items():
            op.get_bind().execute(
                ATTEMPT.update()
                .where(ATTEMPT.c.module_id == module_id, ATTEMPT.c.id.between(lo, hi))
                .values(shown=_snapshot(quiz))
            )

    backfill("quiz_attempt", "id", fill)

    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.alter_column('supervisor_codes', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('module', schema=None) as batch_op:
        batch_op.drop_column('supervisor_codes')
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_column('shown')
        batch_op.drop_column('started_at')
    op.drop_table('supervisor_competency')
    op.drop_table('quiz_draw')
