"""Step 3: mentions grouped into one group per real-world thing: by knowledge-base id,
normalized text, acronym definitions, short forms and fuzzy matches."""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from .lexicon import Lexicons
from .mention import Mention, norm_key

# Calibrated on the labelled alias / non-alias pairs in tests/test_entities.py.
FUZZY_THRESHOLD = 90.0


_ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Za-z][A-Za-z0-9&+.\-]{1,11})\s*\)|^,\s+or\s+([A-Z][A-Z0-9&+\-]{1,11})\b")


_SHORT_NAME_AFTER = re.compile(r"\.?\s*\(\s*[\"“]([A-Z][\w&.\-]*(?: [A-Z][\w&.\-]*){0,2})[\"”]\s*\)")


def acronym_links(text: str, mentions: list[Mention]) -> list[tuple[int, str, int, int]]:
    """'Amazon Web Services (AWS)': (mention index, acronym, start, end) for definitions."""
    links = []
    for i, m in enumerate(mentions):
        after = text[m.end : m.end + 20]
        hit = _ACRONYM_AFTER.match(after)
        if hit:
            g = 1 if hit.group(1) else 2
            acr = hit.group(g)
            if is_acronym_of(acr, m.text):
                s = m.end + hit.start(g)
                links.append((i, acr, s, s + len(acr)))
            continue
        # 'Orienta Robotics Co., Ltd. ("Orienta")': a press release's short name for itself.
        hit = _SHORT_NAME_AFTER.match(text, m.end, m.end + 40)
        if hit and _NAME_SPLIT.split(m.text)[: len(hit.group(1).split())] == hit.group(1).split():
            links.append((i, hit.group(1), hit.start(1), hit.end(1)))
    return links


_NOT_LETTER = re.compile(r"[^A-Za-z]")
_NAME_SPLIT = re.compile(r"[\s\-–/]+")


def is_acronym_of(acr: str, name: str) -> bool:
    letters = _NOT_LETTER.sub("", acr).lower()
    if len(letters) < 2 or sum(c.isupper() for c in acr) < 2:
        return False
    words = [w for w in _NAME_SPLIT.split(name) if w]
    initials = "".join(w[0].lower() for w in words if w[0].isalpha())
    significant = "".join(w[0].lower() for w in words if w[0].isupper() or w[0].isdigit())
    if letters in (initials, significant) or _subsequence(letters, initials):
        return letters[0] == initials[:1]
    # "iFlytek (IFLY)"-style abbreviations of a single word.
    if len(words) == 1:
        return name.lower().startswith(letters[:2]) and _subsequence(letters, name.lower())
    # "Gaogong Industry Research Institute (GGII)": romanized names are shortened by syllable,
    # so the letters run through the words (each taken at its first letter), not by initials.
    return acr.isupper() and len(words) >= 3 and letters[0] == initials[0] and _by_syllable(letters, words)


def _by_syllable(letters: str, words: list[str]) -> bool:
    """``letters`` in order through ``words``, each word entered at its first letter, and
    every capitalized word but at most one entered. Inside a word, a letter the next word
    opens with is kept for it."""
    k, skipped = 0, 0
    for w, word in enumerate(words):
        low = word.lower()
        if k < len(letters) and low[0] == letters[k]:
            k += 1
            nxt = words[w + 1][0].lower() if w + 1 < len(words) else None
            for c in low[1:]:
                if k < len(letters) and c == letters[k] and c != nxt:
                    k += 1
        elif word[0].isupper():
            skipped += 1
    return k == len(letters) and skipped <= 1


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _compatibility(mentions: list[Mention], indices: list[int]) -> tuple[list[int], list[list[bool]]]:
    """``_compatible`` reads only a mention's kind (label, whether it has a KB entry, whether
    it is a dateline's, how many words up to two): the kind of each mention of ``indices``
    (-1 for the others) and the table of ``_compatible`` between kinds, where a long article
    would ask about thousands of pairs of mentions (a few kinds: a few dozen calls)."""
    kinds = [-1] * len(mentions)
    seen: dict[tuple[str, bool, bool, int], int] = {}
    examples: list[Mention] = []  # one mention of each kind
    for i in indices:
        m = mentions[i]
        key = (m.label, m.kb is None, m.source == "dateline", min(len(m.text.split()), 2))
        if key not in seen:
            seen[key] = len(examples)
            examples.append(m)
        kinds[i] = seen[key]
    table = [[False] * len(examples) for _ in examples]
    for x, a in enumerate(examples):
        for y, b in enumerate(examples[x:], x):
            table[x][y] = table[y][x] = _compatible(a, b)  # (it is symmetric)
    return kinds, table


def _compatible(a: Mention, b: Mention) -> bool:
    if a.label == b.label:
        return True
    # A surname alone is often mislabelled ORG or GPE ("Donelan said").
    if "PERSON" in (a.label, b.label) and (a.kb is None and b.kb is None):
        return min(len(a.text.split()), len(b.text.split())) == 1
    # The NER often wavers between ORG and the label of what an org runs.
    pair = {a.label, b.label}
    if "dateline" in (a.source, b.source) and pair <= {"GPE", "LOC", "ORG"}:
        return True  # a dateline names a place, whatever the NER makes of it in the body
    return pair <= {"ORG", "PRODUCT", "FAC", "EVENT"} and (a.kb is not None or b.kb is not None)


def _companies_read_as_people(mentions: list[Mention], lex: Lexicons) -> None:
    """'Moonshot said ...' after 'Moonshot AI': a one-word PERSON (or PRODUCT) that is an
    organization's name less its type words is that organization's short form (the NER reads
    unknown brands as people or products)."""
    firsts = {}
    for m in mentions:
        words = m.text.split()
        if m.label == "ORG" and len(words) > 1 and all(w.lower() in lex.short_form_tails for w in words[1:]):
            firsts[words[0]] = m
    if not firsts:
        return
    for m in mentions:
        if m.label in ("PERSON", "PRODUCT") and m.kb is None and m.text in firsts:
            m.label = "ORG"


