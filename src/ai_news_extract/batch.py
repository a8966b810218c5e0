"""Batch extraction over folders: streaming, parallel, resumable, on one machine or a cluster.

The data path of a run::

    read_inputs (walk, read, decode)  ->  chunks of InputDoc  ->  engine  ->  writers
        every file ends as InputDoc        skip the ones done    process_docs   records.jsonl / .parquet
        or InputError                      (--resume)            per chunk      errors.jsonl

- Streaming: inputs are read lazily and only ``engine.window`` chunks are in
  flight, so memory does not grow with the corpus.
- Isolation: a document that makes the pipeline raise becomes an error line;
  the rest of its chunk is redone one document at a time.
- Order: results are written in input order whatever the engine.
- Resume: the writers recover the ``(doc_id, text_sha256)`` keys already
  written, and those documents are skipped.

Engines (``ai_news_extract.engines``): ``local`` runs in this process
(``n_process=1``) or a pool of forked worker processes, ``dask`` on a Dask
distributed cluster. All of them call :func:`process_docs` on chunks.
"""

from __future__ import annotations

import gc
import time
import warnings
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Protocol, Union

from .inputs import (
    DEFAULT_PATTERNS, MAX_BYTES, MAX_CHARS, InputDoc, InputError, InputItem, InputOptions, check_paths,
    read_inputs,
)
from .writers import ErrorWriter, Key, RecordWriter, open_writer

if TYPE_CHECKING:
    from .pipeline import Extractor

COUNTED = ("entities", "dates", "rankings", "events")
DEFAULT_BATCH_SIZE = 32  # docs per nlp.pipe batch and per task; peak memory grows with it (docs/performance.md)
# A short article that runs every stage once before workers are forked, so that
# they share what a stage builds lazily on its first document (engines/local.py).
WARM_UP_TEXT = (
    "Beijing tops AI city index\nPublished on June 9, 2022\n\n"
    "BEIJING, June 9 (Xinhua) -- Beijing ranked first and Shanghai second in an index of 40 cities "
    "released by the China Academy of Information and Communications Technology on Thursday. "
    "The World Artificial Intelligence Conference will open in Shanghai next month."
)


@dataclass(frozen=True)
class Done:
    """A document that became a record (serialized, ready to write)."""

    doc_id: str
    text_sha256: str
    line: str
    counts: tuple[int, ...] = (0, 0, 0, 0)


@dataclass(frozen=True)
class Failed:
    """A document that became an error line."""

    doc_id: str
    path: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "path": self.path, "reason": self.reason}


Result = Union[Done, Failed]


# -- the unit of work every engine runs ----------------------------------------


ZONE_DOCS = 1000  # documents per spaCy memory zone (see MemoryZones)
# The first documents a pipeline meets in batch runs, which run outside any zone (see MemoryZones).
KEEP_DOCS = 100
_KEPT: "weakref.WeakKeyDictionary[Any, int]" = weakref.WeakKeyDictionary()


class MemoryZones:
    """One spaCy memory zone held open over many chunks, renewed every ``size`` documents.

    A zone frees the strings and lexemes its documents added to the vocab:
    without one a long run grows with every new word it meets. A zone per
    chunk of 32 would also throw away the lexemes of common words, which the
    next chunk makes again: 2-5 % of the spaCy model's time (docs/performance.md).
    """

    def __init__(self, extractor: Any, size: int = ZONE_DOCS) -> None:
        nlp = getattr(extractor, "nlp", None)
        self.nlp, self.size = nlp, size
        self._open: Optional[ExitStack] = None
        self._docs = 0

    @contextmanager
    def chunk(self, n_docs: int) -> Iterator[None]:
        """Run a chunk of ``n_docs`` documents inside the current zone (or none, see below).

        Inside a zone spaCy's tokenizer caches nothing and the lexemes of the words
        first met there go with it, so every zone makes the common words of the corpus
        again (3 % of the model's time with 20 documents read outside zones, none left
        with 120: docs/performance.md). So the first ``KEEP_DOCS`` documents a pipeline
        meets in batch runs run outside any zone: their words, mostly the corpus's
        common ones, stay cached for good, and the vocabulary grows by those documents
        only.
        """
        kept = _KEPT.get(self.nlp, 0) if self.nlp is not None else KEEP_DOCS
        if kept < KEEP_DOCS and self._open is None:
            try:
                yield
            finally:
                _KEPT[self.nlp] = kept + n_docs
            return
        if self._open is None and hasattr(self.nlp, "memory_zone"):
            self._open = ExitStack()
            self._open.enter_context(self.nlp.memory_zone())
        try:
            yield
        finally:
            self._docs += n_docs
            if self._docs >= self.size:
                self.close()

    def close(self) -> None:
        """Free the zone's strings now; results made in it must not be used after."""
        if self._open is not None:
            self._open.close()
        self._open, self._docs = None, 0


