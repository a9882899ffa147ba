"""The message outbox: every SMS and e-mail the simulator sends lands here instead of a phone."""

from sqlalchemy import select

from idp_mock import clock
from idp_mock.models import Message, db


def send_sms(phone: str, body: str, code: str | None = None) -> Message:
    message = Message(channel="sms", to=phone, body=body, code=code, created_at=clock.now())
    db.session.add(message)
    return message


def send_email(address: str, body: str, code: str | None = None) -> Message:
    message = Message(channel="email", to=address, body=body, code=code, created_at=clock.now())
    db.session.add(message)
    return message


def latest(
    to: str = "", channel: str | None = None, limit: int = 200, exact: bool = False
) -> list[Message]:
    """The newest messages to `to` (addresses containing it, or only it when `exact`), of one
    channel if it is sms or email."""
    query = select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(limit)
    if to:
        query = query.where(Message.to == to if exact else Message.to.contains(to))
    if channel in ("sms", "email"):
        query = query.where(Message.channel == channel)
    return list(db.session.scalars(query))
