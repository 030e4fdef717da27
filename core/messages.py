"""Every Chinese string the core shows a user (rule titles live beside their rules)."""
from __future__ import annotations

# --- refusals: what happened and what to do ---------------------------------------------------
REFUSE_EMPTY = "文件是空的（0 字节），无法检查。请确认文件已完整保存或下载。"
REFUSE_LEGACY = ("这是本程序无法直接读取的旧版 Office 格式（如 Word 2003 XML）。"
                 "请用 Word 或 WPS 打开后“另存为” .docx（表格另存为 .xlsx），再检查。")
REFUSE_LEGACY_WORD6 = ("这是 Word 6.0 / Word 95 时代的文档格式，本程序无法直接读取。"
                       "请用 Word 或 WPS 打开后“另存为” .docx，再检查。")
REFUSE_CORRUPT_OLE = ("文件已损坏或不完整（{detail}），无法读取。请用 Word、Excel 或 WPS 打开"
                      "（它们常能修复），“另存为” .docx（表格另存为 .xlsx）后再检查。")
REFUSE_ENCRYPTED = ("文件设有打开密码（已加密），无法读取。请在 Word 或 WPS 中取消密码"
                    "（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）后另存一份再检查。")
REFUSE_ENCRYPTED_PDF = ("PDF 文件设有密码，无法读取。命令行可用 --password 提供密码，"
                        "或请使用报告的 Word 版本。")
REFUSE_CORRUPT = "文件已损坏或不完整（{detail}），无法读取。请重新下载或从原始文件重新导出后再试。"
REFUSE_TOO_LARGE = "文件过大（{size}，上限 {limit}），不像一份年度报告。请确认选择了正确的文件。"
REFUSE_INFLATED = ("文件解压后的内容过大（超过 {limit}），可能是异常或恶意构造的文件，已停止读取。"
                   "请确认文件来源，或用 Word、WPS 或 Excel 打开后另存一份再检查。")
REFUSE_TOO_MUCH_TEXT = "文件中的文字过多（超过 {limit} 字），不像一份年度报告。请确认选择了正确的文件。"
REFUSE_HOSTILE_XML = ("文件中含有不安全的 XML 结构（实体定义或外部引用），已拒绝读取。"
                      "请确认文件来源，或用 Word、WPS 或 Excel 打开后另存一份再检查。")
REFUSE_UNSUPPORTED = ("无法识别的文件类型{detail}。请提供 .docx、.doc、.wps、.xlsx、.pdf、.ofd、.txt、.md "
                      "或 .html 格式的报告。")
REFUSE_NOT_A_REPORT = ("文件中没有找到政府信息公开工作年度报告的内容（既无“政府信息公开”年度报告标题，"
                       "也无标准表格）。请确认选择了正确的文件。")
REFUSE_SCANNED = ("这是扫描件（PDF 中只有图片，没有文字），无法检查其中的文字和数字。"
                  "请使用报告的 Word 版本（.docx）进行检查。")
REFUSE_ENCODING = "无法识别文本文件的编码，请以 UTF-8 或 GB18030 编码另存后再试。"
REFUSE_NOT_FOUND = "找不到文件：{path}"
REFUSE_UNREADABLE = "无法读取文件（{detail}）。请确认文件没有被其他程序独占打开，且有读取权限。"

PRIOR_UNREADABLE_TITLE = "上年度报告无法读取"
PRIOR_UNREADABLE = "上年度报告无法读取，未做跨年度检查：{reason}"

TABLE_NAMES = {"t2": "表二（主动公开政府信息情况）", "t3": "表三（收到和处理政府信息公开申请情况）",
               "t4": "表四（政府信息公开行政复议、行政诉讼情况）"}
TABLE_SHORT = {"t2": "表二", "t3": "表三", "t4": "表四"}
LEVELS = ("人民政府", "部门", "乡镇街道", "街道办事处")


