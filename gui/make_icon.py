"""Draw the application icon (resources/icons/app.png, 256 x 256): a report page with a table
on a blue tile, and a green check mark. Run once; the PNG is committed.

    python -m gui.make_icon
"""
from __future__ import annotations

import os
import sys

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

SIZE = 256


def draw(size: int = SIZE) -> QImage:
    img = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
    img.fill(Qt.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing)
    s = size / 256.0

    # tile
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#1A66C9"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 48 * s, 48 * s)

    # page with a folded corner
    page = QPainterPath()
    x0, y0, x1, y1, fold = 58 * s, 34 * s, 186 * s, 212 * s, 34 * s
    page.moveTo(x0, y0)
    page.lineTo(x1 - fold, y0)
    page.lineTo(x1, y0 + fold)
    page.lineTo(x1, y1)
    page.lineTo(x0, y1)
    page.closeSubpath()
    p.setBrush(QColor("#FFFFFF"))
    p.drawPath(page)
    corner = QPainterPath()
    corner.moveTo(x1 - fold, y0)
    corner.lineTo(x1 - fold, y0 + fold)
    corner.lineTo(x1, y0 + fold)
    corner.closeSubpath()
    p.setBrush(QColor("#C7D7EE"))
    p.drawPath(corner)

    # title bar and a small table
    p.setBrush(QColor("#1A66C9"))
    p.drawRoundedRect(QRectF(76 * s, 58 * s, 66 * s, 12 * s), 4 * s, 4 * s)
    pen = QPen(QColor("#8AA4C8"), 5 * s)
    p.setPen(pen)
    p.setBrush(Qt.NoBrush)
    tx0, ty0, tx1, ty1 = 76 * s, 88 * s, 168 * s, 184 * s
    p.drawRect(QRectF(tx0, ty0, tx1 - tx0, ty1 - ty0))
    for k in (1, 2, 3):
        y = ty0 + (ty1 - ty0) * k / 4
        p.drawLine(QPointF(tx0, y), QPointF(tx1, y))
    p.drawLine(QPointF(tx0 + 34 * s, ty0), QPointF(tx0 + 34 * s, ty1))
    # one cell marked red: the error the program finds
    p.setPen(Qt.NoPen)
    p.setBrush(QColor("#E5533D"))
    p.drawRect(QRectF(tx0 + 37 * s, ty0 + (ty1 - ty0) / 4 + 3 * s, tx1 - tx0 - 40 * s,
                      (ty1 - ty0) / 4 - 6 * s))

    # check mark badge
    p.setBrush(QColor("#22A559"))
    p.setPen(QPen(QColor("#FFFFFF"), 8 * s))
    p.drawEllipse(QPointF(178 * s, 182 * s), 46 * s, 46 * s)
    check = QPen(QColor("#FFFFFF"), 13 * s, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
    p.setPen(check)
    path = QPainterPath()
    path.moveTo(156 * s, 183 * s)
    path.lineTo(172 * s, 199 * s)
    path.lineTo(202 * s, 166 * s)
    p.setBrush(Qt.NoBrush)
    p.drawPath(path)
    p.end()
    return img


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "resources", "icons", "app.png")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if not draw().save(out):
        print(f"cannot write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
