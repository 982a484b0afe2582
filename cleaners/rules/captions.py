"""Image captions, placeholders and reading-UI buttons between paragraphs."""
from __future__ import annotations

from ..document import Document
from ..textutil import LazyPattern, ends_sentence, is_prose, is_section_heading
from ..vocabulary import NAMES, PHOTO_CREDIT, PHOTO_POSITION
from . import drop_lines, rule

PLACEHOLDER = LazyPattern(
    r"^[(（【\[]?\s*(资料图片?|资料照片|图片来源[^)）】\]]*|图片由.{1,20}提供|配图|网络配图|图源[:：].{0,20}|视频截图|截图|示意图"
    r"|图片?[:：].{0,20}|(新华社|中新社)?(记者|通讯员)?\s*[\u4e00-\u9fff·\s]{2,12}\s*摄(影)?|[\u4e00-\u9fff·]{2,16}供图"
    r"|[\u4e00-\u9fff·A-Za-z]{1,16}\s+(?:资料图片?|资料照片?|网络配图|示意图))\s*[)）】\]]?$"   # "李敖 资料图": who the file photo shows
)
# "上图：…", "下图为…" label a picture; "上图就是它的主界面，…" is a sentence that points at one
_CAPTION_LEAD = LazyPattern(r"^(图为|[上下左右]图(?:[:：\s]|为)|图①|图②|图③|图\d)")
# "…安化县一块花生地里正录制视频 李尕 摄", "…身亡。王煌忠摄", "…现场。 记者陈嘉宁／摄影": signed by the photographer
_SIGNED_CAPTION = LazyPattern(
    rf"(?:[^。！？!?]\s+|[。！？!?]\s*)(?:(?:本报|本台|新华社|中新社)?(?:记者|通讯员)\s*)?{NAMES}\s*[/／]?\s*(?:摄影?|翻摄)$"
)
# a line closed by a photo credit ("…处理。（图／记者林悦翻摄）", "（资料照）") or placing people in a photo
# ("薛夫洛根（右）和占士法兰高。美联社"), or led by the arrows captions wear ("▲警消到场时…")
_CREDITED = LazyPattern(rf"{PHOTO_CREDIT}\s*$|[。\s]\s*(?:图|照片|图片)\s*[/／:：]\s*\S{{2,16}}$|^◎?\s*(?:照片|图片)来源\s*[:：]")
_POSITIONED = LazyPattern(PHOTO_POSITION)
_ARROW = LazyPattern(r"^[▲△▼▽]")
_AGENCY_END = LazyPattern(r"[。）)]\s*(?:美联社|路透社?|法新社|新华社|中新社|AP|AFP|Reuters)$")
CAPTION_MAX = 60
POSITIONED_MAX = 80
CREDITED_MAX = 200   # a caption is a sentence or two; a longer line is a paragraph quoting a source


# what each pattern cannot match without: a word it holds or the way it ends. Checked first (substring tests in
# C), they spare nearly every line of running text the regexes, which searched it from every character
_AGENCY_NAMES = ("美联社", "路透社", "路透", "法新社", "新华社", "中新社", "AP", "AFP", "Reuters")  # _AGENCY_END's
_CREDIT_CLOSERS = ")）﹞〕]"  # PHOTO_CREDIT's last character


def is_caption(text: str) -> bool:
    """A line that describes a picture, judged by its own words (where it stands is gap_caption's evidence)."""
    tu = "图" in text
    # every alternative of PLACEHOLDER holds 图, 摄 or 资料
    if (tu or "摄" in text or "资料" in text) and PLACEHOLDER.match(text):
        return True
    # _CREDITED: a photo credit closing the line, or 图/照片 (图片来源, 照片来源) in it
    if (len(text) <= CREDITED_MAX and (tu or "照片" in text or text.rstrip()[-1:] in _CREDIT_CLOSERS)
            and _CREDITED.search(text)):
        return True
    if len(text) <= CAPTION_MAX:
        # "下图为规划网络拓扑：" hands over to the picture: a sentence of the text, not its caption
        if tu and _CAPTION_LEAD.match(text) and not is_section_heading(text):
            return True
        if text.endswith("摄") or text.endswith("摄影"):
            if _SIGNED_CAPTION.search(text):
                return True
        elif text.endswith(_AGENCY_NAMES) and _AGENCY_END.search(text):
            return True
    return len(text) <= POSITIONED_MAX and bool(_ARROW.match(text)
                                                or ("(" in text or "（" in text) and _POSITIONED.search(text))


# a chart's title: what it counts ("…申请量", "…汇总") with the span of years it covers or the note under it
# ("（按照企业名称字母排序）", "（单位：亿元）"); a section is not titled so
_STATISTIC = (r"(?:申请量|数量|总量|产量|销量|增速|增长率|占比|比重|排名|排行榜?|汇总|一览表?|统计|分布图?|走势图?|趋势图|指标"
              r"|对比图|示意图|结构图|流程图|图谱|全景图)")
