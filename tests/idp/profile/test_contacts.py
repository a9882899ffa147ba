"""Contacts: a new phone or e-mail becomes the person's only with the code sent to it."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import latest_code
from tests.support.pages import Page
from tests.support.profile import ProfileUser

NEW_EMAIL = "maria.new@example.ru"


def test_a_new_email_is_the_persons_once_its_code_is_entered(client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    assert person.post("/profile/contacts/email", value=NEW_EMAIL).status_code == 303
    assert NEW_EMAIL not in person.page("/profile/contacts").text_of("contact-email")
    code = latest_code(client, NEW_EMAIL)
    assert person.post("/profile/contacts/email/code", code=code).status_code == 303
    assert (
        person.page("/profile/contacts").text_of("contact-email") == f"{NEW_EMAIL} — подтверждена"
    )
    again = person.post("/profile/contacts/email/code", code=code)
    assert again.status_code == 422 and "не действует" in Page(again).field_error("code")


def test_three_wrong_codes_spend_the_code(client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    person.post("/profile/contacts/phone", value="+7 916 000-11-22")
    right = latest_code(client, "+79160001122")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(3):
        person.post("/profile/contacts/phone/code", code=wrong)
    spent = person.post("/profile/contacts/phone/code", code=right)
    assert spent.status_code == 422
    assert person.page("/profile/contacts").text_of("contact-phone").startswith(DOCTOR_PHONE)


def test_a_phone_of_another_account_and_a_malformed_one_are_refused(client, demo):
    person = ProfileUser(client)
    person.log_in(DOCTOR_PHONE)
    taken = person.post("/profile/contacts/phone", value="+79161234502")
    assert "другой учётной записи" in Page(taken).field_error("value")
    malformed = person.post("/profile/contacts/phone", value="+7 716 123-45-67")
    assert malformed.status_code == 422 and "+7 9XX" in Page(malformed).field_error("value")
    assert Page(malformed).form().fields["value"] == "+7 716 123-45-67"
