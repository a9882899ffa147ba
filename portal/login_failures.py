"""Why a login did not finish, named by its real cause: an ESIA error code with its meaning, ESIA
or a registry down (which one, and how), a reply that did not verify. Each failure gets a code
and a reference that is also in the log."""

from dataclasses import dataclass

from flask import current_app

from common.errors import incident

from .esia_client import EsiaUnavailable, LoginRejected
from .registries import RegistryUnavailable

# What each ESIA code a login can end with means, in plain Russian.
ESIA_MEANINGS = {
    "ESIA-007002": "сертификат кабинета не совпадает с зарегистрированным в ЕСИА",
    "ESIA-007003": "в запросе кабинета не хватает параметра или он неверен",
    "ESIA-007004": "вы отказались передать данные, или Госуслуги отклонили вход — например, "
    "потому что время на вход истекло",
    "ESIA-007005": "кабинет не зарегистрирован в ЕСИА для такого входа",
    "ESIA-007006": "кабинет запросил данные, которых ЕСИА не знает",
    "ESIA-007007": "на Госуслугах произошла внутренняя ошибка",
    "ESIA-007008": "Госуслуги перегружены или на техническом обслуживании",
    "ESIA-007009": "ЕСИА не поддерживает такой способ входа",
    "ESIA-007011": "код входа недействителен или просрочен",
    "ESIA-007013": "кабинет не указал, какие данные ему нужны",
    "ESIA-007014": "в запросе кабинета нет обязательного параметра",
    "ESIA-007015": "часы кабинета и Госуслуг расходятся",
    "ESIA-007019": "у кабинета нет разрешения на запрошенные данные",
    "ESIA-007023": "адрес возврата кабинета не зарегистрирован в ЕСИА",
    "ESIA-007053": "подпись запроса кабинета не прошла проверку в ЕСИА",
    "ESIA-007055": "учётная запись на Госуслугах не подтверждена",
}
CANCELLED, UNCONFIRMED = "ESIA-007004", "ESIA-007055"
OUTAGES = {"ESIA-007007", "ESIA-007008"}

# What a registry is called, and what the cabinet cannot check without it.
REGISTRIES = {
    "sfr": ("СФР", "Социальный фонд России", "ваш СНИЛС"),
    "frmr": ("ФРМР", "Федеральный регистр медицинских работников", "ваш сертификат"),
    "licences": ("реестр лицензий", "реестр лицензий Росздравнадзора", "лицензию работодателя"),
}


@dataclass
class Failure:
    template: str
    status: int
    code: str
    cause: str
    system: str = "Госуслуги"
    checks: str = ""
    reference: str = ""


def how_it_failed(kind: str, system: str, plural: bool = True) -> str:
    """'Госуслуги не ответили вовремя' and the like, for an outage of `kind`."""
    answered, takes, sent = (
        ("ответили", "принимают", "прислали") if plural else ("ответил", "принимает", "прислал")
    )
    if kind == "timeout":
        return f"{system} не {answered} вовремя"
    if kind == "connection":
        return f"не удалось связаться: {system} не {takes} соединение"
    if kind.startswith("http-"):
        return f"{system} {answered} технической ошибкой (HTTP {kind[5:]})"
    if kind in ESIA_MEANINGS:
        return ESIA_MEANINGS[kind]
    return f"{system} {sent} ответ, который не удалось прочитать"


def outage_code(kind: str, system: str) -> str:
    """The ESIA code when ESIA gave one, else ours: LK-ESIA-TIMEOUT, LK-FRMR-HTTP500."""
    if kind.startswith("ESIA-"):
        return kind
    return f"LK-{system}-{(kind or 'unreadable').replace('http-', 'HTTP')}".upper()


def from_callback(code: str) -> Failure:
    """ESIA sent the person back with an error instead of a code."""
    meaning = ESIA_MEANINGS.get(code, "Госуслуги не подтвердили вход")
    if code == CANCELLED:
        return Failure("portal/auth/cancelled.html", 200, code, meaning)
    if code == UNCONFIRMED:
        return Failure("portal/auth/unconfirmed.html", 200, code, meaning)
    if code in OUTAGES:
        return Failure("portal/auth/unavailable.html", 503, code, meaning)
    return Failure("portal/auth/failed.html", 400, code or "LK-ESIA-ERROR", meaning)


def from_outage(outage: EsiaUnavailable) -> Failure:
    """ESIA, or a registry beside it, is down, slow or answered nonsense."""
    if isinstance(outage, RegistryUnavailable):
        short, full, checks = REGISTRIES.get(outage.registry, REGISTRIES["frmr"])
        cause = how_it_failed(outage.kind, full, plural=False)
        code = outage_code(outage.kind, outage.registry)
        return Failure("portal/auth/registry_down.html", 503, code, cause, short, checks)
    cause = how_it_failed(outage.kind, "Госуслуги")
    return Failure("portal/auth/unavailable.html", 503, outage_code(outage.kind, "ESIA"), cause)


def from_rejection(rejection: LoginRejected) -> Failure:
    if rejection.code:
        return from_callback(rejection.code)
    return Failure(
        "portal/auth/failed.html",
        400,
        "LK-TOKEN",
        "ответ Госуслуг не прошёл проверку подписи или срока",
    )


def wrong_state() -> Failure:
    return Failure(
        "portal/auth/failed.html",
        400,
        "LK-STATE",
        "ссылка входа устарела или была открыта в другом браузере",
    )


def logged(failure: Failure, detail: str) -> Failure:
    failure.reference = incident(current_app.logger, failure.code, detail)
    return failure
