"""Headless commands: check, fix, template, batch. Text for people, JSON for scripts.

Exit status: 0 no 错误 in any file; 1 some file has a 错误; 3 some file could not be read;
2 usage.
"""
from __future__ import annotations

import argparse
import json
import sys

from core import api
from core.api import SEVERITY_ZH, CheckOptions, CheckResult
from core.resources import resource_path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
SAMPLE = ("samples", "示例报告.docx")


class ChineseParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from core.version import VERSION

    p = ChineseParser(prog="nianbao", description="年报校对助手：检查政府信息公开工作年度报告。")
    p.add_argument("--version", action="version", version=f"年报校对助手 {VERSION}")
    sub = p.add_subparsers(dest="command", parser_class=ChineseParser)
    c = sub.add_parser("check", help="检查一份或多份报告")
    c.add_argument("files", nargs="*", help="报告文件（.docx .xlsx .pdf .txt .md .html）")
    c.add_argument("--json", action="store_true", help="输出 JSON（供脚本使用）")
    c.add_argument("--prior", help="上年度报告，用于跨年度检查")
    c.add_argument("--password", help="PDF 的打开密码")
    c.add_argument("--sample", action="store_true", help="检查内置的示例报告")
    c.add_argument("--tables", action="store_true",
                   help="列出识别出的表二、表三、表四（每格的数值及其来源）")
    f = sub.add_parser("fix", help="生成修正后的 DOCX")
    f.add_argument("file")
    f.add_argument("-o", "--output", required=True)
    f.add_argument("--prior")
    f.add_argument("--overwrite", action="store_true", help="允许覆盖已存在的输出文件")
    t = sub.add_parser("template", help="生成空白模板（.docx 或 .xlsx）")
    t.add_argument("-o", "--output", required=True)
    t.add_argument("--overwrite", action="store_true")
    b = sub.add_parser("batch", help="批量检查一个文件夹")
    b.add_argument("folder")
    b.add_argument("-o", "--output", help="审核汇总表（.xlsx）")
    b.add_argument("--data", help="只写数据汇总（.xlsx 或 .csv）：每份报告一行，表二至表四每格一列")
    b.add_argument("--jobs", type=int, default=0)
    b.add_argument("--json", action="store_true")
    b.add_argument("--overwrite", action="store_true")
    sub.add_parser("rules", help="列出全部检查规则")
    return p


