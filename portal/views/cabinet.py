"""The doctor's cabinet: dashboard, notifications and the sections."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from common.forms import EmptyForm

from .. import accreditation as procedures
from .. import applications, checks, documents, notify, states
from ..access import doctor_required, restricted
from ..doc_types import BY_CODE

bp = Blueprint("cabinet", __name__, url_prefix="/cabinet")


@bp.get("/")
@doctor_required
def dashboard():
    doctor = current_user.doctor
    alerts = [r for r in doctor.checks if r["status"] != "ok"] + attention(doctor)
    return render_template(
        "portal/cabinet/dashboard.html",
        doctor=doctor,
        alerts=alerts,
        results=doctor.checks,
        restricted=restricted(),
    )


@bp.get("/accreditation")
@doctor_required
def accreditation():
    return render_template(
        "portal/accreditation/index.html",
        form=EmptyForm(),
        restricted=restricted(),
        kinds=applications.KINDS,
        statuses=states.APPLICATION_STATUSES,
        **procedures.page(current_user.doctor),
    )


def attention(doctor) -> list[dict]:
    """Documents and applications waiting for the doctor, as checklist-style alerts."""
    alerts = [
        checks.check(
            f"document-{d.id}",
            "warn",
            f"Требуется уточнение: {BY_CODE[d.doc_type].title}",
            d.reason,
            "Загрузите исправленный документ в разделе «Мои документы»",
        )
        for d in documents.documents_of(doctor)
        if states.needs_clarification(d)
    ]
    alerts += [
        checks.check(
            f"application-{a.id}",
            "warn",
            f"Заявление {a.number}: требуется исправление",
            a.decision_reason,
            "Откройте заявление в разделе «Мои заявки», исправьте и отправьте снова",
        )
        for a in applications.returned_for_fixes(doctor)
    ]
    return alerts


@bp.get("/notifications")
@doctor_required
def notifications():
    items = notify.for_doctor(current_user.doctor_id)
    return render_template("portal/cabinet/notifications.html", items=items, form=EmptyForm())


@bp.post("/notifications/read")
@doctor_required
def mark_read():
    notify.mark_all_read(current_user.doctor_id)
    return redirect(url_for(".notifications"), 303)
