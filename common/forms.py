"""What the forms of both apps share: the button-only form, and the «Ошибка:» page title."""

from flask_wtf import FlaskForm
from jinja2 import pass_context


class EmptyForm(FlaskForm):
    """A button-only POST: CSRFProtect checks its token before the view runs."""


@pass_context
def page_has_errors(context) -> bool:
    """True when any form on the page, whatever its variable is called, shows an error."""
    forms = (value for value in context.get_all().values() if isinstance(value, FlaskForm))
    return any(form.errors for form in forms)


def init_app(app) -> None:
    app.jinja_env.globals["page_has_errors"] = page_has_errors
