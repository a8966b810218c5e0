"""Entity mentions -> one entity per real-world thing, with canonical name and aliases.

Steps, each a small function:
1. ``collect``: spans from ``doc.ents`` (ruler + NER), extended where the NER stops
   short ("... Exhibition" + "and Convention Center", "... Top" + "100", "Inria-DFKI"
   + "... Lab"), cleaned (leading "the", possessives, line breaks, header labels) and
   filtered by general rules (never-entities such as "AI", sentence-initial
   participles as PERSON, generic phrases, programmes), relabelled from the knowledge
   base, the name's head (``head_label``) or its context ("its chatbot X").
2. ``add_header_source``, ``add_header_people``, ``add_dateline_places`` and
   ``add_embedded``: the issuer, the authors and the dateline's places named in the
   header, and companies named inside product or unit names ("Alibaba City Brain");
   ``place_lists`` and ``resolve_bare_heads``: places in a list of places, and bare
   heads ("the Commission") that refer back to a longer name.
3. ``cluster``: mentions grouped by knowledge-base id, normalized text, acronym
   definitions ("Amazon Web Services (AWS)"), short forms ("Tsinghua" ->
   "Tsinghua University", "Huang" -> "Huang Maoxing") and fuzzy matches
   (rapidfuzz with case folding).
4. ``to_entities``: canonical name, aliases, label, kb_id, confidence.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import doc_attrs  # noqa: F401
from ..kb import KBEntry, KnowledgeBase, edition_base, load_kb
from ..paths import model_file
from .header import load_cues

LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"}
# Calibrated on the labelled alias / non-alias pairs in tests/test_entities.py.
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Lexicons:
    never: frozenset[str]
    generic: frozenset[str]
    drop_labels: frozenset[str]
    label_map: dict[str, str]
    head_labels: dict[str, str]
    center_org_modifiers: frozenset[str]
    org_type_words: frozenset[str]
    title_words: frozenset[str]
    sub_units: frozenset[str]
    compound_tail: re.Pattern[str]
    drop_heads: frozenset[str]
    generic_words: frozenset[str]
    product_blockers: frozenset[str]
    plural_possessors: frozenset[str]
    government_tail: re.Pattern[str]
    head_prepositions: frozenset[str]
    number_heads: frozenset[str]
    head_trailers: frozenset[str]
    multi_head_lasts: frozenset[str]
    bare_head_names: frozenset[str]
    coordination_words: frozenset[str]
    product_after: re.Pattern[str]
    product_before: re.Pattern[str]
    product_appositive: re.Pattern[str]
    product_strong: re.Pattern[str]
    product_owner: re.Pattern[str]
    person_appositive: re.Pattern[str]
    person_before: re.Pattern[str]
    product_noun_ends: frozenset[str]  # last words of product_nouns / person_roles: cheap guards
    person_role_ends: frozenset[str]
    programme_after: re.Pattern[str]


@lru_cache(maxsize=None)
def load_lexicons() -> Lexicons:
    data = json.loads(model_file("lexicons", "entities.json").read_text(encoding="utf-8"))
    heads = {w: label for label, words in data["head_labels"].items() for w in words}
    return Lexicons(
        never=frozenset(norm_key(w) for w in data["never_entities"]),
        generic=frozenset(norm_key(w) for w in data["generic_phrases"]),
        drop_labels=frozenset(data["drop_labels"]),
        label_map=dict(data["label_map"]),
        head_labels=heads,
        center_org_modifiers=frozenset(data["center_org_modifiers"]),
        org_type_words=frozenset(w.lower() for w in data["org_type_words"]),
        title_words=frozenset(data["title_words"]),
        sub_units=frozenset(data["sub_units"]),
        drop_heads=frozenset(data["drop_heads"]),
        generic_words=frozenset(data["generic_words"]),
        product_blockers=frozenset(data["product_blockers"]),
        plural_possessors=frozenset(data["plural_possessors"]),
        government_tail=re.compile(data["government_tail"], re.IGNORECASE),
        compound_tail=re.compile(r"\s+(?:[a-z]+\s+){0,2}(?:%s)\b" % "|".join(map(re.escape, data["compound_heads"]))),
        head_prepositions=frozenset(data["head_prepositions"]),
        number_heads=frozenset(data["number_heads"]),
        head_trailers=frozenset(data["head_trailers"]),
        multi_head_lasts=frozenset(w.split()[-1] for w in heads if " " in w),
        bare_head_names=frozenset(data["bare_head_names"]),
        coordination_words=frozenset(data["coordination_words"]),
        product_noun_ends=frozenset(w.split()[-1] for w in data["product_nouns"]),
        person_role_ends=frozenset(w.split()[-1].lower() for w in data["person_roles"]),
        **_context_patterns(data),
    )


def _alt(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _context_patterns(data: dict) -> dict[str, re.Pattern[str]]:
    """Regexes over the few characters around a mention that say what it names:
    "its Walker humanoid robot", "the chatbot Xyz", "Xyz, its large language model"
    (a product); "the "Xyz" initiative", "Xyz, the programme ..." (a programme, no entity)."""
    nouns, strong = _alt(data["product_nouns"]), _alt(data["strong_product_nouns"])
    blockers = _alt(data["product_noun_blockers"])
    # a modifier between a name and its noun: not a clause word, not a noun that heads something else
    mod = (r"(?!(?:that|which|who|whose|and|or|of|with|to|for|in|on|by|from|at|as|is|was|are|were|has|had|have|"
           r"will|would|can|said|says|the|a|an|its|their)\b)(?!(?:%s)\b)[\w.-]+" % blockers)
    noun_end = r"(?![\w-])(?!\s+(?:%s)\b)" % blockers
    programmes = _alt({w.lower() for w in data["drop_heads"]})
    owner = r"(?:\b(?:its|their|his|her)|['’]s)\s+(?:[a-z][\w-]*\s+)?$"
    return {
        # after the name: any product noun when an owner precedes the name, else only strong ones
        "product_after": re.compile(
            r"^\s+(?:(?P<mods>(?:%s\s+){1,2})(?P<n1>%s)|(?P<n2>%s))%s" % (mod, nouns, nouns, noun_end)),
        "product_before": re.compile(
            r"(?:\b(?:its|their|the|a|an)|['’]s)\s+(?:(?:new|latest|own|upgraded|flagship|open-source|AI|voice|digital|"
            r"virtual|coding|smart|[a-z]+-generation)\s+){0,2}(?:%s)\s+$" % nouns),
        "product_appositive": re.compile(
            r"^,\s+(?P<det>its|their|a|an|the|[A-Z][\w-]*['’]s)\s+(?:%s\s+){0,3}?(?:%s)%s" % (mod, nouns, noun_end)),
        "product_strong": re.compile(r"^(?:%s)$" % strong),
        "product_owner": re.compile(owner),
        # "Jane Roe, the Secretary of State for ...", "chief executive Jane Roe"
        "person_appositive": re.compile(
            r"^,\s+(?:the|a|an|its|their|[A-Z][\w-]*['’]s)\s+(?:[\w-]+\s+){0,3}?(?i:%s)\b(?!-)"
            % _alt(data["person_roles"])),
        "person_before": re.compile(r"\b(?:%s)\s+$" % _alt(data["person_roles"])),
        "programme_after": re.compile(
            r"^[\"”’']?(?:,\s+(?:the|a|an|its|their|[A-Z][\w-]*['’]s)\s+(?:[\w-]+\s+){0,3}?|\s+)(?:%s)s?\b"
            % programmes),
    }


_PUNCT = re.compile(r"[^\w\s]")


def norm_key(text: str) -> str:
    """Case-folded, punctuation-free, 'the'-less key, as the scorer compares names."""
    t = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    t = re.sub(r"^the\s+", "", t.strip())
    t = _PUNCT.sub(" ", t)
    return " ".join(t.split())


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    kb: Optional[KBEntry] = None
    source: str = "ner"  # ner | kb | header | embedded | head
    aliases: list[str] = field(default_factory=list)
    base: Optional[str] = None  # the name without its edition ("2023" in "MWC 2023")


_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_span(text: str, start: int, end: int, label_cut: list[re.Pattern[str]]) -> tuple[int, int]:
    """Trim a span to the name it holds: no line breaks, header labels, 'the' or possessive."""
    seg = text[start:end]
    if "\n" in seg:
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", seg)]
        s, e = max(parts, key=lambda p: len(seg[p[0] : p[1]].strip()))
        start, end, seg = start + s, start + e, seg[s:e]
    for pat in label_cut:
        m = pat.search(seg)
        if m and m.start() > 0:
            end = start + m.start()
            seg = seg[: m.start()]
    paren = seg.find(" (")
    if paren > 0:
        end = start + paren
        seg = seg[:paren]
    m = _LEADING.match(seg)
    if m:
        start += m.end()
        seg = seg[m.end() :]
    m = _POSSESSIVE.search(seg)
    if m and len(seg) > 3:
        end -= len(m.group())
        seg = seg[: -len(m.group())]
    stripped = seg.rstrip(" \t,.;:–—-")
    end -= len(seg) - len(stripped)
    seg = stripped
    lead = len(seg) - len(seg.lstrip(" \t\"“'([•·*-"))
    return start + lead, end


def _adjust_edges(doc: Doc, ent, label: str, lex: Lexicons, text: str) -> tuple[int, int]:
    """Take in a capitalized head word the NER left out ("Yangtze River" + "Delta"),
    and drop trailing never-entity words from place names ("Asia-Pacific" + "AI")."""
    start_tok, end_tok = ent.start, ent.end
    # Hyphenated compounds of names: "Tokyo" + "-Yokohama", "Hong Kong-" + ... .
    # "Microsoft" + "-INESA AI Innovation Center": a partner's acronym too.
    while end_tok + 1 < len(doc) and doc[end_tok].text in ("-", "–") and not doc[end_tok].whitespace_ \
            and not doc[end_tok - 1].whitespace_ and _name_like(doc[end_tok + 1]):
        end_tok += 2
        while end_tok < len(doc) and _name_like(doc[end_tok]) and doc[end_tok - 1].whitespace_ == " " \
                and end_tok - ent.end < 6:
            end_tok += 1
    while start_tok >= 2 and doc[start_tok - 1].text in ("-", "–") and not doc[start_tok - 1].whitespace_ \
            and not doc[start_tok - 2].whitespace_ and doc[start_tok - 2].is_title:
        start_tok -= 2
    extended = 0
    while end_tok < len(doc) and extended < 2:
        extended += 1
        nxt = doc[end_tok]
        if nxt.is_title and nxt.text in lex.head_labels and not nxt.is_sent_start:
            end_tok += 1
        else:
            break
    n = len(doc)
    # The characters around the span tell first whether a rarer extension may apply:
    # building tokens for every entity's neighbours costs more.
    before = text[max(0, ent.start_char - 14) : ent.start_char].rstrip() if start_tok == ent.start else "-"
    if start_tok and ("-" in before or "–" in before or _ORDINAL.fullmatch(before[before.rfind(" ") + 1 :])):
        prev = doc[start_tok - 1]
        # "Inria-DFKI" + "Trustworthy AI Lab": the partners running a unit open its name.
        if start_tok >= 3 and prev.whitespace_ and doc[start_tok - 2].text in ("-", "–") \
                and not doc[start_tok - 2].whitespace_ and not doc[start_tok - 3].whitespace_ \
                and _name_like(prev) and _name_like(doc[start_tok - 3]) \
                and _span_head(doc, start_tok, end_tok, lex) == "ORG":
            start_tok -= 3
        # "19th" + "National Congress", "Fourth" + "Plenary Session": the edition opens an event's name.
        elif _ORDINAL.fullmatch(prev.text) and _span_head(doc, start_tok, end_tok, lex) == "EVENT":
            start_tok -= 1
    after = text[ent.end_char : ent.end_char + 40] if end_tok == ent.end else " and "
    if end_tok < n and _AFTER_HINT.match(after):
        nxt = doc[end_tok]
        if nxt.lower_ in ("and", "&"):
            end_tok = _coordinated_tail(doc, start_tok, end_tok, lex)
        elif nxt.lower_ in ("on", "of", "for"):
            end_tok = _prepositional_tail(doc, start_tok, end_tok, lex)
        # "Hurun China AI Enterprise Top" + "100", "... Enterprise" + "Top 100": a ranked list's size.
        elif nxt.is_digit:
            if doc[end_tok - 1].text in lex.number_heads and _is_count(doc, end_tok):
                end_tok += 1
        elif label in ("ORG", "PRODUCT") and doc[end_tok - 1].whitespace_:
            # "Zentar China AI" + "Enterprise Top 100": at most two capitalized words before it
            j = end_tok
            while j < min(n - 1, end_tok + 2) and doc[j].is_title and doc[j].text not in lex.number_heads:
                j += 1
            if j + 1 < n and doc[j].text in lex.number_heads and _is_count(doc, j + 1):
                end_tok = j + 2
    if label in ("GPE", "LOC"):
        while end_tok - start_tok > 1 and norm_key(doc[end_tok - 1].text) in lex.never:
            end_tok -= 1
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def _span_head(doc: Doc, start: int, end: int, lex: Lexicons) -> Optional[str]:
    return head_label(doc[start:end].text, lex) or lex.head_labels.get(doc[end - 1].text)


_AFTER_HINT = re.compile(r"\s+(?:and\s|&\s|\d|(?:[A-Z][\w-]*\s+){1,3}\d|(?:on|of|for)\s+(?:the\s+)?[A-Z])")
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth")


def _name_like(tok) -> bool:
    """A capitalized word or an acronym ("Inria", "DFKI"), not a lone initial."""
    return len(tok) > 1 and (tok.is_title or (tok.is_upper and tok.is_alpha))


def _is_count(doc: Doc, i: int) -> bool:
    """A bare list size after its name: "Top 100", "Global 500" (not "Top 10%")."""
    tok = doc[i]
    if not (tok.is_digit and len(tok) <= 4 and doc[i - 1].whitespace_):
        return False
    return i + 1 >= len(doc) or doc[i + 1].lower_ not in ("%", "percent", "per")


def _prepositional_tail(doc: Doc, start_tok: int, end_tok: int, lex: Lexicons) -> int:
    """'Inclusion Conference' + 'on the Bund', 'Lisbon Summit' + 'on Digital Trust': an event
    (or, after 'of'/'for', an organization) head takes in a capitalized prepositional tail."""
    head = lex.head_labels.get(doc[end_tok - 1].text)
    prep = doc[end_tok].lower_
    if not (head == "EVENT" or head == "ORG" and prep != "on"):
        return end_tok
    j = end_tok + 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    first = j
    while j < len(doc) and j - first < 5 and not doc[j].is_sent_start and doc[j].ent_type_ not in ("DATE", "TIME") \
            and (_name_like(doc[j]) or doc[j].lower_ in ("and", "&") and j + 1 < len(doc) and _name_like(doc[j + 1])):
        j += 1
    return j if j > first and _name_like(doc[j - 1]) else end_tok


def _coordinated_tail(doc: Doc, start_tok: int, end_tok: int, lex: Lexicons) -> int:
    """'Beijing Etrong International Exhibition' + 'and Convention Center', 'University of
    Science' + 'and Technology': the NER often stops at an 'and' inside a name. The tail is
    taken in when both sides are words that pair in names and the tail ends in an
    organization or facility head (or, after 'of'/'for', is made only of such words)."""
    if end_tok + 1 >= len(doc) or doc[end_tok].lower_ not in ("and", "&") \
            or doc[end_tok - 1].text not in lex.coordination_words:
        return end_tok
    run: list[str] = []
    j = end_tok + 1
    while j < len(doc) and len(run) < 4 and _name_like(doc[j]) and not doc[j].is_sent_start:
        run.append(doc[j].text)
        j += 1
    has_prep = any(t.lower_ in ("of", "for") for t in doc[start_tok:end_tok])
    for k in range(len(run), 0, -1):
        inner = all(w in lex.coordination_words or w in lex.head_labels for w in run[: k - 1])
        if inner and lex.head_labels.get(run[k - 1]) in ("FAC", "ORG"):
            return end_tok + 1 + k
        if has_prep and all(w in lex.coordination_words for w in run[:k]):
            return end_tok + 1 + k
    return end_tok


def head_label(text: str, lex: Lexicons) -> Optional[str]:
    """The label a name's head implies: its last word ("... University" ORG), a
    multi-word head ("... New Area" GPE, "... IT Week" EVENT), a ranked list's size
    ("... Top 100" PRODUCT), or the word before a prepositional tail ("... Conference
    on the Bund" EVENT, "... Center for ..." ORG)."""
    words = [w for w in re.split(r"[\s-]+", edition_base(text) or text) if w]
    while len(words) > 2 and words[-1] in lex.head_trailers and words[-2] not in lex.head_prepositions:
        words.pop()  # "Japan IT Week Autumn", "Smart Cities Index China": an edition or market
    if len(words) < 2:
        return None
    if words[-1] in lex.multi_head_lasts:
        for n in (3, 2):
            if len(words) > n and " ".join(words[-n:]) in lex.head_labels:
                return lex.head_labels[" ".join(words[-n:])]
    if words[-1].isdigit() and words[-2] in lex.number_heads:
        return "PRODUCT"
    last = _word_label(words, len(words) - 1, lex)
    if last == "FAC":
        return last  # "Bank of China Tower": a building named after its owner
    prep = next((i for i, w in enumerate(words[1:-1], 1) if w in lex.head_prepositions), None)
    if prep is not None:
        if words[prep - 1] in ("Center", "Centre"):
            return "ORG"  # "Center for Strategic Studies", "Centre of Excellence"
        before = _word_label(words, prep - 1, lex)
        if before:
            return before
    return last


def _word_label(words: list[str], i: int, lex: Lexicons) -> Optional[str]:
    head = words[i]
    if head in ("Center", "Centre") and i > 0 and words[i - 1] in lex.center_org_modifiers:
        return "ORG"
    return lex.head_labels.get(head)


def _date_as_name(doc: Doc, ent: Span, lex: Lexicons) -> Optional[Span]:
    """A DATE that opens with an event head after capitalized words ("Japan IT" + "Week
    Autumn") is one EVENT name with them; a DATE that is a ranked list's name ("the Next
    40") is a PRODUCT. The longer span later wins over the entities it covers."""
    last = ent[-1]
    if not (last.is_title or last.is_digit):
        return None
    first = ent[0]
    if first.lower_ == "the" and len(ent) == 3:
        ent, first = ent[1:], ent[1]
    if len(ent) == 2 and first.text in lex.number_heads and last.is_digit and not first.is_sent_start:
        return Span(doc, ent.start, ent.end, label="PRODUCT")  # "the Next 40", "the Global 500"
    if not first.is_title or lex.head_labels.get(first.text) != "EVENT" or first.is_sent_start \
            or not all(t.is_title or t.is_digit for t in ent):
        return None
    start = ent.start
    while start > 0 and ent.start - start < 4 and _name_like(doc[start - 1]) and doc[start - 1].whitespace_:
        start -= 1
        if doc[start].is_sent_start:
            break
    return Span(doc, start, ent.end, label="EVENT") if start < ent.start else None


def collect(doc: Doc, text: str, kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    cues = load_cues()
    meta = doc._.news_meta or {}
    furniture = [tuple(x) for x in meta.get("excluded", [])]
    title = tuple(meta["title_span"]) if meta.get("title_span") else None
    mentions: list[Mention] = []
    for ent in doc.ents:
        label = lex.label_map.get(ent.label_, ent.label_)
        if label in lex.drop_labels or label not in LABELS:
            if label != "DATE" or (ent := _date_as_name(doc, ent, lex)) is None:
                continue
            label = ent.label_
        s0, e0 = clean_span(text, *_adjust_edges(doc, ent, label, lex, text), cues.labels)
        for s, e in split_pieces(text, s0, e0, kb):
            m = _classify(doc, text, ent, s, e, label, kb, lex)
            if m is not None:
                mentions.append(m)
    mentions = join_compounds(text, mentions, lex)
    mentions = add_credits(doc, text, mentions, kb)
    # Names in the headline or the page furniture need outside support: a
    # title-case headline makes the NER see names in every capitalized word.
    body_keys = {norm_key(m.text) for m in mentions if not _inside(m, furniture) and not (title and _inside(m, [title]))}
    kept = []
    for m in mentions:
        in_title = title is not None and _inside(m, [title])
        if (in_title or _inside(m, furniture)) and m.kb is None and norm_key(m.text) not in body_keys \
                and not (m.source == "head" and not in_title):
            continue
        kept.append(m)
    return kept


_VERSION = re.compile(r"\s(?:\d+(?:\.\d+)*[A-Za-z]?|[Vv]\d+(?:\.\d+)*)(?![\w.%])")


def join_compounds(text: str, mentions: list["Mention"], lex: Lexicons) -> list["Mention"]:
    """'Shenzhen-Hong Kong-Guangzhou' + 'innovation cluster' is one region; 'School of
    Economics' + 'at' + 'Fujian Normal University' is one unit of the university."""
    mentions = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    for m in mentions:
        if out:
            prev = out[-1]
            gap = text[prev.end : m.start]
            if gap == " at " and prev.text.split()[0] in lex.sub_units and m.label == "ORG" and prev.kb is None:
                out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], "ORG", None, "head")
                continue
        out.append(m)
    for i, m in enumerate(out):
        if m.label == "PRODUCT":
            # "ERNIE 4.0", "Journey 5": a version number belongs to the product's name.
            ver = _VERSION.match(text, m.end)
            if ver and not any(o.start == ver.start() + 1 for o in out):
                out[i] = m = Mention(m.start, ver.end(), text[m.start : ver.end()], "PRODUCT", None, "head",
                                     aliases=[m.text] if m.kb is None else [m.kb.canonical])
        if m.label == "GPE":
            # "the Sichuan provincial government": the government is an ORG named after the place.
            gov = lex.government_tail.match(text, m.end)
            if gov:
                name = text[m.start : gov.end()]
                out[i] = Mention(m.start, gov.end(), name, "ORG", None, "head", base=_title_case(name))
                continue
        if m.kb is None and re.search(r"\w[-–]\w", m.text) and m.label in ("GPE", "ORG", "LOC", "FAC"):
            tail = lex.compound_tail.match(text, m.end)
            if tail:
                out[i] = Mention(m.start, tail.end(), text[m.start : tail.end()], "LOC", None, "head")
    return out


