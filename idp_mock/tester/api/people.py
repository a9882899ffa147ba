"""The tester API under /_mock/api/: its document, clients, personas and their e-signature
containers, the outbox."""

from flask import Response, abort, current_app, jsonify, send_file, url_for

from common import demo_document
from common.tester_api.contract import Reply, operation
from idp_mock import outbox
from idp_mock.login import esign, key_containers
from idp_mock.models import Group, Persona, db
from idp_mock.protocol import keys
from idp_mock.tester import clients, groups, personas
from idp_mock.tester.api import bodies, replies
from idp_mock.tester.api.blueprint import tester_blueprint
from idp_mock.tester.api.openapi import openapi_document

bp = tester_blueprint("mock_api", __name__)
NO_PERSON = "No such person"


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/clients")
@operation("Registered relying parties", {200: ("OK", list[replies.Client])})
def list_clients():
    return jsonify([clients.as_json(c) for c in clients.listed()])


@bp.post("/clients")
@operation(
    "Register or replace a relying party",
    {201: ("Registered", replies.Client)},
    body=bodies.ClientRegistration,
)
def register_client(body: bodies.ClientRegistration):
    return jsonify(clients.as_json(clients.register(body.model_dump()))), 201


@bp.get("/signing-cert")
@operation(
    "PEM certificate whose key signs the tokens",
    {200: Reply("PEM", str, "application/x-pem-file")},
)
def signing_cert():
    pem = keys.active().certificate_pem
    return Response(pem, mimetype="application/x-pem-file")


@bp.get("/personas")
@operation("The test people outside every group", {200: ("OK", list[replies.Persona])})
def list_personas():
    return jsonify(personas.listed_as_json())


@bp.post("/personas")
@operation(
    "Create a test person (in a group when `group` is given)",
    {201: ("Created", replies.Persona), 404: "No such group"},
    body=bodies.NewPersona,
)
def create_persona(body: bodies.NewPersona):
    data = body.changes()
    if data.get("group") is None:
        data.pop("group", None)
        return jsonify(personas.as_json(personas.create(data))), 201
    group = db.session.get(Group, data.pop("group")) or abort(404)
    return jsonify(personas.as_json(groups.add_person(group, data))), 201


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
    persona = personas.change(persona_or_404(oid), body.changes())
    return jsonify(personas.as_json(persona))


@bp.delete("/personas/<int:oid>")
@operation("Delete a test person", {204: "Deleted", 404: NO_PERSON})
def delete_persona(oid: int):
    personas.delete(persona_or_404(oid))
    return "", 204


@bp.post("/personas/<int:oid>/unlock")
@operation("Lift a password lockout now", {200: ("Unlocked", replies.Persona), 404: NO_PERSON})
def unlock_persona(oid: int):
    persona = personas.change(persona_or_404(oid), {"locked_until": None})
    return jsonify(personas.as_json(persona))


@bp.get("/messages")
@operation(
    "SMS and e-mails sent, newest first (at most 200)",
    {200: ("OK", list[replies.Message])},
    query=bodies.MessagesQuery,
)
def list_messages(query: bodies.MessagesQuery):
    return jsonify([outbox.as_json(m) for m in outbox.latest(query.to or "", exact=True)])


def certificate_json(oid: int, certificate) -> dict:
    starts, ends = esign.validity(certificate)
    return {
        "id": certificate.id,
        "owner_name": certificate.owner_name,
        "label": certificate.label,
        "not_before": starts.isoformat() + "Z",
        "not_after": ends.isoformat() + "Z",
        "revoked": certificate.revoked,
        "pin": key_containers.DEMO_PIN,
        "container_url": url_for(
            ".certificate_container", oid=oid, certificate_id=certificate.id, _external=True
        ),
    }


@bp.get("/personas/<int:oid>/certificates")
@operation(
    "The person's e-signature certificates (one is issued to a person with a SNILS who has "
    "none), each with its key container's link and PIN",
    {200: ("OK", list[replies.Certificate]), 404: NO_PERSON},
)
def list_certificates(oid: int):
    persona = persona_or_404(oid)
    return jsonify([certificate_json(oid, c) for c in esign.certificates_of(persona)])


@bp.get("/personas/<int:oid>/certificates/<int:certificate_id>.p12")
@operation(
    "The certificate's key container as a PKCS#12 file, locked by the demo PIN",
    {200: Reply("PKCS#12", bytes, "application/x-pkcs12"), 404: NO_PERSON},
)
def certificate_container(oid: int, certificate_id: int):
    persona = persona_or_404(oid)
    data = key_containers.persons_container(persona, certificate_id) or abort(404)
    response = Response(data, mimetype="application/x-pkcs12")
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate_id}.p12"'
    return response


@bp.post("/personas/<int:oid>/certificates")
@operation(
    "Give the person an e-signature certificate: issued by the stand's GOST demo root, or "
    "the tester's own GOST certificate with its key; the person logs in with it by signature",
    {201: ("Added", replies.Certificate), 404: NO_PERSON},
    body=bodies.NewCertificate,
)
def add_certificate(oid: int, body: bodies.NewCertificate):
    persona = persona_or_404(oid)
    added = esign.add(persona, body.label, body.valid_days, body.certificate_pem, body.private_key)
    return jsonify(certificate_json(oid, added)), 201


@bp.get("/demo-document.pdf")
@operation(
    "The trainers' demo document, made on first use: upload it with its signature "
    "(demo-document.pdf.sig) to the cabinet's documents to show a verified signature",
    {200: Reply("PDF", bytes, "application/pdf")},
)
def demo_document_pdf():
    return demo_file(0, "application/pdf")


@bp.get("/demo-document.pdf.sig")
@operation(
    "The demo document's detached GOST R 34.10-2012 CMS signature (DER), by a certificate "
    "of the stand's GOST demo root",
    {200: Reply("CMS", bytes, "application/pkcs7-signature")},
)
def demo_document_signature():
    return demo_file(1, "application/pkcs7-signature")


def demo_file(which: int, mimetype: str):
    """The demo document (0) or its signature (1), made on first use, as a download."""
    path = demo_document.files(current_app.config["DATA_DIR"])[which]
    return send_file(path, mimetype, as_attachment=True)