def human_size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.0f} MB"
    return f"{n / 1024:.0f} KB"


def describe_source(ref) -> str:
    """第3个表格第14行第5列 / 第12段 / 第40行 / 工作表“表三” C7 / 第2页."""
    parts = []
    if ref.page is not None:
        parts.append(f"第{ref.page}页")
    if ref.sheet is not None:
        parts.append(f"工作表“{ref.sheet}”")
    if ref.cell is not None:
        parts.append(f"{ref.cell}单元格")
        return "".join(parts[:1]) + " " + parts[-1] if len(parts) > 1 else parts[0]
    if ref.table is not None:
        parts.append(f"第{ref.table + 1}个表格")
        if ref.row is not None:
            parts.append(f"第{ref.row + 1}行")
        if ref.col is not None:
            parts.append(f"第{ref.col + 1}列")
    elif ref.line is not None:
        parts.append(f"第{ref.line}行")
        if ref.col is not None:
            parts.append(f"第{ref.col + 1}项")
    elif ref.block is not None:
        parts.append(f"第{ref.block + 1}段")
    return "".join(parts) or "文件中"

# --- PDF reader ----------------------------------------------------------------------------------
REFUSE_TOO_MANY_PAGES = ("PDF 共 {pages} 页，超过上限 {limit} 页，不像一份年度报告。"
                         "请确认选择了正确的文件。")
REFUSE_TOO_MANY_PAGES_UNCOUNTED = ("PDF 超过 {limit} 页的上限，不像一份年度报告。请确认选择了正确的文件。")
PDF_UNMAPPED_GLYPHS = ("PDF 中有 {count} 个字符缺少文字编码，无法识别，相应内容可能缺失。"
                       "如检查结果异常，请使用报告的 Word 版本。")
PDF_SCANNED_PAGES = "PDF 第{pages}页只有图片、没有文字（可能是扫描页），这些页面的内容未能检查。"
PDF_BROKEN = "PDF 结构损坏"
PDF_TRUNCATED = "PDF 文件不完整"


def page_list(numbers) -> str:
    """Page numbers in words: 2、3、4."""
    return "、".join(str(n) for n in numbers)


def pdf_scanned_pages(numbers: list[int]) -> str:
    return PDF_SCANNED_PAGES.format(pages=page_list(numbers))


# --- OFD reader ----------------------------------------------------------------------------------
REFUSE_SCANNED_OFD = ("这是扫描件（OFD 中只有图片，没有文字），无法检查其中的文字和数字。"
                      "请使用报告的 Word 版本（.docx）进行检查。")
REFUSE_ENCRYPTED_OFD = "OFD 文件已加密，无法读取。请使用未加密的 OFD，或报告的 Word 版本。"
REFUSE_TOO_MANY_PAGES_OFD = ("OFD 共 {pages} 页，超过上限 {limit} 页，不像一份年度报告。"
                             "请确认选择了正确的文件。")
OFD_SCANNED_PAGES = "OFD 第{pages}页只有图片、没有文字（可能是扫描页），这些页面的内容未能检查。"
CORRUPT_OFD = "OFD 文档结构异常"


def ofd_scanned_pages(numbers: list[int]) -> str:
    return OFD_SCANNED_PAGES.format(pages=page_list(numbers))


# --- DOCX / XLSX / HTML readers ----------------------------------------------------------------
REFUSE_TOO_MANY_PARTS = ("文件内容过多（超过 {paragraphs} 个段落或 {cells} 个表格单元格），"
                         "不像一份年度报告。请确认选择了正确的文件。")