def _title_case(name: str) -> str:
    return " ".join(w if w[:1].isupper() else w[:1].upper() + w[1:] for w in name.split())


def add_credits(doc: Doc, text: str, mentions: list["Mention"], kb: KnowledgeBase) -> list["Mention"]:
    """Caption credits name agencies and photographers: '(Xinhua/Huang Zongzhi)'."""
    meta = doc._.news_meta or {}
    for cap in meta.get("captions", []):
        credit = cap.get("credit")
        if not credit:
            continue
        cs = text.rfind(credit, cap["start"], cap["end"])
        if cs < 0:
            continue
        ce = cs + len(credit)
        found = []
        for part in re.finditer(r"[^/():]+", credit):
            ps, pe = _strip_ws(text, cs + part.start(), cs + part.end())
            name = text[ps:pe]
            if not name or not name[:1].isupper() and not kb.lookup(name):
                continue
            hits = kb.lookup(name)
            if hits:
                found.append(Mention(ps, pe, name, hits[0].label, hits[0], "kb"))
            elif re.fullmatch(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}", name):
                found.append(Mention(ps, pe, name, "PERSON", None, "header"))
            elif name[:1].isupper():
                found.append(Mention(ps, pe, name, "ORG", None, "header"))
        if found:
            mentions = [m for m in mentions if not (m.start < ce and cs < m.end)] + found
    return mentions


