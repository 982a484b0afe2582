"""Is a story about science-and-technology innovation (科创)? For sources that publish everything."""
from __future__ import annotations

import re

from .textutil import LazyPattern

# vocabulary of 科创 reporting: research, technology, innovation, talent, industry upgrading, 科协 work
TERMS = (
    "科技 科创 创新 科学 科协 科普 研发 研究院 研究所 实验室 技术 院士 专家 博士 人才 工程师 高新 专利 成果转化 孵化 "
    "众创 产学研 数字化 数字经济 智能 智造 人工智能 芯片 半导体 新能源 新材料 生物医药 大数据 云计算 互联网 5G 算力 "
    "航天 卫星 新质生产力 产业升级 转型升级 高质量发展 揭榜挂帅 院校 高校 学会 试点 示范 平台 攻关 卡脖子"
).split()
_TERM = LazyPattern("|".join(sorted(map(re.escape, TERMS), key=len, reverse=True)))

TITLE_HITS = 1        # one 科创 term in the headline is enough
PER_1000_CHARS = 4.0  # otherwise the text must be dense with them


def relevance(title: str | None, text: str) -> tuple[bool, str]:
    """(on topic, why): the reason names the evidence, so a dropped story can be audited."""
    title_hits = _TERM.findall(title or "")
    if len(title_hits) >= TITLE_HITS:
        return True, f"title: {' '.join(dict.fromkeys(title_hits))}"
    hits = _TERM.findall(text)
    density = len(hits) * 1000 / max(len(text), 1)
    why = f"{len(hits)} 科创 terms in {len(text)} chars ({density:.1f}/1000), none in the title"
    return density >= PER_1000_CHARS, why
