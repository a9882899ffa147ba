"""The simulator's front page: in tester mode, who the demo people are and where the tester API
lives; otherwise only what the simulator is."""

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from idp_mock.login.key_containers import DEMO_PIN
from idp_mock.models import Persona, db
from idp_mock.tester.seed import DEMO_PASSWORD

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    if not current_app.config["TEST_API"]:
        # A stand without the tester API shows nobody's login, let alone a password.
        return render_template("idp/index.html", tester_mode=False)
    people = db.session.scalars(select(Persona).order_by(Persona.oid))
    return render_template(
        "idp/index.html",
        tester_mode=True,
        people=people,
        demo_password=DEMO_PASSWORD,
        demo_pin=DEMO_PIN,
    )
