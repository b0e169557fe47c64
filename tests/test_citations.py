"""LLM drafts -> cited answers: the marker-to-source mapping, tested with a fake chat model.

The fake model replays a fixed draft, so these tests pin the chain's wiring and the code that turns
``[n]`` markers into exact, renumbered quotes; the real HTTP client path is in test_openai_server.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import BaseMessage
from pydantic import Field

from assistant import Assistant, Settings
from assistant.answer.results import Answer
from assistant.ingest.articles import read_article
from assistant.answer.citations import cite
from assistant.errors import ConfigError
from assistant.answer.evidence import EvidenceScorer
from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.judgement import Judge, load_calibration
from assistant.answer.llm import LLMAnswerer, chat_model
from assistant.search.retriever import Passage

QUESTION = "Who denied the allegations of shell deliveries?"
DENIAL = "Ces allégations ont été démenties par le Kremlin puis par Alexandre Matsegora, l’ambassadeur de Russie à Pyongyang."
SHOIGU = "Shoigu a également livré « un message personnel » de Poutine à Kim, selon le Kremlin."


class RecordingFakeChatModel(GenericFakeChatModel):
    """Replays drafts and keeps the messages it was sent."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(messages)
        return super()._generate(messages, *args, **kwargs)




@pytest.fixture(scope="module")
def passages(seeded: Assistant) -> list[Passage]:
    return seeded.retrieve(QUESTION, k=5)


def source_with(passages: list[Passage], text: str) -> int:
    """The source number (1-based) under which the model saw the passage holding ``text``."""
    return next(n for n, p in enumerate(passages, start=1) if text in p.text)


def llm_answerer(model: RecordingFakeChatModel, seeded: Assistant) -> LLMAnswerer:
    scorer = EvidenceScorer(seeded.embeddings)
    return LLMAnswerer(model, scorer, Judge(scorer, load_calibration()), seeded.settings)


def answer_with(
    draft: str, seeded: Assistant, passages: list[Passage], question: str = QUESTION
) -> tuple[Answer, RecordingFakeChatModel]:
    model = RecordingFakeChatModel(messages=iter([draft]))
    answer = llm_answerer(model, seeded).answer(question, question, "en", passages)
    assert answer.problems() == []
    for c in answer.citations:
        assert read_article(c.source).text[c.start : c.end] == c.quote
    return answer, model


def test_a_valid_marker_becomes_the_exact_supporting_sentence(seeded, passages):
    n = source_with(passages, DENIAL)
    answer, _ = answer_with(f"The Kremlin and then Alexandre Matsegora denied the allegations [{n}].", seeded, passages)
    assert answer.grounded and answer.text == "The Kremlin and then Alexandre Matsegora denied the allegations [1]."
    assert [c.quote for c in answer.citations] == [DENIAL]
    assert answer.citations[0].supported and answer.warnings == []


def test_out_of_order_sources_are_renumbered_by_first_appearance(seeded, passages):
    denial, shoigu = source_with(passages, DENIAL), source_with(passages, SHOIGU)
    draft = (
        f"Shoigu delivered a personal message from Putin to Kim [{shoigu}]. "
        f"The Kremlin and Matsegora denied the shell allegations [{denial}]."
    )
    answer, _ = answer_with(draft, seeded, passages)
    assert answer.text == (
        "Shoigu delivered a personal message from Putin to Kim [1]. "
        "The Kremlin and Matsegora denied the shell allegations [2]."
    )
    assert [c.quote for c in answer.citations] == [SHOIGU, DENIAL]


def test_a_repeated_marker_for_the_same_sentence_keeps_one_number(seeded, passages):
    n = source_with(passages, DENIAL)
    draft = f"The Kremlin and then Alexandre Matsegora denied the allegations [{n}]. Alexandre Matsegora, the Russian ambassador to Pyongyang, denied them too [{n}]."
    answer, _ = answer_with(draft, seeded, passages)
    assert answer.text.count("[1]") == 2 and "[2]" not in answer.text
    assert [c.quote for c in answer.citations] == [DENIAL]


def test_grouped_and_duplicate_markers(seeded, passages):
    denial, shoigu = source_with(passages, DENIAL), source_with(passages, SHOIGU)
    draft = f"The Kremlin and Matsegora denied the allegations, and Shoigu delivered a message from Putin to Kim [{denial}, {shoigu}][{denial}]."
    answer, _ = answer_with(draft, seeded, passages)
    assert answer.text.endswith("[1][2][1].")
    assert len(answer.citations) == 2


