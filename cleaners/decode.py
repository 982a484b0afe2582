"""HTML bytes → text, deciding the encoding on each page's own evidence.

Order of evidence: a byte-order mark, the HTTP/WARC Content-Type charset, a ``<meta charset>`` /
``<meta http-equiv=content-type>`` (or ``<?xml encoding?>``) declaration wherever it sits (the scan is
lazy, so a page that declares early costs a few KB of regex), then the bytes themselves.

A declaration is a claim, checked against the bytes before it is believed:

* every GB label (gb2312, gbk, x-gbk, cp936, euc-cn, …) is read as GB18030, a superset: pages labelled
  gb2312 routinely carry GBK-only characters such as 镕 and 喆;
* Big5 labels are read as Big5-HKSCS, falling back to cp950 (which has the euro sign and ETEN extras);
* bytes that are valid UTF-8 and contain multibyte sequences are UTF-8 whatever the label says (a stale
  gb2312 meta on a UTF-8 page is common): flag ``label_mismatch``;
* a label whose codec cannot decode the bytes loses to one that can (utf-8 label on GBK bytes): flag
  ``label_mismatch``;
* a single-byte Western label (a server default of ISO-8859-1) loses to a clean GB18030/Big5 reading that
  reads as Chinese.

With no usable label the bytes are sniffed: strict UTF-8, then GB18030 (checked against Big5 when the
GB18030 reading does not look like Chinese), then Big5, then charset-normalizer as the last resort.
When nothing decodes cleanly the reading with the fewest errors is kept with ``errors='replace'``.

``decode_html`` never raises. ``flags`` holds ``label_mismatch`` (a declared label was overridden),
``decode_errors`` (U+FFFD or 锟斤拷 in the text) and ``truncated`` (the bytes end inside a character).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import regexcache

__all__ = ["Decoded", "decode_html"]


@dataclass
class Decoded:
    text: str
    encoding: str  # python codec name actually used, e.g. 'utf-8', 'gb18030', 'big5hkscs'
    evidence: str  # 'bom' | 'http' | 'meta' | 'sniff' | 'fallback'
    flags: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- labels

def _norm(label: str) -> str:
    return re.sub(r"[\s_\-.:]", "", label.strip().strip("\"'").lower())


_GB_LABELS = {
    "gb2312", "gbk", "xgbk", "cp936", "ms936", "windows936", "gb231280", "csgb2312", "csiso58gb231280",
    "isoir58", "chinese", "euccn", "xeuccn", "gb18030", "936", "gb",
}
_BIG5_LABELS = {
    "big5", "big5hkscs", "cnbig5", "csbig5", "xxbig5", "xbig5", "cp950", "ms950", "windows950", "big5tw",
    "950", "hkscs",
}
_UTF8_LABELS = {"utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8", "utf"}
_UTF16_LABELS = {
    "utf16", "utf16le", "utf16be", "unicode", "ucs2", "csunicode", "iso10646ucs2", "unicodefeff",
    "unicodefffe", "utf32", "utf32le", "utf32be",
}
_WINDOWS_1252_LABELS = {"iso88591", "latin1", "l1", "ascii", "usascii", "cp819", "ibm819", "cp1252", "windows1252"}


@lru_cache(maxsize=512)
def _codec(label: str | None) -> str | None:
    """Python codec for an encoding label (WHATWG-style), or None when it names nothing usable."""
    if not label:
        return None
    n = _norm(label)
    if n in _GB_LABELS:
        return "gb18030"  # pages labelled gb2312 carry GBK-only characters
    if n in _BIG5_LABELS:
        return "big5hkscs"
    if n in _UTF8_LABELS:
        return "utf-8"
    if n in _UTF16_LABELS:
        return "utf-16"  # honoured only from HTTP, and only when the bytes have NULs: see _decode
    if n in _WINDOWS_1252_LABELS:
        return "cp1252"  # WHATWG: these labels mean windows-1252
    if n in ("xuserdefined", "replacement"):
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if name in ("utf-7", "rot-13") or "base64" in name or "zlib" in name or "bz2" in name or "hex" in name:
        return None  # not a text encoding (or, for UTF-7, one that smuggles markup)
    return _codec_alias(name)


def _codec_alias(name: str) -> str:
    """The same substitutions for a label that only Python's alias table knew."""
    if name in ("gb2312", "gbk"):
        return "gb18030"
    if name in ("big5", "cp950"):
        return "big5hkscs"
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