def cluster(mentions: list[Mention], acronyms: list[tuple[int, str, int, int]], lex: Lexicons) -> list[list[int]]:
    n = len(mentions)
    uf = _UnionFind(n)
    _companies_read_as_people(mentions, lex)
    keys = [norm_key(m.base or m.text) for m in mentions]
    # Acronym definitions: the long form's group takes every mention of the acronym,
    # and the article's own definition beats the KB's reading of the acronym.
    for i, acr, _, _ in acronyms:
        mentions[i].aliases.append(acr)
        ak = norm_key(acr)
        for j, m in enumerate(mentions):
            if keys[j] == ak and j != i:
                if m.kb is not None and m.kb is not mentions[i].kb:
                    m.kb, m.label = mentions[i].kb, mentions[i].label
                uf.union(i, j)
    _link_undefined_acronyms(mentions, keys, {norm_key(a) for _, a, _, _ in acronyms}, uf)
    by_kb: dict[str, int] = {}
    by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        if m.kb is not None:
            if m.kb.id in by_kb:
                uf.union(by_kb[m.kb.id], i)
            else:
                by_kb[m.kb.id] = i
        k = (keys[i], m.label)
        if k in by_key:
            uf.union(by_key[k], i)
        else:
            by_key[k] = i
    # Short forms and fuzzy variants, longest names first; one representative per
    # distinct (name, label) keeps this quadratic step small.
    order = sorted(by_key.values(), key=lambda i: -len(keys[i]))
    kinds, compatible = _compatibility(mentions, order)
    kb_ids = [None if m.kb is None else m.kb.id for m in mentions]
    processed = {i: default_process(keys[i]) for i in order}  # (rapidfuzz's processor, once per name)
    for a_pos, i in enumerate(order):
        row, kb_i, key_i = compatible[kinds[i]], kb_ids[i], keys[i]
        # The tests that read only the two mentions come first, in one pass over the rest;
        # whether the pair is already one group depends on the unions made so far. (A union
        # of a pair already joined changes nothing, so the order of the tests is free.)
        rest = [j for j in order[a_pos + 1 :]
                if row[kinds[j]] and (kb_i is None or kb_ids[j] is None or kb_ids[j] == kb_i)]
        for j in rest:
            if uf.find(i) == uf.find(j):
                continue
            if key_i == keys[j] or _short_form(mentions[j], mentions[i], keys[j], key_i, lex) \
                    or _fuzzy_processed(key_i, keys[j], processed[i], processed[j]):
                uf.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(mentions[i].start for i in g))


_ACRONYM_TOKEN = re.compile(r"[A-Z][A-Z&]{1,7}")


def _link_undefined_acronyms(mentions: list[Mention], keys: list[str], defined: set[str], uf: _UnionFind) -> None:
    """An acronym the text never defines ("KIET") names the one longer unknown name of
    the article it abbreviates, first and last initials included ("Korea Institute for
    Industrial Economics and Trade")."""
    acrs = [i for i, m in enumerate(mentions)
            if m.kb is None and _ACRONYM_TOKEN.fullmatch(m.text) and keys[i] not in defined]
    if not acrs:
        return
    longs = [j for j, m in enumerate(mentions)
             if m.kb is None and len(keys[j].split()) >= 3 and m.label in ("ORG", "EVENT", "PRODUCT", "FAC")]
    for i in acrs:
        acr = mentions[i].text
        roots = set()
        for j in longs:
            caps = [w for w in mentions[j].text.split() if w[:1].isupper()]
            if caps and caps[-1][0] == acr[-1] and is_acronym_of(acr, mentions[j].text):
                roots.add(uf.find(j))
        if len(roots) == 1:
            uf.union(roots.pop(), i)


def _short_form(short: Mention, long: Mention, ks: str, kl: str, lex: Lexicons) -> bool:
    if ks == kl or not ks:
        return False
    if long.label != "PERSON" and not kl.startswith(ks):
        return False  # (the words of the short key open the long one: its text does too)
    sw, lw = ks.split(), kl.split()
    if long.label == "PERSON":
        return len(sw) == 1 and len(lw) >= 2 and sw[0] in (lw[0], lw[-1])
    if len(sw) >= len(lw) or lw[: len(sw)] != sw:
        return False
    rest = lw[len(sw) :]
    # "Gui'an" -> "Gui'an New Area", "Macao" -> "Macao Special Administrative Region"
    # (the NER often reads the bare place name as a person)
    tail = " ".join(long.text.split()[-len(rest) :])
    if len(rest) >= 2 and lex.head_labels.get(tail) in ("GPE", "LOC") and norm_key(tail) == " ".join(rest):
        return True
    return short.label != "PERSON" and all(w in lex.short_form_tails for w in rest)


def _fuzzy_processed(a: str, b: str, pa: str, pb: str) -> bool:
    """Spellings of one name: both keys at least 6 characters and rapidfuzz's ratio of
    ``pa = default_process(a)`` and ``pb = default_process(b)`` (made once per name, not
    once per pair) at least ``FUZZY_THRESHOLD``. The ratio is 100 * (1 - edits / (la + lb))
    with at least |la - lb| edits: names whose lengths differ more than that allows fail
    without it."""
    if min(len(a), len(b)) < 6:
        return False
    la, lb = len(pa), len(pb)
    if 100 * abs(la - lb) > (100 - FUZZY_THRESHOLD) * (la + lb):
        return False
    return fuzz.ratio(pa, pb) >= FUZZY_THRESHOLD
