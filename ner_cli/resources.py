"""Where the data files shipped with ner-cli live."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_file"]


def data_file(name: str) -> Path:
    """Return the path of a shipped data file (``gazetteer.csv``, word lists …).

    Installed wheels carry the files inside the package (``ner_cli/data``); a source
    checkout keeps them in the repository's ``data/`` folder.
    """
    packaged = resources.files("ner_cli").joinpath("data", name)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data" / name
