"""A login's sequence diagram as a trainer reads it: its steps in order, which failed, and the
SVG's accessible name and description. Reads the inline SVG of a console page or an SVG file."""

from bs4 import BeautifulSoup, Tag

from .pages import html_of, words


class SequenceDiagram:
    def __init__(self, source):
        soup = BeautifulSoup(html_of(source), "html.parser")
        svg = soup.find("svg", attrs={"data-testid": "sequence-diagram"})
        assert svg is not None, "no sequence diagram here"
        self.svg: Tag = svg

    @property
    def steps(self) -> list[str]:
        """Each arrow's text: its numbered label, key parameter and, when refused, why."""
        return [words(g.get_text(" ")) for g in self.step_tags]

    @property
    def step_tags(self) -> list[Tag]:
        return self.svg.find_all("g", attrs={"data-testid": "sequence-step"})

    @property
    def failed(self) -> list[str]:
        return [words(g.get_text(" ")) for g in self.step_tags if g.get("data-failed")]

    @property
    def dashed(self) -> list[str]:
        """Steps drawn dashed: the site's own, inferred from the protocol."""
        return [
            words(g.get_text(" "))
            for g in self.step_tags
            if g.find("line", attrs={"stroke-dasharray": True})
        ]

    @property
    def accessible_name(self) -> str:
        labelled = self.svg.get("aria-labelledby", "").split()
        parts = [self.svg.find(attrs={"id": part}) for part in labelled]
        return " ".join(words(part.get_text()) for part in parts if part is not None)

    @property
    def lanes(self) -> list[str]:
        return [words(t.get_text()) for t in self.svg.find_all("text", attrs={"font-size": "17"})]
