"""Classes (groups) from the console: the list with «Новый класс», a class's page with its
own clock, outbox, faults and snapshots, its printable sheet, and its reset and deletion
behind «are you sure?» pages."""

from flask import abort, request

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from idp_mock import outbox
from idp_mock.models import Fault, Group, db
from idp_mock.tester import faults, group_cast, groups, seed
from idp_mock.tester.console.forms import ClockForm, FaultForm, NewClassForm, SnapshotForm
from idp_mock.tester.console.pages import console_blueprint, done, render

bp = console_blueprint(__name__)
PAGE = ".group_page"


def group_or_404(group_id: int) -> Group:
    return db.session.get(Group, group_id) or abort(404)


def groups_page(form: NewClassForm, status: int = 200):
    return render("groups", status, form=form, groups=groups.listed(), people=groups.people)


@bp.get("/groups")
def groups_form():
    return groups_page(NewClassForm())


@bp.post("/groups")
def create_group():
    form = NewClassForm()
    if not form.validate():
        return groups_page(form, 422)
    try:
        group = groups.create(form.name.data, form.trainees.data)
    except ServiceError as error:
        show_error(error, form, fallback="name")
        return groups_page(form, 422)
    return done(f"Класс «{group.name}» создан", ".group_page", group_id=group.id)


def group_view(group: Group, status: int = 200, **forms):
    """The class's page with its forms (fresh ones unless given, as typed after an error)."""
    return render(
        "group",
        status,
        group=group,
        people=groups.people(group),
        seat=group_cast.seat,
        now=groups.now_of(group),
        faults=faults.live(group.id),
        snapshots=groups.snapshots(group),
        empty=EmptyForm(),
        clock_form=forms.get("clock_form") or ClockForm(formdata=None),
        fault_form=forms.get("fault_form") or FaultForm(formdata=None),
        snapshot_form=forms.get("snapshot_form") or SnapshotForm(formdata=None),
    )


@bp.get("/groups/<int:group_id>")
def group_page(group_id: int):
    return group_view(group_or_404(group_id))


@bp.get("/groups/<int:group_id>/sheet")
def class_sheet(group_id: int):
    group = group_or_404(group_id)
    return render(
        "class_sheet",
        group=group,
        table=groups.seating(group),
        password=seed.DEMO_PASSWORD,
    )


@bp.get("/groups/<int:group_id>/reset")
def reset_form(group_id: int):
    return render("group_confirm", group=group_or_404(group_id), form=EmptyForm(), action="reset")


@bp.post("/groups/<int:group_id>/reset")
def reset_group(group_id: int):
    group = groups.reset(group_or_404(group_id))
    return done(f"Класс «{group.name}» начат заново", ".group_page", group_id=group_id)


@bp.get("/groups/<int:group_id>/delete")
def delete_form(group_id: int):
    group = group_or_404(group_id)
    return render("group_confirm", group=group, form=EmptyForm(), action="delete")


@bp.post("/groups/<int:group_id>/delete")
def delete_group(group_id: int):
    group = group_or_404(group_id)
    name = group.name
    groups.delete(group)
    return done(f"Класс «{name}» удалён", ".groups_form")


@bp.post("/groups/<int:group_id>/clock")
def move_clock(group_id: int):
    group, form = group_or_404(group_id), ClockForm()
    if not form.validate():
        return group_view(group, 422, clock_form=form)
    groups.move_clock(group, form.minutes.data * 60)
    return done(
        f"Часы класса переведены на {form.minutes.data} мин вперёд", PAGE, group_id=group_id
    )


@bp.post("/groups/<int:group_id>/clock/reset")
def reset_clock(group_id: int):
    groups.move_clock(group_or_404(group_id), None)
    return done("Часы класса идут по реальному времени", PAGE, group_id=group_id)


@bp.get("/groups/<int:group_id>/outbox")
def list_messages(group_id: int):
    group = group_or_404(group_id)
    to = request.args.get("to", "").strip()
    messages = outbox.latest(to, request.args.get("channel"), group=group.id)
    return render("group_outbox", group=group, messages=messages, to=to)


@bp.post("/groups/<int:group_id>/faults")
def add_fault(group_id: int):
    group, form = group_or_404(group_id), FaultForm()
    if not form.validate():
        return group_view(group, 422, fault_form=form)
    data = {k: v for k, v in form.data.items() if v not in (None, "") and k != "csrf_token"}
    try:
        groups.add_fault(group, data)
    except ServiceError as error:
        show_error(error, form, fallback="kind")
        return group_view(group, 422, fault_form=form)
    return done("Сбой для класса включён", PAGE, group_id=group_id)


@bp.post("/groups/<int:group_id>/faults/<int:fault_id>/clear")
def clear_fault(group_id: int, fault_id: int):
    fault = db.session.get(Fault, fault_id)
    if fault is None or fault.group_id != group_or_404(group_id).id:
        abort(404)
    faults.clear(fault_id, group_id)
    return done("Сбой отключён", PAGE, group_id=group_id)


@bp.post("/groups/<int:group_id>/snapshots")
def save_snapshot(group_id: int):
    group, form = group_or_404(group_id), SnapshotForm()
    if not form.validate():
        return group_view(group, 422, snapshot_form=form)
    name = groups.save_snapshot(group, form.name.data).name
    return done(f"Снимок класса «{name}» сохранён", PAGE, group_id=group_id)


@bp.post("/groups/<int:group_id>/snapshots/<name>/restore")
def restore_snapshot(group_id: int, name: str):
    try:
        groups.restore_snapshot(group_or_404(group_id), name)
    except LookupError:
        abort(404)
    return done(f"Класс восстановлен из снимка «{name}»", PAGE, group_id=group_id)
