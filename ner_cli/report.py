"""HTML report: tagged articles highlighted the way displaCy shows entities, right to left.

One self-contained page that fetches nothing (no fonts, scripts, styles or images
from anywhere): a summary with a legend of how each source marks its mentions, an
overview of the most mentioned entities per type (a table and an inline SVG bar
chart), the pairs of entities most often named in the same sentence
(:mod:`ner_cli.cooccurrence`), then every document with its mentions marked, coloured
by type, labelled, and carrying the linked id, English name, source and score in a
tooltip. The page is written a document at a time (the parts that need totals come
last in the file and are shown first), and fits a phone's 400 px as well as a
desktop. Checkboxes hide or show the highlighting per type with CSS alone
(``:has()``), so the page runs no script. All document text is escaped: an article
quoting ``<script>`` shows it as text. Outside the marks, the text of each article is
exactly the document's text: blank-line runs stay between the paragraphs as
whitespace and single newlines become ``<br>`` followed by the newline itself.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .cooccurrence import PairSummary
from .gazetteer import ENTITY_TYPES

__all__ = [
    "DEFAULT_TITLE",
    "TYPES",
    "EntityCount",
    "HtmlReport",
    "HtmlWriter",
    "Tally",
    "display",
    "render_html",
    "tally",
]

DEFAULT_TITLE = "ner-cli report"
TYPES = ENTITY_TYPES
TYPE_NAMES_AR = {"PERSON": "شخص", "ORG": "منظمة", "COUNTRY": "دولة", "LOC": "مكان"}
COLOURS = {"PERSON": "#cdb9ff", "ORG": "#8fe3e3", "COUNTRY": "#ffd37f", "LOC": "#ffb08f"}
BAR_STROKES = {"PERSON": "#7d62d9", "ORG": "#2a9d9d", "COUNTRY": "#c98f12", "LOC": "#d0693e"}
FALLBACK_COLOUR, FALLBACK_STROKE = "#dcdcdc", "#8a8a8a"
CHART_TOP = 10
TABLE_DOCS = 6  # document links per table row before "+N"
PAIRS_TOP = 15  # pairs named together shown

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UNSAFE_TOKEN = re.compile(r"[^A-Za-z0-9-]")


def _esc(value: object) -> str:
    """Escape for text and double-quoted attribute values alike."""
    return html.escape(str(value), quote=True)


def _token(kind: str) -> str:
    """A type as a CSS class / id fragment: types are words, but never trust a string.

    Any other character becomes ``_hex_``, so two types never share an id.
    """
    return _UNSAFE_TOKEN.sub(lambda m: f"_{ord(m.group()):x}_", kind) or "_"


def _types_in(kinds: Iterable[str]) -> list[str]:
    """The known types in their usual order, then any others found, sorted."""
    found = set(kinds)
    return list(TYPES) + sorted(found - set(TYPES))


# ---------------------------------------------------------------- the overview


@dataclass
class EntityCount:
    """One entity of the overview: how often it is mentioned and in which documents.

    ``key`` is the linked id, or the mention text for rule mentions without one.
    ``docs`` holds 0-based document positions, in order, each once.
    """

    type: str
    key: str
    id: str
    label: str
    name_en: str
    count: int = 0
    docs: list[int] = field(default_factory=list)


class Tally:
    """The overview, counted as documents come: per entity its mentions and documents.

    Holds counts, the forms seen per entity and document positions, never the records.
    """

    def __init__(self) -> None:
        self._entities: dict[tuple[str, str, str], EntityCount] = {}
        self._texts: dict[tuple[str, str, str], Counter] = {}

    def add(self, position: int, records: Iterable[dict]) -> None:
        """Count the records of the document at 0-based ``position`` (positions ascend)."""
        for record in records:
            linked = bool(record.get("id"))
            key = (record["type"], "id" if linked else "text", record["id"] or record["text"])
            entity = self._entities.get(key)
            if entity is None:
                entity = self._entities[key] = EntityCount(
                    type=record["type"],
                    key=key[2],
                    id=record["id"] or "",
                    label=(record.get("name_ar") or "") if linked else record["text"],
                    name_en=record.get("name_en") or "",
                )
                self._texts[key] = Counter()
            entity.count += 1
            self._texts[key][record["text"]] += 1
            if not entity.docs or entity.docs[-1] != position:
                entity.docs.append(position)

    def overview(self) -> dict[str, list[EntityCount]]:
        """The entities per type, most mentioned first (ties by label, then key)."""
        overview: dict[str, list[EntityCount]] = {}
        for key, entity in self._entities.items():
            if not entity.label:
                entity.label = self._texts[key].most_common(1)[0][0]
            overview.setdefault(entity.type, []).append(entity)
        for entries in overview.values():
            entries.sort(key=lambda e: (-e.count, e.label, e.key))
        return {kind: overview[kind] for kind in _types_in(overview) if kind in overview}


def tally(batches: Iterable[Sequence[dict]]) -> dict[str, list[EntityCount]]:
    """Count mentions per entity and type over documents' records, most mentioned first.

    An entity with an id is labelled with its Arabic name (or, lacking one, its most
    frequent mention); one without is its mention text.
    """
    counts = Tally()
    for position, records in enumerate(batches):
        counts.add(position, records)
    return counts.overview()


def _shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _chart(kind: str, entries: Sequence[EntityCount]) -> str:
    """A horizontal bar chart of the top entities as inline SVG, bars growing leftwards.

    Labels sit on the right, right-aligned (``direction="rtl"``, anchored at their
    start); counts sit just left of their bar, left-to-right.
    """
    top = entries[:CHART_TOP]
    if not top:
        return ""
    width, label_width, row, pad = 480, 180, 26, 4
    right = width - label_width
    longest = right - 40
    peak = max(entity.count for entity in top)
    height = row * len(top) + 2 * pad
    fill = COLOURS.get(kind, FALLBACK_COLOUR)
    stroke = BAR_STROKES.get(kind, FALLBACK_STROKE)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-label="{_esc(f"{kind}: top {len(top)}")}">'
    ]
    for n, entity in enumerate(top):
        y = pad + n * row
        middle = y + row / 2
        length = max(2.0, longest * entity.count / peak)
        parts.append(
            f"<g><title>{_esc(entity.label)} — {entity.count}</title>"
            f'<text class="label" x="{width - 4}" y="{middle:.1f}" direction="rtl" '
            f'text-anchor="start" dominant-baseline="central">{_esc(_shorten(entity.label))}</text>'
            f'<rect x="{right - length:.1f}" y="{y + 5}" width="{length:.1f}" height="{row - 10}" '
            f'rx="3" fill="{fill}" stroke="{stroke}"/>'
            f'<text class="count" x="{right - length - 6:.1f}" y="{middle:.1f}" direction="ltr" '
            f'text-anchor="end" dominant-baseline="central">{entity.count}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _doc_links(positions: Sequence[int], names: Sequence[str]) -> str:
    """Links to the documents, by number (their names are in the tooltips)."""
    links = [
        f'<a href="#doc-{p + 1}" title="{_esc(names[p])}">{p + 1}</a>'
        for p in positions[:TABLE_DOCS]
    ]
    more = len(positions) - TABLE_DOCS
    if more > 0:
        links.append(f"<span>+{more}</span>")
    return " ".join(links)


def _table(kind: str, entries: Sequence[EntityCount], names: Sequence[str]) -> str:
    """Every entity of one type: label and English name, id, mentions, documents."""
    rows = []
    for entity in entries:
        english = (
            f'<span class="en" dir="ltr">{_esc(entity.name_en)}</span>' if entity.name_en else ""
        )
        rows.append(
            f'<tr data-type="{_esc(kind)}" data-key="{_esc(entity.key)}">'
            f'<td class="label"><bdi>{_esc(entity.label)}</bdi>{english}</td>'
            f'<td class="id"><bdi dir="ltr">{_esc(entity.id) or "—"}</bdi></td>'
            f'<td class="count">{entity.count}</td>'
            f'<td class="docs">{_doc_links(entity.docs, names)}</td></tr>'
        )
    return (
        '<div class="table-wrap"><table class="entities">'
        "<thead><tr><th>الكيان</th><th>المعرّف</th><th>الإشارات</th><th>المستندات</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _type_heading(kind: str) -> str:
    arabic = TYPE_NAMES_AR.get(kind)
    name = f"{arabic} <bdi>{_esc(kind)}</bdi>" if arabic else f"<bdi>{_esc(kind)}</bdi>"
    return f'<span class="swatch ent-{_token(kind)}"></span>{name}'


def _overview(overview: dict[str, list[EntityCount]], names: Sequence[str]) -> str:
    sections = []
    for kind, entries in overview.items():
        mentions = sum(entity.count for entity in entries)
        sections.append(
            f'<section class="type-overview" id="overview-{_token(kind)}">'
            f"<h3>{_type_heading(kind)} "
            f"<small>الإشارات: {mentions} · الكيانات: {len(entries)}</small></h3>"
            f"<figure>{_chart(kind, entries)}</figure>"
            f"{_table(kind, entries, names)}</section>"
        )
    if not sections:
        sections.append('<p class="empty">لا إشارات.</p>')
    return (
        '<section id="overview" class="overview"><h2>نظرة عامة <small lang="en">Overview'
        f'</small></h2><div class="overview-grid">{"".join(sections)}</div></section>'
    )


def _pair_label(row: dict, prefix: str = "") -> str:
    """One entity of a pair: its colour swatch, Arabic name and English name."""
    english = row[f"{prefix}name_en"]
    arabic = row[f"{prefix}name_ar"] or english or row[f"{prefix}id"] or "—"
    swatch = f'<span class="swatch ent-{_token(row[f"{prefix}type"])}"></span>'
    english = f'<span class="en" dir="ltr">{_esc(english)}</span>' if english else ""
    return f"{swatch}<bdi>{_esc(arabic)}</bdi>{english}"


def _pairs(totals: PairSummary, names: Sequence[str]) -> str:
    """The pairs most often named in one sentence: sentences, documents, first seen."""
    rows = totals.rows(limit=PAIRS_TOP)
    position: dict[str, int] = {}
    for n, name in enumerate(names):
        position.setdefault(name, n)
    lines = []
    for row in rows:
        first = position.get(row["doc"])
        seen = (
            f'<a href="#doc-{first + 1}" title="{_esc(row["doc"])}">{first + 1}</a>'
            if first is not None
            else "—"
        )
        lines.append(
            f'<tr class="pair"><td class="label">{_pair_label(row)}</td>'
            f'<td class="label">{_pair_label(row, "other_")}</td>'
            f'<td class="count">{row["sentences"]}</td><td class="count">{row["documents"]}</td>'
            f'<td class="docs">{seen}</td></tr>'
        )
    table = (
        '<div class="table-wrap"><table class="entities pairs"><thead><tr><th>الكيان</th>'
        "<th>مع</th><th>الجمل</th><th>المستندات</th><th>أول ظهور</th></tr></thead>"
        f"<tbody>{''.join(lines)}</tbody></table></div>"
        if rows
        else '<p class="empty">لا كيانات مذكورة معًا في جملة واحدة.</p>'
    )
    return (
        '<section id="pairs" class="pairs"><h2>يُذكران معًا <small lang="en">Named together'
        f"</small></h2>{table}</section>"
    )


# ---------------------------------------------------------------- the articles


def _checked(document, records: Sequence[dict]) -> list[dict]:
    """The records in text order, after checking they fit the text and never overlap."""
    text = document.text
    ordered = sorted(records, key=lambda r: (r["start"], r["end"]))
    previous_end = 0
    for record in ordered:
        start, end = record["start"], record["end"]
        if not 0 <= start < end <= len(text) or text[start:end] != record["text"]:
            raise ValueError(
                f"{document.name}: mention {record['text']!r} at [{start}, {end}) "
                "does not match the document text"
            )
        if start < previous_end:
            raise ValueError(f"{document.name}: mentions overlap at offset {start}")
        previous_end = end
    return ordered


def _paragraph_breaks(text: str, spans: Sequence[dict]) -> list[tuple[int, int]]:
    """Blank-line runs outside every mention: where a paragraph ends and the next begins."""
    breaks: list[tuple[int, int]] = []
    i = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        while i < len(spans) and spans[i]["end"] <= match.start():
            i += 1
        if i < len(spans) and spans[i]["start"] < match.end():
            continue  # a mention runs across this blank line: keep the paragraphs together
        breaks.append(match.span())
    return breaks


def _plain(text: str) -> str:
    """Escaped text, each newline shown as a line break and kept as the newline itself."""
    return _esc(text).replace("\n", "<br>\n")


def _tooltip(record: dict) -> str:
    score = record.get("score")
    score = f"{score:.2f}" if isinstance(score, float) else str(score)
    return " · ".join(
        [
            record["type"],
            f"id: {record.get('id') or '—'}",
            record.get("name_en") or "—",
            record.get("source") or "—",
            f"score: {score}",
        ]
    )


def _mark(record: dict) -> str:
    kind = record["type"]
    return (
        f'<mark class="ent ent-{_token(kind)}" data-type="{_esc(kind)}" '
        f'data-id="{_esc(record.get("id") or "")}" '
        f'data-source="{_esc(record.get("source") or "")}" '
        f'title="{_esc(_tooltip(record))}">{_plain(record["text"])}</mark>'
    )


def _inline(text: str, start: int, end: int, spans: Sequence[dict]) -> str:
    """``text[start:end]`` with the mentions in it marked; ``spans`` are those mentions."""
    parts, position = [], start
    for span in spans:
        parts.append(_plain(text[position : span["start"]]))
        parts.append(_mark(span))
        position = span["end"]
    parts.append(_plain(text[position:end]))
    return "".join(parts)


def _body(text: str, spans: Sequence[dict]) -> str:
    """The document as paragraphs with its mentions marked."""
    parts, position, i = [], 0, 0
    for break_start, break_end in [*_paragraph_breaks(text, spans), (len(text), len(text))]:
        j = i
        while j < len(spans) and spans[j]["end"] <= break_start:
            j += 1
        chunk = text[position:break_start]
        if chunk.strip() or j > i:
            parts.append(f"<p>{_inline(text, position, break_start, spans[i:j])}</p>")
        else:
            parts.append(_esc(chunk))  # only whitespace, at the very start or end
        parts.append(text[break_start:break_end])  # the blank lines themselves, whitespace
        position, i = break_end, j
    return "".join(parts)


def _type_counts(kinds: Counter) -> str:
    return " · ".join(
        f'<span class="pill ent-{_token(kind)}">{_esc(kind)}: {kinds[kind]}</span>'
        for kind in _types_in(kinds)
        if kinds[kind]
    )


def _article(position: int, document, records: Sequence[dict]) -> str:
    """One document as an ``<article>``: heading, mention counts, marked text."""
    spans = _checked(document, records)
    title = getattr(document, "title", "") or ""
    name = f'<bdi dir="ltr" class="doc-name">{_esc(document.name)}</bdi>'
    heading = f"<bdi>{_esc(title)}</bdi> <small>{name}</small>" if title else name
    kinds = Counter(record["type"] for record in spans)
    counts = _type_counts(kinds) or "لا إشارات"
    return (
        f'<article id="doc-{position + 1}" class="doc" dir="rtl" lang="ar">'
        f'<header><h3><span class="doc-number">{position + 1}</span>{heading}</h3>'
        f'<p class="doc-meta">الإشارات: {len(spans)}'
        f"{' — ' + counts if spans else ''}</p></header>"
        f'<div class="doc-text">{_body(document.text, spans)}</div></article>'
    )


# ---------------------------------------------------------------- the page

_FONTS = '"Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Segoe UI", Tahoma, Arial, sans-serif'

_CSS = """
:root { --fg: #1c1b22; --muted: #5d5a66; --bg: #f7f5f0; --card: #fff; --line: #e2ded4; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font-family: FONTS;
  font-size: 18px; line-height: 1.9; overflow-wrap: anywhere; }
