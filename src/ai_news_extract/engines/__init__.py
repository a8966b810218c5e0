"""Engines run :func:`ai_news_extract.batch.process_docs` on chunks of documents.

- ``local``: in this process, or in a pool of worker processes (``local.py``);
- ``dask``: on a Dask distributed cluster (``dask.py``, the ``dask`` extra).

An engine has ``submit(docs) -> task`` (``task.result()`` gives the results in
order), ``close()`` and ``window``, the number of chunks it wants in flight.
"""
