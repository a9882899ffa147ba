"""Each login's sequence diagram in the console, alone for a projector, and as an SVG file."""

import base64
import hashlib
import secrets

from tests.support.constants import DOCTOR_PHONE
from tests.support.diagrams import SequenceDiagram
from tests.support.drivers import GosuslugiUser, bearer, query_of
from tests.support.pages import Page


def whole_login(client, registered, demo) -> tuple[str, str]:
    """A v1 login that reads the person's data and then replays its code: its id and its
    access token (revoked by the replay)."""
    browser = GosuslugiUser(client)
    code = browser.log_in(registered.v1_params())["code"]
    tokens = client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).get_json()
    oid = demo[DOCTOR_PHONE]
    assert client.get(f"/rs/prns/{oid}", headers=bearer(tokens["access_token"])).status_code == 200
    client.post("/aas/oauth2/te", data=registered.v1_token_params(code))
    return query_of(browser.login_url)["rid"], tokens["access_token"]


def test_the_login_page_draws_the_exchange_above_the_list(client, registered, demo):
    rid, _ = whole_login(client, registered, demo)
    response = client.get(f"/_mock/logins/{rid}")
    html = response.get_data(as_text=True)
    assert html.index('data-testid="sequence-diagram"') < html.index('data-testid="timeline"')
    drawn = SequenceDiagram(response)
    assert drawn.lanes == ["Браузер", "Кабинет", "Госуслуги"]
    assert drawn.steps[2].startswith("3. GET /aas/oauth2/ac: запрос входа")
    assert any(s.startswith("10. 200: токены выданы access_token") for s in drawn.steps)
    read = f"GET: данные человека /rs/prns/{demo[DOCTOR_PHONE]}"
    assert any(read in step for step in drawn.steps)
    assert len(drawn.dashed) == 3
    assert drawn.failed == [drawn.steps[-1]] and "400: обмен отклонён" in drawn.failed[0]
    assert "Шаг 14 не пройден" in drawn.accessible_name


def test_a_wrong_password_is_the_marked_step(client, registered, demo):
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE, "Wrong-Pass1")
    page = client.get(f"/_mock/logins/{query_of(browser.login_url)['rid']}/diagram")
    assert page.status_code == 200
    assert Page(page).h1.startswith("Вход в ")
    failed = SequenceDiagram(page).failed
    assert len(failed) == 1 and failed[0].startswith("4. ✕ POST: Логин и пароль")
    assert "Неверный логин или пароль" in failed[0]


def test_the_svg_file_is_the_same_diagram_and_revalidates(client, registered, demo):
    rid, access_token = whole_login(client, registered, demo)
    response = client.get(f"/_mock/logins/{rid}/diagram.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert (
        SequenceDiagram(response).steps == SequenceDiagram(client.get(f"/_mock/logins/{rid}")).steps
    )
    url, seen = f"/_mock/logins/{rid}/diagram.svg", {"If-None-Match": response.headers["ETag"]}
    again = client.get(url, headers=seen)
    assert again.status_code == 304 and again.data == b""
    assert client.get("/rs/prns/1", headers=bearer(access_token)).status_code == 401
    changed = client.get(url, headers=seen)
    assert changed.status_code == 200
    assert SequenceDiagram(changed).failed[-1].startswith("16. ✕ 401: в данных отказано")


def test_what_a_site_sent_is_text_in_the_svg_never_markup(client, registered, demo):
    hostile = '"><script>alert(1)</script><svg onload="alert(2)">'
    browser = GosuslugiUser(client)
    code = browser.log_in(registered.v1_params())["code"]
    client.post("/aas/oauth2/te", data=registered.v1_token_params(code, grant_type=hostile))
    svg = client.get(f"/_mock/logins/{query_of(browser.login_url)['rid']}/diagram.svg")
    assert '"><script>' in SequenceDiagram(svg).steps[-2]
    markup = svg.get_data(as_text=True)
    assert "<script" not in markup and "<svg onload" not in markup and markup.count("<svg") == 1


def test_an_unknown_login_has_no_diagram(client):
    assert client.get("/_mock/logins/nope/diagram").status_code == 404
    assert client.get("/_mock/logins/nope/diagram.svg").status_code == 404


def test_an_oidc_login_shows_its_token_and_userinfo_calls(client, demo):
    callback = "http://rp.example.test/cb"
    registration = {"client_id": "generic-oidc", "certificate_pem": "",
                    "redirect_uris": [callback], "signature_mode": "off"}  # fmt: skip
    assert client.post("/_mock/api/clients", json=registration).status_code == 201
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    params = {"client_id": "generic-oidc", "redirect_uri": callback, "response_type": "code",
              "scope": "openid fullname", "state": "s", "code_challenge_method": "S256",
              "code_challenge": challenge.rstrip(b"=").decode()}  # fmt: skip
    browser = GosuslugiUser(client)
    code = browser.log_in(params, path="/oidc/authorize")["code"]
    exchange = {"grant_type": "authorization_code", "code": code, "redirect_uri": callback,
                "client_id": "generic-oidc", "code_verifier": verifier}  # fmt: skip
    access_token = client.post("/oidc/token", data=exchange).get_json()["access_token"]
    assert client.get("/oidc/userinfo", headers=bearer(access_token)).status_code == 200
    drawn = SequenceDiagram(client.get(f"/_mock/logins/{query_of(browser.login_url)['rid']}"))
    assert drawn.steps[2].startswith("3. GET /oidc/authorize: запрос входа")
    assert drawn.steps[-4].startswith("9. POST /oidc/token: код → токены")
    assert drawn.steps[-2] == "11. GET: данные человека /oidc/userinfo"
    assert drawn.failed == []
