"""Steps 1–3 of the wizard: what ESIA, ФРМР and the licence registry know is filled in with
its source named and written as people write it, and a licence number must have the register's
format."""

import pytest

from tests.support.cabinet import application, start, step
from tests.support.esia_recheck import arm_fault, clear_faults
from tests.support.pages import WizardStep

LICENCE = "Л041-01137-77/00368012"  # the demo doctor's employer in the licence registry
EMPLOYER = "ГБУЗ «Городская поликлиника № 2 ДЗМ»"


def at_step_three(web) -> int:
    application_id = start(web)
    step(web, application_id, 1, confirm="y")
    step(web, application_id, 2, phone="8 916 123-45-01", email="ivanova.ms@example.ru")
    return application_id


def step_page(web, application_id: int, number: int) -> WizardStep:
    return WizardStep(web.get(f"/cabinet/applications/{application_id}/step/{number}"))


def test_step_three_is_filled_from_the_registries_with_the_source_named(signed_in):
    page = step_page(signed_in, at_step_three(signed_in), 3)
    fields = page.form().fields
    assert fields["specialty"] == "Терапия"
    assert fields["workplace"] == EMPLOYER and fields["licence_number"] == LICENCE
    assert "ФРМР" in page.hint("specialty")
    assert page.hint("workplace").startswith("Из реестра лицензий")
    assert page.hint("licence_number").startswith("Из реестра лицензий")


def test_a_value_the_doctor_changed_no_longer_claims_a_source(signed_in, cabinet):
    application_id = at_step_three(signed_in)
    typed = {"specialty": "Терапия", "workplace": "ГКБ № 1", "licence_number": LICENCE}
    assert step(signed_in, application_id, 3, **typed).status_code == 303
    page = step_page(signed_in, application_id, 3)
    assert page.form().fields["workplace"] == "ГКБ № 1"
    assert "реестра" not in page.hint("workplace")
    assert page.hint("licence_number").startswith("Из реестра лицензий")


def test_step_two_names_gosuslugi_as_the_source_of_the_contacts(signed_in):
    application_id = start(signed_in)
    step(signed_in, application_id, 1, confirm="y")
    page = step_page(signed_in, application_id, 2)
    assert page.hint("email") == "Из Госуслуг"
    assert page.hint("phone").startswith("Из Госуслуг")


def test_the_snils_and_the_phone_are_written_as_people_write_them(signed_in):
    application_id = start(signed_in)
    assert "112-233-401 83" in step_page(signed_in, application_id, 1).text_of("identity")
    step(signed_in, application_id, 1, confirm="y")
    page = step_page(signed_in, application_id, 2)
    assert page.form().fields["phone"] == "+7 916 123-45-01"
    contacts = {**page.form().fields, "phone": "8 (916) 123-45-01"}
    del contacts["csrf_token"]
    assert step(signed_in, application_id, 2, **contacts).status_code == 303
    again = step_page(signed_in, application_id, 2)
    assert again.form().fields["phone"] == "+7 916 123-45-01"
    assert again.hint("phone").startswith("Из Госуслуг")  # the same number, typed differently


def test_with_the_registries_down_step_three_opens_empty_for_typing(signed_in, live_idp):
    application_id = at_step_three(signed_in)
    arm_fault(live_idp.url, {"kind": "http_error", "path": "/registries/*", "status": 500})
    try:
        page = step_page(signed_in, application_id, 3)
    finally:
        clear_faults(live_idp.url)
    assert page.form().fields["workplace"] == "" and page.form().fields["licence_number"] == ""
    assert "реестра" not in page.hint("licence_number")


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("Л041-01137-77/00368888", "Л041-01137-77/00368888"),
        ("ЛО-77-01-012345", "ЛО-77-01-012345"),
        ("ФС-99-01-009876", "ФС-99-01-009876"),
        (" л041-01137-77/00368888 ", "Л041-01137-77/00368888"),
        ("LO-77-01-012345", "ЛО-77-01-012345"),  # typed on an English keyboard
    ],
)
def test_a_licence_number_in_the_registers_format_is_saved_as_it_writes_it(
    signed_in, cabinet, typed, saved
):
    application_id = at_step_three(signed_in)
    values = {"specialty": "Терапия", "workplace": "ГКБ № 1", "licence_number": typed}
    assert step(signed_in, application_id, 3, **values).status_code == 303
    assert application(cabinet, application_id).data["licence_number"] == saved


@pytest.mark.parametrize(
    "typed",
    ["abc", "Л041", "12345", "Л041-01137-77/0036888", "ЛО-77-01-12345", "Л041-01137-77-00368888"],
)
def test_a_licence_number_not_in_the_registers_format_is_refused_and_kept(signed_in, typed):
    application_id = at_step_three(signed_in)
    values = {"specialty": "Терапия", "workplace": "ГКБ № 1", "licence_number": typed}
    response = step(signed_in, application_id, 3, **values)
    page = WizardStep(response)
    assert response.status_code == 422
    message = page.field_error("licence_number")
    assert "Л041-01137-77/00368012" in message and "ЛО-77-01-012345" in message
    assert page.form().fields["licence_number"] == typed
