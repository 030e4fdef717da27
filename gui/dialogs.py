"""The help page (every rule, generated from ``rule_catalogue()``) and the about box."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
)

from core.api import VERSION, resource_path, rule_catalogue
from gui import strings, theme

FAMILY_ORDER = ("structure", "tables", "arithmetic", "narrative", "metadata", "crossyear", "prose")


def _paragraphs(text: str) -> list[str]:
    """Docstring explanations wrap lines mid-sentence; Chinese needs no space where they join."""
    return [p.replace("\n", "") for p in text.strip().split("\n\n") if p.strip()]


def help_html() -> str:
    rules = rule_catalogue()
    families: dict[str, list[dict]] = {}
    for r in rules:
        families.setdefault(r["family"], []).append(r)
    order = [f for f in FAMILY_ORDER if f in families] + \
        [f for f in families if f not in FAMILY_ORDER]
    out = [f"<p>{html.escape(strings.HELP_INTRO)}</p>",
           f"<p style='color:{theme.MUTED_FG}'>{html.escape(strings.HELP_USAGE)}</p>",
           f"<p><b>{html.escape(strings.HELP_COUNT.format(n=len(rules)))}</b></p>"]
    for family in order:
        out.append(f"<h3>{html.escape(strings.FAMILY.get(family, strings.FAMILY_OTHER))}</h3>")
        for r in families[family]:
            bg, fg = theme.SEVERITY_COLOURS.get(r["severity"], ("#EEE", "#333"))
            sev = html.escape(strings.SEVERITY.get(r["severity"], r["severity"]))
            out.append(
                "<table width='100%' cellspacing='0' cellpadding='4' style='margin-bottom:8px'>"
                f"<tr><td width='56' style='background:{bg};color:{fg};font-weight:bold'"
                f" align='center'>{sev}</td>"
                f"<td><b>{html.escape(r['title'])}</b>"
                f" <span style='color:{theme.MUTED_FG}'>{html.escape(r['id'])}</span></td></tr>"
                "<tr><td></td><td>"
                + "".join(f"<p style='margin:2px 0'>{html.escape(p)}</p>"
                          for p in _paragraphs(r["explanation"]))
                + "</td></tr></table>")
    return "".join(out)


class HelpDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(strings.HELP_TITLE)
        self.resize(900, 760)
        box = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDefaultFont(theme.font(theme.BASE_PT))
        self.browser.setHtml(help_html())
        box.addWidget(self.browser)
        buttons = QDialogButtonBox()
        buttons.addButton(strings.CLOSE, QDialogButtonBox.AcceptRole)
        buttons.accepted.connect(self.accept)
        box.addWidget(buttons)


DEVELOPER_NOTE = "gen_licenses"      # the paragraph that tells developers how the file is made


def for_readers(text: str) -> str:
    """The licences file without its note to developers (how it is generated)."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(p for p in paragraphs if DEVELOPER_NOTE not in p)


def third_party_text() -> str:
    try:
        return for_readers(resource_path("licenses", "THIRD_PARTY.txt").read_text(encoding="utf-8"))
    except OSError:
        return strings.ABOUT_LICENSES_MISSING


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(strings.ABOUT_TITLE)
        self.resize(720, 620)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 16)
        box.setSpacing(8)
        name = QLabel(strings.APP_NAME)
        name.setObjectName("title")
        version = QLabel(strings.ABOUT_VERSION.format(version=VERSION))
        purpose = QLabel(strings.ABOUT_PURPOSE)
        purpose.setWordWrap(True)
        offline = QLabel(strings.ABOUT_OFFLINE)
        offline.setStyleSheet(f"color:{theme.OK_FG};font-weight:bold;")
        for w in (name, version, purpose, offline):
            box.addWidget(w)
        box.addSpacing(8)
        lic = QLabel(strings.ABOUT_LICENSES)
        lic.setFont(theme.font(theme.BASE_PT, bold=True))
        box.addWidget(lic)
        self.licenses = QPlainTextEdit(third_party_text())
        self.licenses.setReadOnly(True)
        self.licenses.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        box.addWidget(self.licenses, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(strings.CLOSE, QDialogButtonBox.AcceptRole)
        buttons.accepted.connect(self.accept)
        box.addWidget(buttons, 0, Qt.AlignRight)
