"""Мои документы: real files in, encrypted at rest, the same bytes out, to the right people only."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from common.certs import make_root
from portal import pki
from portal.models import ActivityEvent, Document, DocumentVersion, db
from tests import files
from tests.support.cabinet import current_version, upload
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

TODAY = date.today()


def certificate_fields(**overrides) -> dict:
    fields = {
        "issue_date": "10.01.2024",
        "valid_until": (TODAY + timedelta(days=800)).strftime("%d.%m.%Y"),
        "holder_name": "Иванова Мария Сергеевна",
        "holder_birth_date": "14.03.1986",
    }
    return {**fields, **overrides}


def test_a_pdf_is_accepted_and_shown_with_its_status(signed_in, cabinet):
    response = upload(signed_in, "passport", files.pdf(), "Паспорт.pdf")
    assert response.status_code == 303
    page = signed_in.get("/cabinet/documents/passport")
    assert "Загружен" in Page(page).texts_of("document-status")
    assert "Паспорт.pdf" in Page(page).text and "12.05.2016" in Page(page).text


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (files.image("JPEG"), "photo.jpeg", "image/jpeg"),
        (files.image("PNG"), "scan.png", "image/png"),
    ],
)
def test_jpg_and_png_are_accepted_by_their_content(signed_in, cabinet, data, name, kind):
    assert upload(signed_in, "snils", data, name).status_code == 303
    assert current_version(cabinet).content_type == kind


def test_the_downloaded_file_is_the_uploaded_bytes_as_an_attachment(signed_in, cabinet):
    original = files.pdf(pages=3)
    upload(signed_in, "passport", original, "Паспорт.pdf")
    response = signed_in.get(f"/cabinet/documents/file/{current_version(cabinet).id}")
    assert response.status_code == 200 and response.data == original
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_the_type_follows_the_content_not_the_name(signed_in, cabinet):
    upload(signed_in, "snils", files.image("PNG"), "looks-like.pdf")
    version = current_version(cabinet)
    assert version.content_type == "image/png" and version.filename == "looks-like.png"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (files.executable(), "virus.pdf", "Загрузите файл в формате PDF, JPG или PNG"),
        (b"", "empty.pdf", "Выберите файл"),
        (files.encrypted_pdf(), "locked.pdf", "защищён паролем"),
        (files.truncated_pdf(), "broken.pdf", "повреждён"),
        (files.image("PNG", (10, 10)), "tiny.png", "слишком маленькое"),
        (files.image("PNG", (12000, 60)), "wide.png", "слишком большое"),
        (b"GIF89a" + b"\x00" * 100, "anim.gif", "PDF, JPG или PNG"),
        (b"%PDF-1.7\n%%EOF", "fake.pdf", "повреждён"),
    ],
)
def test_a_refused_file_is_explained_next_to_the_field(signed_in, cabinet, data, name, message):
    response = upload(signed_in, "passport", data, name, doc_number="77 01 123456")
    assert response.status_code == 422
    assert message in Page(response).field_error("file")
    assert Page(response).form().fields["doc_number"] == "77 01 123456"  # what was typed is kept
    with cabinet.app_context():
        assert db.session.scalar(select(Document)) is None


def test_a_six_megabyte_file_gets_a_field_error_and_keeps_the_form(signed_in, cabinet):
    big = files.pdf(padding=6 * 1024 * 1024)
    response = upload(signed_in, "passport", big, "big.pdf", doc_number="99 99 999999")
    assert response.status_code == 422
    assert Page(response).field_error("file") == "Файл должен быть меньше 5 МБ"
    assert Page(response).form().fields["doc_number"] == "99 99 999999"


def test_a_request_over_the_limit_becomes_a_field_error_not_an_error_page(signed_in, cabinet):
    response = upload(signed_in, "passport", b"%PDF-" + b"0" * (13 * 1024 * 1024))
    assert response.status_code == 413
    assert Page(response).field_error("file") == "Файл должен быть меньше 5 МБ"


def test_a_missing_number_or_a_future_issue_date_is_refused(signed_in):
    response = upload(signed_in, "passport", files.pdf(), doc_number="")
    assert response.status_code == 422
    assert "Введите номер документа" in Page(response).field_error("doc_number")
    future = (TODAY + timedelta(days=3)).strftime("%d.%m.%Y")
    response = upload(signed_in, "passport", files.pdf(), issue_date=future)
    assert "Дата выдачи не может быть в будущем" in Page(response).field_error("issue_date")
    response = upload(signed_in, "passport", files.pdf(), issue_date="31.02.2020")
    assert "Введите дату в формате ДД.ММ.ГГГГ" in Page(response).field_error("issue_date")


def upload_signed_certificate(web, signer: files.Signer | None = None, **fields):
    """A certificate scan with a valid detached signature, its fields overridden by `fields`."""
    document = files.pdf()
    signature = (signer or files.Signer()).sign(document)
    return upload(web, "certificate", document, signature=signature, **certificate_fields(**fields))


@pytest.fixture
def configured_root(cabinet, tmp_path):
    """A certification centre of the tester's own, trusted through TRUSTED_ROOTS (a PEM bundle
    holding an unrelated certificate too); returns its (key PEM, certificate PEM)."""
    root = make_root("Тестовый УЦ", "Испытательная лаборатория")
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(make_root("Посторонний УЦ")[1] + root[1])
    cabinet.config["TRUSTED_ROOTS"] = str(bundle)
    return root


def test_a_certificate_signed_under_a_configured_root_shows_the_signer(
    signed_in, cabinet, configured_root
):
    response = upload_signed_certificate(signed_in, files.Signer(issuer=configured_root))
    assert response.status_code == 303, response.text
    page = signed_in.get("/cabinet/documents/certificate")
    info = Page(page).text_of("signature-info")
    assert info.startswith("Проверена. Подписал: Иванова Мария Сергеевна")
    version = current_version(cabinet)
    assert version.signer_trusted
    signature = signed_in.get(f"/cabinet/documents/file/{version.id}/signature")
    assert signature.status_code == 200 and signature.data[:1] == b"\x30"


def test_a_certificate_signed_under_the_demo_root_shows_the_signer(signed_in, cabinet):
    with cabinet.app_context():
        demo_root = pki.demo_root()
    response = upload_signed_certificate(signed_in, files.Signer(issuer=demo_root))
    assert response.status_code == 303, response.text
    info = Page(signed_in.get("/cabinet/documents/certificate")).text_of("signature-info")
    assert info.startswith("Проверена. Подписал: Иванова Мария Сергеевна")


def test_a_self_made_certificate_is_accepted_but_its_signer_is_not_vouched_for(signed_in, cabinet):
    response = upload_signed_certificate(signed_in)
    assert response.status_code == 303, response.text
    info = Page(signed_in.get("/cabinet/documents/certificate")).text_of("signature-info")
    assert "не из доверенного удостоверяющего центра" in info
    assert "«Иванова Мария Сергеевна»" in info and "Подписал:" not in info
    assert not current_version(cabinet).signer_trusted


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (None, "Загрузите файл электронной подписи"),
        (b"not a signature", "не является подписью"),
        (files.Signer().sign(files.pdf(pages=2)), "документ изменён после подписания"),
        (b"-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----\n", "ни в формате PEM"),
    ],
)
def test_a_certificate_signature_that_fails_says_precisely_why(signed_in, signature, message):
    response = upload(
        signed_in, "certificate", files.pdf(), signature=signature, **certificate_fields()
    )
    assert response.status_code == 422 and message in Page(response).field_error("signature")
    assert Page(response).field_error("signature")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"issue_date": "10.01.2024", "valid_until": "09.01.2025"},
            "valid_until",
            "не меньше чем на 12 месяцев",
        ),
        ({"valid_until": "01.01.2024"}, "valid_until", "позже даты выдачи"),
        ({"holder_name": "Петрова Мария Сергеевна"}, "holder_name", "должно совпадать с профилем"),
        ({"holder_birth_date": "15.03.1986"}, "holder_birth_date", "Дата рождения"),
    ],
)
def test_certificate_dates_and_holder_are_checked(signed_in, fields, field, message):
    response = upload_signed_certificate(signed_in, **fields)
    assert response.status_code == 422 and message in Page(response).field_error(field)
    assert Page(response).field_error(field)


def test_replacing_keeps_every_earlier_version_downloadable(signed_in, cabinet):
    first, second = files.pdf(pages=1), files.pdf(pages=2)
    upload(signed_in, "diploma", first, "diploma-2010.pdf")
    upload(signed_in, "diploma", second, "diploma-copy.pdf")
    page = signed_in.get("/cabinet/documents/diploma")
    assert "Версия 1: diploma-2010.pdf" in Page(page).text_of("versions")
    with cabinet.app_context():
        versions = db.session.scalars(select(DocumentVersion).order_by(DocumentVersion.number))
        ids = [v.id for v in versions]
        assert len(db.session.scalars(select(Document)).all()) == 1
    assert signed_in.get(f"/cabinet/documents/file/{ids[0]}").data == first
    assert signed_in.get(f"/cabinet/documents/file/{ids[1]}").data == second


def test_uploads_and_downloads_are_in_the_activity_journal(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf())
    upload(signed_in, "passport", files.pdf(pages=2))
    signed_in.get(f"/cabinet/documents/file/{current_version(cabinet).id}")
    with cabinet.app_context():
        actions = [
            e.action for e in db.session.scalars(select(ActivityEvent).order_by(ActivityEvent.id))
        ]
    assert actions == ["upload", "replace", "download"]


def test_another_doctor_cannot_download_by_id(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    upload(doctor.web, "passport", files.pdf())
    version_id = current_version(cabinet).id
    doctor.switch_to("+79161234502")
    assert doctor.web.get(f"/cabinet/documents/file/{version_id}").status_code == 404
    assert doctor.web.get(f"/cabinet/documents/file/{version_id}/signature").status_code == 404


def test_a_stranger_cannot_download_at_all(signed_in, cabinet, web):
    upload(signed_in, "passport", files.pdf())
    version_id = current_version(cabinet).id
    stranger = cabinet.test_client()
    assert stranger.get(f"/cabinet/documents/file/{version_id}").status_code == 302


def test_tampered_ciphertext_is_detected_and_never_served(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf())
    version = current_version(cabinet)
    stored = Path(cabinet.config["DATA_DIR"]) / "files" / f"{version.file_id}.bin"
    blob = bytearray(stored.read_bytes())
    blob[40] ^= 0x01
    stored.write_bytes(bytes(blob))
    response = signed_in.get(f"/cabinet/documents/file/{version.id}")
    assert response.status_code == 500 and "Файл повреждён" in Page(response).text
    assert b"%PDF" not in response.data


def test_the_plaintext_appears_nowhere_on_disk(signed_in, cabinet):
    marker = "UNIQUE-PLAINTEXT-MARKER-7f3a9c"
    upload(signed_in, "passport", files.pdf(padding=200).replace(b"x" * 30, marker.encode(), 1))
    data_dir = Path(cabinet.config["DATA_DIR"])
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert marker.encode() not in path.read_bytes(), path
    version = current_version(cabinet)
    assert marker.encode() in signed_in.get(f"/cabinet/documents/file/{version.id}").data


def test_htmx_upload_gets_only_the_block_back(signed_in):
    headers = {"HX-Request": "true", "HX-Target": "document-block"}
    response = upload(signed_in, "passport", files.pdf(), headers=headers)
    assert response.status_code == 200 and "<html" not in response.text
    assert "Загружен" in Page(response).by_id("document-block")
    assert "HX-Request, HX-Target" in response.headers["Vary"]
    error = upload(signed_in, "passport", files.executable(), headers=headers)
    assert error.status_code == 422 and "<html" not in error.text


def test_without_htmx_headers_the_page_is_whole(signed_in):
    page = signed_in.get("/cabinet/documents/passport")
    assert not Page(page).is_fragment and "HX-Request, HX-Target" in page.headers["Vary"]


def test_a_cyrillic_file_name_survives_the_latin1_header(signed_in, cabinet):
    upload(signed_in, "passport", files.pdf(), "Паспорт Ивановой.pdf")
    response = signed_in.get(f"/cabinet/documents/file/{current_version(cabinet).id}")
    header = response.headers["Content-Disposition"]
    header.encode("latin-1")  # what a real server must be able to send
    assert "filename*=UTF-8''%D0%9F%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82" in header


def test_an_unreadable_trusted_roots_setting_trusts_only_the_demo_root(
    signed_in, cabinet, tmp_path
):
    broken = tmp_path / "roots.pem"
    broken.write_text("не сертификат")
    cabinet.config["TRUSTED_ROOTS"] = str(broken)
    response = upload_signed_certificate(signed_in)
    assert response.status_code == 303, response.text
    info = Page(signed_in.get("/cabinet/documents/certificate")).text_of("signature-info")
    assert "не из доверенного удостоверяющего центра" in info
