"""Indexes a folder (with pruning) using the instant test embedder; the crash test kills it mid-run.

    python -m helpers.index_child INDEX_DIR FOLDER

It prints "writing" once its first batch of chunks is stored, so the test can kill it while it
writes rather than while it starts up, then the run's summary.
"""

import sys
from pathlib import Path

from assistant import Assistant, Settings
from helpers.hashing import HashEmbeddings

if __name__ == "__main__":
    index_dir, folder = Path(sys.argv[1]), Path(sys.argv[2])
    # Small batches: many separate writes, so a kill lands between them as often as inside one.
    assistant = Assistant(Settings(index_dir=index_dir, batch_size=4), embeddings=HashEmbeddings())
    said = []

    def started(progress: object) -> None:
        if not said:
            print("writing", flush=True)
            said.append(True)

    print(assistant.index([folder], prune=True, progress=started).summary(), flush=True)