@lru_cache(maxsize=128)
def _single_byte(codec: str) -> bool:
    try:
        return len(bytes(range(0x80, 0x100)).decode(codec, "replace")) == 128
    except (LookupError, TypeError):
        return False


_HTTP_CHARSET = regexcache.compile(r"""charset\s*=\s*["']?\s*([^\s;"',]+)""", re.I)


def _http_label(content_type: str | None) -> str | None:
    if not content_type:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    m = _HTTP_CHARSET.search(content_type)
    return m.group(1) if m else None


# A comment is consumed whole so a declaration inside it is ignored; a meta tag is consumed with its quoted
# values whole. Every alternative starts with '<' and consumes each byte once, so the scan is linear.
_META_SCAN = re.compile(
    rb"""<!--.*?(?:-->|\Z)"""
    rb"""|<meta(?=[\s/])(?P<meta>(?:[^<>"']|"[^"]*"|'[^']*')*)"""
    rb"""|<\?xml\s(?P<xml>[^<>]*)""",
    re.I | re.S,
)
_ATTR = re.compile(rb"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def _meta_label(data: bytes) -> str | None:
    """First charset declared by a meta tag (or an XML declaration) anywhere in the page.

    The scan is lazy: a page that declares in its head stops after a few KB; one that declares late (after
    an archive toolbar, a long inline script) is still found; one that never declares costs one regex pass.
    """
    if b"charset" not in data and b"CHARSET" not in data and b"encoding" not in data:
        if not re.search(rb"charset|encoding", data, re.I):
            return None
    for m in _META_SCAN.finditer(data):
        attrs = m.group("meta")
        if attrs is not None:
            if b"charset" not in attrs.lower():
                continue
            content = None
            for am in _ATTR.finditer(attrs):
                name = am.group(1).lower()
                value = am.group(2) or am.group(3) or am.group(4) or b""
                if name == b"charset" and value.strip():
                    return value.strip().decode("latin-1")
                if name == b"content" and content is None:
                    cm = _CONTENT_CHARSET.search(value)
                    if cm:
                        content = cm.group(1).decode("latin-1")
            # Lenient on purpose: the content charset counts even without http-equiv (old pages omit it);
            # a wrong one is caught by the byte checks below.
            if content:
                return content
        elif m.group("xml") is not None:
            xm = re.search(rb"""encoding\s*=\s*["']?\s*([\w.:-]+)""", m.group("xml"), re.I)
            if xm:
                return xm.group(1).decode("latin-1")
    return None


# ---------------------------------------------------------------------------------------------- decoding

def _gb_euro_strict(exc: UnicodeError):
    # The WHATWG gb18030 decoder reads a lone 0x80 as the euro sign (GBK/cp936 compatibility); Python's
    # codec rejects it. Anything else stays an error.
    if isinstance(exc, UnicodeDecodeError) and exc.object[exc.start] == 0x80:
        return "\u20ac", exc.start + 1
    raise exc


def _gb_euro_replace(exc: UnicodeError):
    if isinstance(exc, UnicodeDecodeError):
        if exc.object[exc.start] == 0x80:
            return "\u20ac", exc.start + 1
        return "\ufffd", exc.end
    raise exc


codecs.register_error("cleaners_gb_euro_strict", _gb_euro_strict)
codecs.register_error("cleaners_gb_euro_replace", _gb_euro_replace)


def _errors(codec: str, strict: bool) -> str:
    if codec == "gb18030":
        return "cleaners_gb_euro_strict" if strict else "cleaners_gb_euro_replace"
    return "strict" if strict else "replace"


class _Strict:
    """A clean reading: text, codec, and whether the bytes stopped inside a character."""

    __slots__ = ("text", "codec", "truncated")

    def __init__(self, text: str, codec: str, truncated: bool = False):
        self.text, self.codec, self.truncated = text, codec, truncated


def _strict(data: bytes, codec: str) -> _Strict | None:
    """Decode with no error at all, except an incomplete character at the very end (a crawl cut short),
    which becomes one U+FFFD and marks the reading truncated."""
    try:
        return _Strict(data.decode(codec, _errors(codec, True)), codec)
    except UnicodeDecodeError as e:
        if e.start < len(data) - 4 or not ("end of data" in e.reason or "incomplete" in e.reason):
            return None
        try:
            head = data[: e.start].decode(codec, _errors(codec, True))
        except (UnicodeDecodeError, LookupError):
            return None
        return _Strict(head + "\ufffd", codec, truncated=True)
    except (LookupError, TypeError):
        return None


def _lossy(data: bytes, codec: str) -> tuple[str, int]:
    try:
        text = data.decode(codec, _errors(codec, False))
    except (LookupError, TypeError):
        return "", 1 << 62
    return text, text.count("\ufffd")


# Common characters of Chinese running text, simplified and traditional. In a correct reading of a Chinese
# page 75-95% of the hanzi are among them (65 test pages); in a wrong one (GBK read as Big5 or the reverse,
# UTF-8 or Latin-1 bytes read as GBK) 5-12%: mojibake lands on rare characters.
_COMMON_HANZI = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里"
    "用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政"
    "美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员"
    "解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件"
    "计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象"
    "完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改"
    "收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调"
    "深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企"
    "八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列"
    "武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供"
    "效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值"
    "仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳"
    "若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷"
    "洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈"
    "刘读超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户"
    "烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰"
    "鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑"
    "幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材"
    "灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇"
    "雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖"
    "弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促"
    "延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培"
    "迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵侧坡贯"
    # traditional forms of the common characters above that differ
    "這個們來為國說時會對發後過裡種經麼學現當沒動還進樣從實開無與長點問關頭體應戰見產兩聲員論處義東區電數"
    "報結變總務場計資則聽卻達難權設記邊張該規萬覺術領確傳師觀讓識帶導爭運飛風準約複際線視滿須輕顯歷醫專費"
    "號盡較語僅隨選紅響雖勢參眾構節維劃敵陳態護興驗責營紀採舉殺攻蘇愛擊備連調質團價華級離況請斷單遠紙錢網"
    "熱幫歲優鐵藝陣惡塊頓島貨評寶釋顧換聞壞討麗監臨雜誤減編敗夢漸貴槍縣畢輪庫競衛險陸習勞財環歡獲層沖簡檢"
    "協徵勝階審堅媽劉讀買養懷執亂護軍親極辦議轉車機實書劇製產業醫療臺灣區灣後與壓銀馬門問間題頭顏風飛鳥龍"
    "魚鄉禮訴細願帥僅將從徑東樂書畫畫級紅絲經統綠網緊總聯職與興舊藝葉號處術衛裝複見規視覺親觀計認討訓記"
    "設許訴診評詞試詩話該詳誌語誤說誰課調談請論諸講謝證識護讀變讓貝負財貢貨販貧責貴買費貿資賞質購車軍軟載"
    "較輕輪輸轉辦農這連週進遊運過達違遠適選遺還邊郵鄉醫針鐘鋼錄錯長門開閒間閱關陣陽隊階際隨險隱雖雙雜離難"
    "電靈韓頁頂項順須預領頭題額風飛飯館首驗體髮鬥魚鮮鳥麗麥黃點黨齊齒龍"
)
_COMMON_DELETE = {ord(c): None for c in _COMMON_HANZI}
_HANZI_RUN = regexcache.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]+")
_SAMPLE_HANZI = 3000  # enough to judge a reading; bounds the cost on long pages


