"""The web chat mounted under a path prefix of a FastAPI app, as behind a proxy: PORT PREFIX."""

import sys

import uvicorn
from fastapi import FastAPI

from assistant import Assistant
from assistant.app.web import mount

if __name__ == "__main__":
    port, prefix = int(sys.argv[1]), sys.argv[2]
    uvicorn.run(mount(FastAPI(), Assistant(), prefix), host="127.0.0.1", port=port, log_level="warning")
