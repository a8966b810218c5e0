"""The local engine: this process, or a pool of worker processes on this machine.

With ``n_process > 1`` the pipeline is loaded once in the parent and the
workers are forked from it (on Linux), so they start at once and share the
model's memory; elsewhere they are spawned and load it themselves. Workers
build the records and serialize them, so the parent only reads inputs and
writes lines. A worker that dies (a crash, the OOM killer) costs only the
document that killed it: its chunk is redone one document at a time in a new
pool, and the document that kills a worker again becomes an error line.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import weakref
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Optional, Union

from ..batch import DEFAULT_BATCH_SIZE, BatchGC, Failed, MemoryZones, Result, process_docs, warm_up
from ..inputs import InputDoc

WORKER_DIED = "extraction failed: the worker process died on this document (crash or out of memory)"


def _load(model: str, include_text: bool) -> Any:
    from ..pipeline import Extractor

    return Extractor(model, include_text=include_text)


_WARM: "weakref.WeakSet[Any]" = weakref.WeakSet()


def _ensure_warm(extractor: Any) -> Any:
    """Warm an extractor up once (see ``batch.warm_up``), however many runs reuse it.

    Only before forking workers, so that they share what the first document builds
    (compiled patterns, caches) instead of each building it. A run in this process needs
    no warm-up: its first documents run outside memory zones anyway (``batch.KEEP_DOCS``),
    and a warm-up document would only delay its first record."""
    try:
        if extractor in _WARM:
            return extractor
        _WARM.add(extractor)
    except TypeError:  # pragma: no cover - not weakly referenceable: warm it every time
        pass
    warm_up(extractor)
    return extractor


class _Ready:
    def __init__(self, results: list[Result]) -> None:
        self._results = results

    def result(self) -> list[Result]:
        return self._results


class SerialEngine:
    """Everything in this process: the reference the other engines must equal."""

    window = 0  # each chunk is done when submitted

    def __init__(self, extractor: Optional[Any] = None, *, model: str, include_text: bool = False,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.extractor = extractor if extractor is not None else _load(model, include_text)
        self.batch_size = batch_size
        self.zones = MemoryZones(self.extractor)
        self.gc = BatchGC()

    def submit(self, docs: list[InputDoc]) -> _Ready:
        return _Ready(process_docs(self.extractor, docs, self.batch_size, self.zones))

    def close(self) -> None:
        # The caller's extractor may be used again: its documents must not land in our zone.
        self.zones.close()
        self.gc.close()


# -- worker side -----------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the parent dies, even by ``kill -9``.

    Otherwise a killed run leaves its workers waiting on the task queue forever.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl: best effort
        pass


def _init_worker(source: Union[Any, tuple[str, bool]], batch_size: int, parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    # Ctrl-C goes to the whole process group: the parent handles it and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _STATE["extractor"] = _load(*source) if isinstance(source, tuple) else source
    _STATE["batch_size"] = batch_size
    _STATE["zones"] = MemoryZones(_STATE["extractor"])
    _STATE["gc"] = BatchGC()  # for the worker's life


def _work(docs: list[InputDoc]) -> list[Result]:
    return process_docs(_STATE["extractor"], docs, _STATE["batch_size"], _STATE["zones"])


def _ping() -> bool:
    return True


# -- parent side -----------------------------------------------------------------


class _PoolTask:
    def __init__(self, engine: "ProcessEngine", docs: list[InputDoc], future: Future, generation: int) -> None:
        self.engine, self.docs, self.future, self.generation = engine, docs, future, generation

    def result(self) -> list[Result]:
        try:
            return self.future.result()
        except BrokenProcessPool:
            return self.engine._redo(self.docs, self.generation)


class ProcessEngine:
    def __init__(self, extractor: Optional[Any] = None, *, model: str, include_text: bool = False,
                 n_process: int = 2, batch_size: int = DEFAULT_BATCH_SIZE,
                 start_method: Optional[str] = None) -> None:
        if start_method is None:
            start_method = "fork" if sys.platform.startswith("linux") else "spawn"
        if start_method == "fork":
            # Load (and warm) once here; the forked workers inherit it.
            self._source: Any = _ensure_warm(extractor if extractor is not None else _load(model, include_text))
        else:
            self._source = (model, extractor.include_text if extractor is not None else include_text)
        self._ctx = mp.get_context(start_method)
        self.n_process = n_process
        self.batch_size = batch_size
        # Two chunks per worker: one running, one queued, so no worker waits on the parent.
        self.window = 2 * n_process
        self._generation = 0
        self._pool: Optional[ProcessPoolExecutor] = None
        self._start()

    def _start(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(self.n_process, mp_context=self._ctx, initializer=_init_worker,
                                         initargs=(self._source, self.batch_size, os.getpid()))
        # Start the workers now (a fork pool starts all of them on the first task),
        # before the caller opens output files or starts a progress thread.
        for f in [self._pool.submit(_ping) for _ in range(self.n_process)]:
            f.result()
        self._generation += 1

    def submit(self, docs: list[InputDoc]) -> _PoolTask:
        assert self._pool is not None
        return _PoolTask(self, docs, self._pool.submit(_work, docs), self._generation)

    def _redo(self, docs: list[InputDoc], generation: int) -> list[Result]:
        """A worker died during this chunk: redo it one document per task in a fresh pool."""
        if generation == self._generation:
            self._start()
        out: list[Result] = []
        for doc in docs:
            assert self._pool is not None
            try:
                out.extend(self._pool.submit(_work, [doc]).result())
            except BrokenProcessPool:
                self._start()
                out.append(Failed(doc.doc_id, doc.path, WORKER_DIED))
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
