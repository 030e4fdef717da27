"""A folder of reports as a supervisor receives them, for the batch screenshot
(gui/screenshots.py) and for trying the batch window by hand:

    python -m tests.batch_fixtures 目标文件夹
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

from tests.builder import correct_content, write
from tests.test_batch import POOL, own_prose    # prose of its own per agency (not 内容雷同)

BATCH_ROOT = "2023年度政府信息公开年报"
RECENT = ("示例县民政局2023年年报.xlsx", "示例县教育局2023年政府信息公开工作年度报告.docx")


def batch_folder(root: Path, report: str) -> Path:
    """A folder of 单位 reports as a supervisor receives it: reports of several agencies in several
    formats, one with wrong sums, last year's report of one, a file that is not a report, and
    the sample report."""
    import shutil

    d = root / "各单位年报"
    (d / "乡镇街道").mkdir(parents=True)
    edu = own_prose(correct_content(seed=21, agency="示例县教育局"), 1)
    write(edu, d / "示例县教育局2023年政府信息公开工作年度报告.docx", "docx", "merged")
    write(own_prose(correct_content(seed=24, agency="示例县教育局", year=2022), 5),
          d / "示例县教育局2022年年报.txt", "txt", "tsv")
    civil = own_prose(correct_content(seed=22, agency="示例县民政局"), 2)
    civil.values[("t3", "r1", "natural")] = str(int(civil.values[("t3", "r1", "natural")]) + 7)
    civil.values[("t2", "regulations", "valid")] = ""
    write(civil, d / "示例县民政局2023年年报.xlsx", "xlsx", "sheets")
    write(own_prose(correct_content(seed=23, agency="示例县丙镇人民政府", level="乡镇街道"), 3),
          d / "乡镇街道" / "丙镇2023年报.html", "html", "rowspan")
    write(own_prose(correct_content(seed=25, agency="示例县丁街道办事处", level="乡镇街道"), 4),
          d / "乡镇街道" / "丁街道2023年报.docx", "docx", "flat")
    (d / "关于报送年报的通知.txt").write_text(
        "关于报送政府信息公开工作年度报告的通知\n各单位：请于1月31日前报送。", encoding="utf-8")
    shutil.copyfile(report, d / Path(report).name)
    return d


def graded_proses(n: int, seed: int = 0, length: int = 1500, blocks: int = 20,
                  boilerplate: float = 0.15) -> list[str]:
    """``n`` report proses (already normalised: no punctuation, no digits) for measuring 内容雷同:
    every report starts with the same boilerplate (``boilerplate`` of its length, as the
    format's fixed sentences are shared by all); a third of them copy a share of another
    report's blocks, the share spread evenly from 0.1 to 1.0 across the threshold, the rest of
    their blocks their own. Deterministic in ``seed``."""
    rng = random.Random(seed)
    pool = POOL + "公开申请办理答复复议诉讼信息主动依法权利义务通知公告决定意见方案计划总结报告"

    def text(k):
        return "".join(rng.choice(pool) for _ in range(k))

    common = text(int(length * boilerplate))
    size = (length - len(common)) // blocks
    own = [[text(size) for _ in range(blocks)] for _ in range(n)]
    for i in range(n):
        if i % 3 == 2 and i > 0:
            source = rng.randrange(i)
            share = 0.1 + 0.9 * ((i // 3) % 19) / 18
            for b in rng.sample(range(blocks), round(share * blocks)):
                own[i][b] = own[source][b]
    return [common + "".join(parts) for parts in own]


if __name__ == "__main__":
    from core.resources import resource_path

    print(batch_folder(Path(sys.argv[1]), str(resource_path("samples", "示例报告.docx"))))
