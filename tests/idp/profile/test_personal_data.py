"""Personal data (seed 1.1.2): the SNILS checksum at once, then СФР and МВД checks that take
a moment and can fail as the person's script says; passed, a simplified account is standard."""

import pytest

from idp_mock.models import Persona, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.profile import ProfileUser

EDIT = "/profile/personal/edit"
GOOD = {
    "last_name": "Иванова",
    "first_name": "Мария",
    "middle_name": "Сергеевна",
    "gender": "F",
    "birth_date": "1986-03-14",
    "birth_place": "г. Москва",
    "snils": "112-233-445 95",
    "passport_series": "45 10",
    "passport_number": "123456",
    "passport_issued": "2010-04-01",
    "passport_issuer": "ОУФМС России по г. Москве",
}


@pytest.fixture
def person(client, demo) -> ProfileUser:
    with client.application.app_context():
        persona = db.session.get(Persona, demo[DOCTOR_PHONE])
        persona.level, persona.snils, persona.documents = "simplified", None, []
        db.session.commit()
    user = ProfileUser(client)
    user.log_in(DOCTOR_PHONE)
    return user


def script(client, oid: int, **outcomes) -> None:
    assert client.patch(f"/_mock/api/personas/{oid}", json={"script": outcomes}).status_code == 200


def test_a_wrong_snils_checksum_is_refused_at_once_and_nothing_typed_is_lost(person):
    response = person.post(EDIT, **{**GOOD, "snils": "112-233-445 96"})
    assert response.status_code == 422
    page = Page(response)
    assert "контрольного числа" in page.field_error("snils")
    assert page.form().fields["passport_number"] == "123456"


def test_the_checks_take_a_moment_then_the_account_is_standard(person, client, demo):
    assert person.post(EDIT, **GOOD).status_code == 303
    pending = person.page("/profile/personal")
    assert pending.testid("check-pending") is not None
    assert person.page("/profile").text_of("profile-level") == "упрощённая"
    client.post("/_mock/api/clock", json={"advance_seconds": 6})
    done = person.page("/profile/personal")
    assert done.testid("check-ok") is not None
    assert done.text_of("personal-snils") == "112-233-445 95"
    assert person.page("/profile").text_of("profile-level") == "стандартная"
    reply = client.get(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}").get_json()
    assert reply["snils"] == "11223344595" and reply["level"] == "standard"


@pytest.mark.parametrize(
    ("outcome", "says"), [({"sfr_check": "fail"}, "СФР"), ({"passport_check": "fail"}, "МВД")]
)
def test_a_scripted_failure_keeps_the_old_data_and_says_why(person, client, demo, outcome, says):
    script(client, demo[DOCTOR_PHONE], **outcome)
    person.post(EDIT, **GOOD)
    client.post("/_mock/api/clock", json={"advance_seconds": 6})
    page = person.page("/profile/personal")
    assert says in page.text_of("check-failed")
    assert page.text_of("personal-snils") == "не указан"
    assert person.page("/profile").text_of("profile-level") == "упрощённая"


def test_a_snils_of_another_account_is_refused(person, client, demo):
    other = client.get("/_mock/api/personas").get_json()[1]["snils"]
    response = person.post(EDIT, **{**GOOD, "snils": other})
    assert response.status_code == 422
