"""The application wizard: choosing the kind, the steps, and sending it at the last step."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from wtforms.fields import SelectChoice

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from common.responses import render_page_or_block

from .. import applications as apps
from .. import documents as my_documents
from .. import qualification, states, uploads, wizard
from ..access import doctor_required
from ..doc_types import BY_CODE
from ..forms import (
    ConfirmForm,
    ContactsForm,
    DocumentForm,
    DocumentsForm,
    IdentityForm,
    ProfessionalForm,
)
from ..models import Application
from ..states import DOCUMENT_STATUSES
from .shared import choices, drain_body, mine, upload_from, wizard_url

bp = Blueprint("wizard", __name__, url_prefix="/cabinet/applications")
ROWS_ID = "required-documents"
STEP_FORMS = {
    1: IdentityForm,
    2: ContactsForm,
    3: ProfessionalForm,
    wizard.DOCUMENTS_STEP: DocumentsForm,
    wizard.LAST_STEP: ConfirmForm,
}


@bp.get("/new")
@doctor_required
def new_form():
    return render_template(
        "portal/applications/new.html",
        kinds=apps.KINDS,
        drafts=apps.drafts_of(current_user.doctor),
        form=EmptyForm(),
        expired=qualification.certificate_expired(current_user.doctor),
    )


@bp.post("/new")
@doctor_required
def new():
    try:
        application = apps.start(current_user.doctor, request.form.get("kind", ""))
    except ServiceError as error:
        show_error(error)
        return redirect(url_for(".new_form"), 303)
    return redirect(wizard_url(application), 303)


def optional_choices(application: Application) -> list[SelectChoice]:
    return [
        SelectChoice(str(d.id), f"{BY_CODE[d.doc_type].title}: {d.current.filename}")
        for d in wizard.optional_documents(current_user.doctor, application.kind)
    ]


def known_values(step: int) -> dict[str, tuple[str, str]]:
    """What ESIA and the registries know for this step: field -> (value, its source)."""
    if step == 2:
        return wizard.known_contacts(current_user.doctor)
    if step == 3:
        return wizard.known_professional(current_user.doctor)
    return {}


def prepared(application: Application, step: int, known: dict, form=None):
    """The step's form with its choices filled in (and the submission key on the last step)."""
    prefill = {field: value for field, (value, _) in known.items()}
    form = form or STEP_FORMS[step](data={**prefill, **application.data})
    if isinstance(form, ProfessionalForm):
        specialties = ((s, s) for s in wizard.specialties())
        form.specialty.choices = choices([("", "Выберите специальность"), *specialties])
    if isinstance(form, DocumentsForm):
        form.documents.choices = optional_choices(application)
        if request.method == "GET":
            form.documents.data = [str(i) for i in application.document_ids]
    if isinstance(form, ContactsForm) and request.method == "GET":
        form.phone.data = wizard.readable_phone(form.phone.data)
    if isinstance(form, ConfirmForm):
        form.submission_key.data = apps.submission_key(application)
    return form


def sources(form, known: dict) -> dict[str, str]:
    """Where each value shown came from, while it is still the one ESIA or a registry gave."""
    return {
        field: source
        for field, (value, source) in known.items()
        if field in form and wizard.same_value(field, str(form[field].data or ""), value)
    }


def documents_context(application: Application, failed: dict | None = None) -> dict:
    """Step 4's rows: each required document, with an upload form where one is missing."""
    rows = wizard.document_rows(current_user.doctor, application.kind)
    forms = {r.kind.code: DocumentForm(formdata=None, prefix=r.kind.code) for r in rows}
    return {
        "rows": rows,
        "upload_forms": forms | (failed or {}),
        "failed": list((failed or {}).values()),
        "statuses": DOCUMENT_STATUSES,
    }


def step_context(application: Application, step: int, form=None) -> dict:
    known = known_values(step)
    form = prepared(application, step, known, form)
    attached = apps.attached_documents(application) if step == wizard.LAST_STEP else []
    return {
        "application": application,
        "step": step,
        "form": form,
        "steps": wizard.STEPS,
        "kinds": apps.KINDS,
        "doctor": current_user.doctor,
        "sources": sources(form, known),
        "examples": wizard.LICENCE_EXAMPLES,
        "summary_documents": wizard.summary_documents(attached),
        "snils": wizard.readable_snils(current_user.doctor.snils),
        "phone": wizard.readable_phone(application.data.get("phone")),
    }


