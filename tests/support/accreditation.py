"""The «Аккредитация» page read as a doctor reads it: the procedures in their order."""

from .pages import Page


class AccreditationPage(Page):
    @property
    def procedures(self) -> list[str]:
        """The kinds of accreditation, top to bottom, as their codes."""
        sections = self.soup.select('section[data-testid^="procedure-"]')
        return [s["data-testid"].removeprefix("procedure-") for s in sections]
