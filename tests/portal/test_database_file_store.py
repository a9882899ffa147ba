"""Files in the database: the same sealed segments as the directory, one row each, and the same
refusals when a row is altered, dropped, reordered or moved to another file."""

import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

import portal
from portal import documents, file_stores, storage
from portal.cli import sweep_files
from portal.clock import now
from portal.doc_types import BY_CODE
from portal.models import Doctor, FileSegment, StoredFile, db
from portal.tester import reset, snapshots
from tests import files


@pytest.fixture
def cabinet_db(portal_app, portal_config, tmp_path):
    """The cabinet with its files in the database, whichever database the suite runs on, and a
    data directory of its own (sweeping it must not count what other tests left)."""
    config = {**portal_config, "DATA_DIR": str(tmp_path), "FILE_STORAGE": "database"}
    app = portal.create_app(config)
    with app.app_context():
        yield app
        db.session.remove()


def upload(data: bytes) -> StoredFile:
    doctor = db.session.scalar(select(Doctor)) or Doctor(
        esia_oid=1000000303, last_name="Петрова", created_at=now(), updated_at=now(), checks=[]
    )
    db.session.add(doctor)
    db.session.commit()
    document = documents.save(
        doctor,
        BY_CODE["passport"],
        documents.Upload(
            stream=io.BytesIO(data),
            filename="scan.pdf",
            doc_number="1",
            issue_date=date(2016, 5, 12),
        ),
        None,
    )
    return db.session.get(StoredFile, document.versions[0].file_id)


def rows(file_id: str) -> int:
    where = FileSegment.file_id == file_id
    return db.session.scalar(select(func.count()).select_from(FileSegment).where(where))


def test_an_upload_lands_in_segment_rows_and_nothing_in_the_directory(cabinet_db):
    original = files.pdf(padding=200_000)
    stored = upload(original)
    assert file_stores.kind() == "database"
    assert rows(stored.id) == -(-len(original) // storage.SEGMENT) == 4
    folder = Path(cabinet_db.config["DATA_DIR"]) / "files"
    assert not folder.exists() or not list(folder.glob(f"{stored.id}*"))
    assert storage.open_sealed(stored.id, stored.wrapped_key, stored.nonce_prefix) == original
    data = db.session.scalars(select(FileSegment.data).where(FileSegment.file_id == stored.id))
    assert all(b"%PDF" not in bytes(segment) for segment in data)


def alter_a_byte(file_id: str) -> None:
    where = (FileSegment.file_id == file_id, FileSegment.number == 1)
    data = bytearray(db.session.scalar(select(FileSegment.data).where(*where)))
    data[40] ^= 1
    db.session.execute(update(FileSegment).where(*where).values(data=bytes(data)))


def drop_the_last(file_id: str) -> None:
    last = db.session.scalar(
        select(func.max(FileSegment.number)).where(FileSegment.file_id == file_id)
    )
    db.session.execute(
        FileSegment.__table__.delete().where(
            FileSegment.file_id == file_id, FileSegment.number == last
        )
    )


def swap_two(file_id: str) -> None:
    where = FileSegment.file_id == file_id
    db.session.execute(update(FileSegment).where(where, FileSegment.number == 0).values(number=-1))
    db.session.execute(update(FileSegment).where(where, FileSegment.number == 1).values(number=0))
    db.session.execute(update(FileSegment).where(where, FileSegment.number == -1).values(number=1))


@pytest.mark.parametrize("attack", [alter_a_byte, drop_the_last, swap_two])
def test_an_altered_truncated_or_reordered_file_is_refused(cabinet_db, attack):
    stored = upload(files.pdf(padding=200_000))
    attack(stored.id)
    db.session.commit()
    with pytest.raises(storage.Tampered):
        storage.verified_segments(stored.id, stored.wrapped_key, stored.nonce_prefix)


def test_a_segment_moved_from_another_file_is_refused(cabinet_db):
    first, second = upload(files.pdf(padding=70_000)), upload(files.pdf(padding=90_000))
    db.session.execute(FileSegment.__table__.delete().where(FileSegment.file_id == first.id))
    db.session.execute(
        update(FileSegment).where(FileSegment.file_id == second.id).values(file_id=first.id)
    )
    db.session.commit()
    with pytest.raises(storage.Tampered):
        storage.open_sealed(first.id, first.wrapped_key, first.nonce_prefix)


def test_sweep_files_removes_orphan_segments_and_stray_files_and_spares_the_rest(cabinet_db):
    stored = upload(files.pdf())
    orphan = storage.seal(b"left by a process killed before its commit" * 3000)
    runner = cabinet_db.test_cli_runner()
    assert "files removed: 0" in runner.invoke(sweep_files, ["--older-than", "3600"]).output
    assert rows(orphan.file_id) == 2
    stray = Path(cabinet_db.config["DATA_DIR"]) / "files" / "left-from-before-the-move.part"
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(b"half a file")
    assert "files removed: 2" in runner.invoke(sweep_files, ["--older-than", "0"]).output
    db.session.expire_all()
    assert rows(orphan.file_id) == 0 and rows(stored.id) == 1 and not stray.exists()


def test_an_unknown_storage_kind_is_refused(portal_config):
    app = portal.create_app({**portal_config, "FILE_STORAGE": "s3"})
    with app.app_context(), pytest.raises(ValueError, match="FILE_STORAGE"):
        storage.seal(b"x")


def test_a_tester_snapshot_brings_back_files_kept_in_the_database(cabinet_db):
    original = files.pdf(padding=100_000)
    stored = upload(original)
    file_id, key, prefix = stored.id, stored.wrapped_key, stored.nonce_prefix
    snapshots.save("before-class")
    reset.start_afresh()
    assert rows(file_id) == 0
    snapshots.restore("before-class")
    assert storage.open_sealed(file_id, key, prefix) == original


def test_files_stored_before_the_move_to_the_database_still_open_and_go(portal_app, portal_config):
    original = files.pdf(padding=100_000)
    with portal_app.app_context():
        assert file_stores.kind() == "directory"
        stored = upload(original)
        file_id, key, prefix = stored.id, stored.wrapped_key, stored.nonce_prefix
    on_disk = Path(portal_config["DATA_DIR"]) / "files" / f"{file_id}.bin"
    assert on_disk.exists()
    moved = portal.create_app({**portal_config, "FILE_STORAGE": "database"})
    with moved.app_context():
        assert storage.open_sealed(file_id, key, prefix) == original
        assert rows(file_id) == 0
        storage.discard(file_id)
        db.session.remove()
    assert not on_disk.exists()