/* The parts that need every document's counts come after the articles in the file
   (the report is written as documents come) and are shown above them. */
body, main { display: flex; flex-direction: column; }
body > .top { order: 1; } body > nav.filter { order: 2; } body > main { order: 3; }
main > #overview { order: 1; } main > #pairs { order: 2; } main > #documents { order: 3; }
main, .top { width: 100%; max-width: 64rem; margin: 0 auto; padding: 0 1.25rem; }
h1 { margin: 1.25rem 0 .25rem; font-size: 1.6rem; }
h2 { margin: 2rem 0 .75rem; font-size: 1.35rem; border-bottom: 2px solid var(--line); }
h3 { margin: 0 0 .5rem; font-size: 1.1rem; }
h2 small, h3 small { color: var(--muted); font-weight: normal; font-size: .8em; }
.summary { margin: 0 0 .75rem; color: var(--muted); }
nav.filter { position: sticky; top: 0; z-index: 1; background: rgba(247, 245, 240, .96);
  border-bottom: 1px solid var(--line); padding: .35rem 1.25rem; font-size: .9rem; }
nav.filter .inner { max-width: 64rem; margin: 0 auto; display: flex; flex-wrap: wrap;
  gap: .4rem 1rem; align-items: center; }
nav.filter label { cursor: pointer; padding: 0 .5rem; border-radius: .4rem; }
.pill { font: .85em system-ui, sans-serif; padding: .1em .45em; border-radius: .4rem;
  white-space: nowrap; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: .2em;
  margin-inline-end: .4em; vertical-align: -.1em; }
