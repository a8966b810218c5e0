import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AI_NEWS_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def extractor():
    from ai_news_extract import Extractor

    return Extractor()


def shared_dir(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"{path} is not available")
    return path
