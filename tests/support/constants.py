"""The demo personas the tests act as, and values several areas use."""

from idp_mock.login.key_containers import DEMO_PIN
from idp_mock.tester.seed import DEMO_PASSWORD

DOCTOR_PHONE = "+79161234501"
DOCTOR_NAME = "Иванова Мария Сергеевна"
OTHER_DOCTOR_PHONE = "+79161234502"
REVIEWER_PHONE = "+79161234506"
XSS = '"><script>alert(1)</script><img src=x onerror=alert(1)>'
# The cabinet's address as the test client's requests claim it.
PUBLIC_URL = "http://cabinet.test"

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_PIN",
    "DOCTOR_NAME",
    "DOCTOR_PHONE",
    "OTHER_DOCTOR_PHONE",
    "PUBLIC_URL",
    "REVIEWER_PHONE",
    "XSS",
]
