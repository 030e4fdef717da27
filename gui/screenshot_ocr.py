"""Render docs/screenshots/ocr.png: a scanned report with the page image beside the table.

    xvfb-run -a -s "-screen 0 1600x1000x24" python -m gui.screenshot_ocr scan.pdf

``scan.pdf`` is an image-only PDF (bench/bench_ocr.py --smudged makes one: the builder's report
scanned, with one digit wiped half away so that the OCR is unsure of it). The shot selects the
finding of a doubtful digit when there is one, else the first finding in table 3.
"""
from __future__ import annotations

import sys
from pathlib import Path

from gui.screenshots import OUT, SIZE, _isolate, _settle, _wait_checked

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        raise SystemExit(__doc__)
    _isolate()
    from gui.app import create_window, make_app

    app = make_app()
    window = create_window()
    window.resize(*SIZE)
    window.show()
    _settle(app)
    window.open_path(argv[0])
    _wait_checked(app, window, timeout_ms=900_000)
    page = window.report
    s = window.session
    pick = next((i for i, f in enumerate(s.findings) if f.rule == "OCR-DOUBT"),
                next((i for i, f in enumerate(s.findings) if f.location.table == "t3"), None))
    if pick is not None:
        table = s.findings[pick].location.table
        if table in page.table_tabs:
            page.tabs.setCurrentWidget(page.table_tabs[table])
        _settle(app)
        page.findings.select(pick)
        page.show_finding(pick)
    window.banner.hide()
    _settle(app, 800)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "ocr.png"
    window.grab().save(str(path))
    print(path, "shown:", page.page_image.shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
