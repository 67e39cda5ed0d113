"""The ``ner`` command: options in, the pipeline's steps wired together, exit code out.

files → text (inputs) → tokens, matches, rules (Tagger) → records (pipeline) →
output (writers, summary, report).
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import json
import os
import stat
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

# Only what the options and messages need is imported here: ``ner --version``,
# ``--help`` and ``ner gazetteer stats`` must not pay for the tagger, camel_tools,
# numpy, pandas or rich. Each command imports the steps it runs.
from .decoding import DECODE_ERRORS
from .display import BIDI_MODES, bidi_wanted, escape_controls, visual
from .errors import ArchiveError, GazetteerError, InputError, NerError, printable_name, reason
from .gazetteer import (
    ENTITY_TYPES,
    check_entries,
    default_gazetteer_path,
    gazetteer_stats,
    load_gazetteer,
    load_gazetteers,
)
from .process import ClosedStream, Terminated, ensure_standard_streams, stop_on_signals
from .records import DEFAULT_CONTEXT_WIDTH, one_line
from .summary import SORT_KEYS
from .writers import (
    FORMATS,
    Column,
    atomic_output,
    format_for_path,
    make_rows_writer,
    make_writer,
    render_counts,
    render_evaluation,
)

if TYPE_CHECKING:
    from .tagger import Tagger

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141
# Mentions in a terminal table past which a hint names --summary and -o FILE.
LARGE_TABLE = 2000
SOURCES = ("gazetteer", "rule", "model")


def _split(values: tuple[str, ...]) -> set[str]:
    return {name.strip() for value in values for name in value.split(",") if name.strip()}


def _parse_types(ctx, param, values: tuple[str, ...]) -> frozenset[str] | None:
    """Accept ``--type PERSON,ORG`` and repeated ``--type``, case-insensitively."""
    names = {name.upper() for name in _split(values)}
    unknown = sorted(names - set(ENTITY_TYPES))
    if unknown:
        raise click.BadParameter(
            f"unknown type(s) {', '.join(unknown)}; choose from {', '.join(ENTITY_TYPES)}"
        )
    return frozenset(names) or None


def _parse_ids(ctx, param, values: tuple[str, ...]) -> frozenset[str] | None:
    return frozenset(_split(values)) or None


class Messages:
    """One-line messages on stderr: errors in red where stderr is a terminal; warnings
    unless quiet. Arabic in them is shaped and reordered for a terminal that does not do
    it itself (``bidi``; by default as ``NER_BIDI`` says, for stderr)."""

    def __init__(self, color: bool | None = None, quiet: bool = False, bidi: bool | None = None):
        self.color = color
        self.quiet = quiet
        if bidi is None:
            bidi = bidi_wanted(os.environ.get("NER_BIDI", "auto"), sys.stderr.isatty())
        self.bidi = bidi
        self.live = None  # the console of a progress bar on the screen, while there is one

    def _line(self, message: str) -> str:
        line = f"ner: {escape_controls(message, one_line=True)}"
        return visual(line, base="L") if self.bidi else line

    def _say(self, message: str, colour: str | None) -> None:
        line = self._line(message)
        if self.live is not None:  # above the bar, which is drawn again under it
            self.live.print(line, style=colour if self.color is not False else None,
                            markup=False, emoji=False, highlight=False, soft_wrap=True)  # fmt: skip
        else:
            click.secho(line, err=True, fg=colour, color=self.color)

    def error(self, message: str) -> None:
        self._say(message, "red")

    def warning(self, message: str) -> None:
        if not self.quiet:
            self._say(message, "yellow")

    def note(self, message: str) -> None:
        """What a run did, where stdout carries no output to say it (an archive)."""
        if not self.quiet:
            self._say(message, None)


class DocumentReader:
    """The documents of the command-line paths, each problem reported once and counted."""

    def __init__(
        self,
        paths,
        pattern: str,
        encoding: str | None,
        html: bool,
        messages: Messages,
        errors: str = "strict",
        keep_text: bool = True,
    ):
        from .inputs import collect_sources

        self.sources, problems = collect_sources(paths, pattern)
        self.encoding = encoding
        self.html = html
        self.errors = errors
        self.keep_text = keep_text  # False: streams are tagged as they flow, never held
        self.messages = messages
        self.skipped = len(problems)
        for problem in problems:
            messages.error(str(problem))

    def __len__(self) -> int:
        return len(self.sources)

    def _stream_failed(self, error: InputError) -> None:
        self.messages.error(str(error))
        self.skipped += 1

    def __iter__(self):
        from .inputs import HTML_SUFFIXES, StreamedDocument, is_stream, read_document

        for source in self.sources:
            if not self.html and not source.lower().endswith(HTML_SUFFIXES) and is_stream(source):
                stream = StreamedDocument(source, self.encoding, self.errors, self.keep_text)
                stream.on_error = self._stream_failed
                yield stream
                continue
            try:
                document = read_document(source, self.encoding, self.html, self.errors)
            except InputError as error:
                self.messages.error(str(error))
                self.skipped += 1
                continue
            if document.note:
                self.messages.warning(f"{document.name}: {document.note}")
            if not document.text or document.text.isspace():  # no stripped copy
                self.messages.warning(f"{document.name}: empty, nothing to tag")
            yield document


def _bar_has_the_screen(output, summary: bool, fmt: str, to_terminal: bool) -> bool:
    """Whether a progress bar on stderr can share the terminal with nothing else: output
    goes to a file, or to the screen only at the end (a summary). Not when stdout is a
    pipe, whose far end (``| head``, ``| less``) may be writing to the same screen, nor
    when a table prints its rows as they come."""
    if not sys.stderr.isatty():
        return False
    if output is not None:
        return True
    if to_terminal:
        return summary or fmt == "html"
    try:
        mode = os.fstat(sys.stdout.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return stat.S_ISREG(mode) or stat.S_ISCHR(mode)


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool, messages: Messages | None = None):
    """Yield a function that marks a document done; a transient bar on stderr if enabled.
    ``messages`` said meanwhile go above the bar, so that no line is left with a piece of
    the bar in it."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("tagging", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("tagging", total=total)
        if messages is not None:
            messages.live = bar.console
        try:
            yield lambda: bar.advance(task)
        finally:
            if messages is not None:
                messages.live = None


