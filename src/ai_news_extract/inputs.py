"""Finding and decoding input documents for batch runs.

Every input ends as either an :class:`InputDoc` or an :class:`InputError`, so a
batch run can account for each file: nothing is dropped silently.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

DEFAULT_PATTERNS = ("*.txt",)


@dataclass(frozen=True)
class InputDoc:
    doc_id: str
    path: str
    text: str
    published: Optional[str] = None


@dataclass(frozen=True)
class InputError:
    doc_id: str
    path: str
    reason: str


def discover(paths: Iterable[Union[str, Path]], patterns: Iterable[str] = DEFAULT_PATTERNS) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for files and for matching files under folders (recursive, sorted)."""
    patterns = tuple(patterns)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted({f for pat in patterns for f in path.rglob(pat) if f.is_file()})
            for f in found:
                yield f, path
        elif path.exists():
            yield path, path.parent
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")


def doc_id_for(path: Path, root: Path) -> str:
    try:
        rel = path.relative_to(root)
    except ValueError:
        rel = Path(path.name)
    return rel.as_posix()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an error."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if b"\x00" in data[:4096]:
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "binary data (NUL bytes)")
    return data.decode("utf-8")


def read_inputs(paths: Iterable[Union[str, Path]], patterns: Iterable[str] = DEFAULT_PATTERNS) -> Iterator[Union[InputDoc, InputError]]:
    for path, root in discover(paths, patterns):
        doc_id = doc_id_for(path, root)
        try:
            text = decode(path.read_bytes())
        except UnicodeDecodeError as err:
            yield InputError(doc_id, str(path), f"cannot decode as UTF-8/UTF-16: {err.reason} at byte {err.start}")
            continue
        except OSError as err:
            yield InputError(doc_id, str(path), f"cannot read: {err.strerror or err}")
            continue
        yield InputDoc(doc_id, str(path), text)
