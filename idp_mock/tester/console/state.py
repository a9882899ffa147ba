"""Console pages for faults, snapshots and sessions."""

from flask import abort, render_template
from sqlalchemy import select

from common.errors import ServiceError
from common.forms import EmptyForm
from idp_mock.models import Fault, Snapshot, SsoSession, db
from idp_mock.tester import faults, sessions, snapshots
from idp_mock.tester.console.forms import FaultForm, SnapshotForm
from idp_mock.tester.console.people import bp, done, posted


def faults_page(form, status: int = 200):
    return render_template(
        "idp/console/faults.html", form=form, faults=faults.live(), empty=EmptyForm()
    ), status


@bp.get("/faults")
def faults_form():
    return faults_page(FaultForm())


@bp.post("/faults")
def add_fault():
    form = FaultForm()
    if not form.validate():
        return faults_page(form, 422)
    data = {k: v for k, v in form.data.items() if v not in (None, "") and k != "csrf_token"}
    try:
        faults.add(data)
    except ServiceError as error:
        db.session.rollback()
        getattr(form, error.field, form.kind).errors.append(error.message)
        return faults_page(form, 422)
    return done("Сбой включён", ".faults_form")


@bp.post("/faults/<int:fault_id>/clear")
def clear_fault(fault_id: int):
    posted()
    db.session.get(Fault, fault_id) or abort(404)
    faults.clear(fault_id)
    return done("Сбой отключён", ".faults_form")


def snapshots_page(form, status: int = 200):
    rows = db.session.scalars(select(Snapshot).order_by(Snapshot.name))
    return render_template(
        "idp/console/snapshots.html", form=form, snapshots=list(rows), empty=EmptyForm()
    ), status


@bp.get("/snapshots")
def snapshots_form():
    return snapshots_page(SnapshotForm())


@bp.post("/snapshots")
def save_snapshot():
    form = SnapshotForm()
    if not form.validate():
        return snapshots_page(form, 422)
    snapshots.save(form.name.data.strip())
    return done(f"Снимок «{form.name.data.strip()}» сохранён", ".snapshots_form")


@bp.post("/snapshots/<name>/restore")
def restore_snapshot(name: str):
    posted()
    try:
        snapshots.restore(name)
    except LookupError:
        abort(404)
    return done(f"Состояние восстановлено из снимка «{name}»", ".snapshots_form")


@bp.get("/sessions")
def sessions_page():
    rows = sessions.list_sessions()
    return render_template("idp/console/sessions.html", sessions=rows, form=EmptyForm())


@bp.post("/sessions/<sso_id>/revoke")
def revoke_session(sso_id: str):
    posted()
    sessions.end_session(db.session.get(SsoSession, sso_id) or abort(404))
    return done("Сеанс завершён, его токены отозваны", ".sessions_page")
