"""Every form of both apps, fed arbitrary text: never a 500, never reflected unescaped.

Hypothesis draws overlong, control, bidi, zero-width and confusable input mixed with XSS and
template payloads (ASVS 5.0 1.2/1.3 output encoding; v4 5.1, 5.3).
"""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal.models import Document, db
from tests import files
from tests.support.cabinet import add_record, start, step, upload
from tests.support.constants import DOCTOR_PHONE, XSS
from tests.support.drivers import GosuslugiUser, latest_code, step_of, token_of
from tests.support.pages import Page

FUZZ = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PAYLOADS = [
    XSS,
    "<script>alert(1)</script>",
    "</textarea><svg onload=alert(1)>",
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "{{ 7*7 }}{% raw %}",
    "${7*7}#{7*7}",
    "' OR '1'='1' --",
    "%00%0d%0aSet-Cookie: x=1",
    "\x00\x01\x1b[31m\x7f",
    "\u202eexe.fdp\u202c",
    "\u200b\u200d\ufeff",
    "Иванова\u0301",
    "Ιvanova",  # a Greek capital iota for the I
    "раураl",  # Cyrillic letters that look Latin
    "𝐀𝐝𝐦𝐢𝐧",
    "ﬁ" * 50,
    "9" * 400,
    "А" * 5000,
    "../../etc/passwd",
    "31.02.2024",
    "2024-13-45",
    "-1",
    "99999999999999999999999",
]
hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=80),
    st.text(st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=20), st.sampled_from(PAYLOADS),
              st.text(max_size=20)),
)  # fmt: skip
TAG = re.compile(r"<[A-Za-z/!]")


def assert_safe(response, *values) -> None:
    """No server error, and no markup from the input comes back raw."""
    assert response.status_code < 500, response.status_code
    body = response.get_data(as_text=True)
    for value in values:
        if isinstance(value, str) and TAG.search(value) and len(value) >= 6:
            assert value not in body, value[:80]
    assert "<script>alert(1)" not in body and "onerror=alert(1)>" not in body


def fields(*names: str):
    return st.fixed_dictionaries({name: hostile for name in names})


def test_the_education_form_survives_anything(doctor):
    doctor.log_in(DOCTOR_PHONE)
    web = doctor.web
    token = token_of(web, "/cabinet/education/")

    @FUZZ
    @given(fields("kind", "organisation", "number", "specialty", "hours", "issue_date",
                  "document_id"))  # fmt: skip
    def post(values):
        response = web.post("/cabinet/education/", data={"csrf_token": token, **values})
        assert_safe(response, *values.values())
        assert_safe(web.get("/cabinet/education/"))

    post()


def test_the_document_forms_survive_anything(doctor):
    doctor.log_in(DOCTOR_PHONE)
    web = doctor.web
    token = token_of(web, "/cabinet/documents/passport")

    @FUZZ
    @given(
        st.sampled_from(["passport", "certificate", "other"]) | hostile,
        fields("doc_number", "issue_date", "valid_until", "holder_name", "holder_birth_date"),
    )
    def post(code, values):
        response = web.post(f"/cabinet/documents/{code}", data={"csrf_token": token, **values})
        assert_safe(response, code, *values.values())

    post()


def test_every_wizard_step_survives_anything(doctor):
    doctor.log_in(DOCTOR_PHONE)
    web = doctor.web
    application_id = start(web)
    step(web, application_id, 1, confirm="y")
    step(web, application_id, 2, phone="8 916 123-45-01", email="ivanova.ms@example.ru")
    work = {"specialty": "Терапия", "workplace": "ГП", "licence_number": "ЛО-77-01-012345"}
    step(web, application_id, 3, **work)
    token = token_of(web, f"/cabinet/applications/{application_id}/step/1")

    @FUZZ
    @given(
        st.integers(1, 5),
        fields("confirm", "phone", "email", "specialty", "workplace", "licence_number",
               "documents", "pd_consent", "submission_key", "kind"),
    )  # fmt: skip
    def post(number, values):
        path = f"/cabinet/applications/{application_id}/step/{number}"
        response = web.post(path, data={"csrf_token": token, **values})
        assert_safe(response, *values.values())
        assert_safe(web.get(f"/cabinet/applications/{application_id}/step/{number}"))

    post()
    new = web.post("/cabinet/applications/new", data={"csrf_token": token, "kind": XSS})
    assert_safe(new, XSS)


def test_the_application_filters_survive_anything(doctor):
    doctor.log_in(DOCTOR_PHONE)
    web = doctor.web

    @FUZZ
    @given(fields("status", "kind", "date_from", "date_to", "page"))
    def get(values):
        response = web.get("/cabinet/applications/", query_string=values)
        assert_safe(response, *values.values())
        htmx = {"HX-Request": "true", "HX-Target": "application-rows"}
        assert_safe(web.get("/cabinet/applications/", query_string=values, headers=htmx))

    get()


def test_the_review_console_survives_anything(people):
    reviewer = people["reviewer"].web
    application_id = people["objects"].submitted_id
    document_id = people["objects"].document_id
    case = f"/review/applications/{application_id}"
    token = token_of(reviewer, case)

    @FUZZ
    @given(fields("status", "kind", "age", "page", "decision", "reason", "comment"))
    def act(values):
        assert_safe(reviewer.get("/review/applications", query_string=values), *values.values())
        form = {"csrf_token": token, **values}
        assert_safe(reviewer.post(f"{case}/comment", data=form), *values.values())
        assert_safe(reviewer.post(f"{case}/decision", data=form), *values.values())
        assert_safe(reviewer.post(f"/review/documents/{document_id}", data=form))
        assert_safe(reviewer.get(case))

    act()


