"""How the OCR candidates were compared (docs/ocr.md): number cells and label cells of the
builder's report, read from degraded page images, against the text PDF's own characters.

    python bench/ocr_candidates.py ENGINE [DPI [REPORT.pdf]]   # rapidocr3 | rapidocr14 | tesseract

REPORT.pdf is the builder's report printed by LibreOffice (tests/builder.py, seed 11, DOCX
"merged", through tests/pdf_fixtures.convert); the engines see its pages rendered at DPI,
turned by up to 0.8°, with grain and JPEG artefacts.
The engines: rapidocr3 is the product's (rapidocr, onnxruntime); rapidocr14 needs
``pip install rapidocr_onnxruntime==1.4.4`` in a separate environment (it pulls opencv-python,
which must not sit beside PySide6); tesseract needs Debian's tesseract-ocr and
tesseract-ocr-chi-sim. Run each inside ``unshare -n`` to see that nothing is downloaded.
Kept for reproducing the comparison; not part of the product or the tests.
"""
import io, random, sys, time, json, subprocess, resource
import numpy as np
from PIL import Image, ImageFilter
import pdfplumber, pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

DPI = int(sys.argv[2]) if len(sys.argv) > 2 else 150
ENGINE = sys.argv[1]
REPORT = sys.argv[3] if len(sys.argv) > 3 else "report.pdf"

def degrade(img, seed):
    rng = random.Random(seed)
    img = img.convert("L").rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, expand=False, fillcolor=255)
    a = np.asarray(img, dtype=np.float32)
    a = a + np.random.default_rng(seed).normal(0, 12, a.shape)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    buf = io.BytesIO(); img.save(buf, "JPEG", quality=55); return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")

def gt_cells(page):
    out = []
    for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        for c in t.cells:
            txt = "".join(ch["text"] for ch in page.chars if c[0] <= (ch["x0"]+ch["x1"])/2 <= c[2] and c[1] <= (ch["top"]+ch["bottom"])/2 <= c[3] and not ch["text"].isspace())
            if txt: out.append((c, txt))
    return out

def run_rapid3(img):
    global ENG
    from rapidocr import RapidOCR
    if "ENG" not in globals():
        ENG = RapidOCR(params={"Global.log_level": "critical"})
    out = ENG(np.asarray(img), return_word_box=True)
    chars = []
    for line in out.word_results or []:
        for txt, sc, box in line:
            xs = [p[0] for p in box]; ys = [p[1] for p in box]
            chars.append((txt, (min(xs), min(ys), max(xs), max(ys)), sc))
    return chars

def run_rapid14(img):
    global ENG
    from rapidocr_onnxruntime import RapidOCR
    if "ENG" not in globals():
        ENG = RapidOCR()
    res, _ = ENG(np.asarray(img), return_word_box=True)
    chars = []
    for box, txt, sc, *rest in res or []:
        words = rest[0] if rest else None
        xs = [p[0] for p in box]; ys = [p[1] for p in box]
        n = len(txt)
        # proportional split of the line box
        x0, x1 = min(xs), max(xs)
        for i, ch in enumerate(txt):
            chars.append((ch, (x0 + (x1-x0)*i/n, min(ys), x0 + (x1-x0)*(i+1)/n, max(ys)), float(sc)))
    return chars

def run_tess(img):
    import csv
    buf = io.BytesIO(); img.save(buf, "PNG")
    p = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "11", "--dpi", str(DPI), "tsv"], input=buf.getvalue(), capture_output=True)
    chars = []
    for row in list(csv.reader(io.StringIO(p.stdout.decode()), delimiter="\t"))[1:]:
        if len(row) < 12 or not row[11].strip(): continue
        l, t, w, h = map(int, row[6:10]); txt = row[11].strip(); n = len(txt)
        for i, ch in enumerate(txt):
            chars.append((ch, (l + w*i/n, t, l + w*(i+1)/n, t+h), float(row[10])/100))
    return chars

runner = {"rapidocr3": run_rapid3, "rapidocr14": run_rapid14, "tesseract": run_tess}[ENGINE]
pdf = pdfplumber.open(REPORT); doc = pdfium.PdfDocument(REPORT)
num_ok = num_n = lab_err = lab_len = lab_exact = lab_n = 0
times = []
bad = []
for i, page in enumerate(pdf.pages):
    img = degrade(doc[i].render(scale=DPI/72).to_pil(), i)
    t = time.perf_counter(); chars = runner(img); times.append(time.perf_counter() - t)
    k = DPI / 72
    for (c, txt) in gt_cells(page):
        got = "".join(ch for ch, b, s in sorted(chars, key=lambda z: (round(z[1][1]/30), z[1][0]))
                      if c[0]*k <= (b[0]+b[2])/2 <= c[2]*k and c[1]*k <= (b[1]+b[3])/2 <= c[3]*k).replace(" ", "")
        if txt.isdigit():
            num_n += 1; num_ok += got == txt
            if got != txt: bad.append((txt, got))
        else:
            lab_n += 1; lab_exact += got == txt; lab_err += Levenshtein.distance(got, txt); lab_len += len(txt)
print(json.dumps({"engine": ENGINE, "dpi": DPI, "digit_cells": num_n, "digit_exact": round(num_ok/num_n, 4),
  "label_cells": lab_n, "label_exact": round(lab_exact/lab_n, 4), "label_char_acc": round(1-lab_err/lab_len, 4),
  "s_per_page": round(sum(times[1:])/max(1,len(times)-1), 2), "first_page_s": round(times[0], 2),
  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss//1024, "bad_digits": bad[:8]}, ensure_ascii=False))
