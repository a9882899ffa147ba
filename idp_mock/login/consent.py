"""Consent: what each ESIA scope means to the person, and their answer."""

from idp_mock.models import AuthRequest, Persona
from idp_mock.protocol import tokens
from idp_mock.tester import timeline

SCOPE_NAMES = {
    "fullname": "Фамилия, имя и отчество",
    "birthdate": "Дата рождения",
    "gender": "Пол",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "id_doc": "Паспорт гражданина РФ",
    "birthplace": "Место рождения",
    "medical_doc": "Полис ОМС",
    "email": "Электронная почта",
    "mobile": "Номер мобильного телефона",
    "contacts": "Контактные данные (телефон и электронная почта)",
    "addresses": "Адреса регистрации и проживания",
    "usr_org": "Организации, в которых вы работаете",
    "vehicles": "Транспортные средства",
    "http://esia.gosuslugi.ru/usr_inf": "Ваши персональные данные",
}


def describe(scope: str) -> list[str]:
    """The requested data in plain Russian, without technical scopes such as openid."""
    return [SCOPE_NAMES.get(s, s) for s in scope.split() if s != "openid"]


def refusal(auth_request: AuthRequest, persona: Persona, allowed: bool = True) -> str | None:
    """The ESIA error code the site gets instead of a code, or None when it may have one."""
    if not allowed:
        return "ESIA-007004"
    if auth_request.confirmed_only and not persona.trusted:
        return "ESIA-007055"
    return None


def grant(auth_request: AuthRequest) -> str:
    """The person agreed: a one-time authorization code for the site."""
    timeline.note(
        auth_request.id,
        "redirect",
        "Человек дал согласие; сайт получает одноразовый код авторизации и свой state "
        "на зарегистрированный адрес возврата",
        redirect_uri=auth_request.redirect_uri,
        state=auth_request.state,
    )
    return tokens.issue_code(auth_request)
