"""Finding and decoding input files: every file ends as a document or an error."""

import codecs
import json

import pytest

from ai_news_extract.inputs import (
    InputDoc, InputError, InputOptions, decode, discover, estimate_count, html_to_text, normalize_published,
    read_inputs,
)


def test_decode_variants():
    assert decode("Zhé".encode("utf-8")) == "Zhé"
    assert decode(codecs.BOM_UTF8 + b"abc") == "abc"
    assert decode("Tiān".encode("utf-16")) == "Tiān"
    assert decode(codecs.BOM_UTF16_BE + "Tiān".encode("utf-16-be")) == "Tiān"
    with pytest.raises(UnicodeDecodeError):
        decode("深圳".encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        decode(b"\x00\x01\x02binary")
    # Control characters without NULs are binary too, whatever the encoding.
    with pytest.raises(UnicodeDecodeError):
        decode(bytes(range(1, 32)) * 20, "latin-1")
    # An explicit encoding reads legacy files; a BOM still wins over it.
    assert decode("Café".encode("latin-1"), "latin-1") == "Café"
    assert decode("深圳新闻".encode("gbk"), "gbk") == "深圳新闻"
    assert decode(codecs.BOM_UTF8 + "é".encode("utf-8"), "latin-1") == "é"


def test_read_inputs_reports_each_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_bytes("Café".encode("latin-1"))
    (tmp_path / "sub" / "c.md").write_text("ignored by the default pattern", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert [type(i) for i in items] == [InputDoc, InputError]
    assert items[0].doc_id == "a.txt" and items[0].text == "Alpha text."
    assert items[1].doc_id == "sub/b.txt" and "decode" in items[1].reason and "--encoding" in items[1].reason
    assert [i.doc_id for i in read_inputs([tmp_path], ["*.md"])] == ["sub/c.md"]
    latin = list(read_inputs([tmp_path], options=InputOptions(encoding="latin-1")))
    assert [i.text for i in latin] == ["Alpha text.", "Café"]


def test_missing_path():
    with pytest.raises(FileNotFoundError):
        list(read_inputs(["/nonexistent/folder"]))


def test_discovery_is_sorted_recursive_and_filtered(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a.txt", "a/y.md", "drafts/x.txt", "drafts/deep/w.txt", ".hidden/h.txt",
                ".h.txt", "c.html", "keep/notes.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")

    def ids(**kw):
        return [p.relative_to(tmp_path).as_posix() for p, _ in discover([tmp_path], options=InputOptions(**kw))]

    # The same order as sorting the paths, hidden entries skipped.
    assert ids() == ["a/z.txt", "a.txt", "b.txt", "drafts/deep/w.txt", "drafts/x.txt", "keep/notes.txt"]
    assert ids(include=("*.txt", "*.md"), exclude=("drafts",)) == ["a/y.md", "a/z.txt", "a.txt", "b.txt",
                                                                   "keep/notes.txt"]
    assert ids(exclude=("drafts/**", "notes.*")) == ["a/z.txt", "a.txt", "b.txt"]
    assert ids(include=("a/*",)) == ["a/y.md", "a/z.txt"]
    assert ids(include=("**/w.txt",)) == ["drafts/deep/w.txt"]
    assert ".hidden/h.txt" in ids(include_hidden=True)
    # A file named directly is taken whatever the globs say.
    assert [p.name for p, _ in discover([tmp_path / "c.html"])] == ["c.html"]


def test_json_and_jsonl(tmp_path):
    lines = [
        {"id": "n1", "text": "First article.", "published": "2020-05-01"},
        {"text": "No id here.", "published": "2021-02-03T08:00:00Z"},
        {"id": 7, "body": "wrong field"},
        {"id": "n4", "text": "Bad date.", "published": "last Tuesday"},
    ]
    raw = "\n".join(json.dumps(x) for x in lines) + "\n\n{not json\n" + json.dumps({"id": "n5", "text": 5}) + "\n"
    (tmp_path / "feed.jsonl").write_text(raw, encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"content": "Single.", "date": "2019"}), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"text": "A."}, "oops"]), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    items = list(read_inputs([tmp_path], ["*.json", "*.jsonl"]))
    got = [(type(i).__name__, i.doc_id) for i in items]
    assert got == [
        ("InputError", "broken.json"),
        ("InputDoc", "n1"),
        ("InputDoc", "feed.jsonl#2"),
        ("InputError", "7"),
        ("InputDoc", "n4"),
        ("InputError", "feed.jsonl#6"),
        ("InputError", "n5"),
        ("InputDoc", "many.json#1"),
        ("InputError", "many.json#2"),
        ("InputError", "one.json"),
    ]
    by_id = {i.doc_id: i for i in items}
    assert by_id["n1"].published == "2020-05-01" and by_id["feed.jsonl#2"].published == "2021-02-03"
    assert by_id["n4"].published is None and "ignored published" in by_id["n4"].warnings[0]
    assert "'text' field" in by_id["7"].reason and "invalid JSON" in by_id["feed.jsonl#6"].reason
    assert all(i.path.endswith("feed.jsonl") for i in items if i.doc_id.startswith(("n", "feed")))
    # Other field names.
    opts = InputOptions(include=("one.json",), text_field="content", published_field="date")
    (doc,) = read_inputs([tmp_path], options=opts)
    assert doc.text == "Single." and doc.published == "2019"
    # The count for the progress bar covers every line (blank ones included).
    assert estimate_count([tmp_path], InputOptions(include=("*.jsonl",))) == 7


