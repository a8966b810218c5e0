"""Build the validated :class:`ArticleRecord` from the plain data the stages left on a Doc.

The record is validated in one call over plain dicts: pydantic-core checks the whole tree
at once, where building each nested model (about a hundred per article) costs a Python
call of its own. The checks are the same either way.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from typing import Any, Optional

from spacy.tokens import Doc

from .doc_attrs import doc_text
from .records import ArticleRecord


def _span(text: str, pair: Optional[list[int]]) -> Optional[dict[str, Any]]:
    if not pair:
        return None
    s, e = int(pair[0]), int(pair[1])
    return {"start": s, "end": e, "text": text[s:e]}


def to_record(doc: Doc, *, doc_id: str, source_path: Optional[str] = None,
              include_text: bool = False) -> ArticleRecord:
    """The one place where stage output becomes a record; spans are re-read from ``doc.text``."""
    text = doc_text(doc)
    meta = doc._.news_meta or {}
    published = meta.get("published")
    entities = [
        {"id": e["id"], "label": e["label"], "canonical": e["canonical"], "aliases": list(e.get("aliases", [])),
         "kb_id": e.get("kb_id"), "confidence": e.get("confidence", 1.0),
         "mentions": [_span(text, m) for m in e.get("mentions", [])]}
        for e in (doc._.news_entities or [])
    ]
    dates = [
        {"start": t["start"], "end": t["end"], "text": text[t["start"]:t["end"]], "type": t["type"],
         "value": t["value"], "anchor": t.get("anchor"), "mod": t.get("mod")}
        for t in (doc._.news_dates or [])
    ]
    rankings = [
        {"id": f"R{i}", "criterion": r.get("criterion"), "scope": r.get("scope"), "size": r.get("size"),
         "source": r.get("source"), "date": r.get("date"), "evidence": _span(text, r.get("evidence")),
         "items": list(r.get("items", []))}
        for i, r in enumerate(doc._.news_rankings or [], 1)
    ]
    events = [
        {"id": f"V{i}", "type": v["type"], "name": v.get("name"), "actors": list(v.get("actors", [])),
         "location": v.get("location"), "start": v.get("start"), "end": v.get("end"),
         "status": v.get("status", "occurred"), "evidence": _span(text, v.get("evidence")),
         "trigger": _span(text, v.get("trigger")), "confidence": v.get("confidence", 0.5)}
        for i, v in enumerate(doc._.news_events or [], 1)
    ]
    captions = [{"start": c["start"], "end": c["end"], "text": text[c["start"]:c["end"]], "credit": c.get("credit")}
                for c in meta.get("captions", [])]
    return ArticleRecord.model_validate({
        "doc_id": doc_id, "source_path": source_path,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "title": meta.get("title"), "source": meta.get("source"),
        "published": _dt.date.fromisoformat(published) if published else None,
        "published_value": meta.get("published_value"),
        "entities": entities, "dates": dates, "rankings": rankings, "events": events, "captions": captions,
        "warnings": list(doc._.news_warnings or []),
        "title_span": _span(text, meta.get("title_span")), "source_span": _span(text, meta.get("source_span")),
        "published_span": _span(text, meta.get("published_span")),
        "text": text if include_text else None,
    })
