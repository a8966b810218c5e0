"""One cleaned span -> a Mention, or nothing: general filters (never-entities, generic
phrases, programmes, sentence-initial participles) and the label from the knowledge base,
the name's head or its context ("its chatbot X", "Jane Roe, the Secretary of State")."""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from ..kb import KBEntry, KnowledgeBase, edition_base
from .labels import head_label, product_line
from .lexicon import Lexicons
from .mention import Mention, norm_key

# Words joining a document's head to what it is about: "Measures to ...", "Opinions on ...".
_TITLE_LINKS = frozenset({"to", "on", "for"})


def _classify(doc: Doc, text: str, ent, s: int, e: int, label: str, kb: KnowledgeBase, lex: Lexicons) -> Optional[Mention]:
    if e - s < 1:
        return None
    surface = text[s:e]
    key = norm_key(surface)
    if not key or key in lex.never or key in lex.generic or key.replace(" ", "").isdigit() or _CLOCK.search(surface) \
            or _VENUE_PART.fullmatch(surface) or _DOCUMENT_NUMBER.match(text, e):
        # (nor a time of day: "HKT 16:30", nor a spot at a fair: "Hall 5", "Booth A12", nor the
        # issuer code of a document number: "Yue Gong Xin [2026] No. 19")
        return None
    if _is_sentence_initial_participle(doc, ent, label):
        return None
    entry = _kb_entry(kb, surface, ent.kb_id_ if (s, e) == (ent.start_char, ent.end_char) else "")
    if entry is not None:
        return Mention(s, e, surface, entry.label, entry, "kb")
    if not any(c.isupper() for c in surface) and not (label == "PRODUCT" and _MODEL_NUMBER.fullmatch(surface)) \
            or len(surface) < 2:
        return None  # (a lower-case model number the ruler tagged is a name: "o3-mini")
    if text.endswith(_EXPANSION_BEFORE, max(0, s - 14), s):
        return None  # "the GRIT Prize, short for Global Robotics ...": the spelled-out form of a name just given
    raw = [w for w in _WORDS_SPLIT.split(surface) if w]
    words = [w for w in raw if w not in ("and", "&", "of", "for", "the")]
    if words[-1] in lex.drop_heads or all(w in lex.generic_words for w in words) or any(
            w in lex.drop_heads and nxt in _TITLE_LINKS for w, nxt in zip(raw, raw[1:])):
        # programmes and policies are events, not entities, also titled as "Several Measures to
        # Support ...", "Guidelines on ..."; "Innovation, Technology and Industry" names nothing
        return None
    if len(words) == 1 and (_single_non_name(doc, s, e) or _sentence_initial_common_noun(ent, s, e)):
        return None
    source = "ner"
    if _MODEL_NUMBER.fullmatch(surface):
        # "Qwen2-72B", "MLU370", "H100": a letters-and-digits token names a model.
        return Mention(s, e, surface, "PRODUCT", None, "head") if len(surface) > 2 else None
    if product_line(surface, kb, lex):
        return Mention(s, e, surface, "PRODUCT", None, "head")
    if label in ("PERSON", "GPE", "LOC", "ORG") and len(words) > 1 and _MODEL_CODE.fullmatch(words[-1]) \
            and not kb.lookup(surface):
        # "Walker S2": people, places and companies carry no model code
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
    if label == "PERSON" and not hl and _ends_in_country(surface, kb):
        label = "ORG"  # "Telekom Malaysia", "Microsoft Japan": a company's national arm, not a person
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


_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d{1,4}[A-Za-z]?")
_MODEL_NUMBER = re.compile(r"(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[A-Za-z][\w.-]*")


def _single_non_name(doc: Doc, start: int, end: int) -> bool:
    """A one-word mention the tagger reads as an adjective, verb or adverb ('Big' Tech)."""
    span = doc.char_span(start, end)
    # (a word with digits is a model number, whatever its tag: "MiniMax-02")
    return span is not None and len(span) == 1 and span[0].pos_ in ("ADJ", "VERB", "ADV") \
        and not any(c.isdigit() for c in span[0].text)


_WORDS_SPLIT = re.compile(r"[\s,]+")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_DOCUMENT_NUMBER = re.compile(r"\s*[\[〔【(]\s*(?:19|20)\d{2}\s*[\]〕】)]\s*(?:No\.|第)")
_VENUE_PART = re.compile(r"(?:Hall|Booth|Stand|Pavilion|Gate)\s+(?=\S*\d|[A-Z]\b)[A-Z0-9][\w.-]*")
_EXPANSION_BEFORE = (" short for ", " stands for ", " standing for ")


def _sentence_initial_common_noun(ent, s: int, e: int) -> bool:
    """'Technicians will calibrate the arms': a capitalized common noun opening a sentence,
    read as a name (a name would be tagged a proper noun)."""
    if len(ent) != 1 or (s, e) != (ent.start_char, ent.end_char):
        return False
    tok = ent[0]
    return tok.is_sent_start and tok.tag_ in ("NNS", "NN") and tok.is_alpha and tok.is_title


def _kb_entry(kb: KnowledgeBase, surface: str, kb_key: str) -> Optional[KBEntry]:
    if kb_key:
        entry = kb.get(kb_key)
        if entry is not None:
            return entry
    hits = kb.lookup(surface) or kb.lookup_edition(surface)
    return hits[0] if len(hits) == 1 else None


def _ends_in_country(surface: str, kb: KnowledgeBase) -> bool:
    """The last of two or more words names a country ("Telekom Malaysia")."""
    first, _, last = surface.rpartition(" ")
    return bool(first) and any(e.label == "GPE" and e.type == "country" for e in kb.lookup(last))


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