def _inside(m: "Mention", regions) -> bool:
    return any(s <= m.start and m.end <= e for s, e in regions)


_INNER_POSSESSIVE = re.compile(r"['’‘]s\s+")
_TRAILING_PREP = re.compile(r"\s+(?:for|at|in|on|with|to)(?:\s+\S+)?$")


def split_pieces(text: str, start: int, end: int, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Split what the NER glued together: 'Alibaba, Tencent', 'Xinhua/Huang Zongzhi',
    "Xiaomi's Lei Jun", 'Peking University for Natural'."""
    seg = text[start:end]
    # "Xiaomi's Lei Jun": owner and owned are two names.
    m = _INNER_POSSESSIVE.search(seg)
    # "Jiangsu Provincial People's Government" is one name: a plural possessor is part of it.
    if m and seg[: m.start()][:1].isupper() and seg[m.end() :][:1].isupper() \
            and seg[: m.start()].split()[-1] not in load_lexicons().plural_possessors:
        return [(start, start + m.start()), (start + m.end(), end)]
    if "/" in seg or ": " in seg:
        # "Xinhua/Huang Zongzhi", "Innovation Surge: Since ...": separate names or none.
        return [_strip_ws(text, start + p.start(), start + p.end()) for p in re.finditer(r"[^/:]+", seg)
                if p.group().strip()]
    parts = [(p.start(), p.end()) for p in re.finditer(r"(?:(?!,\s|\s+and\s).)+", seg)]
    if len(parts) > 1:
        texts = [seg[a:b].strip() for a, b in parts]
        if all(kb.lookup(t) or (len(t.split()) == 1 and t[:1].isupper()) for t in texts):
            return [_strip_ws(text, start + a, start + b) for a, b in parts]
    # "Peking University for Natural": a known or well-formed name, then a dangling phrase.
    m = _TRAILING_PREP.search(seg)
    if m:
        head = seg[: m.start()]
        words = head.split()
        # the head's own last word, not a head before "of" ("University of Illinois" + "at Urbana")
        if kb.lookup(head) or (len(words) > 1 and _word_label(words, len(words) - 1, load_lexicons())) \
                or len(m.group().split()) == 1:
            return [(start, start + m.start())]
    return [(start, end)]


def _strip_ws(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " \t]":
        e -= 1
    return s, e


def _classify(doc: Doc, text: str, ent, s: int, e: int, label: str, kb: KnowledgeBase, lex: Lexicons) -> Optional[Mention]:
    if e - s < 1:
        return None
    surface = text[s:e]
    key = norm_key(surface)
    if not key or key in lex.never or key in lex.generic or key.replace(" ", "").isdigit():
        return None
    if _is_sentence_initial_participle(doc, ent, label):
        return None
    entry = _kb_entry(kb, surface, ent.kb_id_ if (s, e) == (ent.start_char, ent.end_char) else "")
    if entry is not None:
        return Mention(s, e, surface, entry.label, entry, "kb")
    if not any(c.isupper() for c in surface) or len(surface) < 2:
        return None
    words = [w for w in re.split(r"[\s,]+", surface) if w and w not in ("and", "&", "of", "for", "the")]
    if words[-1] in lex.drop_heads or all(w in lex.generic_words for w in words):
        return None  # programmes and policies are events, not entities; "Innovation, Technology and Industry"
    if len(words) == 1 and _single_non_name(doc, s, e):
        return None
    source = "ner"
    if _MODEL_NUMBER.fullmatch(surface):
        # "Qwen2-72B", "MLU370", "H100": a letters-and-digits token names a model.
        return Mention(s, e, surface, "PRODUCT", None, "head") if len(surface) > 2 else None
    if product_line(surface, kb, lex):
        return Mention(s, e, surface, "PRODUCT", None, "head")
    hl = head_label(surface, lex)
    after = text[e : e + 80]
    if hl is None and lex.programme_after.match(after):
        return None  # "InvestAI, the programme ...", 'the "AI Plus" initiative': programmes are no entities
    if hl is None and _product_context(text, s, after, label, lex):
        hl = "PRODUCT"
    if hl is None and label in ("ORG", "GPE", "LOC", "FAC") and _PERSON_NAME.fullmatch(surface) \
            and not any(w in lex.head_labels or w.lower() in lex.org_type_words for w in surface.split()) \
            and (_contact_name(text, s, e) or lex.person_appositive.match(after)
                 or _last_word(text[max(0, s - 30) : s]).lower() in lex.person_role_ends
                 and lex.person_before.search(text, max(0, s - 30), s)):
        hl = "PERSON"  # "Inria press office: Sophie Laurent", "Marina Ferrari, the Secretary of State"
    if hl:
        label, source = hl, "head"
    elif ent.label_ == "WORK_OF_ART":
        return None
    if label == "PERSON":
        s, surface = _strip_title(surface, s, lex)
    base = _edition_base(surface) if label in ("EVENT", "PRODUCT") else None
    return Mention(s, s + len(surface), surface, label, None, source, base=base)


def _product_context(text: str, s: int, after: str, label: str, lex: Lexicons) -> bool:
    """'its Walker humanoid robot', 'the Xyz supercomputer', 'its chatbot Xyz', 'Xyz, its
    large language model': the words around an unknown name say it names a product."""
    before = text[max(0, s - 40) : s]
    m = lex.product_after.match(after)
    if m and (lex.product_strong.match(m.group("n1") or m.group("n2")) or lex.product_owner.search(before)):
        return True
    if _last_word(before) in lex.product_noun_ends and lex.product_before.search(before):
        return True
    # a person may be introduced as "..., a research assistant at ...", never as "..., its ..."
    m = lex.product_appositive.match(after)
    return m is not None and (label != "PERSON" or m.group("det") in ("its", "their"))


def _last_word(text: str) -> str:
    text = text.rstrip()
    return text[text.rfind(" ") + 1 :]


_PERSON_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}")


