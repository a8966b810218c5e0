"""The plain data each stage writes on the Doc.

Stages write only str/int/float/list/dict values here (never Pydantic objects),
so a Doc survives ``Doc.to_bytes`` as used by ``nlp.pipe(n_process=N)`` and by
distributed engines. Offsets are character offsets into ``doc.text``.

=====================  ======================================================
``news_published_hint`` caller-given publication date (ISO str) or None
``news_meta``           dict: title, title_span, source, source_span,
                        published, published_value, published_span,
                        captions [{start, end, credit}], header_end,
                        excluded [[start, end], ...] (header lines and
                        captions that are not body text)
``news_entities``       list of {id, label, canonical, aliases, kb_id,
                        mentions [[start, end], ...], confidence}
``news_dates``          list of {start, end, type, value, anchor, mod}
``news_rankings``       list of {criterion, scope, size, source, date,
                        items [{rank, range, name, entity_id, start, end,
                        previous_rank}], evidence [start, end]}
``news_events``         list of {type, name, actors [entity ids], location,
                        start, end, status, evidence [start, end],
                        trigger [start, end], confidence}
``news_warnings``       list of str
=====================  ======================================================
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc

ATTRS: dict[str, object] = {
    "news_published_hint": None,
    "news_meta": None,
    "news_entities": None,
    "news_dates": None,
    "news_rankings": None,
    "news_events": None,
    "news_warnings": None,
}


def register() -> None:
    """Register the Doc extensions (idempotent)."""
    for name, default in ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


# Doc -> its text. spaCy joins ``doc.text`` from the tokens on every access (~0.2 ms
# for an article), and every stage reads it. Weak keys: an entry goes with its Doc.
# A Doc's text never changes (retokenizing splits or merges tokens, not characters).
_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> None:
    """Record the text ``doc`` was made from (a tokenizer keeps every character, so it
    is ``doc.text``) and save building it from the tokens."""
    _TEXTS[doc] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and shared by the stages that read it."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


def warn(doc: Doc, message: str) -> None:
    if doc._.news_warnings is None:
        doc._.news_warnings = []
    doc._.news_warnings.append(message)


register()