UNREADABLE_PERMISSION = "没有读取权限，或文件正被其他程序占用"
UNREADABLE_DIRECTORY = "这是一个文件夹，不是文件"
UNSUPPORTED_IMAGE = "（图片文件）"
UNSUPPORTED_BINARY = "（二进制文件，不是文本或 Office 文档）"
UNSUPPORTED_ARCHIVE = "（压缩包）"
UNSUPPORTED_SPECIAL = "（不是普通文件，而是设备或管道）"
UNSUPPORTED_ZIP = "（压缩包，既不是 Word .docx 也不是 Excel .xlsx）"
UNSUPPORTED_ODF = "（OpenDocument 文档，请另存为 .docx 或 .xlsx）"
UNSUPPORTED_RTF = "（RTF 文档，请用 Word 或 WPS 另存为 .docx）"
UNSUPPORTED_MACRO = "（含宏或模板格式的 Office 文件，请另存为普通 .docx 或 .xlsx）"
CORRUPT_ZIP = "压缩结构损坏"
CORRUPT_PART_MISSING = "缺少必要的组成部分"
CORRUPT_XML = "内部 XML 格式错误"
CORRUPT_DOCX = "Word 文档结构异常"
CORRUPT_XLSX = "Excel 工作簿结构异常"
CORRUPT_HTML = "网页内容无法解析"
CORRUPT_COMPRESSION = "使用了 Office 文档不使用的压缩方式"
CORRUPT_OLE = "复合文档结构损坏"
CORRUPT_DOC = "Word 97-2003 文档结构异常"
CORRUPT_XLS = "Excel 97-2003 工作簿结构异常"
UNSUPPORTED_OLE = "（Office 复合文档，但既不是 Word 文档也不是表格）"
XLSX_FORMULA_BLANK = ("工作表“{sheet}”{cell} 单元格的公式无法计算（{reason}），已按空白处理，"
                      "请在 Excel 中打开并保存后再检查。")
XLSX_FORMULA_UNSUPPORTED = "不支持的公式"
XLSX_FORMULA_CYCLE = "公式循环引用"
XLSX_FORMULA_BAD_REF = "引用了不存在的工作表或非数值单元格"
XLSX_FORMULA_ERROR = "公式结果为错误值 {value}"
XLSX_FORMULAS_MORE = "另有 {count} 个单元格的公式无法计算，已按空白处理。"

# --- fixer: corrected DOCX, rebuilt report, blank templates (core/fix, core/fsutil) --------------
FIX_AUTHOR = "年报校对助手"
FIX_INITIALS = "NB"
FIX_BLANK = "（空白）"
FIX_ABSENT = "（无）"
FIX_NOTE_APPLIED = "【已修改】原为“{old}”，现为“{new}”。"
FIX_NOTE_BY_RULE = "依据规则 {rule}（{title}）：{message}"
FIX_NOTE_TYPED = "依据：在年报校对助手中人工填写的数值。"
FIX_NOTE_CONFIRM = "【需确认，未修改】{message}"
FIX_NOTE_HINT = "【建议，未修改】{message}"
FIX_NOTE_OPTIONS = "可选的修正方式："
FIX_NOTE_OPTION = "{n}. {text}"
FIX_NOTE_SUGGEST = "建议：{value}"
FIX_NOTE_RULE = "规则 {rule}（{title}）"
FIX_NOTE_INSERTED = "【已补充】原报告缺少“{heading}”，已按官方格式插入标题和待补充说明，请填写实际内容。"
FIX_CELL_NAME = "{table}“{row}”行“{col}”列"
FIX_CELL_NAME_T4 = "{table}“{row}”组“{col}”列"
FIX_SET_TO = "{cell}改为{value}"
FIX_ROW_VALUES = "{row}依次为：{values}"
FIX_LIST_SEP = "、"
FIX_OPTION_SEP = "；"

