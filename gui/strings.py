"""Every string the window shows, in one place (STYLE §8). Code elsewhere in gui/ holds no Chinese.

Plain words for office staff: what happened, then what to do. Functions compose the few strings
that carry numbers or names.
"""
from __future__ import annotations

APP_NAME = "年报校对助手"
WINDOW_TITLE = "年报校对助手"

# --- start page -------------------------------------------------------------------------------
DROP_TITLE = "将年度报告拖到这里"
DROP_FORMATS = "支持 DOCX / PDF / XLSX / TXT / HTML"
DROP_OR = "或者"
DROP_ACTIVE = "松开鼠标，开始检查"
OPEN_FILE = "打开文件…"
OPEN_SAMPLE = "打开示例报告"
SAMPLE_FILE = "示例报告.docx"       # resources/samples/<this>
SAMPLE_MISSING = "找不到示例报告（{path}）。"
RECENT_TITLE = "最近检查的文件"
RECENT_NONE = "还没有检查过文件。"
RECENT_MISSING = "（文件已不存在）"
OFFLINE_NOTE = "本程序完全离线运行，不联网、不上传任何数据。"
START_INTRO = "检查政府信息公开工作年度报告的章节、表格数字和前后一致性（2021 年版格式）。"
FILE_FILTER = ("年度报告 (*.docx *.doc *.wps *.pdf *.ofd *.xlsx *.xls *.et *.txt *.md *.html *.htm);;"
               "Word / WPS 文档 (*.docx *.doc *.wps);;PDF 文件 (*.pdf);;OFD 版式文件 (*.ofd);;"
               "表格 (*.xlsx *.xls *.et);;文本文件 (*.txt *.md);;网页 (*.html *.htm);;所有文件 (*)")
OPEN_DIALOG_TITLE = "选择要检查的年度报告"
PRIOR_DIALOG_TITLE = "选择上年度的年度报告"
DROP_NOT_FILE = "拖入的不是文件，请从文件夹中拖入年度报告。"

PASSWORD_TITLE = "PDF 设有密码"
PASSWORD_PROMPT = "“{name}”设有打开密码，请输入密码："
PASSWORD_WRONG = "密码不正确，请重新输入。\n"

# --- busy page --------------------------------------------------------------------------------
BUSY_TITLE = "正在检查…"
BUSY_FILE = "正在读取并检查：{name}"
STATUS_READING = "正在读取：{name}"
BUSY_HINT = "PDF 文件页数较多时需要稍等片刻。"
BUSY_ELAPSED = "已用时 {seconds} 秒"
# the file name the busy-page screenshot shows (gui/screenshots.py)
SCREENSHOT_PDF_NAME = "示例市示例区人民政府2024年政府信息公开工作年度报告.pdf"
BUSY_PAGES = "已读取 {done} / {total} 页　{elapsed}"
CANCEL = "取消"
CANCELLED = "已取消检查。"

