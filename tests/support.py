"""Paths shared by the tests: the repo root and ../shared (read at run time, never copied)."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AI_NEWS_SHARED", ROOT.parent / "shared"))


def shared_dir(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"{path} is not available")
    return path
