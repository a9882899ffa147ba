"""The review console's services: taking and deciding a case each commit exactly once."""

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from common.errors import ServiceError
from portal import review
from portal.clock import now
from portal.models import Application, ApplicationEvent, Doctor, db
from tests.support.cabinet import submitted_row


def person(oid: int, name: str, role: str) -> Doctor:
    return Doctor(
        esia_oid=oid, last_name=name, role=role, created_at=now(), updated_at=now(), checks=[]
    )


@pytest.fixture
def case(portal_app):
    """A registered application, its applicant and two reviewers, in an app context."""
    with portal_app.app_context():
        applicant = person(1000000701, "Заявителева", "doctor")
        first = person(1000000702, "Первая", "reviewer")
        second = person(1000000703, "Вторая", "reviewer")
        db.session.add_all([applicant, first, second])
        db.session.flush()
        application = submitted_row(applicant.id, "АК-2026-000701")
        db.session.add(application)
        db.session.commit()
        yield application, first, second


@contextmanager
def counted_commits():
    """How many times the session commits inside the block."""
    commits = []

    def count(session):
        commits.append(session)

    session = db.session()
    event.listen(session, "after_commit", count)
    try:
        yield commits
    finally:
        event.remove(session, "after_commit", count)


def journal() -> list[tuple[str, str]]:
    events = db.session.scalars(select(ApplicationEvent).order_by(ApplicationEvent.id))
    return [(e.from_status, e.to_status) for e in events]


def test_taking_a_case_commits_once(case):
    application, first, _ = case
    with counted_commits() as commits:
        review.take(first, application)
    assert len(commits) == 1
    assert (application.status, application.reviewer_id) == ("in_review", first.id)
    assert journal() == [("registered", "in_review")]


def test_a_case_taken_by_another_commits_nothing_and_names_them(case):
    application, first, second = case
    review.take(first, application)
    with counted_commits() as commits, pytest.raises(ServiceError, match="уже взял в работу"):
        review.take(second, application)
    assert commits == []
    assert db.session.get(Application, application.id).reviewer_id == first.id


def test_a_case_that_cannot_be_taken_commits_nothing(case):
    application, first, _ = case
    application.status = "approved"
    db.session.commit()
    with counted_commits() as commits, pytest.raises(ServiceError, match="нельзя взять"):
        review.take(first, application)
    assert commits == []
    assert db.session.get(Application, application.id).reviewer_id is None


@pytest.mark.parametrize(
    ("decision", "status"), [("approve", "approved"), ("fix", "needs_fix"), ("reject", "rejected")]
)
def test_deciding_a_case_commits_once(case, decision, status):
    application, first, _ = case
    review.take(first, application)
    with counted_commits() as commits:
        review.decide(first, application, decision, "Причина решения")
    assert len(commits) == 1
    assert db.session.get(Application, application.id).status == status


def test_a_decision_by_another_reviewer_commits_nothing(case):
    application, first, second = case
    review.take(first, application)
    with counted_commits() as commits, pytest.raises(ServiceError, match="Решение принимает"):
        review.decide(second, application, "approve", "")
    assert commits == []
    assert db.session.get(Application, application.id).status == "in_review"
