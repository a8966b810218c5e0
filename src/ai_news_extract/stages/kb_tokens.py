"""The tokens of the knowledge base's names, as the pipeline's tokenizer splits them.

The KB ruler matches names token by token, so it needs each name's tokens. Names made
of plain words and single spaces are split directly. The others ("Hi-Tech", "U.S.",
"iFLYTEK's", ~700 of them) go through the tokenizer, which costs a fresh process
~0.05-0.07 s before its first record (each new word also makes a lexeme).
``models/kb/tokens.json`` ships their tokens together with a digest of the tokenizer
that made them (its special cases and affix patterns): when the pipeline's tokenizer
has the same digest, the shipped tokens are used, and only names missing from the file
(an edited KB) are tokenized. Another tokenizer (a model with other rules, a tokenizer
changed before the ruler is built) gets every name tokenized as before.

``python scripts/build_kb_tokens.py`` rewrites the file; a test fails while it is out of date.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

from ..paths import model_file

# Names of plain words and single spaces tokenize as their words.
_PLAIN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


def shipped_path() -> Path:
    return model_file("kb", "tokens.json")


def tokenizer_digest(tokenizer: Any) -> str:
    """What the tokens of a name depend on: the special cases and the affix, token and URL patterns."""
    rules = sorted((key, [sorted(attrs.items()) for attrs in value]) for key, value in (tokenizer.rules or {}).items())
    parts = [json.dumps(rules, ensure_ascii=False), repr(getattr(tokenizer, "faster_heuristics", None))]
    for fn in (tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer, tokenizer.token_match,
               tokenizer.url_match):
        pattern = getattr(getattr(fn, "__self__", None), "pattern", None)
        parts.append(pattern if isinstance(pattern, str) else repr(fn))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:20]


def is_plain(name: str, tokenizer: Any) -> bool:
    """Whether ``name`` tokenizes as its space-separated words (no special case among them)."""
    rules = tokenizer.rules
    # (special cases are keyed by exact text: "Cannot", "cannot", "XD")
    return bool(_PLAIN.fullmatch(name)) and not any(w in rules or w.lower() in rules for w in name.split(" "))


def read_shipped(digest: str, path: Optional[Path] = None) -> dict[str, list[str]]:
    """The shipped tokens per name, when they were made by a tokenizer of ``digest``; else none."""
    try:
        table = json.loads((path or shipped_path()).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return table["names"] if table.get("tokenizer") == digest else {}


def name_tokens(tokenizer: Any, names: list[str], path: Optional[Path] = None) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(name, its token texts) for every name."""
    tricky = []
    shipped: Optional[dict[str, list[str]]] = None
    for name in names:
        if is_plain(name, tokenizer):
            yield name, tuple(name.split(" "))
            continue
        if shipped is None:
            shipped = read_shipped(tokenizer_digest(tokenizer), path)
        words = shipped.get(name)
        if words is not None:
            yield name, tuple(words)
        else:
            tricky.append(name)
    for name, doc in zip(tricky, tokenizer.pipe(tricky)):
        yield name, tuple(t.text for t in doc)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_shipped(tokenizer: Any, names: list[str], path: Optional[Path] = None) -> Path:
    """Write the tokens of the names that need the tokenizer, for ``read_shipped``."""
    path = path or shipped_path()
    tricky = sorted({n for n in names if not is_plain(n, tokenizer)})
    about = "Derived from models/kb/*.jsonl and the default model's tokenizer by scripts/build_kb_tokens.py; do not edit."
    # one name per line: a KB edit shows as a few changed lines
    names = ",\n".join(f"{_dump(name)}: {_dump([t.text for t in doc])}" for name, doc in zip(tricky, tokenizer.pipe(tricky)))
    path.write_text(f'{{"about": {_dump(about)},\n"tokenizer": {_dump(tokenizer_digest(tokenizer))},\n"names": {{\n{names}\n}}}}\n',
                    encoding="utf-8")
    return path
