"""End to end: text -> stages -> validated record."""

import warnings
from pathlib import Path

import pytest
import spacy

from ai_news_extract import ArticleRecord, Extractor, ModelNotFoundError, extract
from ai_news_extract.pipeline import STAGES

from support import ROOT, SHARED, shared_dir

FIXTURES = ROOT / "fixtures" / "docs"


def test_pipeline_has_all_stages_in_order(extractor):
    names = extractor.nlp.pipe_names
    assert names[:2] == ["ai_news_tokens", "ai_news_header"]
    assert names.index("ai_news_kb_ruler") < names.index("ner") < names.index("ai_news_entities")
    assert names[-4:] == ["ai_news_entities", "ai_news_dates", "ai_news_rankings", "ai_news_events"]
    assert {f for f, _ in STAGES} <= set(names)


@pytest.mark.parametrize("text, tokens", [
    ("Alibaba‘s cloud", ["Alibaba", "‘s", "cloud"]),
    ("Tencent‘S, (Baidu‘s)", ["Tencent", "‘S", ",", "(", "Baidu", "‘s", ")"]),
    ("Xi‘an and ‘s", ["Xi‘an", "and", "‘s"]),  # not a possessive: kept whole
])
def test_curly_possessive_split_before_the_parser(extractor, text, tokens):
    doc = extractor.nlp(text)
    assert [t.text for t in doc] == tokens
    assert all(doc.text[t.idx:t.idx + len(t)] == t.text for t in doc)


def test_stages_can_join_a_users_pipeline():
    nlp = spacy.blank("en")
    import ai_news_extract.stages.header  # noqa: F401  registers the factory
    nlp.add_pipe("ai_news_header")
    doc = nlp("Plain title\nPublished on Jul 6, 2021\n\nBody.")
    assert doc._.news_meta["published"] == "2021-07-06"


def test_extract_returns_grounded_record():
    text = ("Smart port opens in Ningbo\nPublished on Jul 6, 2021\n\n"
            "Alibaba Cloud opened a smart port lab in Ningbo on Monday, officials said.")
    rec = extract(text, doc_id="port")
    assert isinstance(rec, ArticleRecord)
    assert rec.doc_id == "port" and str(rec.published) == "2021-07-06"
    assert rec.title == "Smart port opens in Ningbo"
    rec.check_spans(text)
    names = {e.canonical for e in rec.entities} | {a for e in rec.entities for a in e.aliases}
    assert "Ningbo" in names


def test_published_argument_wins_and_is_validated():
    rec = extract("The lab opened on Friday.", published="2019-04-19")
    assert str(rec.published) == "2019-04-19"
    with pytest.raises(ValueError):
        extract("x", published="19 April")


def test_empty_text_gives_empty_record_with_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = extract("   \n\t ", doc_id="blank")
    assert rec.entities == [] and rec.dates == [] and rec.warnings
    assert any("empty" in str(w.message) for w in caught)


def test_pipe_keeps_order_and_ids(extractor):
    texts = ["Beijing hosted the forum.", "", "Shenzhen ranked first."]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recs = list(extractor.pipe(texts, doc_ids=["a", "b", "c"], batch_size=2))
    assert [r.doc_id for r in recs] == ["a", "b", "c"]
    assert recs[1].warnings


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelNotFoundError, match="not installed"):
        Extractor(model="en_core_web_nonexistent")


def test_seed_article():
    seed = shared_dir("corpus", "seed") / "chtf-yrd-ai-2019.txt"
    text = seed.read_text(encoding="utf-8")
    rec = extract(text, doc_id="seed")
    assert str(rec.published) == "2019-04-19"
    assert rec.source == "CHTF Organizing Committee"
    items = [(i.rank, i.name) for r in rec.rankings for i in r.items]
    assert items == [(1, "Hangzhou"), (4, "Shanghai"), (5, "Hefei")]
    labels = {e.canonical: e.label for e in rec.entities}
    assert "AI" not in labels and "Boasting" not in labels
    assert not any("Release Date" in e.canonical for e in rec.entities)
    aws = [e for e in rec.entities if e.canonical == "Amazon Web Services"]
    assert len(aws) == 1 and "AWS" in aws[0].aliases


