"""One writer at a time: an exclusive lock file beside the embedded index.

Readers never take it. A second writer (another `assistant index`, an upload in the web app while
another is being indexed) is refused at once with a message that says who holds the lock, rather
than interleaving its writes with the first one's. The lock is the operating system's (flock), so
it is released when its holder exits, even by SIGKILL. With a Chroma server the index lives
elsewhere and no local file can guard it; the lock then covers this machine only.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.config import Settings
from assistant.errors import IndexBusyError

LOCK_NAME = "write.lock"


def _lock_path(settings: Settings) -> Path:
    if settings.chroma_url:
        from hashlib import sha256

        tag = sha256(f"{settings.chroma_url}/{settings.collection}".encode()).hexdigest()[:12]
        # A per-user folder where there is one; in the shared temp folder the name carries the
        # user, and write_lock never follows a link planted there.
        folder = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
        return Path(folder) / f"news-assistant-{os.getuid()}-{tag}.lock"
    return settings.index_dir / f"{settings.collection}.{LOCK_NAME}"


@contextmanager
def write_lock(settings: Settings) -> Iterator[None]:
    path = _lock_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as err:
        raise IndexBusyError(f"cannot open the write lock {path}: {err.strerror}") from None
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusyError(
                f"the index at {settings.chroma_url or settings.index_dir} is being written by {holder}; "
                "try again when it has finished"
            ) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"process {os.getpid()}")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
