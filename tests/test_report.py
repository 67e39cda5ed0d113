"""The HTML report: marks match records, text stays the document's, nothing is fetched.

Pages are read back with :mod:`html.parser` (what a browser would see as elements and
text), and, where Chromium is installed, rendered by it from disk.
"""

import html
import io
import json
import re
import shutil
import subprocess
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ner_cli.cli import cli
from ner_cli.inputs import Document
from ner_cli.records import FIELDS, build_records
from ner_cli.report import HtmlWriter, display, render_html, tally
from tests.conftest import SEEDS

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass(frozen=True)
class TitledDocument:
    """A document with a title, as HTML inputs will have."""

    name: str
    text: str
    title: str = ""


def record(doc: Document, start: int, end: int, kind: str, id_: str = "", **fields) -> dict:
    """A record for ``doc.text[start:end]``, as records.build_records lays it out."""
    return {
        **dict.fromkeys(FIELDS, ""),
        "doc": doc.name,
        "start": start,
        "end": end,
        "text": doc.text[start:end],
        "type": kind,
        "id": id_,
        "source": "gazetteer" if id_ else "rule",
        "score": 1.0 if id_ else 0.8,
        **fields,
    }


def find(doc: Document, needle: str, kind: str, id_: str = "", nth: int = 0, **fields) -> dict:
    """The record for the ``nth`` occurrence of ``needle`` in the document."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(needle, start + 1)
    return record(doc, start, start + len(needle), kind, id_, **fields)


DOC_A = Document(
    "a.txt",
    "زار الرئيس فلاديمير بوتين طشقند\nوالتقى وفد روسيا.\n\n\n"
    "قالت الأمم المتحدة إن روسيا وأوزبكستان <script>alert(1)</script> اتفقتا.\n\n"
    'وقال "أحمد علي" إن A & B < C.',
)
DOC_B = Document("b<i>.txt", "\n\nروسيا والأمم\nالمتحدة في طشقند.  \n")
RECORDS_A = [
    find(DOC_A, "فلاديمير بوتين", "PERSON", "vladimir-putin", name_en="Vladimir Putin"),
    find(DOC_A, "طشقند", "LOC", "tashkent", name_en="Tashkent"),
    find(DOC_A, "روسيا", "COUNTRY", "RUS", name_en='Russia "RU" <Федерация>'),
    find(DOC_A, "الأمم المتحدة", "ORG", "UN", name_en="United Nations"),
    find(DOC_A, "روسيا", "COUNTRY", "RUS", nth=1, name_en="Russia"),
    find(DOC_A, "أوزبكستان", "COUNTRY", "UZB", name_en="Uzbekistan"),
    find(DOC_A, "أحمد علي", "PERSON"),  # a rule mention: no id
]
RECORDS_B = [
    find(DOC_B, "روسيا", "COUNTRY", "RUS", name_en="Russia"),
    find(DOC_B, "الأمم\nالمتحدة", "ORG", "UN", name_en="United Nations"),  # across a newline
    find(DOC_B, "طشقند", "LOC", "tashkent", name_en="Tashkent"),
]
ITEMS = [(DOC_A, RECORDS_A), (DOC_B, RECORDS_B)]
DOC_MODEL = Document("model.txt", "قال شوكت ميرضيائيف في سمرقند")
MODEL_ITEM = (
    DOC_MODEL,
    [find(DOC_MODEL, "شوكت ميرضيائيف", "PERSON", source="model", score=0.91)],
)


class Page(HTMLParser):
    """What a page holds: per article, its text and its marks; every tag and attribute."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[tuple[str, dict]] = []
        self.articles: list[dict] = []  # {"attrs", "text", "outside", "marks", "heading"}
        self.feed(page)
        self.close()
        assert not self.stack, f"unclosed elements: {[tag for tag, _ in self.stack]}"

    def _inside(self, tag: str, cls: str | None = None) -> dict | None:
        for name, attrs in reversed(self.stack):
            if name == tag and (cls is None or cls in attrs.get("class", "").split()):
                return attrs
        return None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        if tag == "article":
            self.articles.append(
                {"attrs": attrs, "text": "", "outside": [""], "marks": [], "heading": ""}
            )
        if tag == "mark" and self._inside("div", "doc-text") is not None:
            assert self._inside("mark") is None, "nested marks"
            self.articles[-1]["marks"].append({**attrs, "text": ""})
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> does not close {self.stack}"
        self.stack.pop()
        if tag == "mark" and self._inside("div", "doc-text") is not None:
            self.articles[-1]["outside"].append("")

    def handle_data(self, data):
        if self._inside("h3") is not None and self._inside("article") is not None:
            self.articles[-1]["heading"] += data
        if self._inside("div", "doc-text") is None:
            return
        article = self.articles[-1]
        article["text"] += data
        if self._inside("mark") is not None:
            article["marks"][-1]["text"] += data
        else:
            article["outside"][-1] += data

    def attributes(self) -> list[str]:
        return [value for _, attrs in self.tags for value in attrs.values()]


