"""Образование и квалификация: the records, their ФРМР check, the hours and the profile."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.fields import SelectChoice

from common.errors import ServiceError, show_error
from common.forms import EmptyForm
from common.responses import render_page_or_block

from .. import documents, qualification
from ..access import doctor_required
from ..doc_types import BY_CODE
from ..forms import EducationForm
from ..models import EducationRecord
from ..registries import RegistryUnavailable

bp = Blueprint("education", __name__, url_prefix="/cabinet/education")


def education_form(form: EducationForm | None = None) -> EducationForm:
    form = form or EducationForm()
    kinds = [SelectChoice("", "Выберите вид")]
    form.kind.choices = kinds + [SelectChoice(k, v) for k, v in qualification.KINDS.items()]
    form.document_id.choices = [SelectChoice("", "Не выбран")] + [
        SelectChoice(str(d.id), f"{BY_CODE[d.doc_type].title}: {d.current.filename}")
        for d in documents.documents_of(current_user.doctor)
    ]
    return form


def page(form: EducationForm, status: int = 200):
    doctor = current_user.doctor
    records = qualification.records_of(doctor)
    return render_page_or_block(
        "portal/education/index.html",
        "content",
        "main",
        status,
        records=records,
        profile=qualification.profile(doctor, records),
        kinds=qualification.KINDS,
        form=form,
        action_form=EmptyForm(formdata=None),
    )


@bp.get("/")
@doctor_required
def index():
    return page(education_form())


def record_from(form: EducationForm) -> EducationRecord:
    return EducationRecord(
        kind=form.kind.data or "",
        organisation=(form.organisation.data or "").strip(),
        number=(form.number.data or "").strip(),
        specialty=(form.specialty.data or "").strip(),
        hours=form.hours.data,
        issue_date=form.issue_date.data,
        document_id=int(form.document_id.data) if form.document_id.data else None,
    )


@bp.post("/")
@doctor_required
def add():
    form = education_form()
    if not form.validate():
        return page(form, 422)
    try:
        record = qualification.add(current_user.doctor, record_from(form))
    except ServiceError as error:
        show_error(error, form)
        return page(form, 422)
    except RegistryUnavailable:
        form.number.errors.append("ФРМР сейчас не отвечает. Запись не сохранена, попробуйте позже")
        return page(form, 503)
    flash(f"Запись добавлена. {record.frmr_note}")
    return redirect(url_for(".index"), 303)


@bp.post("/import")
@doctor_required
def import_frmr():
    try:
        added = qualification.import_from_frmr(current_user.doctor)
        flash(f"Из ФРМР добавлено записей: {added}")
    except RegistryUnavailable:
        flash("ФРМР сейчас не отвечает. Попробуйте через несколько минут")
    return redirect(url_for(".index"), 303)


def my_record(record_id: int) -> EducationRecord:
    return qualification.record_of(current_user.doctor, record_id) or abort(404)


@bp.get("/<int:record_id>/delete")
@doctor_required
def delete_form(record_id: int):
    return render_template(
        "portal/education/delete.html",
        record=my_record(record_id),
        kinds=qualification.KINDS,
        form=EmptyForm(),
    )


@bp.post("/<int:record_id>/delete")
@doctor_required
def delete(record_id: int):
    qualification.remove(my_record(record_id))
    flash("Запись удалена")
    return redirect(url_for(".index"), 303)
