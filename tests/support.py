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


def rank_pairs(nlp, stage, text: str) -> set:
    """(rank or range, name) of every ranking item the rankings stage finds in ``text`` after the base
    model (no dates stage)."""
    doc = nlp(text)
    doc._.news_dates = None
    out = set()
    for r in stage(doc)._.news_rankings:
        for it in r["items"]:
            out.add((it["rank"] if it["rank"] is not None else tuple(it["range"]), it["name"]))
    return out