def _all_texts():
    paths = sorted(FIXTURES.glob("*.txt"))
    for sub in ("seed", "dev"):
        d = SHARED / "corpus" / sub
        if d.is_dir():
            paths += sorted(d.glob("*.txt"))
    return paths


def test_span_invariant_and_unique_names_over_all_sets(extractor):
    paths = _all_texts()
    if not paths:
        pytest.skip("no documents")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    for path, text, rec in zip(paths, texts, extractor.pipe(texts, doc_ids=[p.stem for p in paths])):
        rec.check_spans(text)
        seen = {}
        for ent in rec.entities:
            for name in [ent.canonical, *ent.aliases]:
                key = name.casefold()
                assert seen.setdefault(key, ent.id) == ent.id, f"{path.name}: {name!r} names two entities"


def test_disabled_pipes_are_not_built(extractor):
    from ai_news_extract.pipeline import DEFAULT_MODEL, disabled_pipes

    assert disabled_pipes(DEFAULT_MODEL) == ["senter"]
    assert disabled_pipes("no_such_model_xyz") == []
    nlp = extractor.nlp
    assert "senter" not in nlp.component_names and "parser" in nlp.pipe_names



def test_the_tokenizer_is_the_saved_one_built_once(extractor):
    # build_nlp skips spaCy's build of the language's default tokenizer rules (the saved
    # tokenizer file replaces them all on load): what it ends with must be the same tokenizer.
    from ai_news_extract.pipeline import DEFAULT_MODEL

    reference = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "senter"])
    assert extractor.nlp.tokenizer.to_bytes(exclude=["vocab"]) == reference.tokenizer.to_bytes(exclude=["vocab"])
    assert extractor.nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}
    text = "U.S.-based OpenAI's CEO didn't say: 3.5% in Q3 (e.g. Hangzhou's 5G), isn't it?"
    assert [t.text for t in extractor.nlp.make_doc(text)] == [t.text for t in reference.make_doc(text)]


@pytest.mark.parametrize("unset", [None, "prefix_search", "url_match", "rules"])
def test_a_saved_tokenizer_loads_as_spacy_loads_it(tmp_path, monkeypatch, unset):
    # What spaCy's own load makes of a saved tokenizer, unset parts included (not the defaults).
    from ai_news_extract import pipeline

    blank = spacy.blank("en")
    if unset:
        setattr(blank.tokenizer, unset, {} if unset == "rules" else None)
    blank.to_disk(tmp_path)
    configs, load = [], spacy.load
    monkeypatch.setattr(spacy, "load", lambda *a, **kw: configs.append(kw.get("config")) or load(*a, **kw))
    loaded = pipeline._load(str(tmp_path), [])
    monkeypatch.undo()
    assert configs == [{"nlp": {"tokenizer": {"@tokenizers": pipeline._DEFERRED_TOKENIZER}}}]
    reference = spacy.load(tmp_path)
    assert loaded.tokenizer.to_bytes(exclude=["vocab"]) == reference.tokenizer.to_bytes(exclude=["vocab"])
    assert (getattr(loaded.tokenizer, unset) in (None, {})) if unset else loaded.tokenizer.rules

@pytest.mark.parametrize("text", [
    "Alibaba‘s  cloud\r\nunit,\tin  Hangzhou\u00a0(China)…\n\n\n",
    "  leading spaces, trailing ones   ",
    "e-mail: a@b.cn; U.S.-based; 3.5%; 12:30 p.m.; “quoted”; emoji 🤖 and 中文.",
    "",
])
def test_the_text_a_doc_is_made_from_is_its_text(extractor, text):
    # Extractor.make_doc hands the stages its input as doc_text(doc) instead of joining the tokens.
    from ai_news_extract.doc_attrs import doc_text

    doc = extractor.make_doc(text)
    assert doc_text(doc) == doc.text == text
    doc = extractor.nlp(doc)  # the token stage may split tokens: characters stay
    assert doc_text(doc) == doc.text == text
