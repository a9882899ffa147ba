"""Groups through the simulator's tester API: make one, read its outbox, move its clock, and a
person of it logging in with the Flask test client."""

from .drivers import GosuslugiUser, query_of, step_of

API = "/_mock/api"


def make_group(client, copies: int = 1, name: str = "Класс") -> dict:
    response = client.post(f"{API}/groups", json={"name": name, "copies": copies})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def seat_of(group: dict, copy: int, surname_email: str = "ivanova") -> dict:
    """The person of copy `copy` whose e-mail starts with `surname_email`."""
    return next(
        p for p in group["personas"] if p["copy"] == copy and p["email"].startswith(surname_email)
    )


def group_code(client, group_id: int, phone: str) -> str:
    url = f"{API}/groups/{group_id}/messages"
    return client.get(url, query_string={"to": phone}).get_json()[0]["code"]


def move_group_clock(client, group_id: int, seconds: int) -> dict:
    response = client.post(f"{API}/groups/{group_id}/clock", json={"advance_seconds": seconds})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def log_in_in_group(app, rp, group_id: int, phone: str, password: str):
    """A whole v1 login of a group's person in a browser of its own; the token response."""
    client = app.test_client()
    browser = GosuslugiUser(client)
    browser.start(rp.v1_params())
    assert step_of(browser.password(phone, password)) == "/login/code"
    answer = browser.consented(browser.enter_code(group_code(client, group_id, phone)))
    code = query_of(answer.headers["Location"])["code"]
    return client.post("/aas/oauth2/te", data=rp.v1_token_params(code))


def fail_password(app, rp, login: str, times: int):
    """`times` wrong passwords for `login` in one browser; the last response."""
    browser = GosuslugiUser(app.test_client())
    browser.start(rp.v1_params())
    response = None
    for _ in range(times):
        response = browser.password(login, "Wrong-Pass1!")
    return response
