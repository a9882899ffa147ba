"""The trainer's dashboard page and its polled table body: who is where, the cabinet's columns
read over HTTP (or a note when it does not answer), 304 while nothing changed, one light poll."""

import pytest
from sqlalchemy import event

from idp_mock.models import db as idp_db
from portal.models import Document, db
from tests.support.cabinet import doctor_record, now, submitted_row
from tests.support.constants import DEMO_PASSWORD, DOCTOR_NAME, DOCTOR_PHONE
from tests.support.dashboard import PATH, POLL, DashboardPage
from tests.support.drivers import GosuslugiUser, step_of
from tests.support.groups import fail_password, make_group, move_group_clock, seat_of
from tests.support.servers import LiveServer

SILENT_CABINET = "http://127.0.0.1:9"  # the discard port: nothing listens there
POLL_BUDGET = 1024
SURNAMES = [
    "Орлова",
    "Смирнова",
    "Соколова",
    "Попова",
    "Лебедева",
    "Козлова",
    "Новикова",
    "Морозова",
    "Павлова",
    "Волкова",
    "Алексеева",
    "Фёдорова",
    "Михайлова",
    "Егорова",
]


@pytest.fixture
def console(app, client, demo):
    app.config["CABINET_URL"] = SILENT_CABINET
    return client


def test_the_page_is_a_table_with_a_caption_headers_and_a_refresh_link(console, demo):
    response = console.get(PATH)
    page = DashboardPage(response)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert page.h1 == "Где сейчас каждый участник"
    assert page.soup.table.caption.get_text().startswith("Вход на Госуслуги")
    assert {th["scope"] for th in page.soup.select("thead th")} == {"col"}
    assert {th["scope"] for th in page.soup.select("tbody th")} == {"row"}
    assert page.refresh_url == page.poll_url == PATH and page.noscript_refresh == "10"
    trigger = page.soup.find(id="dashboard-rows")
    assert (trigger["hx-trigger"], trigger["hx-swap"]) == ("every 5s", "outerHTML")
    assert len(page.rows()) == len(demo)


def test_the_console_links_to_the_dashboard(console):
    assert DashboardPage(console.get("/_mock/")).testid("nav-dashboard")["href"] == PATH


def test_oids_choose_the_trainees_and_their_order(console, demo):
    oids = list(demo.values())
    response = console.get(PATH, query_string={"oids": f"{oids[1]},junk,{oids[0]},{oids[1]}"})
    page = DashboardPage(response)
    assert len(page.rows()) == 2 and page.poll_url.startswith(f"{PATH}?oids=")
    assert list(page.rows())[1] == DOCTOR_NAME


def test_unknown_oids_leave_an_instruction(console):
    page = DashboardPage(console.get(PATH, query_string={"oids": "1"}))
    assert page.rows() == {} and "проверьте номера oid" in page.text


