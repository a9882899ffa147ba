"""A page, or just the block htmx asked for (STYLE.md rule 8)."""

from flask import make_response, render_template, request
from jinja2_fragments.flask import render_block


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