# --- toolbar / actions ------------------------------------------------------------------------
ACT_OPEN = "打开文件…"
ACT_PRIOR = "添加上年度报告…"
ACT_PRIOR_REMOVE = "移除"
ACT_EXPORT_DOCX = "导出修正稿（DOCX）"
ACT_EXPORT_XLSX = "导出问题清单（XLSX）"
ACT_RECHECK = "重新检查"
ACT_HELP = "帮助"
ACT_ABOUT = "关于"
ACT_HOME = "返回首页"
ACT_QUIT = "退出"
MENU_FILE = "文件(&F)"
MENU_EDIT = "编辑(&E)"
MENU_VIEW = "视图(&V)"
MENU_TOOLS = "工具(&T)"
MENU_HELP = "帮助(&H)"
ACT_PRIOR_REMOVE_MENU = "移除上年度报告"
TOOLBAR_TITLE = "工具栏"
TIP_SHORTCUT = "{tip}（{keys}）"
ACT_UNDO = "撤销"
ACT_REDO = "重做"
ACT_UNDO_WHAT = "撤销：{what}"
ACT_REDO_WHAT = "重做：{what}"
ACT_TOGGLE_FIX = "采用 / 不修改所选问题的修正"
ACT_EDIT_CELL = "修改所选单元格"
ACT_SHOW_ALL = "显示全部问题"
ACT_FOCUS_FINDINGS = "转到问题清单"
ACT_FOCUS_TABLE = "转到表格"
ACT_NEXT_TAB = "下一个视图"
ACT_PREV_TAB = "上一个视图"
ACT_OPEN_EXPORTED = "打开文件"
ACT_OPEN_EXPORTED_FOLDER = "打开所在文件夹"
ACT_RECENT = "最近检查的文件"
UNDO_DECIDE = "修正选择"
UNDO_EDIT = "修改 {where}"
UNDO_META = "更正报告信息"
UNDO_RESTORE = "恢复上次未保存的修改"
NOTICE_UNDONE = "已撤销：{what}"
NOTICE_REDONE = "已重做：{what}"
UNSAVED_TITLE = "有未保存的修改"
UNSAVED_TEXT = "“{name}”中有尚未导出的修正选择或输入的数值。"
UNSAVED_INFO = "保存修正稿：先导出修正稿（DOCX）再继续；放弃：不保存这些修改；取消：留在当前报告。"
UNSAVED_SAVE = "保存修正稿…"
UNSAVED_DISCARD = "放弃"
RESTORE_TITLE = "恢复未保存的修改"
RESTORE_TEXT = "上次检查“{name}”时有 {n} 项修改尚未导出（程序意外关闭或未保存就离开）。要恢复这些修改吗？"
RESTORE_YES = "恢复"
RESTORE_NO = "不恢复"
NOTICE_RESTORED = "已恢复上次未保存的 {n} 项修改，可用“撤销”（Ctrl+Z）取消。"
TIP_EXPORT_DOCX = "生成一份新的 Word 文件，写入已采用的修正和您输入的数值；原文件不会被改动。"
TIP_EXPORT_XLSX = "把全部问题导出为 Excel 表格，便于转交或存档。"
TIP_PRIOR = "加入上年度报告后，会核对“上年结转”与上年的“结转下年度继续办理”等是否衔接。"

# --- report header ----------------------------------------------------------------------------
AGENCY_UNKNOWN = "（未识别出机关名称）"
YEAR_LABEL = "报告年度："
YEAR_UNKNOWN = "未识别"
YEAR_SUFFIX = " 年"
YEAR_TIP = "报告所属年度。识别有误时请在这里改正（用于报送期限、与上年度报告的对照等检查）。"
AGENCY_CORRECT = "更正名称"
AGENCY_TIP = "机关名称识别有误时，点此改正后重新检查。"
AGENCY_TITLE = "更正机关名称"
AGENCY_PROMPT = "请输入本报告所属机关的全称："
LEVEL_LABEL = "机关层级："
LEVEL_PLACEHOLDER = "请选择"
LEVEL_TIP = "层级决定哪些内容必须写（例如人民政府须报告工作考核、社会评议和责任追究结果）。识别有误时请在这里改正。"
LEVELS = ("人民政府", "部门", "乡镇街道", "街道办事处")   # the values core.report.Meta.level takes
FILE_LABEL = "文件："
PRIOR_LABEL = "上年度报告："
PRIOR_NONE = "未添加"
FORMAT_2019 = "（使用的是已废止的 2019 年格式）"
COUNT_ERROR = "错误 {n}"
COUNT_WARNING = "警告 {n}"
COUNT_INFO = "提示 {n}"
ALL_GOOD = "没有发现问题。"

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_GROUP = "{label}（{n}）"
SEVERITY_HEADING = "{label}（{n}）　{help}"
SEVERITY_HELP = {"error": "必须改正", "warning": "请核对", "info": "供参考"}

