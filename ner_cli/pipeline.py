"""Documents to records, in this process or in worker processes.

Workers each build the tagger once (it pickles as its gazetteer paths) and tag
pieces of documents. Results come back in input order, whatever order the workers
finish in, and only a bounded number of pieces is in flight at once, so memory
stays flat however long the corpus: the output of ``--jobs 4`` is byte for byte
the output of ``--jobs 1``.

A very large document is tagged in pieces of about ``PIECE_CHARACTERS``, cut at a
paragraph break (a blank line) where one comes soon enough, else at a line end, so
its records stream out piece by piece; offsets and line numbers stay those of the
whole document. The context rules look no further than the piece they are in. A
line too long for a piece (PDF extraction, a page flattened to one line) is cut at
a sentence end, else at a space, so that no word is split; only a run of letters
longer than a piece is cut where the piece ends. Each piece thus holds at most
twice ``PIECE_CHARACTERS``, whatever the shape of the document, and memory stays
bounded. Sentence numbers, too, are those of the whole document.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inputs import Document, StreamedDocument
from .process import prepare_worker, signals_held, stop_workers
from .records import DEFAULT_CONTEXT_WIDTH, build_records
from .sentences import CLOSERS as SENTENCE_CLOSERS
from .sentences import MARKS as SENTENCE_MARKS
from .sentences import sentence_starts
from .tagger import Tagger, collector_paused

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "Piece", "batches", "piece_end", "pieces_of", "records_of", "resolve_jobs", "tag_documents",
    "tag_pieces",
]  # fmt: skip

# Tagging a piece takes about 110 bytes a character at its peak (tokens, the rules'
# sheets, the model's scores): 30 MB for a piece of 250,000 characters, so that a 64 MB
# one-line file is tagged in under 300 MB (benchmarks/bench_linear.py).
PIECE_CHARACTERS = 250_000
# Pieces are tagged in batches of about this many characters: the model decodes a
# batch's sentences together (``Tagger.tag_many``), and records still stream.
BATCH_CHARACTERS = 64_000
# Pieces in flight per worker: enough to keep workers busy, few enough to stay small.
IN_FLIGHT_PER_WORKER = 4

_worker_tagger: Tagger | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a document's text, and where it starts in the document; ``before``
    and ``after`` are a little of the text either side, for the contexts of mentions
    near its edges."""

    name: str
    text: str
    offset: int = 0
    first_line: int = 1
    title: str = ""
    before: str = ""
    after: str = ""
    first_sentence: int = 1


def pieces_of(
    document: Document, size: int = PIECE_CHARACTERS, margin: int = DEFAULT_CONTEXT_WIDTH
) -> Iterator[Piece]:
    """Cut a document into pieces of ``size`` to ``2 * size`` characters, at paragraph or
    line ends where the text has them (see :func:`piece_end`), each with ``margin``
    characters of the text either side."""
    if isinstance(document, StreamedDocument):
        yield from _stream_pieces(document, size, margin)
        return
    text = document.text
    if len(text) <= size:
        yield Piece(document.name, text, title=document.title)
        return
    start, line, sentence = 0, 1, 1
    while start < len(text):
        end = piece_end(text, start, size)
        piece = text[start:end]
        before, after = text[max(0, start - margin) : start], text[end : end + margin]
        yield Piece(document.name, piece, start, line, document.title, before, after, sentence)
        line += piece.count("\n")
        sentence += _sentences_begun(piece)
        start = end


def _sentences_begun(piece: str) -> int:
    """How many sentences the next piece's numbering moves on by: the piece's sentences,
    less one when it was cut inside its last (a long line cut at a space), which the
    next piece goes on with."""
    count = len(sentence_starts(piece))
    ends = piece.endswith("\n") or piece.rstrip()[-1:] in SENTENCE_MARKS + SENTENCE_CLOSERS
    return count if ends or not count else count - 1


def _stream_pieces(document: StreamedDocument, size: int, margin: int) -> Iterator[Piece]:
    """The pieces of a stream, cut exactly where ``pieces_of`` cuts the same text read
    whole, with the same margins: a cut is chosen only once the window it looks at has
    been read, and more than a margin lies beyond it."""
    held, offset, line, sentence, before = "", 0, 1, 1, ""
    ended = False
    chunks = document.chunks()
    while not ended or held:
        if not ended and len(held) <= 2 * size + margin:
            chunk = next(chunks, None)
            if chunk is None:
                ended = True
            else:
                held += chunk
            continue
        end = piece_end(held, 0, size)
        piece, held = held[:end], held[end:]
        yield Piece(document.name, piece, offset, line, "", before, held[:margin], sentence)
        before = (before + piece)[-margin:] if margin else ""
        offset, line = offset + end, line + piece.count("\n")
        sentence += _sentences_begun(piece)


