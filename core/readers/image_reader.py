"""Image files (PNG, JPEG, TIFF): each image, each TIFF page, is one page read by OCR and laid
out by the PDF path. Its own module so that the OCR of a page (core.readers.ocr) and the PDF
reader, which uses it for scanned pages, do not import each other."""
from __future__ import annotations

from core import messages
from core.model import NO_HOOKS, Document, ReadHooks, Refusal
from core.readers.ocr import _frames, annotate, available, read_image_page
from core.readers.pdf_reader import DEFAULT_SETTINGS, build_blocks, remove_furniture


def read_image(path: str, data: bytes, hooks: ReadHooks = NO_HOOKS) -> Document:
    """A PNG, JPEG or TIFF file: each image (each TIFF page) is one page read by OCR."""
    if not available():
        raise Refusal("unsupported", messages.REFUSE_UNSUPPORTED.format(
            detail=messages.UNSUPPORTED_IMAGE_NO_OCR))
    frames = _frames(data)
    hooks.step(0, len(frames))
    contents, pages = [], []
    for number, (img, dpi) in enumerate(frames, start=1):
        width, height = img.width * 72 / dpi, img.height * 72 / dpi
        content, page = read_image_page(img, number, width, height, DEFAULT_SETTINGS)
        contents.append(content)
        pages.append(page)
        hooks.step(number, len(frames))
    if not any(c.items for c in contents):
        raise Refusal("scanned", messages.OCR_NO_TEXT)
    remove_furniture(contents, DEFAULT_SETTINGS)
    doc = Document(path=path, kind="image")
    doc.blocks = build_blocks(contents, DEFAULT_SETTINGS)
    annotate(doc, pages)
    doc.ocr_pages = [p.number for p in pages]
    doc.notes.append(messages.ocr_pages_note(list(range(1, len(frames) + 1))))
    return doc
