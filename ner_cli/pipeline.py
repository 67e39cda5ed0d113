"""Documents to records, in this process or in worker processes.

Workers each build the tagger once (it pickles as its gazetteer paths) and tag
pieces of documents. Results come back in input order, whatever order the workers
finish in, and only a bounded number of pieces is in flight at once, so memory
stays flat however long the corpus: the output of ``--jobs 4`` is byte for byte
the output of ``--jobs 1``.

A very large document is tagged in pieces of about ``PIECE_CHARACTERS``, cut at a
paragraph break (a blank line) where one comes soon enough, else at a line end, so
its records stream out piece by piece; offsets and line numbers stay those of the
whole document (a line end always ends a sentence, so sentence numbers are too). The
context rules look no further than the piece they are in.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from .inputs import Document
from .records import DEFAULT_CONTEXT_WIDTH, build_records
from .sentences import sentence_starts
from .tagger import Tagger

__all__ = [
    "Piece", "batches", "pieces_of", "records_of", "resolve_jobs", "tag_documents", "tag_pieces",
]  # fmt: skip

PIECE_CHARACTERS = 1_000_000
# Pieces are tagged in batches of about this many characters: the model decodes a
# batch's sentences together (``Tagger.tag_many``), and records still stream.
BATCH_CHARACTERS = 64_000
# Pieces in flight per worker: enough to keep workers busy, few enough to stay small.
IN_FLIGHT_PER_WORKER = 4

_worker_tagger: Tagger | None = None


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a document's text, and where it starts in the document."""

    name: str
    text: str
    offset: int = 0
    first_line: int = 1
    title: str = ""
    first_sentence: int = 1


def pieces_of(document: Document, size: int = PIECE_CHARACTERS) -> Iterator[Piece]:
    """Cut a document into pieces of about ``size`` characters at paragraph or line ends."""
    text = document.text
    if len(text) <= size:
        yield Piece(document.name, text, title=document.title)
        return
    start, line, sentence = 0, 1, 1
    while start < len(text):
        cut = text.find("\n\n", start + size, start + 2 * size)
        if cut >= 0:
            end = cut + 2
        else:
            cut = text.find("\n", start + size)
            end = len(text) if cut < 0 else cut + 1
        piece = text[start:end]
        yield Piece(document.name, piece, start, line, document.title, sentence)
        line += piece.count("\n")
        sentence += len(sentence_starts(piece))
        start = end


def resolve_jobs(jobs: int) -> int:
    """Return the number of worker processes ``--jobs`` asks for (0: one per core)."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def tag_pieces(
    tagger: Tagger, pieces: Sequence[Piece], context_width: int = DEFAULT_CONTEXT_WIDTH
) -> list[list[dict]]:
    """The records of each piece, with offsets and lines of its whole document; the
    pieces are tagged together (``Tagger.tag_many``)."""
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
    pieces = list(pieces_of(document, piece_characters))
    return [record for found in tag_pieces(tagger, pieces, context_width) for record in found]


def _start_worker(tagger: Tagger) -> None:
    global _worker_tagger
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
        for piece in pieces_of(document, piece_characters)
    )
    if jobs <= 1:
        for batch in batches(pieces):
            found = tag_pieces(tagger, [piece for _, piece in batch], context_width)
            yield from zip([document for document, _ in batch], found, strict=True)
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(tagger,)) as pool:
        pending: deque[tuple[list[Document], Future]] = deque()

        def submit(batch: list[tuple[Document, Piece]]) -> None:
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