# --- findings list ----------------------------------------------------------------------------
FINDINGS_TITLE = "发现的问题"
FINDINGS_HEADER_PROBLEM = "问题"
FINDINGS_HEADER_FIX = "修正"
SECTION_NONE = "全文"
FILTER_CELL = "只显示所选单元格的问题（{n} 个）：{where}"
FILTER_SECTION = "只显示“{where}”的问题（{n} 个）"
FILTER_NONE_CELL = "所选单元格没有问题：{where}"
SHOW_ALL = "显示全部问题"
FIX_ACCEPT = "采用 {value}"
FIX_ALL = "全部采用"
GROUP_COUNT = "{name}（{n}）"
FIX_CHOOSE = "请选择"
FIX_REJECTED = "不修改"
FIX_HINT = "仅供参考"
FIX_CHOSEN = "采用 {value}"
FIX_INSERT_SECTION = "插入标题"
FIX_LABEL = "改为“{value}”"

# --- finding details --------------------------------------------------------------------------
DETAIL_EMPTY = "点击上方的问题，查看说明和修正建议；点击表格中的单元格，只看这一格的问题。"
DETAIL_WHERE = "位置："
WHERE_SEP = " · "
DETAIL_FOUND = "原值："
DETAIL_EXPECTED = "应为："
DETAIL_QUOTE = "原文："
GOTO_CELL = "查看表格中的单元格"
GOTO_TEXT = "查看原文中的句子"
DETAIL_FIX = "修正建议："
DETAIL_FIX_CERTAIN = "可以确定的修正，默认采用。"
DETAIL_FIX_CONFIRM = "有几种可能的修正，请选择一种（或不修改）。"
DETAIL_FIX_CONFIRM_ONE = "需要您核对后决定是否采用（默认不修改）。"
DETAIL_FIX_HINT = "仅为建议，导出时不会自动写入。"
DETAIL_APPLY = "采用：{value}"
DETAIL_REJECT = "不修改"
DETAIL_EVIDENCE = "依据：{evidence}"
DETAIL_SOURCE_DIGITS = "原文 {digits}（数字连在一起，以下为可能的拆分）"
DETAIL_HEAD = "{severity}　{title}"
DETAIL_FIX_HINT_LINE = "修正建议：{value}　（仅为建议，导出时不会自动写入。）"
DETAIL_RULE = "规则：{title}（{id}）"
BLANK_VALUE = "（空白）"
NONE_VALUE = "—"

# --- table views ------------------------------------------------------------------------------
TAB_STRUCTURE = "结构"
TAB_TEXT = "原文"
TAB_TABLE_COUNT = "{name}（{n}）"
TABLE_TITLE = "{name}　{title}"
TIP_FINDING = "<p><b style='color:{colour}'>{severity}</b>　{message}</p>"
TABLE_NOT_FOUND = "报告中没有找到{name}。下面是空白的官方表格，可以直接填写数值进行核算。"
def pages(numbers) -> str:
    """Page numbers as a list in words: 2、3、4."""
    return "、".join(str(n) for n in numbers)


TABLE_NOT_READ = ("没有读到{name}：第{pages}页只有图片、没有读取，{name}可能就在这些页面上，请对照原件。"
                  "下面是空白的官方表格，可以直接填写数值进行核算。")
TABLE_HINT = ("<span style='background:{error}'>&nbsp;红色&nbsp;</span> 有错误　"
              "<span style='background:{blank}'>&nbsp;橙色&nbsp;</span> 空白　"
              "<span style='background:{warning}'>&nbsp;黄色&nbsp;</span> 请核对　"
              "<span style='background:{info}'>&nbsp;蓝色&nbsp;</span> 提示　"
              "<span style='background:{edited}'>&nbsp;绿色&nbsp;</span> 您改过的数值　"
              "<span style='background:{absent}'>&nbsp;灰色&nbsp;</span> 没有读到　"
              "“→”后是建议的数值。双击单元格或按回车键可直接修改，修改后立即重新检查。")
