"""A login's timeline drawn as a sequence diagram: the browser, the site (the relying party) and
Gosuslugi, with every redirect, form post, back-channel call and token between them.

The simulator sees only the requests that reach it. The site's own redirects are inferred from
the protocol (an authorize request came from the site's redirect; the code goes back to the
site by a redirect to redirect_uri) and are drawn dashed.
"""

from dataclasses import dataclass, field

BROWSER, SITE, GOSUSLUGI = 0, 1, 2
LANES = (
    ("Браузер", "человек"),
    ("Кабинет", "сайт, relying party"),
    ("Госуслуги", "ЕСИА, симулятор"),
)
AUTHORIZE_PATHS = {"v1": "/aas/oauth2/ac", "v2": "/aas/oauth2/v2/ac", "oidc": "/oidc/authorize"}
TOKEN_PATHS = {"v1": "/aas/oauth2/te", "v2": "/aas/oauth2/v3/te", "oidc": "/oidc/token"}
FORM_POSTS = {
    "password": ("Логин и пароль", "login"),
    "sms": ("Код из СМС", None),
    "bank": ("Вход через банк", None),
    "biometrics": ("Снимок лица", None),
    "signature": ("Электронная подпись", None),
}
SHORT = 40


@dataclass
class Arrow:
    """One message between two lanes (a note on one lane when source == target)."""

    source: int
    target: int
    label: str
    detail: str = ""
    ok: bool = True
    inferred: bool = False
    back_channel: bool = False
    why: str = ""

    @property
    def kind(self) -> str:
        """How it is drawn: failed, back-channel or front-channel (through the browser)."""
        if not self.ok:
            return "failed"
        return "back" if self.back_channel else "front"


@dataclass
class Diagram:
    arrows: list[Arrow] = field(default_factory=list)

    @property
    def failed(self) -> list[int]:
        """Numbers (from 1) of the arrows that carry a refusal."""
        return [n for n, arrow in enumerate(self.arrows, 1) if not arrow.ok]

    def summary(self) -> str:
        """The diagram in one sentence, for the SVG's description."""
        text = f"Обмен сообщениями браузера, кабинета и Госуслуг: {len(self.arrows)} шагов."
        for number in self.failed:
            arrow = self.arrows[number - 1]
            text += f" Шаг {number} не пройден: {arrow.label}. {arrow.why}"
        return text.strip()


def short(value: str, limit: int = SHORT) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def pairs(params: dict, *names: str) -> str:
    """`name=value` of the named parameters present, shortened to fit one line."""
    shown = [f"{name}={short(params[name], 20)}" for name in names if params.get(name)]
    return short(", ".join(shown), SHORT + 10)


def authorize(event, protocol: str) -> list[Arrow]:
    path = AUTHORIZE_PATHS.get(protocol, AUTHORIZE_PATHS["v1"])
    params = event.params
    return [
        Arrow(BROWSER, SITE, "«Войти через Госуслуги»", inferred=True),
        Arrow(
            SITE, BROWSER, "302: перейти на Госуслуги", pairs(params, "client_id"), inferred=True
        ),
        Arrow(BROWSER, GOSUSLUGI, f"GET {path}: запрос входа", pairs(params, "scope", "state")),
    ]


def form_post(event, _protocol: str) -> list[Arrow]:
    label, parameter = FORM_POSTS[event.step]
    detail = pairs(event.params, parameter) if parameter else ""
    why = "" if event.ok else event.text
    return [Arrow(BROWSER, GOSUSLUGI, f"POST: {label}", detail, event.ok, why=why)]


def app_confirmation(event, _protocol: str) -> list[Arrow]:
    why = "" if event.ok else event.text
    return [Arrow(GOSUSLUGI, GOSUSLUGI, "Подтверждение в приложении", ok=event.ok, why=why)]


def back_to_site(event, _protocol: str) -> list[Arrow]:
    """The consent's answer: the code and state, or an error, by redirect to redirect_uri."""
    if event.ok:
        state = pairs(event.params, "state")
        return [
            Arrow(BROWSER, GOSUSLUGI, "POST: согласие «Разрешить»"),
            Arrow(GOSUSLUGI, BROWSER, "302 на redirect_uri: code, state", state),
            Arrow(BROWSER, SITE, "GET redirect_uri: code, state", inferred=True),
        ]
    return [
        Arrow(GOSUSLUGI, BROWSER, "302 на redirect_uri: error", ok=False, why=event.text),
        Arrow(BROWSER, SITE, "GET redirect_uri: error", inferred=True),
    ]


def token_exchange(event, protocol: str) -> list[Arrow]:
    params = event.params
    path = params.get("endpoint") or TOKEN_PATHS.get(protocol, TOKEN_PATHS["v1"])
    grant = "refresh_token" if params.get("grant_type") == "refresh_token" else "код"
    label = f"POST {path}: {grant} → токены"
    call = Arrow(SITE, GOSUSLUGI, label, pairs(params, "grant_type"), back_channel=True)
    if not event.ok:
        refusal = Arrow(GOSUSLUGI, SITE, "400: обмен отклонён", ok=False, why=event.text)
        return [call, refusal]
    issued = ", ".join(params.get("issued", "access_token").split())
    return [call, Arrow(GOSUSLUGI, SITE, "200: токены выданы", short(issued), back_channel=True)]


def data_read(event, _protocol: str) -> list[Arrow]:
    params = event.params
    path = short(params.get("path", "/rs/prns"))
    call = Arrow(SITE, GOSUSLUGI, "GET: данные человека", path, back_channel=True)
    status = params.get("status", "")
    if not event.ok:
        return [
            call,
            Arrow(GOSUSLUGI, SITE, f"{status}: в данных отказано", ok=False, why=event.text),
        ]
    return [call, Arrow(GOSUSLUGI, SITE, f"{status}: данные (JSON)", back_channel=True)]


def other(event, _protocol: str) -> list[Arrow]:
    why = "" if event.ok else event.text
    return [Arrow(GOSUSLUGI, GOSUSLUGI, short(event.step), ok=event.ok, why=why)]


DRAWERS = {
    "authorize": authorize,
    "app": app_confirmation,
    "redirect": back_to_site,
    "token": token_exchange,
    "data": data_read,
    **dict.fromkeys(FORM_POSTS, form_post),
}


def diagram(events, protocol: str) -> Diagram:
    """The arrows of a login's timeline `events` (TimelineEvent-like: step, ok, text, params)."""
    arrows = []
    for event in events:
        arrows += DRAWERS.get(event.step, other)(event, protocol)
    return Diagram(arrows)
