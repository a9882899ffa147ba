"""The console's forms to create a test person and to change one, registry facts included.

Dates come from <input type="date"> (ГГГГ-ММ-ДД) or, in a browser without it, typed by hand as
ДД.ММ.ГГГГ: both are read. What the tester API checks (types, lengths, choices) is checked again
by its models when the form is stored, so the form and the API cannot disagree.
"""

from datetime import date, datetime

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from idp_mock.tester.personas import IDENTIFIERS

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


def labelled(*pairs: tuple[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


LEVEL_CHOICES = labelled(
    ("simplified", "Упрощённая"),
    ("standard", "Стандартная"),
    ("confirmed", "Подтверждённая"),
)
STATE_CHOICES = labelled(
    ("active", "Действует"),
    ("verifying", "Данные на проверке"),
    ("blocked", "Заблокирована: вход запрещён"),
)
GENDER_CHOICES = labelled(("F", "Женский"), ("M", "Мужской"))
SFR_CHOICES = labelled(
    ("match", "Запись есть, данные совпадают"),
    ("mismatch", "Запись есть, фамилия в СФР другая"),
    ("missing", "СНИЛС в СФР не найден"),
)
PRESENCE_CHOICES = labelled(("present", "Запись есть"), ("missing", "Записи нет"))
CERTIFICATE_KINDS = labelled(
    ("accreditation", "Свидетельство об аккредитации"),
    ("certificate", "Сертификат специалиста"),
)
STATUS_CHOICES = labelled(
    ("active", "Действует"),
    ("suspended", "Приостановлен"),
    ("revoked", "Аннулирован"),
)
REGISTRY_TEXT = 300  # registry_facts.text(): what the registries keep of a text


class Choice(SelectField):
    """A select whose refusal of a value not on its list is in Russian."""

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError("Выберите значение из списка")


def date_of(text: str) -> date | None:
    """A date typed as ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; None when it is neither."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def a_date(message: str):
    def check(form, field):
        if field.data and date_of(field.data) is None:
            raise StopValidation(message)

    return check


def needed_when(switch: str, value: str, message: str):
    """Required only while the select `switch` is set to `value` (e.g. the record exists)."""

    def check(form, field):
        if form[switch].data == value and not (field.data or "").strip():
            raise StopValidation(message)
        if not (field.data or "").strip():
            raise StopValidation()

    return check


def a_login(form, field):
    """A malformed phone, e-mail or SNILS is told with the others, by the service's own rule."""
    canonical, malformed = IDENTIFIERS[field.name][1:3]
    if (field.data or "").strip() and canonical(field.data.strip()) is None:
        raise StopValidation(malformed)


def text(label: str, limit: int = 100, *validators) -> StringField:
    return StringField(label, validators=[*validators, Length(max=limit, message=too_long(limit))])


def too_long(limit: int) -> str:
    return f"Сократите до {limit} символов"


def date_field(label: str, *validators, message: str) -> StringField:
    return StringField(label, validators=[*validators, a_date(message)])


class PersonFields(FlaskForm):
    """Who the person is, how they log in, and what their account may do."""

    last_name = text("Фамилия", 100, InputRequired("Введите фамилию"))
    first_name = text("Имя", 100, InputRequired("Введите имя"))
    middle_name = text("Отчество (если есть)")
    birth_date = date_field(
        "Дата рождения",
        InputRequired("Введите дату рождения"),
        message="Введите дату рождения в формате ДД.ММ.ГГГГ, например 14.03.1986",
    )
    gender = Choice("Пол", choices=GENDER_CHOICES)
    birth_place = text("Место рождения", 200)
    citizenship = text("Гражданство (код страны)", 3)
    inn = text("ИНН", 12)
    phone = text("Мобильный телефон", 32, a_login)
    email = text("Электронная почта", 254, a_login)
    snils = text("СНИЛС", 20, a_login)
    level = Choice("Уровень учётной записи", choices=LEVEL_CHOICES)
    state = Choice("Состояние учётной записи", choices=STATE_CHOICES)
    reviewer = BooleanField("Эксперт ФАЦ: входит в кабинет проверяющим")
    description = TextAreaField(
        "Кто это (видно в списке пользователей)", [Length(max=1000, message=too_long(1000))]
    )


class NewPersonaForm(PersonFields):
    password = PasswordField("Пароль", validators=[InputRequired("Введите пароль")])


class PersonaForm(PersonFields):
    """Everything the tester API's PATCH takes that a person is told by: the person, the
    account and the registries' facts (СФР, ФРМР, Росздравнадзор)."""

    password = PasswordField("Новый пароль (оставьте пустым, чтобы не менять)")
    fixed_code = text("Постоянный код из СМС (6 цифр)", 6)
    script = TextAreaField("Сценарий (JSON)", validators=[Length(max=4000, message=too_long(4000))])
    phone_verified = BooleanField("Телефон подтверждён")
    email_verified = BooleanField("Почта подтверждена")
    extra = TextAreaField(
        "Документы, адреса и образование из ФРМР (JSON)",
        validators=[Length(max=100_000, message=too_long(100_000))],
        render_kw={"rows": 12, "spellcheck": "false"},
    )

    sfr = Choice("Запись в СФР", choices=SFR_CHOICES)
    sfr_last_name = text(
        "Фамилия в СФР",
        100,
        needed_when("sfr", "mismatch", "Введите фамилию, под которой СНИЛС записан в СФР"),
    )
    frmr = Choice("Запись в ФРМР", choices=PRESENCE_CHOICES)
    certificate_kind = Choice("Документ", choices=CERTIFICATE_KINDS)
    certificate_number = text("Номер", REGISTRY_TEXT, Optional())
    certificate_specialty = text("Специальность", REGISTRY_TEXT, Optional())
    certificate_issued = date_field(
        "Дата выдачи", Optional(), message="Введите дату выдачи в формате ДД.ММ.ГГГГ"
    )
    certificate_valid_until = date_field(
        "Действует до",
        needed_when("frmr", "present", "Введите дату, до которой действует документ"),
        message="Введите дату окончания в формате ДД.ММ.ГГГГ",
    )
    certificate_status = Choice("Статус документа", choices=STATUS_CHOICES)
    licence = Choice("Лицензия работодателя в Росздравнадзоре", choices=PRESENCE_CHOICES)
    licence_number = text("Номер лицензии", REGISTRY_TEXT, Optional())
    licence_organisation = text("Организация", REGISTRY_TEXT, Optional())
    licence_status = Choice("Статус лицензии", choices=STATUS_CHOICES)

    def validate_fixed_code(self, field):
        if field.data and not (len(field.data) == 6 and field.data.isdigit()):
            raise ValidationError("Введите 6 цифр или оставьте поле пустым")
