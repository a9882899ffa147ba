"""Мои документы: per-type pages with upload, replace, history and download."""

import unicodedata
from functools import partial
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from common.responses import render_page_or_block

from .. import activity, documents, issued, storage, uploads
from ..access import doctor_required, member_required
from ..doc_types import BY_CODE, DOC_TYPES
from ..forms import DocumentForm
from ..models import DocumentVersion, db
from ..states import DOCUMENT_STATUSES
from .buttons import press
from .shared import drain_body, upload_from

bp = Blueprint("documents", __name__, url_prefix="/cabinet/documents")
BLOCK_ID = "document-block"
SIGNATURE_TYPE = "application/pkcs7-signature"


def kind_or_404(code: str):
    return BY_CODE.get(code) or abort(404)


def latest_of_type(doctor, code: str):
    found = [d for d in documents.documents_of(doctor) if d.doc_type == code]
    return found[-1] if found else None


@bp.get("/")
@doctor_required
def index():
    by_type = {d.doc_type: d for d in documents.documents_of(current_user.doctor)}
    return render_page_or_block(
        "portal/documents/index.html",
        "content",
        "main",
        types=DOC_TYPES,
        by_type=by_type,
        statuses=DOCUMENT_STATUSES,
        issued=issued.of_doctor(current_user.doctor),
    )


def type_page(code: str, form: DocumentForm, status: int = 200, message: str = ""):
    kind = kind_or_404(code)
    document = latest_of_type(current_user.doctor, code)
    return render_page_or_block(
        "portal/documents/type.html",
        "document_block",
        BLOCK_ID,
        status,
        kind=kind,
        document=document,
        form=form,
        statuses=DOCUMENT_STATUSES,
        review_form=EmptyForm(formdata=None),
        message=message,
        journal=activity.document_journal(document) if document else [],
    )


@bp.get("/<code>")
@doctor_required
def type_form(code: str):
    return type_page(code, DocumentForm())


@bp.post("/<code>")
@doctor_required
def upload(code: str):
    kind, form = kind_or_404(code), DocumentForm()
    if not form.validate():
        return type_page(code, form, 422)
    try:
        documents.save(
            current_user.doctor, kind, upload_from(form), latest_of_type(current_user.doctor, code)
        )
    except ServiceError as error:
        show_error(error, form)
        return type_page(code, form, 422)
    message = f"Документ «{kind.title}» загружен"
    note = documents.ending_note(kind, form.valid_until.data)
    message = f"{message}. {note}" if note else message
    if request.headers.get("HX-Request") == "true":
        return type_page(code, DocumentForm(formdata=None), message=message)
    flash(message)
    return redirect(url_for(".type_form", code=code), 303)


@bp.post("/<int:document_id>/review")
@doctor_required
def send_for_review(document_id: int):
    document = documents.visible_document(current_user.doctor, document_id)
    if document is None or document.doctor_id != current_user.doctor_id:
        abort(404)
    return press(
        lambda: documents.send_for_review(current_user.doctor, document),
        "Документ отправлен на проверку",
        url_for(".type_form", code=document.doc_type),
    )


def content_disposition(filename: str) -> str:
    """An attachment with an ASCII fallback name and the real one per RFC 6266 (headers are
    latin-1 on the wire, and «Выписка.pdf» is not)."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    fallback = "".join(c for c in fallback if c not in '"\\').strip() or "document"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(stream, size: int, filename: str, content_type: str) -> Response:
    response = Response(stream, mimetype=content_type, direct_passthrough=True)
    response.content_length = size
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def delivered(read, filename: str, content_type: str) -> Response:
    """The file `read` opens, as an attachment; an error page if storage was tampered with."""
    try:
        stream, size = read()
    except storage.Tampered as tampered:
        current_app.logger.error("stored file failed authentication: %s", tampered)
        message = (
            "Файл повреждён в хранилище, и мы не стали его выдавать. Загрузите документ "
            "заново или обратитесь в поддержку."
        )
        return render_template(
            "portal/error.html", title="Файл повреждён", status=500, message=message
        ), 500
    return attachment(stream, size, filename, content_type)


def served(version_id: int, signature: bool) -> Response:
    """A version's file (or its signature) for its owner or a reviewer; 404 for anyone else."""
    version = db.session.get(DocumentVersion, version_id)
    document = version and documents.visible_document(current_user.doctor, version.document_id)
    if document is None or (signature and not version.signature_file_id):
        abort(404)
    file_id = version.signature_file_id if signature else version.file_id
    what = f"{'подпись к ' if signature else ''}{version.filename}, версия {version.number}"
    read = partial(documents.read_file, current_user.doctor, document, file_id, what)
    if signature:
        return delivered(read, version.filename + ".sig", SIGNATURE_TYPE)
    return delivered(read, version.filename, version.content_type)


def served_issued(issued_id: int, signature: bool) -> Response:
    """An issued document (or its signature) for its owner or a reviewer; 404 otherwise."""
    found = issued.visible(current_user.doctor, issued_id) or abort(404)
    read = partial(issued.read, current_user.doctor, found, signature)
    if signature:
        return delivered(read, found.filename + ".sig", SIGNATURE_TYPE)
    return delivered(read, found.filename, found.content_type)


@bp.get("/file/<int:version_id>")
@member_required
def download(version_id: int):
    return served(version_id, signature=False)


@bp.get("/file/<int:version_id>/signature")
@member_required
def download_signature(version_id: int):
    return served(version_id, signature=True)


@bp.get("/issued/<int:issued_id>")
@member_required
def download_issued(issued_id: int):
    return served_issued(issued_id, signature=False)


@bp.get("/issued/<int:issued_id>/signature")
@member_required
def download_issued_signature(issued_id: int):
    return served_issued(issued_id, signature=True)


@bp.errorhandler(413)
def too_large(error):
    drain_body()
    code = (request.view_args or {}).get("code", "")
    if code not in BY_CODE or not current_user.is_authenticated:
        return render_template("portal/error.html", title="Файл слишком большой", status=413), 413
    form = DocumentForm(formdata=None)
    form.file.errors = [uploads.too_large(current_app.config["MAX_UPLOAD_BYTES"])]
    return type_page(code, form, 413)
