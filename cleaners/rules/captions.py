"""Image captions and placeholders between paragraphs."""
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
CAPTION_MAX = 60


@rule("image_placeholder")
def image_placeholder(doc: Document) -> None:
    """"(资料图片)", "(记者 张三 摄)", "图为…": they stood for an image, not for text."""
    doc.drop_where(
        lambda _i, t: PLACEHOLDER.match(t) or (_CAPTION_LEAD.match(t) and len(t) <= CAPTION_MAX),
        "image_placeholder",
    )


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
