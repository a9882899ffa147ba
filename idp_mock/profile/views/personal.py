"""Personal data: shown, edited, checked (seed 1.1.2: «Профиль → Персональные данные →
Редактировать»)."""

from common.errors import ServiceError, show_error
from common.validators import format_snils
from idp_mock.profile import personal
from idp_mock.profile.forms import PersonalForm
from idp_mock.profile.views.common import done, person, profile_blueprint, render

bp = profile_blueprint(__name__)


@bp.get("/profile/personal")
def show():
    persona = person()
    check = personal.latest(persona)
    return render(
        "personal",
        persona=persona,
        check=check,
        being_checked=personal.being_checked(check),
        failed=personal.failed(check),
        passport=personal.passport_of(persona),
        snils=format_snils(persona.snils) if persona.snils else "",
    )


def edit_page(form: PersonalForm, status: int = 200):
    return render("personal_edit", status, form=form)


@bp.get("/profile/personal/edit")
def edit_form():
    return edit_page(PersonalForm(data=personal.current(person())))


@bp.post("/profile/personal/edit")
def edit():
    persona, form = person(), PersonalForm()
    if not form.validate():
        return edit_page(form, 422)
    try:
        personal.submit(persona, form.data)
    except ServiceError as error:
        show_error(error, form)
        return edit_page(form, 422)
    return done("Данные отправлены на проверку в СФР и МВД", ".show")
