"""Write docs/rules.md from the rule registry (the same source as the in-app help).

    python tools/gen_rules_doc.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.api import SEVERITY_ZH, rule_catalogue  # noqa: E402

FAMILIES = {"structure": "结构", "tables": "表格", "arithmetic": "勾稽关系", "narrative": "正文与表格",
            "metadata": "标题、年份与期限", "crossyear": "跨年度", "prose": "文字", "ocr": "扫描件识别"}


def render() -> str:
    lines = ["# 检查规则（docs/rules.md）", "",
             "本文件由 `python tools/gen_rules_doc.py` 根据规则注册表生成，请勿手工编辑。", ""]
    catalogue = rule_catalogue()
    for family, name in FAMILIES.items():
        rules = [r for r in catalogue if r["family"] == family]
        if not rules:
            continue
        lines += [f"## {name}", ""]
        for r in rules:
            lines += [f"### {r['id']} {r['title']}（{SEVERITY_ZH[r['severity']]}）", "",
                      r["explanation"], ""]
    return "\n".join(lines)


if __name__ == "__main__":
    (ROOT / "docs" / "rules.md").write_text(render(), encoding="utf-8")
    print(ROOT / "docs" / "rules.md")
