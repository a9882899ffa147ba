"""The review console of the accreditation body's staff (ФАЦ)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from common.errors import ServiceError, show_error
from common.forms import EmptyForm

from .. import applications as apps
from .. import documents, states
from .. import review as cases
from ..access import reviewer_required
from ..doc_types import BY_CODE
from ..forms import ApplicationDecisionForm, CommentForm, DecisionForm
from ..models import Application, Doctor, db
from .buttons import press

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.get("/")
@reviewer_required
def queue():
    return render_template(
        "portal/review/queue.html",
        reviewer=current_user.doctor,
        waiting=documents.awaiting_count(),
        cases=cases.queue()[1],
    )


def documents_page(
    form: DecisionForm | None = None, failed_id: int | None = None, status: int = 200
):
    page = max(1, request.args.get("page", 1, type=int))
    items = documents.awaiting_review(page)
    owners = cases.owners_of(items)
    total = documents.awaiting_count()
    return render_template(
        "portal/review/documents.html",
        items=items,
        owners=owners,
        page=page,
        pages=max(1, -(-total // documents.REVIEW_PAGE)),
        total=total,
        page_url=lambda number: url_for(".document_queue", page=number),
        types=BY_CODE,
        form=form or DecisionForm(),
        failed_id=failed_id,
    ), status


@bp.get("/documents")
@reviewer_required
def document_queue():
    return documents_page()


@bp.post("/documents/<int:document_id>")
@reviewer_required
def decide_document(document_id: int):
    document = documents.visible_document(current_user.doctor, document_id) or abort(404)
    form = DecisionForm()
    if not form.validate():
        return documents_page(form, document_id, 422)
    try:
        documents.decide(
            current_user.doctor,
            document,
            request.form.get("decision") == "accept",
            form.reason.data or "",
        )
    except ServiceError as error:
        show_error(error, form, fallback="reason")
        return documents_page(form, document_id, 422)
    flash("Решение сохранено")
    return redirect(url_for(".document_queue"), 303)


def case(application_id: int) -> Application:
    return db.session.get(Application, application_id) or abort(404)


@bp.get("/applications")
@reviewer_required
def application_queue():
    status, kind = request.args.get("status", ""), request.args.get("kind", "")
    # Bounded: a huge age overflows timedelta, a huge page the database's integer (a 500).
    age = min(max(0, request.args.get("age", 0, type=int)), 36_500)
    page = min(max(1, request.args.get("page", 1, type=int)), 100_000)
    items, total = cases.queue(status, kind, age, page)
    items, overdue = cases.overdue_first(items, current_app.config["SERVICE_DAYS"])
    owners = cases.owners_of(items)
    return render_template(
        "portal/review/applications.html",
        items=items,
        owners=owners,
        overdue=overdue,
        statuses=states.APPLICATION_STATUSES,
        filter_statuses=states.QUEUE_FILTERS,
        kinds=apps.KINDS,
        status=status,
        kind=kind,
        age=age,
        page=page,
        pages=max(1, -(-total // cases.PAGE_SIZE)),
        total=total,
        page_url=lambda number: url_for(
            ".application_queue", page=number, status=status, kind=kind, age=age
        ),
    )


def case_page(application: Application, status: int = 200, **forms):
    owner = db.session.get(Doctor, application.doctor_id)
    reviewer = db.session.get(Doctor, application.reviewer_id) if application.reviewer_id else None
    return render_template(
        "portal/review/application.html",
        application=application,
        owner=owner,
        reviewer=reviewer,
        statuses=states.APPLICATION_STATUSES,
        kinds=apps.KINDS,
        journal=apps.journal(application),
        attached=apps.attached_documents(application),
        types=BY_CODE,
        doc_statuses=states.DOCUMENT_STATUSES,
        decision_form=forms.get("decision_form") or ApplicationDecisionForm(formdata=None),
        comment_form=forms.get("comment_form") or CommentForm(formdata=None),
        form=EmptyForm(formdata=None),
    ), status


@bp.get("/applications/<int:application_id>")
@reviewer_required
def application_detail(application_id: int):
    return case_page(case(application_id))


@bp.post("/applications/<int:application_id>/take")
@reviewer_required
def take(application_id: int):
    application = case(application_id)
    return press(
        lambda: cases.take(current_user.doctor, application),
        "Заявление взято в работу",
        url_for(".application_detail", application_id=application.id),
    )


def on_case(application: Application, form_name: str, form, action, fallback: str | None = None):
    """A form posted on a case's page: its errors on the page (422), or back to the page."""
    if not form.validate():
        return case_page(application, 422, **{form_name: form})
    try:
        action()
    except ServiceError as error:
        show_error(error, form, fallback)
        return case_page(application, 422, **{form_name: form})
    return redirect(url_for(".application_detail", application_id=application.id), 303)


@bp.post("/applications/<int:application_id>/decision")
@reviewer_required
def decide_application(application_id: int):
    application, form = case(application_id), ApplicationDecisionForm()

    def decide():
        decision = request.form.get("decision", "")
        cases.decide(current_user.doctor, application, decision, form.reason.data or "")
        flash(f"Решение по заявлению {application.number} сохранено")

    return on_case(application, "decision_form", form, decide, fallback="reason")


@bp.post("/applications/<int:application_id>/comment")
@reviewer_required
def comment(application_id: int):
    application, form = case(application_id), CommentForm()
    return on_case(
        application,
        "comment_form",
        form,
        lambda: cases.comment(current_user.doctor, application, form.comment.data or ""),
    )
