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
    """Gazetteer matching alone over a small, fixed gazetteer: unit tests of matching
    do not move with the data or the context rules."""
    return Tagger(gazetteers=[MINI_GAZETTEER], rules=False, model=False)


@pytest.fixture(scope="session")
def mini_rules_tagger() -> Tagger:
    """Matching and context rules over the small gazetteer."""
    return Tagger(gazetteers=[MINI_GAZETTEER], model=False)


@pytest.fixture(scope="session")
def mini_index() -> GazetteerIndex:
    return GazetteerIndex.from_paths([MINI_GAZETTEER])


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    """The tagger as users get it: the shipped gazetteer."""
    return Tagger()
