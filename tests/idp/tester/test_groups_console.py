"""The console's classes: «Новый класс», a class's page and its tools, the class sheet, and
reset and deletion behind «are you sure?» pages."""

from common.formats import phone
from tests.support.drivers import submit
from tests.support.groups import API, fail_password, make_group, seat_of
from tests.support.pages import Page

GROUPS = "/_mock/groups"


def test_a_new_class_of_three_is_made_from_the_console(client, demo):
    response = submit(client, GROUPS, name="Группа 3", trainees="3")
    assert response.status_code == 303
    page = Page(client.get(response.headers["Location"]))
    assert "Класс «Группа 3» создан" in page.flashes
    assert page.h1 == "Класс «Группа 3»"
    assert len(page.testid("group-people").select("tbody tr")) == 21
    [group] = client.get(f"{API}/groups").get_json()
    assert group["copies"] == 3 and group["people"] == 21


def test_a_bad_class_is_explained_next_to_its_fields_and_kept_as_typed(client, demo):
    response = submit(client, GROUPS, name="", trainees="200")
    page = Page(response)
    assert response.status_code == 422 and page.title.startswith("Ошибка")
    assert page.field_error("name") == "Введите название класса"
    assert page.field_error("trainees") == "Введите число учеников от 1 до 99"
    assert page.form(GROUPS).fields["trainees"] == "200"


def test_the_console_links_to_the_classes(client):
    assert Page(client.get("/_mock/")).testid("nav-groups")["href"] == GROUPS


def test_the_class_sheet_has_every_seats_logins_the_password_and_the_outbox(client, demo):
    group = make_group(client, copies=20)
    page = Page(client.get(f"{GROUPS}/{group['id']}/sheet"))
    assert page.text_of("sheet-password") == "Demo2026!"
    assert page.text_of("sheet-outbox").endswith(f"/_mock/groups/{group['id']}/outbox")
    for seat in (1, 20):
        row = page.testid(f"sheet-seat-{seat}").get_text(" ")
        assert phone(seat_of(group, seat)["phone"]) in row
        assert phone(seat_of(group, seat, "volkova")["phone"]) in row


def test_the_class_outbox_shows_only_its_messages(app, client, registered, demo):
    a, b = make_group(client, name="А"), make_group(client, name="Б")
    fail_password(app, registered, seat_of(a, 1)["phone"], 5)
    text_a = Page(client.get(f"{GROUPS}/{a['id']}/outbox")).text_of("group-messages")
    text_b = Page(client.get(f"{GROUPS}/{b['id']}/outbox")).text_of("group-messages")
    assert "заблокирован" in text_a and "Сообщений нет" in text_b


def test_the_class_clock_moves_and_comes_back(client, demo):
    group = make_group(client)
    page = f"{GROUPS}/{group['id']}"
    assert submit(client, page, f"{page}/clock", minutes="31").status_code == 303
    clock_url = f"{API}/groups/{group['id']}/clock"
    assert client.get(clock_url).get_json()["offset_seconds"] == 31 * 60
    assert client.get(f"{API}/clock").get_json()["offset_seconds"] == 0
    bad = submit(client, page, f"{page}/clock", minutes="0")
    assert bad.status_code == 422 and Page(bad).field_error("minutes")
    submit(client, page, f"{page}/clock/reset")
    assert client.get(clock_url).get_json()["offset_seconds"] == 0


def test_a_class_fault_is_armed_and_cleared_from_its_page(client, demo):
    group = make_group(client)
    page = f"{GROUPS}/{group['id']}"
    armed = submit(client, page, f"{page}/faults", kind="http_error", path="/aas/oauth2/te")
    assert armed.status_code == 303
    [fault] = client.get(f"{API}/groups/{group['id']}/faults").get_json()
    assert client.get(f"{API}/faults").get_json() == []
    assert submit(client, page, f"{page}/faults/{fault['id']}/clear").status_code == 303
    assert client.get(f"{API}/groups/{group['id']}/faults").get_json() == []


def test_a_class_snapshot_is_saved_and_restored_from_its_page(app, client, registered, demo):
    group = make_group(client)
    page = f"{GROUPS}/{group['id']}"
    assert submit(client, page, f"{page}/snapshots", name="урок").status_code == 303
    fail_password(app, registered, seat_of(group, 1)["phone"], 5)
    assert submit(client, page, f"{page}/snapshots/урок/restore").status_code == 303
    oid = seat_of(group, 1)["oid"]
    assert client.get(f"{API}/personas/{oid}").get_json()["locked_until"] is None


def test_reset_asks_first_then_starts_the_class_again(app, client, registered, demo):
    group = make_group(client)
    fail_password(app, registered, seat_of(group, 1)["phone"], 5)
    url = f"{GROUPS}/{group['id']}/reset"
    assert "заново?" in Page(client.get(url)).h1
    assert submit(client, url).status_code == 303
    oid = seat_of(group, 1)["oid"]
    assert client.get(f"{API}/personas/{oid}").get_json()["locked_until"] is None


def test_delete_asks_first_then_removes_the_class(client, demo):
    group = make_group(client, name="Удаляемый")
    url = f"{GROUPS}/{group['id']}/delete"
    assert Page(client.get(url)).h1 == "Удалить класс «Удаляемый»?"
    response = submit(client, url)
    assert response.status_code == 303 and response.headers["Location"] == GROUPS
    assert client.get(f"{API}/groups").get_json() == []
    assert client.get(f"{GROUPS}/{group['id']}").status_code == 404
