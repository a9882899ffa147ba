"""The person's single sign-on session at the simulator: opened after a login, ended by logout."""

import secrets
from datetime import timedelta

from idp_mock import clock
from idp_mock.config import setting
from idp_mock.models import AuthRequest, Persona, SsoSession, db


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
    if sso is None or sso.ended or sso.expires_at <= clock.now():
        return None
    return sso
