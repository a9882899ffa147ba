"""One login transaction (?rid=) as the person's pages see it: opened, shown, finished.

Every way of logging in (password, SMS, app, signature, biometrics, bank) uses these, so
none of their views imports another.
"""

from datetime import timedelta

from flask import (
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from common.forms import EmptyForm
from common.security import allow_form_redirect_to
from idp_mock import clock
from idp_mock.login import biometrics, consent, sms
from idp_mock.login.forms import CodeForm, LoginForm
from idp_mock.login.sso import open_sso_session, resume_sso_session
from idp_mock.models import AuthRequest, Client, Persona, db
from idp_mock.protocol import authorize
from idp_mock.protocol.errors import EsiaError
from idp_mock.tester import timeline


class FlowGone(Exception):
    """The login transaction is unknown, another browser's, or too old."""


class NotLoggedIn(Exception):
    """A later step was opened before the person said who they are."""

    def __init__(self, rid: str):
        self.rid = rid


def open_flow() -> AuthRequest:
    """The login transaction named by ?rid=, if it belongs to this browser and is still open."""
    rid = request.args.get("rid", "")
    auth_request = db.session.get(AuthRequest, rid) if rid in session.get("flows", []) else None
    max_age = timedelta(seconds=current_app.config["AUTH_REQUEST_TTL"])
    if auth_request is None or auth_request.created_at + max_age <= clock.stand_now():
        raise FlowGone
    return entered(auth_request)


def entered(auth_request: AuthRequest) -> AuthRequest:
    """The request goes on with this transaction: its person's clock, its site's address."""
    clock.follow_oid(auth_request.persona_oid)
    allow_form_redirect_to(authorize.origin(auth_request.redirect_uri))
    return auth_request


def person_of(auth_request: AuthRequest) -> Persona:
    """Who this transaction's password step named (or whose code was right); back to the
    login page if nobody."""
    persona = db.session.get(Persona, auth_request.persona_oid or 0)
    if persona is None:
        raise NotLoggedIn(auth_request.id)
    clock.follow(persona)
    return persona


def authenticated_flow() -> tuple[AuthRequest, Persona]:
    auth_request = open_flow()
    if not auth_request.authenticated_at:
        raise NotLoggedIn(auth_request.id)
    return auth_request, db.session.get(Persona, auth_request.persona_oid)


def page(template: str, auth_request: AuthRequest, status: int = 200, **context):
    client = db.session.get(Client, auth_request.client_id)
    return render_template(template, rid=auth_request.id, client=client, **context), status


def first_page(auth_request: AuthRequest):
    """The login page of a transaction, or consent when the person is logged in already (by
    the tester API's shortcut, back from a later step, or by SSO)."""
    if auth_request.authenticated_at or resume_sso_session(auth_request, session.get("sso")):
        return to_consent(auth_request)
    return page("idp/login/password.html", auth_request, form=LoginForm())


APP_LABEL, APP_EMPTY = "Код из приложения", "Введите код из приложения"
SMS_EMPTY = "Введите код из СМС"


def code_page(auth_request: AuthRequest, form: CodeForm, status: int = 200):
    """The second factor's page: the code from the authenticator app, or the one sent by SMS."""
    persona = person_of(auth_request)
    app_code = sms.asks_app_code(auth_request, persona)
    if app_code:
        form.code.label.text = APP_LABEL
        form.code.errors = [APP_EMPTY if e == SMS_EMPTY else e for e in form.code.errors]
    return page(
        "idp/login/sms_code.html",
        auth_request,
        status,
        form=form,
        phone=persona.phone,
        resend_at=sms.resend_available_at(auth_request),
        now=clock.now(),
        biometrics=biometrics.enrolled(persona),
        app_code=app_code,
    )


def to_consent(auth_request: AuthRequest):
    """The consent page, answered in place: a request fewer on a slow line."""
    if request.headers.get("HX-Request") == "true":
        # The app page's status poll: htmx follows HX-Redirect with a full page load.
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url_for("consent.consent_form", rid=auth_request.id)
        return response
    return consent_page(auth_request, db.session.get(Persona, auth_request.persona_oid))


def consent_page(auth_request: AuthRequest, persona: Persona):
    """What the site asks for, or back to the site with ESIA's error when it may not have it;
    straight back with a code when the person allowed all of it before. The profile's own
    login asks nobody's consent for the person's own data."""
    from idp_mock.profile import entry  # the profile logs in through these pages

    if entry.is_own(auth_request):
        return finish(auth_request)
    refused = consent.refusal(auth_request, persona)
    if refused:
        return fail(auth_request, refused)
    earlier = consent.earlier_grant(auth_request)
    if earlier is not None:
        return finish(auth_request, code=consent.grant(auth_request, earlier))
    return page(
        "idp/login/consent.html",
        auth_request,
        form=EmptyForm(),
        persona=persona,
        data=consent.describe(auth_request.scope),
    )


def signed_in(auth_request: AuthRequest, persona: Persona, amr: str, step: str, how: str):
    """The person is logged in by `amr` (`how` says so on the timeline): open the SSO session
    and go on to consent."""
    timeline.note(auth_request.id, step, how)
    session["sso"] = open_sso_session(auth_request, persona, amr).id
    return to_consent(auth_request)


def finish(auth_request: AuthRequest, **params):
    """Back to the site with `params`; this browser's transaction is closed."""
    session["flows"] = [f for f in session.get("flows", []) if f != auth_request.id]
    return redirect(
        authorize.redirect_with(auth_request.redirect_uri, state=auth_request.state, **params)
    )


def fail(auth_request: AuthRequest, code: str):
    error = EsiaError(code)
    timeline.log(
        auth_request.id,
        "redirect",
        f"Человек возвращён на сайт с ошибкой {error.error} ({error.description})",
        False,
        redirect_uri=auth_request.redirect_uri,
    )
    return finish(auth_request, **error.as_dict(None))


def flow_gone(error):
    """This browser's transaction grown too old goes back to its site; another browser's or an
    unknown one gets a page that offers its site, when known."""
    rid = request.args.get("rid", "")
    known = db.session.get(AuthRequest, rid)
    if known is not None and rid in session.get("flows", []):
        return expired(known)
    client = db.session.get(Client, known.client_id) if known else None
    return render_template(
        "idp/error.html",
        title="Сеанс входа устарел",
        message="Вернитесь на сайт, с которого начали вход, и войдите ещё раз.",
        back_url=authorize.origin(known.redirect_uri) + "/" if known else None,
        back_name=client.name if client else None,
    ), 400


def expired(auth_request: AuthRequest):
    """As ESIA does: back to the site with access_denied (ESIA-007004), where it starts again."""
    back = fail(auth_request, "ESIA-007004")
    if request.headers.get("HX-Request") != "true":
        return back
    # A poll cannot follow a redirect to another site: htmx loads the page itself.
    response = make_response("", 200)
    response.headers["HX-Redirect"] = back.headers["Location"]
    return response


def back_to_login(error):
    return redirect(url_for("password.login_form", rid=error.rid), 303)


def init_app(app) -> None:
    app.register_error_handler(FlowGone, flow_gone)
    app.register_error_handler(NotLoggedIn, back_to_login)
