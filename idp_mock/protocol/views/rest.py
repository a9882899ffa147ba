"""The ESIA REST API: /rs/prns/{oid} and its collections, behind a Bearer access token."""

import re

import jwt
from flask import Blueprint, abort, current_app, jsonify, request
from werkzeug.exceptions import NotFound

from idp_mock.models import Persona, db
from idp_mock.protocol import person, tokens
from idp_mock.tester import timeline

bp = Blueprint("rest", __name__, url_prefix="/rs")
bp.after_request(timeline.note_data_read)
EMBED = re.compile(r"^\((.*)\)$")
ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def json_error(status: int, code: str, message: str):
    response = jsonify({"code": code, "message": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return json_error(error.status, error.code, error.message)


def bearer_claims() -> dict:
    """Claims of the request's valid access token; 401 without one."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        raise ApiError(401, "UNAUTHORIZED", "Bearer access token required")
    try:
        return tokens.decode_access_token(header[7:].strip())
    except jwt.InvalidTokenError as error:
        raise ApiError(401, "UNAUTHORIZED", f"Invalid access token: {error}") from None


def caller_scopes(oid: int) -> set[str]:
    """Scopes the bearer token grants on this person; 403 for a token of another person."""
    claims = bearer_claims()
    if claims.get("urn:esia:sbj_id") != oid:
        raise ApiError(403, "FORBIDDEN", "The token was issued for another person")
    return person.granted(set(claims.get("scope", "").split()))


def require_any(scopes: set[str], needed: set[str]) -> None:
    if not scopes & needed:
        raise ApiError(403, "FORBIDDEN", "No grant for " + " or ".join(sorted(needed)))


def load(oid: int) -> Persona:
    persona = db.session.get(Persona, oid)
    if persona is None:
        abort(404)
    return persona


def collection_url(oid: int, name: str) -> str:
    return f"{request.host_url}rs/prns/{oid}/{name}"


def collection(persona: Persona, name: str, scopes: set[str], embed: bool) -> dict:
    items = person.elements(persona, name, scopes)
    if embed or name == "roles":
        return person.collection_body(items, None)
    if name == "orgs":
        links = [f"{request.host_url}rs/orgs/{person.element_key(i)}" for i in items]
    else:
        links = [f"{collection_url(persona.oid, name)}/{person.element_key(i)}" for i in items]
    return person.collection_body(items, links)


def embeds() -> set[str]:
    match = EMBED.match(request.args.get("embed", ""))
    return {part.strip() for part in match.group(1).split(",")} if match else set()


@bp.get("/prns/<int:oid>")
def show_person(oid: int):
    scopes, persona = caller_scopes(oid), load(oid)
    require_any(scopes, set(person.PERSONAL))
    body = person.person(persona, scopes)
    for name in embeds():
        key = name.removesuffix(".elements")
        short = person.EMBED_COLLECTIONS.get(key)
        if short and scopes & person.COLLECTION_SCOPES[short]:
            body[key] = collection(persona, short, scopes, embed=True)
    return jsonify(body)


@bp.get("/prns/<int:oid>/<any(ctts, addrs, docs, roles, orgs, vhls, kids):name>")
def show_collection(oid: int, name: str):
    scopes, persona = caller_scopes(oid), load(oid)
    require_any(scopes, person.COLLECTION_SCOPES[name])
    return jsonify(collection(persona, name, scopes, "elements" in embeds()))


@bp.get("/prns/<int:oid>/<any(ctts, addrs, docs, orgs, vhls, kids):name>/<int:item_id>")
def show_item(oid: int, name: str, item_id: int):
    scopes, persona = caller_scopes(oid), load(oid)
    require_any(scopes, person.COLLECTION_SCOPES[name])
    for item in person.elements(persona, name, scopes):
        if person.element_key(item) == item_id:
            return jsonify(item)
    abort(404)


@bp.get("/orgs/<int:org_oid>")
def show_org(org_oid: int):
    """An organisation the token's person belongs to (what the orgs links point at)."""
    claims = bearer_claims()
    oid = claims.get("urn:esia:sbj_id")
    scopes = person.granted(set(claims.get("scope", "").split()))
    require_any(scopes, person.COLLECTION_SCOPES["orgs"])
    for item in person.elements(load(oid), "orgs", scopes):
        if item["oid"] == org_oid:
            return jsonify(item)
    raise ApiError(403, "FORBIDDEN", "The person is not a member of this organisation")


@bp.errorhandler(404)
def not_found(error):
    return json_error(404, "NOT_FOUND", "No such object")


@bp.errorhandler(405)
def not_allowed(error):
    return json_error(405, "METHOD_NOT_ALLOWED", "Only GET is served here")


@bp.route("/", defaults={"rest": ""}, methods=ANY_METHOD, strict_slashes=False)
@bp.route("/<path:rest>", methods=ANY_METHOD)
def any_other(rest: str):
    """What no route above matched, as clients really send it: a trailing slash
    (`/rs/prns/{oid}/`) or a doubled one (`//vhls`) is the path without it; anything else is
    ESIA's JSON error, never the site's HTML page (the routing 404 skips blueprint handlers)."""
    path = "".join(f"/{part}" for part in ["rs", *rest.split("/")] if part)
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, args = adapter.match(path, method="GET")
    except NotFound:
        return not_found(None)
    if endpoint == request.endpoint or not endpoint.startswith(bp.name + "."):
        return not_found(None)
    if request.method != "GET":
        return not_allowed(None)
    return current_app.view_functions[endpoint](**args)
