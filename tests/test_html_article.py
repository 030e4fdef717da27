"""A saved government web page: only the article is the report.

The site's header, navigation, browser notices and footer are page chrome: they must not reach
the checker (as prose, as a title, as a paragraph with English words). The real saved page in
tests/fixtures/real and a page made here in the way such sites are built both show it.
"""
from __future__ import annotations

from pathlib import Path

from core.api import check
from core.readers import read

ROOT = Path(__file__).resolve().parents[1]
REAL_PAGE = ROOT / "tests" / "fixtures" / "real" / "21_shuyang_fagaiju_2023.html"
CHROME = ("首页", "走进沭阳", "繁體版", "无障碍", "智能问答", "建议您使用", "版权所有", "网站地图")


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs()]


def test_the_real_saved_page_is_read_as_its_article():
    doc = read(str(REAL_PAGE))
    texts = _texts(doc)
    assert not [t for t in texts if t in CHROME]
    assert texts[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    # 表二、表三、表四: the page's own information table (索引号, 发布机构) is chrome
    assert texts[-1] == "2024年1月17日" and len(doc.tables()) == 3
    result = check(REAL_PAGE)
    assert result.info["agency"] == "沭阳县发展和改革局" and result.info["year"] == 2023


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title}-某市人民政府</title></head>
<body>
<div class="top"><p>建议您使用以下浏览器版本：IE9及以上、Chrome、Firefox</p>
<ul class="nav"><li><a>首页</a></li><li><a>政务公开</a></li><li><a>网站地图</a></li>
<li><a>繁體版</a></li><li><a>无障碍</a></li></ul></div>
<div class="main"><div class="position">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div>
<div class="detail"><h1 class="article-title">{title}</h1>
<div class="info"><span>发布时间：2024-01-20</span><span>字号：大 中 小</span></div>
<div class="content">
<p>根据《中华人民共和国政府信息公开条例》规定，现公布本机关2023年度政府信息公开工作年度报告，本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>
<p>一、总体情况</p><p>2023年，本局认真贯彻落实政府信息公开条例，主动公开政府信息120条，依申请公开工作规范有序，全年未收到政府信息公开申请。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>2</td><td>0</td><td>9</td></tr></table>
<p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。本局将进一步加强政府信息公开工作，不断提升公开质量和水平。</p>
</div></div></div>
<div class="footer"><p>主办：某市人民政府办公室　承办：某市大数据中心　版权所有，未经许可不得复制转载</p>
<p>网站标识码：1234567890　备案号：某ICP备00000000号　公安机关备案号：00000000000000</p></div>
</body></html>"""


def test_a_page_made_the_way_sites_are_built_loses_its_chrome(tmp_path):
    title = "某市某局2023年政府信息公开工作年度报告"
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(title=title), encoding="utf-8")
    texts = _texts(read(str(page)))
    assert texts[0] == title
    joined = "".join(texts)
    for chrome in ("建议您使用", "网站地图", "当前位置", "版权所有", "备案号", "字号"):
        assert chrome not in joined, chrome
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    result = check(page)
    assert result.info["agency"] == "某市某局" and not [
        f for f in result.findings if f.rule == "P-LATIN"]


def test_a_page_without_a_clear_article_is_read_whole(tmp_path):
    page = tmp_path / "plain.html"
    page.write_text("<html><body><p>某区2023年政府信息公开工作年度报告</p>"
                    "<p>一、总体情况</p><p>短句。</p></body></html>", encoding="utf-8")
    assert _texts(read(str(page))) == ["某区2023年政府信息公开工作年度报告", "一、总体情况",
                                       "短句。"]