.overview-grid { display: grid;
  grid-template-columns: repeat(auto-fit, minmax(min(27rem, 100%), 1fr)); gap: 1rem; }
.type-overview { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: .8rem 1rem; min-width: 0; }
figure { margin: 0 0 .5rem; }
svg.chart { display: block; width: 100%; max-width: 480px; height: auto; font-family: FONTS; }
svg.chart text { font-size: 14px; fill: var(--fg); }
svg.chart text.count { font-family: system-ui, sans-serif; font-size: 12px; fill: var(--muted); }
.table-wrap { max-height: 15rem; overflow: auto; border-top: 1px solid var(--line); }
table.entities { border-collapse: collapse; width: 100%; font-size: .85rem; line-height: 1.45; }
table.entities th, table.entities td { padding: .2rem .45rem; border-bottom: 1px solid var(--line);
  text-align: start; vertical-align: top; }
table.entities th { position: sticky; top: 0; background: var(--card); color: var(--muted);
  font-weight: normal; overflow-wrap: normal; }
table.entities td.count { text-align: center; font-variant-numeric: tabular-nums; }
table.entities .en { display: block; color: var(--muted); font: .72rem/1.3 system-ui, sans-serif;
  text-align: right; }
table.entities td.id { font: .75rem/1.9 system-ui, sans-serif; color: var(--muted); }
table.entities td.docs a { color: inherit; margin-inline-end: .3em; }
article.doc { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 1rem 1.5rem; margin: 1.25rem 0; }
.doc-meta { margin: 0 0 .5rem; color: var(--muted); font-size: .85rem; }
.doc-name { font-family: ui-monospace, monospace; font-size: .85em; }
.doc-number { display: inline-block; min-width: 1.6em; margin-inline-end: .5em; text-align: center;
  border-radius: .4em; background: var(--line); font: 600 .8em/1.6 system-ui, sans-serif; }
