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

import re
from itertools import compress
from collections.abc import Hashable, Iterable, Iterator, Sequence

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import doc_attrs  # noqa: F401
from ..entities.lexicon import load_lexicons
from ..entities.versions import versioned_spans
from ..kb import KBEntry, KnowledgeBase, load_kb

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
        tokenized = list(_tokenize_names(nlp, list(self.by_surface)))
        # Names as tuples of ORTH hashes: a Doc gives its tokens' hashes in one array call,
        # where reading every token's text costs a Python object each.
        self.by_orths: dict[tuple[int, ...], tuple[str, KBEntry]] = {}
        for surface, words in tokenized:
            self.by_orths.setdefault(tuple(hash_string(w) for w in words), (surface, self.by_surface[surface]))
        self.names = TokenSequenceIndex(self.by_orths)
        # Case-folded long names (LOWER hashes) -> entry; a folded name two entries share is left out.
        self.by_folded: dict[tuple[int, ...], KBEntry] = {}
        shared: set[tuple[int, ...]] = set()
        for surface, words in tokenized:
            if len(words) >= MIN_FOLDED_TOKENS:
                key = tuple(hash_string(w.lower()) for w in words)
                entry = self.by_surface[surface]
                if self.by_folded.setdefault(key, entry) is not entry:
                    shared.add(key)
        for key in shared:
            del self.by_folded[key]
        self.folded = TokenSequenceIndex(self.by_folded)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, LOWER])
        exact = set()
        orths = arr[:, 0].tolist()
        for start, end in self.names.find(orths):
            surface, entry = self.by_orths[tuple(orths[start:end])]
            exact.add((start, end))
            # one token: its hash is its text; several: the spaces between them must be the name's
            if end - start > 1 and doc[start:end].text != surface or self._inside_longer_name(doc, start, end):
                continue
            spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
        # "ERNIE 4.0 Turbo", "Doubao-1.5-pro": a known product family and its version.
        for start, end, entry in versioned_spans(doc, orths, self.kb, self.lex):
            spans.append(Span(doc, start, end, label="PRODUCT", kb_id=entry.id if entry else ""))
        lowers = arr[:, 1].tolist()
        for start, end in self.folded.find(lowers):
            if (start, end) in exact or not _name_cased([t.text for t in doc[start:end]]) \
                    or self._inside_longer_name(doc, start, end):
                continue
            entry = self.by_folded[tuple(lowers[start:end])]
            spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
        spans = filter_spans(spans)
        if spans:
            existing = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
            doc.ents = filter_spans(existing + spans)
        return doc

    @staticmethod
    def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
        # "Shenzhen-Hong Kong-Guangzhou innovation cluster": part of a hyphenated compound.
        if end + 1 < len(doc) and doc[end].text in HYPHENS and _continues_name(doc[end + 1]) \
                and not doc[end].whitespace_ and not doc[end - 1].whitespace_:
            return True
        if start >= 2 and doc[start - 1].text in HYPHENS and _continues_name(doc[start - 2]) \
                and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
            return True
        if end < len(doc):
            nxt = doc[end]
            if _continues_name(nxt) and not nxt.is_sent_start and nxt.text not in {"I"}:
                return True
        if start >= 2:
            prev, prev2 = doc[start - 1], doc[start - 2]
            if prev.lower_ in NAME_JOINERS and _continues_name(prev2) and not prev2.is_sent_start:
                return True
        if start >= 1:
            prev = doc[start - 1]
            if _continues_name(prev) and not doc[start].is_sent_start and not prev.is_sent_start:
                return True
        return False


class TokenSequenceIndex:
    """Exact matching of token sequences (of texts, or of their ORTH or LOWER hashes: with
    ORTH hashes it matches like ``PhraseMatcher(attr="ORTH")``).

    A PhraseMatcher needs every name as a Doc, and making ~4,000 Docs creates a
    lexeme for each new word: about 0.2 s of start-up. Names as tuples of strings
    cost nothing to index, and matching stays a dict lookup per token.
    """

    def __init__(self, sequences: Iterable[tuple[Hashable, ...]]) -> None:
        self.sequences: set[tuple[Hashable, ...]] = set()
        # The first two words of every longer name: most starts ("the", "Shanghai") open
        # some name, and one test rules out all the longer ones.
        self.pairs: set[tuple[Hashable, ...]] = set()
        lengths: dict[Hashable, set[int]] = {}
        for seq in sequences:
            if seq:
                self.sequences.add(seq)
                lengths.setdefault(seq[0], set()).add(len(seq))
                if len(seq) > 1:
                    self.pairs.add(seq[:2])
        # Longest first, as a reader would try them; the caller keeps overlaps apart.
        self.lengths = {first: sorted(ns, reverse=True) for first, ns in lengths.items()}

    def find(self, words: Sequence[Hashable]) -> Iterator[tuple[int, int]]:
        """Every (start, end) token range whose words are an indexed sequence."""
        n_words = len(words)
        # map and compress run in C: Python code runs only where a name may start.
        lengths = list(map(self.lengths.get, words))
        pairs, sequences = self.pairs, self.sequences
        for start in compress(range(n_words), lengths):
            longer = None
            for n in lengths[start]:
                if n > 1:
                    if longer is None:
                        longer = tuple(words[start : start + 2]) in pairs
                    if not longer:
                        continue
                end = start + n
                if end <= n_words and tuple(words[start:end]) in sequences:
                    yield start, end


# Names made of plain words and single spaces tokenize as their words: splitting
# them directly skips the tokenizer, which only the rest need.
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _tokenize_names(nlp: Language, names: list[str]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(name, its token texts) for every name."""
    tricky = []
    for name in names:
        words = name.split(" ")
        if _PLAIN.fullmatch(name) and not any(w.lower() in nlp.tokenizer.rules for w in words):
            yield name, tuple(words)
        else:
            tricky.append(name)
    for name, doc in zip(tricky, nlp.tokenizer.pipe(tricky)):
        yield name, tuple(t.text for t in doc)


@Language.factory("ai_news_kb_ruler")
def make_kb_ruler(nlp: Language, name: str) -> KBRuler:
    return KBRuler(nlp, name)
