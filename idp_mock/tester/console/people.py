"""Test people from the console: the list, export and import, a new person, one person's page
(all they are and what the registries say of them), unlock, delete."""

import json

from flask import Response, abort, current_app, send_file

from common import demo_document
from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from idp_mock.login import esign, key_containers
from idp_mock.models import Persona, db
from idp_mock.tester import app_codes, console_input, personas
from idp_mock.tester.console.forms import CertificateForm, ImportForm
from idp_mock.tester.console.pages import console_blueprint, done, render
from idp_mock.tester.console.persona_forms import NewPersonaForm, PersonaForm
from idp_mock.tester.persona_forms_input import form_fields

bp = console_blueprint(__name__)
# Where a refusal of the API's models goes when the form has no field of that name.
FIELD_FOR = {"registry": "frmr", "roles": "reviewer", "documents": "extra", "addresses": "extra"}


def refuse(error: ServiceError, form) -> None:
    fallback = FIELD_FOR.get(error.field, "last_name")
    if ".education" in error.message:
        fallback = "extra"
    show_error(error, form, fallback=fallback)


def people_page(form: ImportForm, status: int = 200):
    return render("personas", status, people=personas.listed(), form=form)


@bp.get("/personas")
def people():
    return people_page(ImportForm())


@bp.get("/personas/export")
def export_people():
    body = json.dumps(console_input.export(), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="personas.json"'
    return response


@bp.post("/personas/import")
def import_people():
    form = ImportForm()
    if not form.validate():
        return people_page(form, 422)
    try:
        count = console_input.import_json(form.data.data)
    except ServiceError as error:
        show_error(error, form)
        return people_page(form, 422)
    return done(f"Загружено пользователей: {count}", ".people")


def new_person_page(form: NewPersonaForm, status: int = 200):
    return render("persona_new", status, form=form)


@bp.get("/personas/new")
def new_persona_form():
    return new_person_page(NewPersonaForm(level="confirmed"))


@bp.post("/personas/new")
def create_persona():
    form = NewPersonaForm()
    if not form.validate():
        return new_person_page(form, 422)
    try:
        persona = console_input.create_from_console(form.data)
    except ServiceError as error:
        refuse(error, form)
        return new_person_page(form, 422)
    return done("Пользователь создан", ".persona_form", oid=persona.oid)


def persona_or_404(oid: int) -> Persona:
    return db.session.get(Persona, oid) or abort(404)


def persona_page(persona: Persona, form: PersonaForm, status: int = 200, certificate_form=None):
    certificates = esign.certificates_of(persona)
    return render(
        "persona",
        status,
        persona=persona,
        form=form,
        empty=EmptyForm(),
        certificates=certificates,
        pin=key_containers.DEMO_PIN,
        app_code=app_codes.shown(persona),
        certificate_form=certificate_form or CertificateForm(prefix="esign"),
    )


@bp.post("/personas/<int:oid>/certificates")
def add_certificate(oid: int):
    persona, form = persona_or_404(oid), CertificateForm(prefix="esign")
    if form.validate():
        try:
            data = form.data
            esign.add(
                persona,
                data["label"],
                data["valid_days"],
                data["certificate_pem"] or "",
                data["private_key"] or "",
            )
            return done("Сертификат добавлен", ".persona_form", oid=oid)
        except ServiceError as error:
            show_error(error, form, fallback="label")
    person_form = PersonaForm(data=form_fields(persona))
    return persona_page(persona, person_form, 422, certificate_form=form)


@bp.get("/personas/<int:oid>/certificates/<int:certificate_id>.p12")
def certificate_container(oid: int, certificate_id: int):
    persona = persona_or_404(oid)
    data = key_containers.persons_container(persona, certificate_id) or abort(404)
    response = Response(data, mimetype="application/x-pkcs12")
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate_id}.p12"'
    return response


@bp.get("/demo-document.pdf", defaults={"part": "pdf"})
@bp.get("/demo-document.pdf.sig", defaults={"part": "sig"})
def demo_document_file(part: str):
    """The trainers' signed demo document or its signature (made on first use)."""
    document, signature = demo_document.files(current_app.config["DATA_DIR"])
    if part == "pdf":
        return send_file(document, "application/pdf", as_attachment=True)
    return send_file(signature, "application/pkcs7-signature", as_attachment=True)


@bp.get("/personas/<int:oid>")
def persona_form(oid: int):
    persona = persona_or_404(oid)
    return persona_page(persona, PersonaForm(data=form_fields(persona)))


@bp.get("/personas/<int:oid>/export")
def export_persona(oid: int):
    body = json.dumps([personas.as_json(persona_or_404(oid))], ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="persona-{oid}.json"'
    return response


@bp.post("/personas/<int:oid>")
def change_persona(oid: int):
    persona, form = persona_or_404(oid), PersonaForm()
    if not form.validate():
        return persona_page(persona, form, 422)
    try:
        console_input.change_from_console(persona, form.data)
    except ServiceError as error:
        refuse(error, form)
        return persona_page(persona, form, 422)
    return done("Изменения сохранены", ".persona_form", oid=oid)


@bp.post("/personas/<int:oid>/unlock")
def unlock(oid: int):
    personas.change(persona_or_404(oid), {"locked_until": None})
    return done("Блокировка снята", ".persona_form", oid=oid)


@bp.get("/personas/<int:oid>/delete")
def delete_form(oid: int):
    return render("delete", persona=persona_or_404(oid), form=EmptyForm())


@bp.post("/personas/<int:oid>/delete")
def delete(oid: int):
    personas.delete(persona_or_404(oid))
    return done("Пользователь удалён", ".people")