def _load_tagger(gazetteers, rules: bool, model: bool, messages: Messages) -> Tagger:
    from .tagger import Tagger

    try:
        tagger = Tagger(extra_gazetteers=gazetteers, rules=rules, model=model)
    except (GazetteerError, FileNotFoundError) as error:  # the latter: no model file
        messages.error(str(error))
        sys.exit(EXIT_USAGE)
    for note in tagger.index.warnings:
        messages.warning(note)
    return tagger


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
    return _default_format()


def _default_format() -> str:
    """A table for people at a terminal, JSON for programs behind a pipe."""
    return "table" if sys.stdout.isatty() else "json"


def _check_encoding(ctx, param, value: str | None) -> str | None:
    if value is not None:
        try:
            codec = codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}") from None
        if not getattr(codec, "_is_text_encoding", True):  # rot13, base64, zlib …
            raise click.BadParameter(f"{value!r} is not a text encoding")
    return value


def _check_output(ctx, param, value: Path | None) -> Path | None:
    """An output file must be creatable: its folder must exist and take new files."""
    if value is not None:
        folder = value.parent
        if not folder.is_dir():
            raise click.BadParameter(f"{value}: folder {folder} does not exist")
        if not os.access(folder, os.W_OK):
            raise click.BadParameter(f"{value}: folder {folder} is not writable")
    return value


def _resolve_color(color: bool | None, to_terminal: bool) -> bool | None:
    """Colour only on a terminal, never with NO_COLOR or --no-color, always with --color."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR") or not to_terminal:
        return False
    return None


def _show_version(ctx, param, value: bool) -> None:
    """``ner --version``, as click's version option prints it; the version is read
    from the package metadata only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from . import __version__

    click.echo(f"ner, version {__version__}")
    ctx.exit()


