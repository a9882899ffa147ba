"""Forms of the cabinet."""

from flask_wtf import FlaskForm


class EmptyForm(FlaskForm):
    """A button-only POST: it still carries the CSRF token."""