def _contact_name(text: str, s: int, e: int) -> bool:
    """A name alone after a label on a short line: 'Media contact: Jane Roe',
    'Inria press office: Sophie Laurent'."""
    line_start = text.rfind("\n", 0, s) + 1
    lead = text[line_start:s]
    if len(lead) > 60 or not lead.rstrip().endswith(":"):
        return False
    line_end = text.find("\n", e)
    rest = text[e : line_end if line_end >= 0 else len(text)].strip()
    return not rest or rest[0] in ",(|+–-"


def _edition_base(name: str) -> Optional[str]:
    """'2021 Government AI Readiness Index' names an edition of a recurring thing;
    the thing itself is the canonical name."""
    base = edition_base(name)
    return base if base and len(base.split()) >= 2 and base[:1].isupper() else None


_MODEL_NUMBER = re.compile(r"(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[A-Za-z][\w.-]*")


def _single_non_name(doc: Doc, start: int, end: int) -> bool:
    """A one-word mention the tagger reads as an adjective, verb or adverb ('Big' Tech)."""
    span = doc.char_span(start, end)
    return span is not None and len(span) == 1 and span[0].pos_ in ("ADJ", "VERB", "ADV")


def product_line(surface: str, kb: KnowledgeBase, lex: Lexicons) -> Optional[KBEntry]:
    """'Baidu Automatic Driving', 'Tencent Medical Imaging': a company's name followed by
    words that name a product line rather than a unit of the company. Returns the company."""
    words = surface.split()
    if len(words) < 2 or words[-1] in lex.head_labels and lex.head_labels[words[-1]] != "PRODUCT":
        return None
    for cut in (1, 2):
        if cut >= len(words):
            break
        hits = [h for h in kb.lookup(" ".join(words[:cut])) if h.label == "ORG" and h.type == "company"]
        if hits:
            rest = words[cut:]
            if any(w in lex.product_blockers or w in lex.org_type_words for w in rest):
                return None
            if any(h.label in ("GPE", "LOC") for h in kb.lookup(" ".join(rest))):
                return None
            return hits[0]
    return None


