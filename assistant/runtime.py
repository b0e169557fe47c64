"""Process settings: threads for the native engines, applied before any of them loads, and
Python's garbage collector around the large libraries.

OpenMP reads its environment when its library is loaded, and on this kind of VM its default
(spinning) wait policy with more threads than free cores makes embedding 15-25x slower. So the
variables are set here: by the CLI as it starts, and from the settings just before an embedder
loads (nothing else loads an OpenMP engine). Importing the package changes nothing in the
importing program's environment. Torch, if someone imported it already, is told directly.

Loading sentence-transformers brings torch, transformers and scikit-learn: millions of objects,
nearly all kept for the life of the process. Each full pass of the cyclic collector walks them all
(0.1-0.3 s, eight times in a cold `assistant index`, measured with ``gc.callbacks``), and so does
the one Python makes as it exits (1.5 s). ``collector_paused`` keeps the collector out of the load
and leaves what it created out of later passes; the CLI freezes everything before it exits.
``sklearn_metrics_deferred`` keeps sentence-transformers from importing scikit-learn's metrics as it
loads (1.2 s of the 6 s, with scipy and pandas, for a function only its evaluation uses).
"""

from __future__ import annotations

import builtins
import gc
import importlib
import os
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def configure_threads(threads: int | None = None) -> None:
    """Use ``threads`` threads; ``None`` takes ``ASSISTANT_THREADS``, else ``OMP_NUM_THREADS``, else
    every core.

    An invalid ``ASSISTANT_THREADS`` is left for the settings object to report.
    """
    if threads is None:
        value = os.environ.get("ASSISTANT_THREADS", "").strip()
        if value.isdigit() and int(value) > 0:
            os.environ["OMP_NUM_THREADS"] = value
        os.environ.setdefault("OMP_NUM_THREADS", str(cores()))
    else:
        os.environ["OMP_NUM_THREADS"] = str(threads)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ["MKL_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"]
    # The tokenizers' own thread pool deadlocks after a fork (servers, test runners).
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a large load with the cyclic collector paused; what it loaded is then left out of every
    later collection (``gc.freeze``: the modules and the model live as long as the process). A
    program that turned the collector off keeps it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


# The one module of sentence-transformers that imports scikit-learn on the way to SentenceTransformer
# (``from sklearn.metrics import pairwise_distances``, for two similarity functions we never call).
_SKLEARN_IMPORTER = "sentence_transformers.util.similarity"


@contextmanager
def sklearn_metrics_deferred() -> Iterator[None]:
    """Load sentence-transformers with scikit-learn's metrics imported only when one is called.

    Only that module's import is answered with a stand-in whose functions import the real ones on
    their first call; every other importer, in any thread, gets scikit-learn itself. A program
    that has already imported it is left alone."""
    if "sklearn.metrics" in sys.modules:
        yield
        return
    original = builtins.__import__
    stand_in = types.ModuleType("sklearn.metrics")
    stand_in.__getattr__ = _imported_on_call  # type: ignore[attr-defined]

    def import_(name: str, globals: dict | None = None, *args: object, **kwargs: object) -> types.ModuleType:
        if name == "sklearn.metrics" and globals is not None and globals.get("__name__") == _SKLEARN_IMPORTER:
            return stand_in
        return original(name, globals, *args, **kwargs)

    builtins.__import__ = import_
    try:
        yield
    finally:
        if builtins.__import__ is import_:  # else someone hooked it since: theirs calls ours, keep both
            builtins.__import__ = original


def _imported_on_call(name: str) -> Callable[..., object]:
    def call(*args: object, **kwargs: object) -> object:
        return getattr(importlib.import_module("sklearn.metrics"), name)(*args, **kwargs)

    call.__name__ = name
    return call
