"""Мои заявки: the five-step wizard, the list, the detail with live status, the actions."""

import hashlib
from datetime import datetime, time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields import SelectChoice

from common.errors import ServiceError
from common.forms import EmptyForm
from common.fragments import render_page_or_block

from .. import applications as apps
from .. import documents, review
from ..access import doctor_required
from ..doc_types import BY_CODE
from ..forms import (
    ConfirmForm,
    ContactsForm,
    DocumentsForm,
    FilterForm,
    IdentityForm,
    ProfessionalForm,
)
from ..models import Application, db

bp = Blueprint("applications", __name__, url_prefix="/cabinet/applications")
STEP_FORMS = {1: IdentityForm, 2: ContactsForm, 3: ProfessionalForm, 4: DocumentsForm}
PAGE_SIZE = 20


def mine(application_id: int) -> Application:
    return apps.owned(current_user.doctor, application_id) or abort(404)


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def filter_form() -> FilterForm:
    form = FilterForm(request.args)
    form.status.choices = choices([("", "Любой"), *apps.STATUSES.items()])
    form.kind.choices = choices([("", "Любой"), *apps.KINDS.items()])
    return form


def filtered(form: FilterForm):
    query = select(Application).where(Application.doctor_id == current_user.doctor_id)
    if form.status.data in apps.STATUSES:
        query = query.where(Application.status == form.status.data)
    if form.kind.data in apps.KINDS:
        query = query.where(Application.kind == form.kind.data)
    if form.date_from.data:
        query = query.where(Application.created_at >= datetime.combine(form.date_from.data, time()))
    if form.date_to.data:
        query = query.where(Application.created_at <= datetime.combine(form.date_to.data, time.max))
    return query


