"""Мои заявки: the list, an application's page and what the applicant may do with it."""

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from common.responses import REVALIDATE, not_modified, render_page_or_block, wants_block

from .. import applications as apps
from .. import issued, polls, states
from ..access import doctor_required
from ..forms import FilterForm
from .buttons import press
from .shared import choices, detail_context, mine, wizard_url

bp = Blueprint("applications", __name__, url_prefix="/cabinet/applications")


def filter_form() -> FilterForm:
    form = FilterForm(request.args)
    form.status.choices = choices([("", "Любой"), *states.APPLICATION_STATUSES.items()])
    form.kind.choices = choices([("", "Любой"), *apps.KINDS.items()])
    return form


ROWS_ID = "application-rows"


@bp.get("/")
def index():
    """The list; its polled rows answer 304 from one query while nothing changed."""
    if wants_block(ROWS_ID):
        found = polls.applications_list(request.full_path)
        if found is not None and (sent := found.unchanged(request.if_none_match)):
            return not_modified(sent)
    return listing()


@doctor_required
def listing():
    form = filter_form()
    form.validate()
    page = min(max(1, request.args.get("page", 1, type=int)), 100_000)  # SQLite's integer
    items, total = apps.listed(
        current_user.doctor,
        form.status.data or "",
        form.kind.data or "",
        form.date_from.data,
        form.date_to.data,
        page,
    )
    found = polls.applications_list(request.full_path)
    etag = found.etag if found is not None else ""
    sent = polls.matched(etag, request.if_none_match) if etag else None
    if wants_block(ROWS_ID) and sent:
        return not_modified(sent)
    response = render_page_or_block(
        "portal/applications/index.html",
        "rows",
        ROWS_ID,
        items=items,
        form=form,
        page=page,
        pages=max(1, -(-total // apps.PAGE_SIZE)),
        total=total,
        statuses=states.APPLICATION_STATUSES,
        kinds=apps.KINDS,
        any_open=any(not states.is_final(i) for i in items),
        page_url=page_url,
    )
    if wants_block(ROWS_ID) and etag:
        response.set_etag(etag)
        response.headers["Cache-Control"] = REVALIDATE
    return response


def page_url(number: int) -> str:
    args = {k: v for k, v in request.args.items() if k != "page"}
    return url_for(".index", page=number, **args)


@bp.get("/<int:application_id>")
@doctor_required
def detail(application_id: int):
    application = mine(application_id)
    if states.is_draft(application):
        return redirect(wizard_url(application), 303)
    return render_template("portal/applications/detail.html", **detail_context(application))


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
    return press(
        lambda: apps.cancel(current_user.doctor, application),
        "Заявление отменено",
        url_for(".detail", application_id=application.id),
    )


@bp.get("/<int:application_id>/delete")
@doctor_required
def delete_form(application_id: int):
    application = mine(application_id)
    if not states.is_draft(application):
        flash("Удалить можно только черновик. Отправленное заявление можно отменить")
        return redirect(url_for(".detail", application_id=application.id), 303)
    return render_template(
        "portal/applications/delete.html",
        application=application,
        kinds=apps.KINDS,
        form=EmptyForm(),
    )


@bp.post("/<int:application_id>/delete")
@doctor_required
def delete(application_id: int):
    application = mine(application_id)
    try:
        apps.delete_draft(current_user.doctor, application)
    except ServiceError as error:
        show_error(error)
        return redirect(url_for(".detail", application_id=application_id), 303)
    flash("Черновик удалён")
    return redirect(url_for(".index"), 303)


@bp.post("/<int:application_id>/repeat")
@doctor_required
def repeat(application_id: int):
    application = mine(application_id)
    try:
        draft = apps.repeat(current_user.doctor, application)
    except ServiceError as error:
        show_error(error)
        return redirect(url_for(".detail", application_id=application.id), 303)
    return redirect(wizard_url(draft, step=1), 303)


@bp.get("/<int:application_id>/extract")
@doctor_required
def extract(application_id: int):
    """«Получить выписку»: the file issued for this application, found through it."""
    issued_extract = issued.extract_of(current_user.doctor, mine(application_id)) or abort(404)
    endpoint = "documents.download_issued"
    if request.args.get("part") == "signature":
        endpoint = "documents.download_issued_signature"
    return redirect(url_for(endpoint, issued_id=issued_extract.id), 303)
