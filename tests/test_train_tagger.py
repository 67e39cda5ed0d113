"""The training script's splits: what the model learns from and what it is scored on.

A synthetic ANERcorp train file of numbered sentences stands in for the corpus, so
that these run on a clone without ../shared.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "train_tagger.py"


@pytest.fixture
def train_tagger(tmp_path, monkeypatch):
    """The script as a module, reading a corpus folder of 1,000 one-word sentences."""
    spec = importlib.util.spec_from_file_location("train_tagger", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path / "anercorp"
    folder.mkdir()
    lines = "".join(f"w{i} O\n\n" for i in range(1000))
    (folder / "ANERCorp_CamelLab_train.txt").write_text(lines, encoding="utf-8")
    monkeypatch.setattr(module, "CORPORA", tmp_path)
    return module


def numbers(documents) -> list[int]:
    return [int(s[0][0][1:]) for d in documents for s in d]


def test_hold_dev_trains_on_the_first_90_percent_and_scores_the_last_10(train_tagger):
    documents, scored = train_tagger.load_training(False, False, hold_dev=True)
    assert numbers(documents["anercorp-train"]) == list(range(900))
    assert numbers(scored) == list(range(900, 1000))


def test_the_shipped_model_trains_on_all_of_train_and_scores_nothing(train_tagger):
    documents, scored = train_tagger.load_training(False, False, hold_dev=False)
    assert numbers(documents["anercorp-train"]) == list(range(1000))
    assert scored == []
    # Documents keep to one side of the dev split's start, as the benchmark cuts it.
    assert all(len(d) == 50 for d in documents["anercorp-train"])


@pytest.mark.parametrize("hold_dev", [True, False])
def test_the_second_fold_is_never_trained_on(train_tagger, hold_dev):
    documents, scored = train_tagger.load_training(False, False, fold2=True, hold_dev=hold_dev)
    trained = numbers(documents["anercorp-train"])
    assert numbers(scored) == list(range(800, 900))
    assert set(trained).isdisjoint(range(800, 900))
    assert trained == (list(range(800)) if hold_dev else [*range(800), *range(900, 1000)])
