"""The «Ошибка:» title prefix follows any form on the page, whatever its variable is called."""

from flask import Flask, get_flashed_messages, render_template_string
from wtforms import StringField
from wtforms.validators import DataRequired

from common import forms
from common.errors import ServiceError, show_error


class ReasonForm(forms.EmptyForm):
    reason = StringField("Причина", validators=[DataRequired("Укажите причину")])


TITLE = "{% if page_has_errors() %}Ошибка: {% endif %}Решение"


def app() -> Flask:
    application = Flask(__name__)
    application.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    forms.init_app(application)
    return application


def test_a_form_with_any_name_that_failed_titles_the_page_as_an_error():
    with app().test_request_context(method="POST", data={"reason": ""}):
        decision_form = ReasonForm()
        assert not decision_form.validate()
        assert render_template_string(TITLE, decision_form=decision_form) == "Ошибка: Решение"


def test_a_page_whose_forms_are_fine_has_a_plain_title():
    with app().test_request_context(method="POST", data={"reason": "дубль"}):
        comment_form = ReasonForm()
        assert comment_form.validate()
        assert render_template_string(TITLE, comment_form=comment_form) == "Решение"


def test_a_service_error_lands_on_its_field_and_titles_the_page():
    with app().test_request_context(method="POST", data={"reason": "x"}):
        form = ReasonForm()
        show_error(ServiceError("reason", "Причина слишком короткая"), form)
        assert form.reason.errors == ["Причина слишком короткая"]
        assert render_template_string(TITLE, other=form).startswith("Ошибка: ")


def test_a_service_error_for_a_field_the_form_lacks_goes_to_the_fallback_or_a_flash():
    with app().test_request_context(method="POST", data={"reason": "x"}):
        form = ReasonForm()
        show_error(ServiceError("nowhere", "Не получилось"), form, fallback="reason")
        assert form.reason.errors == ["Не получилось"]
        show_error(ServiceError("nowhere", "Сообщение сверху"), form)
        assert get_flashed_messages() == ["Сообщение сверху"]
