"""A built wheel carries models/ and extracts from an installed copy."""

import subprocess
import sys
import zipfile

import pytest

from support import ROOT

pytestmark = pytest.mark.slow


def test_wheel_ships_models_and_extracts(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("ai_news_extract-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "ai_news_extract/py.typed" in names
    assert any(n.startswith("ai_news_extract/models/kb/") and n.endswith(".jsonl") for n in names)
    assert "ai_news_extract/models/lexicons/entities.json" in names

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = (
        "import ai_news_extract, ai_news_extract.paths as p;"
        "assert str(p.models_dir()).startswith(%r), p.models_dir();"
        "assert ai_news_extract.__file__.startswith(%r);"
        "r = ai_news_extract.extract('Hefei hosted the fair.\\n', published='2020-01-02');"
        "print(r.published, sorted(e.canonical for e in r.entities))" % (str(target), str(target))
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "2020-01-02" in out.stdout and "Hefei" in out.stdout
