"""Where each part of a sequence diagram goes, in the SVG's own units (its viewBox).

Sizes are chosen for a projector and for a phone: the SVG scales to its container and a phone
scrolls it sideways inside its own box, so the text never shrinks below legible.
"""

from dataclasses import dataclass

from idp_mock.tester.sequence import LANES, Arrow, Diagram, diagram

WIDTH = 760
LANE_X = (120, 380, 640)
HEADER = 64
LINE = 17
WHY_CHARS = 58
WHY_LINES = 3
LEGEND = 76
LOOP = 26
COLOURS = {"front": "#0d4cd3", "back": "#5b2c9f", "failed": "#b3261e"}
TEXT = "#0b1f33"
MUTED = "#4f5b67"
LEGEND_ITEMS = (
    ("front", False, "через браузер (перенаправление, форма)"),
    ("back", False, "прямой вызов сайта (back-channel)"),
    ("front", True, "шаг сайта, восстановлен по протоколу"),
    ("failed", False, "✕ шаг не пройден"),
)


def wrapped(text: str, width: int = WHY_CHARS, most: int = WHY_LINES) -> list[str]:
    """`text` in lines of at most `width` characters, at most `most` lines (the last cut)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word[:width])
    if len(lines) > most:
        lines = lines[: most - 1] + [lines[most - 1][: width - 1] + "…"]
    return lines


@dataclass
class Placed:
    """One arrow with its number and coordinates."""

    number: int
    arrow: Arrow
    top: int

    @property
    def colour(self) -> str:
        return COLOURS[self.arrow.kind]

    @property
    def x1(self) -> int:
        return LANE_X[self.arrow.source]

    @property
    def x2(self) -> int:
        return LANE_X[self.arrow.target]

    @property
    def is_note(self) -> bool:
        return self.arrow.source == self.arrow.target

    @property
    def text_x(self) -> int:
        return self.x1 - 12 if self.is_note else (self.x1 + self.x2) // 2

    @property
    def anchor(self) -> str:
        return "end" if self.is_note else "middle"

    @property
    def title(self) -> str:
        mark = "" if self.arrow.ok else "✕ "
        return f"{self.number}. {mark}{self.arrow.label}"

    @property
    def label_y(self) -> int:
        return self.top + 15

    @property
    def detail_y(self) -> int:
        return self.label_y + LINE

    @property
    def y(self) -> int:
        """Where the arrow's line runs (a note's loop starts)."""
        return self.label_y + (LINE if self.arrow.detail else 0) + 11

    @property
    def loop(self) -> str:
        """A note's path: out to the right of its lane and back."""
        return f"M{self.x1} {self.y} h{LOOP} v14 h-{LOOP - 4}"

    @property
    def why_lines(self) -> list[tuple[str, int]]:
        below = self.y + (14 if self.is_note else 0) + LINE + 2
        return [(line, below + n * LINE) for n, line in enumerate(wrapped(self.arrow.why))]

    @property
    def bottom(self) -> int:
        last = self.why_lines[-1][1] if self.why_lines else self.y + (14 if self.is_note else 0)
        return last + 14


@dataclass
class Layout:
    rows: list[Placed]
    height: int
    summary: str
    lanes: list[tuple[int, str, str]]
    legend: list[tuple[int, int, str, bool, str]]

    @property
    def lifeline_end(self) -> int:
        return self.height - LEGEND

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def has_failure(self) -> bool:
        return any(not row.arrow.ok for row in self.rows)

    @property
    def colours(self) -> dict[str, str]:
        return COLOURS


def legend_at(top: int) -> list[tuple[int, int, str, bool, str]]:
    """(x, y, colour, dashed, text) of each legend entry, two to a row."""
    return [
        (20 + (n % 2) * (WIDTH // 2), top + 24 + (n // 2) * 24, COLOURS[kind], dashed, text)
        for n, (kind, dashed, text) in enumerate(LEGEND_ITEMS)
    ]


def drawn(events, protocol: str) -> Layout:
    """The laid-out sequence diagram of a login's timeline `events`."""
    return laid_out(diagram(events, protocol))


def laid_out(diagram: Diagram) -> Layout:
    """The diagram placed row under row below the lane headers, the legend at the foot."""
    rows, top = [], HEADER + 8
    for number, arrow in enumerate(diagram.arrows, 1):
        rows.append(Placed(number, arrow, top))
        top = rows[-1].bottom
    top = max(top, HEADER + 48)
    lanes = [(x, name, role) for x, (name, role) in zip(LANE_X, LANES, strict=True)]
    return Layout(rows, top + LEGEND, diagram.summary(), lanes, legend_at(top))
