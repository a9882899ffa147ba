"""Fault injection: break any endpoint once, N times or until cleared, as the tester asks.

Faults live in the database, so every worker sees them and a fault asked for once fires once
in total; a conditional UPDATE spends one use atomically.
"""

import fnmatch
import time
from datetime import UTC, datetime

import jwt
from flask import Response, current_app, jsonify, redirect, render_template, request
from sqlalchemy import select, update

from common.errors import ServiceError
from common.per_request import once_per_request
from idp_mock import clock
from idp_mock.models import Client, Fault, db
from idp_mock.protocol import keys
from idp_mock.protocol.authorize import error_redirect
from idp_mock.protocol.errors import EsiaError

KINDS = ("http_error", "esia_error", "delay", "timeout", "maintenance", "bad_token")
TOKEN_DEFECTS = (
    "wrong_iss",
    "wrong_aud",
    "wrong_alg",
    "bad_signature",
    "expired",
    "not_yet_valid",
    "nonce_mismatch",
)
MAX_SLEEP = 120


# What each kind takes from the tester, and its default when not given.
PARAMETERS = {
    "http_error": ("status", 500),
    "esia_error": ("code", "ESIA-007007"),
    "delay": ("seconds", 3),
    "timeout": ("seconds", 30),
    "maintenance": ("retry_after", 600),
}


def checked(data: dict) -> dict:
    """A fault's fields from tester JSON that fits the API's FaultInput model (which checks each
    field): the defaults, and what one kind needs of another field."""
    kind = data["kind"]
    path = data.get("path") or ("*" if kind == "bad_token" else "")
    if not path:
        raise ServiceError("path", "path: путь от корня, можно с * (например /aas/oauth2/*)")
    return {"kind": kind, "path": path, "remaining": data.get("times"), "params": params_of(data)}


def params_of(data: dict) -> dict:
    if data["kind"] != "bad_token":
        name, default = PARAMETERS[data["kind"]]
        return {name: data.get(name, default)}
    if data.get("defect") is None:
        raise ServiceError("defect", "defect: " + ", ".join(TOKEN_DEFECTS))
    return {"defect": data["defect"]}


def add(data: dict, group: int | None = None) -> Fault:
    """Arm a fault from tester JSON that fits the API's FaultInput model, for the requests of
    one group (None: of the stand's own people and of requests that name nobody)."""
    fault = Fault(created_at=clock.now(), group_id=group, **checked(data))
    db.session.add(fault)
    db.session.commit()
    return fault


def as_json(fault: Fault) -> dict:
    return {
        "id": fault.id,
        "path": fault.path,
        "kind": fault.kind,
        "times": fault.remaining,
        **fault.params,
    }


def spend(fault: Fault) -> bool:
    """Use the fault once; False when another request used its last use first."""
    if fault.remaining is None:
        return True
    result = db.session.execute(
        update(Fault)
        .where(Fault.id == fault.id, Fault.remaining > 0)
        .values(remaining=Fault.remaining - 1)
    )
    db.session.commit()
    return result.rowcount == 1


def of_group(group: int | None):
    return Fault.group_id.is_(None) if group is None else Fault.group_id == group


def armed() -> list[Fault]:
    """The faults armed for the request's group, read once a request: its before_request and
    its token endpoint both ask."""
    group = clock.group_id()
    query = select(Fault).where(of_group(group)).order_by(Fault.id)
    return once_per_request(f"faults:{group}", lambda: list(db.session.scalars(query)))


def first_for(path: str, kinds: tuple[str, ...]) -> Fault | None:
    """The first live fault for this path armed for the request's group."""
    for fault in armed():
        live = fault.remaining is None or fault.remaining > 0
        if fault.kind in kinds and live and fnmatch.fnmatchcase(path, fault.path) and spend(fault):
            return fault
    return None


def exempt(path: str) -> bool:
    return path.startswith(("/_mock/", "/static/"))


