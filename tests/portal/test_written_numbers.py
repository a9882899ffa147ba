"""The doctor's phone and SNILS as people write them, wherever the cabinet shows or pre-fills
them, and file sizes with a decimal comma."""

from tests import files
from tests.support.cabinet import filled, start, step, upload
from tests.support.pages import Page

NBSP = "\u00a0"


def test_the_phone_from_esia_is_pre_filled_as_people_write_it(signed_in, cabinet):
    application_id = start(signed_in)
    step(signed_in, application_id, 1, confirm="y")
    page = Page(signed_in.get(f"/cabinet/applications/{application_id}/step/2"))
    assert page.testid("phone-input")["value"] == "+7 916 123-45-01"


def test_the_snils_and_the_saved_phone_are_shown_in_groups(signed_in, cabinet):
    application_id = filled(signed_in, cabinet)
    first = Page(signed_in.get(f"/cabinet/applications/{application_id}/step/1"))
    assert "112-233-401 83" in first.text_of("identity")
    summary = Page(signed_in.get(f"/cabinet/applications/{application_id}/step/5"))
    assert "+7 916 123-45-01" in summary.text_of("summary")


def test_a_file_size_has_a_decimal_comma(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf(pages=3), "Паспорт.pdf")
    page = Page(signed_in.get("/cabinet/documents/passport"))
    size = page.html.split("Паспорт.pdf (")[1].split(")")[0]
    assert size.endswith(f"{NBSP}КБ") and "." not in size and "," in size
