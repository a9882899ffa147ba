"""The cabinet's own records: doctors, their server-side sessions, notifications, e-mails."""

from datetime import date, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Doctor(db.Model):
    """A person known to the cabinet by their ESIA OID, as ESIA and the registries describe them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    esia_oid: Mapped[int] = mapped_column(BigInteger, unique=True)
    last_name: Mapped[str] = mapped_column(String(100), default="")
    first_name: Mapped[str] = mapped_column(String(100), default="")
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None]
    snils: Mapped[str | None] = mapped_column(String(11))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    trusted: Mapped[bool] = mapped_column(default=False)
    role: Mapped[str] = mapped_column(String(10), default="doctor")
    checks: Mapped[list] = mapped_column(JSON, default=list)
    checked_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class UserSession(db.Model):
    """A server-side login session: the cookie only names it, so logout and revocation are real."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    access: Mapped[str] = mapped_column(String(10), default="full")
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    doctor: Mapped[Doctor] = relationship(lazy="joined")

    # Flask-Login's user protocol: the "user" of a request is its session record.
    is_active = True
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return self.ended_at is None

    def get_id(self) -> str:
        return self.id


class Notification(db.Model):
    """A message to the doctor in the cabinet, also sent by e-mail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    key: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]


class OutgoingEmail(db.Model):
    """Every e-mail the cabinet sends; the demo keeps them here instead of using SMTP."""

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")
