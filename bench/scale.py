"""Scale: 10,000 doctors, 100,000 applications, 300,000 documents (metadata only, bulk inserts)
in SQLite and PostgreSQL; p95 server time and SQL queries per request of the pages that grow.

The baseline of each page is the same page, for the same people, measured in the same run on a
database holding only those people (50 doctors) before the other 9,950 are loaded: the ratio is
what the table sizes cost. Run alone: .venv/bin/python -m bench.scale [sqlite|postgresql]
"""

import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, event, insert, text

import portal
from portal.models import (
    Application,
    Doctor,
    Document,
    DocumentVersion,
    StoredFile,
    UserSession,
    db,
)

from .table import Row

DOCTORS, APPS_EACH, DOCS_EACH, MEASURED = 10_000, 10, 30, 50
REVIEWER_ID = DOCTORS + 1
ROUNDS = 40
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
STATUS_MIX = {
    "draft": 10,
    "submitted": 8,
    "registered": 12,
    "in_review": 10,
    "needs_fix": 5,
    "rejected": 10,
    "approved": 40,
    "cancelled": 5,
}
KINDS = ["primary", "primary_specialized", "periodic", "data_change"]
DOC_TYPES = ["passport", "snils", "diploma", "residency", "certificate", "qualification"]
DOC_STATUS = {"uploaded": 40, "in_review": 5, "accepted": 50, "needs_clarification": 5}
EPOCH = datetime(2024, 12, 1)


def pick(rng: random.Random, mix: dict) -> str:
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def people(ids) -> list[dict]:
    return [
        {
            "id": i,
            "esia_oid": 1_000_000_000 + i,
            "last_name": f"Врач{i}",
            "first_name": "Анна",
            "middle_name": "",
            "snils": f"{i:011d}",
            "trusted": True,
            "role": "reviewer" if i == REVIEWER_ID else "doctor",
            "checks": [],
            "created_at": EPOCH,
            "updated_at": EPOCH,
        }
        for i in ids
    ]


def cases(rng: random.Random, ids) -> list[dict]:
    rows = []
    for doctor in ids:
        for n in range(APPS_EACH):
            app_id = (doctor - 1) * APPS_EACH + n + 1
            status = pick(rng, STATUS_MIX)
            created = EPOCH + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            rows.append(
                {
                    "id": app_id,
                    "number": None if status == "draft" else f"З-{app_id:08d}",
                    "doctor_id": doctor,
                    "kind": rng.choice(KINDS),
                    "status": status,
                    "step": 5,
                    "data": {},
                    "document_ids": [],
                    "submission_key": "",
                    "decision_reason": "",
                    "registry_number": "",
                    "created_at": created,
                    "submitted_at": None if status == "draft" else created + timedelta(hours=1),
                    "status_changed_at": created,
                    "updated_at": created,
                }
            )
    return rows


def paper(rng: random.Random, doctor: int, doc_id: int) -> tuple[dict, dict, dict]:
    """One document of `doctor`: its stored file, the document and its first version."""
    file_id = f"{doc_id:032x}"
    moment = EPOCH + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
    stored = {
        "id": file_id,
        "wrapped_key": b"k" * 40,
        "nonce_prefix": b"n" * 7,
        "size": 300_000,
        "created_at": moment,
    }
    status = pick(rng, DOC_STATUS)
    document = {
        "id": doc_id,
        "doctor_id": doctor,
        "doc_type": rng.choice(DOC_TYPES),
        "status": status,
        "reason": "Нечитаемо" if status == "needs_clarification" else "",
        "created_at": moment,
        "updated_at": moment,
    }
    version = {
        "id": doc_id,
        "document_id": doc_id,
        "number": 1,
        "file_id": file_id,
        "filename": "scan.pdf",
        "content_type": "application/pdf",
        "size": 300_000,
        "doc_number": "123",
        "signer": "",
        "uploaded_at": moment,
    }
    return stored, document, version


def papers(rng: random.Random, ids) -> tuple[list[dict], list[dict], list[dict]]:
    files, documents, versions = [], [], []
    for doctor in ids:
        for n in range(DOCS_EACH):
            stored, document, version = paper(rng, doctor, (doctor - 1) * DOCS_EACH + n + 1)
            files.append(stored)
            documents.append(document)
            versions.append(version)
    return files, documents, versions


def load(ids, seed: int) -> None:
    """Bulk-insert the doctors `ids` with their applications and documents."""
    rng = random.Random(seed)
    files, documents, versions = papers(rng, ids)
    tables = [
        (Doctor, people(ids)),
        (Application, cases(rng, ids)),
        (StoredFile, files),
        (Document, documents),
        (DocumentVersion, versions),
    ]
    for model, rows in tables:
        for start in range(0, len(rows), 20_000):
            db.session.execute(insert(model), rows[start : start + 20_000])
    db.session.commit()