.doc-text p { margin: 0 0 1em; }
mark.ent { color: inherit; background: FALLBACK; padding: .05em .25em;
  border-radius: .35em; line-height: 1; unicode-bidi: isolate;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }
mark.ent::after { content: attr(data-type); display: inline-block; /* a neutral for bidi:
  the label always ends up on the left, after Arabic and Latin mentions alike */
  font: 700 .55em/1 system-ui, sans-serif; letter-spacing: .04em; margin-inline-start: .45em;
  vertical-align: .15em; opacity: .7; }
mark.ent[data-source="rule"], .sample[data-source="rule"] {
  outline: 1.5px dashed rgba(0, 0, 0, .55); outline-offset: -1.5px; }
mark.ent[data-source="model"], .sample[data-source="model"] {
  outline: 2px dotted rgba(0, 0, 0, .7); outline-offset: -2px; }
.legend { margin: 0 0 .75rem; color: var(--muted); font-size: .85rem; line-height: 2.2; }
.legend .item { display: inline-block; }
.legend .sample { color: var(--fg); background: var(--line); padding: .1em .4em;
  border-radius: .35em; white-space: nowrap; }
@media (max-width: 30rem) {  /* phones: less padding, so the text keeps its room */
  body { font-size: 17px; }
  main, .top, nav.filter { padding-inline: .6rem; }
  article.doc { padding: .75rem .8rem; }
  .type-overview { padding: .6rem .6rem; }
  table.entities th, table.entities td { padding: .2rem .3rem; }
}
.empty { color: var(--muted); }
section.pairs .table-wrap { background: var(--card); border: 1px solid var(--line);
  border-radius: 8px; max-height: 24rem; }
