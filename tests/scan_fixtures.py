"""Image-only ("scanned") versions of the builder's PDFs, made here: every page rendered with
pypdfium2 at 150-200 dpi, turned by less than a degree, with grain and JPEG artefacts (Pillow),
and wrapped again as a PDF of pictures only, without any text layer."""
from __future__ import annotations

import io
import random
from pathlib import Path

DPI = 180
SKEW = 0.8          # degrees, at most
NOISE = 10.0        # standard deviation of the grain, in grey levels
JPEG_QUALITY = 60


def degrade(image, seed: int, skew: float = SKEW, noise: float = NOISE,
            quality: int = JPEG_QUALITY):
    """A grey page image as a scanner gives it back: slightly turned, grainy, JPEG-compressed."""
    import numpy as np
    from PIL import Image

    rng = random.Random(seed)
    grey = image.convert("L")
    angle = rng.uniform(0.3, skew) * rng.choice((-1, 1))
    grey = grey.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    pixels = np.asarray(grey, dtype=np.float32)
    pixels = pixels + np.random.default_rng(seed).normal(0.0, noise, pixels.shape)
    grey = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    grey.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def page_images(pdf: Path, dpi: int = DPI, seed: int = 0) -> list:
    """The pages of ``pdf`` as degraded scans."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for k in range(len(doc)):
            page = doc[k]
            images.append(degrade(page.render(scale=dpi / 72).to_pil(), seed + k))
            page.close()
        return images
    finally:
        doc.close()


def scanned_copy(pdf: Path, out: Path, dpi: int = DPI, seed: int = 0) -> Path:
    """An image-only PDF of ``pdf``: the same pages as pictures (JPEG inside), no text."""
    images = page_images(pdf, dpi, seed)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out
