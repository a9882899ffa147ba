"""The INN check of the help page's form, on the vectors of reference §4.2 (python-stdnum)."""

import pytest

from portal.feedback import is_valid_inn


@pytest.mark.parametrize("value", ["7707083893", "500100732259", "123456789047"])
def test_valid_inns_pass(value):
    assert is_valid_inn(value)


@pytest.mark.parametrize(
    "value",
    [
        "123456789037",
        "7707083894",
        "500100732258",
        "50010073225",
        "5001007322590",
        "ИНН",
        "",
        "٥٠٠١٠٠٧٣٢٢٥٩",
    ],
)
def test_a_wrong_control_digit_or_length_fails(value):
    assert not is_valid_inn(value)