def outside(text: str, records: list[dict]) -> list[str]:
    """The document's text between its mentions."""
    pieces, position = [], 0
    for r in sorted(records, key=lambda r: r["start"]):
        pieces.append(text[position : r["start"]])
        position = r["end"]
    return [*pieces, text[position:]]


def check_articles(page: Page, items) -> None:
    """Each document's article holds its text exactly, and one mark per record, in order."""
    assert len(page.articles) == len(items)
    for article, (document, records) in zip(page.articles, items, strict=True):
        assert article["attrs"]["dir"] == "rtl" and article["attrs"]["lang"] == "ar"
        assert article["text"] == document.text
        assert article["outside"] == outside(document.text, records)
        ordered = sorted(records, key=lambda r: r["start"])
        assert [m["text"] for m in article["marks"]] == [r["text"] for r in ordered]
        assert [m["data-type"] for m in article["marks"]] == [r["type"] for r in ordered]
        assert [m["data-id"] for m in article["marks"]] == [r["id"] for r in ordered]
        assert [m["data-source"] for m in article["marks"]] == [r["source"] for r in ordered]
        for mark, r in zip(article["marks"], ordered, strict=True):
            assert mark["class"].split() == ["ent", f"ent-{r['type']}"]
            assert r["type"] in mark["title"] and (r["id"] or "—") in mark["title"]


@pytest.fixture(scope="module")
def page_html() -> str:
    return render_html(ITEMS, title="تقرير <test> & co")


@pytest.fixture(scope="module")
def page(page_html) -> Page:
    return Page(page_html)


def test_every_mention_is_marked_once_and_the_text_is_the_documents(page):
    check_articles(page, ITEMS)


def test_tooltips_carry_id_english_name_source_and_score(page):
    marks = page.articles[0]["marks"]
    assert (
        marks[0]["title"]
        == "PERSON · id: vladimir-putin · Vladimir Putin · gazetteer · score: 1.00"
    )
    assert 'Russia "RU" <Федерация>' in marks[2]["title"]  # quotes and brackets survive
    assert marks[-1]["title"] == "PERSON · id: — · — · rule · score: 0.80"


