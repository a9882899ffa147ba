"""The groups API: a group's copies of the demo cast, its reset and deletion, a group filled by
hand, and the contract's shapes."""

import re
import time

from sqlalchemy import select

from idp_mock.models import Persona, db
from tests.support.groups import API, make_group, seat_of

CAST = 7


def test_a_group_of_three_holds_three_copies_of_the_cast_with_their_own_logins(client, demo):
    group = make_group(client, copies=3, name="Класс 1")
    people = group["personas"]
    assert group["name"] == "Класс 1" and len(people) == 3 * CAST
    assert {p["copy"] for p in people} == {1, 2, 3}
    for key in ("oid", "phone", "email"):
        assert len({p[key] for p in people}) == len(people)
    assert all(p["password"] == "Demo2026!" for p in people)
    assert all(re.fullmatch(r"\+79\d{9}", p["phone"]) for p in people)
    demo_phones = {p["phone"] for p in client.get(f"{API}/personas").get_json()}
    assert not demo_phones & {p["phone"] for p in people}
    ivanova = seat_of(group, 2)
    assert ivanova["who"] == "Иванова Мария Сергеевна"
    stored = client.get(f"{API}/personas/{ivanova['oid']}").get_json()
    assert stored["group"] == group["id"] and stored["registry"]["licence"]["status"] == "active"


def test_the_snils_of_every_copy_passes_its_checksum(client, demo):
    from common.validators import is_valid_snils

    people = make_group(client, copies=2)["personas"]
    snilses = [p["snils"] for p in people if p["snils"]]
    assert len(snilses) == 2 * (CAST - 1) and all(is_valid_snils(s) for s in snilses)


def test_twenty_copies_are_made_in_well_under_a_second_of_hashing(app, client, demo):
    app.config["FAST_PASSWORD_HASH"] = False
    started = time.perf_counter()
    group = make_group(client, copies=20)
    elapsed = time.perf_counter() - started
    assert len(group["personas"]) == 20 * CAST
    with app.app_context():
        query = select(Persona.password_hash).where(Persona.group_id == group["id"])
        hashes = set(db.session.scalars(query))
    assert len(hashes) == 1 and hashes.pop().startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert elapsed < 3, elapsed


def test_the_stand_list_of_people_leaves_out_the_groups(client, demo):
    make_group(client, copies=1)
    assert len(client.get(f"{API}/personas").get_json()) == CAST


def test_an_empty_group_is_filled_by_hand_and_reset_keeps_the_person_as_made(client, demo):
    group = make_group(client, copies=0, name="Прогон CI")
    assert group["personas"] == []
    made = client.post(
        f"{API}/personas",
        json={
            "last_name": "Тестова",
            "first_name": "Анна",
            "birth_date": "1990-02-03",
            "gender": "F",
            "phone": "+79161110001",
            "password": "Strong-Pass1",
            "group": group["id"],
        },
    )
    assert made.status_code == 201 and made.get_json()["group"] == group["id"]
    oid = made.get_json()["oid"]
    client.patch(f"{API}/personas/{oid}", json={"first_name": "Ольга"})
    reset = client.post(f"{API}/groups/{group['id']}/reset").get_json()
    assert [p["oid"] for p in reset["personas"]] == [oid]
    assert client.get(f"{API}/personas/{oid}").get_json()["first_name"] == "Анна"


def test_a_person_cannot_be_made_in_a_missing_group(client, demo):
    body = {"last_name": "А", "first_name": "Б", "birth_date": "1990-02-03", "gender": "F"}
    response = client.post(
        f"{API}/personas", json={**body, "phone": "+79161110002", "password": "x", "group": 999}
    )
    assert response.status_code == 404


def test_reset_brings_back_the_same_people_and_logins(client, demo):
    group = make_group(client, copies=2)
    ivanova = seat_of(group, 1)
    client.patch(f"{API}/personas/{ivanova['oid']}", json={"level": "simplified"})
    client.delete(f"{API}/personas/{seat_of(group, 2)['oid']}")
    again = client.post(f"{API}/groups/{group['id']}/reset")
    assert again.status_code == 200
    assert again.get_json()["personas"] == group["personas"]
    assert client.get(f"{API}/personas/{ivanova['oid']}").get_json()["level"] == "confirmed"


def test_deleting_a_group_removes_its_people_and_never_reuses_its_logins(client, demo):
    first = make_group(client, copies=1)
    assert client.delete(f"{API}/groups/{first['id']}").status_code == 204
    assert client.get(f"{API}/groups/{first['id']}").status_code == 404
    assert client.get(f"{API}/personas/{first['personas'][0]['oid']}").status_code == 404
    second = make_group(client, copies=1)
    assert second["id"] != first["id"]
    assert not {p["oid"] for p in first["personas"]} & {p["oid"] for p in second["personas"]}


def test_groups_are_listed_with_their_size(client, demo):
    make_group(client, copies=2, name="А")
    make_group(client, copies=0, name="Б")
    listed = client.get(f"{API}/groups").get_json()
    sizes = [(g["name"], g["copies"], g["people"]) for g in listed]
    assert sizes == [("А", 2, 2 * CAST), ("Б", 0, 0)]


def test_bad_group_bodies_are_refused_in_russian(client, demo, assert_invalid):
    assert_invalid(client.post(f"{API}/groups", json={"name": "", "copies": 1}), "name")
    assert_invalid(client.post(f"{API}/groups", json={"name": "А", "copies": 100}), "copies")
    assert_invalid(client.post(f"{API}/groups", json={"name": "А", "copies": -1}), "copies")


def test_the_stand_reset_wipes_the_groups(client, demo):
    group = make_group(client, copies=1)
    assert client.post(f"{API}/reset").status_code == 200
    assert client.get(f"{API}/groups").get_json() == []
    assert client.get(f"{API}/personas/{group['personas'][0]['oid']}").status_code == 404


def test_the_tester_oid_range_of_groups_is_refused_for_hand_made_people(client, demo):
    body = {"last_name": "А", "first_name": "Б", "birth_date": "1990-02-03", "gender": "F"}
    response = client.post(
        f"{API}/personas",
        json={**body, "phone": "+79161110003", "password": "Strong-Pass1", "oid": 3000000001},
    )
    assert response.status_code == 422 and response.get_json()["field"] == "oid"


def test_every_group_route_is_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").get_json()["paths"]
    for path in (
        "/_mock/api/groups",
        "/_mock/api/groups/{group_id}",
        "/_mock/api/groups/{group_id}/reset",
        "/_mock/api/groups/{group_id}/clock",
        "/_mock/api/groups/{group_id}/messages",
        "/_mock/api/groups/{group_id}/faults",
        "/_mock/api/groups/{group_id}/snapshots",
    ):
        assert path in paths, sorted(paths)
