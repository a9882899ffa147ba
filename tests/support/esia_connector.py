"""Drive the unchanged PyPI esia-connector 0.16 through the simulator, playing the person too.

Run by the python of the esia-connector virtualenv (PyJWT 1.x), not the project's: it imports
only esia_connector, requests, BeautifulSoup (through pages.py beside it) and the standard
library. Reads a JSON job on stdin, prints a JSON result on stdout; any failure exits non-zero
with the reason on stderr.

Job: {"settings": {EsiaSettings keyword arguments}, "mode": "login" | "authorize",
      "phone": "+7…", "password": "…"}
"""

import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from esia_connector.client import EsiaAuth, EsiaSettings

# Run as a script in an isolated interpreter: its own folder is not on the path by itself.
sys.path.insert(0, str(Path(__file__).parent))
from pages import Form, Page  # noqa: E402

TIMEOUT = 30


class StepFailed(Exception):
    pass


ALLOW = "Предоставить"


def page_form(response: requests.Response, step: str, field: str = "", button: str = "") -> Form:
    """The page's form with a CSRF token and `field` (or that `button`), else StepFailed."""
    if response.status_code != 200:
        raise StepFailed(f"{step}: HTTP {response.status_code} at {response.url}\n{response.text}")
    for form in Page(response).forms():
        wanted = form.button(button) if button else field in form.fields
        if wanted and form.fields.get("csrf_token"):
            return form
    raise StepFailed(f"{step}: no such form with a csrf_token at {response.url}\n{response.text}")


def submit(browser: requests.Session, page_url: str, form: Form, **values) -> requests.Response:
    data = {**form.fields, **values}
    url = urljoin(page_url, form.action)
    return browser.post(url, data=data, allow_redirects=False, timeout=TIMEOUT)


def answered(response: requests.Response, step: str) -> requests.Response:
    """The next page, which the simulator answers in place of a redirect to it."""
    if response.status_code != 200:
        raise StepFailed(f"{step}: expected the next page, got HTTP {response.status_code}")
    return response


def latest_code(base_url: str, phone: str) -> str:
    messages = requests.get(
        f"{base_url}/_mock/api/messages", params={"to": phone}, timeout=TIMEOUT
    ).json()
    if not messages:
        raise StepFailed(f"no SMS was sent to {phone}")
    return messages[0]["code"]


def callback_query(location: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def log_in(auth: EsiaAuth, job: dict) -> dict:
    """The whole journey: authorize, password, SMS code, consent, token, then the REST API."""
    base_url = auth.settings.esia_service_url
    browser = requests.Session()
    auth_url = auth.get_auth_url()
    login_page = browser.get(auth_url, timeout=TIMEOUT)
    login_form = page_form(login_page, "authorize → login form", "login")
    sent = submit(browser, login_page.url, login_form, login=job["phone"], password=job["password"])
    code_page = answered(sent, "password")
    code_form = page_form(code_page, "SMS code form", "code")
    sent = submit(browser, code_page.url, code_form, code=latest_code(base_url, job["phone"]))
    consent_page = answered(sent, "SMS code")
    consent_form = page_form(consent_page, f"consent «{ALLOW}»", button=ALLOW)
    allow = consent_form.button(ALLOW)
    decided = submit(browser, consent_page.url, consent_form, **allow)
    location = decided.headers.get("Location", "")
    if decided.status_code not in (302, 303) or not location.startswith(auth.settings.redirect_uri):
        raise StepFailed(f"consent: HTTP {decided.status_code}, Location {location!r}")
    callback = callback_query(location)
    if "code" not in callback:
        raise StepFailed(f"the callback carries no code: {location}")
    connector = auth.complete_authorization(callback["code"], callback["state"])
    return {
        "auth_url": auth_url,
        "callback": callback,
        "consent_decision": allow,
        "oid": connector.oid,
        "main": connector.get_person_main_info(),
        "contacts": connector.get_person_contacts(),
        "documents": connector.get_person_documents(),
    }


def authorize_only(auth: EsiaAuth) -> dict:
    """Just the authorization request, reporting where the simulator sends the browser."""
    auth_url = auth.get_auth_url()
    response = requests.get(auth_url, allow_redirects=False, timeout=TIMEOUT)
    return {
        "auth_url": auth_url,
        "status": response.status_code,
        "location": response.headers.get("Location", ""),
        "body": response.text,
    }


def main() -> int:
    job = json.load(sys.stdin)
    auth = EsiaAuth(EsiaSettings(**job["settings"]))
    try:
        result = log_in(auth, job) if job["mode"] == "login" else authorize_only(auth)
    except StepFailed as error:
        print(error, file=sys.stderr)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