def test_markers_without_a_source_are_dropped_and_reported(seeded, passages):
    n = source_with(passages, DENIAL)
    draft = f"The Kremlin denied the allegations [{n}][9]. Matsegora also denied them [0]."
    answer, _ = answer_with(draft, seeded, passages)
    assert answer.text == "The Kremlin denied the allegations [1]. Matsegora also denied them."
    assert answer.warnings == ["dropped marker [9]: there is no source 9", "dropped marker [0]: there is no source 0"]


def test_a_draft_without_markers_is_declined(seeded, passages):
    answer, _ = answer_with("The Kremlin denied everything.", seeded, passages)
    assert not answer.grounded and answer.citations == []
    assert answer.text.startswith(f"The indexed articles do not say: none of their sentences answers “{QUESTION}”.")
    assert answer.warnings == ["the answer cites no source", "the draft was declined: it cites no source"]


def test_no_answer_from_the_model_is_a_plain_refusal(seeded, passages):
    answer, _ = answer_with("NO_ANSWER", seeded, passages)
    assert not answer.grounded and answer.text.startswith("The indexed articles do not say")


def test_a_draft_whose_citation_does_not_support_its_claim_is_declined_like_the_offline_answerer(seeded, passages):
    n = source_with(passages, DENIAL)
    draft = (f"The Kremlin and then Alexandre Matsegora denied the allegations [{n}]. "
             f"Vladivostok has about 600,000 inhabitants and a busy fishing port [{n}].")
    answer, _ = answer_with(draft, seeded, passages)
    assert not answer.grounded and answer.citations == [] and "600,000" not in answer.text
    assert answer.text.split("\n")[0] == f"The indexed articles do not say: none of their sentences answers “{QUESTION}”."
    assert "no citation supports the claim: 'Vladivostok has about 600,000 inhabitants and a busy fishing port .'" in answer.warnings
    assert answer.warnings[-1] == "the draft was declined: a citation does not support its claim"


def test_a_question_the_judge_finds_unanswerable_never_reaches_the_model(seeded):
    question = "Quelle est la capitale de l'Australie ?"
    unrelated = seeded.retrieve(question, k=5)
    answer, model = answer_with("Canberra [1].", seeded, unrelated, question)
    assert model.seen == [], "the model was asked although the passages cannot answer"
    scorer = EvidenceScorer(seeded.embeddings)
    offline = ExtractiveAnswerer(Judge(scorer, load_calibration()), seeded.settings.prompts_dir).answer(
        question, question, "en", unrelated
    )
    assert not answer.grounded and not offline.grounded
    assert answer.text == offline.text


def test_the_prompt_numbers_the_sources_as_data_and_asks_for_the_language(seeded, passages):
    n = source_with(passages, DENIAL)
    _, model = answer_with(f"Denied by the Kremlin [{n}].", seeded, passages)
    system, human = model.seen[0]
    assert system.type == "system" and "English" in system.content and "NO_ANSWER" in system.content
    assert "[1]" in system.content and "instructions" in system.content
    assert human.content.startswith("<sources>\n<source id=\"1\"")
    for number, passage in enumerate(passages, start=1):
        assert f'<source id="{number}" title="{passage.article.title}" date="2023-09">\n{passage.text}\n</source>' in human.content
    assert human.content.rstrip().endswith(f"Question: {QUESTION}")


def test_streaming_an_llm_answer_yields_the_draft_then_the_cited_answer(seeded, passages):
    n = source_with(passages, DENIAL)
    model = RecordingFakeChatModel(messages=iter([f"The Kremlin and then Alexandre Matsegora denied the allegations [{n}]."]))
    answerer = llm_answerer(model, seeded)
    *pieces, final = list(answerer.stream(QUESTION, QUESTION, "en", passages))
    assert "".join(pieces) == f"The Kremlin and then Alexandre Matsegora denied the allegations [{n}]."
    assert final.text == "The Kremlin and then Alexandre Matsegora denied the allegations [1]."
    assert final.citations[0].quote == DENIAL


