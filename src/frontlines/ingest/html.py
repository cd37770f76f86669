"""HTML -> main text (trafilatura, with a plain block-level fallback) and metadata."""
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


@dataclass(frozen=True)
class HtmlDoc:
    text: str  # paragraphs separated by blank lines, not yet cleaned
    meta: HtmlMeta


def parse_tree(html: str, *, doc: str):
    """An lxml tree of the page; MalformedInput when it is not HTML at all."""
    import lxml.html
    from lxml import etree

    src = html.encode("utf-8", "replace")  # lets lxml ignore an encoding declaration
    try:
        tree = lxml.html.document_fromstring(src, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        raise MalformedInput(f"malformed HTML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                             doc=doc, fix="give a complete HTML page or plain text") from exc
    return tree


def _fallback_text(tree) -> str:
    """Text of block elements outside page furniture, one paragraph per block."""
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _SKIP:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag.lower() in _BLOCK
        if block:
            parts.append("\n\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n\n")
        if el.tail:
            parts.append(el.tail)

    body = tree.find("body")
    walk(body if body is not None else tree)
    return "".join(parts)


def extract_html(html: str, *, doc: str, url: str | None = None) -> HtmlDoc:
    """Main text and metadata of an HTML page. Trafilatura removes navigation, footers, share
    links and comments; when it finds nothing (short fragments, odd layouts) the text of the
    page's block elements outside nav/header/footer/aside is used."""
    tree = parse_tree(html, doc=doc)
    meta = html_metadata(tree)
    text = None
    try:
        import trafilatura

        text = trafilatura.extract(html, url=url, output_format="txt", include_comments=False,
                                   include_tables=False, include_images=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - third-party extractor: fall back, never crash the run
        log.debug("%s: trafilatura failed: %s", doc, exc)
    if text and text.strip():
        paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
        text = "\n\n".join(paragraphs)
    else:
        text = _fallback_text(tree)
    return HtmlDoc(text=text, meta=meta)
