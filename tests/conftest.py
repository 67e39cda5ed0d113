from pathlib import Path

import pytest

from ner_cli.gazetteer import GazetteerIndex
from ner_cli.tagger import Tagger

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_GAZETTEER = FIXTURES / "mini_gazetteer.csv"
SEEDS = ROOT / "seeds"
SEED_GOLD = Path(__file__).resolve().parent / "gold" / "seeds.jsonl"


@pytest.fixture(scope="session")
def mini_tagger() -> Tagger:
    """A tagger over a small, fixed gazetteer, so unit tests do not move with the data."""
    return Tagger(gazetteers=[MINI_GAZETTEER])


@pytest.fixture(scope="session")
def mini_index() -> GazetteerIndex:
    return GazetteerIndex.from_paths([MINI_GAZETTEER])


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    """The tagger as users get it: the shipped gazetteer."""
    return Tagger()