def _chinese_score(text: str) -> tuple[int, float]:
    """(hanzi seen, share of them that are common) over the first few thousand hanzi of the text."""
    runs, seen = [], 0
    for m in _HANZI_RUN.finditer(text):
        runs.append(m.group())
        seen += m.end() - m.start()
        if seen >= _SAMPLE_HANZI:
            break
    if not seen:
        return 0, 0.0
    hanzi = "".join(runs)
    return seen, (seen - len(hanzi.translate(_COMMON_DELETE))) / seen


_MIN_HANZI = 12  # below this a reading is too short to judge by its characters
_PLAUSIBLE = 0.3  # share of common hanzi: real Chinese >= 0.75, mojibake <= 0.12 on the test pages


def _reads_as_chinese(text: str) -> bool | None:
    """True / False, or None when there are too few hanzi to tell."""
    hanzi, share = _chinese_score(text)
    if hanzi < _MIN_HANZI:
        return None
    return share >= _PLAUSIBLE


_CJK = frozenset({"gb18030", "big5hkscs", "cp950"})


def _big5(data: bytes) -> _Strict | None:
    return _strict(data, "big5hkscs") or _strict(data, "cp950")


def _read(data: bytes, codec: str) -> _Strict | None:
    """Strict reading in a declared codec (Big5 labels get Big5-HKSCS, then cp950)."""
    return _big5(data) if codec in ("big5hkscs", "cp950") else _strict(data, codec)