FIX_PLACEHOLDER = "【待补充：{what}】"
FIX_SECTION_GUIDANCE = {
    "S1": "总体情况，应涵盖主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五方面内容"
          "（人民政府还应报告工作考核、社会评议和责任追究结果情况）",
    "S2": "主动公开政府信息情况，按官方格式填写表二",
    "S3": "收到和处理政府信息公开申请情况，按官方格式填写表三，并核对勾稽关系",
    "S4": "政府信息公开行政复议、行政诉讼情况，按官方格式填写表四",
    "S5": "本年度政府信息公开工作存在的主要问题，以及相应的改进情况和措施",
    "S6": "其他需要报告的事项，如依据国办函〔2020〕109号计收相关款项的金额（或未计收的说明）、"
          "人大代表建议和政协提案办理结果公开情况等",
}
FIX_TOPIC_GUIDANCE = {
    "active": "本年度主动公开政府信息的情况：公开渠道、数量、重点领域信息公开、政策解读等",
    "request": "依申请公开工作情况：申请渠道、收到和办理申请的总体情况（与表三一致）",
    "management": "政府信息管理情况：公开属性认定、保密审查、主动公开目录和政策文件清理等",
    "platform": "政府信息公开平台建设情况：门户网站、政务新媒体、政务公开专区等",
    "oversight": "监督保障情况：组织领导、制度建设、培训、考核评议和责任追究等",
}
FIX_TABLE_TO_FILL = "原报告没有{table}，请按实际情况填写下表（没有发生的事项填0）。"
FIX_TEMPLATE_TITLE = "【机关名称】【年份】年政府信息公开工作年度报告"
FIX_TEMPLATE_INTRO = ("编制依据（《中华人民共和国政府信息公开条例》）、报告包括的部分、报告数据统计期限"
                      "（【年份】年1月1日至12月31日）、电子版查阅和联系方式")
FIX_TEMPLATE_SIGN_AGENCY = "【机关名称】"
FIX_TEMPLATE_SIGN_DATE = "【年】【月】【日】"

# the table header words the standard data does not carry
FIX_T2_CONTENT_HEADER = "信息内容"
FIX_T3_APPLICANT_HEADER = "申请人情况"
FIX_T3_ORG_HEADER = "法人或其他组织"
FIX_T4_SUIT_HEADER = "行政诉讼"

# fonts of the official document style (GB/T 9704)
FIX_FONT_TITLE = "方正小标宋简体"
FIX_FONT_HEADING1 = "黑体"
FIX_FONT_HEADING2 = "楷体_GB2312"
FIX_FONT_BODY = "仿宋_GB2312"
FIX_FONT_TABLE = "仿宋_GB2312"
FIX_FONT_PAGE_NUMBER = "宋体"

# the XLSX data template
FIX_SHEETS = {"t2": "表二 主动公开", "t3": "表三 依申请公开", "t4": "表四 复议诉讼"}
FIX_XL_ERROR_TITLE = "输入有误"
FIX_XL_ERROR_COUNT = "请填写不小于0的整数（件数）；没有发生的事项填0。"
FIX_XL_ERROR_AMOUNT = "请填写不小于0的数字（单位：万元，可有小数）；没有收费填0。"
FIX_XL_PROMPT_TITLE = "填写说明"
FIX_XL_PROMPT_COUNT = "填写件数（不小于0的整数），没有发生的填0。"
FIX_XL_PROMPT_AMOUNT = "填写金额（万元），没有收费填0。"
FIX_XL_NOTE = ("说明：白色单元格填写数字（没有发生的填0）；灰色单元格为公式，自动计算；"
               "不符合勾稽关系的单元格显示为红色。")

