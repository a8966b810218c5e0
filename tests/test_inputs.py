"""Finding and decoding input files: every file ends as a document or an error."""

import codecs

import pytest

from ai_news_extract.inputs import InputDoc, InputError, decode, read_inputs


def test_decode_variants():
    assert decode("Zhé".encode("utf-8")) == "Zhé"
    assert decode(codecs.BOM_UTF8 + b"abc") == "abc"
    assert decode("Tiān".encode("utf-16")) == "Tiān"
    with pytest.raises(UnicodeDecodeError):
        decode("深圳".encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        decode(b"\x00\x01\x02binary")


def test_read_inputs_reports_each_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_bytes("Café".encode("latin-1"))
    (tmp_path / "sub" / "c.md").write_text("ignored by the default pattern", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert [type(i) for i in items] == [InputDoc, InputError]
    assert items[0].doc_id == "a.txt" and items[0].text == "Alpha text."
    assert items[1].doc_id == "sub/b.txt" and "decode" in items[1].reason
    assert [i.doc_id for i in read_inputs([tmp_path], ["*.md"])] == ["sub/c.md"]


def test_missing_path():
    with pytest.raises(FileNotFoundError):
        list(read_inputs(["/nonexistent/folder"]))
