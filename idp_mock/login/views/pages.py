"""The simulator's front page: who the demo people are and where the tester API lives."""

from flask import Blueprint, render_template
from sqlalchemy import select

from idp_mock.models import Persona, db
from idp_mock.tester.seed import DEMO_PASSWORD

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    people = db.session.scalars(select(Persona).order_by(Persona.oid))
    return render_template("idp/index.html", people=people, demo_password=DEMO_PASSWORD)
