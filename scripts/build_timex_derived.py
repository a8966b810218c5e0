"""Rewrite models/timex/derived.json from models/timex/patterns.json and lexicon.json.

    python scripts/build_timex_derived.py

Run it after editing either file; tests/test_timex_derived.py fails while the shipped
file is out of date (see ai_news_extract.timex.patterns).
"""

from ai_news_extract.timex.lexicon import load_lexicon
from ai_news_extract.timex.patterns import load_rules, write_derived

if __name__ == "__main__":
    print(write_derived(load_rules(load_lexicon())))