def _utf8_when_redirected() -> None:
    """Output that goes to a pipe or a file is UTF-8 whatever the system's code page (a Windows
    PC in China would write GBK, and a script reading the JSON would get mojibake or fail). A
    console keeps its own encoding (Windows consoles are written in UTF-16 by Python). A
    character the stream cannot take becomes "?" instead of an exception."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:                      # the windowed executable on Windows
            continue
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8", errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def run(argv: list[str]) -> int:
    _utf8_when_redirected()
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "rules":
        for r in api.rule_catalogue():
            print(f"{r['id']:<20} {SEVERITY_ZH[r['severity']]}  {r['title']}")
        return EXIT_OK
    if args.command in ("fix", "template", "batch"):
        return _run_optional(args)
    build_parser().print_help()
    return EXIT_USAGE


def _run_optional(args) -> int:
    """Commands whose modules arrive with their own issues."""
    try:
        if args.command == "fix":
            from core.fix.commands import cmd_fix as command
        elif args.command == "template":
            from core.fix.commands import cmd_template as command
        else:
            from core.batch.command import cmd_batch as command
    except ImportError:
        print("此功能尚未提供。", file=sys.stderr)
        return EXIT_USAGE
    return command(args)


def cmd_check(args) -> int:
    files = list(args.files)
    if args.sample:
        files.append(str(resource_path(*SAMPLE)))
    if not files:
        print("参数错误：请指定要检查的文件，或使用 --sample 检查示例报告。", file=sys.stderr)
        return EXIT_USAGE
    options = CheckOptions(prior=args.prior, password=args.password)
    results = [api.check(f, options) for f in files]
    if args.json:
        print(json.dumps({"version": api.JSON_VERSION, "files": [r.to_json() for r in results]},
                         ensure_ascii=False, indent=1))
    else:
        for r in results:
            print(format_result(r))
            if getattr(args, "tables", False) and r.status == "checked":
                print(format_tables(r))
    return exit_status(results)


TABLE_TITLES = {"t2": "表二", "t3": "表三", "t4": "表四"}
UNREAD_MARK = "?"      # a cell that is there but could not be read
ABSENT_MARK = "·"      # no such cell in the file


def format_tables(result: CheckResult) -> str:
    """The recognised tables as text grids: one line a row, the official labels, each value as
    read ("空" blank, "?" unreadable, "·" absent)."""
    std = api.standard(result.report)
    lines = []
    for table in ("t2", "t3", "t4"):
        data = result.report.tables[table]
        keys = std.cell_keys(table)
        rows: dict[str, list[str]] = {}
        for row, col in keys:
            rows.setdefault(row, []).append(col)
        lines.append(f"── {TABLE_TITLES[table]}{'' if data.found else '（未找到）'}")
        if table != "t2":
            first = next(iter(rows.values()))
            heads = [std.col_label(table, next(iter(rows)), c) for c in first]
            lines.append("    " + " | ".join(heads))
        for row, cols in rows.items():
            values = []
            for col in cols:
                cell = data.cells.get((row, col))
                if cell is None:
                    values.append(ABSENT_MARK)
                elif cell.value is not None:
                    v = cell.value
                    values.append(str(int(v)) if float(v).is_integer() else str(v))
                elif cell.kind == "unreadable":
                    values.append(UNREAD_MARK)
                else:
                    values.append(cell.raw.strip() or "空")
            label = std.row_label(table, row)
            if table == "t3":
                group = next(r.group for r in std.t3_rows if r.key == row)
                if "›" in group:
                    label = group.split("›")[-1].strip() + label
            lines.append(f"  {label}：" + " | ".join(values))
    return "\n".join(lines) + "\n"


def exit_status(results: list[CheckResult]) -> int:
    if any(r.status == "refused" for r in results):
        return EXIT_UNREADABLE
    if any(r.count("error") for r in results):
        return EXIT_ERRORS
    return EXIT_OK


def _group(findings):
    """Consecutive findings of one rule in one table row read as one line in the text output."""
    groups = []
    for f in findings:
        loc = f.location
        last = groups[-1] if groups else None
        if (last and f.rule in ("T-BLANK", "T-PLACEHOLDER") and last[0].rule == f.rule
                and loc.row and loc.col and last[0].location.col
                and last[0].location.table == loc.table and last[0].location.row == loc.row):
            last.append(f)
        else:
            groups.append([f])
    return groups


def format_result(result: CheckResult) -> str:
    lines = [f"━━ {result.path}"]
    if result.status == "refused":
        lines.append(f"无法检查：{result.refusal.message}")
        return "\n".join(lines) + "\n"
    info = result.info
    level = info["level"] or "未识别"
    lines.append(f"机关：{info['agency'] or '未识别'}　年度：{info['year'] or '未识别'}　"
                 f"层级：{level}　格式：{info['format']}版")
    counts = "　".join(f"{SEVERITY_ZH[s]} {result.count(s)}" for s in api.SEVERITIES)
    lines.append(counts)
    if not result.findings:
        lines.append("未发现问题。")
    for group in _group(result.findings):
        f = group[0]
        where = f.location.source.describe() if f.location.source else ""
        if len(group) > 1:
            from core.standard import load
            std = load()
            cols = "、".join(std.col_label(g.location.table, g.location.row, g.location.col)
                            for g in group)
            lines.append(f"[{SEVERITY_ZH[f.severity]}] {f.title}：同一行{len(group)}个单元格（{cols}）——"
                         f"{f.message}")
        else:
            lines.append(f"[{SEVERITY_ZH[f.severity]}] {f.message}")
        detail = []
        if where:
            detail.append(f"位置：{where}")
        if f.location.quote:
            detail.append(f"原文：“{f.location.quote[:80]}”")
        if f.fix is not None and f.fix.kind == "cell" and f.fix.value is not None:
            detail.append(("建议（需确认）：" if f.ambiguous else "建议：") + _fix_text(f.fix))
        detail.append(f"规则 {f.rule}")
        lines.append("      " + "；".join(detail))
    return "\n".join(lines) + "\n"


def _fix_text(fix) -> str:
    if isinstance(fix.value, list) and not (fix.value and isinstance(fix.value[0], dict)):
        return "、".join(map(str, fix.value))
    if fix.table and fix.row and fix.col:
        return f"改为 {fix.value}"
    return api.describe_fix(fix)
