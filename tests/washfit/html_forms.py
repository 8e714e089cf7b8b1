"""The fields of a page's form as a browser would send them: for tests that load a form, then post it."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "y")
            elif kind not in ("submit", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.fields):
            self.fields[self._select] = a.get("value", "")  # a browser sends the first choice when none is selected

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            if not self.fields[self._textarea]:
                data = data.removeprefix("\r\n").removeprefix("\n")  # as a browser drops the first line break
            self.fields[self._textarea] += data


def form_fields(html: str) -> dict[str, str]:
    """Every named field of the page with the value it shows (checked boxes only)."""
    parser = _Fields()
    parser.feed(html)
    return parser.fields


def load_form(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return form_fields(response.get_data(as_text=True))


def page_without_tokens(client, url: str) -> str:
    """The page's HTML without its CSRF tokens, which carry the second they were signed: two loads
    of an unchanged page compare equal."""
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', client.get(url).get_data(as_text=True))
