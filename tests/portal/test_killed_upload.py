"""An upload lands whole or not at all, even when the process is killed in the middle."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from portal import documents
from portal.models import Document, StoredFile, db

CHILD = textwrap.dedent("""
    import io, json, sys, time
    from datetime import date
    import portal
    from portal import documents, storage
    from portal.clock import now
    from portal.doc_types import BY_CODE
    from portal.models import Doctor, db
    from tests import files

    config, stage = json.loads(sys.argv[1]), sys.argv[2]
    app = portal.create_app(config)
    real_encrypt = storage.AESGCM.encrypt

    def slow_encrypt(self, nonce, data, aad):
        print("segment", flush=True)
        time.sleep(0.2)
        return real_encrypt(self, nonce, data, aad)

    def hang(*args, **kwargs):
        print("before-commit", flush=True)
        time.sleep(60)

    with app.app_context():
        doctor = Doctor(esia_oid=1000000777, last_name="Тестова", created_at=now(),
                        updated_at=now(), checks=[])
        db.session.add(doctor)
        db.session.commit()
        if stage == "encrypting":
            storage.AESGCM.encrypt = slow_encrypt
        else:
            db.session.commit = hang
        upload = documents.Upload(stream=io.BytesIO(files.pdf(padding=400_000)),
                                  filename="scan.pdf", doc_number="1",
                                  issue_date=date(2020, 1, 1))
        documents.save(doctor, BY_CODE["passport"], upload, None)
""")


def run_and_kill(config: dict, stage: str, marker: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(config), stage],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        for line in child.stdout:
            if line.strip() == marker:
                break
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("stage", "marker", "leftover"),
    [
        ("encrypting", "segment", ".part"),
        ("committing", "before-commit", ".bin"),
    ],
)
def test_a_killed_upload_leaves_no_record_and_its_file_is_swept(
    portal_app, stage, marker, leftover
):
    config = {
        k: portal_app.config[k] for k in ("DATA_DIR", "DATABASE_URL", "SECRET_KEY", "FILE_STORAGE")
    }
    files_dir = Path(config["DATA_DIR"]) / "files"
    before = set(files_dir.iterdir()) if files_dir.exists() else set()
    run_and_kill(config, stage, marker)
    new = set(files_dir.iterdir()) - before
    assert [p.suffix for p in new] == [leftover]
    with portal_app.app_context():
        assert db.session.scalar(select(Document)) is None
        assert db.session.scalar(select(StoredFile)) is None
        assert documents.sweep_orphans(older_than_seconds=0) >= 1
    assert not (set(files_dir.iterdir()) - before)
