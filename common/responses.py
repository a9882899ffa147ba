"""Responses both apps give the same way: a page or the block htmx asked for (STYLE.md rule 8),
their Russian error pages, and the expired-form return."""

from urllib.parse import urlsplit

from flask import Flask, flash, make_response, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from jinja2_fragments.flask import render_block

from common.errors import incident


def wants_block(element_id: str) -> bool:
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and "HX-Boosted" not in headers
        and headers.get("HX-Target") == element_id
    )


def render_page_or_block(template: str, block: str, element_id: str, status: int = 200, **context):
    """The whole page, or only `block` when htmx targets the element it wraps."""
    if wants_block(element_id):
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response


# A poll's answer: the browser keeps it and asks again each time with If-None-Match (a 304 while
# it is unchanged). Pages stay `no-store` (common/security.py).
REVALIDATE = "private, no-cache"


def not_modified(etag: str):
    """Nothing changed since the browser's copy (If-None-Match): an empty 304 with the ETag."""
    return revalidated("", 304, etag)


def revalidated(body, status: int, etag: str):
    """A polled answer the browser keeps and revalidates with its ETag."""
    response = make_response(body, status)
    response.set_etag(etag)
    response.headers["Cache-Control"] = REVALIDATE
    response.headers["Vary"] = "HX-Request, HX-Target"
    return response


ERROR_TITLES = {
    400: "Запрос не удалось обработать",
    401: "Войдите через Госуслуги",
    403: "Эта страница вам недоступна",
    404: "Страница не найдена",
    405: "Так эту страницу открыть нельзя",
    413: "Файл слишком большой",
    500: "Что-то пошло не так",
}
FORM_EXPIRED = "Форма устарела. Попробуйте ещё раз."


def page_of_the_form() -> str:
    """Where the expired form was shown: its page on this site, never another site."""
    referrer = urlsplit(request.referrer or "")
    same_site = referrer.netloc in ("", request.host) and referrer.scheme in ("", request.scheme)
    if referrer.path.startswith("/") and not referrer.path.startswith("//") and same_site:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return "/"


def register_error_pages(app: Flask, template: str, on_server_error=None) -> None:
    """Russian pages for every HTTP error; an expired form goes back to its page with a message."""

    @app.errorhandler(CSRFError)
    def form_expired(error):
        flash(FORM_EXPIRED)
        return redirect(page_of_the_form(), 303)

    def error_page(error):
        status = getattr(error, "code", 500) or 500
        reference = None
        if status >= 500:
            if on_server_error:
                on_server_error()
            cause = getattr(error, "original_exception", None) or error
            reference = incident(app.logger, f"HTTP{status}", f"{request.path}: {cause!r}")
        title = ERROR_TITLES.get(status, ERROR_TITLES[500])
        page = render_template(template, title=title, status=status, reference=reference)
        return page, status

    for status in ERROR_TITLES:
        app.register_error_handler(status, error_page)