# results and failures shown by the fix and template commands
FIX_DONE = "已生成修正后的文件：{path}"
FIX_DONE_REBUILT = "原文件不是 .docx 格式，已按标准格式和公文格式重新生成完整报告：{path}"
FIX_SUMMARY = "已修改 {applied} 处（已加底色和批注）；{pending} 处需要人工确认或仅作建议（已加批注，未修改）。"
FIX_UNPLACED = "另有 {count} 处无法在文档中定位，未写入：{items}"
FIX_NOTHING = "没有可以自动修正的问题；已生成文件副本。"
FIX_REFUSED = "无法修正：{reason}"
TEMPLATE_DONE = "已生成空白模板：{path}"
FIX_FAILED = "无法生成文件：{reason}"
OUT_SAME_AS_INPUT = "输出文件不能与原文件相同（原文件不会被修改）。请另选一个文件名。"
OUT_EXISTS = "输出文件已存在：{path}。为避免误覆盖，未写入；请另选文件名，或确认覆盖（命令行加 --overwrite）。"
OUT_IS_DIR = "输出路径是一个文件夹：{path}。请指定文件名。"
OUT_NO_FOLDER = "保存位置不存在：{folder}。请先创建该文件夹，或另选保存位置。"
OUT_PERMISSION = ("无法写入 {path}：没有写入权限，或该文件正被其他程序（如 Word、WPS）打开。"
                  "请关闭该文件或另选保存位置后重试。")
OUT_DISK_FULL = "磁盘空间不足，无法保存 {path}。请清理磁盘空间或另选保存位置后重试。"
OUT_OTHER = "无法保存 {path}（{detail}）。"
OUT_BAD_SUFFIX = "输出文件名应以 {expected} 结尾。"
OUT_TEMPLATE_SUFFIX = "模板文件名应以 .docx（空白报告）或 .xlsx（数据模板）结尾。"
FIX_SUBHEADING = "（{numeral}）{title}"

# --- batch ------------------------------------------------------------------------------------
BATCH_TIMEOUT = "检查超时（超过 {seconds} 秒没有进展），已跳过此文件；其余文件照常检查。"
BATCH_TIMEOUT_TOTAL = "检查超时（此文件已检查超过 {minutes} 分钟），已跳过此文件；其余文件照常检查。"
BATCH_CRASHED = "检查此文件时程序出错（{detail}），已跳过；其余文件照常检查。"
BATCH_STATUS = {"checked": "已检查", "refused": "无法读取", "not_a_report": "非年度报告",
                "timeout": "超时", "crashed": "出错"}
BATCH_SIMILAR_RULE = "BATCH-SIMILAR"
BATCH_SIMILAR_TITLE = "内容雷同"
BATCH_SIMILAR_SAME = "与同一机关另一年度的报告正文 {share:.0%} 相同（年份以外几乎照抄）：{other}"
BATCH_SIMILAR_OTHER = "与另一机关的报告正文 {share:.0%} 相同：{other}"
BATCH_NO_FILES = "文件夹中没有找到文件：{folder}"
BATCH_DONE = "共检查 {n} 个文件，用时 {seconds:.1f} 秒；汇总表已保存：{out}"
BATCH_DATA_DONE = "数据汇总已保存：{out}"
BATCH_NEED_OUTPUT = "请用 -o 指定汇总表（.xlsx），或用 --data 指定数据汇总文件（.xlsx 或 .csv）。"
BATCH_PROGRESS = "已完成 {done}/{total} 个文件　每秒 {rate:.1f} 个　预计还需 {left}"
BATCH_STAGE_YEARS = "正在对 {n} 份报告与同一机关上一年度的报告做跨年度核对……"
BATCH_STAGE_SIMILAR = "正在查找内容雷同（{n} 个文件）……"
BATCH_STAGE_WRITE = "正在写入：{out}"
BATCH_JOURNAL = "逐个文件的检查结果已随检查进度保存在：{path}（每行一个文件，JSON 格式）"
BATCH_WRITE_FAILED = "写入 {out} 时出错（{detail}），汇总表没有生成。已完成的检查结果没有丢失，保存在：{path}"
BATCH_INTERRUPTED = "批量检查已中断。已完成的 {n} 个文件的检查结果保存在：{path}"
BATCH_FAILED = "批量检查意外出错（{detail}）。已完成的 {n} 个文件的检查结果保存在：{path}"
BATCH_MINUTES = "{m} 分 {s:02d} 秒"
BATCH_SECONDS = "{s} 秒"

