"""What several cabinet views build on: the doctor's own application, its page, safe `next`.
No routes here, so no view module imports another."""

from flask import abort, current_app, request, url_for
from flask_login import current_user
from wtforms.fields import SelectChoice

from common.forms import EmptyForm

from .. import applications as apps
from .. import documents, states, wizard
from ..doc_types import BY_CODE
from ..forms import DocumentForm
from ..models import Application


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect.

    Control characters are refused outright: browsers drop tabs and newlines from a Location,
    so "/<TAB>/evil.example" would become "//evil.example"; a newline cannot go in a header.
    """
    if not target or any(ord(c) < 0x20 or c == "\x7f" for c in target):
        return ""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return ""


def mine(application_id: int) -> Application:
    return apps.owned(current_user.doctor, application_id) or abort(404)


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def wizard_url(application: Application, step: int | None = None) -> str:
    step = step or wizard.resume_step(application)
    return url_for("wizard.step_form", application_id=application.id, step=step)


def detail_context(application: Application) -> dict:
    """What the application's page and its polled status show."""
    return {
        "application": application,
        "statuses": states.APPLICATION_STATUSES,
        "kinds": apps.KINDS,
        "journal": apps.journal(application),
        "attached": apps.attached_documents(application),
        "types": BY_CODE,
        "overdue": apps.overdue(application, current_app.config["SERVICE_DAYS"]),
        "form": EmptyForm(formdata=None),
    }


def upload_from(form: DocumentForm) -> documents.Upload:
    """What the upload form sent, for the one upload service of Мои документы."""
    file, signature = form.file.data, form.signature.data
    return documents.Upload(
        stream=file.stream if file and file.filename else None,
        filename=file.filename if file else "",
        doc_number=form.doc_number.data or "",
        issue_date=form.issue_date.data,
        valid_until=form.valid_until.data,
        holder_name=form.holder_name.data or "",
        holder_birth_date=form.holder_birth_date.data,
        signature=signature.stream if signature and signature.filename else None,
    )


def drain_body(limit: int = 64 * 1024 * 1024) -> None:
    """Read the rest of an oversized upload so the browser gets our page, not a reset."""
    stream, left = request.environ.get("wsgi.input"), min(request.content_length or 0, limit)
    while stream is not None and left > 0:
        chunk = stream.read(min(left, 64 * 1024))
        if not chunk:
            break
        left -= len(chunk)