def test_the_consoles_person_forms_survive_anything(client, demo):
    person = f"/_mock/personas/{demo[DOCTOR_PHONE]}"
    token = Page(client.get(person)).csrf_token

    @FUZZ
    @given(
        fields("last_name", "first_name", "birth_date", "gender", "phone", "email", "snils",
               "level", "state", "password", "sfr", "sfr_last_name", "frmr",
               "certificate_number", "certificate_issued", "certificate_valid_until",
               "certificate_status", "licence", "licence_organisation", "licence_status"),
    )  # fmt: skip
    def post(values):
        for path in ("/_mock/personas/new", person):
            response = client.post(path, data={"csrf_token": token, **values})
            assert_safe(response, *values.values())
        assert_safe(client.get(person))

    post()


def test_the_simulators_login_forms_survive_anything(client, registered, demo):
    @FUZZ
    @given(fields("login", "password"), hostile)
    def log_in(values, code):
        browser = GosuslugiUser(client.application.test_client())
        browser.start(registered.v1_params())
        page = browser.client.get(browser.login_url)
        response = browser.client.post(
            browser.login_url, data={"csrf_token": Page(page).csrf_token, **values}
        )
        assert_safe(response, *values.values())
        if response.status_code == 303:
            assert_safe(browser.enter_code(code), code)

    log_in()


def test_the_sms_code_form_survives_anything(client, browser, registered, demo):
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    token = Page(client.get(browser.code_url())).csrf_token
    client.application.config["OTP_MAX_ATTEMPTS"] = 10**6

    @FUZZ
    @given(hostile)
    def enter(code):
        response = client.post(browser.code_url(), data={"csrf_token": token, "code": code})
        assert_safe(response, code)

    enter()
    assert step_of(browser.enter_code(latest_code(client, DOCTOR_PHONE))) == "/consent"


def test_the_recovery_forms_survive_anything(client, demo):
    @FUZZ
    @given(hostile, hostile)
    def recover(login, document):
        fresh = client.application.test_client()
        page = fresh.get("/recovery")
        response = fresh.post(
            "/recovery", data={"csrf_token": Page(page).csrf_token, "login": login}
        )
        assert_safe(response, login)
        for path in ("/recovery/code", "/recovery/document", "/recovery/password"):
            response = fresh.post(
                path, data={"csrf_token": "x", "code": document, "document": document,
                            "password": document, "confirm": document},
            )  # fmt: skip
            assert_safe(response, document)

    recover()


def test_a_reviewer_sees_a_hostile_doctors_input_escaped(cabinet, people):
    """Stored XSS: what doctor A typed everywhere is shown back, and to the reviewer, as text."""
    a, reviewer = people["a"].web, people["reviewer"].web
    name = "<img src=x onerror=alert(1)>.pdf"
    assert upload(a, "other", files.pdf(), name, doc_number=XSS[:60]).status_code == 303
    add_record(a, organisation=XSS, number=XSS[:60], specialty=XSS)
    with cabinet.app_context():
        document_id = db.session.scalar(select(Document.id).order_by(Document.id.desc()))
    a.post(
        f"/cabinet/documents/{document_id}/review",
        data={"csrf_token": token_of(a, "/cabinet/documents/other")},
    )
    draft = start(a)
    step(a, draft, 1, confirm="y")
    step(a, draft, 2, phone=XSS, email=XSS)
    case = f"/review/applications/{people['objects'].submitted_id}"
    reviewer.post(f"{case}/comment", data={"csrf_token": token_of(reviewer, case), "comment": XSS})
    for path in ("/review/", "/review/documents", "/review/applications", case):
        assert_safe(reviewer.get(path), XSS)
    for path in (
        "/cabinet/",
        "/cabinet/notifications",
        "/cabinet/documents/",
        "/cabinet/documents/other",
        "/cabinet/education/",
        "/cabinet/applications/",
        f"/cabinet/applications/{draft}/step/2",
        f"/cabinet/applications/{people['objects'].submitted_id}",
    ):
        assert_safe(a.get(path), XSS)
    assert "&lt;img src=x onerror=alert(1)&gt;" in a.get("/cabinet/documents/other").text


HUGE = "9" * 30


def test_numbers_too_big_for_a_float_or_the_database_get_a_page_not_a_500(people):
    """Found by the fuzzing above: each of these was a 500 before it was bounded."""
    a, reviewer = people["a"].web, people["reviewer"].web
    for web, path, query in (
        (a, "/cabinet/applications/", {"page": HUGE}),
        (reviewer, "/review/applications", {"page": HUGE}),
        (reviewer, "/review/applications", {"age": HUGE}),
        (reviewer, "/review/applications", {"age": "-" + HUGE}),
    ):
        assert web.get(path, query_string=query).status_code == 200, (path, query)
    token = token_of(a, "/cabinet/education/")
    form = {"csrf_token": token, "kind": "diploma", "number": "1", "hours": HUGE}
    response = a.post("/cabinet/education/", data=form)
    assert response.status_code == 422
    assert "Введите число часов" in Page(response).field_error("hours")


def test_the_help_feedback_form_survives_anything(web):
    token = token_of(web, "/help")

    @FUZZ
    @given(fields("name", "position", "email", "phone", "snils", "inn", "licence_number",
                  "application_number", "message"))  # fmt: skip
    def post(values):
        response = web.post("/help/feedback", data={"csrf_token": token, **values})
        assert_safe(response, *values.values())
        assert_safe(web.get("/help"))

    post()
