"""The Dask engine: chunks of documents as tasks on a Dask distributed cluster.

- No scheduler address: a ``LocalCluster`` of ``n_workers`` processes with one
  thread each, on this machine.
- An address (``tcp://host:8786``): the workers of that cluster. Each needs
  ``ai-news-extract`` and the spaCy model installed; see docs/batch.md.

A worker plugin loads the pipeline once per worker (``setup``); tasks look it
up by name. The client (this process) reads the inputs and writes the
outputs with the same writers as the local engine, in input order, so the
workers need no shared file system: a chunk of texts is a few hundred KB,
tiny next to the seconds of CPU it costs to process.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Optional

from distributed import Client, LocalCluster, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from ..batch import DEFAULT_BATCH_SIZE, Failed, MemoryZones, Result, process_docs
from ..inputs import InputDoc


class ExtractorPlugin(WorkerPlugin):
    """Loads one :class:`Extractor` per worker, when the worker starts or joins."""

    def __init__(self, model: str, include_text: bool = False, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.model = model
        self.include_text = include_text
        self.batch_size = batch_size
        self.name = f"ai-news-extract:{model}:{'text' if include_text else 'notext'}"

    def setup(self, worker: Any) -> None:
        from .local import _load

        self.extractor = _load(self.model, self.include_text)
        self.zones = MemoryZones(self.extractor)
        # A spaCy pipeline is not meant to be shared by threads; with --nthreads > 1
        # the worker's threads take turns (run more worker processes instead).
        self.lock = threading.Lock()

    def teardown(self, worker: Any) -> None:
        self.zones.close()


def _process_partition(docs: list[InputDoc], plugin_name: str) -> list[Result]:
    plugin = get_worker().plugins[plugin_name]
    with plugin.lock:
        return process_docs(plugin.extractor, docs, plugin.batch_size, plugin.zones)


class _DaskTask:
    def __init__(self, engine: "DaskEngine", docs: list[InputDoc], future: Any) -> None:
        self.engine, self.docs, self.future = engine, docs, future

    def result(self) -> list[Result]:
        try:
            return self.future.result()
        except Exception:  # noqa: BLE001 - e.g. KilledWorker: find the document at fault
            return self.engine._redo(self.docs)


class DaskEngine:
    def __init__(self, *, model: str, include_text: bool = False, scheduler: Optional[str] = None,
                 n_workers: int = 2, batch_size: int = DEFAULT_BATCH_SIZE, timeout: float = 60.0) -> None:
        self.cluster: Optional[LocalCluster] = None
        if scheduler:
            self.client = Client(scheduler, timeout=timeout)
            self.client.wait_for_workers(1, timeout=timeout)
        else:
            self.cluster = LocalCluster(n_workers=max(1, n_workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        try:
            self.plugin = ExtractorPlugin(model, include_text, batch_size)
            register = getattr(self.client, "register_plugin", None) or self.client.register_worker_plugin
            register(self.plugin, name=self.plugin.name)
        except BaseException:
            self.close()
            raise
        threads = sum(self.client.nthreads().values()) or 1
        self.window = 2 * threads

    def submit(self, docs: list[InputDoc]) -> _DaskTask:
        return _DaskTask(self, docs, self.client.submit(_process_partition, docs, self.plugin.name, pure=False))

    def _redo(self, docs: list[InputDoc]) -> list[Result]:
        out: list[Result] = []
        for doc in docs:
            try:
                out.extend(self.client.submit(_process_partition, [doc], self.plugin.name, pure=False).result())
            except Exception as err:  # noqa: BLE001
                out.append(Failed(doc.doc_id, doc.path, f"extraction failed on the cluster: {type(err).__name__}: {err}"))
        return out

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
