"""Process settings: Python's collector around the large libraries the document engine loads."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from assistant.runtime import collector_paused


@pytest.fixture
def collector():
    """The collector as the test found it, restored after (a test may turn it off)."""
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_a_large_load_runs_without_the_collector_and_what_it_loaded_is_left_out_of_later_passes(collector):
    gc.enable()
    frozen = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        loaded = [{"module": i} for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(loaded)


def test_a_program_that_turned_the_collector_off_keeps_it_off(collector):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_the_collector_comes_back_when_the_load_fails(collector):
    gc.enable()
    with pytest.raises(ImportError), collector_paused():
        raise ImportError("no such engine")
    assert gc.isenabled()


def test_loading_the_document_engine_leaves_the_collector_on_and_the_model_out_of_its_passes():
    # In a process of its own: the tests above freeze whatever this one has loaded.
    script = (
        "import gc\n"
        "from assistant.embed.embeddings import E5Embeddings\n"
        "model = E5Embeddings()._documents()\n"
        "print(gc.isenabled(), any(o is model for o in gc.get_objects()), gc.get_freeze_count())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    enabled, collected, frozen = out.stdout.split()
    assert (enabled, collected) == ("True", "False")
    assert int(frozen) > 100_000  # torch, transformers and the model


def test_the_cli_leaves_what_it_loaded_out_of_the_collectors_pass_at_exit():
    script = (
        "import gc, sys\n"
        "from assistant.app.cli import main\n"
        "sys.argv = ['assistant', 'search', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_freeze_count(), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "search" in out.stdout and int(out.stderr.split()[-1]) > 10_000


@pytest.mark.slow  # loads the document engine in a process of its own
def test_loading_the_document_engine_leaves_scikit_learn_unimported_until_one_of_its_functions_is_called():
    # sentence-transformers imports scikit-learn's metrics (a second of every cold start) for two
    # similarity functions; they still work, importing it then.
    script = (
        "import sys\n"
        "import numpy as np\n"
        "from assistant.embed.embeddings import E5Embeddings\n"
        "E5Embeddings()._documents()\n"
        "loaded = 'sklearn' in sys.modules\n"
        "from sentence_transformers.util import similarity\n"
        "distances = similarity.pairwise_distances(np.eye(2), metric='manhattan')\n"
        "from sklearn.metrics import roc_auc_score\n"
        "print(loaded, distances.tolist(), roc_auc_score([0, 1], [0.2, 0.8]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[0] == "False [[0.0, 2.0], [2.0, 0.0]] 1.0"


def test_only_sentence_transformers_meets_the_stand_in_and_a_program_with_scikit_learn_keeps_its_own():
    script = (
        "import sys, threading\n"
        "from assistant.runtime import sklearn_metrics_deferred\n"
        "with sklearn_metrics_deferred():\n"
        "    from sklearn.metrics import roc_auc_score\n"  # another importer, as another thread would be
        "print(roc_auc_score.__module__)\n"
        "with sklearn_metrics_deferred():\n"
        "    import sentence_transformers\n"
        "from sentence_transformers.util import similarity\n"
        "print(similarity.pairwise_distances.__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["sklearn.metrics._ranking", "sklearn.metrics.pairwise"]
