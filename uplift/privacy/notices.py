"""The privacy notice and its purposes, as versioned data (data/notices.json, one text file per version)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def catalogue() -> dict:
    return json.loads((DATA / "notices.json").read_text(encoding="utf-8"))


def purposes() -> dict[str, dict]:
    return catalogue()["purposes"]


def versions() -> list[dict]:
    return catalogue()["versions"]


def current() -> dict:
    return max(versions(), key=lambda v: v["effective"])


def text(version: str) -> str:
    entry = next((v for v in versions() if v["version"] == version), None)
    if entry is None:
        raise KeyError(version)
    return (DATA / entry["file"]).read_text(encoding="utf-8")