CELL_PROPOSED = "{old} → {new}"
CELL_PROPOSED_OPEN = "{old} → ？"
CELL_UNREADABLE = "？"
CELL_BLANK = "空"
CELL_TIP_ORIGINAL = "原文：{raw}"
CELL_TIP_EDITED = "已修改，原为：{raw}"
CELL_TIP_DERIVED = "由粘连的数字“{raw}”按勾稽关系拆分得出"
CELL_TIP_PROPOSED = "建议改为：{value}"
CELL_TIP_NONE = "这一格没有发现问题。"
CELL_TIP_WHERE = "位置：{where}"
EDIT_INVALID = "“{raw}”不是数字，已照原样记录，检查结果会指出这一格。"

# --- structure view ---------------------------------------------------------------------------
STRUCT_HEADERS = ("", "官方章节", "报告中的标题", "问题")
STRUCT_FOUND = "✓"
STRUCT_MISSING = "✗"
STRUCT_NOT_FOUND = "未找到"
STRUCT_TABLES = "标准表格"
STRUCT_TABLE_FOUND = "已找到"
STRUCT_EXTRA = "其他标题（未对应到官方章节）"
STRUCT_HINT = "✓ 已找到；✗ 缺少。标题与官方写法不同时以黄色标出。"
STRUCT_TITLE = "报告标题："
STRUCT_TITLE_NONE = "未找到报告标题"

# --- original text view -----------------------------------------------------------------------
TEXT_HINT = "黄色底纹：检查规则所指的句子。点击左侧问题可跳到对应句子。"
TEXT_EMPTY = "（报告中没有可显示的正文）"

# --- notices and banners ----------------------------------------------------------------------
NOTICE_EXTERNAL = "文件已在外部修改，已重新检查"
NOTICE_EXTERNAL_EDITS_DROPPED = "文件已在外部修改，已重新检查（此前在本程序中输入的数值已清除）"
NOTICE_FILE_GONE = "文件已被移动或删除，显示的是上一次的检查结果。"
NOTICE_PRIOR_ADDED = "已加入上年度报告并重新检查：{name}"
NOTICE_PRIOR_REMOVED = "已移除上年度报告并重新检查。"
NOTICE_LEVEL = "已按“{level}”重新检查。"
NOTICE_YEAR = "已按 {year} 年度重新检查。"
NOTICE_AGENCY = "已按机关名称“{agency}”重新检查。"
NOTICE_EDIT = "已按新数值重新检查：{where} = {raw}"
NOTICE_EXPORTED = "已导出：{path}"
EXPORTED_TITLE = "导出完成"
NOTICE_SAMPLE = "这是内置的示例报告，其中故意保留了一些典型错误。"
REFUSED_TITLE = "无法检查这个文件"
REFUSED_FILE = "文件：{name}"
CLOSE = "关闭"
OPEN_FOLDER = "打开所在文件夹"

# --- export -----------------------------------------------------------------------------------
SAVE_DOCX_TITLE = "导出修正稿"
SAVE_XLSX_TITLE = "导出问题清单"
DOCX_FILTER = "Word 文档 (*.docx)"
XLSX_FILTER = "Excel 表格 (*.xlsx)"
DEFAULT_DOCX = "{stem}（已修正）.docx"
DEFAULT_XLSX = "{stem}（问题清单）.xlsx"
DEFAULT_NUMBERED = "{stem}（{n}）{suffix}"
CONFIRM_REPLACE_TITLE = "文件已存在"
CONFIRM_REPLACE = "“{name}”已经存在。要用新导出的文件替换它吗？"
REPLACE = "替换"
SAME_AS_INPUT = "不能覆盖正在检查的原文件，请换一个文件名。"
EXPORT_FAILED = "导出失败：{reason}"
EXPORT_FAILED_PERMISSION = "没有写入权限，或文件正被 Word / WPS 打开。请关闭该文件或换一个位置后重试。"
EXPORT_FAILED_EXISTS = "目标文件已存在。"
EXPORT_FAILED_NO_FOLDER = "保存位置不存在或不是文件夹，请重新选择保存位置。"
EXPORT_FAILED_DISK_FULL = "磁盘空间不足，请清理后重试或换一个位置。"
EXPORT_FAILED_OTHER = "无法写入文件（{detail}），请换一个位置后重试。"
EXPORT_UNAVAILABLE = "生成修正稿的功能在这个版本中还不可用。可以先导出问题清单（XLSX）。"
EXPORT_NOTHING = "请先打开并检查一份报告。"
EXPORT_BUSY = "正在导出…"
EXPORT_DONE_TITLE = "导出完成"
EXPORT_DONE = "已保存到：\n{path}"
EDITS_NOT_EXPORTED = "注意：修正稿功能不支持写入您手动输入的数值，请在 Word 中另行修改：{cells}"

