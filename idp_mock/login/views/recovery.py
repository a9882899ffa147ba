"""Password recovery pages: login → code → document (confirmed accounts) → new password."""

from datetime import timedelta

from flask import Blueprint, redirect, render_template, request, session, url_for

from common.errors import ServiceError, show_error
from idp_mock import clock
from idp_mock.login import recovery
from idp_mock.login.forms import CodeForm, DocumentForm, NewPasswordForm, RecoveryForm
from idp_mock.models import Recovery, db

bp = Blueprint("recovery", __name__, url_prefix="/recovery")


class RecoveryGone(Exception):
    pass


@bp.errorhandler(RecoveryGone)
def recovery_gone(error):
    return redirect(url_for(".start_form", rid=request.args.get("rid") or None), 303)


def here(endpoint: str):
    return redirect(url_for(endpoint, rid=request.args.get("rid") or None), 303)


def page(template: str, form, status: int = 200, **context):
    context.setdefault("rid", request.args.get("rid"))
    return render_template(f"idp/recovery/{template}.html", form=form, **context), status


def current(step: str) -> Recovery:
    """This browser's recovery, if it has reached `step`; otherwise back to the start."""
    item = db.session.get(Recovery, session.get("recovery") or "")
    clock.follow_oid(item.persona_oid if item else None)
    if item is None or item.done or item.created_at < clock.now() - recovery_ttl():
        raise RecoveryGone
    reached = {"code": True, "document": item.code_ok, "password": item.document_ok}
    if not reached[step]:
        raise RecoveryGone
    return item


def recovery_ttl() -> timedelta:
    return timedelta(minutes=30)


@bp.get("")
def start_form():
    return page("start", RecoveryForm())


@bp.post("")
def start():
    form = RecoveryForm()
    if not form.validate():
        return page("start", form, 422)
    try:
        session["recovery"] = recovery.start(form.login.data, request.remote_addr).id
    except ServiceError as error:
        show_error(error, form)
        return page("start", form, 422)
    return here(".code_form")


def code_page(form, status=200):
    item = current("code")
    return page("code", form, status, channel=item.channel, target=item.target)


@bp.get("/code")
def code_form():
    return code_page(CodeForm())


@bp.post("/code")
def code():
    item, form = current("code"), CodeForm()
    if not form.validate():
        return code_page(form, 422)
    try:
        recovery.check_code(item, form.code.data)
    except ServiceError as error:
        show_error(error, form)
        return code_page(form, 422)
    return here(".document_form" if not item.document_ok else ".password_form")


@bp.get("/document")
def document_form():
    current("document")
    return page("document", DocumentForm())


@bp.post("/document")
def document():
    item, form = current("document"), DocumentForm()
    if not form.validate():
        return page("document", form, 422)
    try:
        recovery.check_document(item, form.document.data)
    except ServiceError as error:
        show_error(error, form)
        return page("document", form, 422)
    return here(".password_form")


@bp.get("/password")
def password_form():
    current("password")
    return page("password", NewPasswordForm())


@bp.post("/password")
def password():
    item, form = current("password"), NewPasswordForm()
    if not form.validate():
        return page("password", form, 422)
    try:
        recovery.set_password(item, form.password.data, form.confirm.data)
    except ServiceError as error:
        show_error(error, form)
        return page("password", form, 422)
    session.pop("recovery", None)
    session.pop("sso", None)
    return here(".done")


@bp.get("/done")
def done():
    return render_template("idp/recovery/done.html", rid=request.args.get("rid"))
