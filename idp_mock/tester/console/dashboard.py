"""The trainer's dashboard: a row per trainee, where each is in the login and in the cabinet.
Its table body is polled by htmx; an unchanged one costs a 304."""

import hashlib

from flask import abort, request, url_for
from sqlalchemy import select

from common.converters import BIGGEST_ROW_ID
from common.responses import REVALIDATE, not_modified, render_page_or_block, wants_block
from idp_mock import clock
from idp_mock.models import Group, Persona, db
from idp_mock.tester import dashboard, groups
from idp_mock.tester.console.pages import console_blueprint

bp = console_blueprint(__name__)

# The most rows one page shows; a class is smaller, and the page stays light.
MOST_ROWS = 60
ROWS_ID = "dashboard-rows"


def chosen_oids(raw: str) -> list[int]:
    """The oids of `?oids=1,2,3`, in their order; anything that is not a number is skipped."""
    numbers = [int(part) for part in raw.split(",") if part.strip().isdigit()]
    return list(dict.fromkeys(numbers))[:MOST_ROWS]


def chosen_personas(raw: str, group: Group | None) -> list[Persona]:
    """A class's people (read on its clock), the personas of `?oids=` in its order, or the
    first MOST_ROWS of everyone."""
    if group is not None:
        clock.use_group(group.id)
        return groups.people(group)[:MOST_ROWS]
    oids = chosen_oids(raw)
    if not raw.strip():
        query = select(Persona).order_by(Persona.last_name, Persona.oid).limit(MOST_ROWS)
        return list(db.session.scalars(query))
    found = {p.oid: p for p in db.session.scalars(select(Persona).where(Persona.oid.in_(oids)))}
    return [found[oid] for oid in oids if oid in found]


def chosen_group() -> Group | None:
    """The class of `?group=ID`; an unknown one is a 404."""
    group_id = request.args.get("group", type=int)
    if group_id is None:
        return None
    return db.get_or_404(Group, group_id) if 0 < group_id <= BIGGEST_ROW_ID else abort(404)


def revalidated(response):
    """The browser keeps the polled table body and asks again each time: a 304 while it is
    unchanged. The whole page is never stored (common/security.py)."""
    etag = hashlib.sha256(response.get_data()).hexdigest()[:20]
    if etag in request.if_none_match:
        return not_modified(etag)
    response.set_etag(etag)
    response.headers["Cache-Control"] = REVALIDATE
    return response


@bp.get("/dashboard")
def show_dashboard():
    raw, group = request.args.get("oids", ""), chosen_group()
    rows = dashboard.rows(chosen_personas(raw, group))
    cabinet_note = dashboard.with_cabinet(rows)
    here = url_for(".show_dashboard", oids=raw or None, group=group.id if group else None)
    response = render_page_or_block(
        "idp/console/dashboard.html", "rows", ROWS_ID,
        rows=rows, cabinet_note=cabinet_note, here=here, oids=raw,
    )  # fmt: skip
    return revalidated(response) if wants_block(ROWS_ID) else response
