"""The application journey with a 4 MB phone photo of the passport on 3G (400 kbps, 2 s RTT, CDP
emulation), cold cache: the photo shrunk in the browser (site.js) against the same journey in a
browser that sends the original (no constructible DataTransfer, as before the script shrank).
Part of the journeys section; run alone: .venv/bin/python -m bench.photo_journey
"""

from pathlib import Path

from tests.support.photos import document_photo

from . import journeys
from .table import Row

PROFILE = "3G"
TIMEOUT_MS = 300_000


def run(browser, stand, photo: Path, shrink: bool) -> tuple[float, int]:
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(TIMEOUT_MS)
    if not shrink:
        context.add_init_script("delete window.DataTransfer;")
    page = context.new_page()
    meter = journeys.Meter(page)
    journeys.log_in(page, stand)
    profile = journeys.PROFILES[PROFILE]
    result = journeys.timed(meter, profile, lambda: journeys.file_application(page, stand, photo))
    journeys.cancel_last(page)
    context.close()
    return result


def rows(browser, stand, folder: Path) -> list[Row]:
    photo = folder / "Паспорт.jpg"
    photo.write_bytes(document_photo())
    size = photo.stat().st_size / 1024 / 1024
    before = run(browser, stand, photo, shrink=False)
    after = run(browser, stand, photo, shrink=True)
    what = f"application + {size:.1f} MB photo, {PROFILE}, cold"
    base = "the original sent, same run"
    return [
        Row("journey", f"{what}: time", after[0], "s", base, before[0]),
        Row("journey", f"{what}: received", after[1] / 1024, "KB", base, before[1] / 1024),
    ]


if __name__ == "__main__":
    import tempfile

    from .table import render

    print(render(journeys.main(only=rows, folder=Path(tempfile.mkdtemp(prefix="bench-photo-")))))
