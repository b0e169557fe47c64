"""Sentence boundaries against Universal Dependencies gold: ours, pysbd and sentencex.

    .venv/bin/python benchmarks/sentences.py

Precision, recall and F1 of sentence starts per language (fr, en, de, es, ru), on every gold
boundary ("all") and on those the text marks with punctuation or a paragraph end ("marked"; see
tests/helpers/boundaries.py), for the half of each treebank the rules were written against
("dev") and the other half ("held_out"). Then the same on Wikipedia's one-sentence news blurbs in
27 languages (tests/data/itn_sentences.json, whole), where a blurb that holds two sentences, or a
date in brackets after its full stop (Belarusian, Finnish, Swedish), counts as one: a low score
there can be the gold's, and Thai, Polish and Ukrainian blurbs end in no mark at all. pysbd and
sentencex come with the bench extra; a segmenter that is not installed, or does not know a
language, is left out. Writes benchmarks/results/sentences.json.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from common import write_results

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.boundaries import ITN, halves, score, treebanks  # noqa: E402

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


def _row(split, lang: str, docs: list, **where: str) -> dict | None:
    began = time.perf_counter()
    try:
        result = score(split, lang, docs)
    except Exception:  # noqa: BLE001 (pysbd and sentencex raise their own errors for a language they lack)
        return None
    return {"lang": lang, **where, "seconds": round(time.perf_counter() - began, 2),
            **{f"{kind}_{k}": v for kind, s in result.items() for k, v in vars(s).items()}}


def _print(rows: list[dict], part: str) -> None:
    print(f"{'lang':9} {'segmenter':10} {part:8} {'all P':>6} {'all R':>6} {'all F1':>6}  "
          f"{'mkd P':>6} {'mkd R':>6} {'mkd F1':>6} {'s':>5}")
    for r in rows:
        print(f"{r['lang']:9} {r['segmenter']:10} {r[part]:8} {r['all_precision']:6.3f} {r['all_recall']:6.3f} "
              f"{r['all_f1']:6.3f}  {r['marked_precision']:6.3f} {r['marked_recall']:6.3f} {r['marked_f1']:6.3f} "
              f"{r['seconds']:5.1f}")


def main() -> None:
    found = segmenters()
    rows = [
        row for lang, documents in treebanks().items() for name, split in found.items()
        for part, docs in halves(documents).items() if (row := _row(split, lang, docs, segmenter=name, half=part))
    ]
    news = [
        row for lang, documents in treebanks(ITN).items() for name, split in found.items()
        if (row := _row(split, lang, documents, segmenter=name, set="itn"))
    ]
    _print(rows, "half")
    print("\nWikipedia news blurbs, one sentence each:")
    _print(news, "set")
    write_results("sentences", {"rows": rows, "news_blurbs": news})


if __name__ == "__main__":
    main()
