"""Forms of the tester's console pages under /_mock/."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from idp_mock.tester.faults import KINDS, TOKEN_DEFECTS


def choices(values) -> list[SelectChoice]:
    return [SelectChoice(v, v) for v in values]


class TokenForm(FlaskForm):
    token = PasswordField("Токен администратора", validators=[DataRequired("Введите токен")])


class ImportForm(FlaskForm):
    data = TextAreaField(
        "Пользователи в JSON (список, как в выгрузке)",
        validators=[DataRequired("Вставьте JSON со списком пользователей")],
    )


class ClockForm(FlaskForm):
    minutes = IntegerField(
        "На сколько минут перевести часы вперёд",
        validators=[
            DataRequired("Введите число минут"),
            NumberRange(min=1, max=10**6, message="Введите число минут от 1"),
        ],
    )


class FaultForm(FlaskForm):
    kind = SelectField("Что сломать", choices=choices(KINDS), validate_choice=False)
    path = StringField("Путь (можно с *)", validators=[Length(max=200)])
    times = IntegerField("Сколько раз (пусто — до отмены)", validators=[Optional()])
    status = IntegerField("HTTP-статус", validators=[Optional()])
    code = StringField("Код ошибки ЕСИА", validators=[Length(max=16)])
    seconds = IntegerField("Секунды задержки", validators=[Optional()])
    defect = SelectField(
        "Дефект токена", choices=choices(("", *TOKEN_DEFECTS)), validate_choice=False
    )


class SnapshotForm(FlaskForm):
    name = StringField(
        "Имя снимка", validators=[DataRequired("Введите имя снимка"), Length(max=100)]
    )


class NewClassForm(FlaskForm):
    name = StringField(
        "Название класса",
        validators=[DataRequired("Введите название класса"), Length(max=100)],
    )
    trainees = IntegerField(
        "Сколько учеников",
        validators=[
            InputRequired("Введите число учеников"),
            NumberRange(min=1, max=99, message="Введите число учеников от 1 до 99"),
        ],
    )


# A person's electronic-signature certificate: the stand's GOST demo root issues one, or the
# tester pastes their own GOST certificate with its key (the tester API's NewCertificate limits).
class CertificateForm(FlaskForm):
    label = StringField(
        "Название",
        default="Выпущен тестировщиком",
        validators=[InputRequired("Назовите сертификат"), Length(max=100)],
    )
    valid_days = IntegerField(
        "Срок действия, дней (для выпуска учебным УЦ)",
        default=365,
        validators=[
            InputRequired("Укажите срок действия в днях"),
            NumberRange(1, 3650, "Срок действия: от 1 до 3650 дней"),
        ],
    )
    certificate_pem = TextAreaField(
        "Свой сертификат ГОСТ Р 34.10-2012 (PEM)",
        validators=[Length(max=20_000, message="Сертификат длиннее 20 000 знаков")],
    )
    private_key = TextAreaField(
        "Закрытый ключ этого сертификата",
        validators=[Length(max=4_000, message="Ключ длиннее 4 000 знаков")],
    )
