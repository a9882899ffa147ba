"""The demo cast's certificates: each person's own number, and one that has already ended."""

from datetime import date

from idp_mock.tester.seed import demo_people

TODAY = date(2026, 11, 26)


def certificates() -> dict[str, dict]:
    return {
        p["phone"]: p["registry"]["frmr"]["certificate"]
        for p in demo_people(TODAY)
        if p.get("registry")
    }


def test_every_demo_certificate_has_its_own_number():
    numbers = [c["number"] for c in certificates().values()]
    assert len(numbers) == len(set(numbers)) == 5
    assert all(len(n) == 13 and n.isdigit() for n in numbers)


def test_one_confirmed_doctor_shows_an_ended_certificate_and_one_an_ending_one():
    ends = {phone: date.fromisoformat(c["valid_until"]) for phone, c in certificates().items()}
    assert (ends["+79161234507"] - TODAY).days == -30
    assert (ends["+79161234502"] - TODAY).days == 20
    morozov = next(p for p in demo_people(TODAY) if p["phone"] == "+79161234507")
    assert morozov["level"] == "confirmed" and not morozov.get("roles")
