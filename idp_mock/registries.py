"""Mock state registries the cabinet checks: СФР (SNILS), ФРМР (medical workers), licences.

They are backed by the personas' data; a persona's `registry` facts override what they say, so a
tester can script a SNILS mismatch, a missing ФРМР record or a suspended licence.
"""

from flask import Blueprint, jsonify
from sqlalchemy import select

from common.tester_api.contract import operation
from common.validators import format_snils, snils_digits
from idp_mock.models import Persona, db
from idp_mock.tester.api.registry_facts import FrmrWorker, Licence, RegistryError, SfrRecord

bp = Blueprint("registries", __name__, url_prefix="/registries")


def persona_by_snils(snils: str) -> Persona | None:
    return db.session.scalar(select(Persona).where(Persona.snils == snils_digits(snils)))


SNILS = {"snils": "11 digits, with or without dashes"}
NOT_FOUND = ("Not in the registry", RegistryError)


def described(summary: str, shape) -> dict:
    """How the tester API's OpenAPI document shows a registry lookup."""
    replies = {200: ("Found", shape), 404: NOT_FOUND}
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
