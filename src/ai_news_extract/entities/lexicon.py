"""The entity rules' word lists and context patterns (``models/lexicons/entities.json``), loaded once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from ..paths import model_file
from .mention import norm_key

LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"}


@dataclass(frozen=True)
class Lexicons:
    never: frozenset[str]
    generic: frozenset[str]
    drop_labels: frozenset[str]
    label_map: dict[str, str]
    head_labels: dict[str, str]
    head_firsts: frozenset[str]  # the first characters of the head_labels words: a cheap guard
    center_org_modifiers: frozenset[str]
    org_type_words: frozenset[str]
    short_form_tails: frozenset[str]  # org_type_words and the words short names leave off ("AI")
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
    version_words: frozenset[str]  # lower case: "turbo", "sonnet", "pro" ("ERNIE 4.0 Turbo")
    family_types: frozenset[str]  # KB types of PRODUCT entries that take versions
    model_nouns: frozenset[str]  # nouns after "its <model number>" besides product nouns
    quantity_words: frozenset[str]  # lower case: after "<product> <number>", the number is a quantity
    version_after: re.Pattern[str]  # a version number right after a product name, not a quantity


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
        head_firsts=frozenset(w[0] for w in heads if w),
        center_org_modifiers=frozenset(data["center_org_modifiers"]),
        org_type_words=frozenset(w.lower() for w in data["org_type_words"]),
        short_form_tails=frozenset(w.lower() for w in [*data["org_type_words"], *data["short_form_tails"]]),
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
        version_words=frozenset(w.lower() for w in data["version_words"]),
        family_types=frozenset(data["family_types"]),
        model_nouns=frozenset(data["model_nouns"]),
        quantity_words=frozenset(w.lower() for w in data["quantity_words"]),
        version_after=_version_after(data["quantity_words"]),
        **_context_patterns(data),
    )


def _version_after(quantity_words: list[str]) -> re.Pattern[str]:
    """A version number right after a product name (" 4.0" in "ERNIE 4.0", " v2", " 5"), unless a
    quantity word follows ("ChatGPT 100 million users"; a "%" glued to the number is no version either)."""
    words = _alt(w.lower() for w in quantity_words if w[:1].isalpha())
    return re.compile(r"\s(?:\d+(?:\.\d+)*[A-Za-z]?|[Vv]\d+(?:\.\d+)*)(?![\w.%])(?!\s+(?i:" + words + r")\b)")


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
