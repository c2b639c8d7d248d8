"""Local sources: files, folders, globs and JSONL, streamed; bad specs and lines become rejects."""

from __future__ import annotations

import json
from pathlib import Path

from tasks.records import RawDocument, Reject
from tasks.sources.local import discover, parse_jsonl_line


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_sources_local_walks_folders_and_skips_other_files(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", "A")
    _write(tmp_path / "sub" / "b.html", "<p>B</p>")
    _write(tmp_path / "sub" / "c.htm", "<p>C</p>")
    _write(tmp_path / "notes.md", "ignored")
    _write(tmp_path / "a.expected.json", "{}")
    items = list(discover([tmp_path]))
    assert [Path(i.input_ref).name for i in items] == ["a.txt", "b.html", "c.htm"]
    assert [i.kind for i in items if isinstance(i, RawDocument)] == ["text", "html", "html"]


def test_sources_local_globs_and_dedups_paths(tmp_path: Path) -> None:
    f = _write(tmp_path / "x.txt", "X")
    items = list(discover([str(tmp_path / "*.txt"), f, tmp_path]))
    assert len(items) == 1


def test_sources_local_rejects_missing_unsupported_and_unreadable(tmp_path: Path) -> None:
    odd = _write(tmp_path / "data.csv", "a,b")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items = list(discover([tmp_path / "missing.txt", odd, str(tmp_path / "*.nomatch"), tmp_path / "dir"]))
    reasons = [(Path(i.input_ref).name, i.reason) for i in items if isinstance(i, Reject)]
    assert ("missing.txt", "not_found") in reasons
    assert ("data.csv", "unsupported_type") in reasons
    assert ("*.nomatch", "no_match") in reasons
    assert ("gone.txt", "unreadable") in reasons


def test_sources_local_too_large_file(tmp_path: Path) -> None:
    f = _write(tmp_path / "big.txt", "x" * 2000)
    (item,) = list(discover([f], max_bytes=1000))
    assert isinstance(item, Reject) and item.reason == "too_large"


def test_sources_local_jsonl_lines_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"text": "Body one.", "title": "T1", "url": "https://x.test/1", "published_at": "2024-01-02"}
        ),
        "{not json",
        json.dumps({"html": "<p>Body two</p>", "id": "abc"}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        "",
    ]
    f = _write(tmp_path / "in.jsonl", "\n".join(lines) + "\n")
    items = list(discover([f]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Reject", "RawDocument", "Reject", "Reject"]
    first, bad, second, not_obj, no_body = items
    assert isinstance(first, RawDocument) and first.input_ref.endswith("in.jsonl:1")
    assert first.hints.title == "T1" and first.hints.published_at == "2024-01-02"
    assert first.input_key == "https://x.test/1"
    assert isinstance(bad, Reject) and bad.reason == "malformed_jsonl" and bad.input_ref.endswith(":2")
    assert isinstance(second, RawDocument) and second.kind == "html" and second.input_key == "jsonl-id:abc"
    assert isinstance(not_obj, Reject) and not_obj.reason == "malformed_jsonl"
    assert isinstance(no_body, Reject) and no_body.reason == "missing_field"


def test_sources_local_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    f = _write(tmp_path / "bad.jsonl", b'{"text": "ok line here"}\n{"text": "caf\xe9"}\n')
    items = list(discover([f]))
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], Reject) and items[1].reason == "invalid_utf8"


def test_sources_local_parse_jsonl_line_identity_prefers_id_then_url() -> None:
    doc = parse_jsonl_line(json.dumps({"text": "t", "url": "https://x.test/a"}), "f:1")
    assert isinstance(doc, RawDocument) and doc.input_key == "https://x.test/a"
    doc2 = parse_jsonl_line(json.dumps({"text": "t"}), "f:7")
    assert isinstance(doc2, RawDocument) and doc2.input_key == "f:7"
