"""Russian identifiers with their real check algorithms."""

import re

SNILS_UNCHECKED_UP_TO = (
    1001998  # See: ПФР rules, the checksum applies only to numbers above 001-001-998
)


def snils_digits(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def snils_checksum(number: int) -> int:
    digits = f"{number:09d}"
    total = sum(int(d) * weight for d, weight in zip(digits, range(9, 0, -1), strict=True))
    return 0 if total % 101 == 100 else total % 101


def is_valid_snils(value: str) -> bool:
    digits = snils_digits(value)
    if not re.fullmatch(r"\d{11}", digits) or len(set(digits)) == 1:
        return False
    number, control = int(digits[:9]), int(digits[9:])
    return number <= SNILS_UNCHECKED_UP_TO or snils_checksum(number) == control


def format_snils(value: str) -> str:
    d = snils_digits(value)
    return f"{d[0:3]}-{d[3:6]}-{d[6:9]} {d[9:11]}"


def normalize_phone(value: str) -> str | None:
    """E.164 '+79XXXXXXXXX' for a Russian mobile number typed any usual way, else None."""
    digits = re.sub(r"[\s()+-]", "", value or "")
    if re.fullmatch(r"[78]9\d{9}", digits):
        return "+7" + digits[1:]
    if re.fullmatch(r"9\d{9}", digits):
        return "+7" + digits
    return None


def format_esia_phone(e164: str) -> str:
    """'+7(912)3456789' as ESIA's contacts API writes a mobile number."""
    return f"+7({e164[2:5]}){e164[5:]}"


def is_valid_email(value: str) -> bool:
    return bool(re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value or ""))
