"""models/timex/derived.json: what each rule's scan reads from its pattern's parse, shipped.

The file saves a fresh process from parsing every pattern before its first record. It must
say what deriving it again says (else: python scripts/build_timex_derived.py), and a rule
whose pattern no longer matches its entry must be derived as before.
"""

from __future__ import annotations

import dataclasses
import json

from ai_news_extract.paths import model_file
from ai_news_extract.timex import default_tagger
from ai_news_extract.timex.lexicon import load_lexicon
from ai_news_extract.timex.patterns import derive, derive_lookahead, derive_tests, load_rules, with_derived

STALE = "models/timex/derived.json is out of date: run python scripts/build_timex_derived.py"


def test_shipped_file_says_what_deriving_again_says():
    table = json.loads(model_file("timex", "derived.json").read_text(encoding="utf-8"))["rules"]
    rules = load_rules(load_lexicon())
    assert sorted(table) == sorted(r.name for r in rules), STALE
    for rule in rules:
        assert table[rule.name] == derive(rule), f"{rule.name}: {STALE}"


def test_tagger_rules_carry_the_shipped_values():
    rules = default_tagger().rules
    assert all(r.lookahead is not None and r.window_tests is not None for r in rules)
    for rule in rules:
        assert rule.lookahead == derive_lookahead(rule.source)
        assert list(rule.window_tests) == derive_tests(rule)


def test_a_changed_pattern_or_trigger_is_derived_on_first_use():
    rule = next(r for r in load_rules(load_lexicon()) if r.window_tests)
    bare = dataclasses.replace(rule, lookahead=None, window_tests=None)
    changed = [dataclasses.replace(bare, source=rule.source + "|zzqx"),
               dataclasses.replace(bare, triggers=rule.triggers | {"zzqx"})]
    for new in with_derived(changed):
        assert new.lookahead is None and new.window_tests is None
        assert new.scan_regex.pattern.endswith(new.source + ")") or new.scan_regex.pattern == new.source
        if new.window_test is not None:
            assert [t.__self__.pattern for t in new.window_test.tests] == derive_tests(new)


def test_without_the_file_rules_are_left_to_derive(tmp_path):
    rules = [dataclasses.replace(r, lookahead=None, window_tests=None) for r in load_rules(load_lexicon())]
    assert with_derived(rules, tmp_path / "missing.json") == rules

