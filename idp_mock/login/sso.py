"""The person's single sign-on session at the simulator: opened after a login, ended by logout."""

import secrets
from datetime import timedelta

from sqlalchemy import update

from idp_mock import clock
from idp_mock.config import setting
from idp_mock.models import AuthCode, AuthRequest, IssuedToken, Persona, SsoSession, db


def open_sso_session(auth_request: AuthRequest, persona: Persona, amr: str) -> SsoSession:
    now = clock.now()
    sso = SsoSession(
        id=secrets.token_urlsafe(24),
        persona_oid=persona.oid,
        amr=amr,
        created_at=now,
        expires_at=now + timedelta(seconds=setting("SSO_TTL")),
    )
    db.session.add(sso)
    auth_request.persona_oid, auth_request.amr = persona.oid, amr
    auth_request.authenticated_at, auth_request.sso_session_id = now, sso.id
    db.session.commit()
    return sso


def live_sso_session(sso_id: str | None) -> SsoSession | None:
    sso = db.session.get(SsoSession, sso_id) if sso_id else None
    clock.follow_oid(sso.persona_oid if sso else None)
    if sso is None or sso.ended or sso.expires_at <= clock.now():
        return None
    return sso


def resume_sso_session(auth_request: AuthRequest, sso_id: str | None) -> bool:
    """Log this transaction in by the browser's live SSO session, unless its person is blocked."""
    sso = live_sso_session(sso_id)
    if sso is None or db.session.get(Persona, sso.persona_oid).state == "blocked":
        return False
    auth_request.persona_oid, auth_request.amr = sso.persona_oid, sso.amr
    auth_request.authenticated_at, auth_request.sso_session_id = clock.now(), sso.id
    db.session.commit()
    return True


def end_session(sso: SsoSession | None) -> None:
    """End an SSO session and revoke every token issued in it (nothing to do without one)."""
    if sso is None:
        return
    sso.ended = True
    db.session.execute(
        update(IssuedToken).where(IssuedToken.sso_session_id == sso.id).values(revoked=True)
    )
    db.session.commit()


def revoke_person(oid: int) -> None:
    """End every session of a person and revoke every token and unspent code they hold (after a
    password change, a block or before deletion), so relying parties that recheck see it."""
    db.session.execute(update(SsoSession).where(SsoSession.persona_oid == oid).values(ended=True))
    db.session.execute(
        update(IssuedToken).where(IssuedToken.persona_oid == oid).values(revoked=True)
    )
    # A spent code is refused at the token step (and revokes what it gave, which is nothing).
    db.session.execute(
        update(AuthCode)
        .where(AuthCode.persona_oid == oid, AuthCode.used_at.is_(None))
        .values(used_at=clock.now())
    )
