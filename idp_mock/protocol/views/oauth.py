"""ESIA protocol endpoints: authorize, token, logout."""

from urllib.parse import urlsplit

from flask import Blueprint, request

from idp_mock.models import Client, db
from idp_mock.protocol.replies import (
    ask_before_logout,
    confirmed_logout,
    log_out_now,
    start_login,
    token_reply,
)

bp = Blueprint("oauth", __name__)


@bp.route("/aas/oauth2/ac", methods=["GET", "POST"])
def authorize_v1():
    return start_login("v1")


@bp.route("/aas/oauth2/v2/ac", methods=["GET", "POST"])
def authorize_v2():
    return start_login("v2")


@bp.post("/aas/oauth2/te")
def token_v1():
    return token_reply("v1")


@bp.post("/aas/oauth2/v2/te")
def token_v2():
    return token_reply("v2")


@bp.post("/aas/oauth2/v3/te")
def token_v3():
    return token_reply("v3")


def allowed_logout_target(client: Client | None, url: str) -> bool:
    """ESIA registers a client's domains: a logout may return only to one of them."""
    hosts = {urlsplit(uri).netloc for uri in (client.redirect_uris if client else [])}
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and parts.netloc in hosts


@bp.get("/idp/ext/Logout")
def logout():
    """A registered client returning to its own host logs out at once (ESIA's protocol); any
    other link asks first, so no page can log a person out by an image or a link."""
    client = db.session.get(Client, request.args.get("client_id", ""))
    target = request.args.get("redirect_url", "")
    if allowed_logout_target(client, target):
        return log_out_now(target)
    return ask_before_logout()


@bp.post("/idp/ext/Logout")
def log_out_confirmed():
    return confirmed_logout(".logout")
