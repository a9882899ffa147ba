"""The qualification profile says one thing per document kind, and the hours in plain words."""

from tests.support.cabinet import add_record
from tests.support.pages import Page


def import_from_frmr(web) -> None:
    token = Page(web.get("/cabinet/education/")).csrf_token
    assert web.post("/cabinet/education/import", data={"csrf_token": token}).status_code == 303


def test_a_mistyped_diploma_beside_the_verified_one_is_not_called_confirmed(signed_in):
    import_from_frmr(signed_in)
    assert "✓ Диплом подтверждён ФРМР" in Page(signed_in.get("/cabinet/education/")).text
    add_record(signed_in, number="ВСА 9999999")
    page = Page(signed_in.get("/cabinet/education/"))
    assert page.text_of("diploma-state") == "✗ Диплом не подтверждён ФРМР"
    assert page.texts_of("mismatch") == [
        "✗ Диплом: номер не совпадает с ФРМР. Исправьте или удалите эту запись."
    ]


def test_hours_say_what_is_required_not_a_fraction(signed_in):
    import_from_frmr(signed_in)
    page = Page(signed_in.get("/cabinet/education/")).text
    assert "Из них повышение квалификации: 108 ч — требуется не меньше 74 ч" in page
    assert " из 74" not in page and " из 144" not in page
