"""Upgrading a cabinet whose выписки were stored as certificate documents: each becomes the
application's issued document, made from the version the cabinet issued, not from a later upload."""

from datetime import date, datetime

import pytest
from alembic import command
from sqlalchemy import text

import portal
from common.migrate import alembic_config

BEFORE = "70942e3a3fd9"  # the last schema with the выписка as a document
MOMENT = datetime(2026, 11, 20, 10, 0)
FILES = ("issued1", "issuedsig1", "forged", "forgedsig", "issued2", "issuedsig2")
VERSION = (
    "INSERT INTO document_version (id, document_id, number, file_id, filename, content_type,"
    " size, doc_number, issue_date, valid_until, signature_file_id, signer, uploaded_at) VALUES"
    " (:id, :document_id, :number, :file_id, :filename, 'application/pdf', 10, :doc_number,"
    " :issue_date, :valid_until, :signature_file_id, 'ДЕМО ФАЦ', :at)"
)
APPLICATION = (
    "INSERT INTO application (id, doctor_id, kind, status, step, data, document_ids,"
    " submission_key, decision_reason, registry_number, extract_document_id, created_at,"
    " status_changed_at, updated_at) VALUES (:id, 1, 'primary', 'approved', 6, '{}', '[]', '',"
    " '', :registry_number, :document_id, :at, :at, :at)"
)


def version(id, document_id, number, file_id, registry_number="X") -> dict:
    return {
        "id": id,
        "document_id": document_id,
        "number": number,
        "file_id": file_id,
        "filename": f"Выписка {registry_number}.pdf",
        "doc_number": registry_number,
        "issue_date": date(2026, 11, 20),
        "valid_until": date(2031, 11, 20),
        "signature_file_id": file_id.replace("issued", "issuedsig").replace("forged", "forgedsig"),
        "at": MOMENT,
    }


ROWS = (
    (
        "INSERT INTO doctor (id, esia_oid, created_at, updated_at)"
        " VALUES (1, 1000000101, :at, :at)",
        [{"at": MOMENT}],
    ),
    (
        "INSERT INTO stored_file (id, wrapped_key, nonce_prefix, size, created_at)"
        " VALUES (:id, :key, :key, 10, :at)",
        [{"id": name, "key": b"\x00", "at": MOMENT} for name in FILES],
    ),
    (
        "INSERT INTO document (id, doctor_id, doc_type, status, reason, created_at, updated_at)"
        " VALUES (:id, 1, 'certificate', :status, '', :at, :at)",
        [
            {"id": 10, "status": "uploaded", "at": MOMENT},
            {"id": 11, "status": "accepted", "at": MOMENT},
        ],
    ),
    (
        VERSION,
        [
            version(100, 10, 1, "issued1", "ДЕМО-2026-000001"),
            version(101, 10, 2, "forged"),
            version(110, 11, 1, "issued2", "ДЕМО-2026-000002"),
        ],
    ),
    (
        "INSERT INTO activity_event (id, doctor_id, actor_id, action, document_id, detail,"
        " created_at) VALUES (1, 1, 1, 'download', 11, '', :at)",
        [{"at": MOMENT}],
    ),
    (
        APPLICATION,
        [
            {"id": 1, "registry_number": "ДЕМО-2026-000001", "document_id": 10, "at": MOMENT},
            {"id": 2, "registry_number": "ДЕМО-2026-000002", "document_id": 11, "at": MOMENT},
        ],
    ),
)


@pytest.fixture
def upgraded(scratch_database, portal_config, tmp_path):
    """A cabinet database at the old schema with two issued выписки, one with a forged upload
    on top, upgraded to the newest schema; yields a connection to it."""
    url = scratch_database("issued")
    app = portal.create_app({**portal_config, "DATABASE_URL": url, "DATA_DIR": str(tmp_path)})
    db = app.extensions["sqlalchemy"]
    with app.app_context(), db.engine.begin() as connection:
        alembic = alembic_config(portal.ROOT / "migrations", db.metadata)
        alembic.attributes["connection"] = connection
        command.upgrade(alembic, BEFORE)
        for statement, values in ROWS:
            connection.execute(text(statement), values)
    portal.migrate(app)
    with app.app_context(), db.engine.connect() as connection:
        yield connection
    with app.app_context():
        db.engine.dispose()


def rows(connection, query: str) -> list[tuple]:
    return [tuple(row) for row in connection.execute(text(query))]


def test_each_issued_extract_becomes_the_issued_document_of_its_application(upgraded):
    issued = rows(
        upgraded,
        "SELECT application_id, file_id, signature_file_id, registry_number, kind"
        " FROM issued_document ORDER BY application_id",
    )
    assert issued == [
        (1, "issued1", "issuedsig1", "ДЕМО-2026-000001", "extract"),
        (2, "issued2", "issuedsig2", "ДЕМО-2026-000002", "extract"),
    ]


def test_what_the_doctor_uploaded_on_top_stays_an_upload_and_nothing_else_is_left(upgraded):
    assert rows(upgraded, "SELECT id, status FROM document") == [(10, "uploaded")]
    assert rows(upgraded, "SELECT document_id, number, file_id FROM document_version") == [
        (10, 2, "forged")
    ]
    assert rows(upgraded, "SELECT signer_trusted FROM document_version") in ([(0,)], [(False,)])
    assert rows(upgraded, "SELECT document_id FROM activity_event") == [(None,)]


def test_an_upgraded_issued_document_cannot_be_changed_in_the_database(upgraded):
    with pytest.raises(Exception, match="immutable"):
        upgraded.execute(text("UPDATE issued_document SET file_id = 'forged'"))
