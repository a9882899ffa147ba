"""Rechecking a cabinet session with ESIA, so that a person blocked there, logged out of every
session there, or no longer in the ФАЦ stops working here within ESIA_RECHECK_SECONDS.

Real ESIA has no back-channel logout, so the cabinet asks. With the access token kept from the
login it reads the person's roles (/rs/prns/{oid}/roles); when that token has run out it is
refreshed first, signed as the login is. A refusal ends the session; an outage keeps it, and the
check is tried again an interval later. One request claims each check with a conditional
UPDATE, so a session costs ESIA one check per interval however many tabs and workers it has.
"""

import json
import secrets
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app
from sqlalchemy import update

from . import esia_client
from .access import is_reviewer
from .clock import now
from .models import UserSession, db
from .storage import master_key

# A token this close to its end is refreshed rather than sent to meet a 401.
REFRESH_MARGIN = timedelta(seconds=60)

ENDED = {
    "esia": "Вход завершён: учётная запись на Госуслугах заблокирована или вход отменён. "
    "Войдите снова.",
    "role": "Консоль проверки закрыта: на Госуслугах вы больше не сотрудник ФАЦ. "
    "Если это ошибка, обратитесь к администратору вашей организации на Госуслугах.",
}


def kept(body: dict) -> dict:
    """What the recheck needs from ESIA's token response."""
    expires_at = now() + timedelta(seconds=int(body.get("expires_in") or 0))
    return {
        "access_token": body["access_token"],
        "refresh_token": body.get("refresh_token"),
        "expires_at": expires_at.isoformat(),
    }


def associated(session_id: str) -> bytes:
    return f"esia-tokens:{session_id}".encode()


def seal(tokens: dict, session_id: str) -> bytes:
    """The tokens encrypted with the master key, bound to their session (AES-256-GCM)."""
    nonce = secrets.token_bytes(12)
    plain = json.dumps(tokens).encode()
    return nonce + AESGCM(master_key()).encrypt(nonce, plain, associated(session_id))


def unseal(sealed: bytes, session_id: str) -> dict | None:
    try:
        plain = AESGCM(master_key()).decrypt(sealed[:12], sealed[12:], associated(session_id))
    except InvalidTag:
        return None
    return json.loads(plain)


def interval() -> timedelta:
    return timedelta(seconds=current_app.config["ESIA_RECHECK_SECONDS"])


def due(record: UserSession) -> bool:
    """Sessions opened before the cabinet kept tokens cannot be rechecked; they time out."""
    checked = record.esia_checked_at
    return record.esia_tokens is not None and (checked is None or checked <= now() - interval())


def claim(record: UserSession) -> bool:
    """Take this interval's check for this request; another request may have taken it."""
    cutoff = now() - interval()
    claimed = db.session.execute(
        update(UserSession)
        .where(UserSession.id == record.id)
        .where((UserSession.esia_checked_at <= cutoff) | UserSession.esia_checked_at.is_(None))
        .values(esia_checked_at=now())
    ).rowcount
    db.session.commit()
    return claimed == 1


def fresh(tokens: dict) -> bool:
    return datetime.fromisoformat(tokens["expires_at"]) - REFRESH_MARGIN > now()


def current_roles(record: UserSession, tokens: dict) -> list[dict]:
    """The person's roles at ESIA now; LoginRejected when ESIA refuses the cabinet's tokens."""
    oid = record.doctor.esia_oid
    if fresh(tokens):
        try:
            return esia_client.roles(oid, tokens["access_token"])
        except esia_client.TokenExpired:
            pass  # expired or revoked: the refresh token tells which
    if not tokens.get("refresh_token"):
        raise esia_client.LoginRejected("recheck: no refresh token")
    tokens = kept(esia_client.refresh(tokens["refresh_token"]))
    # Kept at once: ESIA has spent the old refresh token, even if the next call fails.
    record.esia_tokens = seal(tokens, record.id)
    return esia_client.roles(oid, tokens["access_token"])


def verdict(record: UserSession) -> str | None:
    """Why ESIA says the session must end ("esia", "role"), or None to keep it."""
    tokens = unseal(record.esia_tokens, record.id)
    try:
        if tokens is None:
            raise esia_client.LoginRejected("recheck: the kept tokens do not decrypt")
        roles = current_roles(record, tokens)
    except esia_client.EsiaUnavailable as outage:
        current_app.logger.warning("ESIA recheck postponed: %s", outage)
        return None
    except esia_client.LoginRejected as refusal:
        current_app.logger.info("ESIA recheck refused: %s %s", refusal, refusal.code)
        return "esia"
    if record.doctor.role == "reviewer" and not is_reviewer(roles):
        return "role"
    return None


def run(record: UserSession) -> str | None:
    """Recheck the session with ESIA if its interval has passed; why it must end, or None."""
    if not due(record) or not claim(record):
        return None
    reason = verdict(record)
    db.session.commit()
    return reason
