"""What each ESIA scope means to the person being asked for consent."""

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
