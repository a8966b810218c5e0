"""Rule-based TIMEX3 tagging: find temporal expressions and normalize them.

>>> from ai_news_extract.timex import tag
>>> [(d["text"], d["value"]) for d in tag("The report came out on Friday.", "2023-03-27")]
[('Friday', '2023-03-24')]

No spaCy needed: patterns and word lists are data (``models/timex``), compiled
once on first use.
"""

from .tagger import TimexTagger, default_tagger, tag
from .intervals import split_interval

__all__ = ["TimexTagger", "default_tagger", "tag", "split_interval"]
