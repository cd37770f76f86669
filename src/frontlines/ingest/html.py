"""HTML -> main text and metadata.

The text comes from the first of these that yields any (``HtmlDoc.method`` says which):

1. ``trafilatura``: the article's main text, without navigation, footers, share links, comments;
2. ``lxml``: the text of the page's block elements outside page furniture (nav, header, footer,
   aside, forms), one paragraph per block: short fragments and odd layouts trafilatura rejects;
3. ``lxml-all``: every text node of the page but scripts, styles and templates;
4. ``tokens``: when libxml2 cut the tree short (it stops at 256 levels of nesting: a page nested
   50,000 elements deep keeps none of its text), the text of a streaming tokeniser (the standard
   library's ``html.parser``, which builds no tree), again without scripts and styles.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import MalformedInput
from .metadata import HtmlMeta, html_metadata

log = logging.getLogger(__name__)

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
         "button", "select", "iframe", "head", "title"}
_BLOCK = {"p", "div", "section", "article", "main", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "pre", "tr", "br", "dd", "dt", "figcaption", "td", "th", "ul", "ol", "table"}


_NO_TEXT = {"script", "style", "noscript", "template", "svg", "head", "title"}


@dataclass(frozen=True)
class HtmlDoc:
    text: str  # paragraphs separated by blank lines, not yet cleaned
    meta: HtmlMeta
    method: str = "trafilatura"  # how the text was found: trafilatura | lxml | lxml-all | tokens


def parse_tree(html: str, *, doc: str):
    """An lxml tree of the page; MalformedInput when it is not HTML at all."""
    return _parse(html, doc=doc)[0]


def _parse(html: str, *, doc: str):
    """(tree, truncated): ``truncated`` when libxml2 stopped early at one of its resource limits
    (nesting depth), so that the tree lacks part of the page."""
    import lxml.html
    from lxml import etree

    src = html.encode("utf-8", "replace")  # lets lxml ignore an encoding declaration
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        tree = lxml.html.document_fromstring(src, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        raise MalformedInput(f"malformed HTML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                             doc=doc, fix="give a complete HTML page or plain text") from exc
    truncated = any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message
                    for e in parser.error_log)
    return tree, truncated


def _fallback_text(tree) -> str:
    """Text of block elements outside page furniture, one paragraph per block (an explicit stack,
    not recursion: pages nest deeper than Python's recursion limit)."""
    parts: list[str] = []
    body = tree.find("body")
    stack: list = [(body if body is not None else tree, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:  # after the children: the block's end and the element's tail
            if tag in _BLOCK:
                parts.append("\n\n")
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _SKIP:
            if el.tail:
                parts.append(el.tail)
            continue
        if tag in _BLOCK:
            parts.append("\n\n")
        if el.text and tag:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(parts)


def _all_text(tree) -> str:
    """Every text node of the page but those of scripts, styles and templates."""
    parts: list[str] = []
    for el in tree.iter():
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _BLOCK or tag in _SKIP:
            parts.append("\n\n")
        if el.text and tag and tag not in _NO_TEXT and not _inside(el, _NO_TEXT):
            parts.append(el.text)
        if el.tail and not _inside(el, _NO_TEXT):
            parts.append(el.tail)
    return "".join(parts)


def _inside(el, tags: set[str]) -> bool:
    parent = el.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag.lower() in tags:
            return True
        parent = parent.getparent()
    return False


def _token_text(html: str) -> str:
    """The page's text from a streaming tokeniser: no tree, so no depth limit."""
    from html.parser import HTMLParser

    parts: list[str] = []
    skipping: list[str] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag in _NO_TEXT:
                skipping.append(tag)
            elif tag in _BLOCK:
                parts.append("\n\n")

        def handle_endtag(self, tag: str) -> None:
            if skipping and tag == skipping[-1]:
                skipping.pop()
            elif tag in _BLOCK:
                parts.append("\n\n")

        def handle_data(self, data: str) -> None:
            if not skipping:
                parts.append(data)

    parser = Collect(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return "".join(parts)


def _blank(text: str | None) -> bool:
    return not text or not text.strip()


def extract_html(html: str, *, doc: str, url: str | None = None) -> HtmlDoc:
    """Main text and metadata of an HTML page (see the module doc for the order of methods)."""
    tree, truncated = _parse(html, doc=doc)
    meta = html_metadata(tree)
    text = None
    if not truncated:  # trafilatura parses the page again, with the same limit: it would find nothing
        try:
            import trafilatura

            text = trafilatura.extract(html, url=url, output_format="txt", include_comments=False,
                                       include_tables=False, include_images=False, deduplicate=False)
        except Exception as exc:  # noqa: BLE001 - third-party extractor: fall back, never crash the run
            log.debug("%s: trafilatura failed: %s", doc, exc)
    if not _blank(text):
        paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
        return HtmlDoc(text="\n\n".join(paragraphs), meta=meta, method="trafilatura")
    if truncated:
        log.info("%s: the HTML nests deeper than the parser's limit; reading its text as a token stream", doc)
        return HtmlDoc(text=_token_text(html), meta=meta, method="tokens")
    text = _fallback_text(tree)
    if not _blank(text):
        return HtmlDoc(text=text, meta=meta, method="lxml")
    return HtmlDoc(text=_all_text(tree), meta=meta, method="lxml-all")
