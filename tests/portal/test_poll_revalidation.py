"""Polls a browser keeps and revalidates: `private, no-cache` with an ETag, a 304 decided in one
query before Flask-Login or a template runs, and never for a session or an application that is
not the caller's. Pages with personal data stay `no-store`."""

from contextlib import contextmanager
from datetime import timedelta

from flask import template_rendered
from sqlalchemy import event, select, update

from portal.models import Application, UserSession, db
from portal.polls import etag_of, status_state
from tests.support.cabinet import doctor_record, seed_applications, submitted, submitted_row

HX = {"HX-Request": "true"}
ROWS = {**HX, "HX-Target": "application-rows"}


@contextmanager
def counted(cabinet):
    """The SQL statements and templates one request costs."""
    seen = {"sql": [], "templates": []}

    def statement(conn, cursor, sql, *args):
        seen["sql"].append(sql)

    def rendered(sender, template, context, **extra):
        seen["templates"].append(template.name)

    with cabinet.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", statement)
    template_rendered.connect(rendered, cabinet)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        template_rendered.disconnect(rendered, cabinet)


def sessions_changed(cabinet, **values) -> None:
    with cabinet.app_context():
        db.session.execute(update(UserSession).values(**values))
        db.session.commit()


def test_the_status_poll_is_kept_and_revalidated_and_its_304_costs_one_query(signed_in, cabinet):
    url = f"/cabinet/applications/{submitted(signed_in, cabinet)}/status"
    first = signed_in.get(url, headers=HX)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "private, no-cache" and first.headers["ETag"]
    with counted(cabinet) as seen:
        again = signed_in.get(url, headers={**HX, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Cache-Control"] == "private, no-cache"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(seen["sql"]) == 1 and seen["templates"] == []


def test_pages_around_the_polls_stay_no_store(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    for path in (f"/cabinet/applications/{application_id}", "/cabinet/applications/"):
        assert signed_in.get(path).headers["Cache-Control"] == "no-store", path


def test_a_session_that_needs_a_touch_takes_the_full_path_and_still_gets_its_304(
    signed_in, cabinet
):
    url = f"/cabinet/applications/{submitted(signed_in, cabinet)}/status"
    etag = signed_in.get(url, headers=HX).headers["ETag"]
    with cabinet.app_context():
        seen_at = db.session.scalar(select(UserSession.last_seen_at))
    sessions_changed(cabinet, last_seen_at=seen_at - timedelta(minutes=5))
    assert signed_in.get(url, headers={**HX, "If-None-Match": etag}).status_code == 304
    with cabinet.app_context():
        assert db.session.scalar(select(UserSession.last_seen_at)) > seen_at - timedelta(minutes=1)


def test_an_ended_session_gets_no_304_however_right_its_etag(signed_in, cabinet):
    url = f"/cabinet/applications/{submitted(signed_in, cabinet)}/status"
    etag = signed_in.get(url, headers=HX).headers["ETag"]
    with cabinet.app_context():
        moment = db.session.scalar(select(UserSession.last_seen_at))
    sessions_changed(cabinet, ended_at=moment, end_reason="logout")
    answer = signed_in.get(url, headers={**HX, "If-None-Match": etag})
    assert answer.status_code == 204 and "HX-Redirect" in answer.headers


def test_another_doctors_application_is_a_404_even_with_its_etag(signed_in, cabinet):
    submitted(signed_in, cabinet)
    with cabinet.app_context():
        stranger = doctor_record(esia_oid=1999999999, last_name="Чужой")
        db.session.add(stranger)
        db.session.flush()
        theirs = submitted_row(stranger.id, "АК-2026-999999")
        db.session.add(theirs)
        db.session.commit()
        their_id, etag = theirs.id, etag_of(status_state(theirs.status, theirs.updated_at))
    url = f"/cabinet/applications/{their_id}/status"
    assert signed_in.get(url, headers={**HX, "If-None-Match": etag}).status_code == 404


def test_the_list_poll_304s_in_one_query_until_an_application_changes(signed_in, cabinet):
    seed_applications(cabinet, 3)
    first = signed_in.get("/cabinet/applications/", headers=ROWS)
    assert first.headers["Cache-Control"] == "private, no-cache"
    asked = {**ROWS, "If-None-Match": first.headers["ETag"]}
    with counted(cabinet) as seen:
        assert signed_in.get("/cabinet/applications/", headers=asked).status_code == 304
    assert len(seen["sql"]) == 1 and seen["templates"] == []
    filtered = signed_in.get("/cabinet/applications/?status=approved", headers=asked)
    assert filtered.status_code == 200, "another filter is another list"
    with cabinet.app_context():
        changed = db.session.scalars(select(Application)).first()
        changed.status, changed.updated_at = "in_review", changed.updated_at + timedelta(1)
        db.session.commit()
    now_list = signed_in.get("/cabinet/applications/", headers=asked)
    assert now_list.status_code == 200 and now_list.headers["ETag"] != asked["If-None-Match"]


def test_a_compressed_lists_validator_gets_its_304_in_one_query(signed_in, cabinet):
    seed_applications(cabinet, 12)
    first = signed_in.get("/cabinet/applications/", headers={**ROWS, "Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and first.headers["ETag"].endswith(':gzip"')
    asked = {**ROWS, "Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    with counted(cabinet) as seen:
        again = signed_in.get("/cabinet/applications/", headers=asked)
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    assert len(seen["sql"]) == 1 and seen["templates"] == []
