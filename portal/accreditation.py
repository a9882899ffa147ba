"""The «Аккредитация» page (seed 2.1): the procedures open to the doctor, in the order they
matter, what each requires from Мои документы, and the deadlines from the certificate's end."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from . import applications, documents, qualification, states, wizard
from .clock import now
from .doc_types import BY_CODE, DocType
from .models import Application, Doctor, Document

PROCEDURES = ("periodic", "primary_specialized", "primary")
WINDOW_MONTHS = 12  # the periodic application is accepted no earlier than this before the end
ADVISED_MONTHS = 2  # ФАЦ's schedule: apply two months before the month the certificate ends


@dataclass(frozen=True)
class Required:
    kind: DocType
    document: Document | None

    @property
    def present(self) -> bool:
        return self.document is not None


@dataclass(frozen=True)
class Procedure:
    code: str
    title: str
    required: list[Required]
    draft: Application | None = None
    closed: str = ""  # why the doctor cannot start it now
    deadline: date | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return not self.closed

    @property
    def missing(self) -> list[Required]:
        return [r for r in self.required if not r.present]


@dataclass(frozen=True)
class Deadlines:
    until: date
    opens: date
    advised: date
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def window_open(self) -> bool:
        return self.days_left <= (self.until - self.opens).days


def months_before(day: date, months: int) -> date:
    month = day.month - months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def deadlines(until: date | None, today: date) -> Deadlines | None:
    if until is None:
        return None
    opens, advised = months_before(until, WINDOW_MONTHS), months_before(until, ADVISED_MONTHS)
    return Deadlines(until, opens, advised, (until - today).days)


def periodic_closed(dates: Deadlines | None) -> str:
    if dates is None:
        return "В ФРМР нет вашего сертификата: продлевать нечего."
    if dates.expired:
        return (
            f"Срок сертификата истёк {dates.until:%d.%m.%Y}: периодическая аккредитация по нему "
            "больше недоступна. Подайте заявление на первичную специализированную аккредитацию."
        )
    return ""


def procedure(code: str, doctor: Doctor, dates: Deadlines | None, mine: dict) -> Procedure:
    required = [Required(BY_CODE[c], mine.get(c)) for c in wizard.REQUIRED_DOCUMENTS[code]]
    draft = next((a for a in applications.drafts_of(doctor) if a.kind == code), None)
    if code != "periodic":
        return Procedure(code, applications.KINDS[code], required, draft)
    notes = []
    if dates and not dates.expired and not dates.window_open:
        notes.append(f"Заявление принимают не раньше {dates.opens:%d.%m.%Y}.")
    deadline = dates.until if dates and not dates.expired else None
    return Procedure(
        code, applications.KINDS[code], required, draft, periodic_closed(dates), deadline, notes
    )


def procedures(doctor: Doctor) -> list[Procedure]:
    """Every kind, the one that keeps or restores the right to work first; closed ones last."""
    dates = deadlines(doctor.certificate_valid_until, now().date())
    mine = {d.doc_type: d for d in documents.documents_of(doctor)}
    found = [procedure(code, doctor, dates, mine) for code in PROCEDURES]
    return sorted(found, key=lambda p: not p.open)


def in_progress(doctor: Doctor) -> list[Application]:
    """Applications sent and not yet decided: the procedures already under way."""
    sent, _ = applications.listed(doctor)
    return [a for a in sent if not states.is_draft(a) and not states.is_final(a)]


def page(doctor: Doctor) -> dict:
    dates = deadlines(doctor.certificate_valid_until, now().date())
    return {
        "procedures": procedures(doctor),
        "dates": dates,
        "expired": qualification.certificate_expired(doctor),
        "current": in_progress(doctor),
    }
