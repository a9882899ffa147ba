"""A backup brings back both databases, the keys and the encrypted files, readable as before."""

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

import idp_mock
import portal
from common import backup
from idp_mock.models import Persona
from idp_mock.tester.seed import seed_demo
from portal import documents, storage
from portal.clock import now
from portal.doc_types import BY_CODE
from portal.models import Doctor, StoredFile
from tests import files


@pytest.fixture(params=["directory", "database"])
def deployment(request, tmp_path, scratch_database, monkeypatch):
    """Both apps on their own databases and data directory, as an operator runs them, with the
    cabinet's files in the directory or in its database."""
    data_dir = tmp_path / "var"
    urls = {
        "IDP_DATABASE_URL": scratch_database("idp"),
        "PORTAL_DATABASE_URL": scratch_database("portal"),
    }
    if urls["IDP_DATABASE_URL"].startswith("sqlite"):
        urls = {
            "IDP_DATABASE_URL": f"sqlite:///{data_dir / 'idp.sqlite3'}",
            "PORTAL_DATABASE_URL": f"sqlite:///{data_dir / 'portal.sqlite3'}",
        }
    for name, url in urls.items():
        monkeypatch.setenv(name, url)
    idp = idp_mock.create_app(
        {
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": urls["IDP_DATABASE_URL"],
            "FAST_PASSWORD_HASH": True,
        }
    )
    cabinet = portal.create_app(
        {
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": urls["PORTAL_DATABASE_URL"],
            "FILE_STORAGE": request.param,
        }
    )
    idp_mock.migrate(idp)
    portal.migrate(cabinet)
    yield data_dir, idp, cabinet
    for app in (idp, cabinet):
        with app.app_context():
            app.extensions["sqlalchemy"].engine.dispose()


def wipe(data_dir: Path, idp, cabinet) -> None:
    for app in (idp, cabinet):
        db = app.extensions["sqlalchemy"]
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    for path in sorted(data_dir.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_and_restore_bring_back_people_documents_and_keys(deployment, tmp_path):
    data_dir, idp, cabinet = deployment
    original = files.pdf(pages=2)
    with idp.app_context():
        seed_demo()
    with cabinet.app_context():
        db = cabinet.extensions["sqlalchemy"]
        doctor = Doctor(
            esia_oid=1000000101, last_name="Иванова", created_at=now(), updated_at=now(), checks=[]
        )
        db.session.add(doctor)
        db.session.commit()
        upload = documents.Upload(
            stream=io.BytesIO(original),
            filename="passport.pdf",
            doc_number="1",
            issue_date=date(2016, 5, 12),
        )
        documents.save(doctor, BY_CODE["passport"], upload, None)
    archive = tmp_path / "backup.tar.gz"
    backup.create(archive, data_dir)
    assert archive.stat().st_mode & 0o077 == 0
    wipe(data_dir, idp, cabinet)
    backup.restore(archive, data_dir)
    with idp.app_context():
        db = idp.extensions["sqlalchemy"]
        assert db.session.scalar(select(func.count(Persona.oid))) == 7
    with cabinet.app_context():
        stored = cabinet.extensions["sqlalchemy"].session.scalar(select(StoredFile))
        assert storage.open_sealed(stored.id, stored.wrapped_key, stored.nonce_prefix) == original
    assert (data_dir / "idp-keys" / "key.pem").exists()
    in_directory = (data_dir / "files" / f"{stored.id}.bin").exists()
    assert in_directory == (cabinet.config["FILE_STORAGE"] == "directory")
