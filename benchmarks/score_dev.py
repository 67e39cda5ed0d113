"""Print the tagger's scores on the development set and the held-out set.

Not a test: the figures move as the method improves, and are reported in issue
notes and the README. The dev set (../shared/dev: real news passages by other
writers, with gold mentions) sits beside the repository; the held-out set
(tests/gold/heldout) ships with it. Each is scored with the gazetteer alone, with
the context rules, and with the rules and the model, as ``ner evaluate`` scores
(ENTITIES.md). A configuration that cannot be built yet (no trained model) is
reported as unavailable and skipped.

Run: uv run python benchmarks/score_dev.py [--errors] [--json FILE] [--configs gazetteer,rules]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from ner_cli import Tagger
from ner_cli.evaluate import Span, doc_key, load_gold, score

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds": (ROOT / "tests" / "gold" / "seeds.jsonl", ROOT / "seeds"),
    "dev": (
        ROOT.parent / "shared" / "dev" / "gold.jsonl",
        ROOT.parent / "shared" / "dev" / "texts",
    ),
    "heldout": (
        ROOT / "tests" / "gold" / "heldout" / "gold.jsonl",
        ROOT / "tests" / "gold" / "heldout" / "texts",
    ),
}
# The tagger configurations the benchmarks compare: option name -> (label, Tagger keywords).
CONFIGS = {
    "gazetteer": ("gazetteer", {"rules": False, "model": False}),
    "rules": ("gazetteer+rules", {"rules": True, "model": False}),
    "model": ("gazetteer+rules+model", {"rules": True, "model": True}),
}
SMOKE_TEXT = "قال الرئيس شوكت ميرضيائيف في طشقند إن منظمة شنغهاي للتعاون ستجتمع."


def make_tagger(rules: bool, model: bool) -> Tagger:
    """A Tagger with these parts, tried once on a short text so that a missing part
    fails here. Where this Tagger has no ``model`` keyword yet, ``model=False`` is
    the default and is left out; ``model=True`` raises."""
    try:
        tagger = Tagger(rules=rules, model=model)
    except TypeError as error:
        if model or "model" not in str(error):
            raise
        tagger = Tagger(rules=rules)
    tagger(SMOKE_TEXT)
    return tagger


def trained_on_dev_split(tagger: Tagger) -> bool:
    """Whether the tagger's model was trained on ANERcorp's dev split (the shipped one
    is, once every choice was made on it: ``scripts/train_tagger.py --hold-dev`` makes
    one that is not). Its figures there would be figures on training data."""
    model = getattr(tagger, "model", None)
    if model is None:
        return False
    from ner_cli.model.crf import VOCABULARY_FILE

    vocabulary = json.loads(model.path.with_name(VOCABULARY_FILE).read_text("utf-8"))
    return bool(vocabulary.get("trained_on_dev_split"))


def use_model_folder(tagger: Tagger, folder: Path) -> None:
    """Tag with the model in ``folder`` (``train_tagger.py --out DIR``) instead of the
    shipped one."""
    from ner_cli.model import load_model

    tagger.model = load_model(tagger.index, tagger.lexicon, folder / "tagger.npz")


def choice_list(choices, what: str):
    """An argparse type: a comma-separated list of names, each one of ``choices``."""

    def parse(value: str) -> list[str]:
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in choices]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown {what}(s) {', '.join(unknown)}; choose from {', '.join(choices)}"
            )
        return names

    return parse


def parse_configs(value: str) -> list[str]:
    """``--configs gazetteer,rules,model`` as a list, checked against CONFIGS."""
    return choice_list(CONFIGS, "config")(value)


def add_configs_option(parser: argparse.ArgumentParser) -> None:
    """``--configs``, as every accuracy benchmark takes it."""
    parser.add_argument(
        "--configs",
        type=parse_configs,
        default=list(CONFIGS),
        help=f"comma-separated, from {','.join(CONFIGS)} (default: all)",
    )


def build_taggers(names: Iterable[str]) -> dict[str, Tagger]:
    """The taggers of these configurations by label; those that cannot be built are
    reported on stderr and left out."""
    taggers = {}
    for name in names:
        label, keywords = CONFIGS[name]
        try:
            taggers[label] = make_tagger(**keywords)
        except Exception as error:  # a model not trained yet, or not loadable
            print(f"{label}: unavailable ({type(error).__name__}: {error})", file=sys.stderr)
    return taggers


def evaluate(tagger: Tagger, gold_path: Path, folder: Path):
    files = sorted(folder.glob("*.txt"))
    predicted, texts = [], {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        texts[path.name] = text
        predicted += [
            Span(doc_key(str(path)), m.start, m.end, m.text, m.type, m.id) for m in tagger(text)
        ]
    gold = [span for span in load_gold(gold_path) if span.doc in texts]
    return score(gold, predicted), texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--errors",
        action="store_true",
        help="list false positives and negatives of the last configuration",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    add_configs_option(parser)
    args = parser.parse_args()
    taggers = build_taggers(args.configs)
    last = list(taggers)[-1] if taggers else None
    figures = {}
    for name, (gold_path, folder) in SETS.items():
        if not gold_path.is_file():
            print(f"{name}: {gold_path} not found, skipped", file=sys.stderr)
            continue
        for label, tagger in taggers.items():
            evaluation, texts = evaluate(tagger, gold_path, folder)
            data = evaluation.as_dict()
            figures[f"{name}/{label}"] = data
            print(f"\n{name} ({label}): lenient P/R/F1 per type, exact F1, linking")
            for kind, row in data["lenient"].items():
                exact = data["exact"][kind]["f1"]
                print(
                    f"  {kind:8} P {row['precision']:.3f}  R {row['recall']:.3f}  "
                    f"F1 {row['f1']:.3f}  exact F1 {exact:.3f}  "
                    f"(tp {row['tp']}, fp {row['fp']}, fn {row['fn']})"
                )
            link = data["linking"]
            print(f"  linking  {link['accuracy']:.3f} ({link['correct']}/{link['total']})")
            if args.errors and label == last:
                for kind, spans in (
                    ("FP", evaluation.false_positives),
                    ("FN", evaluation.false_negatives),
                ):
                    for s in spans:
                        context = " ".join(texts[s.doc][max(0, s.start - 25) : s.end + 25].split())
                        print(f"    {kind} {s.doc} {s.type:7} {s.text}  | {context}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
