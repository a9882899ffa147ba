"""The simulator's clock: moved forward by minutes, or back to real time."""

from common.forms import EmptyForm
from idp_mock import clock
from idp_mock.tester.console.forms import ClockForm
from idp_mock.tester.console.pages import console_blueprint, done, render

bp = console_blueprint(__name__)


def clock_page(form: ClockForm, status: int = 200):
    return render("clock", status, form=form, empty=EmptyForm(), now=clock.now())


@bp.get("/clock")
def clock_form():
    return clock_page(ClockForm())


@bp.post("/clock")
def move_clock():
    form = ClockForm()
    if not form.validate():
        return clock_page(form, 422)
    clock.advance(form.minutes.data * 60)
    return done(f"Часы переведены на {form.minutes.data} мин вперёд", ".clock_form")


@bp.post("/clock/reset")
def reset_clock():
    clock.reset()
    return done("Часы идут по реальному времени", ".clock_form")