# A sentence ends at . ؟ ? ! or ؛ followed by white space; a piece may end after the space.
_SENTENCE_END = re.compile(r"[.؟?!؛]\s")
_SPACE = re.compile(r"\s")


def piece_end(text: str, start: int, size: int) -> int:
    """Where the piece of ``text`` that begins at ``start`` ends: after the first
    paragraph break, else line end, found in the window ``[start + size, start + 2 *
    size)``; the text's end if it comes within the window; else after a sentence end,
    else after a space in the window (a cut between words splits no token); else, in
    a run of letters longer than the window, at ``start + size``.

    >>> text = "جملة. وكلمة وأخرى طويلة"
    >>> piece_end(text, 0, 4), piece_end(text, 6, 4), piece_end("ابجدهوز", 0, 2)
    (6, 12, 2)
    """
    low, high = start + size, start + 2 * size
    cut = text.find("\n\n", low, high)
    if cut >= 0:
        return cut + 2
    cut = text.find("\n", low, high)
    if cut >= 0:
        return cut + 1
    if high >= len(text):
        return len(text)
    for boundary in (_SENTENCE_END, _SPACE):
        found = boundary.search(text, low, high)
        if found is not None:
            return found.end()
    return low


def resolve_jobs(jobs: int) -> int:
    """Return the number of worker processes ``--jobs`` asks for (0: one per core)."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def tag_pieces(
    tagger: Tagger, pieces: Sequence[Piece], context_width: int = DEFAULT_CONTEXT_WIDTH
) -> list[list[dict]]:
    """The records of each piece, with offsets and lines of its whole document; the
    pieces are tagged together (``Tagger.tag_many``)."""
    with collector_paused():  # what a batch makes is bounded (BATCH_CHARACTERS)
        return _tag_pieces(tagger, pieces, context_width)


def _tag_pieces(tagger: Tagger, pieces: Sequence[Piece], context_width: int) -> list[list[dict]]:
    found = tagger.tag_many([piece.text for piece in pieces])
    return [
        build_records(
            piece.name,
            piece.text,
            mentions,
            context_width,
            piece.offset,
            piece.first_line,
            piece.title,
            piece.before,
            piece.after,
            piece.first_sentence,
        )
        for piece, mentions in zip(pieces, found, strict=True)
    ]


def batches(
    pairs: Iterable[tuple[Document, Piece]], size: int = BATCH_CHARACTERS
) -> Iterator[list[tuple[Document, Piece]]]:
    """Consecutive pieces, grouped until they hold about ``size`` characters."""
    batch, held = [], 0
    for pair in pairs:
        batch.append(pair)
        held += len(pair[1].text)
        if held >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def records_of(
    tagger: Tagger,
    document: Document,
    context_width: int = DEFAULT_CONTEXT_WIDTH,
    piece_characters: int = PIECE_CHARACTERS,
) -> list[dict]:
    """The records of one document, tagged in pieces exactly as ``tag_documents`` does."""
    pieces = list(pieces_of(document, piece_characters, context_width))
    return [record for found in tag_pieces(tagger, pieces, context_width) for record in found]


def _start_worker(tagger: Tagger) -> None:
    global _worker_tagger
    prepare_worker()
    _worker_tagger = tagger


def _tag_in_worker(pieces: list[Piece], context_width: int) -> list[list[dict]]:
    assert _worker_tagger is not None, "worker started without a tagger"
    return tag_pieces(_worker_tagger, pieces, context_width)


def tag_documents(
    tagger: Tagger,
    documents: Iterable[Document],
    jobs: int = 1,
    context_width: int = DEFAULT_CONTEXT_WIDTH,
    piece_characters: int = PIECE_CHARACTERS,
) -> Iterator[tuple[Document, list[dict]]]:
    """Yield each document with its records, in input order; a large document comes in
    several pairs, one per piece."""
    pieces = (
        (document, piece)
        for document in documents
        for piece in pieces_of(document, piece_characters, context_width)
    )
    if jobs <= 1:
        for batch in batches(pieces):
            found = tag_pieces(tagger, [piece for _, piece in batch], context_width)
            yield from zip([document for document, _ in batch], found, strict=True)
        return
    from concurrent.futures import ProcessPoolExecutor  # a run in one process needs no pool

    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(tagger,))
    try:
        pending: deque[tuple[list[Document], Future]] = deque()

        def submit(batch: list[tuple[Document, Piece]]) -> None:
            with signals_held():  # submitting may fork a worker
                future = pool.submit(_tag_in_worker, [piece for _, piece in batch], context_width)
            pending.append(([document for document, _ in batch], future))

        def done() -> Iterator[tuple[Document, list[dict]]]:
            owners, future = pending.popleft()
            yield from zip(owners, future.result(), strict=True)

        for batch in batches(pieces):
            submit(batch)
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                yield from done()
        while pending:
            yield from done()
    except BaseException:  # interrupted, or the reader went away: stop the workers now
        stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