# --- errors -----------------------------------------------------------------------------------
ERROR_TITLE = "出现意外问题"
ERROR_SENTENCE = "程序遇到了一个意外问题，刚才的操作没有完成；程序可以继续使用。"
ERROR_LOGGED = "详细信息已记录在：{path}"
COPY_DIAGNOSTICS = "复制诊断信息"
COPIED = "已复制"
OK = "确定"
OPEN_FAILED = "无法打开文件：{reason}"
NOT_FOUND = "找不到文件：{path}"

# --- help and about ---------------------------------------------------------------------------
HELP_TITLE = "帮助 — 全部检查规则"
HELP_INTRO = ("本程序按 2021 年版《政府信息公开工作年度报告格式》逐项检查。下面列出全部检查规则。"
              "“错误”必须改正；“警告”请核对后决定；“提示”供参考。")
HELP_USAGE = ("使用方法：把报告拖进窗口（或点“打开文件…”）→ 看左侧问题清单，点一条问题即可定位到表格单元格或原文句子 →"
              " 在表格中双击单元格可直接改数值，程序会立即重新核算 → 对每条修正建议选择“采用”或“不修改” →"
              " 导出修正稿（DOCX）或问题清单（XLSX）。原文件始终不会被改动。")
HELP_COUNT = "共 {n} 条规则"
FAMILY = {"structure": "章节结构", "tables": "表格填写", "arithmetic": "表格勾稽关系",
          "narrative": "正文与表格一致", "metadata": "标题、年份与日期", "crossyear": "与上年度衔接",
          "prose": "文字", "ocr": "扫描件识别"}
FAMILY_OTHER = "其他"
ABOUT_TITLE = "关于 年报校对助手"
ABOUT_VERSION = "版本 {version}"
ABOUT_PURPOSE = "政府信息公开工作年度报告校对工具（依据国办公开办函〔2021〕30号格式）。"
ABOUT_OFFLINE = "完全离线运行，不联网、不上传任何数据。"
ABOUT_LICENSES = "第三方软件许可"
ABOUT_LICENSES_MISSING = "（许可说明文件缺失）"


def severity_heading(severity: str, n: int) -> str:
    return SEVERITY_HEADING.format(label=SEVERITY[severity], n=n, help=SEVERITY_HELP[severity])


def severity_group(severity: str, n: int) -> str:
    return SEVERITY_GROUP.format(label=SEVERITY[severity], n=n)


