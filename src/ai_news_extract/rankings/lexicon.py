"""The rankings stage's word lists and surface patterns, read from models/rankings/."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

from spacy.errors import MatchPatternError
from spacy.parts_of_speech import AUX, VERB
from spacy.schemas import validate_token_pattern
from spacy.tokens import Token
from spacy.vocab import Vocab

from ..paths import model_file
from .matcher import SpacyMatcher, TokenMatcher, make_matcher
from ..scan import first_char_lookahead

_VERB_POS = (VERB, AUX)  # coarse tags (Token.pos) of a verb form


@dataclass(frozen=True)
class Lexicon:
    ordinal_words: dict[str, int]
    cardinal_words: dict[str, int]
    rank_verbs: frozenset[str]
    copulas: frozenset[str]
    rise_verbs: frozenset[str]
    fall_verbs: frozenset[str]
    position_nouns: frozenset[str]
    step_nouns: frozenset[str]
    title_nouns: frozenset[str]
    list_nouns: frozenset[str]
    scope_nouns: frozenset[str]
    leader_nouns: frozenset[str]
    order_markers: tuple[tuple[str, ...], ...]
    tie_markers: frozenset[str]
    membership_preps: frozenset[str]
    membership_verbs: frozenset[str]
    group_verbs: frozenset[str]
    closing_verbs: frozenset[str]
    entry_verbs: frozenset[str]
    criterion_preps: tuple[tuple[str, ...], ...]
    scope_preps: frozenset[str]
    world_words: dict[str, str]
    skip_adverbs: frozenset[str]
    time_nouns: frozenset[str]
    source_nouns: frozenset[str]
    release_verbs: frozenset[str]
    coverage_regex: "re.Pattern[str]"
    superlative_words: frozenset[str]
    class_nouns: frozenset[str]
    attribute_nouns: frozenset[str]
    variant_nouns: frozenset[str]
    pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    name_labels: frozenset[str]
    description_nouns: dict[str, frozenset[str]]
    above_preps: frozenset[str]
    superlative_phrases: tuple[tuple[str, ...], ...]
    irregular_forms: dict[str, str]
    cue_regex: "re.Pattern[str]"
    # 'Chongqing joined Sichuan among the top 15': the subject is now where the object is
    joining_verbs: frozenset[str] = field(default=frozenset())
    # 'topped the December edition': a list's edition as the object of 'lead' / 'top'
    edition_nouns: frozenset[str] = field(default=frozenset())
    passing_verbs: frozenset[str] = field(default=frozenset())
    patterns: tuple[dict, ...] = field(default=())
    # numbered list lines: '1. Apple', '2) Dell', 'Rank 3: Beijing (score 84.9)', 'No. 4 Baidu, 14 billion'
    line_regex: "re.Pattern[str]" = field(default=re.compile(r"^[ \t]*(\d{1,3})[.)][ \t]+(\S[^\n]*?)[ \t]*$", re.M))
    known: frozenset[str] = field(default=frozenset())  # every lemma the lists use (for lemma guessing)
    # lemma_of() answers, (word, verb) -> lemma: the same few words come back in every article
    _lemmas: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # lemma() answers: lemma string id -> the lemma in lower case; (lower-case form id, is a verb) ->
    # the guessed lemma (string ids are hashes of the strings: the same in every vocab)
    _lemma_ids: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # phrases_by_first() answers, by the id of the phrase list
    _by_first: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # memo() answers: what other modules derive from the lexicon once
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def number(self, text: str) -> Optional[int]:
        """Value of one number word: '7', '7th', 'seventh', 'seven', 'No.7', '#7'."""
        t = text.lower().lstrip("#")
        if t.startswith("no.") or t.startswith("nr."):
            t = t[3:]
        t = t.replace(",", "")
        if t.isdigit():
            return int(t)
        for suffix in ("st", "nd", "rd", "th"):
            if t.endswith(suffix) and t[: -len(suffix)].isdigit():
                return int(t[: -len(suffix)])
        if t in self.ordinal_words:
            return self.ordinal_words[t]
        return self.cardinal_words.get(t)

    def is_ordinal(self, text: str) -> bool:
        t = text.lower()
        return t in self.ordinal_words or (len(t) > 2 and t[:-2].isdigit() and t[-2:] in ("st", "nd", "rd", "th"))

    def phrase_number(self, words: list[str]) -> Optional[int]:
        """Value of a number phrase: 'one hundred', 'twenty - first', '100'."""
        total, seen = 0, False
        for w in words:
            if w in ("-", "and"):
                continue
            v = self.number(w)
            if v is None:
                return None
            seen = True
            if v == 100 and w.lower() in ("hundred", "hundredth"):
                total = max(total, 1) * 100
            else:
                total += v
        return total if seen else None

    def memo(self, key: str, make):
        """``make()``, made once per lexicon (under ``key``)."""
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = make()
        return found

    def phrases_by_first(self, phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
        """``phrases`` (one of this lexicon's word-tuple lists) by their first word, each list in
        the original order: a token is compared with the few phrases that start with its word."""
        found = self._by_first.get(id(phrases))
        if found is None or found[0] is not phrases:
            index: dict[str, list[tuple[str, ...]]] = {}
            for seq in phrases:
                if seq:
                    index.setdefault(seq[0], []).append(seq)
            found = self._by_first[id(phrases)] = (phrases, {w: tuple(seqs) for w, seqs in index.items()})
        return found[1]

    @property
    def known_lemmas(self) -> frozenset[str]:
        return self.known

    def lemma(self, t: Token) -> str:
        """The token's lemma, lower case; guessed from its form when the pipeline has no lemmatizer."""
        # Looked up by string ids (Token.lemma_, .lower_ and .pos_ decode a new string at every call).
        memo = self._lemma_ids
        lemma_id = t.lemma
        lemma = memo.get(lemma_id)
        if lemma is None:
            lemma = t.lemma_.lower()
            if len(memo) < 100_000:
                memo[lemma_id] = lemma
        if lemma:
            return lemma
        key = (t.lower, t.pos in _VERB_POS)  # no lemma: guessed from the form
        lemma = memo.get(key)
        if lemma is None:
            lemma = self.lemma_of(t.lower_, verb=key[1])
            if len(memo) < 100_000:
                memo[key] = lemma
        return lemma

    def lemma_from_ids(self, lemma_id: int, lower_id: int, pos: int, strings) -> str:
        """:meth:`lemma` of a token given by its ``Token.lemma``, ``Token.lower`` and ``Token.pos``
        (the values ``Doc.to_array`` gives), without the Token; the same memo, the same answers."""
        memo = self._lemma_ids
        lemma = memo.get(lemma_id)
        if lemma is None:
            lemma = strings[lemma_id].lower()
            if len(memo) < 100_000:
                memo[lemma_id] = lemma
        if lemma:
            return lemma
        key = (lower_id, pos in _VERB_POS)  # no lemma: guessed from the form
        lemma = memo.get(key)
        if lemma is None:
            lemma = self.lemma_of(strings[lower_id], verb=key[1])
            if len(memo) < 100_000:
                memo[key] = lemma
        return lemma

    def lemma_of(self, w: str, verb: bool = False) -> str:
        """verb: the word is a verb form, so 'ranking' is 'rank' (as a noun it is the list)."""
        key = (w, verb)
        lemma = self._lemmas.get(key)
        if lemma is None:
            lemma = self._guess_lemma(w, verb)
            if len(self._lemmas) < 100_000:
                self._lemmas[key] = lemma
        return lemma

    def _guess_lemma(self, w: str, verb: bool) -> str:
        if w in self.irregular_forms:
            return self.irregular_forms[w]
        known = self.known_lemmas
        if w in known and not (verb and (w.endswith("ing") or w.endswith("ed"))):
            return w
        candidates = []
        if w.endswith("ies"):
            candidates.append(w[:-3] + "y")
        if w.endswith("s"):
            candidates += [w[:-1], w[:-2]]
        if w.endswith("ed"):
            candidates += [w[:-1], w[:-2], w[:-3]]  # placed, ranked, slipped
        if w.endswith("ing"):
            candidates += [w[:-3], w[:-3] + "e", w[:-4]]  # ranking, placing, slipping
        for c in candidates:
            if c in known:
                return c
        return w

    def make_matcher(self, vocab: Vocab) -> "Union[TokenMatcher, SpacyMatcher]":
        """The matcher of patterns.jsonl; "$name" in a pattern stands for a generated word list.

        Generated lists ('7th', 'no.7', '#7' up to 1000) are set lookups, far cheaper
        per token than REGEX predicates. The patterns are spaCy Matcher patterns, checked
        against spaCy's schema here; matcher.py runs them (same matches, in the same order).
        """
        lists = dict(_generated_lists())
        lists["$ordinals"] = sorted(self.ordinal_words) + lists["$numeric_ordinals"]
        patterns = []
        for entry in self.patterns:
            pattern = _expand(entry["pattern"], lists)
            errors = validate_token_pattern(pattern)
            if errors:
                raise MatchPatternError(entry["label"], {0: errors})
            patterns.append((entry["label"], pattern))
        return make_matcher(vocab, patterns)


@lru_cache(maxsize=1)
def _generated_lists() -> dict[str, list[str]]:
    def suffix(n: int) -> str:
        if 10 <= n % 100 <= 20:
            return "th"
        return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")

    numbers = range(1, 1001)
    return {
        "$numeric_ordinals": [f"{n}{suffix(n)}" for n in numbers],
        "$no_numbers": [f"no.{n}" for n in numbers] + [f"nr.{n}" for n in numbers],
        "$hash_numbers": [f"#{n}" for n in numbers],
    }


def _expand(pattern: list[dict], lists: dict[str, list[str]]) -> list[dict]:
    out = []
    for tok in pattern:
        tok = dict(tok)
        for attr, value in list(tok.items()):
            if isinstance(value, dict) and isinstance(value.get("IN"), str):
                tok[attr] = {**value, "IN": lists[value["IN"]]}
        out.append(tok)
    return out


def _known(lex: "Lexicon") -> frozenset[str]:
    return frozenset().union(
        lex.rank_verbs, lex.copulas, lex.rise_verbs, lex.fall_verbs, lex.position_nouns, lex.step_nouns,
        lex.list_nouns, lex.scope_nouns, lex.leader_nouns, lex.membership_verbs, lex.entry_verbs, lex.group_verbs,
        lex.time_nouns, lex.source_nouns, lex.release_verbs, lex.class_nouns, lex.description_nouns, lex.passing_verbs,
        {v.split()[0] for v in lex.closing_verbs},
        {"lead", "top", "head", "follow", "say", "report", "include", "outscore", "beat", "overtake"},
    )


def _set(data: dict, key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in data.get(key, []))


def _seqs(data: dict, key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.lower() for w in seq) for seq in data.get(key, []))


