"""Decompression bombs: small files that inflate to hundreds of megabytes when checked.

Each is refused with a field message within seconds, the server's memory stays put and nothing is
stored; ordinary files still upload (ASVS 5.0 5.2.1, 5.2.3, 5.2.6; v4 12.1.2).
"""

import functools
import io
import resource
import time

import pytest
from sqlalchemy import select

from portal import uploads
from portal.models import DocumentVersion, db
from tests import files
from tests.support.cabinet import upload
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

MEGABYTE = 1024 * 1024
SECONDS = 5
GROWTH = 100 * MEGABYTE
TOO_COMPLEX = "Файл слишком сложно устроен: сохраните его заново как PDF и загрузите ещё раз"


@functools.cache
def pdf_bomb() -> bytes:
    return files.pdf_bomb()


BOMBS = {
    "a PDF whose page tree sits in object streams padded with 70 MB of zeros each": (
        pdf_bomb,
        "bomb.pdf",
        TOO_COMPLEX,
    ),
    "a PDF with one stream inflating past 75 MB": (
        files.pdf_with_one_huge_stream,
        "huge.pdf",
        TOO_COMPLEX,
    ),
    "a PDF nested 100 000 levels deep": (files.deeply_nested_pdf, "deep.pdf", None),
    "a PNG with 500 MB of compressed text": (files.png_bomb, "bomb.png", None),
}


@pytest.fixture
def signed_in(doctor):
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web


def max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@pytest.mark.parametrize("name", list(BOMBS))
def test_a_bomb_is_refused_within_seconds_and_the_server_does_not_grow(signed_in, cabinet, name):
    build, filename, message = BOMBS[name]
    content = build()
    before, started = max_rss(), time.perf_counter()
    response = upload(signed_in, "passport", content, filename)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422, name
    error = Page(response).field_error("file")
    assert error == message if message else error, name
    assert elapsed < SECONDS, f"{name}: refused after {elapsed:.1f} s"
    assert max_rss() - before < GROWTH, f"{name}: the server grew by {max_rss() - before} bytes"
    with cabinet.app_context():
        assert db.session.scalar(select(DocumentVersion.id)) is None


def accept_within(budget: "uploads.Budget") -> float:
    started = time.perf_counter()
    with pytest.raises(uploads.Refused, match="слишком сложно устроен"):
        uploads.accept(io.BytesIO(pdf_bomb()), "bomb.pdf", 5 * MEGABYTE, budget)
    return time.perf_counter() - started


def test_a_check_that_overruns_its_time_is_stopped_even_when_each_stream_is_allowed():
    allowed = uploads.Budget(seconds=1, memory=4096 * MEGABYTE, inflated=100 * MEGABYTE)
    assert accept_within(allowed) < 1 + 2


def test_a_check_that_overruns_its_memory_is_stopped_even_when_each_stream_is_allowed():
    allowed = uploads.Budget(seconds=60, memory=64 * MEGABYTE, inflated=100 * MEGABYTE)
    assert accept_within(allowed) < SECONDS


ORDINARY = {
    "a PDF": (lambda: files.pdf(pages=3), "scan.pdf"),
    "a JPG": (lambda: files.image("JPEG", (2480, 3508)), "scan.jpg"),
    "a PNG": (lambda: files.image("PNG", (1240, 1754)), "scan.png"),
}


@pytest.mark.parametrize("name", list(ORDINARY))
def test_an_ordinary_file_still_uploads(signed_in, cabinet, name):
    build, filename = ORDINARY[name]
    response = upload(signed_in, "passport", build(), filename)
    assert response.status_code == 303, Page(response).field_errors()
