"""A button-only POST (CSRFProtect has checked its token before the view runs)."""

from collections.abc import Callable

from flask import flash, redirect

from common.errors import ServiceError, show_error


def press(action: Callable[[], object], done: str, back: str):
    """Run the button's service call, flash how it went (or why not), and go back with 303."""
    try:
        action()
    except ServiceError as error:
        show_error(error)
    else:
        flash(done)
    return redirect(back, 303)