def _kb_entry(kb: KnowledgeBase, surface: str, kb_key: str) -> Optional[KBEntry]:
    if kb_key:
        entry = kb.get(kb_key)
        if entry is not None:
            return entry
    hits = kb.lookup(surface) or kb.lookup_edition(surface)
    return hits[0] if len(hits) == 1 else None


def _strip_title(surface: str, start: int, lex: Lexicons) -> tuple[int, str]:
    first, _, rest = surface.partition(" ")
    if rest and first in lex.title_words:
        return start + len(first) + 1, rest
    return start, surface


def _is_sentence_initial_participle(doc: Doc, ent, label: str) -> bool:
    """'Boasting a complete chain, ...', '"Benchmarks matter less ...': a capitalized
    participle or common noun opening a sentence (or a quote) read as a PERSON."""
    if label != "PERSON" or len(ent) != 1:
        return False
    tok = ent[0]
    opener = doc[tok.i - 1] if tok.i > 0 else None
    first = tok.is_sent_start or (opener is not None and opener.is_sent_start and (opener.is_quote or opener.is_bracket))
    return first and (tok.tag_ in ("VBG", "VBN", "NNS", "NN") or tok.lower_.endswith(("ing", "ed")))


def add_header_source(doc: Doc, text: str, mentions: list[Mention], kb: KnowledgeBase) -> None:
    meta = doc._.news_meta or {}
    span = meta.get("source_span")
    if not span:
        return
    s, e = span
    mentions[:] = [m for m in mentions if not (m.start < e and s < m.end)]
    surface = text[s:e]
    hits = kb.lookup(surface)
    entry = hits[0] if hits else None
    mentions.append(Mention(s, e, surface, entry.label if entry else "ORG", entry, "header"))


