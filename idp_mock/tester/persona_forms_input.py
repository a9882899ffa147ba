"""A person's console form read as tester-API fields, and a person shown back in that form.

The registry facts the form does not show (ФРМР education, other СФР overrides, a licence's
other fields, other roles) are kept as they are: the form changes only what it shows.
"""

import json

from common.errors import ServiceError
from idp_mock.models import Persona
from idp_mock.tester.console.persona_forms import date_of
from idp_mock.tester.seed import FAC_ROLE

TEXTS = ("last_name", "first_name", "middle_name", "birth_place", "description")
CHOICES = ("gender", "level", "state")
OPTIONAL = ("phone", "email", "snils", "inn")  # empty: the person has none
FLAGS = ("phone_verified", "email_verified")
# The lists the edit form shows as JSON: where each lives in the tester API's fields.
LISTS = ("documents", "addresses", "education")


def iso(text: str | None) -> str | None:
    parsed = date_of(text) if text else None
    return parsed.isoformat() if parsed else None


def with_reviewer(roles: list, reviewer: bool) -> list:
    """The person's organisations with ФАЦ added or taken away."""
    others = [role for role in roles if role.get("oid") != FAC_ROLE["oid"]]
    return [*others, FAC_ROLE] if reviewer else others


def person(data: dict, roles: list) -> dict:
    """Who the person is and their account, as tester-API fields (an empty login: none)."""
    changes = {name: (data.get(name) or "").strip() for name in TEXTS}
    changes |= {name: data.get(name) for name in CHOICES}
    changes |= {name: (data.get(name) or "").strip() or None for name in OPTIONAL}
    changes["citizenship"] = (data.get("citizenship") or "").strip().upper() or "RUS"
    changes["birth_date"] = iso(data.get("birth_date"))
    changes["roles"] = with_reviewer(roles, bool(data.get("reviewer")))
    if data.get("password"):
        changes["password"] = data["password"]
    return changes


def script_of(text: str | None) -> dict:
    try:
        return json.loads(text or "{}")
    except (ValueError, RecursionError):
        raise ServiceError("script", "Сценарий должен быть объектом JSON, например {}") from None


def lists_of(text: str | None) -> dict:
    """The JSON of documents, addresses and education; a list left out is an empty one."""
    refusal = ServiceError("extra", 'Нужен объект JSON: {"documents": [], "addresses": [], …}')
    try:
        lists = json.loads(text or "{}")
    except (ValueError, RecursionError):
        raise refusal from None
    if not isinstance(lists, dict) or set(lists) - set(LISTS):
        raise refusal
    return {name: lists.get(name, []) for name in LISTS}


def changes(persona: Persona, data: dict) -> dict:
    """The whole edit form as a PATCH body."""
    lists = lists_of(data.get("extra"))
    facts = registry(persona.registry or {}, data)
    if "frmr" in facts:
        facts["frmr"] = {**facts["frmr"], "education": lists["education"]}
    return person(data, persona.roles or []) | {
        **{flag: bool(data.get(flag)) for flag in FLAGS},
        "documents": lists["documents"],
        "addresses": lists["addresses"],
        "fixed_code": data.get("fixed_code") or None,
        "script": script_of(data.get("script")),
        "registry": facts,
    }


def registry(current: dict, data: dict) -> dict:
    """The registries' facts: the form's groups laid over what the person has."""
    facts = dict(current)
    facts["sfr"] = sfr(current.get("sfr") or {}, data)
    facts["frmr"] = frmr(current.get("frmr") or {}, data)
    facts["licence"] = licence(current.get("licence") or {}, data)
    return {name: value for name, value in facts.items() if value is not None}


def sfr(current: dict, data: dict) -> dict:
    """Data that match have no override; a mismatch keeps the others and sets the surname."""
    override = {}
    if data.get("sfr") == "mismatch":
        override = {**(current.get("override") or {}), "lastName": data["sfr_last_name"].strip()}
    return {**current, "registered": data.get("sfr") != "missing", "override": override}


def frmr(current: dict, data: dict) -> dict | None:
    if data.get("frmr") != "present":
        return None
    certificate = {
        **(current.get("certificate") or {}),
        "kind": data.get("certificate_kind"),
        "number": (data.get("certificate_number") or "").strip() or None,
        "specialty": (data.get("certificate_specialty") or "").strip() or None,
        "issued": iso(data.get("certificate_issued")),
        "valid_until": iso(data.get("certificate_valid_until")),
        "status": data.get("certificate_status"),
    }
    return {**current, "certificate": certificate}


def licence(current: dict, data: dict) -> dict | None:
    if data.get("licence") != "present":
        return None
    return {
        **current,
        "number": (data.get("licence_number") or "").strip() or None,
        "organisation": (data.get("licence_organisation") or "").strip() or None,
        "status": data.get("licence_status"),
    }


def form_fields(persona: Persona) -> dict:
    """The edit form's fields as the person has them now."""
    facts = persona.registry or {}
    return {
        **{name: getattr(persona, name) for name in (*TEXTS, *CHOICES, *OPTIONAL, *FLAGS)},
        "citizenship": persona.citizenship,
        "birth_date": persona.birth_date.isoformat(),
        "state": persona.state or "active",
        "reviewer": any(role.get("oid") == FAC_ROLE["oid"] for role in persona.roles or []),
        "fixed_code": persona.fixed_code,
        "script": json.dumps(persona.script or {}, ensure_ascii=False),
        "extra": lists_json(persona),
        **sfr_fields(facts.get("sfr") or {}),
        **frmr_fields(facts.get("frmr")),
        **licence_fields(facts.get("licence")),
    }


def lists_json(persona: Persona) -> str:
    frmr = (persona.registry or {}).get("frmr") or {}
    lists = {
        "documents": persona.documents or [],
        "addresses": persona.addresses or [],
        "education": frmr.get("education", []),
    }
    return json.dumps(lists, ensure_ascii=False, indent=1)


def sfr_fields(facts: dict) -> dict:
    last_name = (facts.get("override") or {}).get("lastName")
    if not facts.get("registered", True):
        return {"sfr": "missing", "sfr_last_name": last_name}
    mismatch = bool(facts.get("override"))
    return {"sfr": "mismatch" if mismatch else "match", "sfr_last_name": last_name}


def frmr_fields(facts: dict | None) -> dict:
    certificate = (facts or {}).get("certificate") or {}
    return {
        "frmr": "present" if facts else "missing",
        "certificate_kind": certificate.get("kind") or "accreditation",
        "certificate_number": certificate.get("number"),
        "certificate_specialty": certificate.get("specialty"),
        "certificate_issued": certificate.get("issued"),
        "certificate_valid_until": certificate.get("valid_until"),
        "certificate_status": certificate.get("status") or "active",
    }


def licence_fields(facts: dict | None) -> dict:
    return {
        "licence": "present" if facts else "missing",
        "licence_number": (facts or {}).get("number"),
        "licence_organisation": (facts or {}).get("organisation"),
        "licence_status": (facts or {}).get("status") or "active",
    }
