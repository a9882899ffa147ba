"""The ESIA REST person API (/rs/prns): field names and formats, collections, contacts,
documents, addresses and organisations, as the token's scopes allow."""

import re
import time
from urllib.parse import urlsplit

import jwt
import pytest

from common.validators import snils_checksum
from tests.support.constants import DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.drivers import api, tokens_for
from tests.support.rp import SCOPE

FAC_OID = 1000700001
ESIA_HOST = "https://esia-portal1.test.gosuslugi.ru"
ETAG = re.compile(r"^[0-9A-F]{40}$")
PERSON_BASICS = {"stateFacts", "eTag", "trusted", "status", "updatedOn"}


def test_person_carries_esia_field_names_and_formats(client, doctor):
    oid, token = doctor
    response = api(client, f"/rs/prns/{oid}", token)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    person = response.get_json()
    assert person["stateFacts"] == ["EntityRoot"]
    assert ETAG.match(person["eTag"])
    assert (person["lastName"], person["firstName"], person["middleName"]) == (
        "Иванова",
        "Мария",
        "Сергеевна",
    )
    assert person["birthDate"] == "14.03.1986"
    assert person["gender"] == "F"
    assert person["snils"] == f"112-233-401 {snils_checksum(112233401):02d}"
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3} \d{2}", person["snils"])
    assert person["trusted"] is True
    assert person["status"] == "REGISTERED"
    assert person["verifying"] is False and person["containsUpCfmCode"] is False
    assert person["citizenship"] == "RUS"
    assert type(person["updatedOn"]) is int and person["updatedOn"] > 1_700_000_000
    assert type(person["rIdDoc"]) is int


@pytest.mark.parametrize(
    ("scope", "present", "absent"),
    [
        (
            "openid fullname",
            {"firstName", "lastName", "middleName"},
            {"birthDate", "gender", "snils", "rIdDoc", "birthPlace"},
        ),
        ("openid birthdate", {"birthDate"}, {"firstName", "lastName", "gender", "snils"}),
        ("openid gender", {"gender"}, {"firstName", "birthDate", "snils", "rIdDoc"}),
        ("openid snils", {"snils"}, {"firstName", "lastName", "birthDate", "gender"}),
        ("openid birthplace", {"birthPlace"}, {"firstName", "birthDate", "snils"}),
        ("openid id_doc", {"rIdDoc"}, {"firstName", "birthDate", "gender", "snils"}),
        ("openid fullname birthdate gender", {"firstName", "birthDate", "gender"}, {"snils"}),
    ],
)
def test_person_fields_appear_only_with_their_scope(
    app, client, registered, demo, scope, present, absent
):
    token = tokens_for(app, registered, scope=scope)["access_token"]
    person = api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}", token).get_json()
    assert PERSON_BASICS | present <= set(person)
    assert not absent & set(person)


def test_etag_is_stable_and_changes_with_the_person(client, doctor):
    oid, token = doctor
    first = api(client, f"/rs/prns/{oid}", token).get_json()["eTag"]
    assert api(client, f"/rs/prns/{oid}", token).get_json()["eTag"] == first
    client.patch(f"/_mock/api/personas/{oid}", json={"last_name": "Петрова"})
    changed = api(client, f"/rs/prns/{oid}", token).get_json()
    assert changed["lastName"] == "Петрова" and changed["eTag"] != first


@pytest.fixture
def server_on_moscow_time(monkeypatch):
    """Run the app as on a server whose local time zone is UTC+3 (POSIX TZ, no tzdata needed)."""
    monkeypatch.setenv("TZ", "MSK-3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_updated_on_is_utc_epoch_seconds_whatever_the_server_time_zone(
    client, doctor, server_on_moscow_time
):
    oid, token = doctor
    client.patch(f"/_mock/api/personas/{oid}", json={"description": "touched"})
    person = api(client, f"/rs/prns/{oid}", token).get_json()
    assert abs(person["updatedOn"] - time.time()) < 60


def test_token_times_are_utc_epoch_seconds_whatever_the_server_time_zone(
    app, registered, demo, server_on_moscow_time
):
    body = tokens_for(app, registered)
    for token in (body["access_token"], body["id_token"]):
        claims = jwt.decode(token, options={"verify_signature": False})
        assert abs(claims["iat"] - time.time()) < 60
        assert claims["exp"] > time.time() + 3000


