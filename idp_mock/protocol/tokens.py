"""Authorization codes and the JWTs ESIA issues for them.

Claims a client checks against its own clock (iat, nbf, exp) carry real time; whether a code or
token is still good is decided by the simulator's movable clock, so testers can expire them.
"""

import base64
import hashlib
import secrets
import uuid
from datetime import timedelta

import jwt
from flask import current_app
from sqlalchemy import update

from idp_mock import clock
from idp_mock.models import AuthCode, AuthRequest, IssuedToken, Persona, db
from idp_mock.protocol import keys
from idp_mock.protocol.errors import EsiaError

PERSONAL_SCOPES_WITHOUT_OID = {"openid"}


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def issue_code(auth_request: AuthRequest) -> str:
    code = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(
        AuthCode(
            code_hash=digest(code),
            auth_request_id=auth_request.id,
            client_id=auth_request.client_id,
            persona_oid=auth_request.persona_oid,
            redirect_uri=auth_request.redirect_uri,
            scope=auth_request.scope,
            created_at=now,
            expires_at=now + timedelta(seconds=current_app.config["CODE_TTL"]),
        )
    )
    db.session.commit()
    return code


def revoke_tokens_of_code(code_hash: str) -> None:
    db.session.execute(
        update(IssuedToken).where(IssuedToken.code_hash == code_hash).values(revoked=True)
    )


def family(protocol: str | None) -> str | None:
    """ESIA (v1, v2, v3; a client registered to sign must sign) or the OIDC profile (a public
    client with PKCE). v1 and v2/v3 are one family: both check the same registered certificate."""
    if protocol is None:
        return None
    return "oidc" if protocol == "oidc" else "esia"


def check_family(code_hash: str | None, protocol: str) -> None:
    """A code, or a token issued for it, redeems only in the family its login started in."""
    grant = db.session.get(AuthCode, code_hash) if code_hash else None
    auth_request = db.session.get(AuthRequest, grant.auth_request_id) if grant else None
    if family(auth_request.protocol if auth_request else None) != family(protocol):
        raise EsiaError("ESIA-007011")


