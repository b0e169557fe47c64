"""A built wheel answers on its own: prompts, phrases and the judge's calibration are package data.

The wheel is built from this checkout, installed (not editable) into a fresh virtual environment,
and run from another folder. The dependencies come from the test environment's site-packages on
PYTHONPATH, which holds no ``assistant`` of its own (the editable install lives in a .pth file that
PYTHONPATH does not read), so everything the package needs beyond them must be inside the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import SEED

# Processes, servers or a browser: left out of `make test-fast`.
pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
import assistant
from assistant import Assistant, Settings
a = Assistant(Settings(index_dir="index"))
a.index(["articles"])
answer = a.ask(sys.argv[1])
print(json.dumps({"module": assistant.__file__, "answer": answer.to_dict()}))
"""


def test_a_wheel_installed_elsewhere_indexes_and_answers_with_citations(tmp_path: Path):
    # Built from a copy, so the build leaves nothing in the checkout.
    source, dist = tmp_path / "source", tmp_path / "dist"
    shutil.copytree(REPO / "assistant", source / "assistant", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    (wheel,) = dist.glob("news_assistant-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"assistant/prompts/extractive.toml", "assistant/prompts/answer_system.md",
            "assistant/answer/calibration.json"} <= set(names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)

    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "articles").mkdir(parents=True)
    shutil.copy(SEED, elsewhere / "articles")
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "HF_HUB_OFFLINE": "1"}
    env.pop("ASSISTANT_PROMPTS_DIR", None)
    result = subprocess.run(
        [venv / "bin" / "python", "-c", SCRIPT, "Who denied the allegations of shell deliveries?"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["module"].startswith(str(venv)), "the package was not imported from the installed wheel"
    answer = out["answer"]
    assert answer["grounded"] and answer["text"].startswith("“")
    assert "démenties par le Kremlin" in answer["citations"][0]["quote"]


def test_a_prompts_folder_of_ones_own_replaces_the_packaged_one(tmp_path: Path, seeded):
    from importlib import resources

    from assistant import Assistant, Settings

    own = tmp_path / "prompts"
    own.mkdir()
    for item in resources.files("assistant").joinpath("prompts").iterdir():
        (own / item.name).write_text(item.read_text(encoding="utf-8"), encoding="utf-8")
    phrases = own / "extractive.toml"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("The indexed articles do not say", "Not in the archive"))
    settings = Settings(index_dir=seeded.settings.index_dir, prompts_dir=own)
    answer = Assistant(settings, embeddings=seeded.embeddings).ask("What is the population of Vladivostok?")
    assert answer.text.startswith("Not in the archive: ")


def test_importing_the_package_leaves_the_programs_environment_alone():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "MKL_", "TOKENIZERS_"))}
    probe = "import os, assistant; print([k for k in os.environ if k.startswith(('OMP_', 'MKL_', 'TOKENIZERS_'))])"
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
