"""What several cabinet views build on: the doctor's own application, its page, safe `next`.
No routes here, so no view module imports another."""

from flask import abort, current_app, url_for
from flask_login import current_user
from wtforms.fields import SelectChoice

from common.forms import EmptyForm

from .. import applications as apps
from .. import states, wizard
from ..doc_types import BY_CODE
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
