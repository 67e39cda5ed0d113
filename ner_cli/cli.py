"""The ``ner`` command: options in, the pipeline's steps wired together, exit code out.

files → text (inputs) → tokens (tokenize) → matches (matcher, via Tagger) →
records (records) → output (writers).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

from . import __version__
from .errors import GazetteerError, InputError, NerError
from .evaluate import Span, doc_key, load_gold, score
from .gazetteer import (
    ENTITY_TYPES,
    check_entries,
    default_gazetteer_path,
    gazetteer_stats,
    load_gazetteer,
    load_gazetteers,
)
from .inputs import collect_sources, read_document
from .records import DEFAULT_CONTEXT_WIDTH, build_records
from .tagger import Tagger
from .writers import (
    FORMATS,
    atomic_output,
    format_for_path,
    make_writer,
    render_counts,
    render_evaluation,
)

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _parse_types(ctx, param, values: tuple[str, ...]) -> frozenset[str] | None:
    """Accept ``--type PERSON,ORG`` and repeated ``--type``, case-insensitively."""
    names = {name.strip().upper() for value in values for name in value.split(",") if name.strip()}
    unknown = sorted(names - set(ENTITY_TYPES))
    if unknown:
        raise click.BadParameter(
            f"unknown type(s) {', '.join(unknown)}; choose from {', '.join(ENTITY_TYPES)}"
        )
    return frozenset(names) or None


def _error(message: str) -> None:
    click.secho(f"ner: {message}", err=True, fg="red")


class DocumentReader:
    """The documents of the command-line paths, each problem reported once and counted."""

    def __init__(self, paths, pattern: str, encoding: str | None):
        self.sources, problems = collect_sources(paths, pattern)
        self.encoding = encoding
        self.skipped = len(problems)
        for problem in problems:
            _error(str(problem))

    def __iter__(self):
        for source in self.sources:
            try:
                yield read_document(source, self.encoding)
            except InputError as error:
                _error(str(error))
                self.skipped += 1


def _load_tagger(gazetteers) -> Tagger:
    try:
        return Tagger(extra_gazetteers=gazetteers)
    except GazetteerError as error:
        _error(str(error))
        sys.exit(EXIT_USAGE)


def _resolve_format(fmt: str | None, output: Path | None) -> str:
    if fmt:
        return fmt
    if output is not None:
        implied = format_for_path(output)
        if implied is None:
            raise click.UsageError(
                f"cannot tell the format of {output} from its extension; pass --format"
            )
        return implied
    return "table" if sys.stdout.isatty() else "json"


def input_options(command):
    """The options every command that reads articles shares."""
    options = [
        click.option(
            "--glob",
            "pattern",
            default="*.txt",
            show_default=True,
            help="Which files to read inside directories (searched recursively).",
        ),
        click.option(
            "-g",
            "--gazetteer",
            "gazetteers",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="An extra gazetteer CSV (id,type,name_ar,name_en,aliases) layered on top "
            "of the default one; its entries replace default entries with the same id. "
            "Repeatable.",
        ),
        click.option(
            "--encoding",
            default=None,
            help="Decode inputs with this encoding (e.g. cp1256). "
            "Default: UTF-8, or what a byte-order mark says.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="ner")
def cli() -> None:
    """Find the people, organisations, countries and places named in Arabic news,
    and link each mention to a gazetteer entry.

    \b
    Examples:
      ner extract seeds/                      a table of every mention
      ner extract seeds/ | jq length          JSON when piped
      ner extract seeds/ -o entities.csv      CSV for a spreadsheet
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: table on a terminal, json when piped, "
    "or what the -o file's extension says (.json .jsonl .ndjson .csv .txt).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file (atomically: whole or not at all) instead of stdout.",
)
@click.option(
    "-t",
    "--type",
    "types",
    multiple=True,
    callback=_parse_types,
    metavar="TYPES",
    help="Keep only these entity types, comma-separated: PERSON,ORG,COUNTRY,LOC.",
)
@input_options
@click.option(
    "--context",
    "context_width",
    default=DEFAULT_CONTEXT_WIDTH,
    show_default=True,
    type=click.IntRange(0),
    help="Characters of context either side of each mention.",
)
def extract(paths, fmt, output, types, pattern, gazetteers, encoding, context_width):
    """Tag the Arabic articles in PATHS and write one record per mention.

    PATHS are files, directories (searched recursively for --glob files) or - for
    standard input. Each record holds: doc, start, end (character offsets into the
    document, so text[start:end] is the mention), text, type, id, name_ar, name_en,
    line, context, source, score.

    \b
    Examples:
      ner extract seeds/
      ner extract seeds/ --type PERSON,ORG -f jsonl | jq -r .name_en
      ner extract seeds/ -o entities.csv
      cat article.txt | ner extract - -f json

    \b
    Exit status: 0 every input was processed, 1 some inputs were skipped
    (each is named on stderr), 2 usage error.
    """
    fmt = _resolve_format(fmt, output)
    tagger = _load_tagger(gazetteers)
    reader = DocumentReader(paths, pattern, encoding)
    target = atomic_output(output) if output else contextlib.nullcontext(sys.stdout)
    with target as stream:
        color = False if output or os.environ.get("NO_COLOR") else None
        writer = make_writer(fmt, stream, color=color, bom=output is not None)
        for document in reader:
            records = build_records(
                document.name, document.text, tagger(document.text), context_width
            )
            if types:
                records = [record for record in records if record["type"] in types]
            writer.write(records)
        writer.close()
    sys.exit(EXIT_SKIPPED if reader.skipped else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--gold",
    "gold_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Gold mentions: JSON lines with doc, start, end, text, type, id.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    help="Default: table on a terminal, json when piped.",
)
@click.option("--errors", is_flag=True, help="List every false positive and false negative.")
@input_options
def evaluate(paths, gold_path, fmt, errors, pattern, gazetteers, encoding):
    """Tag PATHS and score the result against gold mentions, as ENTITIES.md defines.

    Prints precision, recall and F1 per type and micro-averaged, with lenient
    (overlap) and exact boundaries, and linking accuracy. Gold documents are
    matched to inputs by file name.

    \b
    Examples:
      ner evaluate --gold tests/gold/seeds.jsonl seeds/
      ner evaluate --gold dev/gold.jsonl dev/texts/ --errors
      ner evaluate --gold dev/gold.jsonl dev/texts/ -f json | jq .lenient.micro
    """
    try:
        gold = load_gold(gold_path)
    except NerError as error:
        _error(str(error))
        sys.exit(EXIT_USAGE)
    tagger = _load_tagger(gazetteers)
    reader = DocumentReader(paths, pattern, encoding)
    predicted, texts = [], {}
    for document in reader:
        key = doc_key(document.name)
        texts[key] = document.text
        predicted.extend(
            Span(key, m.start, m.end, m.text, m.type, m.id) for m in tagger(document.text)
        )
    gold = [span for span in gold if span.doc in texts]
    evaluation = score(gold, predicted)
    fmt = fmt or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        data = evaluation.as_dict()
        if errors:
            data["errors"] = [
                {"kind": kind, **asdict(span), "context": _context(texts[span.doc], span)}
                for kind, span in _errors(evaluation)
            ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render_evaluation(evaluation, sys.stdout)
        if errors:
            for kind, span in _errors(evaluation):
                click.echo(
                    f"{kind}\t{span.doc}:{span.start}-{span.end}\t{span.type}\t"
                    f"{span.id or '-'}\t{span.text}\t{_context(texts[span.doc], span)}"
                )
    sys.exit(EXIT_SKIPPED if reader.skipped else EXIT_OK)


def _errors(evaluation):
    yield from (("FP", span) for span in evaluation.false_positives)
    yield from (("FN", span) for span in evaluation.false_negatives)
    yield from (("LINK", predicted) for predicted, _ in evaluation.wrong_links)


def _context(text: str, span, width: int = 30) -> str:
    return " ".join(text[max(0, span.start - width) : span.end + width].split())


@cli.group()
def gazetteer() -> None:
    """Inspect and validate gazetteer files."""


def _gazetteer_paths(paths) -> list[Path]:
    return [Path(p) for p in paths] or [default_gazetteer_path()]


@gazetteer.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def check(paths):
    """Validate gazetteers (default: the shipped one), listing every problem.

    Checks the schema, ids and types, and reports surface forms that normalise to
    the same key twice in one entry or for two different ids.

    \b
    Examples:
      ner gazetteer check
      ner gazetteer check my_entities.csv
    """
    failed = False
    for path in _gazetteer_paths(paths):
        try:
            entries = load_gazetteer(path)
            problems = check_entries(entries)
        except GazetteerError as error:
            entries, problems = [], [str(error)]
        for problem in problems:
            _error(problem)
        if problems:
            failed = True
        else:
            click.echo(f"{path}: {len(entries)} entries, no problems")
    sys.exit(EXIT_SKIPPED if failed else EXIT_OK)


@gazetteer.command()
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    help="Default: table on a terminal, json when piped.",
)
def stats(paths, fmt):
    """Count the entries and surface forms per type (default: the shipped gazetteer).

    \b
    Example:
      ner gazetteer stats
    """
    try:
        entries = load_gazetteers(_gazetteer_paths(paths))
    except GazetteerError as error:
        _error(str(error))
        sys.exit(EXIT_USAGE)
    counts = gazetteer_stats(entries)
    if (fmt or ("table" if sys.stdout.isatty() else "json")) == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    render_counts(counts, sys.stdout)


def main() -> None:
    """Entry point: ``cli`` with quiet endings for closed pipes and Ctrl-C."""
    try:
        cli(standalone_mode=True)
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, and keep Python from
        # complaining again while flushing stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_SKIPPED)
    except KeyboardInterrupt:
        sys.exit(130)
