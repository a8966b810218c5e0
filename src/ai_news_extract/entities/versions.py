"""Product names with versions: a known product family or vendor followed by version tokens
("ERNIE 4.0 Turbo", "Claude 3.5 Sonnet", "Kimi k1.5", "Doubao-1.5-pro", "GLM-4-Plus",
"DeepSeek-V3", "Step-2"), and a model number a company owns ("OpenAI's o1", "its G1 humanoid").

The statistical NER splits such names ("ERNIE 4.0" + ORG "Turbo"), mislabels them (FAC
"Claude 3.5 Sonnet") or misses them (tokens like "Doubao-1.5"). The family comes from the
knowledge base (any PRODUCT entry of a product-like type, ambiguous short names included:
a version after "Claude" or "Kling" settles what the word names); the version words come
from ``models/lexicons/entities.json`` ("version_words"). A family the KB does not tag by
itself (``ruler: false``, e.g. "Step") only counts with a glued version ("Step-2"), where
the name cannot be an ordinary word; a company's one-word name too ("DeepSeek-V3").

The KB ruler tags the versioned names (``versioned_spans``) before the NER runs, from the
token hashes it already reads; the entity stage adds the owned model numbers
(``add_owned_models``), which need the organizations the NER found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Optional

from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..kb import KBEntry, KnowledgeBase
from .lexicon import Lexicons
from .mention import Mention

# "4.0", "3.5", "405B", "1V", "01", "4o": a number, perhaps with a size or variant letter.
_NUM = re.compile(r"\d{1,4}(?:\.\d{1,3})*[A-Za-z]{0,2}")
# "k1.5", "V3", "R1", "X1", "S24", "v2.1": a letter prefix and a number.
_LETTER_NUM = re.compile(r"[A-Za-z]{1,2}\d{1,4}(?:\.\d{1,3})*[A-Za-z]?")
# A bare year is a date, not a version ("at WAIC 2024", "Kimi 2025 roadmap").
_YEAR = re.compile(r"(?:19|20)\d\d")
# A model number a company owns: letters and digits, starting with a letter ("o1", "G1", "M4", "HBM3E").
_MODEL_TOKEN = re.compile(r"[A-Za-z][A-Za-z.]{0,5}-?\d[\w.]{0,10}(?:-[A-Za-z0-9]+){0,2}")
# Look-alikes: quarters and halves ("Q3", "H1"), fiscal years, driving levels, B2B-style words.
_NOT_MODEL = re.compile(r"(?:Q[1-4]|H[12]|FY\d*|L[0-5]|[A-Z]2[A-Z]|COVID-19|Covid-19|PM\d.*|CO2|G[78]|G\d\d)")
_OWNED = re.compile(r"['’]s\s+(" + _MODEL_TOKEN.pattern + r")(?![\w-])")
_ITS = re.compile(r"(?:its|their)\s+(" + _MODEL_TOKEN.pattern + r")\s+(?:new\s+)?([a-z]+)\b")

MAX_VERSION_TOKENS = 5
# The word cache (``Families.openers``) is cleared past this size: a long batch meets new words forever.
MAX_CACHED_WORDS = 200_000


@dataclass(frozen=True)
class Families:
    """Product families, looked up by the ORTH hash of their first word: a Doc gives its
    tokens' hashes in one array call, where reading every token's text is the slow part."""
    by_first: dict[int, tuple[tuple[tuple[int, ...], str, bool], ...]]  # -> (word hashes, name, spaced)
    glued: dict[str, KBEntry]  # one-word families and vendors that may carry a glued version
    prefixes: frozenset[str]  # their first three characters: a cheap test before splitting a word
    words: frozenset[str]  # version words, lower case
    quantity_words: frozenset[str]  # after a spaced bare number, these make it a quantity ("ChatGPT 100 million users")
    vendors: frozenset[int]  # ORTH hashes of one-word company names
    heads: frozenset[str]  # name head words ("Cloud", "Lab", "Summit"): a vendor's unit or event, no product
    openers: dict[int, int]  # ORTH hash -> 1 if the word may open a versioned name, else 0; filled as met


_CACHE: dict[tuple[int, int], tuple[KnowledgeBase, Lexicons, "Families"]] = {}


def families(kb: KnowledgeBase, lex: Lexicons) -> Families:
    """The families of a KB, built once per (KB, lexicons) pair."""
    key = (id(kb), id(lex))
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not kb or hit[1] is not lex:
        hit = _CACHE[key] = (kb, lex, _build_families(kb, lex))
    return hit[2]


def _build_families(kb: KnowledgeBase, lex: Lexicons) -> Families:
    by_first: dict[int, list[tuple[tuple[int, ...], str, bool]]] = {}
    glued: dict[str, KBEntry] = {}
    vendors: set[int] = set()
    for e in kb.entries:
        if e.label == "PRODUCT" and e.type in lex.family_types:
            for name in e.names:
                if len(name) < 2:
                    continue
                words = name.split()
                hashes = tuple(get_string_id(w) for w in words)
                by_first.setdefault(hashes[0], []).append((hashes, name, e.ruler))
                if len(words) == 1:
                    glued.setdefault(name, e)
        elif e.label == "ORG" and e.type == "company":
            # "DeepSeek-V3", "MiniMax-01", "Baichuan2": a vendor's name glued to a version.
            for name in e.names:
                if " " not in name and len(name) > 2 and name[:1].isupper():
                    glued.setdefault(name, e)
                    vendors.add(get_string_id(name))
                    # "DeepSeek" + "-" + "V3": only with a glued version (spaced is False)
                    by_first.setdefault(get_string_id(name), []).append(((get_string_id(name),), name, False))
    return Families(
        by_first={k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in by_first.items()},
        glued=glued,
        prefixes=frozenset(name[:3] for name in glued),
        words=lex.version_words,
        quantity_words=lex.quantity_words,
        vendors=frozenset(vendors),
        heads=frozenset(lex.head_labels),
        openers={},
    )


def _is_version(word: str) -> bool:
    return bool(_NUM.fullmatch(word) or _LETTER_NUM.fullmatch(word)) and not _YEAR.fullmatch(word)


def _may_open(word: str, fam: Families) -> int:
    """1 for a family's first word, or a word that may be a family or vendor glued to a
    version ("Qwen2.5", "Doubao-1.5", "DeepSeek"+"-V3"); else 0."""
    if get_string_id(word) in fam.by_first:
        return 1
    return int(len(word) > 2 and word[:3] in fam.prefixes and word[:1].isalpha()
               and any(c.isdigit() for c in word))


def _glued_split(word: str, fam: Families) -> Optional[tuple[str, list[str]]]:
    """'Doubao-1.5' -> ('Doubao', ['1.5']), 'Qwen2.5' -> ('Qwen', ['2.5']), 'o3-mini' -> ('o3', ['mini'])."""
    for cut in (word.find("-"), next((i for i, c in enumerate(word) if c.isdigit()), -1)):
        if cut <= 0:
            continue
        # (the tokenizer may leave a sentence's full stop on the word: "Step-1V.")
        head, rest = word[:cut], word[cut:].lstrip("-").rstrip(".")
        if head not in fam.glued or not rest:
            continue
        pieces = rest.split("-")
        if all(_is_version(p) or p.lower() in fam.words for p in pieces):
            return head, pieces
    return None


def _extend(doc: Doc, j: int, fam: Families, numbered: bool) -> tuple[int, bool]:
    """Take in the version tokens from token ``j``: spaced ("4.0 Turbo") or glued with a
    hyphen ("-pro", "-V3"). Returns the end token and whether a number was seen."""
    n = len(doc)
    taken = 0
    end = j
    while j < n and taken < MAX_VERSION_TOKENS:
        tok = doc[j]
        prev = doc[j - 1]
        if tok.text in ("-", "–") and not prev.whitespace_ and not tok.whitespace_ and j + 1 < n:
            j += 1  # a glued hyphen: the next token must be a version token too
            tok = doc[j]
        elif prev.whitespace_ != " ":
            break
        word = tok.text
        if _is_version(word):
            if word.isdigit() and doc[j - 1].whitespace_:
                nxt = doc[j + 1] if j + 1 < n else None
                if len(word) > 2 and not word.startswith("0") or nxt is not None and (
                        nxt.lower_ in fam.quantity_words or nxt.like_num):
                    break  # "ChatGPT 100 million", "Kirin 2024": a quantity or a year
            numbered = True
        elif word.lower() not in fam.words or tok.is_sent_start:
            break
        j += 1
        taken += 1
        end = j
    return end, numbered


MAX_LINE_WORDS = 2


def _vendor_line(doc: Doc, j: int, fam: Families) -> Optional[int]:
    """The end of a product line after a company's name at ``j - 1``: at most two capitalized
    words that head no other kind of name, then a version with a number ("Huawei" + "Watch 5",
    "Xiaomi" + "AI Glasses 2"); with no such word, a model code ("Xiaomi" + "SU7"), not a bare
    number ("Huawei 20" is a count) nor a network generation ("Huawei 5G")."""
    n = len(doc)
    k = j
    while k < n and k - j < MAX_LINE_WORDS and doc[k - 1].whitespace_ == " ":
        tok = doc[k]
        word = tok.text
        if not (tok.is_alpha and (tok.is_title or tok.is_upper)) or word in fam.heads \
                or word.lower() in fam.words or tok.is_sent_start:
            break
        k += 1
    if k == j:
        if k >= n or doc[k - 1].whitespace_ != " " or not _LETTER_NUM.fullmatch(doc[k].text) \
                or _NETWORK.fullmatch(doc[k].text) or _NOT_MODEL.fullmatch(doc[k].text):
            return None
    elif k >= n or doc[k - 1].whitespace_ != " " or not _is_version(doc[k].text) or _NETWORK.fullmatch(doc[k].text):
        return None
    end, numbered = _extend(doc, k, fam, False)
    return end if numbered and end > k else None


_NETWORK = re.compile(r"\d[Gg]")  # "5G", "6G"


def versioned_spans(doc: Doc, orths: list[int], kb: KnowledgeBase, lex: Lexicons) -> list[tuple[int, int, Optional[KBEntry]]]:
    """Token spans of versioned product names, with the KB entry of the whole name if any.
    ``orths`` are the tokens' ORTH hashes (the KB ruler, which calls this, has them)."""
    fam = families(kb, lex)
    n = len(doc)
    by_first, openers = fam.by_first, fam.openers
    # One dict lookup per token (map runs in C); a text met for the first time is judged once.
    flags = list(map(openers.get, orths, repeat(-1)))
    starts = list(compress(range(len(flags)), flags))
    unseen = [i for i in starts if flags[i] == -1]
    if len(openers) + len(unseen) > MAX_CACHED_WORDS:
        openers.clear()
    for i in unseen:
        flags[i] = openers[orths[i]] = _may_open(doc.vocab.strings[orths[i]], fam)
    starts = [i for i in starts if flags[i]]
    found: list[tuple[int, int, Optional[KBEntry]]] = []
    last_end = 0
    for i in starts:
        if i < last_end:
            continue
        end = None
        cands = by_first.get(orths[i])
        for hashes, name, spaced in cands or ():
            k = len(hashes)
            if tuple(orths[i : i + k]) != hashes:
                continue
            # A family the KB never tags alone ("Step") needs a glued version; a company's name
            # may also open a product line written with spaces ("Xiaomi SU7", "Huawei Watch 5").
            if not spaced and not (i + k < n and not doc[i + k - 1].whitespace_):
                if k == 1 and orths[i] in fam.vendors:
                    e = _vendor_line(doc, i + 1, fam)
                    if e is not None:
                        end = e
                        break
                continue
            # "GPT-4o" + "mini", "o3" + "-mini": the family's own number counts
            e, numbered = _extend(doc, i + k, fam, any(c.isdigit() for c in name))
            if numbered and e > i + k:
                end = e
            break
        if end is None and cands is None:  # (a family's own word holds no glued version)
            w = doc[i].text
            if len(w) > 2 and w[:3] in fam.prefixes:
                split = _glued_split(w, fam)
                if split is not None:
                    end, numbered = _extend(doc, i + 1, fam, any(_is_version(p) for p in split[1]))
                    if not numbered:
                        end = None
        # not the tail of a hyphenated compound ("Sino-Step-2")
        # (a hyphen opening the text is a list bullet: there is no compound before it)
        if end is not None and (i == 0 or doc[i - 1].text not in ("-", "–") or i == 1 or doc[i - 2].whitespace_):
            # "AMD Epyc 64C", "Huawei Ascend 910B": the vendor written before the family opens the name.
            start = i - 1 if i > last_end and orths[i - 1] in fam.vendors and doc[i - 1].whitespace_ == " " else i
            found.append((start, end, _product_entry(kb, doc[start:end].text)))
            last_end = end
    return found