@pytest.mark.parametrize("name", ["ctts", "docs", "addrs"])
def test_collections_without_embed_list_absolute_links_on_the_request_host(
    app, client, registered, demo, name
):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, scope=SCOPE + " addresses")["access_token"]
    for host in (ESIA_HOST, "http://localhost"):
        response = api(client, f"/rs/prns/{oid}/{name}", token, base_url=host)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/json"
        body = response.get_json()
        assert set(body) == {"stateFacts", "size", "elements", "eTag"}
        assert body["stateFacts"] == ["hasSize"]
        assert body["size"] == len(body["elements"]) >= 1
        for link in body["elements"]:
            assert re.fullmatch(rf"{re.escape(host)}/rs/prns/{oid}/{name}/\d+", link), link


def test_contacts_list_the_mobile_and_the_email(client, doctor):
    oid, token = doctor
    links = api(client, f"/rs/prns/{oid}/ctts", token).get_json()["elements"]
    assert len(links) == 2


@pytest.mark.parametrize("name", ["ctts", "docs", "addrs"])
def test_every_collection_link_returns_its_object_with_the_same_token(
    app, client, registered, demo, name
):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, scope=SCOPE + " addresses")["access_token"]
    links = api(client, f"/rs/prns/{oid}/{name}", token, base_url=ESIA_HOST).get_json()
    inline = api(client, f"/rs/prns/{oid}/{name}?embed=(elements)", token).get_json()
    for link, expected in zip(links["elements"], inline["elements"], strict=True):
        parts = urlsplit(link)
        response = api(client, parts.path, token, base_url=f"{parts.scheme}://{parts.netloc}")
        assert response.status_code == 200, link
        assert response.headers["Content-Type"] == "application/json"
        item = response.get_json()
        assert item == expected
        assert item["id"] == int(parts.path.rsplit("/", 1)[1])
        assert item["stateFacts"] == ["Identifiable"] and ETAG.match(item["eTag"])


def test_embed_elements_puts_contacts_inline_with_esia_types_and_formats(client, doctor):
    oid, token = doctor
    body = api(client, f"/rs/prns/{oid}/ctts?embed=(elements)", token).get_json()
    assert body["stateFacts"] == ["hasSize"] and body["size"] == 2
    by_type = {c["type"]: c for c in body["elements"]}
    assert set(by_type) == {"MBT", "EML"}
    assert by_type["MBT"]["value"] == "+7(916)1234501"
    assert by_type["EML"]["value"] == "ivanova.ms@example.ru"
    for contact in by_type.values():
        assert contact["vrfStu"] == "VERIFIED"
        assert contact["stateFacts"] == ["Identifiable"]
        assert type(contact["id"]) is int and ETAG.match(contact["eTag"])
    assert by_type["MBT"]["id"] != by_type["EML"]["id"]


def test_an_unverified_contact_says_not_verified(client, doctor):
    oid, token = doctor
    client.patch(f"/_mock/api/personas/{oid}", json={"phone_verified": False})
    body = api(client, f"/rs/prns/{oid}/ctts?embed=(elements)", token).get_json()
    states = {c["type"]: c["vrfStu"] for c in body["elements"]}
    assert states == {"MBT": "NOT_VERIFIED", "EML": "VERIFIED"}


@pytest.mark.parametrize(("scope", "types"), [("email", {"EML"}), ("mobile", {"MBT"})])
def test_email_or_mobile_scope_shows_only_that_contact(app, client, registered, demo, scope, types):
    token = tokens_for(app, registered, scope=f"openid fullname {scope}")["access_token"]
    body = api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}/ctts?embed=(elements)", token).get_json()
    assert {c["type"] for c in body["elements"]} == types and body["size"] == 1
    assert (
        len(api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}/ctts", token).get_json()["elements"]) == 1
    )


def test_the_passport_has_esia_document_fields(client, doctor):
    oid, token = doctor
    body = api(client, f"/rs/prns/{oid}/docs?embed=(elements)", token).get_json()
    assert body["size"] == 1
    passport = body["elements"][0]
    assert passport["type"] == "RF_PASSPORT" and passport["vrfStu"] == "VERIFIED"
    assert re.fullmatch(r"\d{4}", passport["series"]) and re.fullmatch(r"\d{6}", passport["number"])
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", passport["issueDate"])
    assert passport["issueId"] and passport["issuedBy"]
    assert passport["stateFacts"] == ["Identifiable"] and ETAG.match(passport["eTag"])
    assert api(client, f"/rs/prns/{oid}", token).get_json()["rIdDoc"] == passport["id"]


