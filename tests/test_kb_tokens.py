"""models/kb/tokens.json: the tokens of the KB names the tokenizer splits, shipped.

The file saves a fresh process from tokenizing ~700 names before its first record. It must
say what the pipeline's tokenizer says (else: python scripts/build_kb_tokens.py), and it
must be ignored for a tokenizer that is not the one that made it.
"""

from __future__ import annotations

import json

import spacy

from ai_news_extract.kb import load_kb
from ai_news_extract.stages.kb_tokens import (
    is_plain, name_tokens, read_shipped, shipped_path, tokenizer_digest, write_shipped,
)

STALE = "models/kb/tokens.json is out of date: run python scripts/build_kb_tokens.py"


def _surfaces() -> list[str]:
    return sorted({surface for surface, _ in load_kb().surfaces()})


def _tokenized(tokenizer, names):
    return {name: tuple(t.text for t in tokenizer(name)) for name in names}


def test_shipped_file_says_what_the_pipeline_tokenizer_says(extractor):
    tokenizer = extractor.nlp.tokenizer
    table = json.loads(shipped_path().read_text(encoding="utf-8"))
    assert table["tokenizer"] == tokenizer_digest(tokenizer), STALE
    tricky = [n for n in _surfaces() if not is_plain(n, tokenizer)]
    assert sorted(table["names"]) == tricky, STALE
    expected = _tokenized(tokenizer, tricky)
    assert {name: tuple(words) for name, words in table["names"].items()} == expected, STALE


def test_name_tokens_are_the_tokenizer_s_with_or_without_the_file(extractor, tmp_path):
    tokenizer = extractor.nlp.tokenizer
    names = _surfaces() + ["Foo-Bar Labs", "Z.Y. Robotics"]  # the last two are in no file
    shipped = dict(name_tokens(tokenizer, names))
    without = dict(name_tokens(tokenizer, names, tmp_path / "missing.json"))
    assert shipped == without == _tokenized(tokenizer, names)
    assert shipped["Foo-Bar Labs"] == ("Foo", "-", "Bar", "Labs")


def test_a_file_made_by_another_tokenizer_is_ignored(tmp_path):
    tokenizer = spacy.blank("en").tokenizer
    path = write_shipped(tokenizer, ["Hi-Tech Zone", "U.S. Steel"], tmp_path / "tokens.json")
    assert read_shipped(tokenizer_digest(tokenizer), path) == {"Hi-Tech Zone": ["Hi", "-", "Tech", "Zone"],
                                                              "U.S. Steel": ["U.S.", "Steel"]}
    tokenizer.add_special_case("Hi-Tech", [{"ORTH": "Hi-Tech"}])
    assert read_shipped(tokenizer_digest(tokenizer), path) == {}
    # the changed tokenizer's own tokens, not the file's
    assert dict(name_tokens(tokenizer, ["Hi-Tech Zone"], path)) == {"Hi-Tech Zone": ("Hi-Tech", "Zone")}


def test_plain_names_are_their_words_unless_a_word_is_a_special_case():
    tokenizer = spacy.blank("en").tokenizer
    assert is_plain("Shanghai Jiao Tong University", tokenizer)
    assert not is_plain("Hi-Tech Zone", tokenizer) and not is_plain("Shanghai  AI", tokenizer)
    tokenizer.add_special_case("Jiao", [{"ORTH": "Ji"}, {"ORTH": "ao"}])
    assert not is_plain("Shanghai Jiao Tong University", tokenizer)
