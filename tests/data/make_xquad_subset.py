"""Rebuilds tests/data/xquad_subset.json from the full XQuAD files (run once; the output is committed).

50 questions asked in English (with XQuAD's German and Spanish translations of each), one from each
of 50 paragraphs spread evenly over the 240, plus 50 more paragraphs as distractors: 100 paragraphs
in German, Spanish and English. For English over English (monolingual), every question of the 50
asked paragraphs, with its English answer.
"""

import json
import sys
from pathlib import Path

source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/xquad")
files = {lang: json.loads((source / f"xquad.{lang}.json").read_text()) for lang in ("en", "de", "es")}
paragraphs = {lang: [p for art in doc["data"] for p in art["paragraphs"]] for lang, doc in files.items()}
asked = list(range(0, 240, 240 // 50))[:50]
distractors = [i for i in range(2, 240, 240 // 50)][:50]
chosen = sorted(set(asked) | set(distractors))
subset = {
    "source": "XQuAD (google-deepmind/xquad), CC BY-SA 4.0; see xquad_LICENSE.md",
    "paragraphs": [
        {"index": i, **{lang: paragraphs[lang][i]["context"] for lang in ("de", "es", "en")}} for i in chosen
    ],
    "questions": [
        {
            "paragraph": i,
            "question": paragraphs["en"][i]["qas"][0]["question"],
            "question_de": paragraphs["de"][i]["qas"][0]["question"],
            "question_es": paragraphs["es"][i]["qas"][0]["question"],
            "answer_de": paragraphs["de"][i]["qas"][0]["answers"][0]["text"],
            "answer_es": paragraphs["es"][i]["qas"][0]["answers"][0]["text"],
        }
        for i in asked
    ],
    "english_questions": [
        {"paragraph": i, "question": qa["question"], "answer_en": qa["answers"][0]["text"]}
        for i in asked
        for qa in paragraphs["en"][i]["qas"]
    ],
}
out = Path(__file__).with_name("xquad_subset.json")
out.write_text(json.dumps(subset, ensure_ascii=False, indent=1) + "\n")
counts = f"{len(subset['questions'])} (+{len(subset['english_questions'])} English) questions"
print(f"{counts} over {len(subset['paragraphs'])} paragraphs -> {out}")
