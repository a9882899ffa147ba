"""What a tester sets on a person's console page is what the cabinet's pre-login checks read from
the registries: the simulator live over HTTP, the cabinet its real client."""

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import arrived_at
from tests.support.pages import Page
from tests.support.persona_console import edit_persona


def failed_check(doctor, check: str, landing: str) -> str:
    """The text of the cabinet's failed check `check` after the doctor logs in and lands on
    `landing` (the checklist, or the restricted cabinet for an ended certificate)."""
    assert arrived_at(doctor.log_in(DOCTOR_PHONE)) == landing
    item = Page(doctor.web.get("/checks")).testid(f"check-{check}")
    assert "check--fail" in item["class"]
    return item.get_text()


@pytest.mark.parametrize(
    ("changes", "check", "words", "landing"),
    [
        (
            {"licence_status": "suspended"},
            "licence",
            "Лицензия организации приостановлена",
            "/checks",
        ),
        ({"certificate_valid_until": "31.01.2020"}, "certificate", "истёк 31.01.2020", "/cabinet/"),
        ({"frmr": "missing"}, "certificate", "отдел кадров", "/checks"),
        ({"sfr": "mismatch", "sfr_last_name": "Петрова"}, "snils", "не совпадают", "/checks"),
    ],
    ids=["suspended-licence", "expired-certificate", "missing-from-frmr", "sfr-mismatch"],
)
def test_a_fact_set_in_the_console_is_what_the_cabinet_checks(
    client, doctor, demo, changes, check, words, landing
):
    response = edit_persona(client, demo[DOCTOR_PHONE], **changes)
    assert response.status_code == 303, Page(response).field_errors
    assert words in failed_check(doctor, check, landing)
