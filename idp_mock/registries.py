"""Mock state registries the cabinet checks: СФР (SNILS), ФРМР (medical workers), licences.

They are backed by the personas' data; a persona's `registry` facts override what they say, so a
tester can script a SNILS mismatch, a missing ФРМР record or a suspended licence.

They answer a relying party that shows a system token with the `registries` scope (OAuth2
client credentials at the token endpoint); on a training stand (tester API on) they also stay
open to anyone, so testers can read them.
"""

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import select

from common.admin import bearer_token
from common.tester_api.contract import operation
from common.validators import format_snils, snils_digits
from idp_mock.models import Persona, db
from idp_mock.protocol.system_tokens import REGISTRIES, NotAuthorized, verify
from idp_mock.tester.api.registry_facts import FrmrWorker, Licence, RegistryError, SfrRecord

bp = Blueprint("registries", __name__, url_prefix="/registries")
# Status: (RFC 6750 error, our error, message).
REFUSALS = {
    401: (
        "invalid_token",
        "UNAUTHORIZED",
        "Нужен заголовок Authorization: Bearer <токен системы со scope registries>",
    ),
    403: ("insufficient_scope", "FORBIDDEN", "У токена нет доступа к реестрам (scope registries)"),
}


@bp.before_request
def require_system_token():
    """A shown token must verify; no token is enough only on a training stand."""
    header = request.headers.get("Authorization")
    if header is None and current_app.config["TEST_API"]:
        return None
    try:
        verify(bearer_token(header), REGISTRIES)
    except NotAuthorized as refusal:
        return refused(refusal.status)
    return None


def refused(status: int):
    # See: RFC 6750 §3 for the WWW-Authenticate challenge.
    challenge, error, message = REFUSALS[status]
    reply = jsonify({"error": error, "message": message})
    reply.status_code = status
    reply.headers["WWW-Authenticate"] = (
        f'Bearer realm="registries", scope="{REGISTRIES}", error="{challenge}"'
    )
    return reply


def persona_by_snils(snils: str) -> Persona | None:
    return db.session.scalar(select(Persona).where(Persona.snils == snils_digits(snils)))


SNILS = {"snils": "11 digits, with or without dashes"}
NOT_FOUND = ("Not in the registry", RegistryError)


def described(summary: str, shape) -> dict:
    """How the tester API's OpenAPI document shows a registry lookup."""
    replies = {
        200: ("Found", shape),
        401: ("No system token (needed with the tester API off), or a bad one", RegistryError),
        403: ("The token has no registries scope", RegistryError),
        404: NOT_FOUND,
    }
    return {"summary": summary, "replies": replies, "path_help": SNILS, "tags": ("registries",)}


def not_found(message: str):
    return jsonify({"error": "NOT_FOUND", "message": message}), 404


@bp.get("/sfr/snils/<snils>")
@operation(**described("СФР: the person a SNILS belongs to", SfrRecord))
def sfr_person(snils: str):
    persona = persona_by_snils(snils)
    facts = (persona.registry or {}).get("sfr", {}) if persona else {}
    if persona is None or not facts.get("registered", True):
        return not_found("СНИЛС не найден в СФР")
    record = {
        "snils": format_snils(persona.snils),
        "lastName": persona.last_name,
        "firstName": persona.first_name,
        "middleName": persona.middle_name,
        "birthDate": persona.birth_date.isoformat(),
        "status": "ACTIVE",
    }
    record.update(facts.get("override", {}))
    return jsonify(record)


@bp.get("/frmr/workers/<snils>")
@operation(**described("ФРМР: a medical worker and their certificates", FrmrWorker))
def frmr_worker(snils: str):
    persona = persona_by_snils(snils)
    frmr = (persona.registry or {}).get("frmr") if persona else None
    if not frmr:
        return not_found("Медицинский работник не найден в ФРМР")
    certificates = [frmr["certificate"]] if frmr.get("certificate") else []
    return jsonify(
        {
            "snils": format_snils(persona.snils),
            "fullName": persona.full_name,
            "birthDate": persona.birth_date.isoformat(),
            "certificates": certificates,
            "education": frmr.get("education", []),
        }
    )


@bp.get("/licences/by-worker/<snils>")
@operation(**described("Росздравнадзор: the medical licence of the worker's employer", Licence))
def licence_of_worker(snils: str):
    persona = persona_by_snils(snils)
    licence = (persona.registry or {}).get("licence") if persona else None
    if not licence:
        return not_found("Лицензия работодателя не найдена")
    return jsonify(licence)
