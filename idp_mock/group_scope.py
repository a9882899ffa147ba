"""Which group a request belongs to, before any view runs: the person it is about, found by
what it carries (the login's rid, an authorization code, a token, the /rs person, the SSO
cookie, or the login typed on the password page). The request then reads that group's clock,
and only that group's faults fire on it. A request that names nobody (the first authorize
without a session) belongs to the stand itself.

Source limits (per address) are counted apart in each group and allow each seat of the group
one person's share: a class of twenty sits behind one address."""

import re

from flask import current_app, request, session
from sqlalchemy import func, select

from idp_mock import clock
from idp_mock.config import setting
from idp_mock.models import AuthCode, AuthRequest, Group, IssuedToken, Persona, SsoSession, db
from idp_mock.protocol.tokens import digest

PERSON_PATH = re.compile(r"^/rs/prns/(\d{1,18})(/|$)")


def oid_by_flow() -> int | None:
    rid = request.args.get("rid") or request.form.get("rid")
    auth_request = db.session.get(AuthRequest, rid) if rid else None
    return auth_request.persona_oid if auth_request else None


def oid_by_grant() -> int | None:
    code, refresh = request.form.get("code"), request.form.get("refresh_token")
    grant = db.session.get(AuthCode, digest(code)) if code else None
    token = db.session.get(IssuedToken, digest(refresh)) if refresh else None
    return (grant or token).persona_oid if grant or token else None


def oid_by_bearer() -> int | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    token = db.session.get(IssuedToken, digest(header[7:].strip()))
    return token.persona_oid if token else None


def oid_by_path() -> int | None:
    match = PERSON_PATH.match(request.path)
    return int(match.group(1)) if match else None


def oid_by_session() -> int | None:
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return None
    sso = db.session.get(SsoSession, session.get("sso") or "")
    return sso.persona_oid if sso else None


def oid_by_login() -> int | None:
    from idp_mock.login.lockout import find_persona  # the login package builds on this module

    login = request.form.get("login") if request.method == "POST" else None
    persona = find_persona(login) if login else None
    return persona.oid if persona else None


FINDERS = (oid_by_flow, oid_by_login, oid_by_grant, oid_by_bearer, oid_by_path, oid_by_session)


def attribute() -> None:
    """before_request: read the clock of the person this request is about (their group's, or
    the stand's), so the faults of that group alone fire on it."""
    if request.path.startswith(("/_mock/", "/static/")):
        return
    for finder in FINDERS:
        oid = finder()
        if oid is not None:
            clock.follow_oid(oid)
            return


def source_key(source: str) -> str:
    group = clock.group_id()
    return source if group is None else f"group{group}:{source}"


def seats(group_id: int) -> int:
    """How many people's share of a source limit a group gets: one per copy of the cast (one
    per person in a group filled by hand)."""
    group = db.session.get(Group, group_id)
    if group is None:
        return 1
    if group.copies:
        return group.copies
    people = select(func.count(Persona.oid)).where(Persona.group_id == group_id)
    return max(1, db.session.scalar(people))


def source_cap(name: str) -> int:
    """The limit `name` for one source in the request's group."""
    group = clock.group_id()
    return setting(name) * (1 if group is None else seats(group))
