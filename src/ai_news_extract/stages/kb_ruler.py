"""Tag known names from the knowledge base before the statistical NER runs.

Known names (organizations, places, events, products, venues) are labelled
from ``models/kb`` and the statistical NER then works around them. Long names
(three tokens or more) also match with another case of a word ("Xi'an High-tech
Industries Development Zone" for "... High-Tech ...", "University of Science and
technology"): a name that long is not an ordinary phrase. A product family the KB
knows followed by a version ("ERNIE 4.0 Turbo", "Doubao-1.5-pro") is one PRODUCT
(see :mod:`ai_news_extract.entities.versions`). A phrase match is skipped when it is
only the first or last part of a longer proper name ("Shanghai" in "Shanghai Jiao
Tong University", "Sydney" in "University of Sydney Business School"): the NER sees
the whole name instead.
"""

from __future__ import annotations

from itertools import compress, islice
from collections.abc import Hashable, Iterable, Sequence

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import doc_attrs  # noqa: F401
from ..doc_attrs import doc_text
from ..entities.lexicon import load_lexicons
from ..entities.versions import versioned_spans
from ..kb import KBEntry, KnowledgeBase, load_kb
from .kb_tokens import name_tokens

HYPHENS = {"-", "–"}
# Tokens that continue a proper name without being capitalized ("University of Sydney");
# "and" is left out: "Alibaba and Tencent" are two names far more often than one.
NAME_JOINERS = {"of", "for", "&", "de", "du", "der", "la"}


MIN_FOLDED_TOKENS = 3
# Small words a name leaves in lower case.
_NAME_SMALL_WORDS = NAME_JOINERS | {"and", "the", "in", "on", "at", "-", "–", "'s", "’s"}


def _name_cased(words: Sequence[str]) -> bool:
    """Written as a name: the first word capitalized and at most one other word not."""
    if not words[0][:1].isupper():
        return False
    lower = sum(1 for w in words[1:] if w[:1].islower() and w not in _NAME_SMALL_WORDS)
    return lower <= 1


def _continues_name(tok) -> bool:
    return tok.is_title or tok.is_upper and len(tok) > 1 and tok.is_alpha


class KBRuler:
    def __init__(self, nlp: Language, name: str, kb: KnowledgeBase | None = None) -> None:
        self.name = name
        self.kb = kb or load_kb()
        self.lex = load_lexicons()
        self.by_surface: dict[str, KBEntry] = {}
        for surface, entry in self.kb.surfaces():
            self.by_surface.setdefault(surface, entry)
        tokenized = list(name_tokens(nlp.tokenizer, list(self.by_surface)))
        # Names as tuples of ORTH ids: a Doc gives its tokens' ids in one array call, where
        # reading every token's text costs a Python object each. (get_string_id, not a plain
        # hash: strings spaCy keeps as symbols, such as "X" in "HyperCLOVA X", have small ids.)
        self.by_orths: dict[tuple[int, ...], tuple[str, KBEntry]] = {}
        for surface, words in tokenized:
            self.by_orths.setdefault(tuple(get_string_id(w) for w in words), (surface, self.by_surface[surface]))
        self.names = TokenSequenceIndex(self.by_orths)
        # Case-folded long names (LOWER hashes) -> entry; a folded name two entries share is left out.
        self.by_folded: dict[tuple[int, ...], KBEntry] = {}
        shared: set[tuple[int, ...]] = set()
        for surface, words in tokenized:
            if len(words) >= MIN_FOLDED_TOKENS:
                key = tuple(get_string_id(w.lower()) for w in words)
                entry = self.by_surface[surface]
                if self.by_folded.setdefault(key, entry) is not entry:
                    shared.add(key)
        for key in shared:
            del self.by_folded[key]
        self.folded = TokenSequenceIndex(self.by_folded)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, LOWER])
        orths = arr[:, 0].tolist()
        lowers = arr[:, 1].tolist()
        # (the header stage has joined the text already: doc_text keeps it per Doc)
        text = doc_text(doc)
        # Candidates as (start, end, label, kb_id): Spans are made only for those kept.
        cands: list[tuple[int, int, str, str]] = []
        exact = set()
        for start, end in self.names.find(orths):
            surface, entry = self.by_orths[tuple(orths[start:end])]
            exact.add((start, end))
            # one token: its hash is its text; several: the spaces between them must be the name's
            if end - start > 1 and _span_text(doc, text, start, end) != surface \
                    or _inside_longer_name(doc, orths, lowers, start, end):
                continue
            cands.append((start, end, entry.label, entry.id))
        # "ERNIE 4.0 Turbo", "Doubao-1.5-pro": a known product family and its version.
        for start, end, entry in versioned_spans(doc, orths, self.kb, self.lex):
            cands.append((start, end, "PRODUCT", entry.id if entry else ""))
        for start, end in self.folded.find(lowers):
            if (start, end) in exact or not _name_cased([t.text for t in doc[start:end]]) \
                    or _inside_longer_name(doc, orths, lowers, start, end):
                continue
            entry = self.by_folded[tuple(lowers[start:end])]
            cands.append((start, end, entry.label, entry.id))
        kept = longest_first(cands)
        if kept:
            spans = [Span(doc, start, end, label=label, kb_id=kb_id) for start, end, label, kb_id in kept]
            # Entities already set that share no token with the kept names stay. (Before the
            # NER, which is where this runs, the Doc has none.)
            taken = {i for start, end, _, _ in kept for i in range(start, end)}
            existing = [e for e in doc.ents if taken.isdisjoint(range(e.start, e.end))]
            set_entities(doc, filter_spans(existing + spans) if existing else spans)
        return doc


