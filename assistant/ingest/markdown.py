"""Markdown as a reader sees it: link text without its URL, no emphasis markers, no list bullets.

News pages arrive as Markdown (or as HTML, which trafilatura turns into Markdown), full of links
and labels. What is embedded, scored, quoted and shown is the rendered text: one block per
paragraph, heading, list item or table row, separated by blank lines so that no sentence runs
from one block into the next. Every offset of a chunk or a citation indexes into that text. The
links the article makes are kept beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

_TAG = re.compile(r"<[^>]+>")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Where an image stood: dropped with the space before it when punctuation follows ("an image .").
_GONE = "\x00"
_GAP_BEFORE_PUNCTUATION = re.compile(r"[ \t]*\x00[ \t]*(?=[.,;:!?)])")


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Rendered:
    text: str
    heading: str  # the first level-1 or level-2 heading, "" when there is none
    links: tuple[Link, ...]


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline(children: list[Token], links: list[Link]) -> str:
    out: list[str] = []
    link_start: int | None = None
    href = ""
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "html_inline" and _BREAK_TAG.fullmatch(child.content.strip()):
            out.append("\n")
        elif child.type == "link_open":
            link_start, href = len(out), str(child.attrs.get("href", ""))
        elif child.type == "link_close" and link_start is not None:
            text = "".join(out[link_start:]).strip()
            if href:
                links.append(Link(text, href))
            link_start = None
        elif child.type == "image":
            out.append(_GONE)
        # Inline HTML and emphasis markers are not text a reader reads.
    text = _GAP_BEFORE_PUNCTUATION.sub("", "".join(out)).replace(_GONE, "")
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def render_markdown(source: str) -> Rendered:
    blocks: list[str] = []
    links: list[Link] = []
    heading = ""
    in_heading = ""
    row: list[str] | None = None
    for token in _parser().parse(source):
        if token.type == "heading_open":
            in_heading = token.tag
        elif token.type == "heading_close":
            in_heading = ""
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if any(row):
                blocks.append(" | ".join(row))
            row = None
        elif token.type == "inline":
            text = _inline(token.children or [], links)
            if row is not None:
                row.append(text)
            elif text:
                blocks.append(text)
                if in_heading in ("h1", "h2") and not heading:
                    heading = " ".join(text.split())
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(token.content.strip())
        elif token.type == "html_block":
            text = " ".join(_TAG.sub(" ", token.content).split())
            if text:
                blocks.append(text)
    return Rendered("\n\n".join(blocks), heading, tuple(links))
