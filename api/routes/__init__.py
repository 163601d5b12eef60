"""One router per resource; the links between pages are built here.

Keys contain ``/`` and ``@`` (``2022/3542-ubnd-vx@ubnd-tinh-lai-chau``); routes take them as
``{key:path}`` and links keep both characters readable while escaping the rest.

>>> document_url("2022/3542-ubnd-vx@ubnd-tinh-lai-chau")
'/documents/2022/3542-ubnd-vx@ubnd-tinh-lai-chau'
>>> document_url("1068/CĐ-TTg", api=True)
'/api/documents/1068/C%C4%90-TTg'
"""

from __future__ import annotations

from urllib.parse import quote as _quote

__all__ = ["authority_url", "document_url", "quote_key"]


def quote_key(key: str) -> str:
    return _quote(key, safe="/@")


def document_url(key: str, suffix: str = "", *, api: bool = False) -> str:
    base = "/api/documents/" if api else "/documents/"
    return f"{base}{quote_key(key)}{suffix}"


def authority_url(key: str, *, api: bool = False) -> str:
    base = "/api/authorities/" if api else "/authorities/"
    return f"{base}{quote_key(key)}"
