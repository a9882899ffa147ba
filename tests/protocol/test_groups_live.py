"""Issue 13, done when: twenty trainees of one class log into the cabinet at once while, in
another class, a trainee locks themselves out and that class's clock moves 31 minutes. None of
the twenty notices; the locked trainee logs in after the move. Both apps live on loopback."""

import threading

from tests.support import servers
from tests.support.classroom import api, lock_out, new_group, trainee_logs_in
from tests.support.constants import DOCTOR_NAME
from tests.support.drivers import shown_at
from tests.support.pages import Page

CLASS_SIZE = 20


def ivanova_of(group: dict, copy: int) -> dict:
    return next(p for p in group["personas"] if p["copy"] == copy and p["who"] == DOCTOR_NAME)


def test_twenty_log_in_while_another_class_is_locked_out_and_moves_its_clock(
    app, demo, live_idp, portal_app, portal_config, data_dir
):
    certificate = data_dir / "esia-signing-for-groups.pem"
    with servers.live_portal(live_idp, portal_config, certificate) as portal:
        idp = live_idp.url
        class_a = new_group(idp, "Класс А", CLASS_SIZE)
        class_b = new_group(idp, "Класс Б", 1)
        locked = ivanova_of(class_b, 1)
        pages, start = {}, threading.Barrier(CLASS_SIZE + 1)

        def log_in(copy: int) -> None:
            start.wait()
            phone = ivanova_of(class_a, copy)["phone"]
            pages[copy] = trainee_logs_in(portal.url, idp, class_a["id"], phone)

        threads = [threading.Thread(target=log_in, args=(n,)) for n in range(1, CLASS_SIZE + 1)]
        for thread in threads:
            thread.start()
        start.wait()
        refused = lock_out(portal.url, locked["phone"])
        assert "заблокирована" in Page(refused).text
        moved = api(idp, "POST", f"/groups/{class_b['id']}/clock", json={"advance_seconds": 1860})
        assert moved.status_code == 200
        for thread in threads:
            thread.join(timeout=120)

        assert sorted(pages) == list(range(1, CLASS_SIZE + 1))
        for copy, page in pages.items():
            assert shown_at(page) == portal.url + "/cabinet/", (copy, page.url)
            assert Page(page).text_of("user-name") == DOCTOR_NAME
        assert api(idp, "GET", f"/groups/{class_a['id']}/clock").json()["offset_seconds"] == 0
        after = trainee_logs_in(portal.url, idp, class_b["id"], locked["phone"])
        assert shown_at(after) == portal.url + "/cabinet/", Page(after).text
