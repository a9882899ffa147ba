"""Forms of the simulator's login pages. Messages are instructions in plain Russian."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp


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


class RecoveryForm(FlaskForm):
    login = StringField(
        "Телефон или электронная почта",
        validators=[DataRequired("Введите телефон или электронную почту"), Length(max=254)],
    )


class DocumentForm(FlaskForm):
    document = StringField(
        "СНИЛС или серия и номер паспорта",
        validators=[DataRequired("Введите СНИЛС или серию и номер паспорта"), Length(max=40)],
    )


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        "Новый пароль", validators=[DataRequired("Введите новый пароль"), Length(max=256)]
    )
    confirm = PasswordField(
        "Новый пароль ещё раз",
        validators=[DataRequired("Введите новый пароль ещё раз"), Length(max=256)],
    )


class AppDecisionForm(FlaskForm):
    # The choice is checked by the service: a wrong number is a refusal, not a form error.
    number = RadioField(
        "Число на экране компьютера", coerce=int, validate_choice=False, validators=[Optional()]
    )


class SignatureForm(FlaskForm):
    certificate = RadioField(
        "Сертификат электронной подписи",
        coerce=int,
        validate_choice=False,
        validators=[DataRequired("Выберите сертификат")],
    )
    pin = PasswordField(
        "PIN-код контейнера",
        validators=[DataRequired("Введите PIN-код контейнера ключа"), Length(max=64)],
    )


class CertificateImportForm(FlaskForm):
    container = FileField(
        "Файл контейнера ключа (.p12 или .pfx)",
        validators=[FileRequired("Выберите файл контейнера .p12 или .pfx")],
    )
    pin = PasswordField(
        "PIN-код контейнера",
        validators=[DataRequired("Введите PIN-код контейнера ключа"), Length(max=64)],
    )


class BiometricsForm(FlaskForm):
    outcome = RadioField(
        "Что увидит камера (для тестировщика)",
        choices=[
            SelectChoice("", "Как задано для пользователя"),
            SelectChoice("match", "Лицо совпадает"),
            SelectChoice("no_match", "Лицо не совпадает"),
            SelectChoice("liveness_failed", "Не пройдена проверка живого человека"),
            SelectChoice("camera_unavailable", "Камера недоступна"),
        ],
        default="",
        validate_choice=False,
    )


class BankLoginForm(FlaskForm):
    login = StringField(
        "Номер телефона",
        validators=[DataRequired("Введите номер телефона"), Length(max=32)],
    )
