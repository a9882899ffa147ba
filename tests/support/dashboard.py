"""The trainer's dashboard as a test reads it: one dict per trainee row, by column."""

from .pages import Page, words

PATH = "/_mock/dashboard"
ROWS_ID = "dashboard-rows"
POLL = {"HX-Request": "true", "HX-Target": ROWS_ID}
COLUMNS = ("stage", "error", "documents", "applications", "seen", "cabinet")


class DashboardPage(Page):
    """The dashboard page, or its polled table body."""

    def rows(self) -> dict[str, dict[str, str]]:
        """Each trainee's cells by column testid, keyed by the trainee's name."""
        found = {}
        for row in self.soup.select("tr[data-testid=trainee]"):
            name = words(row.th.contents[0])
            cells = {c["data-testid"]: words(c.get_text(" ")) for c in row.find_all("td")}
            found[name] = cells
        return found

    def row(self, name: str) -> dict[str, str]:
        return self.rows()[name]

    @property
    def poll_url(self) -> str:
        return self.soup.find(id=ROWS_ID)["hx-get"]

    @property
    def refresh_url(self) -> str:
        return self.testid("dashboard-refresh")["href"]
