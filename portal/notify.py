"""Notifications in the cabinet, each also sent by e-mail (SMTP, or the local outbox)."""

import smtplib
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select

from .clock import now, now_for
from .models import Application, Doctor, Notification, OutgoingEmail, db
from .states import APPLICATION_STATUSES

FOOTER = "Личный кабинет медицинского работника"
NEXT_STEPS = {
    "submitted": "Кабинет зарегистрирует заявление автоматически. Ничего делать не нужно.",
    "registered": "Заявление ждёт эксперта аккредитационной комиссии; срок рассмотрения — "
    "{days} рабочих дней. Ничего делать не нужно: о решении мы напишем.",
    "in_review": "Эксперт рассматривает заявление. Если понадобится что-то исправить, мы напишем.",
    "needs_fix": "Откройте заявление, исправьте то, что указал эксперт, и отправьте его снова.",
    "rejected": "Вы можете подать повторное заявление: откройте это заявление и нажмите "
    "«Подать повторное заявление», кабинет заполнит его по этому.",
    "approved": "Выписка о прохождении аккредитации готова: скачайте её на странице заявления "
    "или в разделе «Мои документы».",
    "cancelled": "Чтобы пройти аккредитацию, подайте новое заявление в разделе «Мои заявки».",
}


def send_email(to: str, subject: str, body: str, at: datetime | None = None) -> OutgoingEmail:
    """Record the e-mail, dated `at` (the addressee's time) or now; deliver it when an SMTP
    server is configured."""
    moment = at or now()
    email = OutgoingEmail(to=to, subject=subject, body=body, created_at=moment)
    db.session.add(email)
    smtp_url = current_app.config.get("SMTP_URL")
    if not smtp_url:
        email.sent_at = moment
        return email
    try:
        deliver(smtp_url, to, subject, body)
        email.sent_at = moment
    except (OSError, smtplib.SMTPException) as error:
        email.error = f"{error.__class__.__name__}: {error}"[:500]
    return email


def deliver(smtp_url: str, to: str, subject: str, body: str) -> None:
    parts = urlsplit(smtp_url)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        current_app.config["MAIL_FROM"],
        to,
        subject,
    )
    message.set_content(body)
    with smtplib.SMTP(parts.hostname, parts.port or 25, timeout=10) as smtp:
        smtp.send_message(message)


def notify(
    doctor: Doctor,
    title: str,
    body: str = "",
    link: str = "",
    key: str = "",
    email_body: str = "",
) -> None:
    """Tell the doctor once per `key` (so a repeated login does not repeat a warning), dated by
    the doctor's own clock; the e-mail says `email_body` when given."""
    if key and db.session.scalar(
        select(Notification.id).where(Notification.doctor_id == doctor.id, Notification.key == key)
    ):
        return
    moment = now_for(doctor)
    db.session.add(
        Notification(
            doctor_id=doctor.id, title=title, body=body, link=link, key=key, created_at=moment
        )
    )
    if doctor.email:
        send_email(doctor.email, title, email_body or f"{body}\n\n{FOOTER}", at=moment)


def next_step(status: str) -> str:
    return NEXT_STEPS[status].format(days=current_app.config["SERVICE_DAYS"])


def application_status(doctor: Doctor, application: Application, comment: str = "") -> None:
    """Tell the applicant the new status, what to do next and where: an absolute link, since
    an e-mail is read outside the cabinet."""
    status = APPLICATION_STATUSES[application.status]
    path = f"/cabinet/applications/{application.id}"
    link = current_app.config["PUBLIC_URL"].rstrip("/") + path
    title = f"Заявление {application.number}: {status}"
    # The environment's own render: no request context processors, so it works in a CLI task.
    template = current_app.jinja_env.get_template("portal/email/application_status.txt")
    email_body = template.render(
        doctor=doctor,
        number=application.number,
        status=status,
        comment=comment,
        registry_number=application.registry_number,
        next_step=next_step(application.status),
        link=link,
        footer=FOOTER,
    )
    body = " ".join(part for part in (comment, next_step(application.status)) if part)
    notify(doctor, title, body, link=path, email_body=email_body)


def unread_count(doctor_id: int) -> int:
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.doctor_id == doctor_id, Notification.read_at.is_(None)
        )
    )


def for_doctor(doctor_id: int) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.doctor_id == doctor_id)
            .order_by(Notification.created_at.desc())
        )
    )


def mark_all_read(doctor_id: int) -> None:
    for item in for_doctor(doctor_id):
        item.read_at = item.read_at or now()
    db.session.commit()
