"""Markdown for user text: rendered by markdown-it-py with raw HTML off, then cleaned by
nh3 (an allow-list sanitizer), so neither Markdown nor HTML can smuggle in a script."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}


def render_markdown(text: str, *, whole_document: bool = False) -> str:
    """Safe HTML for ``text``. Within a page, headings h1/h2 would compete with the page's
    own and are folded down; ``whole_document`` keeps them (an exported record is the
    page)."""
    html = _md.render(text or "")
    tags = ALLOWED_TAGS
    if whole_document:
        tags = ALLOWED_TAGS | {"h1", "h2"}
    else:
        html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
        html = html.replace("<h2>", "<h4>").replace("</h2>", "</h4>")
    return nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


def plain_text(text: str) -> str:
    """Markdown as one line of plain words (for a summary), without its markup."""
    from html import unescape

    from django.utils.html import strip_tags

    return " ".join(unescape(strip_tags(render_markdown(text))).split())
