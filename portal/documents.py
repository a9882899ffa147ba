"""Мои документы: uploading, replacing, reviewing and downloading encrypted documents."""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import func, select

from common import cms
from common.errors import ServiceError

from . import notify, pki, states, storage, uploads
from .clock import now
from .doc_types import BY_CODE, DocType
from .models import ActivityEvent, Doctor, Document, DocumentVersion, StoredFile, db


def a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass
class Upload:
    """What the doctor sent: the file (as the request's in-memory stream) and its details."""

    stream: io.BytesIO | None
    filename: str
    doc_number: str = ""
    issue_date: date | None = None
    valid_until: date | None = None
    holder_name: str = ""
    holder_birth_date: date | None = None
    signature: io.BytesIO | None = None


def journal(
    doctor_id: int, actor: Doctor, action: str, document: Document | None, detail: str = ""
) -> None:
    db.session.add(
        ActivityEvent(
            doctor_id=doctor_id,
            actor_id=actor.id,
            action=action,
            document_id=document.id if document else None,
            detail=detail,
            created_at=now(),
        )
    )


REVIEW_PAGE = 25


def awaiting_review(page: int = 1) -> list[Document]:
    """Documents waiting for a reviewer, oldest first, a page at a time."""
    query = select(Document).where(Document.status == "in_review").order_by(Document.updated_at)
    return list(db.session.scalars(query.offset((page - 1) * REVIEW_PAGE).limit(REVIEW_PAGE)))


def awaiting_count() -> int:
    return db.session.scalar(select(func.count()).where(Document.status == "in_review"))


def documents_of(doctor: Doctor) -> list[Document]:
    query = select(Document).where(Document.doctor_id == doctor.id).order_by(Document.id)
    return list(db.session.scalars(query))


def visible_document(actor: Doctor, document_id: int) -> Document | None:
    """The document if this person may see it: its owner or a reviewer; otherwise None."""
    document = db.session.get(Document, document_id)
    if document is None or (document.doctor_id != actor.id and actor.role != "reviewer"):
        return None
    return document


def normalise_name(value: str) -> str:
    return " ".join(value.lower().replace("ё", "е").split())


def check_dates(kind: DocType, upload: Upload, today: date) -> None:
    if upload.issue_date is None:
        raise ServiceError("issue_date", "Введите дату выдачи")
    if upload.issue_date > today:
        raise ServiceError("issue_date", "Дата выдачи не может быть в будущем")
    if kind.valid_until:
        if upload.valid_until is None:
            raise ServiceError("valid_until", "Введите дату окончания срока действия")
        if upload.valid_until <= upload.issue_date:
            raise ServiceError(
                "valid_until", "Срок действия должен заканчиваться позже даты выдачи"
            )


def check_certificate(doctor: Doctor, upload: Upload, today: date) -> None:
    # Seed 1.1.3: the period the certificate was issued for, not what is left of it; one
    # ending soon is the very document a periodic application needs.
    if upload.valid_until < a_year_after(upload.issue_date):
        raise ServiceError(
            "valid_until",
            "Сертификат выдают не меньше чем на 12 месяцев: от даты выдачи до конца срока "
            "должно быть не меньше года. Проверьте даты в сертификате",
        )
    if normalise_name(upload.holder_name) != normalise_name(doctor.full_name):
        raise ServiceError(
            "holder_name", f"ФИО в сертификате должно совпадать с профилем: {doctor.full_name}"
        )
    if upload.holder_birth_date != doctor.birth_date:
        raise ServiceError(
            "holder_birth_date", "Дата рождения в сертификате должна совпадать с профилем Госуслуг"
        )


def ending_note(kind: DocType, valid_until: date | None) -> str:
    """What to say beside an accepted certificate that ends within a year, or has ended."""
    today = now().date()
    if not kind.holder or valid_until is None or valid_until >= a_year_after(today):
        return ""
    if valid_until < today:
        return (
            f"Срок сертификата истёк {valid_until:%d.%m.%Y}: подайте заявление на первичную "
            "специализированную аккредитацию."
        )
    return (
        f"Сертификат действует до {valid_until:%d.%m.%Y}: подайте заявление на периодическую "
        "аккредитацию до этой даты."
    )


def check_signature(upload: Upload) -> cms.Signer:
    if upload.signature is None or not upload.signature.getbuffer().nbytes:
        raise ServiceError("signature", "Загрузите файл электронной подписи .sig или .p7s")
    try:
        return cms.verify_detached(
            bytes(upload.signature.getbuffer()),
            bytes(upload.stream.getbuffer()),
            pki.trusted_roots(),
        )
    except cms.SignatureProblem as problem:
        raise ServiceError("signature", str(problem)) from None


def check_budget() -> uploads.Budget:
    config = current_app.config
    seconds, memory = config["UPLOAD_CHECK_SECONDS"], config["UPLOAD_CHECK_MEMORY"]
    return uploads.Budget(seconds, memory, config["UPLOAD_CHECK_INFLATED"])


