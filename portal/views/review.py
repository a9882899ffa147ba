"""The review console of the accreditation body's staff (ФАЦ)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import documents
from ..access import reviewer_required
from ..doc_types import BY_CODE
from ..errors import ServiceError
from ..forms import DecisionForm
from ..models import Doctor, db

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.get("/")
@reviewer_required
def queue():
    return render_template(
        "portal/review/queue.html",
        reviewer=current_user.doctor,
        waiting=len(documents.awaiting_review()),
    )


def documents_page(
    form: DecisionForm | None = None, failed_id: int | None = None, status: int = 200
):
    items = documents.awaiting_review()
    owners = {d.id: db.session.get(Doctor, d.doctor_id) for d in items}
    return render_template(
        "portal/review/documents.html",
        items=items,
        owners=owners,
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
        form.reason.errors.append(error.message)
        return documents_page(form, document_id, 422)
    flash("Решение сохранено")
    return redirect(url_for(".document_queue"), 303)
