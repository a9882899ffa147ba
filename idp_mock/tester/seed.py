"""Demo personas: the people a trainer, a tester or a demo needs, with registry facts."""

from datetime import date, timedelta

from sqlalchemy import select

from common.validators import snils_checksum
from idp_mock import clock
from idp_mock.models import Persona, db
from idp_mock.tester import personas

DEMO_PASSWORD = "Demo2026!"  # noqa: S105 - the documented demo password (README)
FAC_ROLE = {
    "oid": 1000700001,
    "fullName": "Федеральное государственное бюджетное учреждение "
    "«Федеральный аккредитационный центр» Минздрава России",
    "shortName": "ФАЦ",
    "ogrn": "1027700000009",
    "inn": "7707083893",
    "type": "LEGAL",
}


def snils(number: int) -> str:
    return f"{number:09d}{snils_checksum(number):02d}"


def passport(doc_id: int, series: str, number: str, issued: str) -> dict:
    return {
        "id": doc_id,
        "type": "RF_PASSPORT",
        "vrfStu": "VERIFIED",
        "series": series,
        "number": number,
        "issueDate": issued,
        "issueId": "770-001",
        "issuedBy": "ГУ МВД России по г. Москве",
    }


def address(addr_id: int, kind: str, street: str, house: str) -> dict:
    return {
        "id": addr_id,
        "type": kind,
        "addressStr": f"г. Москва, ул. {street}, д. {house}",
        "countryId": "RUS",
        "zipCode": "125009",
        "region": "Москва",
        "city": "Москва",
        "street": street,
        "house": house,
    }


def education(today: date, specialty: str) -> list[dict]:
    """What ФРМР knows of a doctor's training: diploma, residency, recent courses (hours)."""

    def course(number: str, title: str, hours: int, years_ago: float) -> dict:
        issued = today - timedelta(days=int(365 * years_ago))
        return {
            "kind": "qualification",
            "number": number,
            "specialty": title,
            "hours": hours,
            "organisation": "ФГБОУ ДПО РМАНПО Минздрава России",
            "issue_date": issued.isoformat(),
        }

    return [
        {
            "kind": "diploma",
            "number": "ВСА 0412345",
            "specialty": "Лечебное дело",
            "organisation": "Первый МГМУ им. И. М. Сеченова",
            "issue_date": "2009-06-30",
        },
        {
            "kind": "residency",
            "number": "017718 000123",
            "specialty": specialty,
            "organisation": "Первый МГМУ им. И. М. Сеченова",
            "issue_date": "2011-08-31",
        },
        course("772412345678", f"{specialty}: актуальные вопросы", 72, 3.5),
        course("772412345679", f"{specialty}: клинические рекомендации", 36, 1.5),
    ]


def registry(
    today: date, specialty: str, cert_days: int, number: int, licence: str = "active"
) -> dict:
    """Registry facts; `number` makes the person's own certificate number."""
    return {
        "frmr": {
            "certificate": {
                "number": f"03771800000{number:02d}",
                "specialty": specialty,
                "kind": "accreditation",
                "issued": (today - timedelta(days=365 * 4)).isoformat(),
                "valid_until": (today + timedelta(days=cert_days)).isoformat(),
                "status": "active",
            },
            "education": education(today, specialty),
        },
        "licence": {
            "number": "Л041-01137-77/00368012",
            "status": licence,
            "organisation": "ГБУЗ «Городская поликлиника № 2 ДЗМ»",
        },
        "sfr": {"registered": True},
    }


def demo_people(today: date) -> list[dict]:
    return [
        dict(
            oid=1000000101,
            last_name="Иванова",
            first_name="Мария",
            middle_name="Сергеевна",
            gender="F",
            birth_date="1986-03-14",
            phone="+79161234501",
            email="ivanova.ms@example.ru",
            snils=snils(112233401),
            level="confirmed",
            script={"biometrics": "match", "bank": "simbank"},
            description="Врач-терапевт: всё в порядке, сертификат и лицензия действуют",
            registry=registry(today, "Терапия", 900, 1),
        ),
        dict(
            oid=1000000102,
            last_name="Петров",
            first_name="Алексей",
            middle_name="Викторович",
            gender="M",
            birth_date="1979-11-02",
            phone="+79161234502",
            email="petrov.av@example.ru",
            snils=snils(112233402),
            level="confirmed",
            description="Врач-хирург: сертификат истекает через 20 дней",
            registry=registry(today, "Хирургия", 20, 2),
        ),
        dict(
            oid=1000000103,
            last_name="Сидорова",
            first_name="Елена",
            middle_name="Андреевна",
            gender="F",
            birth_date="1990-07-21",
            phone="+79161234503",
            email="sidorova.ea@example.ru",
            snils=snils(112233403),
            level="confirmed",
            description="Врач-педиатр: лицензия организации приостановлена",
            registry=registry(today, "Педиатрия", 700, 3, licence="suspended"),
        ),
        dict(
            oid=1000000104,
            last_name="Кузнецов",
            first_name="Дмитрий",
            middle_name="Игоревич",
            gender="M",
            birth_date="1992-01-30",
            phone="+79161234504",
            email="kuznetsov.di@example.ru",
            snils=snils(112233404),
            level="standard",
            description="Стандартная учётная запись: личность не подтверждена",
            registry=registry(today, "Неврология", 800, 4),
        ),
        dict(
            oid=1000000105,
            last_name="Смирнова",
            first_name="Ольга",
            middle_name="Николаевна",
            gender="F",
            birth_date="1995-05-09",
            phone="+79161234505",
            email="smirnova.on@example.ru",
            level="simplified",
            description="Упрощённая учётная запись: только телефон и почта",
        ),
        dict(
            oid=1000000106,
            last_name="Волкова",
            first_name="Наталья",
            middle_name="Петровна",
            gender="F",
            birth_date="1975-09-18",
            phone="+79161234506",
            email="volkova.np@example.ru",
            snils=snils(112233406),
            level="confirmed",
            description="Эксперт ФАЦ: проверяет заявления",
            roles=[FAC_ROLE],
        ),
        dict(
            oid=1000000107,
            last_name="Морозов",
            first_name="Игорь",
            middle_name="Павлович",
            gender="M",
            birth_date="1982-04-12",
            phone="+79161234507",
            email="morozov.ip@example.ru",
            snils=snils(112233407),
            level="confirmed",
            description="Врач-кардиолог: срок сертификата истёк 30 дней назад",
            registry=registry(today, "Кардиология", -30, 7),
        ),
    ]


def with_documents(person: dict, index: int) -> dict:
    if person["level"] == "simplified":
        return person
    oid = person["oid"]
    return {
        **person,
        "inn": None,
        "birth_place": "г. Москва",
        "documents": [passport(oid % 100000 * 10, f"451{index}", f"65432{index}", "12.05.2016")],
        "addresses": [address(oid % 100000 * 10 + 1, "PRG", "Тверская", str(10 + index))],
    }


def seed_demo() -> list[Persona]:
    """Create the demo personas unless they exist; return them."""
    if db.session.scalar(select(Persona).limit(1)) is not None:
        return list(db.session.scalars(select(Persona).order_by(Persona.oid)))
    today = clock.now().date()
    people = [with_documents(p, i) for i, p in enumerate(demo_people(today), start=1)]
    created = [personas.new_persona({**p, "password": DEMO_PASSWORD}) for p in people]
    db.session.commit()
    return created
