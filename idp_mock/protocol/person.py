"""The person as the ESIA REST API (/rs/prns) shows them: exact field names and formats."""

import hashlib
import json

from common.validators import format_esia_phone, format_snils
from idp_mock import clock
from idp_mock.models import Persona

PERSONAL = ("fullname", "birthdate", "gender", "snils", "inn", "birthplace", "id_doc")
LEGACY_ALL = "http://esia.gosuslugi.ru/usr_inf"
COLLECTION_SCOPES = {
    "ctts": {"contacts", "email", "mobile"},
    "addrs": {"addresses"},
    "docs": {
        "id_doc",
        "medical_doc",
        "military_doc",
        "foreign_passport_doc",
        "drivers_licence_doc",
        "birth_cert_doc",
        "residence_doc",
        "temporary_residence_doc",
    },
    "roles": {"usr_org"},
    "orgs": {"usr_org"},
    "vhls": {"vehicles"},
    "kids": {"kid_fullname", "kid_birthdate", "kid_gender", "kid_snils", "kid_inn"},
}
EMBED_COLLECTIONS = {
    "contacts": "ctts",
    "addresses": "addrs",
    "documents": "docs",
    "vehicles": "vhls",
    "organizations": "orgs",
    "kids": "kids",
}
EVERYTHING = set(PERSONAL) | set().union(*COLLECTION_SCOPES.values())


def granted(scopes: set[str]) -> set[str]:
    """Plain scope names from a token's 'name?oid=…' claim, the legacy usr_inf meaning all."""
    names = {s.split("?", 1)[0] for s in scopes}
    return names | EVERYTHING if LEGACY_ALL in names else names


def etag(body: dict) -> str:
    encoded = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha1(encoded).hexdigest().upper()  # noqa: S324 ESIA eTag, no secret # nosec B324


def with_etag(body: dict) -> dict:
    return {**body, "eTag": etag(body)}


def person(persona: Persona, scopes: set[str]) -> dict:
    body = {
        "stateFacts": ["EntityRoot"],
        "trusted": persona.trusted,
        "status": "REGISTERED",
        "verifying": persona.state == "verifying",
        "containsUpCfmCode": False,
        "citizenship": persona.citizenship,
        "updatedOn": clock.epoch(persona.updated_at),
    }
    if "fullname" in scopes:
        body.update(firstName=persona.first_name, lastName=persona.last_name)
        if persona.middle_name:
            body["middleName"] = persona.middle_name
    if "birthdate" in scopes:
        body["birthDate"] = persona.birth_date.strftime("%d.%m.%Y")
    if "gender" in scopes:
        body["gender"] = persona.gender
    if "birthplace" in scopes and persona.birth_place:
        body["birthPlace"] = persona.birth_place
    if "snils" in scopes and persona.snils:
        body["snils"] = format_snils(persona.snils)
    if "inn" in scopes and persona.inn:
        body["inn"] = persona.inn
    if "id_doc" in scopes and persona.documents:
        body["rIdDoc"] = persona.documents[0]["id"]
    return with_etag(body)


def contact_id(persona: Persona, kind: str) -> int:
    return 14000000 + (persona.oid % 1000000) * 10 + ("MBT", "EML").index(kind) + 1


def contacts(persona: Persona, scopes: set[str]) -> list[dict]:
    items = []
    if persona.phone and scopes & {"contacts", "mobile"}:
        items.append(("MBT", format_esia_phone(persona.phone), persona.phone_verified))
    if persona.email and scopes & {"contacts", "email"}:
        items.append(("EML", persona.email, persona.email_verified))
    return [
        with_etag(
            {
                "stateFacts": ["Identifiable"],
                "id": contact_id(persona, kind),
                "type": kind,
                "vrfStu": "VERIFIED" if verified else "NOT_VERIFIED",
                "value": value,
            }
        )
        for kind, value, verified in items
    ]


def roles(persona: Persona) -> list[dict]:
    return [
        {
            "prnOid": persona.oid,
            "chief": False,
            "admin": False,
            "active": True,
            "hasRightOfSubstitution": False,
            "hasApprovalTabAccess": False,
            "isLiquidated": False,
            "type": "LEGAL",
            **role,
        }
        for role in persona.roles
    ]


def elements(persona: Persona, collection: str, scopes: set[str]) -> list[dict]:
    """The objects of one collection, each with an integer `id` (roles use the org `oid`)."""
    if collection == "ctts":
        return contacts(persona, scopes)
    if collection == "roles":
        return roles(persona)
    if collection == "orgs":
        return [
            with_etag(
                {
                    "stateFacts": ["Identifiable"],
                    "oid": r["oid"],
                    "ogrn": r.get("ogrn"),
                    "inn": r.get("inn"),
                    "leg": r.get("leg", ""),
                    "isLiquidated": False,
                }
            )
            for r in persona.roles
        ]
    source = {"addrs": persona.addresses, "docs": persona.documents}.get(collection, [])
    return [with_etag({"stateFacts": ["Identifiable"], **item}) for item in source]


def element_key(item: dict) -> int:
    return item["id"] if "id" in item else item["oid"]


def collection_body(items: list[dict], links: list[str] | None) -> dict:
    body = {"stateFacts": ["hasSize"], "size": len(items)}
    body["elements"] = links if links is not None else items
    return with_etag(body)