# Objects made (net) between young-generation collections during a run (Python's default: 700).
GC_YOUNG_THRESHOLD = 10_000


class BatchGC:
    """The garbage collector's settings for the length of a batch run.

    The stages make many short-lived Python objects (lists, dicts, tuples), nearly all
    freed by reference counting, yet at Python's defaults they start a young collection
    every 700 of them and a full one every few hundred documents, which walks every
    object of the loaded pipeline (its lexicons, the KB) again: about 1.3 ms per
    document in all (docs/performance.md). For the run, the objects alive at its start
    are moved out of the collector's way (``gc.freeze``) and a young collection waits
    for ``GC_YOUNG_THRESHOLD`` objects; closing restores both, so the process is as it
    was (garbage that was already there is collected as before). A run inside another
    run leaves the outer one's settings alone.
    """

    def __init__(self) -> None:
        self._saved: Optional[tuple[int, int, int]] = None
        if gc.isenabled() and gc.get_freeze_count() == 0:
            self._saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(GC_YOUNG_THRESHOLD, self._saved[0]), *self._saved[1:])

    def close(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            gc.unfreeze()
            self._saved = None


def warm_up(extractor: Any) -> None:
    """Run the pipeline once on ``WARM_UP_TEXT``, outside any memory zone."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        extractor(WARM_UP_TEXT, doc_id="warm-up")


def _done(doc: InputDoc, rec: Any) -> Done:
    if doc.warnings:
        rec.warnings.extend(doc.warnings)
    counts = tuple(len(getattr(rec, name)) for name in COUNTED)
    return Done(rec.doc_id, rec.text_sha256, rec.model_dump_json(), counts)


def _failed(doc: InputDoc, err: BaseException) -> Failed:
    message = f"{type(err).__name__}: {err}"
    if len(message) > 500:
        message = message[:497] + "..."
    return Failed(doc.doc_id, doc.path, f"extraction failed: {message}")


def process_docs(extractor: "Extractor", docs: list[InputDoc], batch_size: int = DEFAULT_BATCH_SIZE,
                 zones: Optional[MemoryZones] = None) -> list[Result]:
    """Records (or failures) for ``docs``, in order. Never raises for a bad document.

    The chunk goes through ``Extractor.pipe`` (spaCy's batched ``nlp.pipe``); if
    anything raises, the chunk is redone one document at a time so only the
    document at fault becomes a :class:`Failed`. It runs in ``zones`` (an engine
    keeps one for all its chunks), or else in a memory zone of its own.
    """
    if zones is None:
        zones = MemoryZones(extractor, size=1)
    with warnings.catch_warnings():
        # The empty-text warning is also in the record; don't spam stderr per document.
        warnings.simplefilter("ignore")
        try:
            with zones.chunk(len(docs)):
                records = extractor.pipe(
                    [d.text for d in docs], doc_ids=[d.doc_id for d in docs],
                    published=[d.published for d in docs], source_paths=[d.path for d in docs],
                    batch_size=batch_size,
                )
                return [_done(d, rec) for d, rec in zip(docs, records, strict=True)]
        except Exception:  # noqa: BLE001 - isolate the document at fault below
            pass
        out: list[Result] = []
        for d in docs:
            try:
                with zones.chunk(1):
                    rec = extractor(d.text, published=d.published, doc_id=d.doc_id, source_path=d.path)
                    out.append(_done(d, rec))
            except Exception as err:  # noqa: BLE001 - one bad document must not stop the run
                out.append(_failed(d, err))
        return out


# -- engines -------------------------------------------------------------------


class Task(Protocol):
    def result(self) -> list[Result]: ...


class Engine(Protocol):
    """Runs :func:`process_docs` on chunks; ``window`` chunks may be in flight at once."""

    window: int

    def submit(self, docs: list[InputDoc]) -> Task: ...
    def close(self) -> None: ...


def make_engine(name: str = "local", *, extractor: Optional["Extractor"] = None, model: Optional[str] = None,
                include_text: bool = False, n_process: int = 1, batch_size: int = DEFAULT_BATCH_SIZE,
                scheduler: Optional[str] = None) -> Engine:
    """``local`` (this process, or ``n_process`` forked workers) or ``dask`` (a cluster)."""
    from .pipeline import DEFAULT_MODEL

    model = model or (extractor.model if extractor is not None else DEFAULT_MODEL)
    if name == "local":
        from .engines.local import ProcessEngine, SerialEngine

        if n_process <= 1:
            return SerialEngine(extractor, model=model, include_text=include_text, batch_size=batch_size)
        return ProcessEngine(extractor, model=model, include_text=include_text, n_process=n_process,
                             batch_size=batch_size)
    if name == "dask":
        try:
            from .engines.dask import DaskEngine
        except ImportError as err:
            raise ImportError(f"--engine dask needs dask and distributed: pip install 'ai-news-extract[dask]' ({err})") from err

        return DaskEngine(model=model, include_text=extractor.include_text if extractor else include_text,
                          scheduler=scheduler, n_workers=n_process, batch_size=batch_size)
    raise ValueError(f"unknown engine {name!r}: use 'local' or 'dask'")


# -- running -------------------------------------------------------------------


@dataclass
class BatchSummary:
    docs: int = 0        # documents seen: records + errors + skipped
    records: int = 0     # records written by this run
    errors: int = 0      # error lines written by this run
    skipped: int = 0     # already in the output (--resume)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    output: Optional[str] = None
    errors_path: Optional[str] = None

    @property
    def processed(self) -> int:
        return self.records + self.errors

    @property
    def docs_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0


def run_batch(items: Iterable[InputItem], writer: RecordWriter, engine: Engine, *,
              error_writer: Optional[ErrorWriter] = None, done: Optional[Counter[Key]] = None,
              chunk_size: int = DEFAULT_BATCH_SIZE,
              on_progress: Optional[Callable[[BatchSummary], None]] = None,
              on_error: Optional[Callable[[Failed], None]] = None) -> BatchSummary:
    """Push ``items`` through ``engine`` and write every result, in input order.

    ``done`` counts the ``(doc_id, text_sha256)`` keys already written; each
    matching document is skipped once (a count, so duplicate documents in the
    input keep their multiplicity).
    """
    t0 = time.perf_counter()
    summary = BatchSummary(output=writer.path, errors_path=error_writer.path if error_writer else None)
    todo = Counter(done or {})
    pending: deque[tuple[list[InputItem], Optional[Task]]] = deque()

    def drain_one() -> None:
        chunk, task = pending.popleft()
        results = iter(task.result() if task is not None else ())
        lines: list[str] = []
        keys: list[Key] = []
        failures: list[Failed] = []
        for item in chunk:
            res: Result = Failed(item.doc_id, item.path, item.reason) if isinstance(item, InputError) else next(results)
            if isinstance(res, Done):
                lines.append(res.line)
                keys.append((res.doc_id, res.text_sha256))
                for name, n in zip(COUNTED, res.counts):
                    summary.counts[name] += n
            else:
                failures.append(res)
        writer.write(lines, keys)
        if error_writer is not None:
            error_writer.write(f.as_dict() for f in failures)
        if on_error is not None:
            for f in failures:
                on_error(f)
        summary.records += len(lines)
        summary.errors += len(failures)
        summary.docs += len(chunk)
        summary.seconds = time.perf_counter() - t0
        if on_progress is not None:
            on_progress(summary)

    def submit(chunk: list[InputItem]) -> None:
        docs = [x for x in chunk if isinstance(x, InputDoc)]
        pending.append((chunk, engine.submit(docs) if docs else None))
        while len(pending) > engine.window:
            drain_one()

    chunk: list[InputItem] = []
    n_docs = 0
    for item in items:
        if isinstance(item, InputDoc) and todo:
            key = (item.doc_id, item.text_sha256)
            if todo[key] > 0:
                todo[key] -= 1
                summary.skipped += 1
                summary.docs += 1
                if on_progress is not None and summary.skipped % 256 == 0:
                    summary.seconds = time.perf_counter() - t0
                    on_progress(summary)
                continue
        chunk.append(item)
        n_docs += isinstance(item, InputDoc)
        # Errors are cheap, but a long run of them must still be written as it comes.
        if n_docs >= chunk_size or len(chunk) >= 4 * chunk_size:
            submit(chunk)
            chunk, n_docs = [], 0
    if chunk:
        submit(chunk)
    while pending:
        drain_one()
    summary.seconds = time.perf_counter() - t0
    if on_progress is not None:
        on_progress(summary)
    return summary


def extract_folder(
    paths: Union[str, Path, Iterable[Union[str, Path]]],
    output: Union[str, Path] = "records.jsonl",
    *,
    errors: Optional[Union[str, Path]] = None,
    format: Optional[str] = None,
    resume: bool = False,
    extractor: Optional["Extractor"] = None,
    model: Optional[str] = None,
    include_text: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    n_process: int = 1,
    engine: str = "local",
    scheduler: Optional[str] = None,
    include: Iterable[str] = DEFAULT_PATTERNS,
    exclude: Iterable[str] = (),
    text_field: str = "text",
    id_field: Optional[str] = "id",
    published_field: Optional[str] = "published",
    encoding: Optional[str] = None,
    max_chars: int = MAX_CHARS,
    max_bytes: int = MAX_BYTES,
    options: Optional[InputOptions] = None,
    on_progress: Optional[Callable[[BatchSummary], None]] = None,
    on_error: Optional[Callable[[Failed], None]] = None,
) -> BatchSummary:
    """Extract every document under ``paths`` into ``output`` (JSONL, or Parquet for ``*.parquet``).

    Each input document ends as exactly one record in ``output`` or one line
    in ``errors`` (``{"doc_id", "path", "reason"}``); with ``resume=True`` the
    documents already in ``output`` are skipped, so a killed run can simply be
    started again. ``extractor`` reuses a loaded :class:`Extractor` (its model
    and ``include_text`` then win). See docs/batch.md.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    roots = check_paths(paths)
    if options is None:
        options = InputOptions(include=tuple(include), exclude=tuple(exclude), text_field=text_field,
                               id_field=id_field, published_field=published_field, encoding=encoding,
                               max_chars=max_chars, max_bytes=max_bytes)
    if extractor is not None:
        include_text = extractor.include_text
    # Outputs first: a bad --output or --resume fails before seconds of model loading.
    # (A forked worker inherits their descriptors harmlessly: nothing is buffered yet.)
    writer = open_writer(output, format, resume=resume)
    error_writer: Optional[ErrorWriter] = None
    eng: Optional[Engine] = None
    try:
        error_writer = ErrorWriter(errors)
        eng = make_engine(engine, extractor=extractor, model=model, include_text=include_text, n_process=n_process,
                          batch_size=batch_size, scheduler=scheduler)
        return run_batch(read_inputs(roots, options=options), writer, eng, error_writer=error_writer,
                         done=writer.done_keys() if resume else None, chunk_size=batch_size,
                         on_progress=on_progress, on_error=on_error)
    finally:
        # Also on Ctrl-C: what was written stays valid for --resume.
        writer.close()
        if error_writer is not None:
            error_writer.close()
        if eng is not None:
            eng.close()


def iter_results(docs: Iterable[InputDoc], extractor: "Extractor", *,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Result]:
    """Stream :class:`Done`/:class:`Failed` for ``docs`` in this process (no writers)."""
    zones = MemoryZones(extractor)
    chunk: list[InputDoc] = []
    try:
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= batch_size:
                yield from process_docs(extractor, chunk, batch_size, zones)
                chunk = []
        if chunk:
            yield from process_docs(extractor, chunk, batch_size, zones)
    finally:
        zones.close()