def _span_text(doc: Doc, text: str, start: int, end: int) -> str:
    """``doc[start:end].text``, cut from the Doc's text: two tokens made, not one per word."""
    last = doc[end - 1]
    return text[doc[start].idx : last.idx + len(last)]


_HYPHEN_ORTHS = frozenset(get_string_id(h) for h in HYPHENS)
_JOINER_LOWERS = frozenset(get_string_id(w) for w in NAME_JOINERS)


def _inside_longer_name(doc: Doc, orths: list[int], lowers: list[int], start: int, end: int) -> bool:
    """The match is only part of a longer proper name. ``orths`` and ``lowers`` are the
    tokens' ORTH and LOWER hashes: the hyphen and joiner tests read them, and a neighbour
    becomes a Token only where a test needs more than its text."""
    n = len(orths)
    # "Shenzhen-Hong Kong-Guangzhou innovation cluster": part of a hyphenated compound.
    if end + 1 < n and orths[end] in _HYPHEN_ORTHS and not doc[end].whitespace_ \
            and not doc[end - 1].whitespace_ and _continues_name(doc[end + 1]):
        return True
    if start >= 2 and orths[start - 1] in _HYPHEN_ORTHS and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and _continues_name(doc[start - 2]):
        return True
    if end < n:
        nxt = doc[end]
        if _continues_name(nxt) and not nxt.is_sent_start and nxt.text not in {"I"}:
            return True
    if start >= 2 and lowers[start - 1] in _JOINER_LOWERS:
        prev2 = doc[start - 2]
        if _continues_name(prev2) and not prev2.is_sent_start:
            return True
    if start >= 1:
        prev = doc[start - 1]
        if _continues_name(prev) and not prev.is_sent_start and not doc[start].is_sent_start:
            return True
    return False


def longest_first(cands: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """``spacy.util.filter_spans`` on (start, end, ...) tuples: the longest of overlapping
    ranges wins (the earlier one on a tie), and the kept ones come back in text order."""
    ordered = sorted(cands, key=lambda c: (c[1] - c[0], -c[0]), reverse=True)
    kept = []
    seen: set[int] = set()
    for cand in ordered:
        start, end = cand[0], cand[1]
        if start not in seen and end - 1 not in seen:
            kept.append(cand)
            seen.update(range(start, end))
    return sorted(kept, key=lambda c: c[0])


def set_entities(doc: Doc, spans: list[Span]) -> None:
    """``doc.ents = spans`` (non-overlapping Spans). The setter marks the tokens outside
    the spans "O" one by one, with an enum comparison each (a tenth of a millisecond per
    article); here one "outside" range over the whole Doc does it first, and the spans are
    then set over it as the setter sets them."""
    doc.set_ents([], outside=[Span(doc, 0, len(doc))], default="unmodified")
    doc.set_ents(spans, default="unmodified")


class TokenSequenceIndex:
    """Exact matching of token sequences (of texts, or of their ORTH or LOWER hashes: with
    ORTH hashes it matches like ``PhraseMatcher(attr="ORTH")``).

    A PhraseMatcher needs every name as a Doc, and making ~4,000 Docs creates a
    lexeme for each new word: about 0.2 s of start-up. Names as tuples of strings
    cost nothing to index, and matching stays a dict lookup per token.
    """

    def __init__(self, sequences: Iterable[tuple[Hashable, ...]]) -> None:
        self.sequences: set[tuple[Hashable, ...]] = set()
        self.singles: set[Hashable] = set()  # the words that are a whole name
        # The first two words of every longer name -> the lengths of the names they open,
        # longest first (as a reader would try them; the caller keeps overlaps apart).
        lengths: dict[tuple[Hashable, ...], set[int]] = {}
        for seq in sequences:
            if seq:
                self.sequences.add(seq)
                if len(seq) == 1:
                    self.singles.add(seq[0])
                else:
                    lengths.setdefault(seq[:2], set()).add(len(seq))
        self.pair_lengths = {pair: sorted(ns, reverse=True) for pair, ns in lengths.items()}

    def find(self, words: Sequence[Hashable]) -> list[tuple[int, int]]:
        """Every (start, end) token range whose words are an indexed sequence, by start and
        then longest first."""
        n_words = len(words)
        # map, zip and compress run in C: Python code runs only where a name may start,
        # and a longer name only where the token and the next open one.
        found = [(i, i + 1) for i in compress(range(n_words), map(self.singles.__contains__, words))]
        if n_words > 1:
            lengths = list(map(self.pair_lengths.get, zip(words, islice(words, 1, None))))
            sequences = self.sequences
            for start in compress(range(n_words - 1), lengths):
                for n in lengths[start]:
                    end = start + n
                    # (two words: the pair is the name)
                    if end <= n_words and (n == 2 or tuple(words[start:end]) in sequences):
                        found.append((start, end))
            found.sort(key=lambda r: (r[0], -r[1]))
        return found


@Language.factory("ai_news_kb_ruler")
def make_kb_ruler(nlp: Language, name: str) -> KBRuler:
    return KBRuler(nlp, name)
