"""The tester API under /_mock/api/: clients, personas, the outbox, the clock, reset."""

from cryptography import x509
from flask import Response, abort, jsonify
from sqlalchemy import delete, select

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
from idp_mock.tester.api import bodies, replies
from idp_mock.tester.api.blueprint import tester_blueprint
from idp_mock.tester.api.contract import Reply, operation
from idp_mock.tester.api.openapi import openapi_document

bp = tester_blueprint("mock_api", __name__)
NO_PERSON = "No such person"


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
@operation("Registered relying parties", {200: ("OK", list[replies.Client])})
def list_clients():
    return jsonify([client_json(c) for c in db.session.scalars(select(Client))])


def check_certificate(body: bodies.ClientRegistration) -> None:
    if body.certificate_pem:
        try:
            x509.load_pem_x509_certificate(body.certificate_pem.encode())
        except ValueError:
            raise ServiceError("certificate_pem", "Сертификат должен быть в формате PEM") from None
    elif body.signature_mode != "off":
        raise ServiceError("certificate_pem", "Без сертификата допустим только режим off")


@bp.post("/clients")
@operation(
    "Register or replace a relying party",
    {201: ("Registered", replies.Client)},
    body=bodies.ClientRegistration,
)
def register_client(body: bodies.ClientRegistration):
    check_certificate(body)
    client = db.session.get(Client, body.client_id) or Client(client_id=body.client_id)
    for name, value in body.model_dump(exclude={"client_id"}).items():
        setattr(client, name, value)
    db.session.add(client)
    db.session.commit()
    return jsonify(client_json(client)), 201


@bp.get("/signing-cert")
@operation(
    "PEM certificate whose key signs the tokens",
    {200: Reply("PEM", str, "application/x-pem-file")},
)
def signing_cert():
    pem = keys.active().certificate_pem
    return Response(pem, mimetype="application/x-pem-file")


@bp.get("/personas")
@operation("All test people", {200: ("OK", list[replies.Persona])})
def list_personas():
    people = db.session.scalars(select(Persona).order_by(Persona.oid))
    return jsonify([personas.as_json(p) for p in people])


@bp.post("/personas")
@operation("Create a test person", {201: ("Created", replies.Persona)}, body=bodies.NewPersona)
def create_persona(body: bodies.NewPersona):
    return jsonify(personas.as_json(personas.create(body.changes()))), 201


def persona_or_404(oid: int) -> Persona:
    return db.session.get(Persona, oid) or abort(404)


@bp.get("/personas/<int:oid>")
@operation("One test person", {200: ("OK", replies.Persona), 404: NO_PERSON})
def show_persona(oid: int):
    return jsonify(personas.as_json(persona_or_404(oid)))


@bp.patch("/personas/<int:oid>")
@operation(
    "Change fields of a test person (password, level, registry facts…)",
    {200: ("Changed", replies.Persona), 404: NO_PERSON},
    body=bodies.PersonaChanges,
)
def change_persona(oid: int, body: bodies.PersonaChanges):
    persona = personas.apply(persona_or_404(oid), body.changes())
    db.session.commit()
    return jsonify(personas.as_json(persona))


@bp.delete("/personas/<int:oid>")
@operation("Delete a test person", {204: "Deleted", 404: NO_PERSON})
def delete_persona(oid: int):
    db.session.delete(persona_or_404(oid))
    db.session.commit()
    return "", 204


@bp.post("/personas/<int:oid>/unlock")
@operation("Lift a password lockout now", {200: ("Unlocked", replies.Persona), 404: NO_PERSON})
def unlock_persona(oid: int):
    persona = personas.apply(persona_or_404(oid), {"locked_until": None})
    db.session.commit()
    return jsonify(personas.as_json(persona))


@bp.get("/messages")
@operation(
    "SMS and e-mails sent, newest first (at most 200)",
    {200: ("OK", list[replies.Message])},
    query=bodies.MessagesQuery,
)
def list_messages(query: bodies.MessagesQuery):
    found = select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(200)
    if query.to:
        found = found.where(Message.to == query.to)
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
            for m in db.session.scalars(found)
        ]
    )


def clock_json() -> dict:
    return {"now": clock.now().isoformat() + "Z", "offset_seconds": clock.offset()}


@bp.get("/clock")
@operation("The simulator's current time", {200: ("OK", replies.Clock)})
def show_clock():
    return jsonify(clock_json())


@bp.post("/clock")
@operation("Move the clock forward", {200: ("Moved", replies.Clock)}, body=bodies.ClockMove)
def move_clock(body: bodies.ClockMove):
    clock.advance(body.advance_seconds)
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
@operation(
    "Wipe people, logins, tokens, messages and clock; reseed the demo personas",
    {200: ("Reset", replies.ResetDone)},
    body=bodies.Reset,
    body_required=False,
)
def reset(body: bodies.Reset):
    """Wipe people, logins, tokens, messages and the clock; reseed. Clients stay unless asked."""
    for table in STATE_TABLES:
        db.session.execute(delete(table))
    if body.clients:
        db.session.execute(delete(Client))
    clock.advance(-clock.offset())
    people = seed.seed_demo()
    return jsonify({"personas": len(people), "clock": clock_json()})
