"""The quality bar: the shared scorer on the shared corpus and on this project's own conclusions."""

from __future__ import annotations

import json

import pytest

from conclusions.parsing import parse_document

from .corpus import own_fixtures, scorer, shared_dir

BAR = {
    "task_f1": 0.95,
    "deadline_acc": 0.95,
    "responsible_acc": 0.90,
    "metadata_acc": 0.90,
    "references_f1": 0.95,
}


def _score(tmp_path, pairs):  # type: ignore[no-untyped-def]
    module = scorer()
    if module is None:
        pytest.skip("../shared (score_extraction.py) is not available")
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    for name, source, gold in pairs:
        (gold_dir / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        parsed = parse_document(source.read_bytes(), source.name).to_schema()
        (pred_dir / f"{name}.json").write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
    return module.main(["score", str(gold_dir), str(pred_dir)])


def _assert_bar(summary: dict) -> None:
    for key, minimum in BAR.items():
        assert summary[key] >= minimum, (key, summary)
    assert summary["false_explicit_deadline"] <= 0.05, summary


def test_it_meets_the_quality_bar_on_the_shared_corpus(tmp_path) -> None:  # type: ignore[no-untyped-def]
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared is not available")
    pairs = [
        (gold.stem, shared / "corpus" / "seeds" / f"{gold.stem}.txt", json.loads(gold.read_text(encoding="utf-8")))
        for gold in sorted((shared / "corpus" / "gold").glob("*.json"))
    ]
    _assert_bar(_score(tmp_path, pairs))


def test_it_meets_the_quality_bar_on_own_conclusions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pairs = [(source.stem, source, expected) for source, expected in own_fixtures()]
    summary = _score(tmp_path, pairs)
    _assert_bar(summary)
    assert summary["task_f1"] == 1.0


def test_it_meets_own_expected_tasks_field_by_field() -> None:
    for source, expected in own_fixtures():
        tasks = parse_document(source.read_bytes(), source.name).tasks
        assert len(tasks) == len(expected["tasks"]), source.name
        for task, want in zip(tasks, expected["tasks"], strict=True):
            assert task.first_words == want["first_words"]
            assert (task.section, task.heading) == (want["section"], want["heading"])
            explicit = task.deadline if task.deadline_source == "explicit" else None
            assert (explicit.isoformat() if explicit else None) == want["deadline"], task.text
            assert task.recurring == want["recurring"], task.text
            if want["responsible"]:
                # As the shared scorer does: a body matches when one name contains the other.
                assert len(task.responsible) == len(want["responsible"]), task.text
                for got, name in zip(task.responsible, want["responsible"], strict=True):
                    assert got in name or name in got, task.text
            assert task.coordinating == want["coordinating"], task.text
