"""Forms of the simulator's login pages. Messages are instructions in plain Russian."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Regexp


class LoginForm(FlaskForm):
    login = StringField(
        "Телефон, почта или СНИЛС",
        validators=[DataRequired("Введите телефон, почту или СНИЛС"), Length(max=254)],
    )
    password = PasswordField("Пароль", validators=[DataRequired("Введите пароль"), Length(max=256)])


class CodeForm(FlaskForm):
    code = StringField(
        "Код из СМС",
        validators=[
            DataRequired("Введите код из СМС"),
            Regexp(r"^\s*\d{6}\s*$", message="Код состоит из 6 цифр"),
        ],
    )


class EmptyForm(FlaskForm):
    """A button-only POST: it still carries the CSRF token."""
