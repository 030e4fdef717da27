"""年报校对助手 — one entry point: with a subcommand it runs headless, without one the GUI starts."""
from __future__ import annotations

import sys

COMMANDS = {"check", "fix", "template", "batch", "rules", "--version", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        from core.cli import run

        return run(argv)
    try:
        from gui.app import run_gui
    except ImportError as exc:       # a build without the GUI, or PySide6 missing
        print(f"无法启动图形界面（{exc}）。可使用命令行：python main.py check 报告.docx", file=sys.stderr)
        return 2
    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())