def _cue_regex(parts: list[str]) -> "re.Pattern[str]":
    """One pattern of the cue alternatives; those that open with a word boundary share one,
    so the engine tests the boundary once per position (a third faster on news text).

    After the shared boundary, a look-ahead for the letters the alternatives can start
    with ('f' of 'first', a digit of '7th', ...) turns most word starts away before the
    engine tries the alternatives one by one, and each alternative has its own look-ahead
    too (several times faster in all; the same matches, as an alternative must begin with
    one of its letters anyway).
    """
    worded = [p[2:] for p in parts if p.startswith("\\b")]
    other = [p for p in parts if not p.startswith("\\b")]
    ahead = first_char_lookahead(worded, re.I)
    inner = "|".join(f"{first_char_lookahead([p], re.I)}(?:{p})" for p in worded)
    alts = ([r"\b" + ahead + "(?:" + inner + ")"] if worded else []) + [f"(?:{p})" for p in other]
    return re.compile("|".join(alts), re.I)


def _coverage_regex(verbs: list[str]) -> "re.Pattern[str]":
    """'evaluates 50 ': a coverage verb and a number (group 1); a look-ahead for the verbs' first
    letters first, as in _cue_regex."""
    words = [re.escape(v) for v in verbs]
    return re.compile(r"\b%s(?:%s) (\d[\d,]*) " % (first_char_lookahead(words, re.I), "|".join(words)), re.I)


