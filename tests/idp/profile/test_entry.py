"""The profile opens only for a signed-in person, who logs in through the simulator's own
pages (no consent to give) and comes back to the page asked for."""

from idp_mock.models import AuthRequest, db
from tests.support.constants import DOCTOR_NAME, DOCTOR_PHONE
from tests.support.profile import ProfileUser, path_of


def test_a_stranger_is_sent_to_log_in_and_comes_back_to_the_page(client, demo):
    person = ProfileUser(client)
    back = person.log_in(DOCTOR_PHONE, path="/profile/security")
    assert path_of(back) == "/profile/security"
    assert person.page("/profile").text_of("profile-name") == DOCTOR_NAME


def test_the_way_back_never_leaves_the_profile(client, demo):
    start = client.get("/profile/login?next=//evil.example/profile")
    login = client.get(start.headers["Location"])
    assert login.status_code == 200
    with client.application.app_context():
        (request,) = db.session.scalars(db.select(AuthRequest)).all()
        assert request.redirect_uri == "http://localhost/profile"


def test_the_person_logs_out_of_the_profile_after_confirming(client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    logout = person.page("/profile").testid("nav-logout")["href"]
    assert person.post(logout).status_code == 303
    assert client.get("/profile").status_code == 303
