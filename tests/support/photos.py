"""A phone photo of a document, made up: paper with grain, lines of text, ~4 MB of JPEG; and how
close a shrunk copy stays to a reference downscale of it (no OCR: pixels and text strokes)."""

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageStat

FONT = Path(__file__).resolve().parents[2] / "portal" / "fonts" / "DejaVuSans.ttf"
LINES = (
    "ДИПЛОМ О ВЫСШЕМ ОБРАЗОВАНИИ",
    "ВСА 0412345   рег. № 17-2009",
    "Иванова Мария Сергеевна",
    "специальность «Лечебное дело»",
    "квалификация: врач",
    "Первый МГМУ им. И. М. Сеченова",
    "30 июня 2009 года",
)


def document_photo(
    size: tuple[int, int] = (4000, 3000), grain: float = 12.0, quality: int = 88
) -> bytes:
    """A JPEG a phone would take of a paper document: about 4 MB at 4000×3000."""
    width, height = size
    paper = Image.linear_gradient("L").resize(size).point(lambda v: 170 + v // 4)
    noise = Image.effect_noise(size, grain)
    gray = ImageChops.add(paper, noise, scale=1.0, offset=-128)
    photo = Image.merge("RGB", (gray, gray, gray.point(lambda v: max(0, v - 12))))
    draw, font = ImageDraw.Draw(photo), ImageFont.truetype(str(FONT), size=height // 30)
    for number, line in enumerate(LINES):
        draw.text(
            (width // 12, height // 10 + number * height // 9), line, fill=(25, 25, 40), font=font
        )
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def gray(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("L")


def text_mask(image: Image.Image) -> Image.Image:
    return image.point(lambda v: 255 if v < 90 else 0)


def likeness(shrunk: bytes, original: bytes) -> dict[str, float]:
    """How the shrunk photo compares with Pillow's Lanczos downscale of the original to the same
    size: `psnr` of the lightly blurred images (dB) and `text` (intersection over union of the
    dark strokes, 1.0 = every stroke in the same place)."""
    copy = gray(shrunk)
    reference = gray(original).resize(copy.size, Image.Resampling.LANCZOS)
    soft = ImageFilter.BoxBlur(1)
    difference = ImageChops.difference(copy.filter(soft), reference.filter(soft))
    rms = ImageStat.Stat(difference).rms[0] or 0.01
    mine, theirs = text_mask(copy), text_mask(reference)
    both = ImageStat.Stat(ImageChops.multiply(mine, theirs)).sum[0]
    either = ImageStat.Stat(ImageChops.lighter(mine, theirs)).sum[0]
    return {"psnr": 20 * __import__("math").log10(255 / rms), "text": both / either}
