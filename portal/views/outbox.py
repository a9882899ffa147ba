"""The demo's e-mail outbox, for testers: what the cabinet "sent" (on unless PORTAL_TEST_API=0)."""

from flask import Blueprint, jsonify, request
from sqlalchemy import select

from common.admin import guard_tester_api

from ..models import OutgoingEmail, db

bp = Blueprint("outbox", __name__, url_prefix="/_mock/api")
guard_tester_api(bp, "PORTAL_ADMIN_TOKEN", "PUBLIC_URL")


@bp.get("/emails")
def list_emails():
    query = select(OutgoingEmail).order_by(OutgoingEmail.id.desc()).limit(200)
    if request.args.get("to"):
        query = query.where(OutgoingEmail.to == request.args["to"])
    return jsonify(
        [
            {
                "id": e.id,
                "to": e.to,
                "subject": e.subject,
                "body": e.body,
                "sent_at": e.sent_at.isoformat() + "Z" if e.sent_at else None,
                "error": e.error,
            }
            for e in db.session.scalars(query)
        ]
    )
