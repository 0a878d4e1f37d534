"""The GOV.UK pagination component's items for a list split into pages: the first and last page, the
pages either side of this one, and an ellipsis for each run left out, so a long list needs a short bar."""

from __future__ import annotations

from collections.abc import Callable


def pagination(page: int, pages: int, href: Callable[[int], str], label: str = "Pages of the review queue") -> dict:
    """``govukPagination``'s params for page ``page`` of ``pages`` (``href`` gives each page's address, ``label``
    names the navigation landmark); empty when there is one page, so nothing is shown."""
    if pages <= 1:
        return {}
    items: list[dict] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= 1:
            items.append({"number": number, "href": href(number), "current": number == page})
        elif items and not items[-1].get("ellipsis"):
            items.append({"ellipsis": True})
    params: dict = {"items": items, "landmarkLabel": label}
    if page > 1:
        params["previous"] = {"href": href(page - 1)}
    if page < pages:
        params["next"] = {"href": href(page + 1)}
    return params