def step_page(application: Application, step: int, form=None, status: int = 200):
    context = step_context(application, step, form)
    if step == wizard.DOCUMENTS_STEP:
        context |= documents_context(application)
    return render_template("portal/applications/wizard.html", **context), status


def editable(application_id: int, step: int) -> Application:
    """The doctor's application at a step they may open; otherwise a redirect where they can."""
    application = mine(application_id)
    if not states.can_edit(application):
        abort(redirect(url_for("applications.detail", application_id=application.id), 303))
    if step not in wizard.STEPS or step > application.step:
        abort(redirect(wizard_url(application), 303))
    return application


@bp.get("/<int:application_id>/step/<int:step>")
@doctor_required
def step_form(application_id: int, step: int):
    return step_page(editable(application_id, step), step)


@bp.post("/<int:application_id>/step/<int:step>")
@doctor_required
def save_step(application_id: int, step: int):
    application = editable(application_id, step)
    if step == wizard.LAST_STEP:
        return submit(application)
    form = prepared(application, step, {}, STEP_FORMS[step]())
    if not form.validate():
        return step_page(application, step, form, 422)
    values = {**request.form, "documents": request.form.getlist("documents")}
    try:
        wizard.save_step(current_user.doctor, application, step, values)
    except ServiceError as error:
        show_error(error, form)
        return step_page(application, step, form, 422)
    return redirect(wizard_url(application, step=step + 1), 303)


def submit(application: Application):
    form = ConfirmForm()
    confirmed = bool(form.confirm.data) and form.validate()
    try:
        apps.submit(current_user.doctor, application, form.submission_key.data or "", confirmed)
    except ServiceError as error:
        show_error(error, form, fallback="confirm")
        return step_page(application, wizard.LAST_STEP, form, 422)
    flash(f"Заявление отправлено. Номер заявления: {application.number}")
    return redirect(url_for("applications.detail", application_id=application.id), 303)


def rows_response(application: Application, failed: dict | None = None, message: str = ""):
    """Step 4 after an upload; only its rows when htmx asked for them."""
    saved = {**application.data, "documents": [str(i) for i in application.document_ids]}
    form = DocumentsForm(formdata=None, data=saved)
    return render_page_or_block(
        "portal/applications/wizard.html",
        "document_rows",
        ROWS_ID,
        422 if failed else 200,
        message=message,
        **step_context(application, wizard.DOCUMENTS_STEP, form),
        **documents_context(application, failed),
    )


@bp.post("/<int:application_id>/step/4/documents/<code>")
@doctor_required
def upload_document(application_id: int, code: str):
    application = editable(application_id, wizard.DOCUMENTS_STEP)
    kind = wizard.required_kind(application.kind, code) or abort(404)
    form = DocumentForm(prefix=code)
    try:
        if not form.validate():
            return rows_response(application, {code: form})
        my_documents.save_latest(current_user.doctor, kind, upload_from(form))
    except ServiceError as error:
        show_error(error, form)
        return rows_response(application, {code: form})
    message = f"Документ «{kind.title}» загружен в «Мои документы»"
    if request.headers.get("HX-Request") == "true":
        return rows_response(application, message=message)
    flash(message)
    return redirect(wizard_url(application, step=wizard.DOCUMENTS_STEP), 303)


@bp.errorhandler(413)
def too_large(error):
    drain_body()
    code = (request.view_args or {}).get("code", "")
    application_id = (request.view_args or {}).get("application_id")
    if not code or not current_user.is_authenticated:
        return render_template("portal/error.html", title="Файл слишком большой", status=413), 413
    try:
        application = editable(application_id, wizard.DOCUMENTS_STEP)
        wizard.required_kind(application.kind, code) or abort(404)
    except HTTPException as refused:
        return refused.get_response()
    form = DocumentForm(formdata=None, prefix=code)
    form.file.errors = [uploads.too_large(current_app.config["MAX_UPLOAD_BYTES"])]
    response = rows_response(application, {code: form})
    response.status_code = 413
    return response
