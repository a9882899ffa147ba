"""The upload limit as the doctor reads it, from the configured number of bytes."""

import pytest

from portal import uploads

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("size", "text"),
    [(5 * MB, "5 МБ"), (12 * MB, "12 МБ"), (MB // 2, "0,5 МБ"), (int(2.5 * MB), "2,5 МБ")],
)
def test_a_size_reads_in_megabytes(size, text):
    assert uploads.megabytes(size) == text


def test_the_refusal_names_the_limit():
    assert uploads.too_large(3 * MB) == "Файл должен быть меньше 3 МБ"
