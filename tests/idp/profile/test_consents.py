"""«Разрешения для сайтов»: the person sees which sites have their data and revokes a consent,
after which the site asks again (ASVS 5.0 V10.7.3)."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, query_of, step_of
from tests.support.pages import Page
from tests.support.profile import CONSENTS, ProfileUser

OTHER_PHONE = "+79161234502"


def site_login(app, rp, phone: str = DOCTOR_PHONE):
    """A login to the test site from a browser of its own; the answer after the SMS code."""
    return GosuslugiUser(app.test_client()).through_code(rp.v1_params(), phone)


def allow_once(app, rp, phone: str = DOCTOR_PHONE) -> None:
    browser = GosuslugiUser(app.test_client())
    assert step_of(browser.through_code(rp.v1_params(), phone)) == "/consent"
    assert "code" in query_of(browser.consent().headers["Location"])


def profile_of(app, phone: str) -> ProfileUser:
    person = ProfileUser(app.test_client())
    person.log_in(phone)
    return person


def test_the_profile_lists_the_site_with_its_data_and_when(app, registered, demo):
    person = profile_of(app, DOCTOR_PHONE)
    assert person.consents() == {}
    assert Page(person.client.get(CONSENTS)).testid("no-consents") is not None
    allow_once(app, registered)
    listed = person.consents()
    assert list(listed) == ["TESTRP"]
    assert "Фамилия, имя и отчество" in listed["TESTRP"] and "СНИЛС" in listed["TESTRP"]
    assert "Разрешено " in listed["TESTRP"] and "openid" not in listed["TESTRP"]


def test_revoking_a_consent_makes_the_next_login_ask_again(app, registered, demo):
    allow_once(app, registered)
    assert "code" in query_of(step_of(site_login(app, registered)))
    person = profile_of(app, DOCTOR_PHONE)
    revoked = person.revoke("TESTRP")
    assert revoked.status_code == 303 and revoked.headers["Location"].endswith(CONSENTS)
    assert person.page(CONSENTS).flashes[0].startswith("Разрешение отозвано")
    assert person.consents() == {}
    assert step_of(site_login(app, registered)) == "/consent"


def test_another_person_cannot_revoke_someone_elses_consent(app, registered, demo):
    allow_once(app, registered)
    other = profile_of(app, OTHER_PHONE)
    assert other.consents() == {}
    assert other.revoke("TESTRP", page="/profile/security/everywhere").status_code == 404
    assert "code" in query_of(step_of(site_login(app, registered)))  # still remembered


def test_revoking_needs_the_forms_token(app, registered, demo):
    allow_once(app, registered)
    person = profile_of(app, DOCTOR_PHONE)
    person.client.post(f"{CONSENTS}/TESTRP/revoke")  # no CSRF token
    assert list(person.consents()) == ["TESTRP"]


def test_deleting_a_person_forgets_their_consents(app, client, registered, demo):
    allow_once(app, registered, OTHER_PHONE)
    assert client.delete(f"/_mock/api/personas/{demo[OTHER_PHONE]}").status_code == 204
    recreated = client.post(
        "/_mock/api/personas",
        json={"oid": demo[OTHER_PHONE], "phone": OTHER_PHONE, "last_name": "Новая",
              "first_name": "Анна", "birth_date": "1990-01-01", "gender": "F",
              "password": "Demo2026!"},
    )  # fmt: skip
    assert recreated.status_code == 201, recreated.get_json()
    assert step_of(site_login(app, registered, OTHER_PHONE)) == "/consent"
