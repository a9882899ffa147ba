"""One row of the suite's table: a measurement, the baseline measured in the same run, a target."""

from dataclasses import dataclass


@dataclass
class Row:
    section: str
    what: str
    value: float
    unit: str
    baseline: str
    base_value: float
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float:
        return self.value / self.base_value if self.base_value else float("nan")


def fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value < 10 else f"{value:.1f}"


def render(rows: list[Row]) -> str:
    head = ("section", "measurement", "value", "baseline (same run)", "ratio", "target", "")
    lines = [
        (
            r.section,
            r.what,
            f"{fmt(r.value)} {r.unit}",
            f"{r.baseline} = {fmt(r.base_value)} {r.unit}",
            f"{r.ratio:.2f}x",
            r.target,
            {True: "ok", False: "MISS", None: ""}[r.ok],
        )
        for r in rows
    ]
    widths = [max(len(str(c)) for c in col) for col in zip(head, *lines, strict=True)]
    out = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"]
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        for line in lines
    ]
    return "\n".join(out)