def test_addresses_have_esia_fields(app, client, registered, demo):
    oid = demo[DOCTOR_PHONE]
    token = tokens_for(app, registered, scope="openid fullname addresses")["access_token"]
    body = api(client, f"/rs/prns/{oid}/addrs?embed=(elements)", token).get_json()
    address = body["elements"][0]
    assert address["type"] in ("PRG", "PLV") and address["countryId"] == "RUS"
    assert {"addressStr", "zipCode", "region", "city", "street", "house"} <= set(address)
    assert address["stateFacts"] == ["Identifiable"] and ETAG.match(address["eTag"])


def test_the_reviewers_roles_contain_the_accreditation_centre(app, client, registered, demo):
    oid = demo[REVIEWER_PHONE]
    token = tokens_for(app, registered, REVIEWER_PHONE)["access_token"]
    body = api(client, f"/rs/prns/{oid}/roles", token).get_json()
    assert body["stateFacts"] == ["hasSize"] and body["size"] == 1 and ETAG.match(body["eTag"])
    role = body["elements"][0]
    assert role["oid"] == FAC_OID and role["shortName"] == "ФАЦ"
    assert "Федеральный аккредитационный центр" in role["fullName"]
    assert role["prnOid"] == oid and role["type"] == "LEGAL"
    assert role["active"] is True and role["chief"] is False and role["admin"] is False
    assert role["ogrn"] and role["inn"]


def test_a_doctor_without_organisations_has_empty_roles(client, doctor):
    oid, token = doctor
    body = api(client, f"/rs/prns/{oid}/roles", token).get_json()
    assert body["size"] == 0 and body["elements"] == []


def test_organisations_link_to_rs_orgs_and_the_item_route_returns_the_org(
    app, client, registered, demo
):
    oid = demo[REVIEWER_PHONE]
    token = tokens_for(app, registered, REVIEWER_PHONE)["access_token"]
    body = api(client, f"/rs/prns/{oid}/orgs", token, base_url=ESIA_HOST).get_json()
    assert body["elements"] == [f"{ESIA_HOST}/rs/orgs/{FAC_OID}"]
    org = api(client, f"/rs/prns/{oid}/orgs/{FAC_OID}", token).get_json()
    assert org["oid"] == FAC_OID and org["ogrn"] == "1027700000009"
    assert org["inn"] == "7707083893" and org["isLiquidated"] is False and "leg" in org
    assert org["stateFacts"] == ["Identifiable"] and ETAG.match(org["eTag"])


def test_the_organisation_link_in_orgs_is_served(app, client, registered, demo):
    """Clients follow element links (spec §5.2); a link the simulator cannot serve is dangling."""
    oid = demo[REVIEWER_PHONE]
    token = tokens_for(app, registered, REVIEWER_PHONE)["access_token"]
    link = api(client, f"/rs/prns/{oid}/orgs", token).get_json()["elements"][0]
    response = api(client, urlsplit(link).path, token)
    assert response.status_code == 200, link
    assert response.get_json()["oid"] == FAC_OID


def test_person_embeds_contacts_and_documents_inline(client, doctor):
    oid, token = doctor
    query = "?embed=(contacts.elements,documents.elements)"
    person = api(client, f"/rs/prns/{oid}{query}", token).get_json()
    assert person["lastName"] == "Иванова"
    assert person["contacts"]["size"] == 2
    assert {c["type"] for c in person["contacts"]["elements"]} == {"MBT", "EML"}
    assert person["documents"]["elements"][0]["type"] == "RF_PASSPORT"
    assert person["documents"]["elements"][0]["id"] == person["rIdDoc"]
    assert "addresses" not in person and "organizations" not in person


def test_person_embeds_nothing_the_token_does_not_grant(app, client, registered, demo):
    token = tokens_for(app, registered, scope="openid fullname")["access_token"]
    query = "?embed=(contacts.elements,documents.elements,addresses.elements)"
    person = api(client, f"/rs/prns/{demo[DOCTOR_PHONE]}{query}", token).get_json()
    assert person["lastName"] == "Иванова"
    assert not {"contacts", "documents", "addresses"} & set(person)
