"""The document journal as the doctor reads it: who did what to a document, and when."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from .models import ActivityEvent, Doctor, Document, db

ACTIONS = {
    "upload": "Загружен",
    "replace": "Загружена новая версия",
    "download": "Скачан",
    "send_for_review": "Отправлен на проверку",
    "accept": "Принят",
    "clarify": "Возвращён на уточнение",
}

JOURNAL_LIMIT = 100


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    what: str
    detail: str


def who(actor: Doctor | None, owner_id: int) -> str:
    if actor is None:
        return "—"
    if actor.id == owner_id:
        return "Вы"
    return f"Эксперт {actor.full_name}" if actor.role == "reviewer" else actor.full_name


def document_journal(document: Document) -> list[Entry]:
    """The document's latest journal entries, newest first, with the actors' names in the
    same query."""
    query = (
        select(ActivityEvent, Doctor)
        .outerjoin(Doctor, Doctor.id == ActivityEvent.actor_id)
        .where(ActivityEvent.document_id == document.id)
        .order_by(ActivityEvent.id.desc())
        .limit(JOURNAL_LIMIT)
    )
    return [
        Entry(
            event.created_at,
            who(actor, document.doctor_id),
            ACTIONS.get(event.action, event.action),
            event.detail,
        )
        for event, actor in db.session.execute(query)
    ]
