"""The learned part of the tagger: a CRF over tokens, and how it joins the gazetteer
and the rules.

The data path: corpus readers (:mod:`.corpora`, training only) → features per word
(:mod:`.features`) → the CRF (:mod:`.crf`) → proclitics off the spans
(:mod:`.proclitics`) → combination with gazetteer and rules (:mod:`.combine`).
"""

from __future__ import annotations

from pathlib import Path

from ..gazetteer import GazetteerIndex
from ..lexicon import Lexicon
from .crf import (
    SequenceModel,
    cluster_table,
    default_model_path,
    name_lexicon,
    reaches,
    trigger_classes,
)
from .features import FeatureMaker, gazetteer_words

__all__ = ["SequenceModel", "default_model_path", "load_model"]


def load_model(index: GazetteerIndex, lexicon: Lexicon, path: Path | None = None) -> SequenceModel:
    """The shipped model (or the one at ``path``), with features over this gazetteer."""
    path = path or default_model_path()
    words = gazetteer_words((key, entry.type) for key, entry in index.phrases())
    features = FeatureMaker(
        lexicon,
        words,
        name_lexicon(path),
        cluster_table(path),
        trigger_classes(path),
        reaches(path),
    )
    return SequenceModel(features, path)
