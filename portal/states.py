"""The states of an application and of a document, what each is called, and what each allows.

Services, views and templates (as Jinja globals) ask these predicates; none lists statuses.
"""

from flask import Flask

from .models import Application, Document

APPLICATION_STATUSES = {
    "draft": "Черновик",
    "submitted": "Заявление отправлено",
    "registered": "Зарегистрировано",
    "in_review": "На рассмотрении",
    "needs_fix": "Требуется исправление",
    "rejected": "Отклонено",
    "approved": "Одобрено",
    "cancelled": "Отменено",
}
FINAL = frozenset({"rejected", "approved", "cancelled"})
EDITABLE = frozenset({"draft", "needs_fix"})
CANCELLABLE = frozenset({"submitted", "registered"})
AWAITING_DECISION = frozenset({"submitted", "registered", "in_review"})
TAKEABLE = frozenset({"registered"})
# The statuses a reviewer filters the queue by: "submitted" turns into "registered" at once.
QUEUE_FILTERS = ("registered", "in_review")

DOCUMENT_STATUSES = {
    "uploaded": "Загружен",
    "in_review": "На проверке",
    "accepted": "Принят",
    "needs_clarification": "Требуется уточнение",
}
SENDABLE = frozenset({"uploaded", "needs_clarification"})


def is_draft(application: Application) -> bool:
    return application.status == "draft"


def can_edit(application: Application) -> bool:
    """A draft, or an application returned for fixes: the wizard may change it."""
    return application.status in EDITABLE


def can_cancel(application: Application) -> bool:
    """The applicant may cancel only before the review starts."""
    return application.status in CANCELLABLE


def can_fix(application: Application) -> bool:
    return application.status == "needs_fix"


def can_repeat(application: Application) -> bool:
    """A rejected application may be filed again, prefilled."""
    return application.status == "rejected"


def is_final(application: Application) -> bool:
    """Decided or cancelled: nothing will change, so nothing polls."""
    return application.status in FINAL


def awaits_decision(application: Application) -> bool:
    return application.status in AWAITING_DECISION


def has_extract(application: Application) -> bool:
    """Approved, with the выписка issued for it."""
    return application.status == "approved" and application.extract is not None


def explains_decision(application: Application) -> bool:
    """A return for fixes or a refusal shows the reviewer's reason to the applicant."""
    return bool(application.decision_reason) and application.status in ("needs_fix", "rejected")


def can_take(application: Application) -> bool:
    return application.status in TAKEABLE


def can_decide(application: Application, reviewer_id: int) -> bool:
    """Only the reviewer who took the case decides it."""
    return application.status == "in_review" and application.reviewer_id == reviewer_id


def can_send_for_review(document: Document) -> bool:
    return document.status in SENDABLE


def needs_clarification(document: Document) -> bool:
    return document.status == "needs_clarification"


def awaits_review(document: Document) -> bool:
    return document.status == "in_review"


PREDICATES = (
    is_draft,
    can_edit,
    can_cancel,
    can_fix,
    can_repeat,
    is_final,
    awaits_decision,
    has_extract,
    explains_decision,
    can_take,
    can_decide,
    can_send_for_review,
    needs_clarification,
    awaits_review,
)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update({predicate.__name__: predicate for predicate in PREDICATES})
