"""HTML to plain text for digests: no script or style, block tags become paragraph breaks."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Their content is never text a reader sees.
_SKIP = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "math"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_BREAK = "\x00"  # paragraph break marker while collecting; NUL never survives sanitising


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        # convert_charrefs: entities are decoded once, by the parser, and never again.
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.skip_stack:
            self.skip_stack.clear()  # an unclosed <head> ends where the body starts
        if tag in _SKIP:
            self.skip_stack.append(tag)
            return
        if self.skip_stack:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append(_BREAK)
            if tag == "pre":
                self.pre += 1
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self.parts.append(f" {alt.strip()} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return  # <svg/>: nothing inside
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_stack:
            if tag in self.skip_stack:
                # Close the innermost matching element and anything left open inside it.
                while self.skip_stack and self.skip_stack.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self.parts.append(_BREAK)
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_stack:
            return
        if self.pre:
            self.parts.append(data)
        else:
            self.parts.append(_WHITESPACE.sub(" ", data))


def html_to_text(html: str) -> str:
    """The readable text of an HTML document: one blank line between blocks."""
    collector = _TextCollector()
    collector.feed(html.replace(_BREAK, ""))
    collector.close()
    # Two line breaks in a row (<br><br>) separate paragraphs, as a blank line does.
    text = re.sub(r"\n[ \t]*\n", _BREAK, "".join(collector.parts))
    blocks = []
    for block in text.split(_BREAK):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        block_text = "\n".join(line for line in lines if line)
        if block_text:
            blocks.append(block_text)
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def looks_like_html(data: bytes) -> bool:
    """True when the start of ``data`` is an HTML document."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        head.startswith(b"<") and b"<html" in head
    )
