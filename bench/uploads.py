"""Uploads: a 5 MB document through the cabinet's upload path, on the test client, in one run.

Wall time and peak memory (tracemalloc) of checking, encrypting and storing it, against a plain
copy of the same bytes; AES-256-GCM throughput of the storage layer against a plain SHA-256 of
the same bytes (both single-threaded, in this process).
Run alone: .venv/bin/python -m bench.uploads
"""

import hashlib
import io
import tempfile
import time
import tracemalloc
from datetime import date, datetime

import portal
from portal import documents, storage
from portal.doc_types import BY_CODE
from portal.models import Doctor, UserSession, db
from tests import files

from .table import Row

MEGABYTES = 4.9  # the largest file the cabinet accepts is 5 MB


def measure(action) -> tuple[float, int]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return elapsed, peak


def best(action, rounds: int = 5) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return min(samples)


def post_upload(app, pdf: bytes) -> float:
    """The whole request: multipart parsing, checks, encryption, storage, the page rendered."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = "bench", True
    start = time.perf_counter()
    response = client.post(
        "/cabinet/documents/passport",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(pdf), "big.pdf"), "doc_number": "1", "issue_date": "12.05.2016"},
    )
    elapsed = time.perf_counter() - start
    assert response.status_code in (200, 303), response.status_code
    return elapsed


def bench_app():
    app = portal.create_app(
        {
            "DATA_DIR": tempfile.mkdtemp(prefix="bench-upload-"),
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    portal.migrate(app)
    return app


def a_doctor_logged_in() -> Doctor:
    """A doctor with the session the test client's cookie names (call in an app context)."""
    moment = datetime.now()
    doctor = Doctor(esia_oid=1, last_name="Тест", created_at=moment, updated_at=moment, checks=[])
    db.session.add(doctor)
    db.session.flush()
    record = UserSession(
        id="bench", doctor_id=doctor.id, access="full", created_at=moment, last_seen_at=moment
    )
    db.session.add(record)
    db.session.commit()
    return doctor


def service_timings(doctor: Doctor, pdf: bytes) -> dict[str, float]:
    """Times (and the peak memory of a save) of the upload service and its parts."""

    def upload():
        upload = documents.Upload(
            stream=io.BytesIO(pdf), filename="big.pdf", doc_number="1", issue_date=date(2020, 1, 1)
        )
        documents.save(doctor, BY_CODE["passport"], upload, None)

    copy_time, _ = measure(lambda: bytearray(pdf))
    save_time, peak = measure(upload)
    stored = documents.store(memoryview(pdf))
    return {
        "copy": copy_time,
        "save": save_time,
        "peak": peak,
        "hash": best(lambda: hashlib.sha256(pdf).digest()),
        "seal": best(lambda: documents.store(memoryview(pdf))),
        "open": best(
            lambda: storage.open_sealed(stored.id, stored.wrapped_key, stored.nonce_prefix)
        ),
    }


def rows(size_mb: float, request_time: float, times: dict[str, float]) -> list[Row]:
    copy = ("copy of the bytes", times["copy"] * 1000)
    sha = ("SHA-256 of the bytes", size_mb / times["hash"])
    whole_file = ("the file itself", size_mb)
    measured = [
        (f"{size_mb:.1f} MB upload: whole POST (test client)", request_time * 1000, "ms", copy),
        (
            f"{size_mb:.1f} MB: check + encrypt + store, under tracemalloc",
            times["save"] * 1000,
            "ms",
            copy,
        ),
        ("  peak memory beyond the file", times["peak"] / 1048576, "MB", whole_file),
        ("encryption (AES-256-GCM, store)", size_mb / times["seal"], "MB/s", sha),
        ("decryption (open for download)", size_mb / times["open"], "MB/s", sha),
    ]
    return [Row("upload", name, value, unit, *baseline) for name, value, unit, baseline in measured]


def main() -> list[Row]:
    app = bench_app()
    pdf = files.pdf(padding=int(MEGABYTES * 1024 * 1024))
    with app.app_context():
        times = service_timings(a_doctor_logged_in(), pdf)
    request_time = post_upload(app, pdf)
    return rows(len(pdf) / 1048576, request_time, times)


if __name__ == "__main__":
    from .table import render

    print(render(main()))
