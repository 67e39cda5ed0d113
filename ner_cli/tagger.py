"""Text in, mentions out: the whole tagging step as one pure, reusable object."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from operator import itemgetter
from pathlib import Path

from .context import TokenContext, TokenSheet
from .gazetteer import GazetteerIndex, default_gazetteer_path
from .lexicon import Lexicon
from .matcher import Mention, filter_spans, find_matches
from .people import repeat_names
from .places import outside_events
from .rules import apply_rules
from .tokenize import tokenize
from .variants import VariantIndex

__all__ = ["Tagger"]

_TEXT, _KEY = itemgetter(0), itemgetter(0)  # Token.text, Word.key


class Tagger:
    """Find and link the entities a text names.

    >>> tagger = Tagger()                          # the gazetteer shipped with ner-cli
    >>> [(m.text, m.id) for m in tagger("زار الوفد طشقند وموسكو")]  # doctest: +SKIP
    [('طشقند', 'tashkent'), ('موسكو', 'moscow')]

    ``extra_gazetteers`` are layered on top of the default one (or of
    ``gazetteers``, when given). ``rules`` adds the context rules, ``model`` the
    learned tagger (:mod:`ner_cli.model`) for names the gazetteer lacks. The tagger
    pickles as its settings and rebuilds its index where it is unpickled, so it can be
    sent to worker processes.
    """

    def __init__(
        self,
        extra_gazetteers: Sequence[str | Path] = (),
        *,
        gazetteers: Sequence[str | Path] | None = None,
        rules: bool = True,
        model: bool = True,
    ):
        base = list(gazetteers) if gazetteers is not None else [default_gazetteer_path()]
        self._build([Path(p) for p in (*base, *extra_gazetteers)], rules, model)

    def _build(self, gazetteer_paths: list[Path], rules: bool, model: bool) -> None:
        """Load the gazetteers and build what matching, the rules and the model use."""
        self.gazetteer_paths = gazetteer_paths
        self.rules = rules
        with collector_paused(freeze=True):
            self.index = GazetteerIndex.from_paths(gazetteer_paths)
            self.lexicon = Lexicon.for_entries(self.index.entries)
            self.variants = VariantIndex(self.index.forms())
            self.model = None
            if model:
                from .model import load_model
                from .model.combine import Combination

                self.model = load_model(self.index, self.lexicon)
                self.combination = Combination()

    def __call__(self, text: str) -> list[Mention]:
        """Return the mentions of ``text`` in text order, no two overlapping."""
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """The mentions of each text, as ``tagger(text)`` gives them; the model reads
        the texts together, which is faster than one by one."""
        steps = []
        for text in texts:
            tokens = tokenize(text)
            words = self.lexicon.words(list(map(_TEXT, tokens)))
            keys = list(map(_KEY, words))
            every_match = find_matches(tokens, self.index, text, keys)
            matches = filter_spans(every_match)
            decided = matches
            sheet = TokenSheet(text, tokens, self.lexicon, words, keys) if self.rules else None
            if self.rules:
                decided = apply_rules(
                    text, tokens, matches, self.lexicon, self.variants, words, sheet
                )
            steps.append((text, tokens, words, keys, sheet, every_match, matches, decided))
        if self.model is None:
            return [step[-1] for step in steps]
        from .model.combine import combine, repeat_found

        readings = self.model.read_many(
            [(text, tokens, matches) for text, tokens, _, _, _, _, matches, _ in steps]
        )
        found = []
        for (text, tokens, words, keys, sheet, every_match, _, decided), reading in zip(
            steps, readings, strict=True
        ):
            combined = combine(
                tokens,
                every_match,
                decided,
                reading,
                self.combination,
                self.model.is_everyday,
                self.model.is_given_name,
            )
            if self.combination.repeat:
                repeats = repeat_found(text, tokens, combined, keys)
                combined = filter_spans([*combined, *repeats])
            places = [m for m in every_match if m.type in ("LOC", "COUNTRY")]
            combined = outside_events(tokens, keys, combined, places)  # the model's too
            people = [m for m in combined if m.type == "PERSON" and m.source == "model"]
            if people:
                sheet = sheet or TokenSheet(text, tokens, self.lexicon, words)
                ctx = TokenContext(sheet, combined)
                combined = filter_spans([*combined, *repeat_names(ctx, people)])
            found.append(combined)
        return found

    def __getstate__(self) -> dict:
        return {
            "gazetteer_paths": self.gazetteer_paths,
            "rules": self.rules,
            "model": self.model is not None,
        }

    def __setstate__(self, state: dict) -> None:
        self._build(state["gazetteer_paths"], state["rules"], state.get("model", False))


@contextlib.contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many small objects in no cycle are
    made, then let it run again; with ``freeze``, leave what exists out of its later
    passes (``gc.freeze``). Building the tables (hundreds of thousands of entries, keys
    and sets that live as long as the tagger: about half the build time with 100,000
    extra gazetteer entries) and tagging a batch (tokens, mentions and records until
    they are written: about a seventh of the time) gain from it; reference counting
    still frees them as usual. Nothing changes where the collector is off already."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()
