"""The help page's feedback form: what the seed (4.3) asks a person to have ready."""

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from common.validators import is_valid_email, is_valid_snils, normalize_phone

from .feedback import is_valid_inn


def checked(test, message: str):
    """A WTForms validator from a plain check of the field's text."""

    def validate(_form, field) -> None:
        if field.data and not test(field.data.strip()):
            raise ValidationError(message)

    return validate


def length(limit: int) -> Length:
    return Length(max=limit, message=f"Не длиннее {limit} символов")


class FeedbackForm(FlaskForm):
    name = StringField(
        "Фамилия, имя и отчество",
        validators=[InputRequired("Введите фамилию, имя и отчество"), length(300)],
    )
    position = StringField("Должность", validators=[length(200)])
    email = StringField(
        "Электронная почта для ответа",
        validators=[
            InputRequired("Введите адрес почты: на него придёт ответ"),
            length(254),
            checked(is_valid_email, "Введите адрес почты в формате name@example.ru"),
        ],
    )
    phone = StringField(
        "Мобильный телефон",
        validators=[
            Optional(),
            length(30),
            checked(normalize_phone, "Введите мобильный номер в формате +7 9XX XXX-XX-XX"),
        ],
    )
    snils = StringField(
        "СНИЛС",
        validators=[
            Optional(),
            length(20),
            checked(is_valid_snils, "Введите СНИЛС из 11 цифр, например 112-233-445 95"),
        ],
    )
    inn = StringField(
        "ИНН",
        validators=[
            Optional(),
            length(20),
            checked(is_valid_inn, "Введите ИНН из 12 цифр, как в свидетельстве ИНН"),
        ],
    )
    licence_number = StringField("Номер лицензии (если есть)", validators=[length(60)])
    application_number = StringField(
        "Номер заявления или идентификатор в кабинете", validators=[length(40)]
    )
    message = TextAreaField(
        "Что случилось",
        validators=[InputRequired("Опишите, что случилось"), length(4000)],
    )
