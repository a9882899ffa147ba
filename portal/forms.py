"""Forms of the cabinet. Messages are instructions in plain Russian."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from .uploads import EXTENSIONS

# What the file picker offers: what the server takes (it decides by content, not by name).
ACCEPT_SCANS = ",".join([*(f".{e}" for e in EXTENSIONS.values()), ".jpeg", *EXTENSIONS])
ACCEPT_SIGNATURES = ".sig,.p7s,application/pkcs7-signature"
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_MESSAGE = "Введите дату в формате ДД.ММ.ГГГГ, например 14.03.2024"


class RussianDateField(DateField):
    """A date typed as 14.03.2024 or picked as 2024-03-14, with a Russian error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(DATE_MESSAGE) from None
        if valuelist and valuelist[0] and self.data is None:
            raise ValueError(DATE_MESSAGE)


class HoursField(IntegerField):
    """Whole hours. A number too long for a float is refused here: WTForms' NumberRange
    calls math.isnan on it, which raises OverflowError (a 500)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > 10**9:
            self.data = None
            raise ValueError("Введите число часов, например 36")


class DocumentForm(FlaskForm):
    file = FileField("Файл документа", render_kw={"accept": ACCEPT_SCANS})
    doc_number = StringField(
        "Номер документа", validators=[Length(max=60, message="Не длиннее 60 символов")]
    )
    issue_date = RussianDateField("Дата выдачи", format=DATE_FORMATS, validators=[Optional()])
    valid_until = RussianDateField("Действует до", format=DATE_FORMATS, validators=[Optional()])
    holder_name = StringField(
        "ФИО владельца, как в сертификате",
        validators=[Length(max=300, message="Не длиннее 300 символов")],
    )
    holder_birth_date = RussianDateField(
        "Дата рождения владельца", format=DATE_FORMATS, validators=[Optional()]
    )
    signature = FileField(
        "Файл электронной подписи (.sig или .p7s)", render_kw={"accept": ACCEPT_SIGNATURES}
    )


class DecisionForm(FlaskForm):
    reason = TextAreaField(
        "Что нужно уточнить", validators=[Length(max=2000, message="Не длиннее 2000 символов")]
    )


class EducationForm(FlaskForm):
    kind = SelectField("Вид документа", validate_choice=False)
    organisation = StringField(
        "Организация, выдавшая документ",
        validators=[Length(max=300, message="Не длиннее 300 символов")],
    )
    number = StringField(
        "Номер документа", validators=[Length(max=60, message="Не длиннее 60 символов")]
    )
    specialty = StringField(
        "Специальность или название программы",
        validators=[Length(max=200, message="Не длиннее 200 символов")],
    )
    hours = HoursField(
        "Количество часов",
        validators=[Optional(), NumberRange(1, 3000, message="Введите число часов, например 36")],
    )
    issue_date = RussianDateField("Дата выдачи", format=DATE_FORMATS, validators=[Optional()])
    document_id = SelectField(
        "Документ из раздела «Мои документы»",
        validate_choice=False,
        # The doctor's own documents are checked by the service; here only the shape of an id.
        validators=[Regexp(r"^\d{0,18}$", message="Выберите документ из списка")],
    )


class IdentityForm(FlaskForm):
    confirm = BooleanField("Данные верны")


class ContactsForm(FlaskForm):
    phone = StringField(
        "Мобильный телефон", validators=[Length(max=30, message="Не длиннее 30 символов")]
    )
    email = StringField(
        "Электронная почта", validators=[Length(max=254, message="Не длиннее 254 символов")]
    )


class ProfessionalForm(FlaskForm):
    specialty = SelectField("Специальность", validate_choice=False)
    workplace = StringField(
        "Место работы", validators=[Length(max=300, message="Не длиннее 300 символов")]
    )
    licence_number = StringField(
        "Номер лицензии организации на медицинскую деятельность",
        validators=[Length(max=60, message="Не длиннее 60 символов")],
    )


class DocumentsForm(FlaskForm):
    documents = SelectMultipleField(
        "Документы",
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    pd_consent = BooleanField("Согласен на обработку персональных данных")


class ConfirmForm(FlaskForm):
    confirm = BooleanField("Подтверждаю, что сведения в заявлении верны")
    submission_key = HiddenField()


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Статус", validate_choice=False)
    kind = SelectField("Вид", validate_choice=False)
    date_from = RussianDateField("Подано с", format=DATE_FORMATS, validators=[Optional()])
    date_to = RussianDateField("по", format=DATE_FORMATS, validators=[Optional()])


class CommentForm(FlaskForm):
    comment = TextAreaField(
        "Комментарий", validators=[Length(max=2000, message="Не длиннее 2000 символов")]
    )


class ApplicationDecisionForm(FlaskForm):
    reason = TextAreaField(
        "Причина решения (её увидит заявитель)",
        validators=[Length(max=2000, message="Не длиннее 2000 символов")],
    )
