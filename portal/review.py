"""The review console: the queue, taking a case, deciding it, and the выписка on approval."""

from datetime import date, timedelta
from typing import NoReturn

from sqlalchemy import func, select, update

from common.errors import ServiceError
from common.validators import format_snils

from . import documents, extract, pki, states
from .applications import KINDS, attached_documents, overdue, record
from .clock import now
from .doc_types import BY_CODE
from .models import Application, ApplicationEvent, Doctor, Document, IssuedDocument, db

DECISIONS = {"approve": "approved", "reject": "rejected", "fix": "needs_fix"}
PAGE_SIZE = 20


def queue(status: str = "", kind: str = "", min_age_days: int = 0, page: int = 1):
    """Open cases, oldest first, filtered; returns (items, total)."""
    query = select(Application).where(Application.status.in_(states.AWAITING_DECISION))
    if status in states.AWAITING_DECISION:
        query = query.where(Application.status == status)
    if kind in KINDS:
        query = query.where(Application.kind == kind)
    if min_age_days > 0:
        query = query.where(Application.submitted_at <= now() - _days(min_age_days))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    items = db.session.scalars(
        query.order_by(Application.submitted_at).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    )
    return list(items), total


def overdue_first(
    items: list[Application], service_days: int
) -> tuple[list[Application], set[int]]:
    """A page of the queue with the overdue cases first (each part oldest first), and the ids
    of those overdue."""
    late = {a.id for a in items if overdue(a, service_days)}
    return sorted(items, key=lambda a: a.id not in late), late


def _days(count: int) -> timedelta:
    return timedelta(days=count)


def owners_of(items) -> dict[int, Doctor]:
    """The doctor of each application or document, keyed by its id: one query, not one each."""
    ids = {item.doctor_id for item in items}
    found = db.session.scalars(select(Doctor).where(Doctor.id.in_(ids))) if ids else []
    by_id = {doctor.id: doctor for doctor in found}
    return {item.id: by_id[item.doctor_id] for item in items}


def holder(application: Application) -> str:
    reviewer = db.session.get(Doctor, application.reviewer_id)
    return reviewer.full_name if reviewer else "другой эксперт"


def take(reviewer: Doctor, application: Application) -> None:
    """Start reviewing; a conflict names who already has the case."""
    taken = updated(
        application,
        [Application.status.in_(states.TAKEABLE), Application.reviewer_id.is_(None)],
        reviewer_id=reviewer.id,
        updated_at=now(),
    )
    if not taken and held_by_another(reviewer, application):
        refuse("take", f"Заявление уже взял в работу {holder(application)}")
    if not taken:
        refuse("take", "Это заявление сейчас нельзя взять в работу")
    record(application, reviewer, "in_review", "Заявление взято на рассмотрение")
    db.session.commit()


def updated(application: Application, conditions: list, **values) -> bool:
    """One conditional UPDATE of the case, not yet committed: True when the row matched, so
    of two reviewers pressing at once only one goes on."""
    count = db.session.execute(
        update(Application).where(Application.id == application.id, *conditions).values(**values)
    ).rowcount
    db.session.refresh(application)
    return count == 1


def held_by_another(reviewer: Doctor, application: Application) -> bool:
    return application.reviewer_id not in (None, reviewer.id)


def refuse(field: str, message: str) -> NoReturn:
    """Undo the conditional update that changed nothing, and say why."""
    db.session.rollback()
    raise ServiceError(field, message)


def decide(reviewer: Doctor, application: Application, decision: str, reason: str) -> None:
    """Approve, reject or return for fixes; only the reviewer who took the case decides."""
    to_status = DECISIONS.get(decision)
    if to_status is None:
        raise ServiceError("decision", "Выберите решение")
    reason = reason.strip()
    if to_status != "approved" and not reason:
        raise ServiceError("reason", "Напишите причину: её увидит заявитель")
    claimed = updated(
        application,
        [Application.status == "in_review", Application.reviewer_id == reviewer.id],
        updated_at=now(),
        decision_reason=reason,
    )
    if not claimed and held_by_another(reviewer, application):
        refuse("decision", f"Решение принимает {holder(application)}")
    if not claimed:
        refuse("decision", "Решение уже принято или заявление не на рассмотрении")
    if to_status == "needs_fix":
        application.reviewer_id = None
    if to_status == "approved":
        check_documents_decidable(application)
        accept_documents(reviewer, application)
        issue_extract(application)  # first, so the e-mail names the registry number
    record(application, reviewer, to_status, reason)
    db.session.commit()


def undecidable(application: Application) -> list[Document]:
    """Attached documents an approval cannot accept: returned for clarification or replaced
    after submission and not sent for review again."""
    return [
        d
        for d in attached_documents(application)
        if not (states.awaits_review(d) or d.status == "accepted")
    ]


def check_documents_decidable(application: Application) -> None:
    blocking = undecidable(application)
    if blocking:
        titles = ", ".join(f"«{BY_CODE[d.doc_type].title}»" for d in blocking)
        refuse(
            "decision",
            f"Одобрить нельзя: документы {titles} не на проверке и не приняты. "
            "Верните заявление на исправление",
        )


def accept_documents(reviewer: Doctor, application: Application) -> None:
    """Approval accepts every attached document still «На проверке» (the page says so)."""
    for document in attached_documents(application):
        if states.awaits_review(document):
            document.status, document.reason, document.updated_at = "accepted", "", now()
            documents.journal(
                document.doctor_id,
                reviewer,
                "accept",
                document,
                f"при одобрении заявления {application.number}",
            )


def comment(reviewer: Doctor, application: Application, text: str) -> None:
    if not text.strip():
        raise ServiceError("comment", "Напишите комментарий")
    db.session.add(
        ApplicationEvent(
            application_id=application.id,
            actor_id=reviewer.id,
            comment=text.strip(),
            created_at=now(),
        )
    )
    db.session.commit()


def issue_extract(application: Application) -> None:
    """Make the signed выписка, issue it to the application, update the qualification."""
    doctor = db.session.get(Doctor, application.doctor_id)
    decided = now().date()
    application.registry_number = f"ДЕМО-{decided.year}-{application.id:06d}"
    pdf, signature = extract.build(
        doctor.full_name,
        format_snils(doctor.snils) if doctor.snils else "—",
        application.data.get("specialty", ""),
        KINDS[application.kind],
        decided,
        application.registry_number,
    )
    db.session.add(issued_extract(application, decided, pdf, signature))
    doctor.certificate_valid_until = extract.valid_until(decided)


def issued_extract(
    application: Application, decided: date, pdf: bytes, signature: bytes
) -> IssuedDocument:
    """The выписка as the application's issued document: its own kind, never an upload."""
    stored, signed = documents.store(memoryview(pdf)), documents.store(memoryview(signature))
    db.session.flush()  # the files' rows first: no relationship tells the flush their order
    return IssuedDocument(
        doctor_id=application.doctor_id,
        application_id=application.id,
        kind="extract",
        registry_number=application.registry_number,
        file_id=stored.id,
        signature_file_id=signed.id,
        filename=f"Выписка {application.registry_number}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        signer=pki.BODY_NAME,
        issue_date=decided,
        valid_until=extract.valid_until(decided),
        issued_at=now(),
    )