def test_the_poll_is_a_revalidated_fragment_and_304_while_unchanged(console, registered):
    response = console.get(PATH, headers=POLL)
    page = DashboardPage(response)
    assert page.is_fragment and page.soup.tbody["id"] == "dashboard-rows"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "HX-Request" in response.headers["Vary"] and response.headers["ETag"]
    again = console.get(PATH, headers={**POLL, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    browser = GosuslugiUser(console.application.test_client())
    browser.start(registered.v1_params())
    browser.password(DOCTOR_PHONE)
    moved = console.get(PATH, headers={**POLL, "If-None-Match": response.headers["ETag"]})
    assert moved.status_code == 200
    assert DashboardPage(moved).row(DOCTOR_NAME)["stage"] == "ввёл пароль — ждёт код"


def test_a_silent_cabinet_leaves_a_note_not_an_error_page(console):
    response = console.get(PATH)
    assert response.status_code == 200
    assert DashboardPage(response).row(DOCTOR_NAME)["cabinet"] == "кабинет не ответил"


@pytest.fixture
def live_cabinet(app, portal_app, demo):
    """The cabinet over real HTTP, knowing the demo doctor with two documents and an
    application, behind an admin token the simulator is told."""
    with portal_app.app_context():
        doctor = doctor_record(esia_oid=demo[DOCTOR_PHONE])
        db.session.add(doctor)
        db.session.flush()
        for status in ("accepted", "uploaded"):
            db.session.add(Document(doctor_id=doctor.id, doc_type="diploma", status=status,
                                    created_at=now(), updated_at=now()))  # fmt: skip
        db.session.add(submitted_row(doctor.id, "АК-2026-000777", "in_review"))
        db.session.commit()
    portal_app.config["ADMIN_TOKEN"] = "class-token"
    server = LiveServer(portal_app)
    app.config.update(CABINET_URL=server.url, CABINET_ADMIN_TOKEN="class-token")
    yield server
    server.stop()


def test_the_cabinets_columns_are_read_over_http_with_its_token(app, client, live_cabinet):
    row = DashboardPage(client.get(PATH)).row(DOCTOR_NAME)
    assert (row["documents"], row["applications"]) == ("2, принято 1", "1: На рассмотрении")
    assert row["seen"] == "—"
    others = DashboardPage(client.get(PATH)).rows()
    assert all(r["documents"] == "—" for name, r in others.items() if name != DOCTOR_NAME)
    app.config["CABINET_ADMIN_TOKEN"] = "wrong"
    assert DashboardPage(client.get(PATH)).row(DOCTOR_NAME)["cabinet"] == "кабинет не ответил"


def test_the_poll_of_a_busy_class_of_twenty_stays_under_a_kilobyte(
    console, live_cabinet, registered, demo, new_person
):
    for index in range(20 - len(demo)):
        body = new_person(phone=f"+7916222{index:04d}", email=f"t{index}@example.ru", snils=None,
                          last_name=SURNAMES[index], password=DEMO_PASSWORD)  # fmt: skip
        assert console.post("/_mock/api/personas", json=body).status_code == 201
    phones = [*demo, *(f"+7916222{index:04d}" for index in range(20 - len(demo)))]
    for phone in phones:  # everyone is mid-login with an error and its time: the widest rows
        browser = GosuslugiUser(console.application.test_client())
        browser.start(registered.v1_params())
        if step_of(browser.password(phone)) == "/login/code":  # a blocked demo person stops here
            browser.enter_code("000000")
    response = console.get(PATH, headers={**POLL, "Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    rows = DashboardPage(console.get(PATH, headers=POLL)).rows()
    assert len(rows) == 20 and rows[DOCTOR_NAME]["documents"] == "2, принято 1"
    print(f"poll of 20 busy rows: {len(response.data)} B gzip")
    assert len(response.data) <= POLL_BUDGET, len(response.data)


def statements_of_a_poll(app, client, oids: list[int]) -> int:
    """How many SQL statements one poll of the dashboard for `oids` costs."""
    seen = []

    def count(conn, cursor, statement, *rest):
        seen.append(statement)

    with app.app_context():
        engine = idp_db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(PATH, query_string={"oids": ",".join(map(str, oids))}).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_a_poll_costs_the_same_queries_for_one_trainee_or_the_class(console, demo, registered):
    for phone in demo:
        browser = GosuslugiUser(console.application.test_client())
        browser.start(registered.v1_params())
        browser.password(phone)
    oids = list(demo.values())
    app = console.application
    one, everyone = (
        statements_of_a_poll(app, console, oids[:1]),
        statements_of_a_poll(app, console, oids),
    )
    print(f"statements per poll: {one} for 1 row, {everyone} for {len(oids)} rows")
    assert one == everyone


def test_a_class_dashboard_shows_its_trainees_on_the_class_clock(app, console, registered):
    """A locked trainee shows as locked until the class's clock moves past the lockout; the
    class's page links to its dashboard, and its poll stays on the class."""
    group = make_group(console, name="Утро")
    locked_seat = seat_of(group, 1)
    fail_password(app, registered, locked_seat["phone"], 5)
    path = f"/_mock/groups/{group['id']}"
    link = DashboardPage(console.get(path)).testid("group-dashboard")["href"]
    page = DashboardPage(console.get(link))
    assert len(page.rows()) == len(group["personas"]) and page.poll_url == link
    assert "заблокирован" in page.rows()[locked_seat["who"]]["stage"]
    move_group_clock(console, group["id"], 31 * 60)
    unlocked = DashboardPage(console.get(link)).rows()[locked_seat["who"]]
    assert "заблокирован" not in unlocked["stage"]
    assert console.get(PATH, query_string={"group": 99999}).status_code == 404


def test_a_class_number_no_database_holds_is_a_404(console):
    for number in ("0", "-1", str(2**31), str(2**63)):
        assert console.get(PATH, query_string={"group": number}).status_code == 404, number
