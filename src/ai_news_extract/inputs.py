"""Finding and decoding input documents for batch runs.

Every input ends as either an :class:`InputDoc` or an :class:`InputError`, so a
batch run can account for each file: nothing is dropped silently. Everything
here streams: folders are walked lazily (sorted, so runs are reproducible),
JSON Lines files are read line by line, and a file is only read once its turn
comes.

Formats, by file suffix:

- ``.txt`` / ``.md`` (and any other suffix): the whole file is the article text;
- ``.json``: one object (or a list of objects) with a text field;
- ``.jsonl``: one object per line with a text field;
- ``.html`` / ``.htm``: the main text found by trafilatura (the ``html`` extra);
  offsets in the record refer to that extracted text (see docs/batch.md).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cached_property
from pathlib import Path
from typing import Any, Optional, Union

DEFAULT_PATTERNS = ("*.txt",)
SUPPORTED_PATTERNS = ("*.txt", "*.md", "*.json", "*.jsonl", "*.html", "*.htm")
# spaCy's own default nlp.max_length. Memory for parsing grows with the length
# of one text; news articles are < 50,000 characters, so a text above this is
# an export, a dump or a mistake, and is reported instead of processed.
MAX_CHARS = 1_000_000
# Files (and JSON Lines lines) above this are not even read into memory.
MAX_BYTES = 10_000_000
HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class InputDoc:
    doc_id: str
    path: str
    text: str
    published: Optional[str] = None
    # Problems met while reading that still left a usable text; they are
    # appended to the record's warnings.
    warnings: tuple[str, ...] = ()

    @cached_property
    def text_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class InputError:
    doc_id: str
    path: str
    reason: str


InputItem = Union[InputDoc, InputError]


@dataclass(frozen=True)
class InputOptions:
    """How to find and read inputs; see ``ai-news-extract extract --help``."""

    include: tuple[str, ...] = DEFAULT_PATTERNS
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: Optional[str] = "id"
    published_field: Optional[str] = "published"
    encoding: Optional[str] = None  # None: UTF-8, or UTF-16/UTF-8 by their BOM
    max_chars: int = MAX_CHARS
    max_bytes: int = MAX_BYTES
    include_hidden: bool = False

    def __post_init__(self) -> None:
        # Accept any iterable of globs (lists from the CLI), store tuples.
        object.__setattr__(self, "include", tuple(self.include) or DEFAULT_PATTERNS)
        object.__setattr__(self, "exclude", tuple(self.exclude))


# -- discovery ---------------------------------------------------------------


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    """A glob without "/" matches the file name, one with "/" the path relative to the root."""
    for pat in patterns:
        if "/" not in pat:
            if fnmatchcase(name, pat):
                return True
            continue
        pat = pat.lstrip("/")
        if fnmatchcase(rel, pat):
            return True
        # "drafts/**" also names the folder itself; "**/x" also matches at the top.
        if pat.endswith("/**") and (rel == pat[:-3] or rel.startswith(pat[:-2])):
            return True
        if pat.startswith("**/") and _matches(rel, name, [pat[3:]]):
            return True
    return False


def _walk(folder: Path, root: Path, options: InputOptions) -> Iterator[Path]:
    # Sorted per folder and depth first: the same order as sorting all paths, without holding them all.
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield folder  # read_inputs reports the folder it could not list
        return
    for entry in entries:
        if entry.name.startswith(".") and not options.include_hidden:
            continue
        path = Path(entry.path)
        rel = path.relative_to(root).as_posix()
        if options.exclude and _matches(rel, entry.name, options.exclude):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)  # no symlinked folders: no cycles
            is_file = entry.is_file()
        except OSError:
            is_dir, is_file = False, True
        if is_dir:
            yield from _walk(path, root, options)
        elif is_file and _matches(rel, entry.name, options.include):
            yield path


def check_paths(paths: Iterable[Union[str, Path]]) -> list[Path]:
    """The given paths as ``Path``; raise ``FileNotFoundError`` before any work if one is missing."""
    out = [Path(p) for p in paths]
    for p in out:
        if not p.exists():
            raise FileNotFoundError(f"no such file or folder: {p}")
    return out


def discover(paths: Iterable[Union[str, Path]], patterns: Iterable[str] = DEFAULT_PATTERNS, *,
             options: Optional[InputOptions] = None) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, root)`` for given files and for matching files under given folders.

    Folders are searched recursively in sorted order; hidden entries and
    symlinked folders are skipped. A file named directly is always taken,
    whatever the include globs say.
    """
    if options is None:
        options = InputOptions(include=tuple(patterns))
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for f in _walk(path, path, options):
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