def test_markup_in_documents_is_shown_as_text(page, page_html):
    assert "<script>alert(1)</script>" in page.articles[0]["text"]
    assert '"أحمد علي" إن A & B < C.' in page.articles[0]["text"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_html
    assert "<script" not in page_html  # the page runs no script of its own either
    assert not any(tag in {"script", "i", "iframe", "object"} for tag, _ in page.tags)
    assert "b<i>.txt" in page.articles[1]["heading"]


def test_title_is_escaped(page_html):
    assert "<title>تقرير &lt;test&gt; &amp; co</title>" in page_html


def test_page_is_right_to_left_arabic_utf8(page):
    tags = dict(page.tags[:3])
    assert page.tags[0] == ("html", {"lang": "ar", "dir": "rtl"})
    assert tags["meta"] == {"charset": "utf-8"}
    assert all(a["attrs"]["dir"] == "rtl" for a in page.articles)


def test_page_fetches_nothing(page, page_html):
    assert "http://" not in page_html and "https://" not in page_html
    assert "url(" not in page_html and "@import" not in page_html
    assert not any(tag in {"link", "img", "script", "iframe"} for tag, _ in page.tags)
    assert not any(name == "src" for _, attrs in page.tags for name in attrs)
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert hrefs and all(href.startswith("#doc-") for href in hrefs)


def test_paragraphs_and_line_breaks(page):
    paragraphs = [t for t in page.tags if t[0] == "p" and not t[1]]
    assert len(paragraphs) == 3 + 1  # three in a.txt (blank lines between), one in b.txt
    assert sum(tag == "br" for tag, _ in page.tags) == 3  # one a single newline in each text


def test_filter_has_a_checkbox_per_type(page):
    boxes = {attrs["id"] for tag, attrs in page.tags if tag == "input"}
    assert boxes == {"show-PERSON", "show-ORG", "show-COUNTRY", "show-LOC"}


def test_tally_counts_entities_per_type():
    overview = tally([RECORDS_A, RECORDS_B])
    assert list(overview) == ["PERSON", "ORG", "COUNTRY", "LOC"]
    summary = {
        kind: [(e.key, e.label, e.count, e.docs) for e in entries]
        for kind, entries in overview.items()
    }
    assert summary == {
        # ties go by label
        "PERSON": [("أحمد علي", "أحمد علي", 1, [0]), ("vladimir-putin", "فلاديمير بوتين", 1, [0])],
        "ORG": [("UN", "الأمم المتحدة", 2, [0, 1])],
        "COUNTRY": [("RUS", "روسيا", 3, [0, 1]), ("UZB", "أوزبكستان", 1, [0])],
        "LOC": [("tashkent", "طشقند", 2, [0, 1])],
    }


def test_tally_prefers_the_arabic_name():
    doc = Document("c.txt", "موسكو وموسكو")
    records = [find(doc, "موسكو", "LOC", "moscow", nth=n, name_ar="موسكو الكبرى") for n in (0, 1)]
    [entity] = tally([records])["LOC"]
    assert (entity.label, entity.count, entity.docs) == ("موسكو الكبرى", 2, [0])


def test_overview_table_shows_the_counts(page):
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and "data-key" in attrs]
    assert [(r["data-type"], r["data-key"]) for r in rows] == [
        ("PERSON", "أحمد علي"),
        ("PERSON", "vladimir-putin"),
        ("ORG", "UN"),
        ("COUNTRY", "RUS"),
        ("COUNTRY", "UZB"),
        ("LOC", "tashkent"),
    ]
    charts = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert len(charts) == 4
    bars = [attrs for tag, attrs in page.tags if tag == "rect"]
    assert len(bars) == 6
    labels = [attrs for tag, attrs in page.tags if tag == "text" and "label" in attrs["class"]]
    assert all(a["direction"] == "rtl" for a in labels)


def test_overview_rows_count_mentions_and_link_documents(page_html):
    row = page_html.split('data-key="RUS"', 1)[1].split("</tr>", 1)[0]
    assert '<td class="count">3</td>' in row
    assert 'href="#doc-1"' in row and 'href="#doc-2"' in row
    assert 'id="doc-1"' in page_html and 'id="doc-2"' in page_html


def test_titles_head_their_documents():
    doc = TitledDocument("page.html", "روسيا", title="عنوان <المقال>")
    page = Page(render_html([(doc, [record(doc, 0, 5, "COUNTRY", "RUS")])]))
    assert "عنوان <المقال>" in page.articles[0]["heading"]
    assert "page.html" in page.articles[0]["heading"]


