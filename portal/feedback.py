"""Questions sent through the help page: stored, numbered, confirmed by e-mail, and limited
per sender address so the public form cannot flood the table."""

import re
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from common.errors import ServiceError
from common.validators import format_snils, normalize_phone, snils_digits

from . import notify
from .clock import now
from .models import Application, Doctor, FeedbackMessage, db

FIELDS = (
    "name",
    "position",
    "email",
    "phone",
    "snils",
    "inn",
    "licence_number",
    "application_number",
    "message",
)
INN_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value: str) -> bool:
    """A person's INN (12 digits) or an organisation's (10), with its control digits."""
    if re.fullmatch(r"[0-9]{10}", value):
        return inn_digit(value[:9], INN_WEIGHTS[2:]) == int(value[9])
    if re.fullmatch(r"[0-9]{12}", value):
        return inn_digit(value[:10], INN_WEIGHTS[1:]) == int(value[10]) and inn_digit(
            value[:11], INN_WEIGHTS
        ) == int(value[11])
    return False


def prefill(doctor: Doctor | None) -> dict:
    """What the cabinet already knows about the sender, to spare typing it again."""
    if doctor is None:
        return {}
    latest = db.session.scalar(
        select(Application)
        .where(Application.doctor_id == doctor.id, Application.number.is_not(None))
        .order_by(Application.id.desc())
    )
    values = {
        "name": doctor.full_name,
        "email": doctor.email or "",
        "phone": spaced_phone(doctor.phone or ""),
        "snils": format_snils(doctor.snils) if doctor.snils else "",
    }
    if latest:
        values["application_number"] = latest.number
        values["licence_number"] = latest.data.get("licence_number", "")
    return values


def spaced_phone(value: str) -> str:
    """+79161234501 as people write it: +7 916 123-45-01."""
    e164 = normalize_phone(value)
    if not e164:
        return value
    return f"+7 {e164[2:5]} {e164[5:8]}-{e164[8:10]}-{e164[10:12]}"


def recent_from(address: str) -> int:
    since = now() - timedelta(hours=1)
    return db.session.scalar(
        select(func.count(FeedbackMessage.id)).where(
            FeedbackMessage.sender_address == address, FeedbackMessage.created_at >= since
        )
    )


def send(doctor: Doctor | None, values: dict, address: str) -> FeedbackMessage:
    """Store the question and confirm it by e-mail; returns it with its number."""
    if recent_from(address) >= current_app.config.get("FEEDBACK_PER_HOUR", 5):
        raise ServiceError(
            "message",
            "С этого адреса уже отправлено несколько обращений за последний час. Дождитесь "
            "ответа или позвоните по одному из телефонов выше",
        )
    cleaned = {name: (values.get(name) or "").strip() for name in FIELDS}
    cleaned["snils"] = snils_digits(cleaned["snils"])
    cleaned["phone"] = normalize_phone(cleaned["phone"]) or ""
    cleaned["email"] = cleaned["email"].lower()
    message = FeedbackMessage(
        doctor_id=doctor.id if doctor else None,
        sender_address=address[:45],
        created_at=now(),
        **cleaned,
    )
    db.session.add(message)
    db.session.flush()
    notify.send_email(
        message.email,
        f"Обращение {message.number} принято",
        f"Ваше обращение {message.number} принято. Ответ придёт на этот адрес. "
        f"Если будете писать или звонить снова, назовите этот номер.\n\n{notify.FOOTER}",
    )
    db.session.commit()
    return message


# Seed 4.3, in its order: who helps with what, and how to reach them.
CHANNELS = (
    {
        "name": "Служба поддержки «Госуслуги»",
        "contact": "телефон +7 (495) 771-70-00; форма обратной связи в личном кабинете Госуслуг",
        "helps": "восстановить пароль, разблокировать учётную запись, узнать, почему отказано "
        "во входе",
    },
    {
        "name": "Технический центр Министерства здравоохранения",
        "contact": "телефон +7 (499) 277-00-00; электронная почта указана на сайте Минздрава",
        "helps": "вопросы об аккредитации: проверят статус заявления и скажут, каких "
        "документов не хватает",
    },
    {
        "name": "Региональное отделение здравоохранения",
        "contact": "телефоны и адреса — на официальном сайте вашего субъекта РФ",
        "helps": "местные требования и порядок подачи заявлений в вашем регионе",
    },
    {
        "name": "ИТ-служба вашей организации",
        "contact": "внутренний help-desk, телефон и корпоративный чат вашего работодателя",
        "helps": "доступ к порталу из корпоративной сети и конфликты с корпоративными "
        "сертификатами",
    },
    {
        "name": "Профессиональные объединения, например Российская медицинская ассоциация",
        "contact": "телефон +7 (495) 123-45-67, сайт rma.ru",
        "helps": "правовая консультация и помощь в подготовке документов для аккредитации",
    },
)
