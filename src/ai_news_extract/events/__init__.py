"""Event extraction for the ``ai_news_events`` stage: lexicon, detector, merging, page banners."""

from __future__ import annotations

from .banner import banner_candidates
from .context import DocContext
from .candidate import Candidate, cues_of
from .detect import Detector
from .lexicon import Lexicon, load_lexicon
from .merge import merge


def extract_events(doc, lexicon: Lexicon | None = None) -> list[dict]:
    """The events of a parsed Doc as plain dicts (see :mod:`ai_news_extract.doc_attrs`)."""
    lex = lexicon or load_lexicon()
    ctx = DocContext.from_doc(doc, lex.cue("money_pattern"))
    try:
        cands = banner_candidates(ctx, lex) + Detector(ctx, lex).candidates()
        return [to_dict(c) for c in merge(cands, ctx, cues_of(lex))]
    finally:
        ctx.release()


def to_dict(c: Candidate) -> dict:
    return {
        "type": c.type,
        "name": c.name,
        "actors": list(c.actors),
        "location": c.location,
        "start": c.start,
        "end": c.end,
        "status": c.status,
        "evidence": [c.evidence[0], c.evidence[1]],
        "trigger": [c.trigger[0], c.trigger[1]],
        "confidence": round(c.confidence, 3),
    }


__all__ = ["Candidate", "Detector", "DocContext", "Lexicon", "banner_candidates", "extract_events", "load_lexicon",
           "merge", "to_dict"]
