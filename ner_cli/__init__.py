"""ner-cli: find and link the entities named in Arabic news articles.

The library is usable without the command line::

    from ner_cli import Tagger
    tagger = Tagger()
    for mention in tagger(text):
        print(mention.start, mention.end, mention.text, mention.type, mention.id)
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ner-cli")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .matcher import Mention  # noqa: E402
from .tagger import Tagger  # noqa: E402

__all__ = ["Mention", "Tagger", "__version__"]
