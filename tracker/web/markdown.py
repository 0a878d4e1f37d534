"""Markdown as safe HTML: markdown-it-py with raw HTML off (CommonMark plus tables), then nh3 keeps only a
safelist of tags and attributes and marks links ``nofollow``, so a write-up can never carry script."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text: str) -> Markup:
    return Markup(nh3.clean(_RENDERER.render(text or ""), link_rel="noopener noreferrer nofollow"))  # noqa: S704
