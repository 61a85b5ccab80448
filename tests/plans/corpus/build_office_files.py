"""Rebuild the corpus's .docx and .xlsx files from the published text they carry.

Four corpus documents were published as web pages whose layout an office would receive as a
Word, Excel or PDF file: a task table (霍山经济开发区), a numbered list (立山区), a responsibility
table (龙湾区) and a notice with its task list (下陆区, typeset as a PDF).  Their text below is the
stored page text, unchanged; only the container is ours (see SOURCES.md).  Run ``python tests/plans/corpus/build_office_files.py`` to write them again;
the files are committed, so tests never run this.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

HUOSHAN_TITLE = "2025年开发区重点工作及责任清单"
HUOSHAN_HEADER = ("序号", "重点工作", "责任领导", "责任单位", "完成时限")
HUOSHAN_ROWS = (
    ("1", "坚持服务跟着项目走,优化“重点项目直通车”“无忧办”工作机 制,落实重点项目“领导+专班””“项目管家”等制度,全力服务重 大项目落地见效。",
     "叶林", "招商工作部、安商工作部", "全年"),
    ("2", "全力推进开发区“空间再造”,推动工业用地“腾笼换鸟”,力争 全年盘活僵尸企业10家,盘活存量土地400亩。",
     "马振明", "改革办", "全年"),
    ("3", "持续提升园区承载能力,加快推进开发区污水处理厂及污水管 网提升项目,全面做好纬六路以北、中沟以北地块水电气路网 等基础设施配套。",
     "张云峰", "规划建设局", "全年"),
)

LISHAN_HEAD = (
    "立山区政府2023年重点工作任务分解和责任分工方案",
    "为全面贯彻落实党的二十大精神,深入贯彻中央、省市工作会议精神和市委十三届五次全会精神、区委十五届四次全会精神,"
    "认真贯彻国家、省、市关于2023年重点工作部署,聚焦辽宁省全面振兴新突破三年行动、鞍山市“抓项目、进企业、解难题”专项行动,"
    "做好今年政府工作,努力实现全年经济社会发展的目标任务,现就全区2023年重点工作,制定分工方案如下。",
    "一、经济社会发展的主要预期目标",
)
# (item text without its number: Word numbers it; the role lines that follow it)
LISHAN_ITEMS = (
    ("努力实现地区生产总值增长6.2%左右。", ("牵头单位:区发改局", "责任单位:立山经济开发区,全区经济运行各专班")),
    ("规模上工业增加值增长5%左右。", ("牵头单位:区工信局", "责任单位:立山经济开发区")),
    ("固定资产投资增长15%左右。", ("牵头单位:区发改局", "责任单位:立山经济开发区,各街道、区直各部门")),
    ("社会消费品零售总额增长9%左右。", ("牵头单位:区商务局", "责任单位:各街道,区市场局")),
    ("一般公共预算收入增长8%左右。", ("牵头单位:区财政局", "责任单位:立山经济开发区,各街道,税务局")),
    ("居民收入增长与经济增长基本同步。", ("牵头单位:区发改局", "责任单位:各街道,各相关单位")),
)

LONGWAN_TITLE = "2023年区政府工作报告重点工作责任分解"
LONGWAN_LEAD_IN = ("区本级重点工作责任分解:", "一、夏禹桨区长牵头重点工作", "总负责。", "二、李丹常委、常务副区长牵头重点工作")
LONGWAN_HEADER = ("序号", "重点工作", "区本级任务数", "责任单位")
LONGWAN_ROWS = (
    ("1", "地区生产总值增长6.5%。", "", "区发改局"),
    ("2", "一般公共预算收入增长与经济增长基本同步。", "", "区财政局"),
    ("3", "固定资产投资增长10.0%左右。", "5%", "区发改局"),
    ("4", "单位生产总值能耗确保完成上级下达的目标任务。", "", "区发改局"),
    ("5", "精准承接中央五大政策和省市“8+4”经济政策体系,迭代更新龙湾稳增长政策措施,力争全年兑现惠企资金20亿元。",
     "9亿元", "区政府办公室*、区财政局"),
    ("6", "抢抓利好政策释放窗口期,争取省市财政专项资金13亿元以上、专项债额度15亿元。", "12亿元/10亿元", "区财政局*、区发改局"),
    ("7", "发挥政府产业基金作用,设立新能源、软件、生命健康等重点领域专项子基金,力争基金投资超10亿元,助力新兴产业高质量发展。",
     "10亿元", "区财政局*、区科技局、区投促中心"),
    ("8", "认真落实温州扩大有效投资“百项千亿”工程,充分发挥重大项目推进专班作用,全周期跟进解决审批核准、要素保障、投资融资等问题,"
     "推动更多重大项目纳入国家用地用海保障范围和能耗单列清单,以超常规力度实现项目早开工、早竣工、早投产。", "", "区发改局"),
    ("9", "着力推进重大建设项目340个以上,实现固定资产投资478亿元,打好有效投资翻身仗。", "190个/226亿元", "区发改局"),
)


XIALU_LINES = (
    "区人民政府办公室",
    "关于印发2020年区政府重点工作责任分解的",
    "通 知",
    "各新区、区政府各部门、各市级垂管单位:",
    "《2020年区政府重点工作责任分解》已经区政府研究同意,现印发给你们,请认真抓好落实。",
    "2020年6月28日",
    "2020年区政府重点工作责任分解",
    "根据区十届人大四次会议通过的《区政府工作报告》,现将2020年区政府重点工作责任分解如下。",
    "今年经济社会发展的主要预期目标是:地区生产总值、规模以上工业增加值、固定资产投资、社会消费品零售总额、"
    "地方公共财政预算收入、外贸出口等指标增幅高于全市平均水平,其他指标与全市基本同步。",
    "一、全力统筹疫情防控和经济社会秩序恢复",
    "(一)坚持常态化疫情防控",
    "1、切实提高政治站位,慎终如始精准抓好疫情防控工作。按照“防松懈、防输入、防反弹”要求,建立常态化疫情防控机制,"
    "全面落实科学防控、精密智控、闭环管控。对重点人群核酸检测应检尽检,全力做好无症状感染者的监测、追踪、隔离和治疗。"
    "[牵头单位:区卫健局;责任单位:区疫情防控指挥部成员单位、各街办(新区)]",
    "2、以爱国卫生运动和文明城市创建为抓手,大力开展环境卫生综合整治,强化群众风险防控意识,切实巩固疫情防控成果。"
    "[牵头单位:区卫健局、区创文办;责任单位:区疫情防控指挥部成员单位、区创文工作领导小组成员单位、各街办(新区)]",
)


def build_xialu(path: Path) -> None:
    """A4 pages as a Word-made PDF would have them: one paragraph after another, lines wrapped by width.

    The font is reportlab's built-in STSong-Light (a CID font every PDF reader has), so the file
    carries a text layer and no embedded font.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=16, leading=28, wordWrap="CJK", firstLineIndent=32)
    title = ParagraphStyle("title", parent=body, alignment=1, firstLineIndent=0, fontSize=20, leading=32)
    titles = {XIALU_LINES[0], XIALU_LINES[1], XIALU_LINES[2], "2020年区政府重点工作责任分解"}
    story = [Paragraph(line, title if line in titles else body) for line in XIALU_LINES]
    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm,
        title="2020年区政府重点工作责任分解", author="", creator="", producer="",
    )
    document.build(story)


