"""Which way a bare weekday or month points: the last one or the next one.

"The report came out on Friday" means the Friday before publication; "the
summit will run through Sunday" the Sunday after. The nearest cue word on the
left of the expression, inside its clause, decides; else the tense of the
sentence (given by the caller from POS tags, or guessed here from cue words).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from collections.abc import Sequence
from typing import Optional

from .lexicon import Lexicon, prefix_tree
from .lazyre import lazy

PAST, PRESENT, FUTURE = "past", "present", "future"

# Sentence ends: ., !, ? followed by space and a capital or quote; or a blank line.
_SENT_END = lazy(r"[.!?][\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z(\[])")
# A clause boundary for the local cue search.
_CLAUSE_END = lazy(r"[;:()\[\]\n]|,\s+(?:but|while|whereas|and)\b|\.\s")


_NOT_BEFORE_VERB = (
    "a", "an", "the", "its", "his", "her", "our", "their", "this", "that", "be", "been", "being", "to",
    # a participle after these is an adjective or a present passive: "will remain closed", "is expected"
    "is", "are", "remain", "remains", "stay", "stays", "get", "gets", "seem", "seems", "become", "becomes",
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Cheap sentence bounds for callers without a parser."""
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        end = m.start() + (1 if text[m.start()] in ".!?" else 0)
        if end > start:
            out.append((start, end))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


@lru_cache(maxsize=8)
def _cue_patterns(future: tuple[str, ...], past: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Each word list is one prefix tree (the longest word that fits wins, as in a plain
    # alternation sorted longest first), so a word start costs a branch per letter, not
    # one per word; the tense is looked up around every date, over a few hundred characters.
    fut = rf"(?<![\w'])(?P<f>{_word_tree(future)})\b"
    # Any lower-case "-ed" word counts as a past verb, unless a determiner makes it an adjective ("a
    # dedicated hall") or a passive auxiliary leaves the tense to the word before it ("will be
    # presented"). Not "-eed" ("need", "exceed"), nor a capitalized word, most often a name ("the
    # United States", "the National Speed Skating Oval"), nor the end of a hyphenated adjective
    # ("liquid-cooled", "state-owned").
    # The look-ahead for the "-ed" ending comes first: most words fail there, before the
    # twenty look-behinds (the same test the word itself makes, so the same matches).
    not_verb = "".join(rf"(?<!\b{w}\s)" for w in _NOT_BEFORE_VERB)
    pst = rf"\b(?P<p>{_word_tree(past)}|(?<!-)(?=(?-i:[a-z]{{3,}}ed)\b)(?![a-z]*eed\b){not_verb}(?!(?:{_word_tree(future)})\b)[a-z]{{3,}}ed)\b"
    return re.compile(f"{fut}|{pst}", re.I), re.compile(fut, re.I)


def _word_tree(words: tuple[str, ...]) -> str:
    """One alternation of cue words as a prefix tree (:func:`.lexicon.prefix_tree`); a space matches
    any run of spaces. The patterns ignore case: an ASCII word is lower-cased, one branch per letter."""
    return prefix_tree([r"\s+" if ch == " " else re.escape(ch) for ch in (w.lower() if w.isascii() else w)]
                       for w in words)


class TenseGuide:
    """Answers "past / present / future?" for a character offset of one text."""

    def __init__(
        self,
        text: str,
        lexicon: Lexicon,
        sentences: Optional[list[tuple[int, int]]] = None,
        tenses: Optional[Sequence[str]] = None,
    ) -> None:
        self.text = text
        self.cues, self.future_only = _cue_patterns(tuple(lexicon.future_cues), tuple(lexicon.past_cues))
        self.sentences = sentences if sentences is not None else split_sentences(text)
        self._starts = [s for s, _ in self.sentences]
        self._tenses = tenses

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def sentence_tense(self, i: int) -> Optional[str]:
        """The caller's tense for sentence ``i``, else the nearest cue word's, else None."""
        if self._tenses is not None and i < len(self._tenses) and self._tenses[i]:
            return self._tenses[i]
        return None

    def _cue(self, span: str, last: bool) -> Optional[str]:
        found = None
        for found in self.cues.finditer(span):
            if not last:
                break
        if found is None:
            return None
        return FUTURE if found.group("f") else PAST

    def local(self, start: int, end: Optional[int] = None, window: int = 60) -> Optional[str]:
        """The tense of the nearest cue word in the expression's clause: left first, then right."""
        i = self.sentence_index(start)
        s0, s1 = self.sentences[i] if self.sentences else (0, len(self.text))
        lo = max(s0, start - window)
        while lo > s0 and not self.text[lo - 1].isspace():
            lo -= 1  # (a word cut by the window is read whole: "will", not "ill")
        left = self.text[lo:start]
        cut = None
        for cut in _CLAUSE_END.finditer(left):
            pass
        if cut is not None:
            left = left[cut.end() :]
        tense = self._cue(left, last=True)
        if tense is None and end is not None:
            right = self.text[end : min(s1, end + window)]
            stop = _CLAUSE_END.search(right)
            tense = self._cue(right[: stop.start()] if stop else right, last=False)
        return tense

    def direction(self, start: int, end: Optional[int] = None) -> Optional[str]:
        """"past", "future", "present" or None (unknown) for the expression at ``start``..``end``."""
        local = self.local(start, end)
        if local is not None:
            return local
        i = self.sentence_index(start)
        given = self.sentence_tense(i)
        s0, s1 = self.sentences[i] if self.sentences else (0, len(self.text))
        back = self.text[max(s0, start - 200) : start]
        if given == PAST and self.future_only.search(back) and self._cue(back, last=True) == FUTURE:
            # "said last week it would offer credits under a law that takes effect on Jan. 1": what
            # was said looks ahead, whatever the tense of the saying
            return FUTURE
        if given is not None:
            return given
        return self._cue(back, last=True) or self._cue(self.text[start : min(s1, start + 200)], last=False)
