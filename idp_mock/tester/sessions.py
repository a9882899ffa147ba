"""SSO sessions and issued tokens as the tester sees them: listed and revoked."""

from sqlalchemy import select

from idp_mock import clock
from idp_mock.login import sso
from idp_mock.models import IssuedToken, SsoSession, db


def session_json(sso: SsoSession) -> dict:
    return {
        "id": sso.id,
        "oid": sso.persona_oid,
        "amr": sso.amr,
        "created_at": sso.created_at.isoformat() + "Z",
        "expires_at": sso.expires_at.isoformat() + "Z",
        "active": not sso.ended and sso.expires_at > clock.now(),
    }


def token_json(token: IssuedToken) -> dict:
    return {
        "id": token.token_hash,
        "kind": token.kind,
        "client_id": token.client_id,
        "oid": token.persona_oid,
        "scope": token.scope,
        "session_id": token.sso_session_id,
        "expires_at": token.expires_at.isoformat() + "Z",
        "active": not token.revoked and token.expires_at > clock.now(),
    }


def list_sessions(oid: int | None = None) -> list[SsoSession]:
    query = select(SsoSession).order_by(SsoSession.created_at.desc())
    if oid:
        query = query.where(SsoSession.persona_oid == oid)
    return list(db.session.scalars(query))


def list_tokens(oid: int | None = None) -> list[IssuedToken]:
    query = select(IssuedToken).order_by(IssuedToken.expires_at.desc())
    if oid:
        query = query.where(IssuedToken.persona_oid == oid)
    return list(db.session.scalars(query))


def end_every_session(oid: int) -> int:
    """End a person's sessions and revoke their tokens, stored; how many sessions are listed."""
    sso.revoke_person(oid)
    db.session.commit()
    return len(list_sessions(oid))


def revoke_token(token: IssuedToken) -> IssuedToken:
    """Revoke one token, stored."""
    token.revoked = True
    db.session.commit()
    return token
