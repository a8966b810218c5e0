"""The rankings stage's fast paths give exactly what the plain spaCy / Python forms give.

matcher.TokenMatcher must return spaCy's Matcher matches in spaCy's order; scan.py's
regex helpers the matches of plain ``finditer``; names.proper_tokens the per-token
rule it replaced; extract._sentence_list what Token.sent gives. The texts are written
for these tests, plus (when ../shared is there) a few corpus articles read at run time.
"""

from __future__ import annotations

import random
import re

import pytest

spacy = pytest.importorskip("spacy")

from spacy.matcher import Matcher  # noqa: E402

from ai_news_extract.rankings import load_lexicon  # noqa: E402
from ai_news_extract.rankings.extract import _sentence_list  # noqa: E402
from ai_news_extract.rankings.lexicon import _expand, _generated_lists  # noqa: E402
from ai_news_extract.rankings.matcher import TokenMatcher, make_matcher  # noqa: E402
from ai_news_extract.rankings.names import _NOT_NAMES, proper_tokens  # noqa: E402
from ai_news_extract.scan import doc_text, first_char_lookahead, line_matches  # noqa: E402

from support import SHARED  # noqa: E402

TEXTS = [
    "Apple ranked No. 1, followed by Dell (No.2) and HP #3; Lenovo was 4th - 5th, in the top - 10 hundred.",
    "The rest of the top ten were Oslo, Bern and Riga, in that order. The remaining 3 places went to Kyiv.",
    "He placed 7 and ranks 12th, last among 50 cities, last, at the bottom. First 3 places; numbers 4 to 6.",
    "Three highest - ranked cities, 2 top-ranked firms, second-placed Lima, 3rd – ranked, led, leads the list.",
    "Runner - up: Quito; runners-up Cali and Lima. Tallinn topped the ranking and heads the table in turn.",
    "NO. 5 ACME LEADS THE TOP 20 LIST, FOLLOWED BY ZETA CORP.\n1. Apple\n2) Dell\n3. HP\n",
    "top", "top 5", "no .", "# 5", "in order", "last", "runner -", "5 , 6",
]


def _patterns():
    lex = load_lexicon()
    lists = dict(_generated_lists())
    lists["$ordinals"] = sorted(lex.ordinal_words) + lists["$numeric_ordinals"]
    return [(e["label"], _expand(e["pattern"], lists)) for e in lex.patterns]


# optional tokens first, in the middle and last; IN/NOT_IN on POS and LOWER
EXTRA_PATTERNS = [
    ("OPT_FIRST", [{"LOWER": "the", "OP": "?"}, {"LOWER": "top"}]),
    ("OPT_TAIL", [{"LIKE_NUM": True}, {"IS_PUNCT": True, "OP": "?"}, {"LIKE_NUM": True, "OP": "?"}]),
    ("POS_IN", [{"POS": {"IN": ["NOUN", "PROPN"]}}, {"LOWER": {"NOT_IN": ["the", "a"]}, "OP": "?"},
                {"ORTH": ","}]),
]


def _corpus_texts(n: int = 6) -> list[str]:
    folder = SHARED / "corpus" / "dev"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:n]] if folder.is_dir() else []


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS + _corpus_texts()))


def _spacy_matches(vocab, patterns, span):
    matcher = Matcher(vocab)
    for label, pattern in patterns:
        matcher.add(label, [pattern])
    return [(vocab.strings[k], span.start + s, span.start + e) for k, s, e in matcher(span)]


@pytest.mark.parametrize("extra", [False, True])
def test_token_matcher_gives_spacy_matches_in_spacy_order(nlp, docs, extra):
    patterns = _patterns() + (EXTRA_PATTERNS if extra else [])
    ours = TokenMatcher(nlp.vocab, patterns)
    reference = Matcher(nlp.vocab)
    for label, pattern in patterns:
        reference.add(label, [pattern])
    rng = random.Random(0)
    checked = 0
    for doc in docs:
        cols = ours.columns(doc)
        spans = [(s.start, s.end) for s in doc.sents] + [(0, len(doc))]
        spans += [(a, rng.randrange(a + 1, len(doc) + 1)) for a in (rng.randrange(len(doc)) for _ in range(5))]
        for a, b in spans:
            want = [(nlp.vocab.strings[k], a + s, a + e) for k, s, e in reference(doc[a:b])]
            assert ours(doc, a, b, cols) == want, doc[a:b].text
            checked += len(want)
    assert checked > 50  # the texts do exercise the patterns