class Chunks(io.StringIO):
    """A stream that remembers what each ``write`` call wrote."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return super().write(text)


def test_writer_writes_each_article_once_its_document_is_complete(page_html):
    stream = Chunks()
    writer = HtmlWriter(stream, title="تقرير <test> & co")
    (doc_a, records_a), (doc_b, records_b) = ITEMS
    half = len(records_a) // 2
    writer.write(records_a[:half], doc_a)
    writer.write(records_a[half:], doc_a)  # a piece of the same document
    assert stream.getvalue() == ""  # a.txt may still have pieces to come
    writer.write(records_b, doc_b)
    assert stream.getvalue().count("<article") == 1 and 'id="doc-1"' in stream.getvalue()
    assert 'id="doc-2"' not in stream.getvalue()
    writer.close()
    assert stream.getvalue() == page_html
    assert sum("<article" in chunk for chunk in stream.chunks) == 2  # one write each


def test_writer_memory_does_not_grow_with_the_number_of_documents(tagger):
    """Peak memory while writing 10 times more documents stays about the same: the
    report holds the open document and counts, not the articles or the records."""
    items = seed_items(tagger)

    def peak(copies: int) -> int:
        documents = [
            (Document(f"{n}-{document.name}", document.text), records)
            for n in range(copies)
            for document, records in items
        ]
        tracemalloc.start()
        try:
            writer = HtmlWriter(NullStream())
            for document, records in documents:
                writer.write(records, document)
            writer.close()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(10), peak(100)
    assert large < 2 * small, (small, large)


class NullStream(io.TextIOBase):
    """Takes text and keeps none of it."""

    def write(self, text: str) -> int:
        return len(text)


def test_element_ids_are_unique(tagger):
    odd = Document("odd.txt", "روسيا طشقند موسكو")
    odd_records = [  # types whose class names a naive escape would merge ("A_B" twice)
        record(odd, 0, 5, "A B"),
        record(odd, 6, 11, "A_B"),
        record(odd, 12, 17, "A-B"),
    ]
    page = Page(render_html([*seed_items(tagger), *ITEMS, *ITEMS, (odd, odd_records)]))
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) > 10
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    boxes = [attrs["id"] for tag, attrs in page.tags if tag == "input"]
    assert len(boxes) == 4 + 3  # a checkbox per type, the odd ones included


def test_the_legend_names_every_source(page):
    samples = [attrs for _, attrs in page.tags if "sample" in attrs.get("class", "").split()]
    assert [s["data-source"] for s in samples] == ["gazetteer", "rule", "model"]


def test_no_documents_still_make_a_page():
    page = Page(render_html([]))
    assert page.articles == [] and page.tags[0][0] == "html"


def test_overlapping_mentions_are_refused():
    doc = Document("d.txt", "الأمم المتحدة")
    with pytest.raises(ValueError, match="overlap"):
        render_html([(doc, [record(doc, 0, 13, "ORG", "UN"), record(doc, 6, 13, "LOC")])])


def test_mentions_that_do_not_fit_the_text_are_refused():
    doc = Document("d.txt", "روسيا")
    with pytest.raises(ValueError, match="does not match"):
        render_html([(doc, [{**record(doc, 0, 5, "COUNTRY", "RUS"), "text": "موسكو"}])])
    with pytest.raises(ValueError, match="does not match"):
        render_html([(doc, [record(doc, 3, 9, "COUNTRY", "RUS")])])


@st.composite
def documents_with_mentions(draw):
    """Texts rich in markup, quotes and line breaks, with random non-overlapping mentions."""
    alphabet = st.sampled_from(list("روسيا ب\n\n\r\t <>&\"'/;=#x") + ["&amp;", "\u200f"])
    text = "".join(draw(st.lists(alphabet, max_size=60)))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    kinds = st.sampled_from(["PERSON", "ORG", "COUNTRY", "LOC"])
    doc = Document("h.txt", text)
    records = [
        record(doc, start, end, draw(kinds), draw(st.sampled_from(["", "X1", 'a"<b>'])))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
        if start < end
    ]
    return doc, records


@settings(max_examples=150, deadline=None)
@given(documents_with_mentions())
def test_any_text_round_trips(item):
    check_articles(Page(render_html([item])), [item])


def test_seed_articles_round_trip(tagger):
    items = seed_items(tagger)
    assert sum(len(records) for _, records in items) > 50
    check_articles(Page(render_html(items)), items)


def test_display_shows_in_notebooks(mini_rules_tagger):
    report = display(["روسيا", Document("x.txt", "طشقند")], tagger=mini_rules_tagger)
    assert [a["heading"] for a in Page(report.html).articles] == ["1text 1", "2x.txt"]
    frame = report._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "<html" not in frame  # escaped inside


def seed_items(tagger) -> list:
    items = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        items.append((Document(path.name, text), build_records(path.name, text, tagger(text))))
    return items


# ---------------------------------------------------------------- in a browser

BROWSER_TIMEOUT = 60


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("Chromium not installed: apt-get install chromium")
    return binary


def run_chromium(binary: str, profile: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Headless Chromium with a throwaway profile and nothing reaching out to the network."""
    command = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        *arguments,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=BROWSER_TIMEOUT, check=True
    )


