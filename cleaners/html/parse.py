"""One safe lxml parse per page: comments kept (CMS body markers live in them), no network, no entities."""
from __future__ import annotations

import re
from itertools import chain
from typing import Iterator

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from .. import regexcache

# comments stay: <!--正文start--> and <!--ZJEG_RSS.content.begin--> mark the body on CMS pages. huge_tree: without
# it libxml2 silently drops what is nested over 256 deep, and CMS output nests tables in tables that deep; the
# size limits it also lifts are the inputs' own cap (cleaners.limits.MAX_BYTES)
PARSER = lxml.html.HTMLParser(remove_comments=False, remove_pis=True, no_network=True, recover=True, huge_tree=True)
# lxml.html picks each node's class in Python (form and input elements get their own); a fixed lookup in C
# gives every element the same HtmlElement class (which trafilatura and htmldate accept) without that call,
# about 0.5 ms a page
_LOOKUP = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
)
PARSER.set_element_class_lookup(_LOOKUP)

# lxml refuses str input that declares an encoding; the text is already decoded, so the declaration is moot
_XML_DECL = regexcache.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# the declaration lxml refuses a str for (its own test), when _XML_DECL left one (no "?>" to close it)
_ENCODING_DECL = regexcache.compile(r'^(<\?xml[^>]+)\s+encoding\s*=\s*["\'][^"\']*["\'](\s*\?>|)')

# A str reaches libxml2 as UTF-16 or UCS-4, which it converts to UTF-8 itself, slowly: UTF-8 bytes with the
# encoding fixed (so that no <meta charset> is obeyed) parse to the same tree in half the time.
UTF8_PARSER = lxml.html.HTMLParser(remove_comments=False, remove_pis=True, no_network=True, recover=True,
                                   huge_tree=True, encoding="utf-8")
UTF8_PARSER.set_element_class_lookup(_LOOKUP)

_CONTROL = regexcache.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))
_CONTENT = regexcache.compile("[^\\s\x00-\x08\x0b\x0c\x0e-\x1f]")  # what is neither blank nor a control character


def parse_html(html: str) -> HtmlElement | None:
    """The document tree, or None when there is nothing to parse."""
    html = _XML_DECL.sub("", html.lstrip("\ufeff"), count=1)
    if not _CONTENT.search(html):
        return None
    if _declares_encoding(html):
        return None
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from a JSON escape): lxml takes the str as it is
        return _parse(_CONTROL.sub("", html), PARSER)
    # control characters are not XML: lxml refuses them later, when a tail is moved (tab, LF, CR stay); in
    # UTF-8 they are single bytes that no other character's bytes contain
    return _parse(data.translate(None, _CONTROL_BYTES), UTF8_PARSER)


def _declares_encoding(html: str) -> bool:
    """_ENCODING_DECL on the text without its control characters, which lxml tested; only a text opening
    with "<?xml" can match, so the rest of a page is not copied to find out."""
    head = _CONTROL.sub("", html[:64])
    if len(head) >= 5 and not head.startswith("<?xml"):
        return False
    return bool(_ENCODING_DECL.match(_CONTROL.sub("", html)))


def document_tops(node: HtmlElement) -> list[HtmlElement]:
    """The elements at the top of node's document, in document order: "/" in XPath. The parser leaves more
    than one on some pages (an <html> after </html>), where getroot() gives the first only."""
    top = node.getroottree().getroot()
    return [el for el in (*reversed(list(top.itersiblings(preceding=True))), top, *top.itersiblings())
            if el.tag.__class__ is str]  # not a comment


def document_elements(node: HtmlElement) -> Iterator[HtmlElement]:
    """/descendant::* from node: every element of node's document, in document order. A test on each in
    Python costs less than the same test in an XPath predicate, for which libxml2 builds and sorts the node-set
    of the whole page first (chrome.NAMED, widgets.labelled_widgets: 15-30% less on cwced, more on big pages);
    a union of a few tags through attribute nodes (meta._HEADINGS) stays cheaper as an XPath."""
    tops = document_tops(node)
    # lxml's iterators, not a generator around them: a resumption of a Python frame for each element of the
    # page cost about as much as the test the caller runs on it
    if len(tops) == 1:
        return tops[0].iter(lxml.etree.Element)
    return chain.from_iterable(top.iter(lxml.etree.Element) for top in tops)


class MarkupTooDeep(Exception):
    """Elements nested deeper than libxml2 builds even with huge_tree (2048): what lies below is lost, so the
    page is rejected for that, not taken for a page without an article."""


def _parse(html: str | bytes, parser: lxml.html.HTMLParser) -> HtmlElement | None:
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        root = None
    depth = [error.message for error in parser.error_log if "depth" in (error.message or "").lower()]
    if depth:
        raise MarkupTooDeep(depth[0])
    return root
