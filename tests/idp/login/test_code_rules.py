"""One set of code rules for every channel (service login/sms.py): the per-source limit holds
for the SMS login as for a bank."""

from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE
from tests.support.drivers import GosuslugiUser, step_of
from tests.support.pages import Page


def test_one_source_gets_only_so_many_login_codes_whoever_it_names(app, client, registered, demo):
    app.config["OTP_MAX_PER_SOURCE"] = 2
    answers = []
    for phone in (DOCTOR_PHONE, OTHER_DOCTOR_PHONE, DOCTOR_PHONE):
        browser = GosuslugiUser(client)
        browser.start(registered.v1_params())
        answers.append(browser.password(phone))
    assert [step_of(a) for a in answers] == ["/login/code", "/login/code", "422 /login"]
    assert "С вашего устройства запрошено слишком много кодов" in Page(answers[2]).text
