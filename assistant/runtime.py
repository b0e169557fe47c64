"""Thread settings for the native engines, applied before any of them loads.

OpenMP reads its environment when its library is loaded, and on this kind of VM its default
(spinning) wait policy with more threads than free cores makes embedding 15-25x slower. So the
variables are set here: by the CLI as it starts, and from the settings just before an embedder
loads (nothing else loads an OpenMP engine). Importing the package changes nothing in the
importing program's environment. Torch, if someone imported it already, is told directly.
"""

from __future__ import annotations

import os
import sys


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