# --- OCR (scanned pages and image files) --------------------------------------------------------
OCR_DOUBT = "识别不确定，请核对原件"
OCR_PAGES = "第{pages}页是扫描图像，文字和数字由程序识别（OCR）得到，可能有误；标为“识别不确定”的数字请对照原件核对。"
OCR_NO_TEXT = "图片中没有识别出文字，无法检查。请确认这是年度报告的扫描件，或改用报告的 Word、PDF 版本。"
OCR_IMAGE_BROKEN = "图片文件已损坏，无法打开"
OCR_IMAGE_TOO_LARGE = "图片过大（像素过多），不像一页扫描件，已拒绝读取。"
UNSUPPORTED_IMAGE_NO_OCR = "（图片文件。本版本不含文字识别功能，请使用“年报校对助手-OCR”版本，或改用报告的 Word、PDF 版本）"
UNREAD_PAGES = "第{pages}页只有图片、没有文字（可能是扫描页），没有读取，这些页面上的内容未能检查。"
UNREAD_UNSEEN = "没有找到的{items}可能就在这些页面上，没有按缺少报告，请对照原件核对。"
UNREAD_NO_OCR = "本版本不含文字识别功能，扫描页可用“年报校对助手-OCR”版本读取。"
REFUSE_SCANNED_NO_OCR = ("这是扫描件（PDF 中只有图片，没有文字）。本版本不含文字识别功能，"
                         "请使用“年报校对助手-OCR”版本检查，或改用报告的 Word 版本。")

OCR_DOUBT_CELL = "{cell}识别为“{found}”（识别置信度 {confidence:.0%}），{doubt}（{where}）。"
OCR_DOUBT_RELATION = "按勾稽关系此格可能应为{expected}。"
OCR_ARITH_NOTE = "此格数字由扫描件识别得到，请先对照原件确认识别无误。"
OCR_LABEL_TYPO = ("{where}标签识别为“{found}”，与官方标签“{official}”略有出入，多为识别误差，"
                  "也可能是原件笔误，请对照原件核对（第{page}页）。")


def ocr_pages_note(numbers: list[int]) -> str:
    return OCR_PAGES.format(pages=page_list(numbers))

# --- arithmetic repairs (core/rules/arithmetic.py) ----------------------------------------------
ARITH_SET = "把 {cell} 改为 {value}"
ARITH_DECIDED = "（同样小的修正有{n}种，依据：{evidence}。）"
ARITH_TOO_MANY_TABLE = "{table}的合计与各项对不上。"
ARITH_TOO_MANY = ("本组有{count}处勾稽关系不成立（{relations}），需要改动超过{max}个单元格才能全部"
                  "成立，不一致之处太多，无法定位是哪几格有误，请逐项核对。")

# --- the rebuilt report (core/fix/docx_build.py), issue 16 -----------------------------------------
FIX_NOTE_R6 = ("原表使用2019年版格式的单行“（六）其他处理”（各列为{values}）。2021年版格式把它分为三行："
               "本程序把原数值填入“3.其他”行，“1.”“2.”两行填0，各列合计不变。请作者核实后确认"
               "（本行：{row}）。")
FIX_TRUNCATED = "原文件在此中断，其后的表格行和章节缺失"
FIX_NOTE_TRUNCATED = ("原文件在这里中断（例如网页只保存了开头），其后的表格行、表格和章节都看不到，"
                      "修正稿也只能到此为止。请使用完整的报告文件重新生成。")
FIX_TABLE_MISSING = "原报告中没有找到{table}，请按官方格式补充该表（没有发生的事项填0）"
FIX_UNREAD_ROWS = "{table}中空白的行"
FIX_UNREAD = ("原件第{pages}页只有图片、没有读取，{what}可能就在这些页面上，请对照原件补全"
              "（没有发生的事项填0）")
