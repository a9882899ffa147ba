"""The tester's console under /_mock/: people, the outbox, the clock, faults, snapshots,
sessions and each login's protocol timeline. Pages over the same services as the JSON API."""

import hmac
import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select

from common.errors import ServiceError
from common.forms import EmptyForm
from idp_mock import clock
from idp_mock.models import AuthRequest, Message, Persona, db
from idp_mock.tester import personas, timeline
from idp_mock.tester.console.forms import ClockForm, ImportForm, PersonaForm, TokenForm

bp = Blueprint("console", __name__, url_prefix="/_mock")


@bp.before_request
def require_token():
    token = current_app.config.get("ADMIN_TOKEN")
    entering = request.endpoint in ("console.enter", "console.enter_form")
    if token and not session.get("console") and not entering:
        return redirect(url_for(".enter_form"), 303)
    return None


def render(template: str, status: int = 200, **context):
    return render_template(f"idp/console/{template}.html", **context), status


def done(message: str, endpoint: str, **values):
    db.session.commit()
    flash(message)
    return redirect(url_for(endpoint, **values), 303)


def posted() -> None:
    if not EmptyForm().validate():
        abort(400)


@bp.get("/enter")
def enter_form():
    return render("enter", form=TokenForm())


@bp.post("/enter")
def enter():
    form = TokenForm()
    token = str(current_app.config.get("ADMIN_TOKEN") or "")
    if form.validate() and hmac.compare_digest(form.token.data.encode(), token.encode()):
        session["console"] = True
        return redirect(url_for(".index"), 303)
    form.token.errors.append("Токен не подходит. Возьмите его из переменной IDP_ADMIN_TOKEN")
    return render("enter", 422, form=form)


@bp.get("/")
def index():
    logins = db.session.scalars(
        select(AuthRequest).order_by(AuthRequest.created_at.desc()).limit(30)
    )
    return render("index", logins=list(logins))


@bp.get("/logins/<rid>")
def login_timeline(rid: str):
    auth_request = db.session.get(AuthRequest, rid) or abort(404)
    return render("timeline", login=auth_request, events=timeline.events(rid))


@bp.get("/personas")
def people():
    rows = db.session.scalars(select(Persona).order_by(Persona.oid))
    return render("personas", people=list(rows), form=ImportForm())


@bp.get("/personas/export")
def export_people():
    rows = db.session.scalars(select(Persona).order_by(Persona.oid))
    body = json.dumps([personas.as_json(p) for p in rows], ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="personas.json"'
    return response


@bp.post("/personas/import")
def import_people():
    form = ImportForm()
    rows = list(db.session.scalars(select(Persona).order_by(Persona.oid)))
    if not form.validate():
        return render("personas", 422, people=rows, form=form)
    try:
        count = personas.import_json(form.data.data)
    except ServiceError as error:
        db.session.rollback()
        form.data.errors.append(error.message)
        return render("personas", 422, people=rows, form=form)
    return done(f"Загружено пользователей: {count}", ".people")


def persona_or_404(oid: int) -> Persona:
    return db.session.get(Persona, oid) or abort(404)


@bp.get("/personas/<int:oid>")
def persona_form(oid: int):
    persona = persona_or_404(oid)
    form = PersonaForm(
        data={
            "phone": persona.phone,
            "email": persona.email,
            "level": persona.level,
            "state": persona.state,
            "fixed_code": persona.fixed_code,
            "script": json.dumps(persona.script or {}, ensure_ascii=False),
        }
    )
    return render("persona", persona=persona, form=form, empty=EmptyForm())


@bp.post("/personas/<int:oid>")
def change_persona(oid: int):
    persona, form = persona_or_404(oid), PersonaForm()
    if form.validate():
        try:
            personas.apply(persona, personas.from_console(form.data))
            return done("Изменения сохранены", ".persona_form", oid=oid)
        except ServiceError as error:
            db.session.rollback()
            persona = persona_or_404(oid)
            field = getattr(form, error.field, None) or form.script
            field.errors.append(error.message)
    return render("persona", 422, persona=persona, form=form, empty=EmptyForm())


@bp.post("/personas/<int:oid>/unlock")
def unlock(oid: int):
    posted()
    personas.apply(persona_or_404(oid), {"locked_until": None})
    return done("Блокировка снята", ".persona_form", oid=oid)


@bp.get("/personas/<int:oid>/delete")
def delete_form(oid: int):
    return render("delete", persona=persona_or_404(oid), form=EmptyForm())


@bp.post("/personas/<int:oid>/delete")
def delete(oid: int):
    posted()
    db.session.delete(persona_or_404(oid))
    return done("Пользователь удалён", ".people")


@bp.get("/outbox")
def outbox():
    query = select(Message).order_by(Message.created_at.desc(), Message.id.desc()).limit(200)
    if request.args.get("to"):
        query = query.where(Message.to.contains(request.args["to"].strip()))
    if request.args.get("channel") in ("sms", "email"):
        query = query.where(Message.channel == request.args["channel"])
    return render("outbox", messages=list(db.session.scalars(query)))


@bp.get("/clock")
def clock_form():
    return render("clock", form=ClockForm(), empty=EmptyForm(), now=clock.now())


@bp.post("/clock")
def move_clock():
    form = ClockForm()
    if not form.validate():
        return render("clock", 422, form=form, empty=EmptyForm(), now=clock.now())
    clock.advance(form.minutes.data * 60)
    return done(f"Часы переведены на {form.minutes.data} мин вперёд", ".clock_form")


@bp.post("/clock/reset")
def reset_clock():
    posted()
    clock.advance(-clock.offset())
    return done("Часы идут по реальному времени", ".clock_form")