def redeem_code(code: str, client_id: str, redirect_uri: str | None, protocol: str) -> AuthCode:
    """The code's grant, once; a second use revokes everything issued from the first.
    A code presented to another client or protocol family is refused and stays unspent."""
    grant = db.session.get(AuthCode, digest(code or ""))
    if grant is None or grant.client_id != client_id:
        raise EsiaError("ESIA-007011")
    clock.follow_oid(grant.persona_oid)
    check_family(grant.code_hash, protocol)
    # One conditional UPDATE decides which of two concurrent exchanges (on any instance) wins.
    claimed = db.session.execute(
        update(AuthCode)
        .where(AuthCode.code_hash == grant.code_hash, AuthCode.used_at.is_(None))
        .values(used_at=clock.now())
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        revoke_tokens_of_code(grant.code_hash)
        db.session.commit()
        raise EsiaError("ESIA-007011")
    # The claim stays uncommitted until the tokens are written in the same transaction: a
    # concurrent replay waits on the row and then revokes tokens that already exist.
    if grant.expires_at <= clock.now() or (redirect_uri and redirect_uri != grant.redirect_uri):
        spend_and_refuse()
    return grant


def spend_and_refuse(code: str = "ESIA-007011") -> None:
    """A code that failed a check after it was claimed is used up all the same."""
    db.session.commit()
    raise EsiaError(code)


def check_pkce(auth_request: AuthRequest, verifier: str | None) -> None:
    """S256 only (RFC 7636 §4.6); a verifier for a code that had no challenge is refused too."""
    if not auth_request.code_challenge:
        if verifier:
            spend_and_refuse("ESIA-007040")
        return
    computed = base64.urlsafe_b64encode(hashlib.sha256((verifier or "").encode()).digest())
    if computed.rstrip(b"=").decode() != auth_request.code_challenge:
        spend_and_refuse("ESIA-007040")


def scope_claim(scope: str, oid: int) -> str:
    """ESIA tags each personal scope with the subject: 'fullname?oid=1000299681'."""
    return " ".join(
        s if s in PERSONAL_SCOPES_WITHOUT_OID or "?" in s else f"{s}?oid={oid}"
        for s in scope.split()
    )


def sign(claims: dict, sbt: str, ver: int) -> str:
    key = keys.active()
    return jwt.encode(
        claims,
        key.private_key,
        algorithm="RS256",
        headers={"ver": ver, "sbt": sbt, "typ": "JWT", "kid": key.kid},
    )


def access_token(persona: Persona, client_id: str, scope: str, sid: str) -> str:
    now = clock.wall_epoch()
    return sign(
        {
            "nbf": now,
            "scope": scope_claim(scope, persona.oid),
            "iss": current_app.config["ISSUER"],
            "urn:esia:sid": sid,
            "urn:esia:sbj_id": persona.oid,
            "exp": now + current_app.config["ACCESS_TOKEN_TTL"],
            "iat": now,
            "client_id": client_id,
        },
        "access",
        1,
    )


def subject_claims(persona: Persona) -> dict:
    subject = {
        "urn:esia:sbj:typ": "P",
        "urn:esia:sbj:oid": persona.oid,
        "urn:esia:sbj:nam": f"OID.{persona.oid}",
        "urn:esia:sbj:lvl": "PR" if persona.trusted else "P",
    }
    if persona.trusted:
        subject["urn:esia:sbj:is_tru"] = True
    return subject


def id_token(
    persona: Persona, client_id: str, sid: str, amr: str, nonce: str | None, oidc: bool = False
) -> str:
    now = clock.wall_epoch()
    claims = {
        "aud": client_id,
        "sub": persona.oid,
        "nbf": now,
        "amr": amr,
        "urn:esia:amd": amr,
        "auth_time": now,
        "iss": current_app.config["ISSUER"],
        "urn:esia:sid": sid,
        "urn:esia:sbj": subject_claims(persona),
        "exp": now + current_app.config["ID_TOKEN_TTL"],
        "iat": now,
    }
    if nonce:
        claims["nonce"] = nonce
    if oidc:
        # Generic OIDC clients check the standard types: sub a string, amr an array.
        claims.update(sub=str(persona.oid), amr=[amr])
    return sign(claims, "id", 0)


def record(token: str, kind: str, ttl: int, **fields) -> None:
    expires_at = clock.now() + timedelta(seconds=ttl)
    db.session.add(
        IssuedToken(token_hash=digest(token), kind=kind, expires_at=expires_at, **fields)
    )


def token_response(
    persona,
    client_id,
    scope,
    state,
    *,
    amr,
    nonce=None,
    offline=False,
    code_hash=None,
    sso_session_id=None,
    redirect_uri="",
    oidc=False,
) -> dict:
    """The JSON ESIA returns from its token endpoints, with every token recorded for revocation
    (the caller's commit stores them, with the spent code and the timeline event)."""
    sid = str(uuid.uuid4())
    config = current_app.config
    links = dict(
        code_hash=code_hash,
        sso_session_id=sso_session_id,
        client_id=client_id,
        persona_oid=persona.oid,
        scope=scope,
        redirect_uri=redirect_uri,
    )
    body = {"access_token": access_token(persona, client_id, scope, sid)}
    record(body["access_token"], "access", config["ACCESS_TOKEN_TTL"], **links)
    if "openid" in scope.split():
        body["id_token"] = id_token(persona, client_id, sid, amr, nonce, oidc)
    if offline:
        body["refresh_token"] = str(uuid.uuid4())
        record(body["refresh_token"], "refresh", config["REFRESH_TOKEN_TTL"], **links)
    body.update(state=state, token_type="Bearer", expires_in=config["ACCESS_TOKEN_TTL"])  # noqa: S106
    return body


def live_token(token: str, kind: str) -> IssuedToken | None:
    row = db.session.get(IssuedToken, digest(token or ""))
    clock.follow_oid(row.persona_oid if row else None)
    if row is None or row.kind != kind or row.revoked or row.expires_at <= clock.now():
        return None
    return row


def decode_ours(token: str, skip: tuple[str, ...]) -> dict:
    """Claims of an RS256 JWT signed by one of our keys for our issuer, without the `skip`
    checks (e.g. "exp"); raises jwt.InvalidTokenError."""
    return jwt.decode(
        token,
        keys.public_key_for(token),
        algorithms=["RS256"],
        issuer=current_app.config["ISSUER"],
        options={f"verify_{check}": False for check in skip},
    )


def decode_access_token(token: str) -> dict:
    """Claims of a valid, unrevoked access token issued by us; raises jwt.InvalidTokenError."""
    # Expiry is the simulator's clock's business (live_token), not the wall clock's.
    claims = decode_ours(token, skip=("exp", "iat", "nbf"))
    if live_token(token, "access") is None:
        raise jwt.InvalidTokenError("revoked or expired")
    return claims
