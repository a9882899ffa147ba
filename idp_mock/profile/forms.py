"""Forms of the profile's pages. The rules that need the database live in the services."""

from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
GENDERS = [SelectChoice("F", "Женский"), SelectChoice("M", "Мужской")]


def name_field(label: str, missing: str | None):
    checks = [DataRequired(missing)] if missing else [Optional()]
    return StringField(label, validators=[*checks, Length(max=100, message="Не длиннее 100 букв")])


def date_field(label: str, missing: str):
    return DateField(
        label,
        format=DATE_FORMATS,
        validators=[DataRequired(missing)],
    )


class PersonalForm(FlaskForm):
    last_name = name_field("Фамилия", "Введите фамилию")
    first_name = name_field("Имя", "Введите имя")
    middle_name = name_field("Отчество (если есть)", None)
    gender = RadioField("Пол", choices=GENDERS, validators=[DataRequired("Укажите пол")])
    birth_date = date_field("Дата рождения", "Введите дату рождения, например 14.03.1986")
    birth_place = StringField("Место рождения", validators=[Length(max=200)])
    snils = StringField(
        "СНИЛС",
        validators=[DataRequired("Введите СНИЛС"), Length(max=20, message="СНИЛС — 11 цифр")],
    )
    passport_series = StringField(
        "Серия паспорта",
        validators=[
            DataRequired("Введите серию паспорта"),
            Regexp(r"^\s*\d{2}\s?\d{2}\s*$", message="Серия паспорта — 4 цифры"),
        ],
    )
    passport_number = StringField(
        "Номер паспорта",
        validators=[
            DataRequired("Введите номер паспорта"),
            Regexp(r"^\s*\d{6}\s*$", message="Номер паспорта — 6 цифр"),
        ],
    )
    passport_issued = date_field("Дата выдачи паспорта", "Введите дату выдачи паспорта")
    passport_issuer = StringField(
        "Кем выдан",
        validators=[DataRequired("Укажите, кем выдан паспорт"), Length(max=200)],
    )


class ContactForm(FlaskForm):
    value = StringField(
        "Новое значение", validators=[DataRequired("Введите новое значение"), Length(max=254)]
    )


class ProfileCodeForm(FlaskForm):
    code = StringField(
        "Код подтверждения",
        validators=[
            DataRequired("Введите код"),
            Regexp(r"^\s*\d{6}\s*$", message="Код состоит из 6 цифр"),
        ],
    )


class PasswordForm(FlaskForm):
    current = PasswordField("Текущий пароль", validators=[DataRequired("Введите текущий пароль")])
    new = PasswordField(
        "Новый пароль",
        validators=[DataRequired("Введите новый пароль"), Length(max=256)],
    )
    repeat = PasswordField(
        "Новый пароль ещё раз", validators=[DataRequired("Введите новый пароль ещё раз")]
    )


class RegisterForm(FlaskForm):
    last_name = name_field("Фамилия", "Введите фамилию")
    first_name = name_field("Имя", "Введите имя")
    gender = RadioField("Пол", choices=GENDERS, validators=[DataRequired("Укажите пол")])
    birth_date = date_field("Дата рождения", "Введите дату рождения, например 14.03.1986")
    phone = StringField(
        "Мобильный телефон",
        validators=[DataRequired("Введите номер мобильного телефона"), Length(max=32)],
    )
    password = PasswordField(
        "Пароль", validators=[DataRequired("Придумайте пароль"), Length(max=256)]
    )
