"""A class on a live stand: groups made through the tester API over HTTP, a trainee logging
into the cabinet with their group's SMS codes, a trainee locking themselves out."""

import requests

from .constants import DEMO_PASSWORD
from .stand import HttpDoctor


def api(idp_url: str, method: str, path: str, **kwargs) -> requests.Response:
    with requests.Session() as http:
        http.trust_env = False
        return http.request(method, f"{idp_url}/_mock/api{path}", timeout=30, **kwargs)


def new_group(idp_url: str, name: str, copies: int) -> dict:
    response = api(idp_url, "POST", "/groups", json={"name": name, "copies": copies})
    assert response.status_code == 201, response.text
    return response.json()


def group_code_reader(idp_url: str, group_id: int):
    """code_of(phone): the newest code in the group's outbox for that phone."""

    def code_of(phone: str) -> str:
        path = f"/groups/{group_id}/messages"
        return api(idp_url, "GET", path, params={"to": phone}).json()[0]["code"]

    return code_of


def trainee_logs_in(portal_url: str, idp_url: str, group_id: int, phone: str):
    """A whole login to the cabinet from a browser of its own; the page it ends on."""
    return HttpDoctor(portal_url).log_in(phone, group_code_reader(idp_url, group_id))


def lock_out(portal_url: str, phone: str, wrong_passwords: int = 5):
    """Wrong passwords from a browser of its own until the account locks; the last page."""
    doctor = HttpDoctor(portal_url)
    page = doctor.web.get(f"{portal_url}/login/esia", timeout=30)
    for _ in range(wrong_passwords):
        page = doctor.submit(page, {"login": phone, "password": DEMO_PASSWORD + "x"})
    return page