def input_options(command):
    """The options every command that reads and tags articles shares."""
    options = [
        click.option(
            "--glob", "pattern", default="*.txt", show_default=True,
            help="Which file names to read inside directories (searched recursively).",
        ),
        click.option(
            "--encoding", default=None, callback=_check_encoding,
            help="Decode inputs with this encoding (e.g. cp1256, utf-16). Default: a "
            "byte-order mark's, else UTF-8, else Windows-1256 when the bytes read as Arabic.",
        ),
        click.option(
            "--html", is_flag=True,
            help="Read inputs as HTML pages (automatic for .html and .htm files): tag the "
            "visible text, keep the title.",
        ),
        click.option(
            "-g", "--gazetteer", "gazetteers", multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="An extra gazetteer CSV (id,type,name_ar,name_en,aliases) layered on top "
            "of the default one; its entries replace default entries with the same id. "
            "Repeatable.",
        ),
        click.option(
            "--rules/--no-rules", default=True, show_default=True,
            help="Use the context rules (people after titles and roles, repeated surnames, "
            "bodies and places by pattern, near-miss spellings), or the gazetteer alone.",
        ),
        click.option(
            "--model/--no-model", default=True, show_default=True,
            help="Use the learned tagger (a CRF trained on annotated Arabic news) for names "
            "the gazetteer lacks, deciding where the rules are unsure; --no-model gives "
            "gazetteer and rules alone.",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-V", "--version", is_flag=True, expose_value=False, is_eager=True,
    callback=_show_version, help="Show the version and exit.",
)  # fmt: skip
def cli() -> None:
    """Find the people, organisations, countries and places named in Arabic news,
    and link each mention to a gazetteer entry.

    \b
    Examples:
      ner extract seeds/                        a table of every mention, in context
      ner extract seeds/ --summary              who and what the articles name, how often
      ner extract seeds/ | jq length            JSON when piped
      ner extract seeds/ -o entities.csv        CSV for a spreadsheet
      ner extract seeds/ -o report.html         the articles, entities highlighted
      ner evaluate --gold tests/gold/seeds.jsonl seeds/
      ner extract seeds/ -o seeds.db            an SQLite archive to query
      ner query seeds.db with CSTO              who is named with the CSTO
      ner gazetteer stats
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: table on a terminal, json when piped, or what the -o "
    "file's extension says (.json .jsonl .ndjson .csv .txt .html .db).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    callback=_check_output,
    help="Write to this file instead of stdout, atomically: whole, or not at all. An "
    "SQLite archive (.db .sqlite .sqlite3) is updated in place instead: only new and "
    "changed documents are tagged, each written in its own transaction.",
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
@click.option(
    "--id",
    "ids",
    multiple=True,
    callback=_parse_ids,
    metavar="IDS",
    help="Keep only these entity ids, comma-separated (e.g. SCO,UZB).",
)
@click.option(
    "--source",
    "sources",
    type=click.Choice(SOURCES),
    multiple=True,
    help="Keep only mentions found this way: gazetteer (listed entities), rule "
    "(found from context) or model (found by the learned tagger). Repeatable.",
)
@click.option(
    "--summary",
    is_flag=True,
    help="One row per entity instead of one per mention: mentions, documents, forms seen.",
)
@click.option(
    "--pairs",
    is_flag=True,
    help="With --summary: one row per pair of entities named in the same sentence, "
    "with how many sentences and documents name them together, and where first.",
)
@click.option(
    "--sort",
    type=click.Choice(SORT_KEYS),
    default="count",
    show_default=True,
    help="Order of the --summary rows.",
)
@click.option(
    "--min-count",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="With --summary: only entities mentioned at least this many times (with "
    "--pairs: pairs named together in at least this many sentences).",
)
@click.option(
    "--context",
    "context_width",
    default=DEFAULT_CONTEXT_WIDTH,
    show_default=True,
    type=click.IntRange(0),
    help="Characters either side of each mention in the records' context field. The "
    "table takes as much context as fits its width, cut between words.",
)
@click.option(
    "--width",
    type=click.IntRange(20),
    help="Width of the table (and summary) in columns. Default: the terminal's, else "
    "COLUMNS, else 80.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0),
    default=1,
    show_default=True,
    help="Worker processes for tagging (0: one per core). The output is the same.",
)
@click.option(
    "--bidi",
    type=click.Choice(BIDI_MODES),
    envvar="NER_BIDI",
    default="auto",
    show_default=True,
    show_envvar=True,
    help="Shape and reorder Arabic in the table and in messages for terminals without "
    "bidi support. auto: on for a terminal not known to do it itself. Display only: other "
    "formats always keep the text as written.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the table. Default: on a terminal, unless NO_COLOR is set. Files and "
    "pipes never get colour codes.",
)
@click.option(
    "--spreadsheet/--no-spreadsheet",
    default=None,
    help="CSV for spreadsheets: a byte-order mark so Arabic opens right, and cells "
    "starting with = + - @ prefixed with ' so they are never run as formulas. "
    "Default: on for -o FILE.csv, off on stdout.",
)
@click.option(
    "--errors",
    "decode_errors",
    type=click.Choice(DECODE_ERRORS),
    default="strict",
    show_default=True,
    help="What to do with a file that is not valid in its encoding: strict skips it, "
    "naming the first bad byte; replace reads it with U+FFFD for each bad byte, and says so.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="With an archive: remove the documents under PATHS that this run no longer "
    "finds there (deleted, renamed, not matching --glob). Without it they stay.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings.")
@input_options
def extract(
    paths, fmt, output, types, ids, sources, summary, sort, min_count, context_width, width, jobs,
    bidi, color, spreadsheet, decode_errors, quiet, pattern, encoding, html, gazetteers, rules,
    model, pairs, prune,
):  # fmt: skip
    """Tag the Arabic articles in PATHS and write one record per mention.

    PATHS are files, directories (searched recursively for --glob files) or - for
    standard input. Each record holds: doc, start, end (character offsets into the
    document: text[start:end] is the mention as written), text, type, id, name_ar,
    name_en, line, sentence, context, source (gazetteer, rule or model), score (1 for the
    gazetteer; the model's probability for model mentions), and title (of
    HTML pages).

    \b
    Examples:
      ner extract seeds/
      ner extract seeds/ --summary --type PERSON
      ner extract seeds/ --summary --pairs      who is named with whom
      ner extract seeds/ --width 100            the table laid out for 100 columns
      ner extract seeds/ --type PERSON,ORG -f jsonl | jq -r .name_en
      ner extract seeds/ -o entities.csv
      ner extract archive/ --jobs 0 -f jsonl -o archive.jsonl
      ner extract archive/ -o archive.db        an SQLite archive, updated run by run
      cat article.txt | ner extract - -f json

    \b
    Exit status: 0 every input was processed, 1 some inputs were skipped
    (each is named on stderr with its problem) or the output could not be
    written, 2 usage error, 130 interrupted (Ctrl-C), 143/129 stopped by
    SIGTERM/SIGHUP, 141 the reader of the output went away (| head).
    """
    from .cooccurrence import PairSummary
    from .inputs import output_conflict
    from .pipeline import resolve_jobs, tag_documents
    from .summary import Summary

    fmt = _resolve_format(fmt, output)
    if output is not None and format_for_path(output) == "sqlite" and fmt != "sqlite":
        raise click.UsageError(
            f"{output}: the extension names an SQLite archive, which --format {fmt} cannot "
            "write; leave out --format, or name the file otherwise"
        )
    if prune and fmt != "sqlite":
        raise click.UsageError("--prune removes documents from an archive: use it with -o FILE.db")
    if fmt == "sqlite":
        _check_archive_options(output, paths, summary, types, ids, sources)
        on_screen = sys.stderr.isatty()
        messages = Messages(_resolve_color(color, on_screen), quiet, bidi_wanted(bidi, on_screen))
        sys.exit(
            _update_archive(
                output, DocumentReader(paths, pattern, encoding, html, messages, decode_errors),
                messages,
                gazetteers=gazetteers, rules=rules, model=model, context_width=context_width,
                jobs=jobs, prune=prune, roots=paths,
            )
        )  # fmt: skip
    if summary and fmt == "html":
        raise click.UsageError("--summary has no html form; use table, json, jsonl or csv")
    if min_count > 1 and not summary:
        raise click.UsageError("--min-count counts mentions per entity: use it with --summary")
    if pairs and not summary:
        raise click.UsageError("--pairs counts entities named together: use it with --summary")
    to_terminal = output is None and sys.stdout.isatty()
    color = _resolve_color(color, to_terminal)
    messages = Messages(color, quiet, bidi_wanted(bidi, sys.stderr.isatty()))
    tagger = _load_tagger(gazetteers, rules, model, messages)
    reader = DocumentReader(
        paths, pattern, encoding, html, messages, decode_errors, keep_text=fmt == "html"
    )
    if output is not None and (clash := output_conflict(output, paths, reader.sources, pattern)):
        raise click.UsageError(escape_controls(f"-o {clash}", one_line=True))

    def keep(record: dict) -> bool:
        return (
            (types is None or record["type"] in types)
            and (ids is None or record["id"] in ids)
            and (not sources or record["source"] in sources)
        )

    filtering = types is not None or ids is not None or bool(sources)
    if output:
        target = atomic_output(output)
    else:
        target = contextlib.nullcontext(sys.stdout)
    show_progress = (
        not quiet and len(reader) > 1 and _bar_has_the_screen(output, summary, fmt, to_terminal)
    )
    try:
        with quiet_on_closed_pipe(), target as stream:
            writer = make_writer(
                fmt, stream, summary=summary, color=color,
                bidi=fmt == "table" and bidi_wanted(bidi, to_terminal),
                spreadsheet=spreadsheet if spreadsheet is not None else output is not None,
                terminal=to_terminal, pairs=pairs, width=width,
            )  # fmt: skip
            totals = (PairSummary() if pairs else Summary()) if summary else None
            with progress_bar(len(reader), show_progress, messages) as advance:
                previous = None
                for document, records in tag_documents(
                    tagger, reader, resolve_jobs(jobs), context_width
                ):
                    if filtering:  # most runs keep every record: no call per record
                        records = [record for record in records if keep(record)]
                    if totals is not None:
                        totals.add(records)
                    else:
                        writer.write(records, document)
                    if document is not previous:
                        advance()
                        previous = document
            if totals is not None:
                writer.write(totals.rows(sort, min_count))
            writer.close()
        if to_terminal and fmt == "table" and not summary and writer.count > LARGE_TABLE:
            messages.note(
                f"{writer.count:,} mentions: --summary gives one row per entity, and "
                "-o FILE (.csv, .jsonl, .html, .db) keeps them all for other tools"
            )
    except OSError as error:  # disk full, /dev/full, a closed stdout: nothing half written
        if output is None:
            _output_failed("standard output", error)
        _output_failed(printable_name(str(output)), error, "; the previous file, if any, is kept")
    sys.exit(EXIT_SKIPPED if reader.skipped else EXIT_OK)


def _check_archive_options(output, paths, summary, types, ids, sources) -> None:
    """An archive keeps every mention of documents known by their paths."""
    if output is None:
        raise click.UsageError("--format sqlite writes an archive: name it with -o FILE.db")
    if summary:
        raise click.UsageError(
            "an archive keeps every mention; for totals and pairs ask it: ner query ARCHIVE"
        )
    if types or ids or sources:
        raise click.UsageError(
            "an archive keeps every mention; filter when you ask it: ner query ARCHIVE "
            "entities --type …"
        )
    from .inputs import STDIN, is_stream

    if STDIN in paths or any(is_stream(path) for path in paths):
        raise click.UsageError("an archive knows documents by their paths; - and pipes have none")


def _update_archive(output, reader, messages, *, gazetteers, rules, model, context_width,
                    jobs, prune, roots) -> int:  # fmt: skip
    """Tag into the archive what is new or changed; the tagger is built only if needed."""
    from .pipeline import resolve_jobs, tag_documents
    from .store import Archive, describe, gazetteer_hash, tagger_version

    try:
        fingerprint = tagger_version(rules, model, context_width), gazetteer_hash(gazetteers)
        with Archive(output, *fingerprint) as archive:
            stale, what = archive.changed_settings(reader.sources)
            if stale:
                messages.note(
                    f"{output}: {what} changed since the last run; "
                    f"re-tagging {stale} document{'s' if stale > 1 else ''}"
                )
            show_progress = not messages.quiet and sys.stderr.isatty() and len(reader) > 1
            with progress_bar(len(reader), show_progress, messages) as advance:

                def to_tag():
                    for document in reader:
                        if archive.needs_tagging(document):
                            yield document
                        else:
                            advance()

                pending = to_tag()
                first = next(pending, None)
                if first is not None:
                    tagger = _load_tagger(gazetteers, rules, model, messages)
                    documents = itertools.chain([first], pending)
                    previous = None
                    for document, records in tag_documents(
                        tagger, documents, resolve_jobs(jobs), context_width
                    ):
                        archive.write(records, document)
                        if document is not previous:
                            advance()
                            previous = document
            missing = archive.missing(roots, reader.sources)
            if prune:
                archive.prune(missing)
            kept = 0 if prune else len(missing)
            messages.note(f"{output}: {describe(archive.counts, kept, *archive.totals())}")
    except NerError as error:
        messages.error(str(error))
        return EXIT_USAGE
    return EXIT_SKIPPED if reader.skipped else EXIT_OK


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
@click.option(
    "--errors", is_flag=True,
    help="List every false positive (FP), false negative (FN) and wrong link (LINK: the "
    "tagger's id ≠ the gold's): a table of file:line, type, mention, id and the mention in "
    "its context, or an \"errors\" list in JSON.",
)  # fmt: skip
@click.option(
    "--bidi", type=click.Choice(BIDI_MODES), envvar="NER_BIDI", default="auto",
    show_default=True, show_envvar=True,
    help="Shape and reorder the Arabic of --errors for terminals without bidi support "
    "(auto: on for a terminal not known to do it itself). JSON keeps the text as written.",
)  # fmt: skip
@click.option(
    "--width", type=click.IntRange(20),
    help="Width of the errors table in columns. Default: the terminal's, else COLUMNS, else 80.",
)  # fmt: skip
@input_options
def evaluate(paths, gold_path, fmt, errors, bidi, width, pattern, encoding, html, gazetteers,
             rules, model):  # fmt: skip
    """Tag PATHS and score the result against gold mentions, as docs/ENTITIES.md defines.

    Prints precision, recall and F1 per type and micro-averaged, with lenient
    (overlap) and exact boundaries, and linking accuracy. Gold documents are
    matched to inputs by file name.

    \b
    Examples:
      ner evaluate --gold tests/gold/seeds.jsonl seeds/
      ner evaluate --gold tests/gold/heldout/gold.jsonl tests/gold/heldout/texts/ --errors
      ner evaluate --gold tests/gold/seeds.jsonl seeds/ -f json | jq .lenient.micro
    """
    from .evaluate import (
        Span,
        check_gold_text,
        doc_key,
        error_record,
        gold_by_doc,
        read_gold,
        score,
        unmatched_gold,
    )
    from .pipeline import tag_documents

    messages = Messages(bidi=bidi_wanted(bidi, sys.stderr.isatty()))
    try:
        numbered_gold = read_gold(gold_path)
    except NerError as error:
        messages.error(str(error))
        sys.exit(EXIT_USAGE)
    gold_of = gold_by_doc(numbered_gold)
    tagger = _load_tagger(gazetteers, rules, model, messages)
    reader = DocumentReader(paths, pattern, encoding, html, messages)
    predicted, texts, names = [], {}, {}
    for document, records in tag_documents(tagger, reader):
        key = doc_key(document.name)
        if names.setdefault(key, document.name) != document.name:
            messages.error(
                f"{document.name} and {names[key]} share the file name gold files use; "
                "evaluate them separately"
            )
            sys.exit(EXIT_USAGE)
        texts[key] = document.text
        try:
            check_gold_text(gold_path, gold_of.get(key, ()), document.text)
        except NerError as error:
            messages.error(str(error))
            sys.exit(EXIT_USAGE)
        predicted += [
            Span(key, r["start"], r["end"], r["text"], r["type"], r["id"]) for r in records
        ]
    gold = [span for _, span in numbered_gold]
    note = unmatched_gold(gold_path, gold, texts)
    if note:
        messages.warning(note)
    gold = [span for span in gold if span.doc in texts]
    evaluation = score(gold, predicted)
    fmt = fmt or _default_format()
    if fmt == "json":
        data = evaluation.as_dict()
        if errors:
            data["errors"] = [
                {"kind": kind, **asdict(span), "context": _context(texts[span.doc], span)}
                for kind, span, _ in evaluation.errors()
            ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        render_evaluation(evaluation, sys.stdout)
        if errors:
            from .writers import ErrorsTable

            to_terminal = sys.stdout.isatty()
            table = ErrorsTable(sys.stdout, bidi=bidi_wanted(bidi, to_terminal), width=width)
            for kind, span, gold_span in evaluation.errors():
                text = texts[span.doc]
                table.add_record(error_record(kind, span, gold_span, text, names[span.doc]), text)
            table.close()
    sys.exit(EXIT_SKIPPED if reader.skipped else EXIT_OK)


def _context(text: str, span, width: int = 30) -> str:
    return one_line(text[max(0, span.start - width) : span.end + width])


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
    the same key twice in one entry or for two different ids, and forms that are
    function words or titles. An extra gazetteer is checked as a layer on the
    default one: ids the default gives another type, and forms the default lacks
    that are shorter than three letters or everyday words.

    \b
    Examples:
      ner gazetteer check
      ner gazetteer check my_entities.csv
    """
    messages = Messages()
    status = EXIT_OK
    default = default_gazetteer_path().resolve()
    base = None
    for path in _gazetteer_paths(paths):
        try:
            entries = load_gazetteer(path)
            layered = Path(path).resolve() != default
            if layered and base is None:
                base = load_gazetteer(default)
        except GazetteerError as error:
            messages.error(str(error))
            status = EXIT_USAGE
            continue
        problems = check_entries(entries, base if layered else None)
        for problem in problems:
            messages.error(problem)
        if problems:
            status = max(status, EXIT_SKIPPED)
        else:
            click.echo(f"{path}: {len(entries)} entries, no problems")
    sys.exit(status)


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
        Messages().error(str(error))
        sys.exit(EXIT_USAGE)
    counts = gazetteer_stats(entries)
    if (fmt or _default_format()) == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    render_counts(counts, sys.stdout)


ENTITY_COLUMNS = (
    Column("mentions", "mentions", "number"),
    Column("docs", "documents", "number"),
    Column("type", "type", "type"),
    Column("id", "id"),
    Column("name", "", "name"),
    Column("Arabic name", "name_ar", "arabic"),
)
PARTNER_COLUMNS = (
    Column("sentences", "sentences", "number"),
    Column("docs", "documents", "number"),
    Column("type", "type", "type"),
    Column("id", "id"),
    Column("name", "", "name", optional=True),
    Column("where", "doc", "where"),
    Column("context", "context", "arabic"),
)
DOCUMENT_COLUMNS = (
    Column("mentions", "mentions", "number"),
    Column("together", "sentences", "number"),
    Column("where", "doc", "where"),
    Column("title", "title", "arabic"),
    Column("context", "context", "arabic"),
)


def query_options(command):
    """The output options every ``ner query`` question shares."""
    options = [
        click.option(
            "-f", "--format", "fmt", type=click.Choice(("table", "json", "jsonl", "csv")),
            help="Default: table on a terminal, json when piped.",
        ),
        click.option(
            "-n", "--limit", type=click.IntRange(0), default=20, show_default=True,
            help="At most this many rows (0: all).",
        ),
        click.option(
            "--bidi", type=click.Choice(BIDI_MODES), envvar="NER_BIDI", default="auto",
            show_default=True, help="Shape and reorder Arabic in the table (see ner extract).",
        ),
        click.option("--color/--no-color", default=None, help="Colour the table."),
        click.option(
            "--width", type=click.IntRange(20),
            help="Width of the table in columns. Default: the terminal's, else COLUMNS, else 80.",
        ),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _answer(rows, fields, columns, title, fmt, bidi, color, width) -> None:
    """Write a question's rows to stdout with the writers ``ner extract`` uses."""
    fmt = fmt or _default_format()
    to_terminal = sys.stdout.isatty()
    writer = make_rows_writer(
        fmt, sys.stdout, fields, columns, title,
        color=_resolve_color(color, to_terminal),
        bidi=fmt == "table" and bidi_wanted(bidi, to_terminal), width=width,
    )  # fmt: skip
    with quiet_on_closed_pipe():
        writer.write(rows)
        writer.close()


def _entity(ctx, connection, wanted: str) -> str:
    from .store.queries import find_entity

    found = find_entity(connection, wanted)
    if found is None:
        Messages().error(
            f"{ctx.obj}: no entity {wanted!r} in the archive; "
            f"ner query {ctx.obj} entities lists them"
        )
        sys.exit(EXIT_USAGE)
    return found


@contextlib.contextmanager
def _archive(ctx):
    """The archive a question is asked of, opened for reading; problems in one line."""
    from .store import open_archive

    try:
        connection = open_archive(ctx.obj, create=False)
    except ArchiveError as error:
        Messages().error(str(error))
        sys.exit(EXIT_USAGE)
    try:
        yield connection
    finally:
        connection.close()


@cli.group()
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def query(ctx, archive) -> None:
    """Ask an archive (written by ner extract PATHS -o ARCHIVE.db) who it names, with whom,
    and where. Entities are given by id (SCO, TJK, vladimir-putin; any case) or by name.

    \b
    Examples:
      ner query archive.db entities --type COUNTRY
      ner query archive.db with CSTO            who is named with the CSTO, how often
      ner query archive.db docs TJK AFG         documents naming Tajikistan and Afghanistan
      ner query archive.db with SCO-RATS -f csv
    """
    ctx.obj = archive


@query.command("entities")
@click.option(
    "-t", "--type", "types", multiple=True, callback=_parse_types, metavar="TYPES",
    help="Only these entity types, comma-separated: PERSON,ORG,COUNTRY,LOC.",
)  # fmt: skip
@query_options
@click.pass_context
def query_entities(ctx, types, fmt, limit, bidi, color, width):
    """The most mentioned entities, with the documents naming them."""
    from .store.queries import ENTITY_FIELDS, top_entities

    with _archive(ctx) as connection:
        rows = top_entities(connection, types, limit or None)
    _answer(rows, ENTITY_FIELDS, ENTITY_COLUMNS, "entities", fmt, bidi, color, width)


@query.command("with")
@click.argument("entity")
@click.option(
    "-t", "--type", "types", multiple=True, callback=_parse_types, metavar="TYPES",
    help="Only partners of these types, comma-separated: PERSON,ORG,COUNTRY,LOC.",
)  # fmt: skip
@query_options
@click.pass_context
def query_with(ctx, entity, types, fmt, limit, bidi, color, width):
    """Who appears with ENTITY: the entities named in the same sentences (then in the
    same documents), how often, and the first place they are named together."""
    from .store.queries import PARTNER_FIELDS, named_with

    with _archive(ctx) as connection:
        rows = named_with(connection, _entity(ctx, connection, entity), types, limit or None)
    _answer(rows, PARTNER_FIELDS, PARTNER_COLUMNS, f"named with {entity}", fmt, bidi, color, width)


@query.command("docs")
@click.argument("entities", nargs=-1, required=True)
@query_options
@click.pass_context
def query_docs(ctx, entities, fmt, limit, bidi, color, width):
    """The documents naming all of ENTITIES: their mentions of them, the sentences
    naming them all together, and the first mention."""
    from .store.queries import DOCUMENT_FIELDS, documents_naming

    with _archive(ctx) as connection:
        wanted = [_entity(ctx, connection, entity) for entity in entities]
        rows = documents_naming(connection, wanted, limit or None)
    title = f"documents naming {' and '.join(entities)}"
    _answer(rows, DOCUMENT_FIELDS, DOCUMENT_COLUMNS, title, fmt, bidi, color, width)


def main() -> None:
    """Entry point: ``cli``, with Ctrl-C ending in status 130, SIGTERM in 143, SIGHUP in
    129, a closed pipe in 141, and an output that cannot be written in 1, each with at
    most one line and never a traceback."""
    ensure_standard_streams()
    stop_on_signals()
    try:
        with quiet_on_closed_pipe():
            try:
                code = cli.main(standalone_mode=False)
            finally:
                sys.stdout.flush()  # the output must reach its target, or the run says not
    except click.exceptions.Abort as error:  # click has already ended the ^C line
        cause = error.__cause__ or error.__context__
        sys.exit(cause.exit_status if isinstance(cause, Terminated) else EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except OSError as error:  # the output failed once the command was done with it
        _output_failed("standard output", error)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def _output_failed(where: str, error: OSError, consequence: str = "") -> NoReturn:
    """Say in one line that the output could not be written, and exit 1."""
    with contextlib.suppress(OSError):
        sys.stdout = ClosedStream("standard output")  # nothing more to flush at exit
        Messages().error(f"{where}: cannot write: {reason(error)}{consequence}")
    sys.exit(EXIT_SKIPPED)


@contextlib.contextmanager
def quiet_on_closed_pipe():
    """End quietly, with status 141, when the reader of stdout goes away (``| head``)."""
    try:
        yield
    except BrokenPipeError:
        # Point stdout at /dev/null so that flushing it at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