_YEAR_SPAN = r"(?:19|20)\d{2}\s*[-—–~至到]\s*(?:19|20)?\d{2}\s*年"
_CHART_NOTE = r"[(（](?:按|单位|数据来源|来源|注)[^()（）]{0,20}[)）]"
_CHART_TITLE = LazyPattern(
    rf"^(?=.*(?:{_YEAR_SPAN}|{_CHART_NOTE}))[^，。；！？,;!?]{{4,40}}?{_STATISTIC}\s*(?:{_CHART_NOTE})?$"
)


def is_chart_title(doc: Document, i: int) -> bool:
    """"2010-2018年中国专利申请量和商标申请量" between two paragraphs titles a chart that was an image; over rows
    of a table it titles the table, which is text."""
    lines = doc.lines
    text = lines[i].text
    # _CHART_TITLE's lookahead wants a span of years (…年) or a note in brackets somewhere in the line
    return (0 < i < len(lines) - 1 and ("年" in text or "(" in text or "（" in text) and bool(_CHART_TITLE.match(text))
            and is_prose(lines[i - 1].text) and is_prose(lines[i + 1].text))


@rule("image_placeholder")
def image_placeholder(doc: Document) -> None:
    """"(资料图片)", "(记者 张三 摄)", "图为…", "… 李尕 摄", a chart's title: they stood for an image, not for
    text."""
    drop_lines(doc, [i for i, line in enumerate(doc.lines) if is_caption(line.text) or is_chart_title(doc, i)],
               "image_placeholder")


# buttons of a portal's reading UI that extraction leaves as lines of their own
READER_BUTTON = LazyPattern(
    r"^[【\[(（]?\s*(?:点击)?(?:展开全文|展开剩余\s*\d{1,3}\s*%|阅读全文|查看全文|继续阅读|余下全文|显示全文"
    r"|(?:点击)?(?:打开|下载).{0,8}?(?:APP|App|app|客户端).{0,10}?(?:阅读|查看|看).{0,6}"
    r"|返回\S{1,6}?[,，]?\s*查看更多|查看更多内容?|点击(?:查看)?大图|查看原图|展开|收起"
    r"|(?:(?:pdf|PDF|word|Word|WORD|doc|DOC|docx|wps|WPS|ofd|OFD)\s*(?:下载|版)\s*)+"
    r"|返回目录|返目录|回首页|返回首页|回到顶部|返回顶部|TOP)\s*[】\])）]?\s*[>》»]*[\ue000-\uf8ff]?$"
)
# "[1] [2] [3] [4] [5] [6]", "首页 上一页 1 2 3 下一页 尾页": the pages of a paginated article
PAGER = LazyPattern(r"^(?:(?:首页|上一页|下一页|末页|尾页|上页|下页|[\[【(（]?\d{1,3}(?!\d)[\]】)）]?)\s*){3,}$")


# the characters every match of READER_BUTTON or PAGER opens with, besides spaces and digits (tests/
# test_text_speedups.py derives them from the patterns): a line opening with another is spared both matches
_BUTTON_OPENERS = frozenset("([【（DOPTWdopw下余回展打收显查点继返阅上尾末首")


def _may_be_button(text: str) -> bool:
    first = text[:1]
    return first in _BUTTON_OPENERS or first.isspace() or first.isdecimal()


@rule("reader_buttons")
def reader_buttons(doc: Document) -> None:
    """"展开全文", "阅读全文", "返回搜狐，查看更多", a pager ("[1] [2] [3]"): buttons, not text, wherever the
    page put them."""
    drop_lines(doc, [i for i, line in enumerate(doc.lines)
                     if _may_be_button(t := line.text) and (READER_BUTTON.match(t) or PAGER.match(t))], "reader_buttons")


def _median(values: list[int]) -> float:
    """statistics.median of values (not empty), as it works it out: importing statistics (fractions, decimal,
    random) was 10 ms of the first document of every process with three lines or more."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@rule("gap_caption")
def gap_caption(doc: Document) -> None:
    """A short line set apart by wider gaps than the paragraphs is a caption where an image stood.
    Section headings are set apart the same way: numbered ones and lead-ins ending in a colon or dash stay."""
    if len(doc.lines) < 3:
        return
    usual = _median([line.gap for line in doc.lines[1:]])

    def is_caption(i: int, text: str) -> bool:
        wide = doc.lines[i].gap > max(usual, 1)
        return (0 < i and wide and len(text) <= CAPTION_MAX and not ends_sentence(text)
                and not is_section_heading(text))

    drop_lines(doc, [i for i, line in enumerate(doc.lines) if is_caption(i, line.text)], "gap_caption")