def estimate_count(paths: Iterable[Union[str, Path]], options: Optional[InputOptions] = None) -> int:
    """How many documents ``read_inputs`` will yield, for a progress bar.

    Walks the folders once more and counts the lines of JSON Lines files
    (blank lines included, so it may overshoot a little); reads no text.
    """
    options = options or InputOptions()
    n = 0
    for path, _ in discover(paths, options=options):
        if path.suffix.lower() == ".jsonl":
            n += _count_lines(path)
        else:
            n += 1
    return n


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            count, last = 0, b"\n"
            while block := fh.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
            return count + (last != b"\n")
    except OSError:
        return 1


# -- decoding ----------------------------------------------------------------

# Control characters other than the whitespace ones (\t \n \v \f \r): text has next to none.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, encoding: Optional[str] = None) -> str:
    """Bytes to text: a BOM (UTF-8, UTF-16) wins, else ``encoding``, else strict UTF-8.

    Binary data (NUL bytes, or mostly control characters) raises
    ``UnicodeDecodeError`` like text in the wrong encoding does.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if b"\x00" in data[:4096]:
        raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "binary data (NUL bytes)")
    text = data.decode(encoding or "utf-8")
    head = text[:4096]
    controls = len(_CONTROLS.findall(head))
    if head and controls > len(head) // 10:
        raise UnicodeDecodeError(encoding or "utf-8", data[:1], 0, 1, "binary data (control characters)")
    return text


def _decode_error(err: UnicodeDecodeError, options: InputOptions) -> str:
    if "binary" in str(err.reason):
        return f"cannot decode: {err.reason}"
    enc = options.encoding or "UTF-8"
    byte = err.object[err.start:err.start + 1].hex() if isinstance(err.object, bytes) else "?"
    hint = "" if options.encoding else "; re-encode it as UTF-8 or pass --encoding (e.g. latin-1, gbk)"
    return f"cannot decode as {enc}: {err.reason} (byte 0x{byte} at offset {err.start}){hint}"


def normalize_published(value: Any) -> tuple[Optional[str], Optional[str]]:
    """An input's publication date as ``(iso, warning)``: YYYY-MM-DD, YYYY-MM or YYYY.

    Longer ISO timestamps keep their date. Anything else is dropped with a
    warning, so a bad metadata field never costs the document.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, _dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            _dt.datetime.strptime(text[:size], fmt)
        except ValueError:
            continue
        if len(text) == size or (fmt == "%Y-%m-%d" and text[10:11] in ("T", " ")):
            return text[:size], None
    return None, f"ignored published value {str(value)[:40]!r}: not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"


# -- readers -----------------------------------------------------------------


def _too_long(doc_id: str, path: str, text: str, options: InputOptions) -> Optional[InputError]:
    if len(text) > options.max_chars:
        return InputError(doc_id, path, f"text too long: {len(text):,} characters > limit {options.max_chars:,} "
                                        "(--max-chars); split the document or raise the limit")
    return None


def _read_text(path: Path, doc_id: str, options: InputOptions) -> Iterator[InputItem]:
    try:
        text = decode(path.read_bytes(), options.encoding)
    except UnicodeDecodeError as err:
        yield InputError(doc_id, str(path), _decode_error(err, options))
        return
    except LookupError as err:  # unknown --encoding
        yield InputError(doc_id, str(path), f"cannot decode: {err}")
        return
    yield _too_long(doc_id, str(path), text, options) or InputDoc(doc_id, str(path), text)


def _from_object(obj: Any, doc_id: str, path: str, options: InputOptions) -> InputItem:
    if not isinstance(obj, dict):
        return InputError(doc_id, path, f"expected a JSON object, got {type(obj).__name__}")
    if options.id_field and obj.get(options.id_field) not in (None, ""):
        doc_id = str(obj[options.id_field])
    text = obj.get(options.text_field)
    if not isinstance(text, str):
        what = "no" if text is None else f"a non-string ({type(text).__name__})"
        return InputError(doc_id, path, f"{what} {options.text_field!r} field (set --text-field)")
    text, repaired = _repair_surrogates(text)
    published, warning = normalize_published(obj.get(options.published_field) if options.published_field else None)
    notes = tuple(w for w in (warning, repaired) if w)
    return _too_long(doc_id, path, text, options) or InputDoc(doc_id, path, text, published, notes)


