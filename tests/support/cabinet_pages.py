"""Cabinet pages read as a person reads them: help and its feedback form, Мои документы, a
document's page with its journal, a reviewer's case, and the e-mails the cabinet sent."""

from .pages import Page, words


class HelpPage(Page):
    @property
    def channels(self) -> list[str]:
        return self.texts_of("help-channel")

    @property
    def to_prepare(self) -> list[str]:
        return [words(li.get_text()) for li in self.testid("prepare-list").find_all("li")]

    @property
    def feedback(self) -> dict[str, str]:
        """The feedback form's fields as they stand (pre-filled or as typed)."""
        return self.form("/help/feedback").fields


class MyDocuments(Page):
    def row(self, code: str) -> str:
        return self.text_of(f"doc-row-{code}")


class DocumentPage(Page):
    @property
    def journal(self) -> list[str]:
        return self.texts_of("journal-entry")


class CasePage(Page):
    @property
    def status(self) -> str:
        return self.text_of("case-status")

    @property
    def documents(self) -> str:
        return self.text_of("case-documents")


def send_feedback(web, **fields):
    """Post the help page's feedback form with what it holds, `fields` typed over it."""
    page = HelpPage(web.get("/help"))
    return web.post("/help/feedback", data={**page.feedback, **fields})


def delete_draft(web, application_id: int):
    """Confirm the deletion of a draft from its «Are you sure?» page."""
    url = f"/cabinet/applications/{application_id}/delete"
    token = Page(web.get("/cabinet/applications/")).csrf_token
    return web.post(url, data={"csrf_token": token})


def emails_to(web, address: str) -> list[dict]:
    """The cabinet's outbox for `address`, newest first, through its tester API."""
    return web.get("/_mock/api/emails", query_string={"to": address}).get_json()
