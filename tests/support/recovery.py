"""A person at the simulator's password recovery pages, driven through the Flask test client."""

from .drivers import latest_code
from .pages import Page

NEW_PASSWORD = "Novyj-Parol-2026"


class Recovering:
    """A person at the recovery pages, driven through the Flask test client."""

    def __init__(self, client):
        self.client = client

    def post(self, path: str, **fields):
        page = self.client.get(path)
        if page.status_code != 200:
            return page
        return self.client.post(path, data={"csrf_token": Page(page).csrf_token, **fields})

    def start(self, login: str):
        return self.post("/recovery", login=login)

    def code(self, code: str):
        return self.post("/recovery/code", code=code)

    def document(self, value: str):
        return self.post("/recovery/document", document=value)

    def password(self, password: str = NEW_PASSWORD, confirm: str | None = None):
        return self.post("/recovery/password", password=password, confirm=confirm or password)

    def up_to_password(self, login: str, to: str, document: str | None = None):
        assert self.start(login).status_code == 303
        assert self.code(latest_code(self.client, to)).status_code == 303
        if document:
            assert self.document(document).status_code == 303
