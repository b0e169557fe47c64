"""Rebuilds tests/data/ud_sentences.json from the Universal Dependencies test sets (run once; the
output is committed): each treebank's documents as paragraphs of gold sentences, nothing else.

    python tests/data/make_ud_sentences.py ../shared/data/ud
"""

import json
import sys
from pathlib import Path

source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ud")
TREEBANKS = {"fr": "fr-gsd", "en": "en-ewt", "de": "de-gsd", "es": "es-gsd", "ru": "ru-pud"}


def documents(conllu: Path) -> list[list[list[str]]]:
    docs: list[list[list[str]]] = [[[]]]
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc") and any(docs[-1]):
            docs.append([[]])
        elif line.startswith("# newpar") and docs[-1][-1]:
            docs[-1].append([])
        elif line.startswith("# text = "):
            docs[-1][-1].append(line[len("# text = ") :].strip())
    return [[par for par in doc if par] for doc in docs if any(doc)]


out = {
    "source": "Universal Dependencies test sets (CC BY-SA; see ud_LICENSE.md), '# text' lines only",
    "treebanks": {},
}
for lang, folder in TREEBANKS.items():
    (conllu,) = (source / folder).glob("*-ud-test.conllu")
    commit = (source / folder / "SOURCE.txt").read_text().split()[:2]
    out["treebanks"][lang] = {"name": folder, "source": " ".join(commit), "documents": documents(conllu)}
Path(__file__).with_name("ud_sentences.json").write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n")