def test_patterns_beyond_the_token_matcher_use_spacys_matcher(nlp):
    patterns = [("PLUS", [{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}])]
    matcher = make_matcher(nlp.vocab, patterns)
    assert not isinstance(matcher, TokenMatcher)
    doc = nlp("It was very very good.")
    assert matcher(doc, 0, len(doc)) == _spacy_matches(nlp.vocab, patterns, doc[:])


def test_token_matcher_needs_the_annotation_spacy_needs(nlp):
    matcher = TokenMatcher(nlp.vocab, [("LEAD", [{"LOWER": "leads", "POS": "VERB"}])])
    blank = spacy.blank("en")("Acme leads the list.")
    with pytest.raises(ValueError, match="E155"):
        matcher(blank, 0, len(blank))


def test_cue_regex_matches_the_plain_alternation(docs):
    lex = load_lexicon()
    # the same parts, without the look-aheads
    parts = [p.pattern for p in [lex.cue_regex]][0]
    plain = re.compile(re.sub(r"\(\?=\[[^\]]*\]\)", "", parts), re.I)
    assert plain.pattern != lex.cue_regex.pattern
    texts = [d.text for d in docs]
    for text in texts + [t.upper() for t in texts] + [t.lower() for t in texts]:
        assert [(m.start(), m.end()) for m in lex.cue_regex.finditer(text)] == \
            [(m.start(), m.end()) for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "patterns, flags, expected",
    [
        ([r"first|second", r"\d+th"], re.I, "(?=[fs\\d])"),
        ([r"(?:[A-Z]{1,3})?[$€]"], 0, "(?=[A-Z\\$€])"),  # an optional first item: what follows counts too
        ([r"\btop\b", r"(?=x)#\d"], 0, "(?=[t\\#])"),  # zero-width items are skipped
        ([r"a?"], 0, ""),  # may match the empty string: no look-ahead
        ([r"[^a]b"], 0, ""),  # a negated class is not followed
        ([r".x"], 0, ""),
        ([r"(?i:a)b"], 0, ""),  # a flag changed inside
    ],
)
def test_first_char_lookahead(patterns, flags, expected):
    assert first_char_lookahead(patterns, flags) == expected


def test_line_matches_equal_finditer():
    pattern = re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(\S[^\n]*?)[ \t]*$", re.M)
    for text in ["", "\n", "1. A\n2) B\n\n  3. C \nx 4. D\n5. E", "no list here\n 7) last line"]:
        assert [m.span() for m in line_matches(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_doc_text_is_read_once_and_equal(docs):
    doc = docs[0]
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)


def _proper_by_token(t) -> bool:
    """The per-token rule proper_tokens replaced."""
    if t.ent_type_ in _NOT_NAMES or t.is_space or t.is_punct:
        return False
    if t.lower_ in load_lexicon().ordinal_words or t.like_num:
        return False
    if t.is_lower and t.lower_ in load_lexicon().class_nouns:
        return False
    if t.is_upper and t.is_alpha and len(t) >= 2 and t.i > 0 and not t.doc[t.i - 1].is_upper:
        return True
    return t.pos_ == "PROPN" or t.tag_ in ("NNP", "NNPS")


def test_proper_tokens_follow_the_token_rule(docs):
    for doc in docs:
        assert proper_tokens(doc, load_lexicon()) == [_proper_by_token(t) for t in doc]


def test_a_lower_case_class_noun_tagged_as_a_proper_noun_is_no_name(nlp):
    # "Alibaba's Qwen app": the small model may tag "app" NNP; it is no part of the name
    from spacy.tokens import Doc
    doc = Doc(nlp.vocab, words=["Lumo", "'s", "Zephyr", "app", "debuted", "sixth"],
              pos=["PROPN", "PART", "PROPN", "PROPN", "VERB", "ADJ"], tags=["NNP", "POS", "NNP", "NNP", "VBD", "JJ"])
    assert proper_tokens(doc, load_lexicon()) == [True, False, True, False, False, False]


def test_sentence_list_is_token_sent(docs):
    for doc in docs:
        sents = _sentence_list(doc)
        assert [(s.start, s.end) for s in sents] == [(s.start, s.end) for s in doc.sents]
        for t in doc:
            sent = next(s for s in sents if s.start <= t.i < s.end)
            assert (sent.start, sent.end) == (t.sent.start, t.sent.end)
