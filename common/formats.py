"""How the two apps write numbers a person reads: phones, SNILS and file sizes.

One filter each, registered in both apps, so a value looks the same on every page and in every
pre-filled field.
"""

import re

NBSP = "\u00a0"


def phone(value: str | None) -> str:
    """'+7 916 123-45-01' for a Russian number written any usual way; anything else as it is."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 10:
        digits = "7" + digits
    if len(digits) != 11 or digits[0] not in "78":
        return value or ""
    return f"+7 {digits[1:4]} {digits[4:7]}-{digits[7:9]}-{digits[9:]}"


def snils(value: str | None) -> str:
    """'112-233-401 83' for eleven digits written any way; anything else as it is."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 11:
        return value or ""
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:]}"


def grouped(number: float, decimals: int) -> str:
    """Thousands apart by a non-breaking space, a decimal comma: 4980.5 → '4 980,5'."""
    text = f"{number:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def kilobytes(size: int) -> str:
    """A file's size in КБ as a person reads it: '4 980,5 КБ', '12 КБ'."""
    value = round(size / 1024, 1)
    return f"{grouped(value, 0 if value == int(value) else 1)}{NBSP}КБ"


def register_filters(app) -> None:
    app.jinja_env.filters.update(phone=phone, snils=snils, kilobytes=kilobytes)
