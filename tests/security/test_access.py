"""Access control: every cabinet route, every object id, as the wrong person and as nobody.

ASVS 5.0 8.2.1/8.2.2 (v4 4.1.1, 4.2.1 IDOR), 3.5.1 (v4 4.2.2 CSRF).
"""

import re

from tests.support.cabinet import snapshot
from tests.support.constants import XSS
from tests.support.drivers import token_of

PUBLIC = {"/", "/help", "/login/esia", "/login/esia/callback"}
PUBLIC_PREFIXES = ("/_mock/api/", "/static/")
ID_NAMES = {"document_id", "version_id", "application_id", "record_id", "step", "code", "issued_id"}
SAFE_FOR_A_STRANGER = {302, 303, 400, 401, 403, 404, 405}


def routes(app, method: str) -> list:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if method in rule.methods
        and rule.rule not in PUBLIC
        and not rule.rule.startswith(PUBLIC_PREFIXES)
    ]


def fill(rule, ids: dict) -> str:
    # Doctor A has nothing issued here; test_forged_extract tries a real выписка by id.
    values = {"step": 1, "code": "passport", "issued_id": 1, **ids}
    unknown = set(rule.arguments) - ID_NAMES
    assert not unknown, f"{rule.rule}: teach the attack suite what {unknown} is"
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
    return path


def a_secrets(objects) -> list[str]:
    return ["A-secret-", "Секретный вуз A", "Иванова"]


def test_every_route_of_the_cabinet_is_known_to_this_suite(cabinet, people):
    ids = people["objects"].ids()
    checked = [fill(rule, ids) for method in ("GET", "POST") for rule in routes(cabinet, method)]
    assert len(checked) >= 25


def test_another_doctor_gets_nothing_of_doctor_a_from_any_get_route(cabinet, people):
    b, objects = people["b"].web, people["objects"]
    tried = 0
    for rule in routes(cabinet, "GET"):
        if not rule.arguments & {"document_id", "version_id", "application_id", "record_id"}:
            continue
        for application_id in (objects.application_id, objects.submitted_id):
            response = b.get(fill(rule, {**objects.ids(), "application_id": application_id}))
            body = response.get_data(as_text=True)
            assert response.status_code in SAFE_FOR_A_STRANGER, rule.rule
            assert "/file/" not in response.headers.get("Location", ""), rule.rule
            for secret in a_secrets(objects):
                assert secret not in body, f"{rule.rule} leaked {secret!r} to doctor B"
            tried += 1
    assert tried >= 10


def test_another_doctor_changes_nothing_of_doctor_a_through_any_post_route(cabinet, people):
    b, ids = people["b"].web, people["objects"].ids()
    token = token_of(b, "/cabinet/notifications")
    before = snapshot(cabinet)
    tried = 0
    for rule in routes(cabinet, "POST"):
        if not rule.arguments & {"document_id", "version_id", "application_id", "record_id"}:
            continue
        for application_id in (people["objects"].application_id, ids["application_id"]):
            path = fill(rule, {**ids, "application_id": application_id})
            form = {
                "csrf_token": token,
                "confirm": "y",
                "decision": "accept",
                "kind": "primary",
                "reason": XSS,
                "comment": XSS,
            }
            response = b.post(path, data=form)
            assert response.status_code in SAFE_FOR_A_STRANGER, (rule.rule, response.status_code)
            tried += 1
    after = snapshot(cabinet)
    assert before == after
    assert tried >= 8


def test_a_stranger_is_sent_to_the_landing_page_from_every_private_route(cabinet, people):
    stranger, ids = cabinet.test_client(), people["objects"].ids()
    for rule in routes(cabinet, "GET"):
        response = stranger.get(fill(rule, ids))
        assert response.status_code in (302, 303, 401, 404), rule.rule
        if response.status_code in (302, 303):
            assert response.headers["Location"].startswith("/?") or response.headers[
                "Location"
            ] in ("/", "/login/esia"), rule.rule
        body = response.get_data(as_text=True)
        for secret in a_secrets(people["objects"]):
            assert secret not in body, rule.rule


def test_a_stranger_changes_nothing_through_any_post_route(cabinet, people):
    stranger, ids = cabinet.test_client(), people["objects"].ids()
    stranger.get("/")
    token = "forged-token"
    before = snapshot(cabinet)
    for rule in routes(cabinet, "POST"):
        response = stranger.post(fill(rule, ids), data={"csrf_token": token, "confirm": "y"})
        assert response.status_code in SAFE_FOR_A_STRANGER, rule.rule
    assert snapshot(cabinet) == before


def test_a_reviewer_cannot_use_the_doctors_own_routes(cabinet, people):
    reviewer, ids = people["reviewer"].web, people["objects"].ids()
    checked = 0
    for rule in routes(cabinet, "GET"):
        if not rule.rule.startswith(("/cabinet/applications", "/cabinet/education")):
            continue
        response = reviewer.get(fill(rule, ids))
        assert response.status_code == 403, rule.rule
        checked += 1
    token = token_of(reviewer, f"/review/applications/{ids['application_id']}")
    before = snapshot(cabinet)
    for rule in routes(cabinet, "POST"):
        if rule.rule.startswith("/cabinet/"):
            response = reviewer.post(fill(rule, ids), data={"csrf_token": token, "confirm": "y"})
            assert response.status_code == 403, rule.rule
            checked += 1
    assert snapshot(cabinet) == before
    assert checked >= 10


def test_a_doctor_gets_403_on_every_review_route(cabinet, people):
    a, ids = people["a"].web, people["objects"].ids()
    token = token_of(a, "/cabinet/notifications")
    before = snapshot(cabinet)
    review = [
        r for m in ("GET", "POST") for r in routes(cabinet, m) if r.rule.startswith("/review")
    ]
    for rule in review:
        method = "GET" if "GET" in rule.methods else "POST"
        response = a.open(
            fill(rule, ids), method=method, data={"csrf_token": token, "decision": "approve"}
        )
        assert response.status_code == 403, rule.rule
    assert snapshot(cabinet) == before
    assert len(review) >= 7


def test_no_post_route_changes_anything_without_the_form_token(cabinet, people):
    a, ids = people["a"].web, people["objects"].ids()
    reviewer = people["reviewer"].web
    before = snapshot(cabinet)
    for rule in routes(cabinet, "POST"):
        who = reviewer if rule.rule.startswith("/review") else a
        for application_id in (people["objects"].application_id, ids["application_id"]):
            path = fill(rule, {**ids, "application_id": application_id})
            form = {"confirm": "y", "decision": "accept", "kind": "primary", "reason": "x"}
            response = who.post(path, data=form)
            assert response.status_code != 500, rule.rule
    assert snapshot(cabinet) == before
    # Still logged in: logout without the token did nothing either.
    assert a.get("/cabinet/").status_code == 200
