"""Russian identifiers and the password policy, checked against the published vectors."""

import pytest

from common.validators import (
    format_esia_phone,
    format_snils,
    is_valid_email,
    is_valid_snils,
    normalize_phone,
)
from idp_mock.login.passwords import password_problem


@pytest.mark.parametrize(
    "snils",
    [
        "112-233-445 95",
        "001-508-815 00",
        "001-437-544 00",
        "006-996-682 00",
        "001-168-298 06",
        "11223344595",
    ],
)
def test_snils_with_a_correct_checksum_is_valid(snils):
    assert is_valid_snils(snils)


@pytest.mark.parametrize(
    "snils",
    [
        "112-233-445 00",
        "001-168-298 07",
        "000-000-000 00",
        "111-111-111 11",
        "1122334459",
        "112-233-445 9x",
        "",
    ],
)
def test_snils_with_a_wrong_checksum_or_shape_is_invalid(snils):
    assert not is_valid_snils(snils)


@pytest.mark.parametrize("snils", ["001-001-998 00", "001-001-998 42", "001-001-997 13"])
def test_snils_up_to_001_001_998_is_not_checksummed(snils):
    assert is_valid_snils(snils)


def test_snils_is_formatted_the_way_esia_writes_it():
    assert format_snils("11223344595") == "112-233-445 95"


@pytest.mark.parametrize(
    "typed",
    [
        "+7 916 123-45-01",
        "89161234501",
        "8 (916) 123-45-01",
        "79161234501",
        "9161234501",
        "+7(916)1234501",
    ],
)
def test_a_russian_mobile_number_typed_any_usual_way_is_normalised(typed):
    assert normalize_phone(typed) == "+79161234501"


@pytest.mark.parametrize("typed", ["+7 712 345-67-89", "+7 495 123-45-67", "12345", "", "+1 916"])
def test_kazakh_landline_and_short_numbers_are_not_russian_mobiles(typed):
    assert normalize_phone(typed) is None


def test_esia_writes_mobiles_with_the_code_in_brackets():
    assert format_esia_phone("+79161234501") == "+7(916)1234501"


def test_email_needs_a_local_part_and_a_domain():
    assert is_valid_email("ivanova@example.ru")
    assert not is_valid_email("ivanova@example")
    assert not is_valid_email("ivanova example.ru")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Ab1!", "не короче 8"),
        ("abcdefg1!", "строчные и заглавные"),
        ("ABCDEFG1!", "строчные и заглавные"),
        ("Abcdefgh!", "цифру"),
        ("Abcdefgh1", "специальный символ"),
        ("Aa1!" + "x" * 125, "не длиннее 128"),
    ],
)
def test_password_policy_names_what_is_missing(password, problem):
    assert problem in password_problem(password)


@pytest.mark.parametrize("password", ["Demo2026!", "Пароль-2026", "Zz9_zzzz", "Aa1 -" + "x" * 60])
def test_passwords_meeting_the_policy_pass(password):
    assert password_problem(password) is None
