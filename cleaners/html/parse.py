"""One safe lxml parse per page: comments kept (CMS body markers live in them), no network, no entities."""
from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

# comments stay: <!--正文start--> and <!--ZJEG_RSS.content.begin--> mark the body on CMS pages
PARSER = lxml.html.HTMLParser(remove_comments=False, remove_pis=True, no_network=True, recover=True, huge_tree=False)
# lxml.html picks each node's class in Python (form and input elements get their own); a fixed lookup in C
# gives every element the same HtmlElement class (which trafilatura and htmldate accept) without that call,
# about 0.5 ms a page
PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
))

# lxml refuses str input that declares an encoding; the text is already decoded, so the declaration is moot
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_html(html: str) -> HtmlElement | None:
    """The document tree, or None when there is nothing to parse."""
    # control characters are not XML: lxml refuses them later, when a tail is moved (tab, LF, CR stay)
    html = _CONTROL.sub("", _XML_DECL.sub("", html.lstrip("\ufeff"), count=1))
    if not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html, parser=PARSER)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root