@bp.get("/")
@doctor_required
def index():
    form = filter_form()
    form.validate()
    query = filtered(form)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = min(max(1, request.args.get("page", 1, type=int)), 100_000)  # SQLite's integer
    items = list(
        db.session.scalars(
            query.order_by(Application.created_at.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    etag = list_etag(items)
    if request.headers.get("HX-Request") and etag in request.if_none_match:
        return not_modified(etag)
    response = render_page_or_block(
        "portal/applications/index.html",
        "rows",
        "application-rows",
        items=items,
        form=form,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        statuses=apps.STATUSES,
        kinds=apps.KINDS,
        any_open=any(i.status not in apps.FINAL for i in items),
        page_url=page_url,
    )
    response.set_etag(etag)
    return response


def page_url(number: int) -> str:
    args = {k: v for k, v in request.args.items() if k != "page"}
    return url_for(".index", page=number, **args)


def list_etag(items: list[Application]) -> str:
    state = "|".join(f"{i.id}:{i.status}:{i.updated_at.isoformat()}" for i in items)
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def not_modified(etag: str):
    response = make_response("", 304)
    response.set_etag(etag)
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response


@bp.get("/new")
@doctor_required
def new_form():
    return render_template(
        "portal/applications/new.html",
        kinds=apps.KINDS,
        drafts=apps.drafts_of(current_user.doctor),
        form=EmptyForm(),
        expired=apps.qualification.certificate_expired(current_user.doctor),
    )


@bp.post("/new")
@doctor_required
def new():
    if not EmptyForm().validate():
        return redirect(url_for(".new_form"), 303)
    try:
        application = apps.start(current_user.doctor, request.form.get("kind", ""))
    except ServiceError as error:
        flash(error.message)
        return redirect(url_for(".new_form"), 303)
    return redirect(
        url_for(
            ".step_form",
            application_id=application.id,
            step=application.step if application.step <= 5 else 5,
        ),
        303,
    )


def prepared(application: Application, step: int, form=None):
    form = form or (
        STEP_FORMS[step](data=application.data) if step in STEP_FORMS else ConfirmForm()
    )
    if step == 3:
        form.specialty.choices = choices(
            [("", "Выберите специальность"), *((s, s) for s in apps.specialties())]
        )
    if step == 4:
        form.documents.choices = [
            SelectChoice(str(d.id), f"{BY_CODE[d.doc_type].title}: {d.current.filename}")
            for d in documents.documents_of(current_user.doctor)
        ]
        if request.method == "GET":
            form.documents.data = [str(i) for i in application.document_ids]
    if step == 5:
        form.submission_key.data = apps.submission_key(application)
    return form


def step_page(application: Application, step: int, form=None, status: int = 200):
    form = prepared(application, step, form)
    return render_template(
        "portal/applications/wizard.html",
        application=application,
        step=step,
        form=form,
        steps=apps.STEPS,
        kinds=apps.KINDS,
        doctor=current_user.doctor,
        required=[BY_CODE[c] for c in apps.REQUIRED_DOCUMENTS[application.kind]],
        chosen=review.application_documents(application),
    ), status


def editable(application_id: int, step: int) -> Application:
    application = mine(application_id)
    if application.status not in apps.EDITABLE:
        abort(redirect(url_for(".detail", application_id=application.id), 303))
    if step not in apps.STEPS or step > application.step:
        abort(
            redirect(
                url_for(".step_form", application_id=application.id, step=min(application.step, 5)),
                303,
            )
        )
    return application


@bp.get("/<int:application_id>/step/<int:step>")
@doctor_required
def step_form(application_id: int, step: int):
    return step_page(editable(application_id, step), step)


@bp.post("/<int:application_id>/step/<int:step>")
@doctor_required
def save_step(application_id: int, step: int):
    application = editable(application_id, step)
    if step == 5:
        return submit(application)
    form = prepared(application, step, STEP_FORMS[step]())
    if not form.validate():
        return step_page(application, step, form, 422)
    values = {**request.form, "documents": request.form.getlist("documents")}
    try:
        apps.save_step(current_user.doctor, application, step, values)
    except ServiceError as error:
        (form[error.field].errors.append if error.field in form else flash)(error.message)
        return step_page(application, step, form, 422)
    return redirect(url_for(".step_form", application_id=application.id, step=step + 1), 303)


def submit(application: Application):
    form = ConfirmForm()
    try:
        apps.submit(
            current_user.doctor,
            application,
            form.submission_key.data or "",
            bool(form.confirm.data) and form.validate(),
        )
    except ServiceError as error:
        form.confirm.errors = [error.message]
        return step_page(application, 5, form, 422)
    flash(f"Заявление отправлено. Номер заявления: {application.number}")
    return redirect(url_for(".detail", application_id=application.id), 303)


def detail_context(application: Application) -> dict:
    return {
        "application": application,
        "statuses": apps.STATUSES,
        "kinds": apps.KINDS,
        "final": application.status in apps.FINAL,
        "journal": apps.journal(application),
        "attached": review.application_documents(application),
        "types": BY_CODE,
        "overdue": apps.overdue(application, current_app.config["SERVICE_DAYS"]),
        "form": EmptyForm(formdata=None),
    }


@bp.get("/<int:application_id>")
@doctor_required
def detail(application_id: int):
    application = mine(application_id)
    if application.status == "draft":
        return redirect(
            url_for(".step_form", application_id=application.id, step=min(application.step, 5)), 303
        )
    return render_template("portal/applications/detail.html", **detail_context(application))


def status_etag(application: Application) -> str:
    return hashlib.sha256(f"{application.status}:{application.updated_at}".encode()).hexdigest()[
        :20
    ]


@bp.get("/<int:application_id>/status")
@doctor_required
def status(application_id: int):
    """The polled status: 304 when unchanged, 286 once final (htmx then stops polling)."""
    application = mine(application_id)
    etag = status_etag(application)
    if etag in request.if_none_match:
        return not_modified(etag)
    body = render_template("portal/applications/_status.html", **detail_context(application))
    final = application.status in apps.FINAL
    response = make_response(body, 286 if final else 200)
    response.set_etag(etag)
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response


@bp.get("/<int:application_id>/cancel")
@doctor_required
def cancel_form(application_id: int):
    return render_template(
        "portal/applications/cancel.html", application=mine(application_id), form=EmptyForm()
    )


@bp.post("/<int:application_id>/cancel")
@doctor_required
def cancel(application_id: int):
    application = mine(application_id)
    if EmptyForm().validate():
        try:
            apps.cancel(current_user.doctor, application)
            flash("Заявление отменено")
        except ServiceError as error:
            flash(error.message)
    return redirect(url_for(".detail", application_id=application.id), 303)


@bp.post("/<int:application_id>/repeat")
@doctor_required
def repeat(application_id: int):
    application = mine(application_id)
    if not EmptyForm().validate():
        return redirect(url_for(".detail", application_id=application.id), 303)
    try:
        draft = apps.repeat(current_user.doctor, application)
    except ServiceError as error:
        flash(error.message)
        return redirect(url_for(".detail", application_id=application.id), 303)
    return redirect(url_for(".step_form", application_id=draft.id, step=1), 303)


@bp.get("/<int:application_id>/extract")
@doctor_required
def extract(application_id: int):
    """«Получить выписку»: the signed PDF kept among the doctor's documents."""
    application = mine(application_id)
    document = application.extract_document_id and documents.visible_document(
        current_user.doctor, application.extract_document_id
    )
    if not document:
        abort(404)
    endpoint = (
        "documents.download_signature"
        if request.args.get("part") == "signature"
        else ("documents.download")
    )
    return redirect(url_for(endpoint, version_id=document.current.id), 303)
