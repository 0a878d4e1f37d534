"""A page as PDF, by WeasyPrint, when it is installed (the ``pdf`` extra: it needs the Pango library).

The page's own style sheets are read from the static folder and put inline, and nothing else is ever
fetched: a PDF is made from the HTML alone, so no address in it can make the server fetch anything.
"""

from __future__ import annotations

from pathlib import Path


class PdfUnavailable(RuntimeError):
    pass


def _refuse(url: str, *args, **kwargs):
    raise ValueError(f"a PDF fetches nothing: {url}")


def available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):  # OSError: installed, but the Pango library is missing
        return False
    return True


# What the printable assessment is styled with: the design system, the app's pieces, one A4 sheet.
PRINT_STYLESHEETS = ("govuk/govuk-frontend.min.css", "app.css", "print.css")


def inline_css(static: Path, names: tuple[str, ...] = PRINT_STYLESHEETS) -> str:
    return "\n".join((static / name).read_text(encoding="utf-8") for name in names)


def render(html: str) -> bytes:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable("PDFs need WeasyPrint: pip install 'partnership-meeting-cost-tracker[pdf]'") from exc
    return weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf()


def pages(html: str) -> int:
    """How many pages the PDF of ``html`` has: the assessment is meant to fit on one."""
    import weasyprint

    return len(weasyprint.HTML(string=html, url_fetcher=_refuse).render().pages)
