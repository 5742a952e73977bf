"""The two shapes of a Web API answer: ok with fields, or ok false with an error code."""

from typing import Any

from tests.fakes.workspace import JSON


def ok(**fields: Any) -> JSON:
    return {"ok": True, **fields}


def error(code: str) -> JSON:
    return {"ok": False, "error": code}
