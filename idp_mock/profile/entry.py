"""Who is in the profile: the person of the browser's live SSO session. The profile logs a
person in through the simulator's own login pages, as a site of its own that needs no consent."""

import secrets

from flask import session
from sqlalchemy import select

from idp_mock import clock
from idp_mock.login.sso import live_sso_session
from idp_mock.models import AuthRequest, Client, Persona, SsoSession, db
from idp_mock.protocol.replies import remember_flow

PROFILE_CLIENT = "GOSUSLUGI_PROFILE"


class NotSignedIn(Exception):
    """A profile page was opened without a live session: log in first, then come back."""

    def __init__(self, path: str):
        self.path = path


def current_person() -> Persona | None:
    sso = live_sso_session(session.get("sso"))
    persona = db.session.get(Persona, sso.persona_oid) if sso else None
    return persona if persona is not None and persona.state != "blocked" else None


def person_or_login(path: str) -> Persona:
    persona = current_person()
    if persona is None:
        raise NotSignedIn(path)
    return persona


def own_client() -> Client:
    """The profile as a relying party: made on first use, as a reset may forget it."""
    client = db.session.get(Client, PROFILE_CLIENT)
    if client is None:
        client = Client(
            client_id=PROFILE_CLIENT,
            name="Профиль Госуслуг",
            certificate_pem="",
            redirect_uris=[],
            scopes=["openid"],
            signature_mode="off",
            post_logout_redirect_uris=[],
        )
        db.session.add(client)
    return client


def is_own(auth_request: AuthRequest) -> bool:
    """The login is the profile's own: no consent to ask for."""
    return auth_request.client_id == PROFILE_CLIENT


def safe_return(host_url: str, path: str) -> str:
    """Back to a profile page of this host only: never anywhere else."""
    if not path.startswith("/profile") or "//" in path or "\\" in path:
        path = "/profile"
    return host_url.rstrip("/") + path


def start_login(host_url: str, path: str) -> AuthRequest:
    """A login transaction of the profile, bound to this browser, returning to `path`."""
    auth_request = AuthRequest(
        id=secrets.token_urlsafe(24),
        client_id=own_client().client_id,
        redirect_uri=safe_return(host_url, path),
        scope="openid",
        state="",  # nothing to carry back: the person returns to the profile's own page
        protocol="v2",
        created_at=clock.stand_now(),
    )
    db.session.add(auth_request)
    db.session.commit()
    remember_flow(auth_request.id)
    return auth_request


def sessions_of(persona: Persona) -> list[SsoSession]:
    """The person's live sessions, newest first."""
    clock.follow(persona)
    return list(
        db.session.scalars(
            select(SsoSession)
            .where(
                SsoSession.persona_oid == persona.oid,
                SsoSession.ended.is_(False),
                SsoSession.expires_at > clock.now(),
            )
            .order_by(SsoSession.created_at.desc())
        )
    )
