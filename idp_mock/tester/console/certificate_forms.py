"""The console's form that gives a person an electronic-signature certificate: the stand's GOST
demo root issues one, or the tester pastes their own GOST certificate with its key. The same
limits as the tester API's NewCertificate."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange


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