def check(
    doctor: Doctor, kind: DocType, upload: Upload
) -> tuple[uploads.Accepted, cms.Signer | None]:
    """Every rule for this kind of document; raises ServiceError for the first failure."""
    if upload.stream is None or not upload.stream.getbuffer().nbytes:
        raise ServiceError("file", "Выберите файл")
    try:
        accepted = uploads.accept(
            upload.stream, upload.filename, current_app.config["MAX_UPLOAD_BYTES"], check_budget()
        )
    except uploads.Refused as refusal:
        raise ServiceError("file", str(refusal)) from None
    if kind.number and not upload.doc_number.strip():
        raise ServiceError("doc_number", "Введите номер документа")
    today = now().date()
    check_dates(kind, upload, today)
    if kind.holder:
        check_certificate(doctor, upload, today)
    return accepted, check_signature(upload) if kind.signed else None


def naive_utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment and moment.tzinfo else moment


def store(data: memoryview) -> StoredFile:
    sealed = storage.seal(data)
    stored = StoredFile(
        id=sealed.file_id,
        wrapped_key=sealed.wrapped_key,
        nonce_prefix=sealed.nonce_prefix,
        size=sealed.size,
        created_at=now(),
    )
    db.session.add(stored)
    return stored


def check_replaceable(doctor: Doctor, kind: DocType, document: Document | None) -> None:
    """A new version goes only to the doctor's own upload of the same kind."""
    if document is not None and (document.doctor_id != doctor.id or document.doc_type != kind.code):
        raise ServiceError("file", "Этот документ нельзя заменить. Загрузите новый документ")


def save(doctor: Doctor, kind: DocType, upload: Upload, document: Document | None) -> Document:
    """Check and store a new document, or a new version of `document`."""
    check_replaceable(doctor, kind, document)
    accepted, signer = check(doctor, kind, upload)
    stored, signature = store(upload.stream.getbuffer()), None
    try:
        if signer:
            signature = store(upload.signature.getbuffer())
        document = document or Document(doctor_id=doctor.id, doc_type=kind.code, created_at=now())
        document.status, document.reason, document.updated_at = "uploaded", "", now()
        version = DocumentVersion(
            number=len(document.versions) + 1,
            file_id=stored.id,
            filename=accepted.filename,
            content_type=accepted.content_type,
            size=accepted.size,
            doc_number=upload.doc_number.strip(),
            issue_date=upload.issue_date,
            valid_until=upload.valid_until,
            uploaded_at=now(),
            signature_file_id=signature.id if signature else None,
            signer=signer.name if signer else "",
            signer_trusted=bool(signer and signer.trusted),
            signed_at=naive_utc(signer.signed_at) if signer else None,
        )
        document.versions.insert(0, version)
        db.session.add(document)
        db.session.flush()
        action = "upload" if version.number == 1 else "replace"
        journal(doctor.id, doctor, action, document, f"{kind.title}, версия {version.number}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        for item in (stored, signature):
            if item is not None:
                storage.discard(item.id)
        raise
    return document


def read_file(
    actor: Doctor, document: Document, file_id: str, what: str
) -> tuple[Iterator[bytes], int]:
    """The verified plaintext as a stream and its size, recorded in the owner's journal;
    storage.Tampered if the stored file was altered."""
    stored = db.session.get(StoredFile, file_id)
    stream = storage.verified_segments(stored.id, stored.wrapped_key, stored.nonce_prefix)
    journal(document.doctor_id, actor, "download", document, what)
    db.session.commit()
    return stream, stored.size


def send_for_review(doctor: Doctor, document: Document) -> None:
    if not states.can_send_for_review(document):
        raise ServiceError("status", "Этот документ уже на проверке или принят")
    document.status, document.updated_at = "in_review", now()
    journal(doctor.id, doctor, "send_for_review", document)
    db.session.commit()


def decide(reviewer: Doctor, document: Document, accept: bool, reason: str) -> None:
    """A reviewer accepts a document or asks for a clarification with a reason."""
    if not states.awaits_review(document):
        raise ServiceError("decision", "Решение принимают только по документу на проверке")
    if not accept and not reason.strip():
        raise ServiceError("reason", "Напишите, что нужно уточнить")
    document.status = "accepted" if accept else "needs_clarification"
    document.reason, document.updated_at = ("" if accept else reason.strip()), now()
    journal(document.doctor_id, reviewer, "accept" if accept else "clarify", document, reason)
    owner = db.session.get(Doctor, document.doctor_id)
    title = BY_CODE[document.doc_type].title
    if accept:
        notify.notify(owner, f"Документ принят: {title}")
    else:
        notify.notify(
            owner, f"Требуется уточнение: {title}", reason.strip(), link="/cabinet/documents"
        )
    db.session.commit()


def sweep_orphans(older_than_seconds: int = 3600) -> int:
    """Delete stored files no record points at: what a process killed mid-upload leaves."""
    known = set(db.session.scalars(select(StoredFile.id)))
    return storage.sweep(known, older_than_seconds)


def latest_of_kind(doctor: Doctor, code: str) -> Document | None:
    found = [d for d in documents_of(doctor) if d.doc_type == code]
    return found[-1] if found else None


def save_latest(doctor: Doctor, kind: DocType, upload: Upload) -> Document:
    """Upload into Мои документы: a new version of the doctor's document of this kind, if any."""
    return save(doctor, kind, upload, latest_of_kind(doctor, kind.code))
