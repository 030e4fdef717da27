"""The CLI as a user and a script see it: exit status, text output, the JSON contract."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_redirected_output_is_utf8_whatever_the_code_page():
    """A Windows PC in China writes GBK to a pipe (simulated with PYTHONIOENCODING=gbk)."""
    import os

    env = dict(os.environ, PYTHONIOENCODING="gbk")
    proc = subprocess.run([sys.executable, "main.py", "check", "--sample", "--json"], cwd=ROOT,
                          capture_output=True, env=env, timeout=120)
    data = json.loads(proc.stdout.decode("utf-8"))
    assert data["files"][0]["report"]["agency"] == "示例市示例区人民政府"
    text = subprocess.run([sys.executable, "main.py", "check", "--sample"], cwd=ROOT,
                          capture_output=True, env=env, timeout=120)
    assert "示例市示例区人民政府" in text.stdout.decode("utf-8")


def seed(prefix: str) -> str:
    return str(sorted(SEEDS.glob(f"{prefix}_*.txt"))[0])


def test_json_contract_has_every_documented_field():
    proc = run("check", seed("001"), seed("003"), "--json")
    assert proc.returncode == 1, proc.stderr            # 001 has 错误
    data = json.loads(proc.stdout)
    assert data["version"] == 1 and len(data["files"]) == 2
    for f in data["files"]:
        assert set(f) >= {"path", "status", "refusal", "report", "findings"}
        assert f["status"] == "checked" and f["refusal"] is None
        assert set(f["report"]) == {"agency", "year", "level", "format"}
        for finding in f["findings"]:
            assert set(finding) >= {"rule", "severity", "message", "location", "found",
                                    "expected", "fix"}
            assert finding["severity"] in ("error", "warning", "info")
            assert set(finding["location"]) >= {"section", "table", "row", "col", "source"}
            if finding["fix"] is not None:
                assert set(finding["fix"]) >= {"table", "row", "col", "value", "alternatives"}
    first = data["files"][0]
    severities = [f["severity"] for f in first["findings"]]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_exit_status_zero_when_no_error(tmp_path):
    proc = run("check", seed("003"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "卫滨区平原镇" in proc.stdout and "乡镇街道" in proc.stdout


def test_unreadable_file_gives_status_three_and_a_chinese_message(tmp_path):
    bad = tmp_path / "报告.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    proc = run("check", str(bad), seed("003"), "--json")
    assert proc.returncode == 3
    data = json.loads(proc.stdout)
    refused = data["files"][0]
    assert refused["status"] == "refused" and refused["refusal"]["code"] == "corrupt"
    assert "损坏" in refused["refusal"]["message"]
    assert "Traceback" not in proc.stderr
    assert data["files"][1]["status"] == "checked"


def test_legacy_doc_is_refused_with_advice_to_save_as_docx(tmp_path):
    doc = tmp_path / "报告.doc"
    doc.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2048)
    proc = run("check", str(doc))
    assert proc.returncode == 3
    assert "另存为" in proc.stdout and "Traceback" not in proc.stderr


def test_usage_errors_exit_two():
    assert run("check").returncode == 2
    assert run("check", "--no-such-option", seed("003")).returncode == 2


def test_missing_file_is_a_refusal_not_a_traceback(tmp_path):
    proc = run("check", str(tmp_path / "不存在.docx"))
    assert proc.returncode == 3 and "Traceback" not in proc.stderr


def test_sample_report_runs_on_a_fresh_checkout():
    proc = run("check", "--sample")
    assert proc.returncode == 1, proc.stdout + proc.stderr     # the sample has errors on purpose
    assert "示例" in proc.stdout and "错误" in proc.stdout


def test_prior_report_adds_cross_year_checks(tmp_path):
    prior_text = Path(seed("001")).read_text(encoding="utf-8")
    # last year's report carried 4 applications of natural persons into this year
    prior_text = prior_text.replace("2023", "2022").replace("四、结转下年度继续办理0000000",
                                                            "四、结转下年度继续办理4000004", 1)
    prior = tmp_path / "2022.txt"
    prior.write_text(prior_text, encoding="utf-8")
    proc = run("check", seed("001"), "--prior", str(prior), "--json")
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    carried = [f for f in findings if f["rule"] == "X-CARRIED"]
    assert [(f["location"]["row"], f["location"]["col"], f["found"], f["expected"])
            for f in carried] == [("carried_in", "natural", 0, 4), ("carried_in", "total", 0, 4)]


@pytest.mark.parametrize("args", [["--version"], ["rules"]])
def test_informational_commands(args):
    proc = run(*args)
    assert proc.returncode == 0 and proc.stdout.strip()


def test_json_tables_hold_every_cell_by_the_spec_keys_and_how_it_was_placed():
    proc = run("check", str(ROOT / "tests" / "fixtures" / "real" / "28_pingtan_2024.txt"),
               "--json")
    data = json.loads(proc.stdout)["files"][0]
    tables = data["tables"]
    assert set(tables) == {"t2", "t3", "t4"} and all(t["found"] for t in tables.values())
    t3 = tables["t3"]["cells"]
    assert len(t3) == 25 and all(len(cols) == 7 for cols in t3.values())
    new = t3["new"]
    assert [new[c]["value"] for c in ("natural", "commercial", "total")] == [217, 1, 218]
    assert new["natural"]["raw"] == "21710000218" and new["natural"]["placed_by"] == "glued"
    assert new["natural"]["kind"] == "number" and "第" in new["natural"]["source"]
    # 表二's 行政规范性文件 digits have several splits: unread, never invented
    normative = tables["t2"]["cells"]["normative"]
    assert {c["kind"] for c in normative.values()} == {"unreadable"}
    assert all(c["value"] is None for c in normative.values())
    assert tables["t4"]["cells"]["suit_after_review"]["total"]["value"] == 19


def test_tables_option_prints_the_grids_with_official_labels():
    proc = run("check", str(ROOT / "tests" / "fixtures" / "real" / "28_pingtan_2024.txt"),
               "--tables")
    out = proc.stdout
    assert "── 表三" in out and "（一）予以公开：71 | 0 | 0 | 0 | 0 | 0 | 71" in out
    assert "行政事业性收费：18651.06" in out
    assert "行政规范性文件：? | ? | ?" in out
    assert "suit_after_review" not in out and "r6_1" not in out
