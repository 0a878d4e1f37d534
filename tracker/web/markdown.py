"""Markdown as safe HTML: markdown-it-py with raw HTML off (CommonMark plus tables), then nh3 keeps only a
safelist of tags and attributes and marks links ``nofollow``, so a write-up can never carry script."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

TAGS = nh3.ALLOWED_TAGS - {"img"}  # the pages' policy loads no image from elsewhere: none is shown broken
_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text: str) -> Markup:
    html = _RENDERER.render(text or "")
    return Markup(nh3.clean(html, tags=TAGS, link_rel="noopener noreferrer nofollow"))  # noqa: S704
