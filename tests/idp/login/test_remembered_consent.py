"""Consent remembered for a returning person, as Gosuslugi does: a site with signed requests
that asks for nothing new gets its code without the consent page (ASVS 5.0 V10.7.1–10.7.2)."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, query_of, step_of
from tests.support.groups import group_code, log_in_in_group, make_group, seat_of
from tests.support.pages import Page

CALLBACK = "http://rp.example.test/esia/callback"
NAME_ONLY = "openid fullname"


def fresh_login(app, params: dict, phone: str = DOCTOR_PHONE, path: str = "/aas/oauth2/ac"):
    """A login from a browser of its own (no SSO); the answer after the SMS code and the
    browser."""
    browser = GosuslugiUser(app.test_client())
    return browser.through_code(params, phone, path), browser


def test_the_first_login_asks_and_the_next_one_goes_straight_back_with_a_code(
    app, registered, demo
):
    first, browser = fresh_login(app, registered.v1_params())
    assert step_of(first) == "/consent"
    assert "code" in query_of(browser.consent().headers["Location"])
    params = registered.v1_params()
    again, browser = fresh_login(app, params)
    assert again.status_code == 302 and again.headers["Location"].startswith(CALLBACK)
    result = query_of(again.headers["Location"])
    assert result["state"] == params["state"] and result["code"]
    token = browser.client.post("/aas/oauth2/te", data=registered.v1_token_params(result["code"]))
    assert token.status_code == 200, token.get_json()


def test_the_timeline_says_consent_was_given_before(app, client, registered, demo):
    fresh_login(app, registered.v1_params())[1].consent()
    _, browser = fresh_login(app, registered.v1_params())
    rid = query_of(browser.login_url)["rid"]
    steps = client.get(f"/_mock/api/flows/{rid}/timeline").get_json()
    assert steps[-1]["text"].startswith("Согласие дано ранее (")
    assert "страница согласия пропущена" in steps[-1]["text"]


def test_asking_for_more_data_shows_the_whole_list_again(app, registered, demo):
    fresh_login(app, registered.v1_params(scope=NAME_ONLY))[1].consent()
    again, _ = fresh_login(app, registered.v1_params(scope=NAME_ONLY + " snils"))
    assert step_of(again) == "/consent"
    items = [li.get_text() for li in Page(again).soup.select(".consent-list li")]
    assert items == ["Фамилия, имя и отчество", "СНИЛС"]


def test_what_was_allowed_adds_up_across_logins(app, registered, demo):
    fresh_login(app, registered.v1_params(scope=NAME_ONLY))[1].consent()
    fresh_login(app, registered.v1_params(scope="openid snils"))[1].consent()
    again, _ = fresh_login(app, registered.v1_params(scope=NAME_ONLY + " snils"))
    assert "code" in query_of(step_of(again))


def test_a_refusal_is_not_remembered(app, registered, demo):
    _, browser = fresh_login(app, registered.v1_params())
    assert query_of(browser.consent("deny").headers["Location"])["error"] == "access_denied"
    again, _ = fresh_login(app, registered.v1_params())
    assert step_of(again) == "/consent"


def test_another_person_is_asked_for_their_own_consent(app, registered, demo):
    fresh_login(app, registered.v1_params())[1].consent()
    other, _ = fresh_login(app, registered.v1_params(), phone="+79161234502")
    assert step_of(other) == "/consent"


def test_an_unconfirmed_account_is_still_refused_before_a_remembered_consent(
    app, client, registered, demo
):
    fresh_login(app, registered.v1_params())[1].consent()
    patched = client.patch(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}", json={"level": "standard"})
    assert patched.status_code == 200
    conf_acc = "Y29uZl9hY2M="  # base64 of conf_acc
    again, _ = fresh_login(app, registered.v1_params(person_filter=conf_acc))
    assert query_of(step_of(again))["error_description"].startswith("ESIA-007055")


def test_a_reset_of_the_stand_forgets_every_consent(app, client, registered, demo):
    fresh_login(app, registered.v1_params())[1].consent()
    assert client.post("/_mock/api/reset").status_code == 200
    again, _ = fresh_login(app, registered.v1_params())
    assert step_of(again) == "/consent"


def test_the_public_oidc_client_is_asked_every_time(app, client, demo):
    # No client authentication, so its identity cannot be assured (ASVS 5.0 V10.7.1).
    registration = {"client_id": "generic-oidc", "certificate_pem": "",
                    "redirect_uris": [CALLBACK], "signature_mode": "off"}  # fmt: skip
    assert client.post("/_mock/api/clients", json=registration).status_code == 201
    params = {"client_id": "generic-oidc", "redirect_uri": CALLBACK, "response_type": "code",
              "scope": "openid fullname", "state": "s", "nonce": "n",
              "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
              "code_challenge_method": "S256"}  # fmt: skip
    first, browser = fresh_login(app, params, path="/oidc/authorize")
    assert step_of(first) == "/consent"
    assert "code" in query_of(browser.consent().headers["Location"])
    again, _ = fresh_login(app, params, path="/oidc/authorize")
    assert step_of(again) == "/consent"


def test_a_groups_reset_forgets_the_consents_of_its_people(app, client, registered):
    group = make_group(client)
    seat = seat_of(group, 1)
    phone, password = seat["phone"], seat["password"]
    assert log_in_in_group(app, registered, group["id"], phone, password).status_code == 200
    assert "code" in query_of(step_of(group_login(app, registered, group, seat)))
    assert client.post(f"/_mock/api/groups/{group['id']}/reset").status_code == 200
    assert step_of(group_login(app, registered, group, seat)) == "/consent"


def group_login(app, rp, group: dict, seat: dict):
    """A group person's login in a browser of its own, up to the answer after the SMS code."""
    browser = GosuslugiUser(app.test_client())
    browser.start(rp.v1_params())
    assert step_of(browser.password(seat["phone"], seat["password"])) == "/login/code"
    return browser.enter_code(group_code(browser.client, group["id"], seat["phone"]))


def test_the_tester_api_lists_a_persons_consents(app, client, registered, demo):
    fresh_login(app, registered.v1_params(scope=NAME_ONLY))[1].consent()
    person = client.get(f"/_mock/api/personas/{demo[DOCTOR_PHONE]}").get_json()
    assert [(c["client_id"], c["scope"]) for c in person["consents"]] == [
        ("TESTRP", ["fullname", "openid"])
    ]
