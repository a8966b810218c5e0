"""Tag known names from the knowledge base before the statistical NER runs.

Known names (organizations, places, events, products, venues) are labelled
from ``models/kb`` and the statistical NER then works around them. A phrase
match is skipped when it is only the first or last part of a longer proper
name ("Shanghai" in "Shanghai Jiao Tong University", "Sydney" in "University
of Sydney Business School"): the NER sees the whole name instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import doc_attrs  # noqa: F401
from ..kb import KBEntry, KnowledgeBase, load_kb

HYPHENS = {"-", "–"}
# Tokens that continue a proper name without being capitalized ("University of Sydney");
# "and" is left out: "Alibaba and Tencent" are two names far more often than one.
NAME_JOINERS = {"of", "for", "&", "de", "du", "der", "la"}


def _continues_name(tok) -> bool:
    return tok.is_title or tok.is_upper and len(tok) > 1 and tok.is_alpha


class KBRuler:
    def __init__(self, nlp: Language, name: str, kb: KnowledgeBase | None = None) -> None:
        self.name = name
        self.kb = kb or load_kb()
        self.by_surface: dict[str, KBEntry] = {}
        for surface, entry in self.kb.surfaces():
            self.by_surface.setdefault(surface, entry)
        self.names = TokenSequenceIndex(_tokenize_names(nlp, list(self.by_surface)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for start, end in self.names.find([t.text for t in doc]):
            entry = self.by_surface.get(doc[start:end].text)
            if entry is None or self._inside_longer_name(doc, start, end):
                continue
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
    """Exact matching of token sequences (case-sensitive, like ``PhraseMatcher(attr="ORTH")``).

    A PhraseMatcher needs every name as a Doc, and making ~4,000 Docs creates a
    lexeme for each new word: about 0.2 s of start-up. Names as tuples of strings
    cost nothing to index, and matching stays a dict lookup per token.
    """

    def __init__(self, sequences: Iterable[tuple[str, ...]]) -> None:
        self.sequences: set[tuple[str, ...]] = set()
        lengths: dict[str, set[int]] = {}
        for seq in sequences:
            if seq:
                self.sequences.add(seq)
                lengths.setdefault(seq[0], set()).add(len(seq))
        # Longest first, as a reader would try them; the caller keeps overlaps apart.
        self.lengths = {first: sorted(ns, reverse=True) for first, ns in lengths.items()}

    def find(self, words: Sequence[str]) -> Iterator[tuple[int, int]]:
        """Every (start, end) token range whose words are an indexed sequence."""
        n_words = len(words)
        for start, word in enumerate(words):
            for n in self.lengths.get(word, ()):
                end = start + n
                if end <= n_words and tuple(words[start:end]) in self.sequences:
                    yield start, end


# Names made of plain words and single spaces tokenize as their words: splitting
# them directly skips the tokenizer, which only the rest need.
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def _tokenize_names(nlp: Language, names: list[str]) -> Iterator[tuple[str, ...]]:
    tricky = []
    for name in names:
        words = name.split(" ")
        if _PLAIN.fullmatch(name) and not any(w.lower() in nlp.tokenizer.rules for w in words):
            yield tuple(words)
        else:
            tricky.append(name)
    for doc in nlp.tokenizer.pipe(tricky):
        yield tuple(t.text for t in doc)


@Language.factory("ai_news_kb_ruler")
def make_kb_ruler(nlp: Language, name: str) -> KBRuler:
    return KBRuler(nlp, name)
