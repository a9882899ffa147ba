"""What a doctor may upload: PDF, JPG or PNG up to the configured size, decided by content and by
parsing."""

import io
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MEGABYTE = 1024 * 1024
MIN_SIDE, MAX_SIDE, MAX_PIXELS = 50, 10000, 20_000_000
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


class Refused(Exception):
    """Why the file cannot be accepted, as an instruction in Russian."""


@dataclass(frozen=True)
class Accepted:
    content_type: str
    filename: str
    size: int


def sniff(data: memoryview) -> str:
    head = bytes(data[:16])
    for magic, content_type in SIGNATURES.items():
        if head.startswith(magic):
            return content_type
    raise Refused("Загрузите файл в формате PDF, JPG или PNG")


def check_pdf(stream: io.BytesIO) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stream.seek(0)
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted:
                raise Refused("Файл защищён паролем. Сохраните его без пароля и загрузите снова")
            if len(reader.pages) < 1:
                raise Refused("В файле PDF нет страниц")
            reader.pages[0].mediabox  # noqa: B018 - the first page must parse
    except Refused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise Refused(
            "Файл повреждён и не открывается. Сохраните его заново и загрузите"
        ) from error


def check_image(stream: io.BytesIO) -> None:
    try:
        stream.seek(0)
        with Image.open(stream) as image:
            width, height = image.size
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise Refused("Изображение слишком большое: не больше 10 000 точек по стороне")
            if min(width, height) < MIN_SIDE:
                raise Refused("Изображение слишком маленькое: текст на нём не прочитать")
            image.verify()
        stream.seek(0)
        with Image.open(stream) as image:
            # A JPEG decodes at 1/8 scale: enough to prove it decodes, at a fraction of memory.
            image.draft("RGB", (max(1, image.size[0] // 8), max(1, image.size[1] // 8)))
            image.load()
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise Refused("Изображение слишком большое: не больше 10 000 точек по стороне") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise Refused(
            "Файл повреждён и не открывается. Сохраните его заново и загрузите"
        ) from error


def display_name(filename: str, content_type: str) -> str:
    """A safe name to show and offer on download: no path, no control characters."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    # Markup and the characters Windows refuses in file names never reach a download's name.
    base = base.translate(str.maketrans('<>:"|?*', "_______"))
    stem = base.rsplit(".", 1)[0].strip(" .")[:100] or "документ"
    return f"{stem}.{EXTENSIONS[content_type]}"


def megabytes(size: int) -> str:
    """A size as a person reads it: «5 МБ», «2,5 МБ»."""
    value = round(size / MEGABYTE, 1)
    number = f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")
    return f"{number} МБ"


def too_large(max_bytes: int) -> str:
    return f"Файл должен быть меньше {megabytes(max_bytes)}"


def accept(stream: io.BytesIO, filename: str, max_bytes: int) -> Accepted:
    """Check an uploaded file in place (no copy of it is made); raise Refused with the reason."""
    data = stream.getbuffer()
    if not data.nbytes:
        raise Refused("Файл пустой. Выберите другой файл")
    if data.nbytes > max_bytes:
        raise Refused(too_large(max_bytes))
    content_type = sniff(data)
    size = data.nbytes
    data.release()
    if content_type == "application/pdf":
        check_pdf(stream)
    else:
        check_image(stream)
    return Accepted(content_type, display_name(filename, content_type), size)
