"""Image captions, placeholders and reading-UI buttons between paragraphs."""
from __future__ import annotations

import re
from statistics import median

from ..document import Document
from ..textutil import ends_sentence, is_section_heading
from . import rule

PLACEHOLDER = re.compile(
    r"^[(（【\[]?\s*(资料图片?|资料照片|图片来源[^)）】\]]*|图片由.{1,20}提供|配图|网络配图|图源[:：].{0,20}|视频截图|截图|示意图"
    r"|图片?[:：].{0,20}|(新华社|中新社)?(记者|通讯员)?\s*[\u4e00-\u9fff·\s]{2,12}\s*摄(影)?)\s*[)）】\]]?$"
)
_CAPTION_LEAD = re.compile(r"^(图为|上图|下图|左图|右图|图①|图②|图③|图\d)")
# "…安化县一块花生地里正录制视频 李尕 摄": a caption signed by its photographer
_SIGNED_CAPTION = re.compile(
    r"[^。！？!?]\s+(?:(?:本报|本台|新华社|中新社)?(?:记者|通讯员)\s*)?[\u4e00-\u9fff·]{2,4}(?:[\s、]+[\u4e00-\u9fff·]{2,4})*\s*摄(?:影)?$"
)
CAPTION_MAX = 60


@rule("image_placeholder")
def image_placeholder(doc: Document) -> None:
    """"(资料图片)", "(记者 张三 摄)", "图为…", "… 李尕 摄": they stood for an image, not for text."""
    doc.drop_where(
        lambda _i, t: PLACEHOLDER.match(t) or (_CAPTION_LEAD.match(t) or _SIGNED_CAPTION.search(t)) and len(t) <= CAPTION_MAX,
        "image_placeholder",
    )


# buttons of a portal's reading UI that extraction leaves as lines of their own
READER_BUTTON = re.compile(
    r"^[【\[(（]?\s*(?:点击)?(?:展开全文|展开剩余\s*\d{1,3}\s*%|阅读全文|查看全文|继续阅读|余下全文|显示全文"
    r"|(?:点击)?(?:打开|下载).{0,8}?(?:APP|App|app|客户端).{0,10}?(?:阅读|查看|看).{0,6}"
    r"|返回\S{1,6}?[,，]?\s*查看更多|查看更多内容?|点击(?:查看)?大图|查看原图|展开|收起"
    r"|(?:(?:pdf|PDF|word|Word|WORD|doc|DOC|docx|wps|WPS|ofd|OFD)\s*(?:下载|版)\s*)+"
    r"|返回目录|返目录|回首页|返回首页|回到顶部|返回顶部|TOP)\s*[】\])）]?\s*[>》»]*[\ue000-\uf8ff]?$"
)
# "[1] [2] [3] [4] [5] [6]", "首页 上一页 1 2 3 下一页 尾页": the pages of a paginated article
PAGER = re.compile(r"^(?:(?:首页|上一页|下一页|末页|尾页|上页|下页|[\[【(（]?\d{1,3}(?!\d)[\]】)）]?)\s*){3,}$")


@rule("reader_buttons")
def reader_buttons(doc: Document) -> None:
    """"展开全文", "阅读全文", "返回搜狐，查看更多", a pager ("[1] [2] [3]"): buttons, not text, wherever the
    page put them."""
    doc.drop_where(lambda _i, t: READER_BUTTON.match(t) or PAGER.match(t), "reader_buttons")


@rule("gap_caption")
def gap_caption(doc: Document) -> None:
    """A short line set apart by wider gaps than the paragraphs is a caption where an image stood.
    Section headings are set apart the same way: numbered ones and lead-ins ending in a colon or dash stay."""
    if len(doc.lines) < 3:
        return
    usual = median(line.gap for line in doc.lines[1:])

    def is_caption(i: int, text: str) -> bool:
        wide = doc.lines[i].gap > max(usual, 1)
        return (0 < i and wide and len(text) <= CAPTION_MAX and not ends_sentence(text)
                and not is_section_heading(text))

    doc.drop_where(is_caption, "gap_caption")
