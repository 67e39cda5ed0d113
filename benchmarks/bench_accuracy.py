"""Score each tagger configuration on ANERcorp and on the project's own gold sets.

Not a test: the figures move as the method improves. Configurations: the gazetteer
alone, + the context rules, + the model (see score_dev.CONFIGS); one that cannot be
built yet is reported as unavailable and skipped.

ANERcorp (CAMeL Lab split, read from ../shared/corpora, never copied here) is scored
two ways, each on the test file and on the dev split (the last 10% of the train
sentences, contiguous):

- **as released**, the convention of the published scores (conlleval / seqeval): each
  predicted mention marks the corpus tokens it overlaps (B on the first, I on the
  rest; a token two mentions touch goes to the earlier), COUNTRY counts as LOC, and
  an entity is right only with the same type and the same first and last token.
  Precision, recall and F1 per type and micro over PERSON, ORG and LOC. The test
  file is used exactly as released, with its known defect (anercorp/README.md), the
  convention of the published scores; ``anercorp-test-repaired`` is the same file with
  the defect mended from the original corpus (ner_cli.model.corpora
  .repaired_anercorp_test: at 956 sentence starts the released file holds some other
  ANERcorp word with that word's tag), the figure for the tool on the real text.
- **converted to ENTITIES.md spans**: the gold entities' character spans with the
  first token's proclitic left out (ner_cli.model.corpora.entity_spans). Whether a
  token such as وليد or وإسرائيل starts with a proclitic is decided by the
  gazetteer's first words and the given names, then by word counts over the train
  and test tokens together (ner_cli.model.proclitics, without the model's own
  vocabulary); this only moves where a gold name starts, never whether or what it
  is. Predictions are the tagger's own spans (COUNTRY as LOC), scored by
  ner_cli.evaluate (lenient and exact).

The text given to the tagger is ``--chunk`` consecutive sentences (default 50, about
an article's worth, since the rules use what the rest of a text says: a surname seen
in full earlier), tokens joined by spaces, one sentence a line; a sentence is never
split. ``--chunk 1`` tags each sentence alone, as sentence-level taggers are scored.

The project's sets (seeds, ../shared/dev, tests/gold/heldout) are scored as
benchmarks/score_dev.py scores them: lenient and exact per type, micro, linking.

Run: uv run python benchmarks/bench_accuracy.py [--json FILE] [--chunk N]
     [--sets anercorp-test,anercorp-test-repaired,anercorp-dev,dev,seeds,heldout]
     [--configs gazetteer,rules,model]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from score_dev import (
    CONFIGS,
    SETS,
    add_configs_option,
    build_taggers,
    choice_list,
    evaluate,
    trained_on_dev_split,
    use_model_folder,
)

from ner_cli import Tagger
from ner_cli.evaluate import Counts, Span, score
from ner_cli.gazetteer import GazetteerIndex, default_gazetteer_path
from ner_cli.lexicon import Lexicon
from ner_cli.model.corpora import (
    Sentence,
    document_of,
    entities_of,
    entity_spans,
    read_anercorp,
    repaired_anercorp_test,
    word_counts,
)

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
ANERCORP = CORPORA / "anercorp"
TRAIN = ANERCORP / "ANERCorp_CamelLab_train.txt"
TEST = ANERCORP / "ANERCorp_CamelLab_test.txt"
ORIGINAL = ANERCORP / "ANERCorp_Benajiba.txt"
ANERCORP_SETS = ("anercorp-test", "anercorp-test-repaired", "anercorp-dev")
ALL_SETS = (*ANERCORP_SETS, "dev", "seeds", "heldout")
CORPUS_TYPES = ("PERSON", "ORG", "LOC")
ANCHOR = (
    "CAMeLBERT-MSA (fine-tuned BERT) reports 82.4 micro-F1 on ANERcorp test as released; "
    "AraBERTv02 81.3 (their micro also counts MISC, which ner-cli does not tag)"
)


@dataclass
class Chunk:
    """Some consecutive corpus sentences as one text, and where each token is in it."""

    doc: str
    sentences: list[Sentence]
    text: str
    offsets: list[list[tuple[int, int]]]


def chunks_of(name: str, sentences: list[Sentence], size: int) -> list[Chunk]:
    chunks = []
    for number, first in enumerate(range(0, len(sentences), size)):
        group = sentences[first : first + size]
        text, offsets = document_of(group)
        chunks.append(Chunk(f"{name}-{number:05d}", group, text, offsets))
    return chunks


def corpus_type(kind: str) -> str:
    """ANERcorp has one LOC for countries and places."""
    return "LOC" if kind == "COUNTRY" else kind


# --- as released: whole tokens, conlleval -----------------------------------------------


def predicted_tags(chunk: Chunk, mentions) -> list[list[str]]:
    """IOB2 tags of the chunk's tokens from character mentions: a token belongs to a
    mention it overlaps; B on the mention's first free token, I on the rest; a token
    two mentions touch keeps the earlier one."""
    tags = [["O"] * len(sentence) for sentence in chunk.sentences]
    tokens = [
        (start, end, i, j)
        for i, places in enumerate(chunk.offsets)
        for j, (start, end) in enumerate(places)
    ]
    starts = [token[0] for token in tokens]
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        kind, first = corpus_type(mention.type), True
        k = max(0, bisect_right(starts, mention.start) - 1)
        while k < len(tokens) and tokens[k][0] < mention.end:
            start, end, i, j = tokens[k]
            if end > mention.start and tags[i][j] == "O":
                tags[i][j] = ("B-" if first else "I-") + kind
                first = False
            k += 1
    return tags


def conll_table(chunks: list[Chunk], mentions_of: list[list]) -> dict[str, dict]:
    """Entity-level counts the conlleval way, per type and micro."""
    counts = {kind: Counts() for kind in CORPUS_TYPES}
    for chunk, mentions in zip(chunks, mentions_of, strict=True):
        for sentence, tags in zip(chunk.sentences, predicted_tags(chunk, mentions), strict=True):
            gold = set(entities_of(sentence))
            tagged = [(token, tag) for (token, _), tag in zip(sentence, tags, strict=True)]
            guessed = set(entities_of(tagged))
            for kind in CORPUS_TYPES:
                g = {e for e in gold if e[2] == kind}
                p = {e for e in guessed if e[2] == kind}
                counts[kind].add(Counts(tp=len(g & p), fp=len(p - g), fn=len(g - p)))
    micro = Counts()
    for value in counts.values():
        micro.add(value)
    return {**{kind: c.as_dict() for kind, c in counts.items()}, "micro": micro.as_dict()}


# --- converted: ENTITIES.md spans, ner_cli.evaluate -------------------------------------


def name_openings() -> dict[str, int]:
    """Words known to open a name, independent of the model: the first words of the
    gazetteer's names and the given names (ner_cli.model.proclitics, step 1)."""
    index = GazetteerIndex.from_paths([default_gazetteer_path()])
    openings = dict.fromkeys(Lexicon.default().given, 1)
    openings.update((phrase[0], 1) for phrase, _ in index.phrases())
    return openings


