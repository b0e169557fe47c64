"""Sentence boundaries against Universal Dependencies gold: ours, pysbd and sentencex.

    .venv/bin/python benchmarks/sentences.py

Precision, recall and F1 of sentence starts per language (fr, en, de, es, ru), on every gold
boundary ("all") and on those the text marks with punctuation or a paragraph end ("marked"; see
tests/helpers/boundaries.py), for the half of each treebank the rules were written against
("dev") and the other half ("held_out"). pysbd and sentencex come with the bench extra; a
segmenter that is not installed is left out. Writes benchmarks/results/sentences.json.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from common import write_results

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.boundaries import halves, score, treebanks  # noqa: E402

from assistant.text.sentences import split_sentences  # noqa: E402


def _spans_of(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    spans, position = [], 0
    for piece in (p.strip() for p in pieces):
        found = text.find(piece, position) if piece else -1
        if found >= 0:
            spans.append((found, found + len(piece)))
            position = found + len(piece)
    return spans


def segmenters() -> dict:
    found = {"ours": lambda text, lang: split_sentences(text, lang=lang)}
    try:
        import pysbd

        cache: dict = {}

        def with_pysbd(text: str, lang: str) -> list[tuple[int, int]]:
            if lang not in cache:
                cache[lang] = pysbd.Segmenter(language=lang, clean=False, char_span=True)
            return [(s.start, s.end) for s in cache[lang].segment(text)]

        found["pysbd"] = with_pysbd
    except ImportError:
        pass
    try:
        import sentencex

        found["sentencex"] = lambda text, lang: _spans_of(text, list(sentencex.segment(lang, text)))
    except ImportError:
        pass
    return found


def main() -> None:
    rows = []
    for lang, documents in treebanks().items():
        for name, split in segmenters().items():
            for part, docs in halves(documents).items():
                began = time.perf_counter()
                result = score(split, lang, docs)
                rows.append(
                    {"lang": lang, "segmenter": name, "half": part, "seconds": round(time.perf_counter() - began, 2),
                     **{f"{kind}_{k}": v for kind, s in result.items() for k, v in vars(s).items()}}
                )
    print(f"{'lang':4} {'segmenter':10} {'half':8} {'all P':>6} {'all R':>6} {'all F1':>6}  "
          f"{'mkd P':>6} {'mkd R':>6} {'mkd F1':>6} {'s':>5}")
    for r in rows:
        print(f"{r['lang']:4} {r['segmenter']:10} {r['half']:8} {r['all_precision']:6.3f} {r['all_recall']:6.3f} "
              f"{r['all_f1']:6.3f}  {r['marked_precision']:6.3f} {r['marked_recall']:6.3f} {r['marked_f1']:6.3f} "
              f"{r['seconds']:5.1f}")
    write_results("sentences", {"rows": rows})


if __name__ == "__main__":
    main()
