"""The message outbox: every SMS and e-mail the simulator sends lands here instead of a phone."""

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
