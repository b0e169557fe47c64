"""Rebuilds tests/data/itn_questions.json from the ITN corpus (run once; the output is committed).

English "What happened with <an event's English name>?" over the news blurbs of languages the
answer judge is not fitted on, in three scripts (Russian, Chinese, Thai), built exactly as
benchmarks/scripts.py builds them (``itn.event_questions``: every other story indexed): each
language's articles (file name -> Markdown text) and its questions, with the article of the
question's story and whether that article is indexed.

    python tests/data/make_itn_questions.py ../shared/data/itn
"""

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from itn import event_questions  # noqa: E402

LANGUAGES = ("ru", "zh", "th")

itn = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/itn")
out = {
    "source": "ITN corpus (shizhao/ITN-corpus, corpus/corpus.json at commit b6fb9b7; CC BY-SA 3.0, see "
              "itn_LICENSE.md): English keywords and the blurbs of other languages",
    "languages": {},
}
with tempfile.TemporaryDirectory() as tmp:
    for lang in LANGUAGES:
        corpus = Path(tmp) / lang
        questions = event_questions(itn, lang, corpus)
        out["languages"][lang] = {
            "articles": {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())},
            "questions": [{"question": q.question, "story": q.story, "indexed": q.indexed} for q in questions],
        }
Path(__file__).with_name("itn_questions.json").write_text(
    json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
)
print({lang: len(data["questions"]) for lang, data in out["languages"].items()})
