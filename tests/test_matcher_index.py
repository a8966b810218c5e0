"""The indexed attribute-ruler matcher finds exactly spaCy's matches (matcher_index.py)."""

import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Token

from ai_news_extract.matcher_index import IndexedMatcher, index_attribute_rulers

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"


def _texts() -> list[str]:
    paths = sorted((ROOT / "fixtures" / "docs").glob("*.txt"))[:25] + sorted(SHARED_DEV.glob("*.txt"))[:10]
    return [p.read_text(encoding="utf-8") for p in paths]


@pytest.fixture(scope="module")
def docs(nlp):
    """Tagged and parsed docs, the attribute ruler not yet run (what the ruler's matcher sees)."""
    with nlp.select_pipes(disable=["attribute_ruler", "ner"]):
        return list(nlp.pipe(_texts()))


@pytest.fixture(scope="module")
def full_docs(nlp):
    """Docs with every annotation set (parts of speech, entity types)."""
    return list(nlp.pipe(_texts()[:12]))


def _spacy(matcher: Matcher, doc) -> list:
    return sorted(matcher(doc, allow_missing=True))


def _indexed(matcher: IndexedMatcher, doc) -> list:
    return sorted(matcher(doc, allow_missing=True))


def test_the_models_attribute_ruler_matches_the_same(nlp, docs):
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = IndexedMatcher(ruler.matcher)
    total = 0
    for doc in docs:
        expected = _spacy(ruler.matcher, doc)
        assert _indexed(indexed, doc) == expected
        total += len(expected)
    assert indexed._index is not None  # the index ran, not the fallback
    assert total > 20 * len(docs)


FORMS = [
    [{"TAG": "NNP"}],
    [{"TEXT": "AI"}],
    [{"ORTH": "the"}, {"POS": "NOUN"}],
    [{"LOWER": {"IN": ["said", "says", "announced"]}}, {"IS_PUNCT": True}],
    [{"TAG": {"IN": ["VBD", "VBZ"]}, "LOWER": {"NOT_IN": ["said"]}}],
    [{"DEP": {"NOT_IN": ["nsubj", "punct", "det", "prep", "pobj", "ROOT", "compound", "amod"]}}],
    [{"LOWER": {"REGEX": "^[0-9]{4}$"}}],
    [{"LOWER": {"REGEX": "^chin"}}, {"IS_TITLE": True}],
    [{"LENGTH": 1, "IS_SPACE": False}, {"LIKE_NUM": True}],
    [{}, {"LOWER": "percent"}],
    [{"POS": "PROPN"}, {"POS": "PROPN"}, {"POS": "PROPN"}],
    [{"ENT_TYPE": "GPE", "IS_TITLE": True}],
]


def test_every_supported_form_matches_the_same(nlp, full_docs):
    matcher = Matcher(nlp.vocab)
    for k, pattern in enumerate(FORMS):
        matcher.add(f"form{k}", [pattern])
    indexed = IndexedMatcher(matcher)
    counts = [0] * len(FORMS)
    for doc in full_docs:
        expected = _spacy(matcher, doc)
        assert _indexed(indexed, doc) == expected
        for key, _, _ in expected:
            counts[int(nlp.vocab.strings[key][4:])] += 1
    assert indexed._index is not None
    assert all(counts), counts  # each form met a match somewhere


_VALUES = {
    "LOWER": ["the", "said", "china", "ai", "of", ",", "percent", "chip"],
    "TAG": ["NNP", "NN", "VBD", "IN", "DT", "CD", "JJ", ","],
    "DEP": ["nsubj", "compound", "pobj", "ROOT", "punct"],
    "IS_TITLE": [True, False],
}


