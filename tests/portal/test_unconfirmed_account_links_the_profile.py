"""The cabinet's «Нужна подтверждённая учётная запись» page sends the doctor to the
simulator's profile, where the account is confirmed."""

import requests

from tests.support.drivers import arrived_at
from tests.support.pages import Page

STANDARD_PHONE = "+79161234504"


def test_the_unconfirmed_account_page_links_the_profiles_level_page(doctor, live_idp):
    assert arrived_at(doctor.log_in(STANDARD_PHONE)) == "/checks"
    link = Page(doctor.web.get("/checks")).testid("idp-profile-link")
    assert link["href"] == f"{live_idp.url}/profile/level"
    with requests.Session() as http:
        http.trust_env = False
        opened = http.get(link["href"], allow_redirects=False, timeout=10)
    assert opened.status_code == 303
    assert opened.headers["Location"].startswith("/profile/login?next=/profile/level")
