"""Record and error writers for batch runs: JSON Lines (default) and Parquet.

Both are crash safe and resumable: a run killed at any moment (even with
``kill -9``) leaves output from which :meth:`done_keys` recovers exactly the
records that were written, so ``--resume`` neither loses nor repeats one.

- JSONL: one record per line, appended and flushed per batch. A kill can only
  cut the last line short; resuming truncates that partial line.
- Parquet: a folder of part files (a Parquet *dataset*, readable with
  ``pyarrow.parquet.read_table(folder)`` or ``pandas.read_parquet(folder)``).
  A part is written under a temporary name and renamed when complete, so a
  kill leaves only whole parts; resuming deletes the unfinished one. Records
  stay nested (lists of structs), with a schema derived from ArticleRecord.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import stat
import sys
import types
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Literal, Optional, Protocol, Union, get_args, get_origin

Key = tuple[str, str]  # (doc_id, text_sha256): what "already done" means for --resume


class RecordWriter(Protocol):
    path: str

    def done_keys(self) -> Counter[Key]: ...
    def write(self, lines: list[str], keys: list[Key]) -> None: ...
    def close(self) -> None: ...


def output_format(path: Union[str, Path], fmt: Optional[str] = None) -> str:
    """``fmt`` if given, else by suffix: ``.parquet`` is Parquet, anything else JSON Lines."""
    if fmt:
        if fmt not in ("jsonl", "parquet"):
            raise ValueError(f"unknown output format {fmt!r}: use 'jsonl' or 'parquet'")
        return fmt
    return "parquet" if str(path).lower().endswith(".parquet") else "jsonl"


def open_writer(path: Union[str, Path], fmt: Optional[str] = None, *, resume: bool = False,
                fsync: bool = True, rows_per_file: int = 10_000) -> RecordWriter:
    if output_format(path, fmt) == "parquet":
        return ParquetWriter(path, resume=resume, rows_per_file=rows_per_file)
    return JsonlWriter(path, resume=resume, fsync=fsync)


# -- JSON Lines --------------------------------------------------------------


class JsonlWriter:
    """One record per line, in input order; ``-`` writes to stdout (no resume)."""

    def __init__(self, path: Union[str, Path], *, resume: bool = False, fsync: bool = True) -> None:
        self.path = str(path)
        self.fsync = fsync
        self._done: Counter[Key] = Counter()
        if self.path == "-":
            if resume:
                raise ValueError("--resume needs an output file, not stdout")
            self._fh: IO[str] = sys.stdout
            self.fsync = False
            return
        p = Path(self.path)
        p.parent.mkdir(parents=True, exist_ok=True)
        if resume and p.exists():
            self._done = self._recover(p)
            self._fh = p.open("a", encoding="utf-8")
        else:
            self._fh = p.open("w", encoding="utf-8")
        # Only a regular file has anything to sync: Linux refuses fsync on /dev/null or a pipe.
        self.fsync = fsync and stat.S_ISREG(os.fstat(self._fh.fileno()).st_mode)

    @staticmethod
    def _recover(p: Path) -> Counter[Key]:
        """Keys of the complete lines; cut a partial last line left by a kill."""
        done: Counter[Key] = Counter()
        good = 0  # byte offset after the last complete, parseable line
        with p.open("rb") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.endswith(b"\n"):
                    break  # a write cut short by a kill: only ever the last line
                try:
                    rec = json.loads(line)
                    done[(rec["doc_id"], rec["text_sha256"])] += 1
                except (ValueError, KeyError, TypeError) as err:
                    # Whole lines are never torn, so this is not our output: refuse to touch it.
                    raise ValueError(f"cannot resume: {p} line {lineno} is not a record ({err})") from err
                good += len(line)
        if good < p.stat().st_size:
            with p.open("r+b") as fh:
                fh.truncate(good)
        return done

    def done_keys(self) -> Counter[Key]:
        return Counter(self._done)

    def write(self, lines: list[str], keys: list[Key]) -> None:
        if not lines:
            return
        self._fh.write("".join(line + "\n" for line in lines))
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())  # survive a machine crash too, not only a killed process

    def close(self) -> None:
        if self._fh is not sys.stdout:
            self._fh.close()
        else:
            self._fh.flush()


class ErrorWriter:
    """One JSON line per failed document: ``{"doc_id", "path", "reason"}``.

    Always rewritten from scratch: ``--resume`` retries failed documents, so
    their error lines are produced again when they fail again.
    """

    def __init__(self, path: Optional[Union[str, Path]]) -> None:
        self.path = str(path) if path is not None else None
        self._fh: Optional[IO[str]] = None
        if self.path is not None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8")

    def write(self, errors: Iterable[dict[str, Any]]) -> None:
        if self._fh is None:
            return
        text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
        if text:
            self._fh.write(text)
            self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


# -- Parquet -----------------------------------------------------------------


def _arrow_type(tp: Any) -> Any:
    import pyarrow as pa
    from pydantic import BaseModel

    origin, args = get_origin(tp), get_args(tp)
    if origin is Union or (hasattr(types, "UnionType") and origin is types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            return pa.string()
        return _arrow_type(inner[0])
    if origin is Literal:
        return pa.int64() if all(isinstance(a, int) for a in args) else pa.string()
    if origin in (list, tuple):
        return pa.list_(_arrow_type(args[0]))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return pa.struct([pa.field(name, _arrow_type(f.annotation)) for name, f in tp.model_fields.items()])
    simple = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), _dt.date: pa.date32()}
    if tp in simple:
        return simple[tp]
    raise TypeError(f"no Arrow type for {tp!r}")


def arrow_schema() -> Any:
    """The Arrow schema of :class:`ArticleRecord`, nested as the record is."""
    import pyarrow as pa

    from .records import SCHEMA_VERSION, ArticleRecord

    fields = [pa.field(name, _arrow_type(f.annotation)) for name, f in ArticleRecord.model_fields.items()]
    return pa.schema(fields, metadata={"ai_news_extract.schema_version": SCHEMA_VERSION})


class ParquetWriter:
    """A folder of ``part-NNNNNN.parquet`` files, each written whole then renamed into place."""

    PART = "part-{:06d}.parquet"

    def __init__(self, path: Union[str, Path], *, resume: bool = False, rows_per_file: int = 10_000,
                 row_group_size: int = 1_000) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("Parquet output needs pyarrow: pip install 'ai-news-extract[parquet]'") from err
        self.path = str(path)
        self.dir = Path(path)
        if self.dir.exists() and not self.dir.is_dir():
            raise ValueError(f"Parquet output is a folder of part files, but {self.dir} is a file")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.rows_per_file = rows_per_file
        self.row_group_size = row_group_size
        self.schema = arrow_schema()
        self._date_fields = [f.name for f in self.schema if str(f.type) == "date32[day]"]
        for tmp in self.dir.glob(".part-*.tmp"):
            tmp.unlink()  # an unfinished part of a killed run: its records are redone
        parts = sorted(self.dir.glob("part-*.parquet"))
        self._done: Counter[Key] = Counter()
        if resume:
            import pyarrow.parquet as pq

            for part in parts:
                table = pq.read_table(part, columns=["doc_id", "text_sha256"])
                self._done.update(zip(table.column("doc_id").to_pylist(), table.column("text_sha256").to_pylist()))
        else:
            for part in parts:
                part.unlink()
            parts = []
        self._next = (int(parts[-1].name[5:11]) + 1) if parts else 0
        self._writer: Any = None
        self._tmp: Optional[Path] = None
        self._rows_in_part = 0
        self._buffer: list[dict[str, Any]] = []

    def done_keys(self) -> Counter[Key]:
        return Counter(self._done)

    def write(self, lines: list[str], keys: list[Key]) -> None:
        for line in lines:
            row = json.loads(line)
            for name in self._date_fields:
                if row.get(name):
                    row[name] = _dt.date.fromisoformat(row[name])
            self._buffer.append(row)
            if len(self._buffer) >= self.row_group_size or self._rows_in_part + len(self._buffer) >= self.rows_per_file:
                self._flush_rows()

    def _flush_rows(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._buffer:
            return
        if self._writer is None:
            self._tmp = self.dir / f".part-{self._next:06d}.tmp"
            self._writer = pq.ParquetWriter(self._tmp, self.schema)
        self._writer.write_table(pa.Table.from_pylist(self._buffer, schema=self.schema))
        self._rows_in_part += len(self._buffer)
        self._buffer = []
        if self._rows_in_part >= self.rows_per_file:
            self._finish_part()

    def _finish_part(self) -> None:
        if self._writer is None:
            return
        self._writer.close()
        final = self.dir / self.PART.format(self._next)
        with open(self._tmp, "rb") as fh:  # type: ignore[arg-type]
            os.fsync(fh.fileno())
        os.replace(self._tmp, final)  # atomic: a part is either whole or absent
        self._writer, self._tmp, self._rows_in_part = None, None, 0
        self._next += 1

    def close(self) -> None:
        self._flush_rows()
        self._finish_part()
