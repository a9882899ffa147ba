"""Time is stored in UTC and shown in Moscow time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def moscow_time(moment: datetime) -> str:
    """'14:05 26.11.2026' in Moscow time, the way Gosuslugi prints it."""
    return as_utc(moment).astimezone(MOSCOW).strftime("%H:%M %d.%m.%Y")


def init_app(app) -> None:
    app.jinja_env.filters["moscow"] = moscow_time
