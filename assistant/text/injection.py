"""Sentences written to the model rather than to readers ("Ignore all previous instructions…").

An article is data. A sentence that gives orders to an assistant is never evidence for an answer,
so such sentences are never candidates for a quote: the extractive answerer cannot be made to
repeat them, and an LLM's citation cannot resolve to them. The patterns cover the answer languages;
they are a second line of defence behind the prompt, which delimits sources as data.
"""

from __future__ import annotations

import re

_ORDERS = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,60}\b(instructions?|prompts?|rules|directions)\b"
    r"|\b(ignore[zs]?|oublie[zs]?)\b.{0,60}\b(instructions?|consignes?|règles)\b"
    r"|\b(ignorier\w*|vergiss\w*|missachte\w*)\b.{0,60}\b(anweisungen|anordnungen|regeln)\b"
    r"|\b(ignora\w*|olvida\w*)\b.{0,60}\b(instrucciones|reglas|istruzioni|regole)\b"
    r"|\b(answer|reply|respond)\b.{0,30}\b(every|all|any)\b.{0,20}\bquestions?\b"
    r"|\byou are now\b|\bnew instructions?\b|\bsystem prompt\b",
    re.IGNORECASE | re.DOTALL,
)
_ROLE_PREFIX = re.compile(r"^\W*(system|assistant|user|developer)\s*:", re.IGNORECASE)


def addresses_the_model(sentence: str) -> bool:
    return bool(_ROLE_PREFIX.search(sentence) or _ORDERS.search(sentence))