def owned_models(text: str, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    """'OpenAI's o1', 'Apple's M4', 'its G1 humanoid': a model number after an organization's
    possessive (or after 'its' and before a product noun) names a product. Every other
    occurrence of that number in the text names it too ("o1 kept the lead")."""
    found: dict[str, tuple[Optional[KBEntry], list[str]]] = {}
    for m in mentions:
        if m.label != "ORG":
            continue
        hit = _OWNED.match(text, m.end)
        if hit and not _NOT_MODEL.fullmatch(hit.group(1)):
            name = hit.group(1)
            owner = m.text
            found.setdefault(name, (_product_entry(kb, name), [f"{owner} {name}"]))
    for word in ("its ", "their "):
        # str.find, then a match where it points: far cheaper than a regex search of the text
        pos = text.find(word)
        while pos >= 0:
            hit = _ITS.match(text, pos) if pos == 0 or not text[pos - 1].isalnum() else None
            if hit:
                name, noun = hit.group(1), hit.group(2)
                if not _NOT_MODEL.fullmatch(name) and (noun in lex.product_noun_ends or noun in lex.model_nouns):
                    found.setdefault(name, (_product_entry(kb, name), []))
            pos = text.find(word, pos + 1)
    out = []
    for name, (entry, aliases) in found.items():
        for occ in re.finditer(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-]|\.\w)", text):
            out.append(Mention(occ.start(), occ.end(), name, "PRODUCT", entry, "kb" if entry else "head",
                               aliases=list(aliases)))
    return out


def _product_entry(kb: KnowledgeBase, name: str) -> Optional[KBEntry]:
    hits = [h for h in kb.lookup(name) if h.label == "PRODUCT"]
    return hits[0] if len(hits) == 1 else None


def add_owned_models(text: str, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    """Owned model numbers ("OpenAI's o1") replace the mentions they overlap, but not a longer
    name that holds them ("Apple's M4 Max chip": "M4 Max")."""
    new = [m for m in owned_models(text, mentions, kb, lex)
           if not any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in mentions)]
    if not new:
        return mentions
    kept = [m for m in mentions if not any(o.start < m.end and m.start < o.end for o in new)]
    return kept + new
