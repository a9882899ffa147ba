"""Snapshots from the console: the saved ones, saving the state, putting one back."""

from flask import abort

from common.forms import EmptyForm
from idp_mock.tester import snapshots
from idp_mock.tester.console.forms import SnapshotForm
from idp_mock.tester.console.pages import console_blueprint, done, render

bp = console_blueprint(__name__)


def snapshots_page(form: SnapshotForm, status: int = 200):
    return render("snapshots", status, form=form, snapshots=snapshots.listed(), empty=EmptyForm())


@bp.get("/snapshots")
def snapshots_form():
    return snapshots_page(SnapshotForm())


@bp.post("/snapshots")
def save_snapshot():
    form = SnapshotForm()
    if not form.validate():
        return snapshots_page(form, 422)
    name = snapshots.save(form.name.data.strip()).name
    return done(f"Снимок «{name}» сохранён", ".snapshots_form")


@bp.post("/snapshots/<name>/restore")
def restore_snapshot(name: str):
    try:
        snapshots.restore(name)
    except LookupError:
        abort(404)
    return done(f"Состояние восстановлено из снимка «{name}»", ".snapshots_form")
