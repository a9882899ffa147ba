"""Peak memory and time of accepting one upload, beyond the file itself, in the same run.

Run: .venv/bin/python bench/upload_memory.py [megabytes]
The file is built first (that is "the file itself", as the server receives it into memory);
tracemalloc then measures what checking, encrypting and storing it allocates on top, and the
time is reported as a ratio to a plain copy of the same bytes measured in the same run.
"""

import io
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import portal  # noqa: E402
from bench.uploads import measure  # noqa: E402
from portal import documents, storage  # noqa: E402
from portal.clock import now  # noqa: E402
from portal.doc_types import BY_CODE  # noqa: E402
from portal.models import Doctor, db  # noqa: E402
from tests import files  # noqa: E402


def main(megabytes: float = 4.9) -> None:
    data_dir = tempfile.mkdtemp()
    app = portal.create_app({"DATA_DIR": data_dir, "SECRET_KEY": "bench"})
    portal.migrate(app)
    pdf = files.pdf(padding=int(megabytes * 1024 * 1024))
    with app.app_context():
        doctor = Doctor(esia_oid=1, last_name="Тест", created_at=now(), updated_at=now(), checks=[])
        db.session.add(doctor)
        db.session.commit()
        upload = documents.Upload(
            stream=io.BytesIO(pdf), filename="big.pdf", doc_number="1", issue_date=date(2020, 1, 1)
        )
        copy_time, _ = measure(lambda: bytearray(pdf))
        save_time, peak = measure(lambda: documents.save(doctor, BY_CODE["passport"], upload, None))
        stored = db.session.scalar(db.select(documents.StoredFile))
        read_time, read_peak = measure(
            lambda: storage.open_sealed(stored.id, stored.wrapped_key, stored.nonce_prefix)
        )
    size = len(pdf)
    print(f"file: {size / 1048576:.2f} MB")
    print(f"baseline copy of the bytes: {copy_time * 1000:.1f} ms (= 1.0)")
    print(
        f"check + encrypt + store: {save_time * 1000:.1f} ms ({save_time / copy_time:.0f}x), "
        f"{size / save_time / 1048576:.0f} MB/s"
    )
    print(f"  peak memory beyond the file: {peak / 1048576:.2f} MB ({peak / size:.2f} of the file)")
    print(
        f"decrypt for download: {read_time * 1000:.1f} ms ({read_time / copy_time:.0f}x), "
        f"peak {read_peak / 1048576:.2f} MB ({read_peak / size:.2f} of the file: the plaintext)"
    )


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.9)