def _gb_or_big5(data: bytes, gb: _Strict | None = None) -> _Strict | None:
    """The clean GB18030 or Big5 reading; when both are clean, the one that reads more like Chinese.
    Big5 bytes are always valid GB18030, while GBK bytes are almost never valid Big5 (a failed attempt
    stops at its first bad byte, so the check is cheap on GBK pages)."""
    gb = gb or _strict(data, "gb18030")
    b5 = _big5(data)
    if gb is None or b5 is None:
        return gb or b5
    return b5 if _chinese_score(b5.text)[1] > _chinese_score(gb.text)[1] else gb


def _implausible(r: _Strict) -> bool:
    """A clean CJK reading whose characters are not Chinese text: mojibake of other bytes."""
    return r.codec in _CJK and _reads_as_chinese(r.text) is False


def _charset_normalizer(data: bytes) -> str | None:
    """Last resort guess; imported lazily so the happy path never pays for it."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it ships with trafilatura
        return None
    try:
        sample = data if len(data) <= 64000 else data[:32000] + data[-32000:]
        best = from_bytes(sample).best()
    except Exception:  # noqa: BLE001 - a guesser must never break decoding
        return None
    if best is None or not best.encoding:
        return None
    return _codec(best.encoding)


def _sniff(data: bytes, skip: frozenset[str] = frozenset()) -> tuple[_Strict | None, list[_Strict]]:
    """A clean reading from the bytes alone: strict UTF-8, then GB18030 (or Big5 when that reads more like
    Chinese). Codecs in `skip` were already tried. Returns (the reading or None, clean readings that were
    rejected as mojibake, for the lossy ranking)."""
    if "utf-8" not in skip:
        r = _strict(data, "utf-8")
        if r is not None:
            return r, []
    cjk = None
    if "gb18030" not in skip:
        cjk = _strict(data, "gb18030")
        if cjk is not None and _reads_as_chinese(cjk.text) is not False:
            return cjk, []  # plausible Chinese; Big5 bytes read as GB18030 never are
    if "big5hkscs" not in skip and "cp950" not in skip:
        b5 = _big5(data)
        if b5 is not None and (cjk is None or _chinese_score(b5.text)[1] > _chinese_score(cjk.text)[1]):
            cjk = b5
    if cjk is not None and not _implausible(cjk):
        return cjk, []
    return None, [cjk] if cjk is not None else []


class _Lossy:
    __slots__ = ("codec", "text", "errors", "rank")

    def __init__(self, codec: str, text: str, errors: int, rank: int):
        self.codec, self.text, self.errors, self.rank = codec, text, errors, rank


_ASCII_BYTES = bytes(range(0x80))


def _non_ascii(data: bytes) -> int:
    return len(data) - len(data.translate(None, _ASCII_BYTES))


def _rank(data: bytes, codecs_: list[str], clean: list[_Strict], keep: str | None) -> _Lossy:
    """Nothing fits cleanly: rank the readings by class, then U+FFFD count. Class 0: reads as Chinese;
    1: cannot tell (few hanzi); 2: bad, i.e. mojibake (a CJK reading that does not read as Chinese) or
    error-heavy (U+FFFD for over 2% of the non-ASCII bytes). The declared codec `keep` stays unless another
    reading is in a better class, or in the same usable class (0 or 1) with under half its errors: among
    bad readings only, the declaration is as good a guess as any."""
    heavy_at = max(2, _non_ascii(data) // 50)
    rows: list[_Lossy] = []
    seen: set[str] = set()
    for c, pre in [(r.codec, r) for r in clean] + [(c, None) for c in codecs_]:
        if not c or c in seen:
            continue
        seen.add(c)
        if pre is not None:
            text, errs = pre.text, pre.text.count("\ufffd")
        else:
            text, errs = _lossy(data, c)
        verdict = _reads_as_chinese(text)
        if errs > heavy_at or (c in _CJK and verdict is False):
            rank = 2
        else:
            rank = 0 if verdict else 1
        rows.append(_Lossy(c, text, errs, rank))
    best = min(rows, key=lambda r: (r.rank, r.errors))  # min() keeps the earliest of equals
    if keep is not None:
        kept = next((r for r in rows if r.codec == keep), None)
        if kept is not None and not (
            best.rank < kept.rank or (best.rank == kept.rank < 2 and best.errors * 2 < kept.errors)
        ):
            best = kept
    return best


# ---------------------------------------------------------------------------------------------- the API

def _finish(text: str, codec: str, evidence: str, flags: list[str], truncated: bool = False) -> Decoded:
    if truncated and "truncated" not in flags:
        flags.append("truncated")
    if ("\ufffd" in text or "锟斤拷" in text) and "decode_errors" not in flags:
        flags.append("decode_errors")
    return Decoded(text, codec, evidence, flags)


def _last_resort(data: bytes, best: _Lossy, skip: set[str]) -> _Strict | None:
    """charset-normalizer, asked only when every UTF-8/GB18030/Big5 reading is bad. Its guess counts only
    if it decodes the bytes cleanly."""
    if best.rank < 2:
        return None
    guess = _charset_normalizer(data)
    if guess and guess not in skip and guess not in _CJK and guess != "utf-8":
        return _strict(data, guess)
    return None


def _from_declared(data: bytes, codec: str, evidence: str, alt: tuple[str, str] | None) -> Decoded:
    """Believe the declared codec unless the bytes contradict it. `alt` is a second declaration (the meta
    when the header won): it is the first thing tried when the first one loses."""
    if data.isascii():  # every ASCII-compatible codec reads these bytes alike
        return Decoded(data.decode("ascii"), codec, evidence, [])

    def ev(used: str) -> str:  # an override that matches the other declaration is that declaration's win
        if alt is not None and (alt[0] == used or {alt[0], used} <= {"big5hkscs", "cp950"}):
            return alt[1]
        return "sniff"

    # Valid UTF-8 with multibyte sequences is UTF-8 whatever the label says (stale gb2312 metas).
    r = _strict(data, "utf-8")
    if r is not None:
        if codec == "utf-8":
            return _finish(r.text, "utf-8", evidence, [], r.truncated)
        return _finish(r.text, "utf-8", ev("utf-8"), ["label_mismatch"], r.truncated)

    if codec != "utf-8":
        r = _read(data, codec)
        if r is not None:
            if codec == "gb18030":
                best = _gb_or_big5(data, r)  # a gb2312 label on Big5 bytes
                if best is not r and _reads_as_chinese(best.text):
                    return _finish(best.text, best.codec, ev(best.codec), ["label_mismatch"], best.truncated)
            if not _single_byte(codec):
                return _finish(r.text, r.codec, evidence, [], r.truncated)
            # A Western single-byte label decodes anything, and a server default of ISO-8859-1 on a Chinese
            # page is common: a multibyte second declaration that fits, or a reading that reads as Chinese
            # (even with a few bad bytes), wins over it.
            if alt is not None and not _single_byte(alt[0]):
                a = _read(data, alt[0])
                if a is not None and not _implausible(a):
                    return _finish(a.text, a.codec, alt[1], ["label_mismatch"], a.truncated)
            cjk = _gb_or_big5(data)
            if cjk is not None and _reads_as_chinese(cjk.text):
                return _finish(cjk.text, cjk.codec, ev(cjk.codec), ["label_mismatch"], cjk.truncated)
            if cjk is None:
                best = _rank(data, ["gb18030", "big5hkscs"], [], None)
                if best.rank == 0:
                    return _finish(best.text, best.codec, ev(best.codec), ["label_mismatch"])
            return _finish(r.text, r.codec, evidence, [], r.truncated)

    # The bytes contradict the label: the other declaration first, then the bytes alone.
    tried = {"utf-8", codec}
    rejected: list[_Strict] = []
    if alt is not None and alt[0] not in tried:
        a = _read(data, alt[0])
        if a is not None and not _implausible(a) and not _single_byte(alt[0]):
            return _finish(a.text, a.codec, alt[1], ["label_mismatch"], a.truncated)
        if a is not None:
            rejected.append(a)
        tried.add(alt[0])
    r, mojibake = _sniff(data, skip=frozenset(tried))
    if r is not None:
        return _finish(r.text, r.codec, ev(r.codec), ["label_mismatch"], r.truncated)

    # Nothing fits cleanly: rank the lossy readings, keeping the label unless another is far better.
    best = _rank(data, [codec, "utf-8", "gb18030", "big5hkscs"], rejected + mojibake, keep=codec)
    g = _last_resort(data, best, tried | {best.codec})
    if g is not None:
        return _finish(g.text, g.codec, "sniff", ["label_mismatch"], g.truncated)
    if best.codec == codec:
        return _finish(best.text, codec, evidence, [])
    return _finish(best.text, best.codec, ev(best.codec) if ev(best.codec) != "sniff" else "fallback",
                   ["label_mismatch"])


def _decode(data: bytes, content_type: str | None) -> Decoded:
    if not data:
        return Decoded("", "utf-8", "fallback", [])

    # 1. byte-order mark
    if data.startswith(codecs.BOM_UTF8):
        return _from_declared(data[3:], "utf-8", "bom", None)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and (codec.startswith("utf-16") or len(data) % 4 == 0):
            text, _ = _lossy(data[len(bom):], codec)
            return _finish(text, codec, "bom", [])

    # 2./3. declarations: the header before the meta, both checked against the bytes
    declared: list[tuple[str, str]] = []
    http = _codec(_http_label(content_type))
    if http is not None:
        if http.startswith(("utf-16", "utf-32")):
            if data[:1024].count(0) * 4 >= min(len(data), 1024):  # really wide text: trust the header
                if not http.endswith(("le", "be")):
                    http += "-be" if data[:1] == b"\x00" else "-le"
                text, _ = _lossy(data, http)
                return _finish(text, http, "http", [])
            http = "utf-8"  # an ASCII-compatible page labelled UTF-16: WHATWG reads it as UTF-8
        declared.append((http, "http"))
    meta = _codec(_meta_label(data))
    if meta is not None:
        if meta.startswith(("utf-16", "utf-32")):
            meta = "utf-8"  # a meta cannot declare UTF-16 in an ASCII-compatible page (WHATWG)
        if not declared or declared[0][0] != meta:
            declared.append((meta, "meta"))
    if declared:
        return _from_declared(data, *declared[0], declared[1] if len(declared) > 1 else None)

    # 4. the bytes themselves
    if data.isascii():
        return Decoded(data.decode("ascii"), "utf-8", "sniff", [])
    r, mojibake = _sniff(data)
    if r is not None:
        return _finish(r.text, r.codec, "sniff", [], r.truncated)
    best = _rank(data, ["utf-8", "gb18030", "big5hkscs"], mojibake, keep=None)
    g = _last_resort(data, best, set())
    if g is not None:
        return _finish(g.text, g.codec, "sniff", [], g.truncated)
    return _finish(best.text, best.codec, "fallback", [])


def decode_html(data: bytes, content_type: str | None = None) -> Decoded:
    """Raw HTML bytes (and the HTTP/WARC Content-Type value, if any) → Decoded. Never raises."""
    try:
        if data is None:
            data = b""
        elif isinstance(data, str):
            return _finish(data, "utf-8", "fallback", [])  # already text: nothing to decide
        elif not isinstance(data, bytes):
            data = bytes(data)
        return _decode(data, content_type)
    except Exception:  # noqa: BLE001 - the contract is "never raise"
        try:
            text = bytes(data).decode("utf-8", "replace")
        except Exception:  # noqa: BLE001
            text = ""
        return _finish(text, "utf-8", "fallback", ["decode_errors"] if text else [])