def _line_regex(prefixes: list[str]) -> "re.Pattern[str]":
    """A numbered line: '1. X' / '1) X', or a prefix word and a number ('Rank 1: X', 'No. 1 X', '#1 X').
    Group 1 is the number, group 2 the rest of the line."""
    pfx = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    with_prefix = rf"(?:{pfx})[ \t]*(?=\d{{1,3}}[.):]?[ \t])|" if pfx else ""
    return re.compile(rf"^[ \t]*(?:{with_prefix}(?=\d{{1,3}}[.)][ \t]))(\d{{1,3}})[.):]?[ \t]+(\S[^\n]*?)[ \t]*$",
                      re.M | re.I)


@lru_cache(maxsize=4)
def load_lexicon(cues_path: Optional[str] = None, patterns_path: Optional[str] = None) -> Lexicon:
    cues = Path(cues_path) if cues_path else model_file("rankings", "cues.json")
    pats = Path(patterns_path) if patterns_path else model_file("rankings", "patterns.jsonl")
    data = json.loads(cues.read_text(encoding="utf-8"))
    patterns = tuple(
        json.loads(line) for line in pats.read_text(encoding="utf-8").splitlines() if line.strip()
    )
    lex = Lexicon(
        ordinal_words={k.lower(): int(v) for k, v in data["ordinal_words"].items()},
        cardinal_words={k.lower(): int(v) for k, v in data["cardinal_words"].items()},
        rank_verbs=_set(data, "rank_verbs"),
        copulas=_set(data, "copulas"),
        rise_verbs=_set(data, "rise_verbs"),
        fall_verbs=_set(data, "fall_verbs"),
        position_nouns=_set(data, "position_nouns"),
        step_nouns=_set(data, "step_nouns"),
        title_nouns=_set(data, "title_nouns"),
        list_nouns=_set(data, "list_nouns"),
        scope_nouns=_set(data, "scope_nouns"),
        leader_nouns=_set(data, "leader_nouns"),
        order_markers=_seqs(data, "order_markers"),
        tie_markers=_set(data, "tie_markers"),
        membership_preps=_set(data, "membership_preps"),
        membership_verbs=_set(data, "membership_verbs"),
        group_verbs=_set(data, "group_verbs"),
        closing_verbs=_set(data, "closing_verbs"),
        entry_verbs=_set(data, "entry_verbs"),
        joining_verbs=_set(data, "joining_verbs"),
        edition_nouns=_set(data, "edition_nouns"),
        passing_verbs=_set(data, "passing_verbs"),
        criterion_preps=_seqs(data, "criterion_preps"),
        scope_preps=_set(data, "scope_preps"),
        world_words={k.lower(): v for k, v in data["world_words"].items()},
        skip_adverbs=_set(data, "skip_adverbs"),
        time_nouns=_set(data, "time_nouns"),
        source_nouns=_set(data, "source_nouns"),
        release_verbs=_set(data, "release_verbs"),
        coverage_regex=_coverage_regex(data.get("coverage_verbs", ["-"])),
        superlative_words=_set(data, "superlative_words"),
        class_nouns=_set(data, "class_nouns"),
        attribute_nouns=_set(data, "attribute_nouns"),
        variant_nouns=_set(data, "variant_nouns"),
        pronouns=_set(data, "pronouns"),
        relative_pronouns=_set(data, "relative_pronouns"),
        name_labels=frozenset(data.get("name_labels", [])),
        description_nouns={k.lower(): frozenset(v) for k, v in data.get("description_nouns", {}).items()},
        above_preps=_set(data, "above_preps"),
        superlative_phrases=_seqs(data, "superlative_phrases"),
        irregular_forms={k.lower(): v.lower() for k, v in data.get("irregular_forms", {}).items()},
        cue_regex=_cue_regex(data["cue_regex"]),
        patterns=patterns,
        line_regex=_line_regex(data.get("line_prefixes", [])),
    )
    return replace(lex, known=_known(lex))