def _repair_surrogates(text: str) -> tuple[str, Optional[str]]:
    # JSON escapes can encode lone surrogates (backslash-u d800), which no UTF-8 text can hold.
    try:
        text.encode("utf-8")
        return text, None
    except UnicodeEncodeError:
        fixed = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return fixed, "replaced invalid characters (lone surrogates) with U+FFFD"


def _read_json(path: Path, doc_id: str, options: InputOptions) -> Iterator[InputItem]:
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as err:
        yield InputError(doc_id, str(path), f"invalid JSON: {err}")
        return
    if isinstance(data, list):
        for i, obj in enumerate(data, 1):
            yield _from_object(obj, f"{doc_id}#{i}", str(path), options)
    else:
        yield _from_object(data, doc_id, str(path), options)


def _read_jsonl(path: Path, doc_id: str, options: InputOptions) -> Iterator[InputItem]:
    with path.open("rb") as fh:
        lineno = 0
        while True:
            line = fh.readline(options.max_bytes + 1)
            if not line:
                return
            lineno += 1
            line_id = f"{doc_id}#{lineno}"
            if len(line) > options.max_bytes and not line.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the oversized line without holding it
                yield InputError(line_id, str(path), f"line too large: > {options.max_bytes:,} bytes (--max-bytes)")
                continue
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except (ValueError, UnicodeDecodeError) as err:
                yield InputError(line_id, str(path), f"invalid JSON: {err}")
                continue
            yield _from_object(obj, line_id, str(path), options)


def _read_html(path: Path, doc_id: str, options: InputOptions) -> Iterator[InputItem]:
    try:
        text, published = html_to_text(path.read_bytes())
    except ImportError:
        yield InputError(doc_id, str(path), "HTML input needs trafilatura: pip install 'ai-news-extract[html]'")
        return
    if not text.strip():
        yield InputError(doc_id, str(path), "no article text found in the HTML page")
        return
    published, warning = normalize_published(published)
    yield _too_long(doc_id, str(path), text, options) or InputDoc(
        doc_id, str(path), text, published, (warning,) if warning else ())


def html_to_text(data: bytes) -> tuple[str, Optional[str]]:
    """The main text of an HTML page (title line, blank line, paragraphs) and its date, via trafilatura.

    Scripts, navigation and boilerplate are dropped. Paragraphs are separated
    by blank lines, as in plain-text articles, so the header stage reads the
    first line as the title. Only a date the page states (meta tags, markup)
    is used; no guessing from copyright lines.
    """
    import trafilatura  # optional extra, imported on the first HTML file

    doc = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return "", None
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    paragraphs = [line.strip() for line in (get("text") or "").split("\n") if line.strip()]
    title = (get("title") or "").strip()
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    return "\n\n".join(paragraphs), get("date")


def read_file(path: Path, root: Path, options: Optional[InputOptions] = None) -> Iterator[InputItem]:
    """The documents in one file (several for JSON Lines and JSON lists)."""
    options = options or InputOptions()
    doc_id = doc_id_for(path, root)
    if path.is_dir():
        yield InputError(doc_id, str(path), "cannot list folder")
        return
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > options.max_bytes and suffix != ".jsonl":
            yield InputError(doc_id, str(path), f"file too large: {size:,} bytes > limit {options.max_bytes:,} "
                                                "(--max-bytes); not read")
            return
        if suffix == ".jsonl":
            yield from _read_jsonl(path, doc_id, options)
        elif suffix == ".json":
            yield from _read_json(path, doc_id, options)
        elif suffix in HTML_SUFFIXES:
            yield from _read_html(path, doc_id, options)
        else:
            yield from _read_text(path, doc_id, options)
    except OSError as err:
        yield InputError(doc_id, str(path), f"cannot read: {err.strerror or err}")


def read_inputs(paths: Iterable[Union[str, Path]], patterns: Iterable[str] = DEFAULT_PATTERNS, *,
                options: Optional[InputOptions] = None) -> Iterator[InputItem]:
    """Every document under ``paths``, in a stable order, as an InputDoc or an InputError."""
    if options is None:
        options = InputOptions(include=tuple(patterns))
    for path, root in discover(paths, options=options):
        yield from read_file(path, root, options)
