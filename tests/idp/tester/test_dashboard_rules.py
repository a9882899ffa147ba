"""Where each trainee is in the login, as the trainer's dashboard tells it, from what the
simulator recorded while real logins ran: each stage, the last error, the lockout."""

import re

import pytest
from sqlalchemy import event, select

from idp_mock import clock
from idp_mock.models import Persona, db
from idp_mock.tester import dashboard
from tests.support.constants import DEMO_PASSWORD, DOCTOR_PHONE, OTHER_DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, latest_code, query_of, step_of

NAME = "Иванова Мария Сергеевна"


@pytest.fixture
def person(client, registered, demo) -> GosuslugiUser:
    browser = GosuslugiUser(client)
    browser.start(registered.v1_params())
    return browser


def row(app, phone: str = DOCTOR_PHONE) -> dashboard.Row:
    with app.app_context():
        persona = db.session.scalar(select(Persona).where(Persona.phone == phone))
        return dashboard.rows([persona])[0]


def test_someone_who_has_not_logged_in_has_not_started(app, demo):
    found = row(app)
    assert (found.name, found.stage, found.error) == (NAME, dashboard.NOT_STARTED, "")


def test_the_stages_follow_the_login_to_the_cabinet(app, client, person, registered):
    assert step_of(person.password(DOCTOR_PHONE)) == "/login/code"
    assert row(app).stage == "ввёл пароль — ждёт код"
    assert step_of(person.enter_code(latest_code(client, DOCTOR_PHONE))) == "/consent"
    assert row(app).stage == "ввёл код — согласие"
    code = query_of(person.consent().headers["Location"])["code"]
    assert row(app).stage == dashboard.CONSENTED
    assert client.post("/aas/oauth2/te", data=registered.v1_token_params(code)).status_code == 200
    assert row(app).stage == "вернулся в кабинет"
    assert row(app, OTHER_DOCTOR_PHONE).stage == dashboard.NOT_STARTED


def test_a_wrong_code_is_the_last_error_with_its_moscow_time(app, person):
    person.password(DOCTOR_PHONE)
    assert person.enter_code("000000").status_code == 422
    found = row(app)
    assert found.error == "Код из СМС не принят: Код не подходит. Осталось попыток: 2"
    assert re.fullmatch(r"\d\d:\d\d \d\d\.\d\d\.\d{4}", found.error_at), found.error_at


def test_a_wrong_password_counts_though_no_login_was_tied_to_it(app, person):
    assert person.password(DOCTOR_PHONE, "Wrong-Pass1").status_code == 422
    found = row(app)
    assert (found.stage, found.error) == (
        dashboard.NOT_STARTED,
        "Неверный пароль, попыток подряд: 1",
    )


def test_a_code_left_to_expire_is_the_last_error(app, client, person):
    person.password(DOCTOR_PHONE)
    assert client.post("/_mock/api/clock", json={"advance_seconds": 301}).status_code == 200
    found = row(app)
    assert (found.stage, found.error) == ("ввёл пароль — ждёт код", dashboard.CODE_EXPIRED)


def test_a_locked_out_person_is_shown_locked_until_moscow_time(app, person):
    for _ in range(5):
        assert person.password(DOCTOR_PHONE, "Wrong-Pass1").status_code == 422
    with app.app_context():
        until = db.session.scalar(select(Persona.locked_until).where(Persona.phone == DOCTOR_PHONE))
        expected = dashboard.hours_minutes(until)
    found = row(app)
    assert found.locked and found.stage == f"заблокирован до {expected}"
    assert found.error == "Пароль введён неверно слишком много раз"


def statements_for(app, phones: list[str]) -> int:
    """How many SQL statements the dashboard's rows of `phones` cost."""
    seen = []

    def count(conn, cursor, statement, *rest):
        seen.append(statement)

    with app.app_context():
        personas = list(db.session.scalars(select(Persona).where(Persona.phone.in_(phones))))
        clock.now()  # the clock's offset is read once per request, not per row
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            dashboard.rows(personas)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_query_count_does_not_grow_with_the_rows(app, client, registered, demo):
    phones = list(demo)
    for phone in phones:
        browser = GosuslugiUser(client.application.test_client())
        browser.start(registered.v1_params())
        browser.password(phone, DEMO_PASSWORD)
        browser.enter_code("000000")
    assert statements_for(app, phones[:1]) == statements_for(app, phones) == 4
