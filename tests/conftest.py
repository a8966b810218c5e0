import pytest


@pytest.fixture(scope="session")
def extractor():
    from ai_news_extract import Extractor

    return Extractor()
