"""Tester API: the cabinet's e-mail outbox, what it "sent", newest first."""

from flask import jsonify
from pydantic import BaseModel, Field
from sqlalchemy import select

from common.tester_api.contract import operation
from portal.models import OutgoingEmail, db

from . import replies
from .blueprint import bp


class Recipient(BaseModel):
    to: str = Field(default="", description="Only e-mails to this address")


def email_json(email: OutgoingEmail) -> dict:
    return {
        "id": email.id,
        "to": email.to,
        "subject": email.subject,
        "body": email.body,
        "sent_at": email.sent_at.isoformat() + "Z" if email.sent_at else None,
        "error": email.error,
    }


@bp.get("/emails")
@operation(
    "E-mails the cabinet sent, newest first", {200: ("OK", list[replies.Email])}, query=Recipient
)
def list_emails(query: Recipient):
    found = select(OutgoingEmail).order_by(OutgoingEmail.id.desc()).limit(200)
    if query.to:
        found = found.where(OutgoingEmail.to == query.to)
    return jsonify([email_json(e) for e in db.session.scalars(found)])
