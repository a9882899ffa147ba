"""Every SMS and e-mail the simulator «sent», newest first."""

from flask import request

from idp_mock import outbox
from idp_mock.tester.console.pages import console_blueprint, render

bp = console_blueprint(__name__)


@bp.get("/outbox")
def list_messages():
    to, channel = request.args.get("to", "").strip(), request.args.get("channel")
    return render("outbox", messages=outbox.latest(to, channel))