def build_huoshan(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph(HUOSHAN_TITLE)
    table = document.add_table(rows=1, cols=len(HUOSHAN_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HUOSHAN_HEADER):
        cell.text = text
    for row in HUOSHAN_ROWS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text
    document.save(path)


def build_lishan(path: Path) -> None:
    """Items numbered by Word ("List Number" style: the numbers live in numbering.xml)."""
    import docx

    document = docx.Document()
    for line in LISHAN_HEAD:
        document.add_paragraph(line)
    for text, roles in LISHAN_ITEMS:
        paragraph = document.add_paragraph(text, style="List Number")
        # As Word's numbering button writes it: the paragraph names the list (numId) and level.
        numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = 0
        numbering.get_or_add_numId().val = _style_list(document, "List Number")
        for role in roles:
            document.add_paragraph(role)
    document.save(path)


def _style_list(document, style_name: str) -> int:
    """The numId the template's list style points at."""
    return document.styles[style_name].element.pPr.numPr.numId.val


def build_longwan(path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "责任分解"
    width = len(LONGWAN_HEADER)
    rows = [(LONGWAN_TITLE,)] + [(line,) for line in LONGWAN_LEAD_IN] + [LONGWAN_HEADER] + list(LONGWAN_ROWS)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value or None)
        if len(row) == 1:  # title and section lines span the table, as on the page
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    workbook.save(path)


def main() -> None:
    build_huoshan(HERE / "huoshan-kfq-2025-zhongdian.docx")
    build_lishan(HERE / "lishan-2023-zhongdian-fengong.docx")
    build_longwan(HERE / "longwan-2023-gzbg-zeren.xlsx")
    build_xialu(HERE / "xialu-2020-zhongdian-fenjie.pdf")


if __name__ == "__main__":
    main()
