"""The console's pages of one test person, as a tester fills them in (Flask test client)."""

from tests.support.pages import Page

PEOPLE = "/_mock/personas"
NEW = f"{PEOPLE}/new"


def person_url(oid: int) -> str:
    return f"{PEOPLE}/{oid}"


def filled_form(client, url: str) -> dict[str, str]:
    """The values the form at `url` would send as it stands, its CSRF token included."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    return Page(page).form(url).fields


def edit_persona(client, oid: int, **changes):
    """Open the person's page, change `changes` in its form and save it."""
    url = person_url(oid)
    fields = {**filled_form(client, url), **changes}
    return client.post(url, data={k: v for k, v in fields.items() if v is not None})


def create_persona(client, **fields):
    """Fill the «Новый пользователь» form with `fields` and send it."""
    form = filled_form(client, NEW)
    return client.post(NEW, data={"csrf_token": form["csrf_token"], **fields})


def new_person_fields(**changes) -> dict[str, str]:
    """A valid «Новый пользователь» form, with `changes` applied."""
    fields = {
        "last_name": "Орлова",
        "first_name": "Вера",
        "middle_name": "Павловна",
        "birth_date": "1988-04-12",
        "gender": "F",
        "phone": "+79161110077",
        "email": "orlova@example.ru",
        "snils": "223-344-556 39",
        "password": "Strong-Pass1!",
        "level": "confirmed",
        "state": "active",
    }
    return {**fields, **changes}


def add_certificate(client, oid: int, **changes):
    """Fill the person's «Добавить сертификат» form (fields without the `esign-` prefix)."""
    url = f"{person_url(oid)}/certificates"
    fields = {**Page(client.get(person_url(oid))).form(url).fields}
    fields.update({f"esign-{name}": value for name, value in changes.items()})
    return client.post(url, data=fields)