def add_header_people(doc: Doc, text: str, mentions: list[Mention]) -> None:
    """Bylines and editor lines name people: 'By Elena Moretti and Jan Novak' is two
    PERSONs, whatever the NER made of the line."""
    for s, e in (doc._.news_meta or {}).get("people", []):
        mentions[:] = [m for m in mentions if not (m.start < e and s < m.end)]
        mentions.append(Mention(s, e, text[s:e], "PERSON", None, "header"))


_SPLIT = re.compile(r"[\s\-–]+")
_DATELINE_PLACES = re.compile(r"[^(\d]*?(?=\s*(?:\(|--|[-–—]\s|\d|$))")


def add_dateline_places(doc: Doc, text: str, mentions: list[Mention], kb: KnowledgeBase) -> None:
    """'PARIS & SAARBRÜCKEN, Germany--(BUSINESS WIRE)--': the capitalized words that open a
    dateline are places. Each is a GPE (or the KB's place), named in title case."""
    span = (doc._.news_meta or {}).get("dateline")
    if not span:
        return
    ds, de = span
    places = _DATELINE_PLACES.match(text, ds, de)
    if not places:
        return
    for part in re.finditer(r"[^,&/]+", places.group()):
        ps, pe = _strip_ws(text, ds + part.start(), ds + part.end())
        name = text[ps:pe]
        if len(name) < 3 or not name.isupper() or not any(c.isalpha() for c in name):
            continue
        hits = kb.lookup(name)
        entry = next((h for h in hits if h.label in ("GPE", "LOC")), None)
        if hits and entry is None:
            continue  # a known organization, not a place
        mentions[:] = [m for m in mentions if not (m.start < pe and ps < m.end)]
        label = entry.label if entry else "GPE"
        mentions.append(Mention(ps, pe, name, label, entry, "dateline", base=None if entry else _caps_to_title(name)))


def _caps_to_title(name: str) -> str:
    """'SAARBRÜCKEN' -> 'Saarbrücken', 'XI'AN' -> 'Xi'an', 'WINSTON-SALEM' -> 'Winston-Salem'."""
    return re.sub(r"(^|[\s\-–.])(\w)", lambda m: m.group(1) + m.group(2).upper(), name.lower())


