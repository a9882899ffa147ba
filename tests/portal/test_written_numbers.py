"""The doctor's phone from ESIA pre-filled as people write it, and file sizes with a decimal
comma and a non-breaking space."""

from tests import files
from tests.support.cabinet import start, step, upload
from tests.support.pages import Page

NBSP = "\u00a0"


def test_the_phone_from_esia_is_pre_filled_as_people_write_it(signed_in, cabinet):
    application_id = start(signed_in)
    step(signed_in, application_id, 1, confirm="y")
    page = Page(signed_in.get(f"/cabinet/applications/{application_id}/step/2"))
    assert page.testid("phone-input")["value"] == "+7 916 123-45-01"


def test_a_file_size_has_a_decimal_comma(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf(pages=3), "Паспорт.pdf")
    page = Page(signed_in.get("/cabinet/documents/passport"))
    size = page.html.split("Паспорт.pdf (")[1].split(")")[0]
    assert size.endswith(f"{NBSP}КБ") and "." not in size and "," in size