"""


def _type_css(kinds: Sequence[str]) -> str:
    """Colours per type, and the rules that switch a type's highlighting off."""
    rules = []
    for kind in kinds:
        token = _token(kind)
        colour = COLOURS.get(kind, FALLBACK_COLOUR)
        rules.append(f".ent-{token}, mark.ent.ent-{token} {{ background: {colour}; }}")
        off = f"body:has(#show-{token}:not(:checked)) mark.ent-{token}"
        rules.append(f"{off} {{ background: none; outline: none; padding: 0; margin: 0; }}")
        rules.append(f"{off}::after {{ content: none; }}")
    return "\n".join(rules)


def _filter(kinds: Sequence[str], totals: Counter) -> str:
    boxes = []
    for kind in kinds:
        token = _token(kind)
        arabic = TYPE_NAMES_AR.get(kind, "")
        boxes.append(
            f'<label class="ent-{token}"><input type="checkbox" id="show-{token}" checked> '
            f"{arabic} <bdi>{_esc(kind)}</bdi> ({totals[kind]})</label>"
        )
    return (
        '<nav class="filter" aria-label="تصفية حسب النوع"><div class="inner">'
        f"<span>إبراز:</span>{''.join(boxes)}</div></nav>"
    )


_LEGEND_ITEMS = (  # how each source marks its mentions: (source, what the mark looks like, name)
    ("gazetteer", "بلا إطار", "المعجم"),
    ("rule", "إطار متقطّع", "قاعدة سياق"),
    ("model", "إطار منقّط", "النموذج"),
)
_LEGEND = (
    '<p class="legend">مصدر الإشارة: '
    + " · ".join(
        f'<span class="item"><span class="sample" data-source="{source}">{look}</span> '
        f"{name} <bdi>{source}</bdi></span>"
        for source, look, name in _LEGEND_ITEMS
    )
    + "</p>"
)