_LIST_SEP = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
_LIST_GAP_ITEM = re.compile(r",\s+([A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?)(?:,\s+(?:and\s+|or\s+)?|,?\s+(?:and|or)\s+)")


def place_lists(text: str, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    """'sites in Kaiserslautern, Saarbrücken, Bremen and Berlin': a list holds one kind of
    place. In a list of two or more known GPEs (and no known non-place), an unknown member
    the NER read as LOC, ORG or a one-word PERSON or PRODUCT, or skipped, is a GPE too."""
    ms = sorted(mentions, key=lambda m: m.start)
    runs: list[list[Mention]] = []
    gaps: list[list[tuple[int, int]]] = []
    for k, m in enumerate(ms):
        if k and m.start - ms[k - 1].end > 40:
            runs.append([m])
            gaps.append([])
            continue
        if k and _LIST_SEP.fullmatch(text, ms[k - 1].end, m.start):
            runs[-1].append(m)
            continue
        item = _LIST_GAP_ITEM.fullmatch(text, ms[k - 1].end, m.start) if k else None
        if item:
            runs[-1].append(m)
            gaps[-1].append(item.span(1))
            continue
        runs.append([m])
        gaps.append([])
    added = []
    for run, items in zip(runs, gaps):
        known = [m for m in run if m.kb is not None]
        if len(run) + len(items) < 3 or sum(m.label == "GPE" for m in known) < 2 \
                or any(m.label not in ("GPE", "LOC") for m in known):
            continue
        for m in run:
            words = len(m.text.split())
            if m.kb is None and m.label != "GPE" and head_label(m.text, lex) is None \
                    and (m.label in ("LOC", "ORG") and words <= 3 or words == 1):
                m.label = "GPE"
        for s, e in items:
            name = text[s:e]
            if norm_key(name) in lex.never or norm_key(name) in lex.generic or head_label(name, lex):
                continue
            hits = kb.lookup(name)
            if not hits:
                added.append(Mention(s, e, name, "GPE", None, "ner"))
            elif hits[0].label in ("GPE", "LOC"):
                added.append(Mention(s, e, name, hits[0].label, hits[0], "kb"))
    return ms + added if added else ms


def resolve_bare_heads(mentions: list[Mention], lex: Lexicons) -> list[Mention]:
    """A bare head word ("the Commission", "the Games") refers back to the one longer name
    of the article that ends in it ("European Commission"); with none or several it names
    nothing certain and is dropped."""
    bare = [m for m in mentions if m.kb is None and m.text in lex.head_labels and m.text[:1].isupper()
            and m.text not in lex.bare_head_names]
    if not bare:
        return mentions
    drop = set()
    for m in bare:
        word = " " + m.text.casefold()
        found = {}
        for o in mentions:
            name = o.base or o.text
            if o is not m and name.casefold().endswith(word) and len(name.split()) > 1:
                found.setdefault(o.kb.id if o.kb else norm_key(name), o)
        if len(found) == 1:
            (o,) = found.values()
            m.base, m.label, m.kb = o.base or o.text, o.label, o.kb
        else:
            drop.add(id(m))
    return [m for m in mentions if id(m) not in drop]


def add_embedded(doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Companies named inside a product's name ('Alibaba City Brain') or joined to a
    partner in a unit's name ('Microsoft-INESA AI Innovation Center') are mentioned too."""
    extra = []
    for m in mentions:
        if m.label == "PRODUCT":
            company = product_line(m.text, kb, load_lexicons())
            if company is not None:
                n = len(company.canonical) if m.text.startswith(company.canonical) else len(m.text.split()[0])
                extra.append(Mention(m.start, m.start + n, m.text[:n], "ORG", company, "embedded"))
        joined = re.match(r"^([A-Z][\w]*)[-–]([A-Z]{2,})\b", m.text)
        if joined and m.kb is None:
            first = [h for h in kb.lookup(joined.group(1)) if h.label == "ORG" and h.type == "company"]
            if first:
                extra.append(Mention(m.start, m.start + len(joined.group(1)), joined.group(1), "ORG", first[0], "embedded"))
                s = m.start + joined.start(2)
                hits = kb.lookup(joined.group(2))
                extra.append(Mention(s, s + len(joined.group(2)), joined.group(2), "ORG", hits[0] if hits else None, "embedded"))
    mentions.extend(extra)


_ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Za-z][A-Za-z0-9&+.\-]{1,11})\s*\)|^,\s+or\s+([A-Z][A-Z0-9&+\-]{1,11})\b")


def acronym_links(text: str, mentions: list[Mention]) -> list[tuple[int, str, int, int]]:
    """'Amazon Web Services (AWS)': (mention index, acronym, start, end) for definitions."""
    links = []
    for i, m in enumerate(mentions):
        after = text[m.end : m.end + 20]
        hit = _ACRONYM_AFTER.match(after)
        if not hit:
            continue
        g = 1 if hit.group(1) else 2
        acr = hit.group(g)
        if is_acronym_of(acr, m.text):
            s = m.end + hit.start(g)
            links.append((i, acr, s, s + len(acr)))
    return links


