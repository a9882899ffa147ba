"""Мои заявки: starting a draft, idempotent submission, cancelling, repeating, the journal."""

import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, select, update

from common.errors import ServiceError

from . import notify, states, wizard
from .clock import now, now_for
from .models import Application, ApplicationEvent, Doctor, Document, db

KINDS = {
    "primary": "Первичная аккредитация",
    "primary_specialized": "Первичная специализированная аккредитация",
    "periodic": "Периодическая аккредитация",
    "data_change": "Изменение данных",
}
REPEATED_FIELDS = ("phone", "email", "specialty", "workplace", "licence_number")
PAGE_SIZE = 20


def record(
    application: Application, actor: Doctor | None, to_status: str, comment: str = ""
) -> None:
    """Write the change to the journal and tell the doctor (in the cabinet and by e-mail)."""
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            actor_id=actor.id if actor else None,
            from_status=application.status,
            to_status=to_status,
            comment=comment,
            created_at=now(),
        )
    )
    application.status, application.status_changed_at = to_status, now()
    application.updated_at = now()
    if not states.is_draft(application):
        owner = db.session.get(Doctor, application.doctor_id)
        notify.application_status(owner, application, comment)


def owned(doctor: Doctor, application_id: int) -> Application | None:
    application = db.session.get(Application, application_id)
    return application if application and application.doctor_id == doctor.id else None