def converted_gold(chunks: list[Chunk], counts) -> list[Span]:
    gold = []
    openings = name_openings()
    for chunk in chunks:
        spans = entity_spans(chunk.sentences, chunk.offsets, chunk.text, counts, openings)
        for start, end, kind in spans:
            gold.append(Span(chunk.doc, start, end, chunk.text[start:end], kind))
    return gold


def converted_scores(chunks: list[Chunk], mentions_of: list[list], gold: list[Span]) -> dict:
    predicted = [
        Span(chunk.doc, m.start, m.end, m.text, corpus_type(m.type), m.id)
        for chunk, mentions in zip(chunks, mentions_of, strict=True)
        for m in mentions
    ]
    data = score(gold, predicted).as_dict()
    return {"lenient": data["lenient"], "exact": data["exact"]}


# --- running ----------------------------------------------------------------------------


def tag_all(tagger: Tagger, chunks: list[Chunk]) -> tuple[list[list], float]:
    start = time.perf_counter()
    mentions = [tagger(chunk.text) for chunk in chunks]
    return mentions, time.perf_counter() - start


def load_anercorp(names: list[str], size: int) -> dict[str, tuple[list[Chunk], list[Span]]]:
    """The ANERcorp sets asked for, as chunks and converted gold spans."""
    if not (TRAIN.is_file() and TEST.is_file()):
        print(
            f"ANERcorp not found under {ANERCORP} (expected ../shared/corpora beside the "
            f"repository): {', '.join(names)} skipped",
            file=sys.stderr,
        )
        return {}
    train, test = read_anercorp(TRAIN), read_anercorp(TEST)
    splits = {"anercorp-test": test, "anercorp-dev": train[int(len(train) * 0.9) :]}
    if "anercorp-test-repaired" in names:
        if ORIGINAL.is_file():
            splits["anercorp-test-repaired"] = repaired_anercorp_test(TEST, ORIGINAL)
        else:
            print(f"{ORIGINAL} not found: anercorp-test-repaired skipped", file=sys.stderr)
    counts = word_counts(train + test)
    loaded = {}
    for name in names:
        if name in splits:
            chunks = chunks_of(name, splits[name], size)
            loaded[name] = (chunks, converted_gold(chunks, counts))
    return loaded