def is_acronym_of(acr: str, name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", acr).lower()
    if len(letters) < 2 or sum(c.isupper() for c in acr) < 2:
        return False
    words = [w for w in re.split(r"[\s\-–/]+", name) if w]
    initials = "".join(w[0].lower() for w in words if w[0].isalpha())
    significant = "".join(w[0].lower() for w in words if w[0].isupper() or w[0].isdigit())
    if letters in (initials, significant) or _subsequence(letters, initials):
        return letters[0] == initials[:1]
    # "iFlytek (IFLY)"-style abbreviations of a single word.
    return len(words) == 1 and name.lower().startswith(letters[:2]) and _subsequence(letters, name.lower())


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


def cluster(mentions: list[Mention], acronyms: list[tuple[int, str, int, int]], lex: Lexicons) -> list[list[int]]:
    n = len(mentions)
    uf = _UnionFind(n)
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
    for a_pos, i in enumerate(order):
        for j in order[a_pos + 1 :]:
            if uf.find(i) == uf.find(j) or not _compatible(mentions[i], mentions[j]):
                continue
            if mentions[i].kb is not None and mentions[j].kb is not None and mentions[i].kb.id != mentions[j].kb.id:
                continue
            if keys[i] == keys[j] or _short_form(mentions[j], mentions[i], keys[j], keys[i], lex) \
                    or _fuzzy(keys[i], keys[j]):
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
    return short.label != "PERSON" and all(w in lex.org_type_words for w in rest)


def _fuzzy(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 6:
        return False
    return fuzz.ratio(a, b, processor=default_process) >= FUZZY_THRESHOLD


def to_entities(mentions: list[Mention], groups: list[list[int]], kb: KnowledgeBase,
                acronyms: list[tuple[int, str, int, int]]) -> list[dict]:
    acr_spans: dict[int, list[tuple[int, int]]] = {}
    for i, _, s, e in acronyms:
        acr_spans.setdefault(i, []).append((s, e))
    entities = []
    for group in groups:
        ms = [mentions[i] for i in group]
        entry = next((m.kb for m in ms if m.kb is not None), None)
        if entry is None and all(m.source == "embedded" for m in ms) and not any(m.text.isupper() for m in ms):
            continue
        label = entry.label if entry else _vote_label(ms)
        surfaces = [m.text for m in ms] + [a for m in ms for a in m.aliases]
        canonical = entry.canonical if entry else _pick_canonical(ms, label)
        aliases: list[str] = []
        for s in surfaces + (list(entry.aliases) if entry else []):
            if s != canonical and s not in aliases:
                aliases.append(s)
        spans = sorted({(m.start, m.end) for m in ms} | {sp for i in group for sp in acr_spans.get(i, [])})
        conf = 0.95 if entry else (0.85 if len(ms) > 1 else 0.7)
        entities.append({
            "label": label,
            "canonical": canonical,
            "aliases": aliases,
            "kb_id": kb.kb_id(entry) if entry else None,
            "mentions": [list(sp) for sp in spans],
            "confidence": conf,
        })
    _dedupe_names(entities)
    for i, ent in enumerate(entities, 1):
        ent["id"] = f"E{i}"
    return entities


def _vote_label(ms: list[Mention]) -> str:
    """Knowledge base and header first, then the name's head word, then the NER majority."""
    for sources in (("kb", "header", "dateline"), ("head",)):
        strong = Counter(m.label for m in ms if m.source in sources)
        if strong:
            return strong.most_common(1)[0][0]
    return Counter(m.label for m in ms).most_common(1)[0][0]


def _pick_canonical(ms: list[Mention], label: str) -> str:
    full = [m.base or m.text for m in ms if m.base or not m.text.isupper()] or [m.text for m in ms]
    # The longest written form is the full name; ties go to the most frequent.
    counts = Counter(full)
    return max(full, key=lambda t: (len(t.split()), counts[t], len(t)))


def _dedupe_names(entities: list[dict]) -> None:
    """No two entities may share a name: twins are one thing the NER labelled two ways.

    The merged entity keeps the knowledge-base reading when one side has it,
    else the side with more mentions.
    """
    owner: dict[str, int] = {}
    drop: set[int] = set()
    for i, ent in enumerate(entities):
        twin = next((owner[k] for k in map(norm_key, [ent["canonical"], *ent["aliases"]]) if k in owner), None)
        if twin is None:
            for name in [ent["canonical"], *ent["aliases"]]:
                owner[norm_key(name)] = i
            continue
        keep = entities[twin]
        if keep["kb_id"] is None and (ent["kb_id"] is not None or len(ent["mentions"]) > len(keep["mentions"])):
            for key in ("label", "canonical", "kb_id", "confidence"):
                keep[key], ent[key] = ent[key], keep[key]
        names = [ent["canonical"], *ent["aliases"], *keep["aliases"]]
        keep["aliases"] = [a for a in dict.fromkeys(names) if norm_key(a) != norm_key(keep["canonical"])]
        keep["mentions"] = [list(p) for p in sorted({tuple(p) for p in keep["mentions"] + ent["mentions"]})]
        for name in [keep["canonical"], *keep["aliases"]]:
            owner[norm_key(name)] = twin
        drop.add(i)
    entities[:] = [e for i, e in enumerate(entities) if i not in drop]
    for ent in entities:
        seen = {norm_key(ent["canonical"])}
        aliases = []
        for a in ent["aliases"]:
            if norm_key(a) not in seen:
                seen.add(norm_key(a))
                aliases.append(a)
            elif a != ent["canonical"] and a.casefold() != ent["canonical"].casefold() and a not in aliases:
                aliases.append(a)  # a written variant ("IFlytek") is still a useful alias
        ent["aliases"] = aliases


class EntityStage:
    """Writes ``doc._.news_entities``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.kb = load_kb()
        self.lex = load_lexicons()

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens on every access: read it once
        mentions = collect(doc, text, self.kb, self.lex)
        add_header_source(doc, text, mentions, self.kb)
        add_header_people(doc, text, mentions)
        add_dateline_places(doc, text, mentions, self.kb)
        add_embedded(doc, mentions, self.kb)
        mentions = _drop_overlaps(mentions)
        mentions = place_lists(text, mentions, self.kb, self.lex)
        mentions = resolve_bare_heads(mentions, self.lex)
        acronyms = acronym_links(text, mentions)
        groups = cluster(mentions, acronyms, self.lex)
        doc._.news_entities = to_entities(mentions, groups, self.kb, acronyms)
        return doc


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Embedded mentions may nest in others; other overlaps keep the longer span."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        clash = next((o for o in out if o.start < m.end and m.start < o.end and "embedded" not in (o.source, m.source)), None)
        if clash is None and not any((o.start, o.end) == (m.start, m.end) for o in out):
            out.append(m)
    return out


@Language.factory("ai_news_entities")
def make_entities(nlp: Language, name: str) -> EntityStage:
    return EntityStage(nlp, name)