def fmt_value(value) -> str:
    """A value as shown to people: lists of numbers joined by 、, blanks named."""
    if value is None:
        return NONE_VALUE
    if isinstance(value, (list, tuple)):
        return "、".join(fmt_value(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text.strip() else BLANK_VALUE


def cell_where(table_name: str, row_label: str | None, col_label: str | None) -> str:
    """表三 “（一）予以公开”行 “总计”列"""
    parts = [table_name]
    if row_label:
        parts.append(f"“{row_label}”行")
    if col_label:
        parts.append(f"“{col_label}”列")
    return " ".join(parts)


def t4_where(table_name: str, group_label: str, col_label: str | None) -> str:
    text = f"{table_name} “{group_label}”"
    return text + (f" “{col_label}”" if col_label else "")

# --- header words of the official tables that the format file does not carry ------------------
T2_INFO_HEADER = "信息内容"
T3_APPLICANT_HEADER = "申请人情况"
T3_LEGAL_PERSON_HEADER = "法人或其他组织"
T4_SUIT_HEADER = "行政诉讼"

# --- batch ------------------------------------------------------------------------------------
ACT_BATCH = "批量检查…"
TIP_BATCH = "一次检查一个文件夹（含子文件夹）中的全部年度报告，汇总成一张表。"
OPEN_BATCH = "批量检查文件夹…"
BATCH_TITLE = "批量检查 — 年报校对助手"
BATCH_INTRO = "选择一个文件夹（含子文件夹），或把多个文件、文件夹拖到这里。每份报告检查完即列入下表；双击一行可打开该报告查看详情。"
BATCH_CHOOSE_FOLDER = "选择文件夹…"
BATCH_CHOOSE_FILES = "选择文件…"
BATCH_FOLDER_DIALOG = "选择要批量检查的文件夹"
BATCH_FILES_DIALOG = "选择要批量检查的年度报告"
BATCH_EXPORT = "导出汇总表（XLSX）…"
BATCH_SAVE_TITLE = "保存批量检查汇总表"
BATCH_DEFAULT_NAME = "年报批量检查汇总.xlsx"
BATCH_FILTER_PLACEHOLDER = "筛选：文件名、机关或问题中的文字"
BATCH_SHOW_ALL = "全部"
BATCH_SHOW_ERRORS = "有错误"
BATCH_SHOW_WARNINGS = "有错误或警告"
BATCH_SHOW_CLEAN = "没有错误"
BATCH_SHOW_FAILED = "未能检查"
BATCH_HEADERS = ("文件", "机关", "年度", "层级", "状态", "错误", "警告", "提示", "主要问题", "内容雷同")
BATCH_IDLE = "尚未开始。"
BATCH_COLLECTING = "正在查找文件…"
BATCH_PROGRESS = "已完成 {done} / {total}"
BATCH_PAIRING = "已完成 {total} / {total}，正在核对同一机关前后两年的衔接和内容雷同…"
BATCH_DONE = "共 {n} 个文件，用时 {seconds:.1f} 秒：{checked} 份已检查，{errors} 份有错误，{failed} 份未能检查。"
BATCH_SIMILAR = "发现 {n} 对正文内容雷同的报告（见导出的汇总表“内容雷同”页）。"
BATCH_CANCELLING = "正在停止…"
BATCH_CANCELLED = "已取消：列出的是取消前已检查完的 {done} 个文件。"
BATCH_NO_FILES = "没有找到可检查的文件。"
BATCH_BUSY = "批量检查正在进行，请等它结束或先取消。"
BATCH_PROBLEM_SEP = "；"
BATCH_NO_PROBLEMS = "未发现问题"
BATCH_SHOWN = "显示 {shown} / {total} 行"
BATCH_EXPORT_SAME = "汇总表不能保存为被检查的文件之一，请换一个文件名。"

# --- zoom -------------------------------------------------------------------------------------
ACT_ZOOM_IN = "放大表格"
ACT_ZOOM_OUT = "缩小表格"
ACT_ZOOM_RESET = "表格恢复原大小"
ZOOM_NOTICE = "表格显示比例：{percent}%"

# --- the scanned page beside the table (gui/page_image_view.py) ----------------------------------
SCAN_PICK_CELL = "原件（扫描页）：点选表格中的单元格或问题，这里显示原件中的对应位置（红框），便于核对识别结果。"
SCAN_PAGE = "原件第{page}页，红框为所选单元格"
SCAN_CONFIDENCE = "；识别置信度 {confidence:.0%}"
