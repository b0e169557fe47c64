"""Indexes a folder (with pruning) using the instant test embedder; the crash test kills it mid-run.

    python -m helpers.index_child INDEX_DIR FOLDER
"""

import sys
from pathlib import Path

from assistant import Assistant, Settings
from helpers.hashing import HashEmbeddings

if __name__ == "__main__":
    index_dir, folder = Path(sys.argv[1]), Path(sys.argv[2])
    # Small batches: many separate writes, so a kill lands between them as often as inside one.
    assistant = Assistant(Settings(index_dir=index_dir, batch_size=4), embeddings=HashEmbeddings())
    print(assistant.index([folder], prune=True).summary(), flush=True)
