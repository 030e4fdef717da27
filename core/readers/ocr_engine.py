"""The OCR engine: RapidOCR on onnxruntime with the PP-OCR models that ship inside its wheel.

Nothing is ever downloaded: the model files are given to RapidOCR by their path inside the
installed package (or inside the executable), and when one is missing OCR is simply not
available (``available()`` is False and scanned files are refused as before). One engine per
process, made on first use, shared by threads under a lock (onnxruntime sessions are not
re-entrant for our purposes and two concurrent recognitions would only fight for the cores).
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import types
from dataclasses import dataclass
from pathlib import Path

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"

DET_SIDE = 1280
# A line is recognized at 48 px high, padded on the right to at least this width. RapidOCR's
# default (320, PaddleOCR's training width) pads a one-digit table cell to six times its own
# width; the recognizer reads it the same on a narrower pad (measured on the five test pages: the
# same characters, word boxes within a few pixels) in less time (recognition 1.2 s a page instead
# of 1.9 s, the second look 0.4 s instead of 0.8 s, 2 threads; docs/ocr.md).
REC_MIN_WIDTH = 144
THREADS_ENV = "NIANBAO_OCR_THREADS"     # the cores OCR may use (default: all, at most 4)

_lock = threading.Lock()
_engine = None
_failed = False


@dataclass(frozen=True)
class OcrWord:
    """One recognized character (Chinese) or word (a run of digits or Latin letters), with its
    box in the image's pixels (x0, top, x1, bottom) and the recognizer's confidence (0..1)."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float


def _models_dir() -> Path | None:
    try:
        import rapidocr
    except Exception:       # not installed (the default executable leaves it out)
        return None
    folder = Path(rapidocr.__file__).resolve().parent / "models"
    if all((folder / name).is_file() for name in (DET_MODEL, REC_MODEL)):
        return folder
    return None


def available() -> bool:
    """Whether OCR can run here: the engine is installed with its bundled models."""
    return not _failed and _models_dir() is not None


def _threads() -> int:
    try:
        wanted = int(os.environ.get(THREADS_ENV, "0"))
    except ValueError:
        wanted = 0
    return wanted if wanted > 0 else max(1, min(4, os.cpu_count() or 1))


class _NoDownload(Exception):
    """RapidOCR tried to download a file: never allowed (the models ship with the program)."""


def _guard_network() -> None:
    """RapidOCR imports ``requests`` only to download missing models. Give it a stand-in whose
    every request fails, so it can never download, and no HTTP stack is loaded (urllib3 probes
    the network stack when imported)."""
    if "requests" in sys.modules:
        return
    stub = types.ModuleType("requests")
    stub.RequestException = _NoDownload
    stub.Response = type("Response", (), {})

    def refuse(*_args, **_kwargs):
        raise _NoDownload("OCR models are never downloaded")
    stub.get = stub.post = stub.head = stub.request = refuse
    sys.modules["requests"] = stub


def _make():
    _guard_network()
    from rapidocr import RapidOCR

    folder = _models_dir()
    if folder is None:
        raise RuntimeError("OCR models not found")
    for name in ("RapidOCR", "rapidocr"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    engine = RapidOCR(params={
        "Global.log_level": "critical",
        "Global.use_cls": False,            # pages are upright; skew is removed before
        "Det.model_path": str(folder / DET_MODEL),
        "Rec.model_path": str(folder / REC_MODEL),
        "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
        "Cls.model_path": str(folder / CLS_MODEL),
        # the page is searched for text at up to 1280 px on its long side (an A4 page at about
        # 110 dpi): as accurate on report tables as the full image, at about half the time
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_SIDE,
        "EngineConfig.onnxruntime.intra_op_num_threads": _threads(),
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })
    # RapidOCR loads each model on its first use; both are loaded now, so that the engine's
    # making is the whole load time and the second look always finds the recognizer
    for load in ("_load_det_model", "_load_rec_model"):
        if callable(getattr(engine, load, None)):
            getattr(engine, load)()
    return engine


def recognize(image, second_look: bool = True, regions=None) -> list[OcrWord]:
    """The words of an RGB or grey PIL image, in no particular order.

    ``second_look``: every word with a digit is read a second time, alone, from a slightly
    larger crop. A digit that reads differently the second time is doubtful whatever the first
    confidence was (a half-erased 28 may read as 23 with 0.999): its confidence becomes half of
    the lower of the two; otherwise the lower of the two is kept.

    ``regions``: boxes (x0, top, x1, bottom, in the image's pixels) where a doubtful digit
    matters (the page's tables, whose cells carry a confidence); only the digits whose centre is
    inside one are read twice. None: every digit of the image."""
    import numpy as np

    global _engine, _failed
    rgb = image.convert("RGB")
    with _lock:
        if _engine is None:
            try:
                _engine = _make()
            except Exception:
                _failed = True
                raise
        out = _engine(np.asarray(rgb), return_word_box=True)
        words = _words(out)
        if second_look:
            words = _second_look(rgb, words, regions)
    return words


def _words(out) -> list[OcrWord]:
    txts = list(getattr(out, "txts", None) or ())
    if not txts:
        return []           # no text found: the result holds placeholders
    boxes = list(getattr(out, "boxes", None) if getattr(out, "boxes", None) is not None else ())
    scores = list(getattr(out, "scores", None) or ())
    words: list[OcrWord] = []
    for i, line in enumerate(getattr(out, "word_results", None) or ()):
        found = []
        try:
            for text, score, quad in line:
                found.append(_word(text, score, quad))
        except (TypeError, ValueError):
            found = []      # no word boxes for this line: the line is one word
        if not found and i < min(len(txts), len(boxes), len(scores)):
            found = [_word(txts[i], scores[i], boxes[i])]
        words += [w for w in found if w is not None]
    return words


def _word(text, score, quad) -> OcrWord | None:
    text = (text or "").strip()
    if not text:
        return None
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return OcrWord(text, (min(xs), min(ys), max(xs), max(ys)), float(score))


SECOND_MARGIN = 0.15        # the second crop: the word's box grown by this share of its height


def _inside(box, regions) -> bool:
    if regions is None:
        return True
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in regions)


def _second_look(rgb, words: list[OcrWord], regions=None) -> list[OcrWord]:
    import numpy as np
    from rapidocr.ch_ppocr_rec import TextRecInput

    rec = getattr(_engine, "text_rec", None)
    picked = [k for k, w in enumerate(words)
              if any(ch.isdigit() for ch in w.text) and _inside(w.box, regions)]
    if rec is None or not callable(rec) or not picked:
        return words
    crops = []
    for k in picked:
        x0, top, x1, bottom = words[k].box
        m = SECOND_MARGIN * (bottom - top)
        box = (max(0, int(x0 - m)), max(0, int(top - m)), min(rgb.width, int(x1 + m + 1)),
               min(rgb.height, int(bottom + m + 1)))
        crops.append(np.asarray(rgb.crop(box)))
    try:
        again = rec(TextRecInput(img=crops))
        texts, scores = list(again.txts or ()), list(again.scores or ())
    except Exception:
        return words
    if len(texts) != len(picked) or len(scores) != len(picked):
        return words
    out = list(words)
    for k, text, score in zip(picked, texts, scores):
        w = words[k]
        low = min(w.confidence, float(score))
        same = (text or "").replace(" ", "") == w.text.replace(" ", "")
        out[k] = OcrWord(w.text, w.box, low if same else low / 2)
    return out
