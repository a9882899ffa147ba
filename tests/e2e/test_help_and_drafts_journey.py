"""A doctor asks for help and clears out a draft, in Chromium with JavaScript off and on: the
feedback form comes filled with what the cabinet knows, keeps what was typed when something is
missing, and answers with a number; a draft goes only after «Are you sure?»."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.constants import DOCTOR_NAME

pytestmark = pytest.mark.browser


def open_help(page: Page) -> None:
    page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Помощь").click()
    expect(page.get_by_role("heading", name="Куда обращаться", level=1)).to_be_visible()


def test_a_doctor_sends_a_question_and_gets_its_number(doctor: Page, person):
    open_help(doctor)
    expect(doctor.get_by_test_id("help-channel")).to_have_count(5)
    expect(doctor.get_by_test_id("feedback-name")).to_have_value(DOCTOR_NAME)
    doctor.get_by_label("ИНН").fill("500100732259")
    with doctor.expect_response(re.compile(r"/help/feedback$")) as refused:
        doctor.get_by_test_id("feedback-submit").click()
    assert refused.value.status == 422
    expect(doctor.get_by_text("Опишите, что случилось").first).to_be_visible()
    expect(doctor).to_have_title(re.compile("^Ошибка:"))
    expect(doctor.get_by_label("ИНН")).to_have_value("500100732259")
    doctor.get_by_test_id("feedback-message").fill("Не приходит письмо о решении")
    doctor.get_by_test_id("feedback-submit").click()
    expect(doctor.get_by_text(re.compile(r"Обращение № ОБР-\d{4}-\d{6} принято"))).to_be_visible()
    # Chromium logs the 422 checked above as a failed load; only that one is expected.
    person.console_errors[:] = [e for e in person.console_errors if e[1] != refused.value.url]
    person.assert_quiet_console()


def test_a_doctor_deletes_a_draft_after_confirming(doctor: Page, live_portal, person):
    doctor.goto(f"{live_portal.url}/cabinet/applications/new")
    doctor.get_by_test_id("kind-periodic").check()
    doctor.get_by_test_id("start-application").click()
    expect(doctor).to_have_url(re.compile(r"/cabinet/applications/\d+/step/1$"))
    doctor.goto(f"{live_portal.url}/cabinet/applications/")
    doctor.get_by_test_id("delete-draft").click()
    expect(doctor.get_by_role("heading", name="Удалить черновик?", level=1)).to_be_visible()
    doctor.get_by_test_id("confirm-delete").click()
    expect(doctor.get_by_text("Черновик удалён")).to_be_visible()
    expect(doctor.get_by_test_id("delete-draft")).to_have_count(0)
    person.assert_quiet_console()