def run_anercorp(name: str, chunks: list[Chunk], gold: list[Span], taggers: dict) -> tuple:
    """Tag an ANERcorp set with each tagger, print both tables; the figures and times."""
    released, converted, seconds = {}, {}, {}
    for label, tagger in taggers.items():
        mentions, seconds[label] = tag_all(tagger, chunks)
        released[label] = {"exact": conll_table(chunks, mentions)}
        converted[label] = converted_scores(chunks, mentions, gold)
    sentences = sum(len(chunk.sentences) for chunk in chunks)
    per_text = len(chunks[0].sentences) if chunks else 0
    what = {"anercorp-test": "as released", "anercorp-test-repaired": "repaired"}.get(
        name, "as in the corpus"
    )
    print_table(
        f"{name} {what} ({sentences} sentences, {per_text} per text): conlleval, whole "
        "tokens, exact first/last token, COUNTRY as LOC; micro over PERSON/ORG/LOC",
        released,
        seconds,
    )
    micro = ", ".join(
        f"{label} {f(figures['exact']['micro']['f1']).strip()}"
        for label, figures in released.items()
    )
    print(f"  micro-F1 {what}, {name} (PERSON/ORG/LOC): {micro}")
    print_table(
        f"{name}, gold converted to ENTITIES.md spans (proclitic out; COUNTRY as LOC): "
        "ner_cli.evaluate",
        converted,
        seconds,
    )
    recall = ", ".join(
        f"{label} {f(figures['lenient']['PERSON']['recall']).strip()}"
        for label, figures in converted.items()
        if "PERSON" in figures["lenient"]
    )
    print(f"  PERSON lenient recall, {name} converted: {recall}")
    figures = {"as_released": released, "converted": converted}
    return figures, {label: round(value, 3) for label, value in seconds.items()}


def f(value: float) -> str:
    return f"{100 * value:5.1f}"


