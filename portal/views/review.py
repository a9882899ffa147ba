"""The review console of the accreditation body's staff (ФАЦ)."""

from flask import Blueprint, render_template
from flask_login import current_user

from ..access import reviewer_required

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.get("/")
@reviewer_required
def queue():
    return render_template("portal/review/queue.html", reviewer=current_user.doctor)