def _head(title: str) -> str:
    """The page up to where the articles go: head, styles, the documents' heading."""
    css = _CSS.replace("FONTS", _FONTS).replace("FALLBACK", FALLBACK_COLOUR)
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="ner-cli">\n'
        f"<title>{_esc(title)}</title>\n<style>{css}\n{_type_css(TYPES)}\n</style>\n</head>\n"
        "<body>\n<main>\n"
        '<section id="documents"><h2>المستندات <small lang="en">Documents</small></h2>\n'
    )


def _tail(title: str, names: Sequence[str], totals: Counter, overview, pairs: str) -> str:
    """The page after the articles: the parts that need every document's counts (shown
    above the articles by CSS ``order``), then the end of the page."""
    kinds = _types_in(totals)
    summary = f"المستندات: {len(names)} · الإشارات: {sum(totals.values())}"
    if totals:
        summary += " — " + _type_counts(totals)
    extra = [kind for kind in kinds if kind not in TYPES]  # never from the shipped tagger
    extra_css = f"<style>\n{_type_css(extra)}\n</style>\n" if extra else ""
    return (
        ("" if names else '<p class="empty">لا مستندات.</p>\n')
        + f"</section>\n{_overview(overview, names)}\n{pairs}\n</main>\n"
        f'<div class="top"><h1><bdi>{_esc(title)}</bdi></h1>'
        f'<p class="summary">{summary}</p>{_LEGEND}</div>\n{_filter(kinds, totals)}\n'
        f"{extra_css}</body>\n</html>\n"
    )


