"""Notifications in the cabinet, each also sent by e-mail (SMTP, or the local outbox)."""

import smtplib
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select

from .clock import now, now_for
from .models import Doctor, Notification, OutgoingEmail, db


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


def notify(doctor: Doctor, title: str, body: str = "", link: str = "", key: str = "") -> None:
    """Tell the doctor once per `key` (so a repeated login does not repeat a warning), dated by
    the doctor's own clock."""
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
        footer = "Личный кабинет медицинского работника"
        send_email(doctor.email, title, f"{body}\n\n{footer}", at=moment)


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
