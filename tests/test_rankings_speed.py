"""The rankings name index's shortcuts give what the plain ways give.

NameIndex lists its mentions from the claims it made (not from a walk of every
token) and tests a span before it makes the Mention; Mention is a named tuple
(cheaper to make than the frozen dataclass it was) with the same value semantics.
"""

from __future__ import annotations

import dataclasses
import random
from typing import Optional

import pytest

from ai_news_extract.rankings import load_lexicon
from ai_news_extract.rankings.names import Mention, NameIndex

TEXTS = [
    "Beijing ranked first, ahead of Shanghai and Shenzhen, in the Global Innovation Index released by WIPO.",
    "Acme Robotics came second behind Globex Corp, while Initech and Hooli tied for fourth place in Europe.",
    "According to the Tortoise Global AI Index, the United States and China lead, with the UK in third.",
    "The top three cities were Tokyo, New York and London.\nParis placed sixth; Berlin was 7th.",
    "IBM's Watson, Microsoft Azure and Google Cloud are the leading platforms, a Gartner report said.",
    "Qihoo 360 topped the list of Chinese security firms, followed by Tencent and Alibaba Cloud.",
]


@pytest.fixture(scope="module")
def docs(extractor):
    return [extractor.nlp(t) for t in TEXTS]


def _walk(by_token: list[Optional[Mention]]) -> list[Mention]:
    """The mentions as the plain walk of every token found them (each run once, in token order)."""
    out: list[Mention] = []
    for m in by_token:
        if m is not None and (not out or m is not out[-1]):
            out.append(m)
    return out


def _random_ranges(rnd: random.Random, n: int) -> list[tuple[int, int]]:
    cuts = sorted(rnd.sample(range(n + 1), min(n + 1, rnd.randint(2, 6))))
    pairs = list(zip(cuts, cuts[1:]))
    return [p for p in pairs if rnd.random() < 0.7] or pairs[:1]


def test_mentions_from_claims_are_the_token_walk(docs):
    lex = load_lexicon()
    rnd = random.Random(3)
    seen = 0
    for doc in docs:
        assert doc._.news_entities, "the invented texts name things"
        for ranges in [None] + [_random_ranges(rnd, len(doc)) for _ in range(8)]:
            names = NameIndex(doc, lex, ranges)
            assert names.mentions == _walk(names.by_token)
            assert all(names.mentions[k] is _walk(names.by_token)[k] for k in range(len(names.mentions)))
            for m in names.mentions:  # each holds exactly its tokens, inside one range
                assert names.by_token[m.start : m.end] == [m] * (m.end - m.start)
                assert any(lo <= m.start and m.end <= hi for lo, hi in names.ranges)
            seen += len(names.mentions)
    assert seen > 50


def test_without_the_entities_stage_the_mentions_are_the_walk(nlp):
    """doc.ents (no doc._.news_entities): the claims go through the same test."""
    lex = load_lexicon()
    for doc in nlp.pipe(TEXTS):
        names = NameIndex(doc, lex)
        assert names.mentions == _walk(names.by_token)
        assert names.mentions


def test_a_span_taken_or_outside_the_ranges_is_not_free(docs):
    lex = load_lexicon()
    doc = docs[0]
    names = NameIndex(doc, lex, [(0, 5), (8, len(doc))])
    m = names.mentions[0]
    assert not names._free(m.start, m.end)  # taken
    assert not names._free(3, 9)  # across the gap between the ranges
    free = [i for i in range(8, len(doc)) if names.by_token[i] is None]
    assert names._free(free[0], free[0] + 1)
    before = list(names.by_token)
    names._claim(Mention(m.start, m.end, "other", None, 0, 1))  # refused: the tokens are taken
    assert names.by_token == before


@dataclasses.dataclass(frozen=True)
class _FrozenMention:
    """What Mention was: the value semantics the named tuple keeps."""

    start: int
    end: int
    name: str
    entity_id: Optional[str]
    char_start: int
    char_end: int
    label: Optional[str] = None


def test_mention_has_the_frozen_dataclass_semantics():
    rnd = random.Random(5)
    fields = [rnd.choice([(1, 2, "A", None, 0, 3), (1, 2, "A", "Q1", 0, 3, "ORG"), (2, 4, "B", None, 5, 9)])
              for _ in range(40)]
    for a in fields:
        for b in fields:
            assert (Mention(*a) == Mention(*b)) == (_FrozenMention(*a) == _FrozenMention(*b))
            if Mention(*a) == Mention(*b):
                assert hash(Mention(*a)) == hash(Mention(*b))
    m = Mention(1, 2, "A", None, 0, 3)
    assert m.label is None and Mention(1, 2, "A", None, 0, 3, "ORG").label == "ORG"
    with pytest.raises(AttributeError):
        m.name = "B"  # type: ignore[misc]
    assert len({Mention(*f) for f in fields}) == len({_FrozenMention(*f) for f in fields})