def test_size_limits(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"word " * 1000)
    (tmp_path / "long.txt").write_text("x" * 300, encoding="utf-8")
    (tmp_path / "ok.txt").write_text("short", encoding="utf-8")
    big_line = json.dumps({"text": "y" * 3000})
    (tmp_path / "feed.jsonl").write_text(big_line + "\n" + json.dumps({"text": "fine"}) + "\n", encoding="utf-8")
    opts = InputOptions(include=("*.txt", "*.jsonl"), max_bytes=2000, max_chars=200)
    items = {i.doc_id: i for i in read_inputs([tmp_path], options=opts)}
    assert "file too large" in items["big.txt"].reason and "--max-bytes" in items["big.txt"].reason
    assert "text too long" in items["long.txt"].reason and "--max-chars" in items["long.txt"].reason
    assert isinstance(items["ok.txt"], InputDoc)
    # An oversized line is skipped without losing the next one.
    assert "line too large" in items["feed.jsonl#1"].reason and items["feed.jsonl#2"].text == "fine"


def test_normalize_published():
    assert normalize_published("2020-05-01") == ("2020-05-01", None)
    assert normalize_published("2020-05") == ("2020-05", None)
    assert normalize_published("2020-05-01 10:00") == ("2020-05-01", None)
    assert normalize_published(None) == (None, None)
    value, warning = normalize_published("May 2020")
    assert value is None and "May 2020" in warning


def test_html_main_text_without_script():
    pytest.importorskip("trafilatura")
    html = (b"<html><head><title>Robot lab opens</title><meta name='date' content='2021-07-06'>"
            b"<script>var tracking = 'SECRET_SCRIPT';</script></head><body><nav>Home | About</nav><article>"
            b"<h1>Robot lab opens</h1><p>A robotics lab opened in Wuhan on Monday, officials said on the day.</p>"
            b"<script>document.write('SECRET_INLINE')</script><p>The lab will employ 200 researchers from three "
            b"universities and two companies.</p></article></body></html>")
    text, published = html_to_text(html)
    assert text.startswith("Robot lab opens\n\n")
    assert "A robotics lab opened in Wuhan" in text and "200 researchers" in text
    assert "SECRET" not in text and "var tracking" not in text
    assert published == "2021-07-06"
