"""What a doctor may upload: PDF, JPG or PNG up to the configured size, decided by content and by
parsing. The parse runs in a child process within a time, memory and decompression budget, so no
hostile file can exhaust the cabinet (ASVS 5.0 5.2.3)."""

import io
import multiprocessing
import os
import resource
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image, PngImagePlugin, UnidentifiedImageError
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PdfReadError

MEGABYTE = 1024 * 1024
MIN_SIDE, MAX_SIDE, MAX_PIXELS = 50, 10000, 20_000_000
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


SAVE_AGAIN = "Файл слишком сложно устроен: сохраните его заново как {} и загрузите ещё раз"
TOO_COMPLEX = {
    "application/pdf": SAVE_AGAIN.format("PDF"),
    "image/png": SAVE_AGAIN.format("PNG или JPG"),
    "image/jpeg": SAVE_AGAIN.format("JPG"),
}
# A forked child has the parsers loaded and shares the file's pages until it writes to them.
CHILDREN = multiprocessing.get_context("fork")


@dataclass(frozen=True)
class Budget:
    """What checking one file may cost: wall-clock seconds, memory, bytes inflated from a stream."""

    seconds: float = 5.0
    memory: int = 256 * MEGABYTE
    inflated: int = 16 * MEGABYTE


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


def pdf_limits(inflated: int) -> dict[str, int]:
    """pypdf's own limits, lowered so that no stream it reads inflates past `inflated` bytes."""
    names = (
        "maximum_declared_stream_length",
        "array_based_stream_maximum_output_length",
        "jbig2_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "zlib_maximum_output_length",
        "brotli_maximum_output_length",
        "image_maximum_buffer_size",
    )
    return dict.fromkeys(names, inflated) | {"stream_decoding_work_maximum_length": 4 * inflated}


def check_pdf(stream: io.BytesIO, inflated: int = Budget.inflated) -> None:
    try:
        with warnings.catch_warnings(), apply_configuration(**pdf_limits(inflated)):
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
    except (LimitReachedError, RecursionError, MemoryError) as error:
        raise Refused(TOO_COMPLEX["application/pdf"]) from error
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


def limit_memory(budget: int) -> None:
    """Let this process grow by at most `budget` bytes of address space."""
    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    limit = size + budget if hard == resource.RLIM_INFINITY else min(hard, size + budget)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def check_here(stream: io.BytesIO, content_type: str, budget: Budget) -> None:
    if content_type == "application/pdf":
        check_pdf(stream, budget.inflated)
        return
    PngImagePlugin.MAX_TEXT_MEMORY = budget.inflated
    try:
        check_image(stream)
    except MemoryError as error:
        raise Refused(TOO_COMPLEX[content_type]) from error


def check_in_child(sender, stream: io.BytesIO, content_type: str, budget: Budget) -> None:
    """The child's side: check within the memory budget and send back the refusal, if any."""
    limit_memory(budget.memory)
    try:
        check_here(stream, content_type, budget)
        sender.send(None)
    except Refused as refusal:
        sender.send(str(refusal))
    sender.close()


def check_within(stream: io.BytesIO, content_type: str, budget: Budget) -> None:
    """Check the file in a child process; one that overruns the budget is refused."""
    receiver, sender = CHILDREN.Pipe(duplex=False)
    args = (sender, stream, content_type, budget)
    child = CHILDREN.Process(target=check_in_child, args=args, daemon=True)
    child.start()
    sender.close()
    try:
        reason = receiver.recv() if receiver.poll(budget.seconds) else TOO_COMPLEX[content_type]
    except EOFError:  # the child died: out of memory, or a crash in a decoder
        reason = TOO_COMPLEX[content_type]
    finally:
        receiver.close()
        child.join(0.5)
        if child.is_alive():
            child.kill()
            child.join()
    if reason:
        raise Refused(reason)


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


def accept(
    stream: io.BytesIO, filename: str, max_bytes: int, budget: Budget = Budget()
) -> Accepted:
    """Check an uploaded file within `budget`; raise Refused with the reason."""
    data = stream.getbuffer()
    if not data.nbytes:
        raise Refused("Файл пустой. Выберите другой файл")
    if data.nbytes > max_bytes:
        raise Refused(too_large(max_bytes))
    content_type = sniff(data)
    size = data.nbytes
    data.release()
    check_within(stream, content_type, budget)
    return Accepted(content_type, display_name(filename, content_type), size)
