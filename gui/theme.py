"""Colours, fonts and the style sheet: large, calm, readable (at least 10.5 pt everywhere)."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

BASE_PT = 11
TITLE_PT = 16

# fonts an office PC or a Linux desktop has for Simplified Chinese, in order of preference
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei", "SimSun")

# severity: (background, text / accent)
SEVERITY_COLOURS = {
    "error": ("#FDE2E1", "#B3261E"),
    "warning": ("#FFF4CC", "#8A5A00"),
    "info": ("#E3EEFB", "#1A5FB4"),
}
BLANK_BG = "#FFD58A"          # blank value cell: amber
ABSENT_BG = "#ECEEF1"         # a cell not read at all (its row not found, its page a picture)
EDITED_BG = "#E2F3E5"         # a value the person typed
EDITED_FG = "#1E6B34"
HEADER_BG = "#EEF1F5"
CAPTION_BG = "#DDE3EA"
OK_FG = "#1E7B34"
MISSING_FG = "#B3261E"
PRIMARY = "#1A66C9"
PRIMARY_HOVER = "#1557AD"
BORDER = "#C9D1DB"
MUTED_FG = "#5B6470"
QUOTE_BG = "#FFE98A"
QUOTE_ACTIVE_BG = "#FFB84D"


def colour(name: str) -> QColor:
    return QColor(name)


def severity_bg(severity: str | None) -> QColor | None:
    return QColor(SEVERITY_COLOURS[severity][0]) if severity in SEVERITY_COLOURS else None


def severity_fg(severity: str | None) -> QColor | None:
    return QColor(SEVERITY_COLOURS[severity][1]) if severity in SEVERITY_COLOURS else None


def cjk_family() -> str | None:
    available = set(QFontDatabase.families())
    return next((f for f in CJK_FAMILIES if f in available), None)


def font(pt: float = BASE_PT, bold: bool = False) -> QFont:
    f = QApplication.font()
    f.setPointSizeF(pt)
    f.setBold(bold)
    return f


def apply(app: QApplication) -> None:
    base = QFont()
    family = cjk_family()
    if family:
        base.setFamilies([family, *[f for f in CJK_FAMILIES if f != family]])
    base.setPointSizeF(BASE_PT)
    app.setFont(base)
    app.setStyleSheet(STYLE_SHEET)


STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #FFFFFF; }}
QToolBar {{ spacing: 6px; padding: 6px 8px; border-bottom: 1px solid {BORDER}; background: #F7F9FB; }}
QToolBar QToolButton {{ padding: 6px 12px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: #E4EAF1; }}
QToolBar QToolButton:disabled {{ color: #A0A7B0; }}
QToolBar QToolButton#primary {{ background: {PRIMARY}; color: white; font-weight: bold; }}
QToolBar QToolButton#primary:hover {{ background: {PRIMARY_HOVER}; }}
QToolBar QToolButton#primary:disabled {{ background: #A9C3E6; color: #F0F4FA; }}
QPushButton {{ padding: 6px 14px; border: 1px solid {BORDER}; border-radius: 4px; background: #FFFFFF; }}
QPushButton:hover {{ background: #F0F4F8; }}
QPushButton#primary {{ background: {PRIMARY}; color: white; border: none; font-weight: bold;
                       padding: 9px 22px; }}
QPushButton#primary:hover {{ background: {PRIMARY_HOVER}; }}
QPushButton#link {{ border: none; color: {PRIMARY}; background: transparent; padding: 2px 4px;
                    text-decoration: underline; }}
QFrame#dropZone {{ border: 2px dashed #8FA6C2; border-radius: 12px; background: #F5F8FC; }}
QFrame#dropZone[active="true"] {{ border: 2px solid {PRIMARY}; background: #E6F0FB; }}
QFrame#banner {{ border-radius: 6px; padding: 4px; }}
QFrame#card {{ border: 1px solid {BORDER}; border-radius: 8px; background: #FFFFFF; }}
QLabel#muted {{ color: {MUTED_FG}; }}
QLabel#title {{ font-size: {TITLE_PT}pt; font-weight: bold; }}
QLabel#badge {{ border-radius: 10px; padding: 3px 12px; font-weight: bold; }}
QTabBar::tab {{ padding: 7px 16px; }}
QTableWidget {{ gridline-color: #9AA5B1; }}
QListWidget::item {{ padding: 5px 4px; }}
"""
