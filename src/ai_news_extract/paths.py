"""Where the knowledge assets (models/) are.

In a wheel they ship as ``ai_news_extract/models``; in a source checkout they
sit at the repository root. ``AI_NEWS_EXTRACT_MODELS`` overrides both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def models_dir() -> Path:
    env = os.environ.get("AI_NEWS_EXTRACT_MODELS")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parent
    candidates += [here / "models", here.parents[1] / "models"]
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError(
        "ai_news_extract: the knowledge assets folder 'models/' was not found "
        f"(looked in: {', '.join(str(p) for p in candidates)}); reinstall the package "
        "or set AI_NEWS_EXTRACT_MODELS"
    )


def model_file(*parts: str) -> Path:
    return models_dir().joinpath(*parts)
