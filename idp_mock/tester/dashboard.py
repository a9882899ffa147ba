"""The trainer's dashboard: where each trainee is in the login, from the simulator's own
records, and how far they got in the cabinet, which the cabinet tells over HTTP.

Read only, and one query per table for the whole class, however many rows it has."""

from dataclasses import dataclass
from datetime import datetime

import requests
from sqlalchemy import select

from common.moscow import MOSCOW, as_utc, moscow_time
from idp_mock import clock
from idp_mock.config import setting
from idp_mock.models import AuthCode, AuthRequest, OtpChallenge, Persona, TimelineEvent, db

NOT_STARTED = "не начинал"
WAITING_FOR_CODE = "ввёл пароль — ждёт код"
CODE_DONE = "ввёл код — согласие"
CONSENTED = "дал согласие — возвращается в кабинет"
BACK = "вернулся в кабинет"
CODE_EXPIRED = "Срок действия кода истёк, новый код не запрошен"
CABINET_SILENT = "кабинет не ответил"
CABINET_UNSET = "адрес кабинета не задан (IDP_CABINET_URL)"
CABINET_TIMEOUT = 1.5
PROGRESS_PATH = "/_mock/api/doctors/progress"


@dataclass
class Row:
    """One trainee as the dashboard shows them."""

    oid: int
    name: str
    login: str
    stage: str
    locked: bool = False
    error: str = ""
    error_at: str = ""
    documents: str = ""
    applications: str = ""
    seen: str = ""


@dataclass
class Records:
    """What the simulator knows of the class's latest logins, each table read once."""

    latest: dict[int, AuthRequest]
    codes: dict[str, AuthCode]
    challenges: dict[str, OtpChallenge]
    failures: dict[str, TimelineEvent]


def latest_logins(oids: list[int]) -> dict[int, AuthRequest]:
    """Each person's newest login transaction (one they were known in: past the password)."""
    query = (
        select(AuthRequest)
        .where(AuthRequest.persona_oid.in_(oids))
        .order_by(AuthRequest.created_at, AuthRequest.id)
    )
    return {login.persona_oid: login for login in db.session.scalars(query)}


def by_login(model, rids: list[str], order) -> dict:
    """The newest row of `model` for each login transaction in `rids`."""
    query = select(model).where(model.auth_request_id.in_(rids)).order_by(*order)
    return {row.auth_request_id: row for row in db.session.scalars(query)}


def records(oids: list[int]) -> Records:
    latest = latest_logins(oids)
    rids = [login.id for login in latest.values()]
    failures = select(TimelineEvent).where(
        TimelineEvent.auth_request_id.in_(rids), TimelineEvent.ok.is_(False)
    )
    return Records(
        latest=latest,
        codes=by_login(AuthCode, rids, (AuthCode.created_at,)),
        challenges=by_login(OtpChallenge, rids, (OtpChallenge.created_at, OtpChallenge.id)),
        failures={
            event.auth_request_id: event
            for event in db.session.scalars(failures.order_by(TimelineEvent.at, TimelineEvent.id))
        },
    )


def stage(login: AuthRequest | None, known: Records) -> str:
    """Where the person is in their newest login."""
    if login is None:
        return NOT_STARTED
    code = known.codes.get(login.id)
    if code is not None:
        return BACK if code.used_at else CONSENTED
    return CODE_DONE if login.authenticated_at else WAITING_FOR_CODE


def hours_minutes(moment: datetime) -> str:
    return as_utc(moment).astimezone(MOSCOW).strftime("%H:%M")


def last_error(persona: Persona, login: AuthRequest | None, known: Records) -> tuple[str, str]:
    """The newest thing that went wrong, in plain Russian, and when (Moscow time)."""
    now = clock.now()
    if persona.locked_until and persona.locked_until > now:
        return "Пароль введён неверно слишком много раз", ""
    if login is not None:
        challenge = known.challenges.get(login.id)
        waiting = not login.authenticated_at and challenge and not challenge.spent
        if waiting and challenge.expires_at <= now:
            return CODE_EXPIRED, moscow_time(challenge.expires_at)
        failure = known.failures.get(login.id)
        if failure is not None:
            return failure.text, moscow_time(failure.at)
    if persona.failed_logins:
        # A wrong password is not tied to a login transaction: no time is known for it.
        return f"Неверный пароль, попыток подряд: {persona.failed_logins}", ""
    return "", ""


def row_of(persona: Persona, known: Records) -> Row:
    login = known.latest.get(persona.oid)
    locked = bool(persona.locked_until and persona.locked_until > clock.now())
    error, error_at = last_error(persona, login, known)
    return Row(
        oid=persona.oid,
        name=persona.full_name,
        login=persona.phone or persona.email or persona.snils or "",
        stage=f"заблокирован до {hours_minutes(persona.locked_until)}"
        if locked
        else stage(login, known),
        locked=locked,
        error=error,
        error_at=error_at,
    )


def rows(personas: list[Persona]) -> list[Row]:
    """The dashboard's rows for `personas`, in their order; the cabinet's columns not yet read."""
    known = records([persona.oid for persona in personas])
    return [row_of(persona, known) for persona in personas]


def cabinet_progress(base: str, oids: list[int]) -> dict[int, dict] | None:
    """The cabinet's answer per oid, or None when it did not answer in time."""
    if not oids:
        return {}
    token = setting("CABINET_ADMIN_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        reply = requests.get(
            base.rstrip("/") + PROGRESS_PATH,
            params={"oids": ",".join(map(str, oids))},
            headers=headers,
            timeout=CABINET_TIMEOUT,
        )
        reply.raise_for_status()
        return {item["oid"]: item for item in reply.json()}
    except (requests.RequestException, ValueError, KeyError, TypeError):
        return None


def fill_in(row: Row, progress: dict | None) -> None:
    """The cabinet's columns of one row in words; a person it has not seen has none."""
    if not progress:
        row.documents = row.applications = row.seen = "—"
        return
    row.documents = f"{progress['documents']}, принято {progress['documents_accepted']}"
    applications = progress["applications"]
    row.applications = f"{len(applications)}: {applications[0]['label']}" if applications else "0"
    seen = progress.get("last_seen")
    row.seen = hours_minutes(datetime.fromisoformat(seen)) if seen else "—"


def with_cabinet(found: list[Row]) -> str:
    """Fill in the cabinet's columns; the note to show instead of them when it cannot be read.
    Not cached: each poll asks the cabinet again, which costs it four indexed queries."""
    base = setting("CABINET_URL")
    progress = cabinet_progress(base, [row.oid for row in found]) if base else None
    if progress is None:
        return CABINET_SILENT if base else CABINET_UNSET
    for row in found:
        fill_in(row, progress.get(row.oid))
    return ""