@pytest.fixture(scope="module")
def rendered(tagger, tmp_path_factory):
    """The seed report plus the hostile handmade documents, written to disk."""
    items = [*seed_items(tagger), *ITEMS, MODEL_ITEM]
    folder = tmp_path_factory.mktemp("report")
    path = folder / "report.html"
    path.write_text(render_html(items), encoding="utf-8")
    return path, items


def test_browser_renders_every_mark(chromium, rendered, tmp_path):
    path, items = rendered
    dom = run_chromium(chromium, tmp_path / "profile", "--dump-dom", path.as_uri()).stdout
    assert dom.count("<mark") == sum(len(records) for _, records in items)
    assert "<script" not in dom
    check_articles(Page(dom), items)


def test_browser_takes_a_screenshot(chromium, rendered, tmp_path):
    path, _ = rendered
    shot = tmp_path / "report.png"
    run_chromium(
        chromium,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1200,1600",
        path.as_uri(),
    )
    assert shot.exists() and shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# Run in the page that holds the report in iframes of a given width (a phone's 400 px,
# a desktop's 1200 px): Chromium's own window cannot be made narrower than 500 px.
LAYOUT_PROBE = """
function probe(frame) {
  const doc = frame.contentDocument, view = frame.contentWindow;
  const boxes = '.top, nav.filter, .type-overview, .table-wrap, table, article.doc, h1, h2';
  const wide = [...doc.querySelectorAll(boxes)]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.tagName}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
  const found = selector => doc.querySelector(selector);  // null where it is missing
  const top = selector => found(selector)?.getBoundingClientRect().top;
  const outline = s => found(s) && view.getComputedStyle(found(s)).outlineStyle;
  const sources = ['gazetteer', 'rule', 'model'];
  const result = {
    viewport: view.innerWidth,
    scrollWidth: doc.documentElement.scrollWidth,
    wide,
    tops: ['.top', 'nav.filter', '#overview', '#pairs', '#documents'].map(top),
    marks: sources.map(s => outline(`.doc-text mark[data-source="${s}"]`)),
    legend: sources.map(s => outline(`.legend .sample[data-source="${s}"]`)),
  };
  const out = document.createElement('pre');
  out.className = 'probe';
  out.textContent = JSON.stringify(result);
  document.body.append(out);
}
"""


@pytest.fixture(scope="module")
def layouts(chromium, rendered, tmp_path_factory) -> dict[int, dict]:
    """The report laid out at 400 and 1200 px: what overflows, where the parts are."""
    path, _ = rendered
    page = html.escape(path.read_text(encoding="utf-8"), quote=True)
    frames = "".join(
        f'<iframe onload="probe(this)" style="width: {width}px; height: 900px; border: 0" '
        f'srcdoc="{page}"></iframe>'
        for width in (400, 1200)
    )
    folder = tmp_path_factory.mktemp("layout")
    holder = folder / "holder.html"
    holder.write_text(
        f"<!DOCTYPE html><html><head><script>{LAYOUT_PROBE}</script></head>"
        f'<body style="margin: 0">{frames}</body></html>',
        encoding="utf-8",
    )
    dom = run_chromium(
        chromium, folder / "profile", "--window-size=1300,1000", "--dump-dom", holder.as_uri()
    ).stdout
    probes = re.findall(r'<pre class="probe">(.*?)</pre>', dom)
    found = [json.loads(html.unescape(probe)) for probe in probes]
    assert len(found) == 2, dom[-2000:]
    return {result["viewport"]: result for result in found}