def print_table(title: str, rows: dict[str, dict], seconds: dict[str, float]) -> None:
    """rows: label -> {"exact": table, "lenient": table or None}; tables per type + micro."""
    print(f"\n{title}")
    print(
        f"  {'config':22} {'type':7}  {'exact P':>7} {'R':>5} {'F1':>5}   "
        f"{'lenient P':>9} {'R':>5} {'F1':>5}   exact tp/fp/fn"
    )
    for label, figures in rows.items():
        exact, lenient = figures["exact"], figures.get("lenient")
        for kind, e in exact.items():
            if lenient and kind in lenient:
                le = lenient[kind]
                lenient_cells = f"{f(le['precision']):>9} {f(le['recall'])} {f(le['f1'])}"
            else:
                lenient_cells = f"{'-':>9} {'-':>5} {'-':>5}"
            print(
                f"  {label:22} {kind:7}  {f(e['precision']):>7} {f(e['recall'])} {f(e['f1'])}   "
                f"{lenient_cells}   {e['tp']}/{e['fp']}/{e['fn']}"
            )
        if "linking" in figures:
            link = figures["linking"]
            print(
                f"  {label:22} {'linking':7}  {f(link['accuracy']):>7}  "
                f"({link['correct']}/{link['total']})"
            )
    print("  tagging time: " + ", ".join(f"{label} {s:.2f} s" for label, s in seconds.items()))


def parse_sets(value: str) -> list[str]:
    return choice_list(ALL_SETS, "set")(value)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--sets",
        type=parse_sets,
        default=list(ALL_SETS),
        help=f"comma-separated, from {','.join(ALL_SETS)} (default: all)",
    )
    add_configs_option(parser)
    parser.add_argument(
        "--chunk",
        type=int,
        default=50,
        help="ANERcorp sentences per text given to the tagger (default 50)",
    )
    parser.add_argument(
        "--model",
        type=Path,
        metavar="DIR",
        help="the model config tags with the model in DIR (scripts/train_tagger.py --out "
        "DIR), not the shipped one: --hold-dev gives one the dev split can score",
    )
    args = parser.parse_args(argv)
    if args.chunk < 1:
        parser.error("--chunk must be at least 1")

    print(ANCHOR)
    taggers = build_taggers(args.configs)
    model_label = CONFIGS["model"][0]
    if args.model is not None and model_label in taggers:
        use_model_folder(taggers[model_label], args.model)
        print(f"model: {args.model}")
    results: dict = {
        "anchor": ANCHOR,
        "chunk_sentences": args.chunk,
        "configs": list(taggers),
        "unavailable": [CONFIGS[n][0] for n in args.configs if CONFIGS[n][0] not in taggers],
        "sets": {},
        "seconds": {},
    }
    unavailable = results["unavailable"]
    missing = f" (unavailable: {', '.join(unavailable)})" if unavailable else ""
    print(f"configs: {', '.join(taggers) or 'none'}{missing}")
    loaded = load_anercorp([s for s in args.sets if s in ANERCORP_SETS], args.chunk)
    for name in args.sets:
        if name in ANERCORP_SETS:
            if name not in loaded:
                continue
            chunks, gold = loaded[name]
            scored = dict(taggers)
            if name == "anercorp-dev" and trained_on_dev_split(taggers.get(model_label)):
                del scored[model_label]
                print(
                    f"\n{name}: {model_label} left out: its model was trained on the dev "
                    "split (score a train_tagger.py --hold-dev model with --model DIR)"
                )
            results["sets"][name], results["seconds"][name] = run_anercorp(
                name, chunks, gold, scored
            )
            continue
        gold_path, folder = SETS[name]
        if not gold_path.is_file():
            print(f"{name}: {gold_path} not found, skipped", file=sys.stderr)
            continue
        rows, seconds = {}, {}
        texts = list(folder.glob("*.txt"))
        for label, tagger in taggers.items():
            start = time.perf_counter()
            evaluation, _ = evaluate(tagger, gold_path, folder)
            seconds[label] = time.perf_counter() - start
            rows[label] = evaluation.as_dict()
        print_table(
            f"{name} ({len(texts)} texts): ENTITIES.md spans, ner_cli.evaluate, as score_dev.py",
            rows,
            seconds,
        )
        results["sets"][name] = rows
        results["seconds"][name] = {k: round(v, 3) for k, v in seconds.items()}
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
