"""Uploaded files: names reduced to plain file names, limits enforced, bad content refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED

from assistant import Assistant, Settings
from assistant.ingest.uploads import Upload, UploadError, safe_name


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("article.txt", "article.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/etc/cron.d/evil.md", "evil.md"),
        ("..\\..\\windows\\evil.html", "evil.html"),
        ("..", "article"),
        (".hidden.txt", "hidden.txt"),
        ("a b;rm -rf ~.txt", "a b_rm -rf _.txt"),
    ],
)
def test_upload_names_never_leave_the_uploads_folder(given: str, safe: str):
    assert safe_name(given) == safe


def _file(tmp_path: Path, name: str, content: bytes) -> Upload:
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return Upload(path, name)


def test_a_good_upload_is_stored_under_its_safe_name(tmp_path: Path, hashing):
    settings = Settings(index_dir=tmp_path / "index")
    upload = Upload(_file(tmp_path, "seed.txt", SEED.read_bytes()).path, "../seed.txt")
    report = Assistant(settings, embeddings=hashing).add_uploads([upload])
    stored = settings.uploads / "seed.txt"
    assert report.added == [str(stored)] and stored.read_bytes() == SEED.read_bytes()
    assert settings.uploads == tmp_path / "index" / "uploads"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty.txt: empty file"),
        ("blob.txt", b"\x00\x01\x02binary", "blob.txt: binary file"),
        ("broken.txt", "président".encode() + b" d\xe9clar\xe9", "broken.txt: not valid UTF-8"),
        ("photo.jpg", b"\xff\xd8\xff", "photo.jpg: only .txt, .md, .markdown, .html, .htm files are accepted"),
        ("big.txt", b"word " * 300_000, "big.txt: 1,500,000 bytes is over the limit of 1,000,000"),
    ],
)
def test_bad_uploads_are_refused_by_name_and_nothing_is_stored_or_indexed(
    tmp_path: Path, hashing, name: str, content: bytes, message: str
):
    settings = Settings(index_dir=tmp_path / "index", upload_max_bytes=1_000_000)
    assistant = Assistant(settings, embeddings=hashing)
    good = _file(tmp_path, "good.txt", SEED.read_bytes())
    with pytest.raises(UploadError) as raised:
        assistant.add_uploads([good, _file(tmp_path, name, content)])
    assert str(raised.value).startswith(message)
    assert str(tmp_path) not in str(raised.value), "a server path leaked into the message"
    assert not settings.uploads.exists() or not any(settings.uploads.iterdir())
    assert assistant.info().articles == 0


def test_removing_an_uploaded_article_deletes_its_file(tmp_path: Path, hashing):
    settings = Settings(index_dir=tmp_path / "index")
    assistant = Assistant(settings, embeddings=hashing)
    assistant.add_uploads([_file(tmp_path, "seed.txt", SEED.read_bytes())])
    stored = settings.uploads / "seed.txt"
    (record,) = assistant.articles()
    assert assistant.remove(record.id).source == str(stored)
    assert not stored.exists() and assistant.info().chunks == 0 and assistant.articles() == []


def test_an_upload_while_another_writer_holds_the_lock_touches_nothing(tmp_path: Path, hashing):
    from assistant.errors import IndexBusyError
    from assistant.indexing.locking import write_lock

    settings = Settings(index_dir=tmp_path / "index")
    assistant = Assistant(settings, embeddings=hashing)
    assistant.add_uploads([_file(tmp_path, "seed.txt", SEED.read_bytes())])
    indexed = settings.uploads / "seed.txt"
    before = (indexed.read_bytes(), [(r.id, r.version) for r in assistant.articles()], assistant.info().chunks)
    newer = _file(tmp_path, "seed.txt", SEED.read_bytes() + "\nUne phrase de plus.\n".encode())
    with write_lock(settings), pytest.raises(IndexBusyError, match="is being written by"):
        assistant.add_uploads([newer])
    assert (indexed.read_bytes(), [(r.id, r.version) for r in assistant.articles()], assistant.info().chunks) == before
    assert sorted(p.name for p in settings.uploads.iterdir()) == ["seed.txt"], "a file was left behind"


def test_an_upload_the_index_refuses_leaves_the_folder_as_it_was(tmp_path: Path, hashing, monkeypatch):
    settings = Settings(index_dir=tmp_path / "index")
    assistant = Assistant(settings, embeddings=hashing)
    assistant.add_uploads([_file(tmp_path, "seed.txt", SEED.read_bytes())])
    original = (settings.uploads / "seed.txt").read_bytes()

    def fail(*args, **kwargs):
        raise RuntimeError("embedding server gone")

    monkeypatch.setattr(hashing, "embed_documents", fail)
    newer = _file(tmp_path, "seed.txt", SEED.read_bytes() + "\nUne phrase de plus.\n".encode())
    brand_new = _file(tmp_path, "other.txt", SEED.read_bytes() + "\nEncore une autre.\n".encode())
    with pytest.raises(RuntimeError):
        assistant.add_uploads([newer, brand_new])
    assert (settings.uploads / "seed.txt").read_bytes() == original
    assert sorted(p.name for p in settings.uploads.iterdir()) == ["seed.txt"]


def test_a_duplicate_upload_is_reported_and_not_kept(tmp_path: Path, hashing, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative index folder, as the web app is usually started with
    settings = Settings(index_dir=Path("index"))
    assistant = Assistant(settings, embeddings=hashing)
    assistant.add_uploads([_file(tmp_path, "seed.txt", SEED.read_bytes())])
    report = assistant.add_uploads([_file(tmp_path, "copy.txt", SEED.read_bytes())])
    assert [s.reason.split(" ")[0] for s in report.skipped] == ["same"]
    assert sorted(p.name for p in settings.uploads.iterdir()) == ["seed.txt"]
