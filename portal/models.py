"""The cabinet's own records: doctors, their server-side sessions, notifications, e-mails."""

from datetime import date, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, BigInteger, ForeignKey, LargeBinary, String, Text, event, false
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
    certificate_valid_until: Mapped[date | None]
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
    end_reason: Mapped[str] = mapped_column(String(10), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    # ESIA's tokens for the recheck, sealed with the master key; dropped when the session ends.
    esia_tokens: Mapped[bytes | None] = mapped_column(LargeBinary)
    esia_checked_at: Mapped[datetime | None]

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


class StoredFile(db.Model):
    """Where an encrypted file lies and the wrapped key that opens it (never the plaintext)."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    nonce_prefix: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    created_at: Mapped[datetime]


class FileSegment(db.Model):
    """One sealed 64 KB segment of a stored file, when files live in the database (PostgreSQL):
    the same ciphertext and tag the directory keeps, so every instance serves every file. No
    foreign key: segments are written before the record that points at them."""

    file_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(index=True)


class Document(db.Model):
    """One document of a doctor (a passport, a diploma…), with all its versions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="uploaded", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    versions: Mapped[list["DocumentVersion"]] = relationship(
        order_by="DocumentVersion.number.desc()", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> "DocumentVersion":
        return self.versions[0]


class DocumentVersion(db.Model):
    """One uploaded file of a document; replacing a document adds a version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    file_id: Mapped[str] = mapped_column(ForeignKey("stored_file.id"))
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    doc_number: Mapped[str] = mapped_column(String(60), default="")
    issue_date: Mapped[date | None]
    valid_until: Mapped[date | None]
    signature_file_id: Mapped[str | None] = mapped_column(ForeignKey("stored_file.id"))
    signer: Mapped[str] = mapped_column(String(300), default="")
    # The signer's certificate chains to a trusted root; otherwise `signer` is only a claim.
    signer_trusted: Mapped[bool] = mapped_column(default=False, server_default=false())
    signed_at: Mapped[datetime | None]
    uploaded_at: Mapped[datetime]


class ActivityEvent(db.Model):
    """The doctor's activity journal: who did what to which document, and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(30))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(index=True)


class EducationRecord(db.Model):
    """A line of the doctor's education and qualification, checked against ФРМР."""

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    number: Mapped[str] = mapped_column(String(60), default="")
    specialty: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[int | None]
    issue_date: Mapped[date | None]
    valid_until: Mapped[date | None]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    frmr_status: Mapped[str] = mapped_column(String(12), default="unchecked")
    frmr_note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]


class Application(db.Model):
    """An accreditation application: a server-side draft until submitted, then a case."""

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    step: Mapped[int] = mapped_column(default=1)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    document_ids: Mapped[list] = mapped_column(JSON, default=list)
    submission_key: Mapped[str] = mapped_column(String(40), default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("doctor.id", ondelete="SET NULL"))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    registry_number: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    status_changed_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    extract: Mapped["IssuedDocument | None"] = relationship(
        viewonly=True, lazy="select", uselist=False
    )


class ApplicationEvent(db.Model):
    """The application's journal: who, when, from → to, comment."""

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("doctor.id", ondelete="SET NULL"))
    from_status: Mapped[str] = mapped_column(String(16), default="")
    to_status: Mapped[str] = mapped_column(String(16), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class ClockOffset(db.Model):
    """How far a tester moved the cabinet's clock: esia_oid 0 is everyone's clock, any other oid
    that doctor's own, added on top of everyone's."""

    esia_oid: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    offset_seconds: Mapped[int] = mapped_column(BigInteger, default=0)


class TesterSnapshot(db.Model):
    """A tester's named snapshot: every state table's rows, its files kept beside the database."""

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime]


class IssuedDocument(db.Model):
    """A document the cabinet issues, the выписка: its own kind, never a version of an upload,
    never changed once issued (refused here and, by a trigger, in the database)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int] = mapped_column(ForeignKey("doctor.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    kind: Mapped[str] = mapped_column(String(20), default="extract")
    registry_number: Mapped[str] = mapped_column(String(40))
    file_id: Mapped[str] = mapped_column(ForeignKey("stored_file.id"))
    signature_file_id: Mapped[str] = mapped_column(ForeignKey("stored_file.id"))
    filename: Mapped[str] = mapped_column(String(120))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    signer: Mapped[str] = mapped_column(String(300))
    issue_date: Mapped[date]
    valid_until: Mapped[date]
    issued_at: Mapped[datetime]


class Immutable(Exception):
    """An issued document was about to change."""


@event.listens_for(IssuedDocument, "before_update")
def refuse_changes(_mapper, _connection, target: IssuedDocument) -> None:
    raise Immutable(f"issued document {target.id} cannot change")


class FeedbackMessage(db.Model):
    """A question sent through the help page's form; its number is what the sender quotes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    doctor_id: Mapped[int | None] = mapped_column(
        ForeignKey("doctor.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(20), default="")
    snils: Mapped[str] = mapped_column(String(11), default="")
    inn: Mapped[str] = mapped_column(String(12), default="")
    licence_number: Mapped[str] = mapped_column(String(60), default="")
    application_number: Mapped[str] = mapped_column(String(40), default="")
    message: Mapped[str] = mapped_column(Text)
    sender_address: Mapped[str] = mapped_column(String(45), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(index=True)

    @property
    def number(self) -> str:
        return f"ОБР-{self.created_at.year}-{self.id:06d}"
