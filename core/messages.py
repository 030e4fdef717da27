"""Every Chinese string the core shows a user (rule titles live beside their rules)."""
from __future__ import annotations

# --- refusals: what happened and what to do ---------------------------------------------------
REFUSE_EMPTY = "文件是空的（0 字节），无法检查。请确认文件已完整保存或下载。"
REFUSE_LEGACY = ("这是旧版 Office 格式（.doc / .wps / .et / .xls），本程序无法直接读取。"
                 "请用 Word 或 WPS 打开后“另存为” .docx（表格另存为 .xlsx），再检查。")
REFUSE_ENCRYPTED = ("文件设有打开密码（已加密），无法读取。请在 Word 或 WPS 中取消密码"
                    "（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）后另存一份再检查。")
REFUSE_ENCRYPTED_PDF = ("PDF 文件设有密码，无法读取。命令行可用 --password 提供密码，"
                        "或请使用报告的 Word 版本。")
REFUSE_CORRUPT = "文件已损坏或不完整（{detail}），无法读取。请重新下载或从原始文件重新导出后再试。"
REFUSE_TOO_LARGE = "文件过大（{size}，上限 {limit}），不像一份年度报告。请确认选择了正确的文件。"
REFUSE_INFLATED = ("文件解压后的内容过大（超过 {limit}），可能是异常或恶意构造的文件，已停止读取。")
REFUSE_HOSTILE_XML = "文件中含有不安全的 XML 结构（实体定义或外部引用），已拒绝读取。"
REFUSE_UNSUPPORTED = ("无法识别的文件类型{detail}。请提供 .docx、.xlsx、.pdf、.txt、.md 或 .html 格式的报告。")
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
PDF_UNMAPPED_GLYPHS = ("PDF 中有 {count} 个字符缺少文字编码，无法识别，相应内容可能缺失。"
                       "如检查结果异常，请使用报告的 Word 版本。")

# --- DOCX / XLSX / HTML readers ----------------------------------------------------------------
REFUSE_TOO_MANY_PARTS = ("文件内容过多（超过 {paragraphs} 个段落或 {cells} 个表格单元格），"
                         "不像一份年度报告。请确认选择了正确的文件。")
UNSUPPORTED_IMAGE = "（图片文件）"
UNSUPPORTED_BINARY = "（二进制文件，不是文本或 Office 文档）"
UNSUPPORTED_ARCHIVE = "（压缩包）"
UNSUPPORTED_ZIP = "（压缩包，既不是 Word .docx 也不是 Excel .xlsx）"
UNSUPPORTED_ODF = "（OpenDocument 文档，请另存为 .docx 或 .xlsx）"
UNSUPPORTED_OFD = "（OFD 版式文件，请使用报告的 Word 或 PDF 版本）"
UNSUPPORTED_RTF = "（RTF 文档，请用 Word 或 WPS 另存为 .docx）"
UNSUPPORTED_MACRO = "（含宏或模板格式的 Office 文件，请另存为普通 .docx 或 .xlsx）"
CORRUPT_ZIP = "压缩结构损坏"
CORRUPT_PART_MISSING = "缺少必要的组成部分"
CORRUPT_XML = "内部 XML 格式错误"
CORRUPT_DOCX = "Word 文档结构异常"
CORRUPT_XLSX = "Excel 工作簿结构异常"
CORRUPT_HTML = "网页内容无法解析"
XLSX_FORMULA_BLANK = ("工作表“{sheet}”{cell} 单元格的公式无法计算（{reason}），已按空白处理，"
                      "请在 Excel 中打开并保存后再检查。")
XLSX_FORMULA_UNSUPPORTED = "不支持的公式"
XLSX_FORMULA_CYCLE = "公式循环引用"
XLSX_FORMULA_BAD_REF = "引用了不存在的工作表或非数值单元格"
XLSX_FORMULA_ERROR = "公式结果为错误值 {value}"
XLSX_FORMULAS_MORE = "另有 {count} 个单元格的公式无法计算，已按空白处理。"