class HtmlWriter:
    """The report as one HTML page, written to ``stream`` a document at a time.

    Records come a document at a time, or a piece of a large document at a time
    (the same document object again): a document's pieces make one article, checked,
    rendered and written once the next document starts (or on ``close``), so a bad
    record fails early. What needs every document (the summary, the filter, the
    overview, the pairs) is counted as the articles go and written after them; CSS
    (flex ``order``) shows it first. Memory is bounded by the largest document plus
    the counts, whatever the number of documents. Nothing is written before the first
    document is complete; a file is made whole or not at all by the caller
    (:func:`ner_cli.writers.atomic_output`).
    """

    def __init__(self, stream: TextIO, title: str = DEFAULT_TITLE):
        self.stream = stream
        self.title = title
        self.names: list[str] = []  # per article, its document's name
        self.totals: Counter = Counter()  # mentions per type
        self._tally = Tally()
        self._pairs = PairSummary()
        self._open: tuple[object, list[dict]] | None = None
        self._started = False

    def write(self, records: list[dict], document) -> None:
        if self._open is not None and self._open[0] is document:
            self._open[1].extend(records)
            return
        self._finish()
        self._open = (document, list(records))

    def _start(self) -> None:
        if not self._started:
            self.stream.write(_head(self.title))
            self._started = True

    def _finish(self) -> None:
        if self._open is None:
            return
        document, records = self._open
        self._open = None
        position = len(self.names)
        article = _article(position, document, records)
        self._start()
        self.stream.write(article + "\n")
        self.names.append(document.name)
        self._tally.add(position, records)
        self._pairs.add(records)
        self.totals.update(record["type"] for record in records)

    def close(self) -> None:
        self._finish()
        self._start()
        pairs = _pairs(self._pairs, self.names)
        overview = self._tally.overview()
        self.stream.write(_tail(self.title, self.names, self.totals, overview, pairs))


def render_html(items: Iterable[tuple[object, list[dict]]], title: str = DEFAULT_TITLE) -> str:
    """The report for ``(document, records)`` pairs, as a string."""
    stream = io.StringIO()
    writer = HtmlWriter(stream, title)
    for document, records in items:
        writer.write(records, document)
    writer.close()
    return stream.getvalue()


@dataclass(frozen=True)
class HtmlReport:
    """A rendered report that notebooks show inline (in an iframe, so its styles stay put)."""

    html: str

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{_esc(self.html)}" title="ner-cli report" '
            'style="width: 100%; height: 40em; border: 1px solid #ddd"></iframe>'
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.html, encoding="utf-8")


def display(text_or_docs, tagger=None, title: str = DEFAULT_TITLE) -> HtmlReport:
    """Tag a text, a document, or several of either, and return the report.

    Strings are named ``text 1``, ``text 2``…; ``tagger`` defaults to the shipped one.
    """
    from .inputs import Document
    from .records import build_records

    if tagger is None:
        from .tagger import Tagger

        tagger = Tagger()
    if isinstance(text_or_docs, str) or hasattr(text_or_docs, "text"):
        text_or_docs = [text_or_docs]
    items = []
    for n, document in enumerate(text_or_docs, 1):
        if isinstance(document, str):
            document = Document(f"text {n}", document)
        mentions = tagger(document.text)
        items.append((document, build_records(document.name, document.text, mentions)))
    return HtmlReport(render_html(items, title))