@pytest.mark.parametrize("width", [400, 1200])
def test_browser_fits_the_report_to_the_screen(layouts, width):
    layout = layouts[width]
    assert layout["scrollWidth"] <= width  # no sideways scrolling of the page
    assert layout["wide"] == []  # nor of a card, table or article inside it


@pytest.mark.parametrize("width", [400, 1200])
def test_browser_shows_the_overview_first(layouts, width):
    """Written after the articles, the summary, filter, overview and pairs show above them."""
    tops = layouts[width]["tops"]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


def test_browser_marks_each_source_its_own_way_as_the_legend_says(layouts):
    layout = layouts[400]
    assert layout["marks"] == ["none", "dashed", "dotted"]  # gazetteer, rule, model
    assert layout["legend"] == layout["marks"]


def test_cli_writes_the_report_whole_or_not_at_all(tmp_path, monkeypatch):
    """``-o report.html``: the articles of every input; a run that fails half-way through
    keeps the previous report and leaves no partial file beside it."""
    output = tmp_path / "report.html"
    done = CliRunner().invoke(cli, ["extract", str(SEEDS), "-o", str(output), "-q"])
    assert done.exit_code == 0, done.output
    before = output.read_bytes()
    assert Page(before.decode("utf-8")).articles and before.count(b"<article") == 5

    import ner_cli.report

    rendered = []
    real_article = ner_cli.report._article

    def failing_article(position, document, records):
        if position == 3:
            raise RuntimeError("disk on fire")
        rendered.append(position)
        return real_article(position, document, records)

    monkeypatch.setattr(ner_cli.report, "_article", failing_article)
    failed = CliRunner().invoke(cli, ["extract", str(SEEDS), "-o", str(output), "-q"])
    assert failed.exit_code != 0 and isinstance(failed.exception, RuntimeError)
    assert rendered == [0, 1, 2]  # three articles were written before the failure
    assert output.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.html"]


def test_a_large_document_in_pieces_is_one_article(tagger):
    """Regression: pieces of one document each became an article of the whole text."""
    from ner_cli.inputs import Document
    from ner_cli.pipeline import tag_documents

    text = "زار الوفد طشقند.\n\nثم زار موسكو.\n\n" * 20
    document = Document("big.txt", text)
    batches = list(tag_documents(tagger, [document], piece_characters=100))
    assert len(batches) > 3
    page = render_html(batches)
    assert page.count("<article") == 1
    assert page.count("<mark") == 40


def test_the_pairs_named_together_have_their_section(mini_tagger):
    text = "زارت الصين طاجيكستان. ثم التقى وفد الصين وفد طاجيكستان في طشقند.\nأوزبكستان وحدها."
    other = "الصين وطاجيكستان"
    items = [
        (Document("a.txt", text), build_records("a.txt", text, mini_tagger(text))),
        (Document("b.txt", other), build_records("b.txt", other, mini_tagger(other))),
    ]
    page_html = render_html(items)
    section = page_html.split('<section id="pairs"', 1)[1].split("</section>", 1)[0]
    rows = [row.split("</tr>")[0] for row in section.split('<tr class="pair">')[1:]]
    assert len(rows) == 3  # CHN-TJK, CHN-tashkent, TJK-tashkent; UZB is alone
    first = rows[0]
    assert "الصين" in first and "طاجيكستان" in first
    assert '<td class="count">3</td><td class="count">2</td>' in first
    assert 'href="#doc-1"' in first
    assert page_html.count('<section id="pairs"') == 1  # placed by CSS: see the browser test
    alone = render_html([(Document("c.txt", "أوزبكستان"), [])])
    assert '<tr class="pair">' not in alone and 'id="pairs"' in alone
