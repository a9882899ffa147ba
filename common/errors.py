"""The one error a service raises: a Russian message for a form field (or for the page)."""

import secrets

from flask import flash
from flask_wtf import FlaskForm


class ServiceError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class Refusal(ServiceError):
    """Not a mistake in what was typed (a lockout, a failed scan): the page says it as itself,
    never under «Исправьте ошибки»."""


def show_error(error: ServiceError, form: FlaskForm | None = None, fallback: str | None = None):
    """Put the message next to its field; on a form without that field, next to `fallback`;
    with neither, flash it above the page. A refusal is also the form's own message."""
    if isinstance(error, Refusal) and form is not None:
        form.refusals = [*getattr(form, "refusals", []), error.message]
    field = error.field if form is not None and error.field in form else fallback
    if form is not None and field is not None and field in form:
        form[field].errors = [*form[field].errors, error.message]
    else:
        flash(error.message)


def incident(logger, code: str, detail: str) -> str:
    """A reference for a failure a person sees: logged here with its code and detail, shown on
    their page, so support finds the line they quote."""
    reference = secrets.token_hex(4).upper()
    logger.warning("failure ref=%s code=%s: %s", reference, code, detail)
    return reference
