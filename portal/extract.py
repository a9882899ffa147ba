"""The выписка: a PDF of the accreditation decision, signed by the accreditation body's demo key
(its certificate issued by the stand's demo root, see `pki`)."""

from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from fpdf import FPDF

from .pki import body_key

FONTS = Path(__file__).resolve().parent / "fonts"
VALID_YEARS = 5


def valid_until(decided: date) -> date:
    try:
        return decided.replace(year=decided.year + VALID_YEARS)
    except ValueError:  # 29 February
        return decided.replace(year=decided.year + VALID_YEARS, day=28)


def render_pdf(lines: list[tuple[str, str]], title: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creator("Личный кабинет медицинского работника")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for label, value in lines:
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(0, 7, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(
        0,
        5,
        "Документ учебной среды. Регистровый номер — демонстрационный "
        "идентификатор, он не подтверждает аккредитацию.",
    )
    return bytes(pdf.output())


def sign(document: bytes) -> bytes:
    key, certificate = body_key()
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(document)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )


def build(
    full_name: str, snils: str, specialty: str, kind: str, decided: date, registry_number: str
) -> tuple[bytes, bytes]:
    """(PDF, detached CMS signature) of the выписка."""
    lines = [
        ("Регистровый номер", registry_number),
        ("Фамилия, имя, отчество", full_name),
        ("СНИЛС", snils),
        ("Специальность", specialty),
        ("Вид аккредитации", kind),
        ("Дата решения", decided.strftime("%d.%m.%Y")),
        ("Действует до", valid_until(decided).strftime("%d.%m.%Y")),
    ]
    pdf = render_pdf(lines, "Выписка о прохождении аккредитации специалиста")
    return pdf, sign(pdf)
