"""issued documents are their own immutable kind; uploaded signatures record their trust

Revision ID: 5f2c8e1a9d47
Revises: 5e1f0c2a9b47
Create Date: 2026-11-26 16:30:00.000000

Each выписка issued so far lived as a "certificate" document whose first version the cabinet
made; later versions, if any, were the doctor's uploads. The first version becomes an issued
document of the application; a document left with the doctor's uploads stays theirs, back at
«Загружен»; one left empty goes. Uploaded signatures were never checked against a trusted root,
so every existing one starts as not trusted.
"""

import sqlalchemy as sa
from alembic import op

revision = '5f2c8e1a9d47'
down_revision = '5e1f0c2a9b47'
branch_labels = None
depends_on = None

GUARD = "issued_document_is_immutable"
SQLITE_GUARD = f"""
CREATE TRIGGER {GUARD} BEFORE UPDATE ON issued_document
BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END
"""
POSTGRES_GUARD = (
    f"""
CREATE OR REPLACE FUNCTION {GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'issued documents are immutable'; END $$
""",
    f"""
CREATE TRIGGER {GUARD} BEFORE UPDATE ON issued_document
FOR EACH ROW EXECUTE FUNCTION {GUARD}()
""",
)

application = sa.table(
    'application',
    sa.column('id', sa.Integer),
    sa.column('doctor_id', sa.Integer),
    sa.column('extract_document_id', sa.Integer),
    sa.column('registry_number', sa.String),
    sa.column('status_changed_at', sa.DateTime),
)
document = sa.table(
    'document',
    sa.column('id', sa.Integer),
    sa.column('status', sa.String),
    sa.column('reason', sa.Text),
)
version = sa.table(
    'document_version',
    sa.column('id', sa.Integer),
    sa.column('document_id', sa.Integer),
    sa.column('number', sa.Integer),
    sa.column('file_id', sa.String),
    sa.column('filename', sa.String),
    sa.column('content_type', sa.String),
    sa.column('size', sa.Integer),
    sa.column('doc_number', sa.String),
    sa.column('issue_date', sa.Date),
    sa.column('valid_until', sa.Date),
    sa.column('signature_file_id', sa.String),
    sa.column('signer', sa.String),
    sa.column('uploaded_at', sa.DateTime),
)


def create_issued_table():
    op.create_table('issued_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doctor_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('registry_number', sa.String(length=40), nullable=False),
    sa.Column('file_id', sa.String(length=32), nullable=False),
    sa.Column('signature_file_id', sa.String(length=32), nullable=False),
    sa.Column('filename', sa.String(length=120), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('signer', sa.String(length=300), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['doctor_id'], ['doctor.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['stored_file.id'], ),
    sa.ForeignKeyConstraint(['signature_file_id'], ['stored_file.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('application_id')
    )
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_document_doctor_id'), ['doctor_id'], unique=False)


def issued_row(connection, case) -> dict | None:
    """The issued document of an application, from the first version of its extract."""
    first = connection.execute(
        sa.select(version)
        .where(version.c.document_id == case.extract_document_id)
        .order_by(version.c.number)
        .limit(1)
    ).first()
    if first is None or first.signature_file_id is None:
        return None
    return {
        'version_id': first.id,
        'row': {
            'doctor_id': case.doctor_id,
            'application_id': case.id,
            'kind': 'extract',
            'registry_number': case.registry_number or first.doc_number,
            'file_id': first.file_id,
            'signature_file_id': first.signature_file_id,
            'filename': first.filename,
            'content_type': first.content_type,
            'size': first.size,
            'signer': first.signer,
            'issue_date': first.issue_date or first.uploaded_at.date(),
            'valid_until': first.valid_until or first.uploaded_at.date(),
            'issued_at': first.uploaded_at,
        },
    }


def leave_uploads_alone(connection, document_id: int, version_id: int) -> None:
    """Take the issued version out of the document; what the doctor uploaded stays theirs."""
    connection.execute(sa.delete(version).where(version.c.id == version_id))
    left = connection.scalar(
        sa.select(sa.func.count()).select_from(version).where(version.c.document_id == document_id)
    )
    if left:
        connection.execute(
            sa.update(document).where(document.c.id == document_id).values(status='uploaded', reason='')
        )
        return
    for table in ('activity_event', 'education_record'):
        connection.execute(
            sa.text(f'UPDATE {table} SET document_id = NULL WHERE document_id = :id'),
            {'id': document_id},
        )
    connection.execute(sa.delete(document).where(document.c.id == document_id))


def move_extracts(connection) -> None:
    issued = sa.table('issued_document', *(sa.column(name) for name in (
        'doctor_id', 'application_id', 'kind', 'registry_number', 'file_id', 'signature_file_id',
        'filename', 'content_type', 'size', 'signer', 'issue_date', 'valid_until', 'issued_at',
    )))
    cases = connection.execute(
        sa.select(application).where(application.c.extract_document_id.is_not(None))
    ).all()
    for case in cases:
        found = issued_row(connection, case)
        if found is None:
            continue
        connection.execute(sa.insert(issued).values(**found['row']))
        leave_uploads_alone(connection, case.extract_document_id, found['version_id'])


def guard(connection) -> None:
    if connection.dialect.name == 'postgresql':
        for statement in POSTGRES_GUARD:
            op.execute(statement)
    elif connection.dialect.name == 'sqlite':
        op.execute(SQLITE_GUARD)


def upgrade():
    connection = op.get_bind()
    create_issued_table()
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('signer_trusted', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    move_extracts(connection)
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('extract_document_id')
    guard(connection)


def downgrade():
    # Issued documents cannot be turned back into uploads without losing what makes them
    # trustworthy; the downgrade keeps the link column and drops the new kind's table.
    connection = op.get_bind()
    if connection.dialect.name == 'postgresql':
        op.execute(f'DROP TRIGGER IF EXISTS {GUARD} ON issued_document')
        op.execute(f'DROP FUNCTION IF EXISTS {GUARD}()')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extract_document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            'fk_application_extract_document_id', 'document', ['extract_document_id'], ['id'],
            ondelete='SET NULL',
        )
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.drop_column('signer_trusted')
    with op.batch_alter_table('issued_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_document_doctor_id'))
    op.drop_table('issued_document')
