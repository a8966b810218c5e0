"""The trigger lexicon (``models/events/triggers.jsonl``) and cue lists (``models/events/cues.json``).

A trigger entry is ``{"lemma", "type", "pos", "objects"?, "standalone"?, "generic"?, "plural_ok"?}``:

* NOUN entries name what an event is about ("conference", "report", "institute",
  "funding round"). ``standalone`` nouns make an event without a trigger verb when
  a date or a place is attached to them; ``generic`` nouns ("the event") only
  refer back to an event already found; ``plural_ok`` nouns may be plural
  ("rankings") where other plurals are kinds of things ("forums"); ``verb_only``
  nouns need a trigger verb even when named ("a series first published in 2014").
* VERB entries ("release", "set up", "get under way", "put into") make an event
  when one of their ``objects`` is the verb's argument: a noun lemma, or
  ``@LABEL`` for a named entity of that label (``@ORG``, ``@PRODUCT``, ``@MONEY``).
  Words after the first are particles or prepositions that must follow the verb
  in its own phrase ("put out", "sign up").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from collections import defaultdict
from functools import cached_property, lru_cache
from itertools import compress
from typing import Any, Optional

from spacy.tokens import Token

from ..paths import model_file

TYPES = ("CONFERENCE", "LAUNCH", "REPORT", "POLICY", "INVESTMENT", "PARTNERSHIP", "AWARD", "OTHER")


@dataclass(frozen=True)
class NounEntry:
    words: tuple[str, ...]
    type: str
    standalone: bool = False
    generic: bool = False
    plural_ok: bool = False
    verb_only: bool = False  # an event only with a trigger verb ("a study released by"), never by its name alone

    @cached_property
    def lemma(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class VerbEntry:
    words: tuple[str, ...]
    type: str
    objects: Optional[frozenset[str]] = None  # None: no object needed
    subject_ok: bool = False  # the event may be the verb's subject ("the summit opened", "the report came out")
    dated: bool = False  # an event only with a date of its own ("present a robot in November", not "at its stand")

    @cached_property
    def lemma(self) -> str:
        return " ".join(self.words)

    @cached_property
    def takes_named(self) -> bool:
        """An object may be a named entity ("@ORG"), not only a noun."""
        return self.objects is not None and any(o.startswith("@") for o in self.objects)

    def accepts(self, noun_lemma: Optional[str], labels: tuple[str, ...] = ()) -> bool:
        if self.objects is None:
            return True
        if noun_lemma is not None and noun_lemma in self.objects:
            return True
        return any("@" + label in self.objects for label in labels)


@dataclass(frozen=True)
class Lexicon:
    nouns: dict[str, tuple[NounEntry, ...]]  # keyed by the head (last) word
    verbs: dict[str, tuple[VerbEntry, ...]]  # keyed by the first word
    cues: dict[str, Any]
    nominals: dict[str, str] = field(default_factory=dict)  # "signing" -> "sign": nouns that name a verb's act

    @property
    def trigger_words(self) -> frozenset[str]:
        return frozenset(self.nouns) | frozenset(self.verbs)

    def noun_at(self, tok: Token, words: Optional[list[str]] = None) -> Optional[NounEntry]:
        """The longest noun entry whose last word is ``tok`` (earlier words must precede it).

        ``words``: the doc's words as :func:`doc_words` gives them, to avoid recomputing.
        """
        best: Optional[NounEntry] = None
        w = words if words is not None else doc_words(tok.doc)
        entries = self.nouns.get(w[tok.i])
        if not entries:
            return None  # (the cheap test first)
        if tok.pos_ not in ("NOUN", "PROPN", "X") and (
                tok.pos_ in ("VERB", "AUX") or tok.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj", "attr", "appos")):
            return None  # "planning", "planned" are verbs here; a mistagged "round" as an object is a noun
        for entry in entries:
            n = len(entry.words)
            if n > 1:
                if tok.i - (n - 1) < 0:
                    continue
                before = w[tok.i - (n - 1) : tok.i]
                if before != list(entry.words[:-1]):
                    continue
            if best is None or len(entry.words) > len(best.words):
                best = entry
        return best

    def verbs_at(self, tok: Token, words: Optional[list[str]] = None,
                 heads: Optional[list[int]] = None) -> list[VerbEntry]:
        """Verb entries whose first word is ``tok`` and whose other words follow it in its phrase.

        A noun that names the verb's act ("the signing of", "its launch") stands for the verb.
        ``heads``: the head index of every token of the doc, when the caller has them.
        """
        out = []
        w = words if words is not None else doc_words(tok.doc)
        word = w[tok.i]
        if tok.pos_ in ("NOUN", "PROPN") and word in self.nominals:
            return [e for e in self.verbs.get(self.nominals[word], ()) if len(e.words) == 1]
        for entry in self.verbs.get(word, ()):
            if len(entry.words) == 1 or _rest_follows(tok, entry.words[1:], w, heads):
                out.append(entry)
        return out

    def cue(self, name: str) -> Any:
        return self.cues[name]


class DocTriggers:
    """The lexicon's answers for the tokens of one document (:meth:`Lexicon.noun_at`,
    :meth:`Lexicon.verbs_at`), each found once: the detector and the slot filler ask
    about the same few tokens many times. Shared by both for one document."""

    def __init__(self, lex: Lexicon, words: list[str], heads: Optional[list[int]] = None) -> None:
        self.lex = lex
        self.words = words
        self.heads = heads
        self._nouns: dict[int, Optional[NounEntry]] = {}
        self._verbs: dict[int, list[VerbEntry]] = {}

    def noun_at(self, tok: Token) -> Optional[NounEntry]:
        i = tok.i
        if self.words[i] not in self.lex.nouns:
            return None  # (no entry can end here: nothing to remember)
        try:
            return self._nouns[i]
        except KeyError:
            entry = self._nouns[i] = self.lex.noun_at(tok, self.words)
            return entry

    def verbs_at(self, tok: Token) -> list[VerbEntry]:
        """(The list is shared: do not change it.)"""
        try:
            return self._verbs[tok.i]
        except KeyError:
            found = self._verbs[tok.i] = self.lex.verbs_at(tok, self.words, self.heads)
            return found


def word_of(tok: Token) -> str:
    """Lower-case lemma, with the surface form for words the lemmatizer leaves capitalized.

    Without a lemmatizer in the pipeline (``lemma_`` empty) the word is reduced by
    inflection rules to a form the lexicon knows ("released" -> "release").
    """
    return _word(tok.lower_, tok.tag_, tok.lemma_)


def _word(lower: str, tag: str, lemma: str) -> str:
    lemma = lemma.lower()
    if not lemma:
        return _fallback_lemma(lower, tag)
    if tag in ("NNPS", "NNS") and lemma == lower and lemma.endswith("s") and not lemma.endswith("ss"):
        lemma = lemma[:-1]  # "Awards", "Rankings" as proper-noun plurals
    return lemma


# Set by load_lexicon(): the words the lexicon and cue lists use, and irregular forms.
_KNOWN: set[str] = set()
_IRREGULAR: dict[str, str] = {}


def _fallback_lemma(word: str, tag: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    cands: list[str] = []
    if tag == "NNP" and word.endswith("s") and not word.endswith("ss") and word[:-1] in _KNOWN:
        return word[:-1]  # a title-cased plural tagged as a name: "The WSC Innovation Awards"
    if tag.startswith("VB") or tag in ("NNS", "NNPS", "JJ", ""):
        for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                             ("es", ""), ("s", ""), ("d", "")):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                stem = word[: len(word) - len(suffix)] + repl
                cands.append(stem)
                if len(stem) > 2 and stem[-1] == stem[-2] and not repl:
                    cands.append(stem[:-1])  # "planned" -> "plann" -> "plan"
    for c in cands:
        if c in _KNOWN:
            return c
    return word


def doc_words(doc) -> list[str]:
    """:func:`word_of` for every token, computed from attribute arrays (no Token objects)."""
    from spacy.attrs import LEMMA, LOWER, TAG

    if not len(doc):
        return []
    strings = doc.vocab.strings
    lower_ids, tags, lemmas = doc.to_array([LOWER, TAG, LEMMA]).T.tolist()
    names = {h: strings[h] for h in set(lower_ids)}
    return words_from_arrays([names[h] for h in lower_ids], tags, lemmas, strings)


def words_from_arrays(lowers: list[str], tags: list[int], lemmas: list[int], strings) -> list[str]:
    """:func:`word_of` for every token, from its lower-case form and its TAG and LEMMA hashes.

    A token without a lemma (the pipeline runs no lemmatizer: most tokens) has a word that depends
    on its form and tag only: it is looked up in its tag's table (``_WORDS_BY_TAG``), two lookups
    per token made in C, with no key to build. The few tokens with a lemma are looked up by all
    three (``_WORDS``)."""
    out = list(map(dict.get, map(_WORDS_BY_TAG.__getitem__, tags), lowers))
    for i in compress(range(len(out)), lemmas):  # (the tokens with a lemma)
        key = (lowers[i], tags[i], lemmas[i])
        word = out[i] = _WORDS.get(key) or _word(lowers[i], strings[tags[i]] if tags[i] else "", strings[lemmas[i]])
        if len(_WORDS) < 200_000:
            _WORDS[key] = word
    if None in out:  # forms not seen with their tag before
        for i in [i for i, w in enumerate(out) if w is None]:
            word = out[i] = _word(lowers[i], strings[tags[i]] if tags[i] else "", "")
            table = _WORDS_BY_TAG[tags[i]]
            if len(table) < 200_000:
                table[lowers[i]] = word
    return out


# TAG hash -> lower-case form -> word, for tokens without a lemma (a new table made for a new tag)
_WORDS_BY_TAG: defaultdict[int, dict[str, str]] = defaultdict(dict)
_WORDS: dict[tuple[str, int, int], str] = {}  # (lower, TAG hash, LEMMA hash) -> word, for tokens with a lemma


def _rest_follows(tok: Token, rest: tuple[str, ...], words: list[str], heads: Optional[list[int]] = None) -> bool:
    # The particle/preposition words must come after the verb, in order, within a
    # short window, and belong to the verb's own phrase ("put HK$4m into", "got under way").
    if heads is not None:  # the same test on head indices, without Token objects
        i = tok.i
        window_i = [j for j in range(i + 1, min(i + 7, len(heads)))
                    if heads[j] == i or heads[heads[j]] == i or heads[j] == heads[i]]
    else:
        window_i = [t.i for t in tok.doc[tok.i + 1 : tok.i + 7]
                    if t.head == tok or t.head.head == tok or t.head == tok.head]
    words = [words[j] for j in window_i]
    pos = 0
    for w in rest:
        try:
            pos = words.index(w, pos) + 1
        except ValueError:
            return False
    return True


@lru_cache(maxsize=None)
def load_lexicon() -> Lexicon:
    nouns: dict[str, list[NounEntry]] = {}
    verbs: dict[str, list[VerbEntry]] = {}
    with model_file("events", "triggers.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            row = json.loads(line)
            words = tuple(row["lemma"].lower().split())
            if row["type"] not in TYPES:
                raise ValueError(f"events/triggers.jsonl: unknown type {row['type']!r}")
            if row.get("pos", "NOUN") == "NOUN":
                entry = NounEntry(words, row["type"], bool(row.get("standalone")), bool(row.get("generic")),
                                  bool(row.get("plural_ok")), bool(row.get("verb_only")))
                nouns.setdefault(words[-1], []).append(entry)
            else:
                objs = row.get("objects")
                entry_v = VerbEntry(words, row["type"], frozenset(o.lower() if not o.startswith("@") else o for o in objs)
                                    if objs is not None else None, bool(row.get("subject_ok")), bool(row.get("dated")))
                verbs.setdefault(words[0], []).append(entry_v)
    cues = json.loads(model_file("events", "cues.json").read_text(encoding="utf-8"))
    _IRREGULAR.update(cues.get("irregular_lemmas", {}))
    _KNOWN.update(w for key in list(nouns) + list(verbs) for w in [key])
    _KNOWN.update(w for entries in nouns.values() for e in entries for w in e.words)
    _KNOWN.update(w for entries in verbs.values() for e in entries for w in e.words)
    for value in cues.values():
        if isinstance(value, list):
            _KNOWN.update(w for v in value if isinstance(v, str) for w in v.split())
    _KNOWN.update(cues.get("started_activities", {}))  # "operating" -> "operate" ("began operating")
    return Lexicon({k: tuple(v) for k, v in nouns.items()}, {k: tuple(v) for k, v in verbs.items()}, cues,
                   dict(cues.get("nominalizations", {})))
