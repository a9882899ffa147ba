"""The application wizard: choosing the kind, the steps, and sending it at the last step."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields import SelectChoice

from common.errors import ServiceError, show_error
from common.forms import EmptyForm

from .. import applications as apps
from .. import documents, qualification, states, wizard
from ..access import doctor_required
from ..doc_types import BY_CODE
from ..forms import ConfirmForm, ContactsForm, DocumentsForm, IdentityForm, ProfessionalForm
from ..models import Application
from .shared import choices, mine, wizard_url

bp = Blueprint("wizard", __name__, url_prefix="/cabinet/applications")
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


def my_documents() -> list[SelectChoice]:
    return [
        SelectChoice(str(d.id), f"{BY_CODE[d.doc_type].title}: {d.current.filename}")
        for d in documents.documents_of(current_user.doctor)
    ]


def prepared(application: Application, step: int, form=None):
    """The step's form with its choices filled in (and the submission key on the last step)."""
    form = form or STEP_FORMS[step](data=application.data)
    if isinstance(form, ProfessionalForm):
        specialties = ((s, s) for s in wizard.specialties())
        form.specialty.choices = choices([("", "Выберите специальность"), *specialties])
    if isinstance(form, DocumentsForm):
        form.documents.choices = my_documents()
        if request.method == "GET":
            form.documents.data = [str(i) for i in application.document_ids]
    if isinstance(form, ConfirmForm):
        form.submission_key.data = apps.submission_key(application)
    return form


def step_page(application: Application, step: int, form=None, status: int = 200):
    form = prepared(application, step, form)
    return render_template(
        "portal/applications/wizard.html",
        application=application,
        step=step,
        form=form,
        steps=wizard.STEPS,
        kinds=apps.KINDS,
        doctor=current_user.doctor,
        required=[BY_CODE[c] for c in wizard.REQUIRED_DOCUMENTS[application.kind]],
        chosen=apps.attached_documents(application),
    ), status


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
    form = prepared(application, step, STEP_FORMS[step]())
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
