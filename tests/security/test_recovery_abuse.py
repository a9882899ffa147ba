"""Password recovery under attack: a flood of starts, many recoveries to guess more codes,
parallel wrong codes, document guessing, and telling which accounts exist."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from idp_mock.tester.seed import snils
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

API = "/_mock/api"
STANDARD_PHONE = "+79161234504"
UNKNOWN_PHONE = "+79160000077"


def post(client, path: str, source: str = "127.0.0.1", **fields):
    environ = {"REMOTE_ADDR": source}
    page = client.get(path, environ_base=environ)
    if page.status_code != 200:
        return page
    data = {"csrf_token": Page(page).csrf_token, **fields}
    return client.post(path, data=data, environ_base=environ)


def messages(client, to: str) -> list[dict]:
    return client.get(f"{API}/messages", query_string={"to": to}).get_json()


def advance(client, seconds: int) -> None:
    client.post(f"{API}/clock", json={"advance_seconds": seconds})


def test_a_flood_of_recovery_starts_sends_one_code(client, demo):
    answers = [post(client, "/recovery", login=STANDARD_PHONE).status_code for _ in range(15)]
    assert len(messages(client, STANDARD_PHONE)) == 1
    assert 422 in answers


def test_many_recoveries_get_no_more_codes_than_the_hourly_cap(app, client, demo):
    for number in range(30):
        post(client, "/recovery", source=f"10.0.0.{number}", login=STANDARD_PHONE)
        advance(client, 61)
    assert len(messages(client, STANDARD_PHONE)) <= app.config["OTP_MAX_PER_HOUR"]
    right = messages(client, STANDARD_PHONE)[0]["code"]
    post(client, "/recovery", source="10.0.1.1", login=STANDARD_PHONE)
    assert post(client, "/recovery/code", source="10.0.1.1", code=right).status_code == 422


def code_page_token(http: requests.Session, url: str) -> str:
    return Page(http.get(f"{url}/recovery/code")).csrf_token


def test_parallel_wrong_codes_never_let_the_right_one_through(app, demo, live_idp):
    url = live_idp.url
    with requests.Session() as http:
        start = Page(http.get(f"{url}/recovery")).csrf_token
        http.post(f"{url}/recovery", data={"csrf_token": start, "login": STANDARD_PHONE})
        token = code_page_token(http, url)
        right = http.get(f"{url}{API}/messages", params={"to": STANDARD_PHONE}).json()[0]["code"]
        wrong = "000000" if right != "000000" else "111111"
        refused, lock = threading.Event(), threading.Lock()
        answers: list[tuple[int, str]] = []

        def guess(code: str):
            reply = http.post(
                f"{url}/recovery/code",
                data={"csrf_token": token, "code": code},
                allow_redirects=False,
            )
            with lock:
                answers.append((reply.status_code, reply.text))
                if len(answers) >= 3:
                    refused.set()
            return reply

        def guess_right_after_three_refusals():
            refused.wait(30)
            return guess(right)

        with ThreadPoolExecutor(max_workers=41) as pool:
            wrongs = [pool.submit(guess, wrong) for _ in range(40)]
            late = pool.submit(guess_right_after_three_refusals)
            [future.result() for future in wrongs]
    assert late.result().status_code == 422
    assert sum("Осталось попыток" in text for _, text in answers) <= 2
    assert {status for status, _ in answers} <= {303, 422}


def up_to_document(client) -> None:
    post(client, "/recovery", login=DOCTOR_PHONE)
    response = post(client, "/recovery/code", code=messages(client, DOCTOR_PHONE)[0]["code"])
    assert response.headers["Location"].endswith("/recovery/document")


def test_three_wrong_documents_spend_the_recovery(client, demo):
    up_to_document(client)
    for _ in range(3):
        assert post(client, "/recovery/document", document="000-000-000 00").status_code == 422
    response = post(client, "/recovery/document", document=snils(112233401))
    assert response.status_code == 303 and response.headers["Location"].endswith("/recovery")


def echo(client, login: str, source: str):
    started = post(client, "/recovery", source=source, login=login)
    page = client.get("/recovery/code", environ_base={"REMOTE_ADDR": source})
    return started.status_code, Page(page).text.replace(login, "LOGIN")


@pytest.mark.parametrize(
    "known, unknown",
    [
        ("8 (916) 123-45-04", "8 (916) 000-00-77"),
        ("IVANOVA.MS@example.ru", "nobody.here@example.ru"),
    ],
)
def test_a_known_and_an_unknown_login_get_the_same_answer(app, demo, known, unknown):
    first = echo(app.test_client(), known, "10.0.2.1")
    second = echo(app.test_client(), unknown, "10.0.2.2")
    assert first == second
    assert "LOGIN" in first[1]


def test_a_known_and_an_unknown_snils_get_the_same_answer(app, demo):
    known = post(app.test_client(), "/recovery", login=snils(112233401))
    unknown = post(app.test_client(), "/recovery", login=snils(998877601))
    assert known.status_code == unknown.status_code
    assert Page(known).field_error("login") == Page(unknown).field_error("login")
