"""The pre-login checklist rules, one by one."""

from datetime import date, timedelta

import pytest

from portal import checks

TODAY = date(2026, 11, 26)
PERSON = {
    "lastName": "Иванова",
    "firstName": "Мария",
    "middleName": "Сергеевна",
    "birthDate": "14.03.1986",
    "snils": "112-233-445 95",
    "trusted": True,
}
SFR = {
    "lastName": "Иванова",
    "firstName": "Мария",
    "middleName": "Сергеевна",
    "birthDate": "1986-03-14",
}


def certificate_until(days: int, status: str = "active") -> dict:
    until = (TODAY + timedelta(days=days)).isoformat()
    return {
        "certificates": [
            {"number": "1", "specialty": "Терапия", "valid_until": until, "status": status}
        ]
    }


def test_the_sfr_match_ignores_case_and_yo():
    assert checks.same_person({**PERSON, "lastName": "ИВАНОВА"}, {**SFR, "lastName": "иванова"})
    assert checks.same_person({**PERSON, "firstName": "Алёна"}, {**SFR, "firstName": "Алена"})


def test_a_different_birth_date_is_not_the_same_person():
    assert not checks.same_person({**PERSON, "birthDate": "15.03.1986"}, SFR)


@pytest.mark.parametrize(
    ("days", "status"), [(91, "ok"), (90, "warn"), (1, "warn"), (0, "warn"), (-1, "fail")]
)
def test_the_certificate_warns_within_ninety_days_and_fails_once_expired(days, status):
    assert checks.certificate(certificate_until(days), TODAY)["status"] == status


def test_the_newest_certificate_decides():
    frmr = certificate_until(10)
    frmr["certificates"].append(certificate_until(400)["certificates"][0])
    assert checks.certificate(frmr, TODAY)["status"] == "ok"


def test_a_snils_with_a_bad_checksum_fails_before_asking_the_sfr():
    result = checks.snils({**PERSON, "snils": "112-233-445 00"}, SFR)
    assert result["status"] == "fail" and "контрольного числа" in result["message"]


def test_every_failure_says_what_to_do():
    failures = [
        checks.account({"trusted": False}),
        checks.snils({}, None),
        checks.snils(PERSON, None),
        checks.certificate(None, TODAY),
        checks.certificate({"certificates": []}, TODAY),
        checks.licence(None),
        checks.licence({"status": "suspended"}),
        checks.licence({"status": "revoked"}),
        checks.contacts({"contacts": {"elements": []}}),
    ]
    for failure in failures:
        assert failure["status"] == "fail" and failure["action"], failure
