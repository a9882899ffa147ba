"""Biometrics as a second factor: a simulated camera whose outcome is scripted per person (or,
on a stand with the tester API, chosen on the page by the tester).
Failures slow it down and then stop it (NIST SP 800-63B §5.2.3)."""

from datetime import timedelta

from flask import current_app

from common.errors import Refusal
from common.moscow import moscow_time
from idp_mock import clock
from idp_mock.models import BiometricState, Persona, db

OUTCOMES = ("match", "no_match", "liveness_failed", "camera_unavailable")
FREE_FAILURES = 3  # after these, each attempt waits 30 s, doubling
MAX_FAILURES = 5  # then biometrics stop until the person logs in another way
BASE_DELAY = 30
MESSAGES = {
    "no_match": "Лицо не совпало с биометрическим образцом. Посмотрите прямо в камеру и "
    "попробуйте ещё раз или подтвердите вход кодом из СМС",
    "liveness_failed": "Не удалось убедиться, что перед камерой живой человек. Снимите очки или "
    "маску, встаньте к свету и попробуйте ещё раз",
    "camera_unavailable": "Камера недоступна. Разрешите браузеру доступ к камере "
    "или подтвердите вход кодом из СМС",
}


def enrolled(persona: Persona) -> bool:
    return bool((persona.script or {}).get("biometrics"))


def state_of(persona: Persona) -> BiometricState:
    state = db.session.get(BiometricState, persona.oid)
    if state is None:
        state = BiometricState(persona_oid=persona.oid, attempts=0, failures=0)
        db.session.add(state)
    return state


def scripted(persona: Persona, attempt: int) -> str:
    """The outcome the persona's script gives attempt number `attempt` (a list plays in order,
    its last entry repeating; a string always)."""
    script = (persona.script or {}).get("biometrics")
    if isinstance(script, list) and script:
        return script[min(attempt, len(script) - 1)]
    return script if script in OUTCOMES else "match"


def check_allowed(state: BiometricState) -> None:
    if state.failures >= MAX_FAILURES:
        raise Refusal(
            "outcome",
            "Вход по биометрии отключён после нескольких неудачных попыток. "
            "Подтвердите вход кодом из СМС",
        )
    if state.next_allowed_at and state.next_allowed_at > clock.now():
        raise Refusal(
            "outcome",
            f"Слишком много неудачных попыток. Повторите после "
            f"{moscow_time(state.next_allowed_at)} (мск) или подтвердите вход кодом из СМС",
        )


def scriptable() -> bool:
    """Only a stand with the tester API on lets the page choose what the camera sees."""
    return bool(current_app.config["TEST_API"])


def check(persona: Persona, requested: str | None = None) -> None:
    """Run the camera step; raise ServiceError with what went wrong. The outcome is the
    person's script; a tester's choice from the page counts only in tester mode."""
    chosen = requested if scriptable() else None
    if not enrolled(persona):
        raise Refusal("outcome", "Биометрия не подключена. Подтвердите вход кодом из СМС")
    state = state_of(persona)
    check_allowed(state)
    outcome = chosen if chosen in OUTCOMES else scripted(persona, state.attempts)
    state.attempts += 1
    if outcome == "match":
        state.failures, state.next_allowed_at = 0, None
        return
    if outcome != "camera_unavailable":
        state.failures += 1
        if state.failures >= FREE_FAILURES:
            delay = BASE_DELAY * 2 ** (state.failures - FREE_FAILURES)
            state.next_allowed_at = clock.now() + timedelta(seconds=delay)
    db.session.commit()
    raise Refusal("outcome", MESSAGES[outcome])


def reset(persona: Persona) -> None:
    """Another factor succeeded: biometrics may be tried again."""
    state = db.session.get(BiometricState, persona.oid)
    if state is not None:
        state.failures, state.next_allowed_at = 0, None