def analyze() -> None:
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        sequences = {
            "application": Application,
            "document": Document,
            "doctor": Doctor,
            "document_version": DocumentVersion,
        }
        for table in sequences:
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
        db.session.commit()


def sessions(ids) -> dict[int, str]:
    moment = datetime.now()
    keys = {i: uuid.uuid4().hex for i in ids}
    db.session.execute(
        insert(UserSession),
        [
            {
                "id": key,
                "doctor_id": i,
                "access": "full",
                "created_at": moment,
                "last_seen_at": moment,
                "ended_at": None,
                "user_agent": "",
            }
            for i, key in keys.items()
        ],
    )
    db.session.commit()
    return keys


PAGES = {
    "Мои заявки": "/cabinet/applications/",
    "Мои заявки, filtered": "/cabinet/applications/?status=approved&kind=periodic"
    "&date_from=2025-01-01&date_to=2026-12-31",
    "Мои заявки, page 2": "/cabinet/applications/?page=2",
    "dashboard": "/cabinet/",
    "status poll": "/cabinet/applications/{app}/status",
    "review console": "/review/",
    "review queue": "/review/applications",
    "review queue, filtered": "/review/applications?status=registered&kind=primary&age=30",
    "review queue, page 200": "/review/applications?page=200",
    "documents to check": "/review/documents",
}


class QueryCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self.seen)

    def seen(self, *args) -> None:
        self.count += 1


def measure(app, keys: dict[int, str], counter: QueryCounter) -> dict[str, tuple[float, int]]:
    """p95 ms and the most SQL queries of one request, for each page."""
    results = {}
    doctors = [i for i in keys if i != REVIEWER_ID]
    for name, path in PAGES.items():
        samples, queries = [], []
        for n in range(-3, ROUNDS):  # three warm-up requests first: templates compile once
            who = REVIEWER_ID if path.startswith("/review") else doctors[n % len(doctors)]
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = keys[who], True
            url = path.format(app=(who - 1) * APPS_EACH + 1)
            counter.count = 0
            start = time.perf_counter()
            response = client.get(url)
            if n >= 0:
                samples.append(time.perf_counter() - start)
                queries.append(counter.count)
            if n >= 4 and sum(samples) > 15:  # a page this slow needs no 40 samples to show it
                break
            assert response.status_code in (200, 286, 303), (url, response.status_code)
        p95 = statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]
        results[name] = (p95 * 1000, max(queries))
    return results


def scratch(kind: str) -> tuple[str, callable]:
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
        return f"sqlite:///{folder / 'portal.sqlite3'}", lambda: None
    name = f"bench_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{PG_SERVER}/{name}", drop


def timings(url: str) -> tuple[dict, dict, float]:
    """The pages' p95 for the measured people alone, then among every doctor, and the load time."""
    app = portal.create_app(
        {
            "DATABASE_URL": url,
            "DATA_DIR": tempfile.mkdtemp(),
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
        }
    )
    portal.migrate(app)
    with app.app_context():
        counter = QueryCounter(db.engine)
    measured = [*range(1, MEASURED + 1), REVIEWER_ID]
    # Requests are made outside this app context: inside it they would share its `g`.
    with app.app_context():
        load(measured, seed=1)
        analyze()
        keys = sessions(measured)
    small = measure(app, keys, counter)
    started = time.perf_counter()
    with app.app_context():
        load(range(MEASURED + 1, DOCTORS + 1), seed=2)
        analyze()
    loading = time.perf_counter() - started
    large = measure(app, keys, counter)
    with app.app_context():
        db.engine.dispose()
    return small, large, loading


def run(kind: str) -> list[Row]:
    url, drop = scratch(kind)
    try:
        small, large, loading = timings(url)
    finally:
        drop()
    print(
        f"  {kind}: loaded 10,000 doctors, 100,000 applications, 300,000 documents "
        f"in {loading:.0f} s",
        file=sys.stderr,
    )
    rows = []
    for name in PAGES:
        (p95, queries), (base, base_queries) = large[name], small[name]
        rows.append(
            Row(
                f"scale {kind}",
                f"{name}: p95 ({queries} SQL)",
                p95,
                "ms",
                f"50 doctors ({base_queries} SQL)",
                base,
                "≤ 100 ms",
                p95 <= 100,
            )
        )
    return rows


def main(kinds=("sqlite", "postgresql")) -> list[Row]:
    rows = []
    for kind in kinds:
        rows += run(kind)
    return rows


if __name__ == "__main__":
    import signal

    from .table import render

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # drop the scratch database on the way

    print(render(main(sys.argv[1:] or ("sqlite", "postgresql"))))
