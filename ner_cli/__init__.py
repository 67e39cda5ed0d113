"""ner-cli: find and link the entities named in Arabic news articles.

The library is usable without the command line::

    from ner_cli import Tagger
    tagger = Tagger()
    for mention in tagger(text):
        print(mention.start, mention.end, mention.text, mention.type, mention.id)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Mention", "Tagger", "__version__"]

if TYPE_CHECKING:
    from .matcher import Mention
    from .tagger import Tagger

    __version__: str


def __getattr__(name: str):
    """Import what is asked for on first use: ``ner --version`` and ``ner --help`` load
    this package too, and must not pay for the tagger and camel_tools (most of a second)."""
    if name == "Tagger":
        from .tagger import Tagger

        return Tagger
    if name == "Mention":
        from .matcher import Mention

        return Mention
    if name == "__version__":
        global __version__
        __version__ = _installed_version()
        return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ner-cli")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"