def listed(
    doctor: Doctor,
    status: str = "",
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
) -> tuple[list[Application], int]:
    """The doctor's applications, newest first, filtered, a page at a time; and how many."""
    query = select(Application).where(Application.doctor_id == doctor.id)
    if status in states.APPLICATION_STATUSES:
        query = query.where(Application.status == status)
    if kind in KINDS:
        query = query.where(Application.kind == kind)
    if since:
        query = query.where(Application.created_at >= datetime.combine(since, time()))
    if until:
        query = query.where(Application.created_at <= datetime.combine(until, time.max))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    newest = query.order_by(Application.created_at.desc())
    items = db.session.scalars(newest.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(items), total


def returned_for_fixes(doctor: Doctor) -> list[Application]:
    query = select(Application).where(
        Application.doctor_id == doctor.id, Application.status == "needs_fix"
    )
    return list(db.session.scalars(query))


def drafts_of(doctor: Doctor) -> list[Application]:
    query = select(Application).where(
        Application.doctor_id == doctor.id, Application.status == "draft"
    )
    return list(db.session.scalars(query.order_by(Application.updated_at.desc())))


def draft_of_kind(doctor: Doctor, kind: str, prefill: dict | None = None) -> Application:
    """The doctor's draft of this kind: the existing one, or a new one (not yet committed)."""
    if kind not in KINDS:
        raise ServiceError("kind", "Выберите вид аккредитации")
    existing = next((a for a in drafts_of(doctor) if a.kind == kind), None)
    if existing:
        return existing
    moment = now()
    data = {"phone": doctor.phone or "", "email": doctor.email or "", **(prefill or {})}
    application = Application(
        doctor_id=doctor.id,
        kind=kind,
        data=data,
        created_at=moment,
        status_changed_at=moment,
        updated_at=moment,
    )
    db.session.add(application)
    return application


def start(doctor: Doctor, kind: str) -> Application:
    """The doctor's draft of this kind: the existing one, or a new one (one per kind)."""
    application = draft_of_kind(doctor, kind)
    db.session.commit()
    return application


def submission_key(application: Application) -> str:
    """A key for the confirmation form, so a repeated submission is recognised as one."""
    used = application.submission_key.endswith(":used")
    if states.can_edit(application) and (not application.submission_key or used):
        application.submission_key = secrets.token_urlsafe(24)
        db.session.commit()
    return application.submission_key


def claim(application: Application, key: str) -> bool:
    """Mark the key used in one conditional UPDATE: only one request of a double click wins.

    The claim is committed on its own, before the submission: a second click sees it at once,
    and a process killed after it leaves a draft that asks for a fresh key.
    """
    claimed = db.session.execute(
        update(Application)
        .where(
            Application.id == application.id,
            Application.status.in_(states.EDITABLE),
            Application.submission_key == key,
        )
        .values(submission_key=f"{key}:used")
    ).rowcount
    db.session.commit()
    db.session.refresh(application)
    return claimed == 1


def send_documents_for_review(doctor: Doctor, application: Application) -> None:
    """The documents of a submitted application go to the reviewers («На проверке»)."""
    for document in attached_documents(application):
        if document.doctor_id == doctor.id and states.can_send_for_review(document):
            document.status, document.updated_at = "in_review", now()


def check_submission(application: Application, confirmed: bool) -> None:
    if not states.can_edit(application):
        raise ServiceError("confirm", "Это заявление уже отправлено")
    if not wizard.all_steps_saved(application):
        raise ServiceError("step", "Сначала заполните все шаги")
    if not confirmed:
        raise ServiceError("confirm", "Подтвердите, что сведения верны")


def submit(doctor: Doctor, application: Application, key: str, confirmed: bool) -> Application:
    """Send the application once, however many times the button is pressed or retried."""
    if application.submission_key == f"{key}:used":
        return application  # this very submission already went through
    check_submission(application, confirmed)
    if not claim(application, key):
        if application.submission_key == f"{key}:used":
            return application
        raise ServiceError("confirm", "Форма устарела: проверьте данные и отправьте ещё раз")
    application.number = application.number or f"АК-{now().year}-{application.id:06d}"
    application.submitted_at = now()
    send_documents_for_review(doctor, application)
    record(application, doctor, "submitted")
    record(application, None, "registered", "Заявление зарегистрировано автоматически")
    db.session.commit()
    return application


def cancel(doctor: Doctor, application: Application) -> None:
    """The applicant cancels before the review starts; a reviewer who took it first wins."""
    if not states.can_cancel(application):
        raise ServiceError("cancel", "Отменить можно только до начала рассмотрения")
    changed = db.session.execute(
        update(Application)
        .where(Application.id == application.id, Application.status.in_(states.CANCELLABLE))
        .values(updated_at=now())
    ).rowcount
    if changed != 1:
        db.session.rollback()
        raise ServiceError("cancel", "Заявление уже взяли на рассмотрение")
    record(application, doctor, "cancelled", "Отменено заявителем")
    db.session.commit()


def delete_draft(doctor: Doctor, application: Application) -> None:
    """The owner deletes a draft; anything sent stays (it can only be cancelled)."""
    if application.doctor_id != doctor.id or not states.is_draft(application):
        raise ServiceError(
            "delete", "Удалить можно только черновик. Отправленное заявление можно отменить"
        )
    deleted = db.session.execute(
        delete(Application).where(
            Application.id == application.id,
            Application.doctor_id == doctor.id,
            Application.status == "draft",
        )
    ).rowcount
    if deleted != 1:
        db.session.rollback()
        raise ServiceError("delete", "Черновик уже отправлен или удалён")
    # SQLite enforces no ON DELETE CASCADE here, so the journal goes by hand.
    db.session.execute(
        delete(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
    )
    db.session.commit()


def repeat(doctor: Doctor, application: Application) -> Application:
    """A new draft prefilled from a rejected application."""
    if not states.can_repeat(application):
        raise ServiceError("repeat", "Повторное заявление подают после отказа")
    prefill = {k: v for k, v in application.data.items() if k in REPEATED_FIELDS}
    draft = draft_of_kind(doctor, application.kind, prefill)
    draft.repeat_of_id = application.id
    db.session.commit()
    return draft


def working_days_between(start_day: date, end_day: date) -> int:
    days, current = 0, start_day
    while current < end_day:
        current += timedelta(days=1)
        days += current.weekday() < 5
    return days


def overdue(application: Application, service_days: int, today: date | None = None) -> bool:
    """Still not decided after the service time (working days since submission), counted to
    the applicant's today on their own clock, so the reviewer's queue agrees with their notice."""
    if not states.awaits_decision(application):
        return False
    submitted: datetime | None = application.submitted_at
    return (
        bool(submitted)
        and working_days_between(submitted.date(), today or applicant_today(application))
        > service_days
    )


def applicant_today(application: Application) -> date:
    return now_for(db.session.get(Doctor, application.doctor_id)).date()


def journal(application: Application) -> list[ApplicationEvent]:
    query = select(ApplicationEvent).where(ApplicationEvent.application_id == application.id)
    return list(db.session.scalars(query.order_by(ApplicationEvent.id)))


def attached_documents(application: Application) -> list[Document]:
    """The documents chosen in the wizard that still exist and belong to the applicant."""
    found = [db.session.get(Document, i) for i in application.document_ids]
    return [d for d in found if d is not None and d.doctor_id == application.doctor_id]
