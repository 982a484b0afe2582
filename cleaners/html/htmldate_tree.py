"""htmldate on our own tree without the copy it makes of it.

Given a parsed tree, htmldate.find_date deep-copies it before pruning what it never reads (<video>, <svg>, the
Wayback Machine's toolbar …) and serialising it. That copy is a second tree as big as the page's (a libxml2 node
per element, per attribute and per text: for 99,000 links, 53 MB from 3.8 MB of HTML), held while the
first is, only so that the caller's tree stays whole. Here the tree is lent instead: htmldate prunes it in
place, and every element it took out is put back where it was, with the text around it as it was, before the
caller sees the tree again. htmldate's answer is the one it gives on a copy (same tree, same pruning); the
elements it may take out are found by its own lists, so a new htmldate that prunes more is still undone.

The copy is skipped through the one name htmldate.core calls it by (`deepcopy`), for the tree lent by the
calling thread only: any other tree is copied as before. Should htmldate stop calling it so, or lack the lists,
nothing is skipped and nothing is lost but the saving (tests/test_pathological_pages.py checks that it is made).

htmldate is imported here too (import_htmldate), with the patterns it and the libraries it imports compile at
import built from our store of compiled patterns (cleaners/regexcache.py).
"""
from __future__ import annotations

import re
import sys
import threading
from contextlib import contextmanager
from copy import deepcopy
from typing import Iterator

import lxml.etree
from lxml.html import HtmlElement

from .. import deferred, regexcache

_LENT = threading.local()
_IMPORTING = threading.Lock()
_STORING = threading.local()


def import_htmldate() -> None:
    """import htmldate (without urllib3 and dateutil.tz in the CLI's own processes: deferred.own_process), with
    re.compile answered from the store of compiled patterns meanwhile: htmldate, dateutil and urllib3 compile
    about a hundred patterns at import, a fifth of the import's time, in every process that reads a date. The store gives the pattern re.compile gives (cleaners/regexcache.py); what it
    cannot give (bytes, re.DEBUG, a pattern it fails on) is left to re.compile. A module that took
    re.compile by name meanwhile (charset_normalizer does, for its import) keeps a function that still gives
    re.compile's patterns."""
    if "htmldate" in sys.modules:
        return
    with _IMPORTING:
        real = re.compile

        def compile(pattern, flags=0):
            # regexcache falls back on re.compile: that call, in this thread, goes to the real one
            if pattern.__class__ is not str or flags & re.DEBUG or getattr(_STORING, "busy", False):
                return real(pattern, flags)
            _STORING.busy = True
            try:
                return regexcache.compile(pattern, flags)
            finally:
                _STORING.busy = False

        re.compile = compile
        try:
            if deferred.OWN_PROCESS:
                # urllib3 is for fetching pages, dateutil.tz for dates with a time zone, charset_normalizer for
                # decoding fetched bytes: imported when htmldate needs them
                deferred.import_without("htmldate", "urllib3", "dateutil.tz",
                                        functions={"charset_normalizer": ("from_bytes",)})
            else:
                __import__("htmldate")
        finally:
            re.compile = real


def _copy_unless_lent(tree, memo=None):
    return tree if tree is getattr(_LENT, "tree", None) else deepcopy(tree, memo)


def _install() -> bool:
    """Route htmldate.core's deepcopy through _copy_unless_lent; False when htmldate has no such name."""
    import htmldate.core

    current = getattr(htmldate.core, "deepcopy", None)
    if current is _copy_unless_lent:
        return True
    if current is not deepcopy:
        return False
    htmldate.core.deepcopy = _copy_unless_lent
    return True


_prunable: tuple[tuple[str, ...], lxml.etree.XPath, lxml.etree.XPath] | None = None


def prunable(root: HtmlElement) -> list[HtmlElement]:
    """What htmldate may take out of a tree it prunes, in document order: the tags of its cleaning list,
    scripts and styles (its fast mode's last pass), and its 'unwanted' sections."""
    global _prunable
    if _prunable is None:
        from htmldate.extractors import DISCARD_EXPRESSIONS
        from htmldate.settings import CLEANING_LIST

        tags = tuple(sorted({*CLEANING_LIST, "script", "style"}))
        union = lxml.etree.XPath(" | ".join([f"descendant-or-self::{t}" for t in tags] + [DISCARD_EXPRESSIONS.path]))
        _prunable = tags, DISCARD_EXPRESSIONS, union
    tags, unwanted, union = _prunable
    if unwanted(root):  # the Wayback Machine's toolbar: rare enough for the union's walk per tag
        return union(root)
    return list(root.iter(*tags))  # one walk in C


@contextmanager
def lent(root: HtmlElement) -> Iterator[None]:
    """htmldate may prune root in place meanwhile; afterwards every element is back, its text unchanged."""
    try:
        found = prunable(root)
    except ImportError:  # an htmldate without these lists
        found = None
    if found is None or not _install():
        yield  # htmldate copies the tree itself, as it always did
        return
    # where each element htmldate may remove sits: the node before it (whose tail a drop_tree() extends)
    # or, for a first child, its parent (whose text it extends)
    places = []
    for el in found:
        parent = el.getparent()
        if parent is None:
            continue
        prev = el.getprevious()
        places.append((el, parent, prev, parent.text if prev is None else prev.tail))
    _LENT.tree = root
    try:
        yield
    finally:
        _LENT.tree = None
        # in document order, so that an element's earlier siblings and its parent are back before it is
        for el, parent, prev, _ in places:
            if el.getparent() is None:
                if prev is None:
                    parent.insert(0, el)
                else:
                    prev.addnext(el)
        for el, parent, prev, text in places:
            if prev is None:
                if parent.text != text:
                    parent.text = text
            elif prev.tail != text:
                prev.tail = text
