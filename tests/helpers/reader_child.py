"""Queries a Chroma-server index in a loop until a stop file appears; prints each result's versions.

    python -m helpers.reader_child URL COLLECTION STOP_FILE
"""

import json
import sys
from pathlib import Path

from assistant import Assistant, Settings
from helpers.hashing import HashEmbeddings

if __name__ == "__main__":
    url, collection, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    assistant = Assistant(Settings(chroma_url=url, collection=collection), embeddings=HashEmbeddings())
    print("ready", flush=True)
    while not stop.exists():
        versions = sorted({p.id.split(":")[1] for p in assistant.retrieve("phrase sur Vladivostok", k=20)})
        print(json.dumps(versions), flush=True)
