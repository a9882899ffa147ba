"""Phones, SNILS and file sizes are written the one way people read them."""

import pytest

from common.formats import kilobytes, phone, snils

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "written", ["+7(916)1234501", "+79161234501", "89161234501", "9161234501", "+7 916 123-45-01"]
)
def test_a_phone_is_written_with_spaces_and_hyphens(written):
    assert phone(written) == "+7 916 123-45-01"


@pytest.mark.parametrize("other", ["", None, "+44 20 7946 0958", "12345"])
def test_what_is_not_a_russian_number_is_left_as_it_is(other):
    assert phone(other) == (other or "")


@pytest.mark.parametrize("written", ["11223340183", "112-233-401 83", "112 233 401 83"])
def test_a_snils_is_written_in_groups(written):
    assert snils(written) == "112-233-401 83"


def test_a_snils_of_the_wrong_length_is_left_as_it_is():
    assert snils("1122334018") == "1122334018" and snils(None) == ""


@pytest.mark.parametrize(
    "size,shown",
    [
        (5100032, f"4{NBSP}980,5{NBSP}КБ"),
        (12 * 1024, f"12{NBSP}КБ"),
        (1536, f"1,5{NBSP}КБ"),
        (1024 * 1024 * 1024, f"1{NBSP}048{NBSP}576{NBSP}КБ"),
    ],
)
def test_a_size_has_a_decimal_comma_and_a_non_breaking_space(size, shown):
    assert kilobytes(size) == shown
