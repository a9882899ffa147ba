"""The tester API under /_mock/api/: clients, personas, the outbox, the clock, reset."""

from cryptography import x509
from flask import Blueprint, Response, abort, jsonify, request
from sqlalchemy import delete, select

from common.admin import admin_token_guard
from common.errors import ServiceError
from idp_mock import clock
from idp_mock.models import (
    AuthCode,
    AuthRequest,
    Client,
    Fault,
    IssuedToken,
    LoginThrottle,
    Message,
    OtpChallenge,
    Persona,
    SigningKeyRecord,
    SsoSession,
    db,
)
from idp_mock.protocol import keys
from idp_mock.tester import personas, seed
from idp_mock.tester.api.openapi import openapi_document

bp = Blueprint("mock_api", __name__, url_prefix="/_mock/api")
SIGNATURE_MODES = ("strict", "lenient", "off")


bp.before_request(admin_token_guard("IDP_ADMIN_TOKEN"))


@bp.errorhandler(ServiceError)
def invalid(error: ServiceError):
    db.session.rollback()
    return jsonify({"error": error.message, "field": error.field}), 422


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


def client_json(client: Client) -> dict:
    return {
        "client_id": client.client_id,
        "name": client.name,
        "certificate_pem": client.certificate_pem,
        "redirect_uris": client.redirect_uris,
        "scopes": client.scopes,
        "signature_mode": client.signature_mode,
        "post_logout_redirect_uris": client.post_logout_redirect_uris or [],
    }


@bp.get("/clients")
def list_clients():
    return jsonify([client_json(c) for c in db.session.scalars(select(Client))])


def checked_client_fields(data: dict) -> dict:
    mode = data.get("signature_mode", "strict")
    if mode not in SIGNATURE_MODES:
        raise ServiceError("signature_mode", "signature_mode: strict, lenient или off")
    pem = data.get("certificate_pem") or ""
    if pem:
        try:
            x509.load_pem_x509_certificate(pem.encode())
        except ValueError:
            raise ServiceError("certificate_pem", "Сертификат должен быть в формате PEM") from None
    elif mode != "off":
        raise ServiceError("certificate_pem", "Без сертификата допустим только режим off")
    uris = data.get("redirect_uris")
    if not uris or not all(isinstance(u, str) and u.startswith("http") for u in uris):
        raise ServiceError("redirect_uris", "Укажите хотя бы один адрес возврата http(s)://…")
    after_logout = data.get("post_logout_redirect_uris") or []
    if not all(isinstance(u, str) and u.startswith("http") for u in after_logout):
        raise ServiceError("post_logout_redirect_uris", "Адреса после выхода: http(s)://…")
    return {
        "post_logout_redirect_uris": after_logout,
        "certificate_pem": pem,
        "redirect_uris": uris,
        "signature_mode": mode,
        "scopes": data.get("scopes") or [],
        "name": data.get("name", ""),
    }


@bp.post("/clients")
def register_client():
    data = request.get_json(silent=True) or {}
    if not data.get("client_id"):
        raise ServiceError("client_id", "Укажите client_id (мнемонику системы)")
    fields = checked_client_fields(data)
    client = db.session.get(Client, data["client_id"]) or Client(client_id=data["client_id"])
    for name, value in fields.items():
        setattr(client, name, value)
    db.session.add(client)
    db.session.commit()
    return jsonify(client_json(client)), 201


@bp.get("/signing-cert")
def signing_cert():
    pem = keys.active().certificate_pem
    return Response(pem, mimetype="application/x-pem-file")


@bp.get("/personas")
def list_personas():
    people = db.session.scalars(select(Persona).order_by(Persona.oid))
    return jsonify([personas.as_json(p) for p in people])


@bp.post("/personas")
def create_persona():
    return jsonify(personas.as_json(personas.create(request.get_json(silent=True) or {}))), 201


def persona_or_404(oid: int) -> Persona:
    return db.session.get(Persona, oid) or abort(404)


@bp.get("/personas/<int:oid>")
def show_persona(oid: int):
    return jsonify(personas.as_json(persona_or_404(oid)))


@bp.patch("/personas/<int:oid>")
def change_persona(oid: int):
    persona = personas.apply(persona_or_404(oid), request.get_json(silent=True) or {})
    db.session.commit()
    return jsonify(personas.as_json(persona))


@bp.delete("/personas/<int:oid>")
def delete_persona(oid: int):
    db.session.delete(persona_or_404(oid))
    db.session.commit()
    return "", 204


@bp.post("/personas/<int:oid>/unlock")
def unlock_persona(oid: int):
    persona = personas.apply(persona_or_404(oid), {"locked_until": None})
    db.session.commit()
    return jsonify(personas.as_json(persona))


@bp.get("/messages")
def list_messages():
    query = select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(200)
    if request.args.get("to"):
        query = query.where(Message.to == request.args["to"])
    return jsonify(
        [
            {
                "id": m.id,
                "channel": m.channel,
                "to": m.to,
                "body": m.body,
                "code": m.code,
                "sent_at": m.created_at.isoformat() + "Z",
            }
            for m in db.session.scalars(query)
        ]
    )


def clock_json() -> dict:
    return {"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()}


@bp.get("/clock")
def show_clock():
    return jsonify(clock_json())


MAX_ADVANCE = 100 * 365 * 24 * 3600


@bp.post("/clock")
def move_clock():
    seconds = (request.get_json(silent=True) or {}).get("advance_seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= MAX_ADVANCE:
        raise ServiceError(
            "advance_seconds", "advance_seconds: целое число секунд от 0 до 3 153 600 000 (100 лет)"
        )
    clock.advance(seconds)
    return jsonify(clock_json())


STATE_TABLES = (
    Fault,
    SigningKeyRecord,
    IssuedToken,
    AuthCode,
    OtpChallenge,
    SsoSession,
    AuthRequest,
    Message,
    LoginThrottle,
    Persona,
)


@bp.post("/reset")
def reset():
    """Wipe people, logins, tokens, messages and the clock; reseed. Clients stay unless asked."""
    wipe_clients = bool((request.get_json(silent=True) or {}).get("clients"))
    for table in STATE_TABLES:
        db.session.execute(delete(table))
    if wipe_clients:
        db.session.execute(delete(Client))
    clock.advance(-clock.offset())
    people = seed.seed_demo()
    return jsonify({"personas": len(people), "clock": clock_json()})
