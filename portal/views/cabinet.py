"""The doctor's cabinet: dashboard, notifications and the sections."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from .. import notify
from ..access import doctor_required
from ..forms import EmptyForm

bp = Blueprint("cabinet", __name__, url_prefix="/cabinet")
SECTIONS = {
    "documents": (
        "Мои документы",
        "Здесь будут ваши документы: диплом, сертификаты, удостоверения о повышении квалификации.",
    ),
    "applications": ("Мои заявки", "У вас пока нет заявлений на аккредитацию."),
}


@bp.get("/")
@doctor_required
def dashboard():
    doctor = current_user.doctor
    alerts = [r for r in doctor.checks if r["status"] != "ok"]
    return render_template(
        "portal/cabinet/dashboard.html", doctor=doctor, alerts=alerts, results=doctor.checks
    )


@bp.get("/notifications")
@doctor_required
def notifications():
    items = notify.for_doctor(current_user.doctor_id)
    return render_template("portal/cabinet/notifications.html", items=items, form=EmptyForm())


@bp.post("/notifications/read")
@doctor_required
def mark_read():
    if EmptyForm().validate():
        notify.mark_all_read(current_user.doctor_id)
    return redirect(url_for(".notifications"), 303)


@bp.get("/<any(applications):name>")
@doctor_required
def section(name: str):
    title, empty = SECTIONS[name]
    return render_template("portal/cabinet/section.html", title=title, empty=empty)
