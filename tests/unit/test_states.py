"""Every state predicate over every application and document status."""

import pytest

from portal import states
from portal.models import Application, Document, IssuedDocument

APPLICATION_STATUSES = list(states.APPLICATION_STATUSES)
DOCUMENT_STATUSES = list(states.DOCUMENT_STATUSES)
REVIEWER, ANOTHER_REVIEWER = 7, 8

# For each predicate, the statuses it answers True for (everything else: False).
APPLICATION_PREDICATES = {
    states.is_draft: {"draft"},
    states.can_edit: {"draft", "needs_fix"},
    states.can_cancel: {"submitted", "registered"},
    states.can_fix: {"needs_fix"},
    states.can_repeat: {"rejected"},
    states.is_final: {"rejected", "approved", "cancelled"},
    states.awaits_decision: {"submitted", "registered", "in_review"},
    states.can_take: {"registered"},
}


def application(status: str, **fields) -> Application:
    return Application(status=status, **fields)


def test_every_application_status_has_a_russian_label():
    assert APPLICATION_STATUSES == [
        "draft",
        "submitted",
        "registered",
        "in_review",
        "needs_fix",
        "rejected",
        "approved",
        "cancelled",
    ]
    assert all(label and label[0].isupper() for label in states.APPLICATION_STATUSES.values())


@pytest.mark.parametrize("status", APPLICATION_STATUSES)
@pytest.mark.parametrize("predicate", list(APPLICATION_PREDICATES), ids=lambda p: p.__name__)
def test_an_application_predicate_answers_for_its_statuses_only(predicate, status):
    assert predicate(application(status)) is (status in APPLICATION_PREDICATES[predicate])


@pytest.mark.parametrize("status", APPLICATION_STATUSES)
def test_only_an_approved_application_with_its_issued_extract_has_one(status):
    issued = IssuedDocument(kind="extract")
    assert states.has_extract(application(status, extract=issued)) is (status == "approved")
    assert states.has_extract(application(status, extract=None)) is False


@pytest.mark.parametrize("status", APPLICATION_STATUSES)
def test_the_reason_is_shown_for_a_return_or_a_refusal_that_has_one(status):
    with_reason = application(status, decision_reason="Нет стажа")
    assert states.explains_decision(with_reason) is (status in ("needs_fix", "rejected"))
    assert states.explains_decision(application(status, decision_reason="")) is False


@pytest.mark.parametrize("status", APPLICATION_STATUSES)
def test_only_the_reviewer_holding_a_case_in_review_decides_it(status):
    case = application(status, reviewer_id=REVIEWER)
    assert states.can_decide(case, REVIEWER) is (status == "in_review")
    assert states.can_decide(case, ANOTHER_REVIEWER) is False


def test_every_final_status_is_out_of_every_open_set():
    for status in states.FINAL:
        assert status not in states.EDITABLE | states.CANCELLABLE | states.AWAITING_DECISION


def test_the_queue_filters_are_statuses_awaiting_a_decision():
    assert set(states.QUEUE_FILTERS) <= states.AWAITING_DECISION


DOCUMENT_PREDICATES = {
    states.can_send_for_review: {"uploaded", "needs_clarification"},
    states.needs_clarification: {"needs_clarification"},
    states.awaits_review: {"in_review"},
}


@pytest.mark.parametrize("status", DOCUMENT_STATUSES)
@pytest.mark.parametrize("predicate", list(DOCUMENT_PREDICATES), ids=lambda p: p.__name__)
def test_a_document_predicate_answers_for_its_statuses_only(predicate, status):
    assert predicate(Document(status=status)) is (status in DOCUMENT_PREDICATES[predicate])


def test_templates_can_ask_every_predicate(portal_app):
    for predicate in states.PREDICATES:
        assert portal_app.jinja_env.globals[predicate.__name__] is predicate
