"""Case-insensitive patterns run as case-sensitive ones over the lower-cased text.

The stage scans whole articles with a few ``re.IGNORECASE`` patterns (cue words,
coverage phrases). Python's engine compares every letter case-insensitively,
which costs about a third of such a scan; over the lower-cased text, the same
pattern without the flag finds the same matches when

* the pattern spells no upper-case letter and no letter beyond ASCII (so its
  letters match the lower-case letters of the text and nothing else does), and
* the text holds none of the characters Python's case folding maps onto ASCII
  letters ("K" Kelvin sign, long "ſ", dotted/dotless "İ ı") and lower-casing
  keeps every offset (:func:`~ai_news_extract.scan.lower_text` gives the text then).

Otherwise the caller runs the original pattern over the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional


@lru_cache(maxsize=32)
def case_sensitive(pattern: "re.Pattern[str]") -> Optional["re.Pattern[str]"]:
    """``pattern`` (compiled with ``re.IGNORECASE``) for the lower-cased text, or None if it spells
    an upper-case or non-ASCII letter (an escape such as ``\\W`` counts as one) or sets flags inline."""
    source = pattern.pattern
    if not pattern.flags & re.IGNORECASE or any(ch.isupper() or (ch.isalpha() and not ch.isascii()) for ch in source):
        return None
    if _INLINE_FLAGS.search(source):
        return None  # '(?-i:...)' would match the lower-cased form of a word it must not
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux-]")