@st.composite
def _token_pattern(draw):
    spec = {}
    for attr in draw(st.lists(st.sampled_from(sorted(_VALUES)), min_size=0, max_size=2, unique=True)):
        form = draw(st.sampled_from(["eq", "IN", "NOT_IN", "REGEX"] if attr != "IS_TITLE" else ["eq"]))
        values = _VALUES[attr]
        if form == "eq":
            spec[attr] = draw(st.sampled_from(values))
        elif form == "REGEX":
            spec[attr] = {"REGEX": "^" + draw(st.sampled_from(values))[:2]}
        else:
            spec[attr] = {form: draw(st.lists(st.sampled_from(values), min_size=1, max_size=3))}
    return spec


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_token_pattern(), min_size=1, max_size=3), min_size=1, max_size=6))
def test_random_patterns_match_the_same(nlp, docs, patterns):
    matcher = Matcher(nlp.vocab)
    for k, pattern in enumerate(patterns):
        matcher.add(str(k % 3), [pattern])  # several patterns under one key too
    indexed = IndexedMatcher(matcher)
    for doc in docs[:4]:
        assert _indexed(indexed, doc) == _spacy(matcher, doc)


@pytest.mark.parametrize("pattern, kwargs", [
    ([{"LOWER": "the", "OP": "+"}], {}),
    ([{"_": {"matcher_index_test_flag": True}}], {}),
    ([{"LOWER": {"FUZZY": "china"}}], {}),
    ([{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}], {}),
    ([{"LENGTH": {">=": 5}}], {}),
    ([{"LOWER": "the"}], {"greedy": "LONGEST"}),
    ([{"LOWER": "the"}], {"on_match": lambda *args: None}),
])
def test_patterns_it_does_not_read_go_to_spacy(nlp, docs, pattern, kwargs):
    Token.set_extension("matcher_index_test_flag", default=False, force=True)
    matcher = Matcher(nlp.vocab)
    matcher.add("plain", [[{"TAG": "NNP"}]])
    matcher.add("other", [pattern], **kwargs)
    indexed = IndexedMatcher(matcher)
    assert _indexed(indexed, docs[0]) == _spacy(matcher, docs[0])
    assert indexed._index is None


def test_adding_patterns_rebuilds_the_index(nlp, docs):
    matcher = Matcher(nlp.vocab)
    matcher.add("nnp", [[{"TAG": "NNP"}]])
    indexed = IndexedMatcher(matcher)
    first = _indexed(indexed, docs[0])
    indexed.add("det", [[{"TAG": "DT"}]])
    assert "det" in indexed and len(indexed) == 2
    after = _indexed(indexed, docs[0])
    assert after == _spacy(matcher, docs[0]) and len(after) > len(first)
    indexed.remove("det")
    assert _indexed(indexed, docs[0]) == first


def test_other_calls_and_pickling_go_through(nlp, docs):
    matcher = Matcher(nlp.vocab)
    matcher.add("nnp", [[{"TAG": "NNP"}]])
    indexed = IndexedMatcher(matcher)
    spans = indexed(docs[0], allow_missing=True, as_spans=True)
    assert [(s.start, s.end) for s in spans] == [(s, e) for _, s, e in matcher(docs[0])]
    assert indexed(docs[0][0:10], allow_missing=True) == matcher(docs[0][0:10], allow_missing=True)
    copy = pickle.loads(pickle.dumps(indexed))
    assert isinstance(copy, IndexedMatcher)
    assert _indexed(copy, docs[0]) == _spacy(matcher, docs[0])


def test_an_empty_doc(nlp):
    indexed = IndexedMatcher(nlp.get_pipe("attribute_ruler").matcher)
    assert indexed(nlp.make_doc(""), allow_missing=True) == []


def test_the_pipeline_indexes_its_ruler_unless_told_not_to():
    from ai_news_extract.pipeline import build_nlp

    assert isinstance(build_nlp().get_pipe("attribute_ruler").matcher, IndexedMatcher)
    plain = build_nlp(index_attribute_ruler=False)
    assert type(plain.get_pipe("attribute_ruler").matcher) is Matcher
    assert index_attribute_rulers(plain) == ["attribute_ruler"]
    assert index_attribute_rulers(plain) == []  # once only