def test_the_condense_step_asks_the_model_for_a_standalone_question(seeded):
    model = RecordingFakeChatModel(messages=iter(["When did Kim Jong-un last meet Vladimir Putin?\n"]))
    answerer = llm_answerer(model, seeded)
    history = [{"role": "user", "content": "Where will Kim meet Putin?"}, {"role": "assistant", "content": "In Vladivostok."}]
    assert answerer.standalone("And when did he last meet him?", history) == "When did Kim Jong-un last meet Vladimir Putin?"
    prompt = model.seen[0][0].content
    assert "User: Where will Kim meet Putin?\nAssistant: In Vladivostok." in prompt
    assert "Follow-up question: And when did he last meet him?" in prompt


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"llm": "gpt-4"}, "ASSISTANT_LLM='gpt-4' is not an answerer"),
        ({"llm": "openai:"}, "is not an answerer"),
    ],
)
def test_invalid_answerer_settings_name_the_setting(overrides: dict, message: str):
    from assistant.api import load_settings

    with pytest.raises(ConfigError, match=message):
        load_settings(**overrides)


def test_answerers_that_cannot_start_say_why(tmp_path: Path):
    with pytest.raises(ConfigError, match="needs ASSISTANT_OPENAI_API_KEY"):
        chat_model(Settings(llm="openai:gpt-4o-mini"))
    with pytest.raises(ConfigError, match="no such model file"):
        chat_model(Settings(llm=f"gguf:{tmp_path / 'missing.gguf'}"))
    assert chat_model(Settings(llm="ollama:llama3.2")).model == "llama3.2"


def test_the_support_threshold_separates_true_from_false_claims_about_the_seed(seeded):
    """tests/data/seed_claims.jsonl: 10 English claims the French article supports and 10 it does not.

    Each is scored against its best sentence anywhere in the article, as a citation would be. An
    embedding cannot see a contradiction ("confirmed" for "denied"), so some false claims pass; the
    bounds are what the default threshold measures, with one claim of slack either side.
    """
    import json

    from conftest import DATA

    from assistant.answer.evidence import passage_sentences

    sentences = passage_sentences(seeded.retrieve("Kim Putin Vladivostok", k=20))
    scorer = EvidenceScorer(seeded.embeddings)
    threshold = seeded.settings.support_threshold
    flagged = {True: 0, False: 0}
    for line in (DATA / "seed_claims.jsonl").read_text().splitlines():
        case = json.loads(line)
        flagged[case["supported"]] += scorer.rank(case["claim"], sentences)[0].score < threshold
    assert flagged[False] >= 7, "too many unsupported claims pass"
    assert flagged[True] <= 2, "too many supported claims are flagged"


def _seed_passages() -> list[Passage]:
    from assistant.ingest.chunking import chunk_article
    from assistant.search.retriever import ArticleInfo

    article = read_article(SEED)
    info = ArticleInfo(article.id, article.title, article.date, article.source, article.lang)
    return [
        Passage(f"{article.id}:v:{c.n}", c.text, 0.0, c.n + 1, info, c.n, c.start, c.end)
        for c in chunk_article(article)
    ]


_claims = st.lists(
    st.tuples(
        st.sampled_from(["The Kremlin denied it", "Kim will travel by train", "Shoigu visited Pyongyang", "Prices rose"]),
        st.lists(st.lists(st.integers(min_value=-1, max_value=9), min_size=1, max_size=3), max_size=3),
        st.sampled_from([". ", " ", "! ", ".\n\n"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(_claims)
def test_any_draft_maps_to_citations_that_keep_the_invariants(claims):
    """Whatever markers a model writes, valid or not, the answer keeps every citation invariant."""
    from helpers.hashing import HashEmbeddings

    passages = _seed_passages()
    draft = "".join(
        claim + "".join("[" + ", ".join(str(n) for n in group) + "]" for group in markers) + end
        for claim, markers, end in claims
    )
    cited = cite(draft, passages, EvidenceScorer(HashEmbeddings()), support_threshold=0.5)
    answer = Answer(QUESTION, cited.text, cited.citations, bool(cited.citations), "en", passages)
    assert answer.problems() == []
    text = read_article(SEED).text
    assert all(text[c.start : c.end] == c.quote for c in cited.citations)
    out_of_range = sum(1 for _, markers, _ in claims for group in markers for n in group if not 1 <= n <= len(passages))
    assert sum(w.startswith("dropped marker") for w in cited.warnings) == out_of_range
    assert "[0]" not in cited.text and "[-1]" not in cited.text
