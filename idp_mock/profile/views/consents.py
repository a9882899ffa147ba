"""Consents: the sites the person let have their data, and a way to take that back."""

from flask import abort

from common.forms import EmptyForm
from idp_mock.login import consent
from idp_mock.profile.views.common import done, person, profile_blueprint, render

bp = profile_blueprint(__name__)


@bp.get("/profile/consents")
def show():
    return render("consents", consents=consent.grants_of(person()), form=EmptyForm())


@bp.post("/profile/consents/<client_id>/revoke")
def revoke(client_id: str):
    if not consent.revoke(person(), client_id):
        abort(404)  # not a consent of this person's
    return done("Разрешение отозвано: при следующем входе сайт снова спросит согласие", ".show")
