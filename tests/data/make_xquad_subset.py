"""Rebuilds tests/data/xquad_subset.json from the full XQuAD files (run once; the output is committed).

50 questions asked in English, one from each of 50 paragraphs spread evenly over the 240, plus 50
more paragraphs as distractors: 100 paragraphs in German and in Spanish.
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
        {"index": i, "de": paragraphs["de"][i]["context"], "es": paragraphs["es"][i]["context"]} for i in chosen
    ],
    "questions": [
        {
            "paragraph": i,
            "question": paragraphs["en"][i]["qas"][0]["question"],
            "answer_de": paragraphs["de"][i]["qas"][0]["answers"][0]["text"],
            "answer_es": paragraphs["es"][i]["qas"][0]["answers"][0]["text"],
        }
        for i in asked
    ],
}
out = Path(__file__).with_name("xquad_subset.json")
out.write_text(json.dumps(subset, ensure_ascii=False, indent=1) + "\n")
print(f"{len(subset['questions'])} questions over {len(subset['paragraphs'])} paragraphs -> {out}")
