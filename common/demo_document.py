"""The trainers' signed demo document: a one-page PDF and its detached GOST R 34.10-2012
signature by the demo doctor's certificate from the stand's GOST demo root, made on first use
into the data directory (never committed). Uploaded to the cabinet's «Мои документы», it shows a
verified signature from a trusted centre; changed by one byte, a refused one."""

import fcntl
from datetime import UTC, datetime, timedelta
from pathlib import Path

from . import gost_ca, gost_cms
from .datadir import ensure_dir, write_private

FOLDER = "demo-document"
DOCUMENT, SIGNATURE = "demo-document.pdf", "demo-document.pdf.sig"
SIGNER = "Иванова Мария Сергеевна"
TEXT = "Demo document of the training stand. Signed with GOST R 34.10-2012 (256)."


def pdf(text: str = TEXT) -> bytes:
    """A valid one-page PDF showing `text` (ASCII) in Helvetica."""
    stream = f"BT /F1 12 Tf 50 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(body)


def make(data_dir: Path) -> tuple[bytes, bytes]:
    """(document, its detached CMS signature, DER)."""
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    key, der = gost_ca.issue(data_dir, SIGNER, starts, 3 * 365)
    document = pdf()
    return document, gost_cms.sign(key, der, document)


def files(data_dir: Path) -> tuple[Path, Path]:
    """The document and its signature in the data directory, made there on first use."""
    folder = ensure_dir(Path(data_dir) / FOLDER)
    document, signature = folder / DOCUMENT, folder / SIGNATURE
    if not signature.exists():
        with open(folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not signature.exists():
                made = make(data_dir)
                write_private(document, made[0])
                write_private(signature, made[1])
    return document, signature