JSON_PATHS = ("/rs/", "/registries/", "/oidc/token", "/oidc/userinfo", "/.well-known/")


def wants_json(path: str) -> bool:
    return path.startswith(JSON_PATHS) or path.endswith("/te")


def esia_error_reply(code: str) -> Response:
    """The error where the protocol puts it: a redirect from authorize, JSON elsewhere."""
    error = EsiaError(code)
    state = request.values.get("state")
    client = db.session.get(Client, request.values.get("client_id") or "")
    target = request.values.get("redirect_uri", "")
    if request.path.endswith(("/ac", "/authorize")) and client and target in client.redirect_uris:
        return redirect(error_redirect(target, error, state))
    response = jsonify(error.as_dict(state))
    response.status_code = 400
    return response


def status_reply(status: int, title: str, message: str) -> Response:
    if wants_json(request.path):
        response = jsonify({"error": title, "message": message})
    else:
        page = render_template("idp/error.html", title=title, message=message)
        response = Response(page, mimetype="text/html")
    response.status_code = status
    return response


def inject():
    """before_request: the first live fault of the request's group matching its path, applied."""
    if exempt(request.path):
        return None
    fault = first_for(request.path, KINDS[:-1])
    if fault is None:
        return None
    params = fault.params
    current_app.logger.info("fault %s on %s", fault.kind, request.path)
    if fault.kind == "delay":
        time.sleep(params["seconds"])
        return None
    if fault.kind == "timeout":
        time.sleep(params["seconds"])
        return status_reply(504, "Сервис не ответил вовремя", "Повторите попытку позже.")
    if fault.kind == "http_error":
        return status_reply(params["status"], "Что-то пошло не так", "Повторите попытку позже.")
    if fault.kind == "esia_error":
        return esia_error_reply(params["code"])
    response = status_reply(
        503, "Технические работы", "На портале идут технические работы. Повторите вход позже."
    )
    response.headers["Retry-After"] = str(params["retry_after"])
    return response


def spoil_tokens(body: dict) -> dict:
    """Apply the next bad-token fault for this token endpoint to the id_token (or access token)."""
    fault = first_for(request.path, ("bad_token",))
    if fault is None:
        return body
    name = "id_token" if "id_token" in body else "access_token"
    return {**body, name: spoil(body[name], fault.params["defect"])}


def spoil(token: str, defect: str) -> str:
    header = {k: v for k, v in jwt.get_unverified_header(token).items() if k != "alg"}
    claims = jwt.decode(token, options={"verify_signature": False})
    now = int(datetime.now(UTC).timestamp())
    if defect == "bad_signature":
        head, payload, signature = token.split(".")
        flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
        return f"{head}.{payload}.{flipped}"
    if defect == "wrong_alg":
        return jwt.encode(claims, "not-the-rsa-key-at-all-" * 2, algorithm="HS256", headers=header)
    changes = {
        "wrong_iss": {"iss": "https://wrong-issuer.example/"},
        "wrong_aud": {"aud": "another-client"},
        "expired": {"iat": now - 7200, "nbf": now - 7200, "exp": now - 3600},
        "not_yet_valid": {"iat": now + 3600, "nbf": now + 3600, "exp": now + 7200},
        "nonce_mismatch": {"nonce": "not-the-nonce-you-sent"},
    }[defect]
    key = keys.active()
    return jwt.encode({**claims, **changes}, key.private_key, algorithm="RS256", headers=header)


def clear(fault_id: int | None = None, group: int | None = None) -> int:
    query = select(Fault).where(of_group(group))
    if fault_id is not None:
        query = query.where(Fault.id == fault_id)
    count = 0
    for fault in db.session.scalars(query):
        db.session.delete(fault)
        count += 1
    db.session.commit()
    return count


def live(group: int | None = None) -> list[Fault]:
    faults = db.session.scalars(select(Fault).where(of_group(group)).order_by(Fault.id))
    return [f for f in faults if f.remaining is None or f.remaining > 0]
