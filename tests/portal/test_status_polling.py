"""Status polling: small fragments, 304 while nothing changed, 286 once final, and a page
that refreshes itself without JavaScript."""

from tests.support.cabinet import (
    decided,
    seed_applications,
    submitted,
)
from tests.support.pages import Page


def test_the_status_poll_is_small_304_when_unchanged_and_286_when_final(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    url = f"/cabinet/applications/{application_id}/status"
    first = signed_in.get(url, headers={"HX-Request": "true"})
    assert first.status_code == 200 and len(first.data) <= 1024
    assert Page(first).attribute_values("hx-trigger")
    same = signed_in.get(
        url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]}
    )
    assert same.status_code == 304 and same.data == b""
    decided(cabinet, application_id, "reject", "Нет стажа")
    final = signed_in.get(
        url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]}
    )
    assert final.status_code == 286 and "Отклонено" in Page(final).text
    assert "hx-trigger" not in final.text


def test_without_javascript_the_open_detail_refreshes_itself(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    assert Page(page).noscript_refresh == "10"
    assert "Обновить" in Page(page).links


def test_the_list_poll_answers_304_when_nothing_changed(signed_in, cabinet):
    seed_applications(cabinet, 3)
    headers = {"HX-Request": "true", "HX-Target": "application-rows"}
    rows = signed_in.get("/cabinet/applications/", headers=headers)
    assert rows.status_code == 200 and "<html" not in rows.text
    again = signed_in.get(
        "/cabinet/applications/", headers={**headers, "If-None-Match": rows.headers["ETag"]}
    )
    assert again.status_code == 304
