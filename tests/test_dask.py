"""The Dask engine on a 2-worker LocalCluster writes exactly what the local engine writes."""

import json

import pytest

pytest.importorskip("distributed")

from ai_news_extract.batch import extract_folder  # noqa: E402

from support import ROOT  # noqa: E402


@pytest.mark.slow
def test_dask_local_cluster_equals_local_engine(tmp_path, extractor):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    fixtures = sorted((ROOT / "fixtures" / "docs").glob("*.txt"))[:4]
    for f in fixtures:  # header and first paragraphs: real articles, quick to process
        text = "\n\n".join(f.read_text(encoding="utf-8").split("\n\n")[:3])
        (src / "sub" / f.name).write_text(text, encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "gbk.txt").write_bytes("深圳新闻".encode("gbk"))
    feed = [{"id": "j1", "text": "Baidu opens an AI lab in Beijing.", "published": "2020-05-01"}, {"id": "j2"}]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in feed) + "\n", encoding="utf-8")
    globs = ["*.txt", "*.jsonl"]

    local = extract_folder(src, tmp_path / "local.jsonl", errors=tmp_path / "local.err", include=globs,
                           extractor=extractor, batch_size=2)
    dask = extract_folder(src, tmp_path / "dask.jsonl", errors=tmp_path / "dask.err", include=globs,
                          engine="dask", n_process=2, batch_size=2)
    assert (dask.docs, dask.records, dask.errors) == (local.docs, local.records, local.errors) == (8, 6, 2)
    assert (tmp_path / "dask.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()
    assert (tmp_path / "dask.err").read_text() == (tmp_path / "local.err").read_text()
