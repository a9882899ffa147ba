"""The console's door when IDP_ADMIN_TOKEN is set: the token, entered once per browser."""

import hmac

from flask import current_app, redirect, session, url_for

from idp_mock.tester.console.forms import TokenForm
from idp_mock.tester.console.pages import console_blueprint, render

bp = console_blueprint(__name__)


@bp.get("/enter")
def enter_form():
    return render("enter", form=TokenForm())


@bp.post("/enter")
def enter():
    form = TokenForm()
    token = str(current_app.config.get("ADMIN_TOKEN") or "")
    if form.validate() and hmac.compare_digest(form.token.data.encode(), token.encode()):
        session["console"] = True
        return redirect(url_for("console_logins.index"), 303)
    form.token.errors.append("Токен не подходит. Возьмите его из переменной IDP_ADMIN_TOKEN")
    return render("enter", 422, form=form)
