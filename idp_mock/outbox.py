"""The message outbox: every SMS and e-mail the simulator sends lands here instead of a phone.
A message belongs to the group of the person it was sent for (None: the stand's own people)."""

from sqlalchemy import select

from idp_mock import clock
from idp_mock.models import Message, db


def send(channel: str, to: str, body: str, code: str | None) -> Message:
    message = Message(
        channel=channel,
        to=to,
        body=body,
        code=code,
        created_at=clock.now(),
        group_id=clock.group_id(),
    )
    db.session.add(message)
    return message


def send_sms(phone: str, body: str, code: str | None = None) -> Message:
    return send("sms", phone, body, code)


def send_email(address: str, body: str, code: str | None = None) -> Message:
    return send("email", address, body, code)


def latest(
    to: str = "",
    channel: str | None = None,
    limit: int = 200,
    exact: bool = False,
    group: int | None = None,
) -> list[Message]:
    """The newest messages of one group (None: outside every group) to `to` (addresses
    containing it, or only it when `exact`), of one channel if it is sms or email."""
    query = (
        select(Message)
        .where(Message.group_id.is_(None) if group is None else Message.group_id == group)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    if to:
        query = query.where(Message.to == to if exact else Message.to.contains(to))
    if channel in ("sms", "email"):
        query = query.where(Message.channel == channel)
    return list(db.session.scalars(query))


def as_json(message: Message) -> dict:
    return {
        "id": message.id,
        "channel": message.channel,
        "to": message.to,
        "body": message.body,
        "code": message.code,
        "sent_at": message.created_at.isoformat() + "Z",
    }
