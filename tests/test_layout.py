"""Column widths from the terminal's width, cells fitted to them."""

from rich.cells import cell_len

from ner_cli.display import visual
from ner_cli.writers.layout import (
    FLEXIBLE,
    OPTIONAL,
    Spec,
    fit_context,
    plan,
    shorten_left,
    wrapped,
)

MENTIONS = [
    Spec("where", 32, 16, stiffness=2),
    Spec("type", 7, 7),
    Spec("mention", 24, 10, justify="right", stiffness=1),
    Spec("id", 20, 8),
    Spec("name", 28, 12, OPTIONAL),
    Spec("context", 160, 36, FLEXIBLE, justify="right"),
]


def test_wide_terminal_draws_every_column_side_by_side():
    chosen = plan(MENTIONS, 200)
    assert [spec.heading for spec in chosen.columns] == [s.heading for s in MENTIONS]
    assert chosen.beneath is None and chosen.width <= 200


def test_the_optional_column_goes_before_the_context_moves():
    chosen = plan(MENTIONS, 140)
    assert "name" not in [spec.heading for spec in chosen.columns]
    assert chosen.beneath is None


def test_narrow_terminal_puts_the_context_on_its_own_line():
    for width in (80, 100, 120):
        chosen = plan(MENTIONS, width)
        assert chosen.beneath.heading == "context"
        assert chosen.width == width  # the line beneath takes the whole width
        assert all(w >= spec.minimum for w, spec in zip(chosen.widths, chosen.columns, strict=True))


def test_the_room_a_stacked_table_leaves_goes_to_its_last_column():
    chosen = plan(MENTIONS, 110)  # where, type, mention and id need 96 cells
    assert [spec.heading for spec in chosen.columns] == ["where", "type", "mention", "id"]
    assert chosen.widths == (32, 7, 24, 20 + 14) and chosen.inner == 106


def test_a_stacked_table_keeps_the_optional_column_where_it_fits_shrunk():
    chosen = plan(MENTIONS, 120)
    widths = dict(zip([s.heading for s in chosen.columns], chosen.widths, strict=True))
    assert chosen.beneath.heading == "context" and chosen.width == 120
    assert 12 <= widths["name"] < 28  # only the optional column gave room
    assert (widths["where"], widths["mention"], widths["id"]) == (32, 24, 20)


def test_ids_shrink_before_mentions():
    chosen = plan(MENTIONS, 80)
    widths = dict(zip([s.heading for s in chosen.columns], chosen.widths, strict=True))
    assert widths["id"] == 8 and widths["mention"] > 10 and widths["where"] == 32


def test_where_shrinks_last_and_never_below_its_minimum():
    deep = [Spec("where", 60, 16, stiffness=2), *MENTIONS[1:]]
    chosen = plan(deep, 80)
    widths = dict(zip([s.heading for s in chosen.columns], chosen.widths, strict=True))
    assert widths["mention"] == 10 and widths["id"] == 8  # the others gave all they could
    assert 16 <= widths["where"] < 60 and chosen.width <= 80


def test_shorten_left_keeps_the_file_name_and_line():
    assert shorten_left("a/b/c.txt:12", 20) == "a/b/c.txt:12"
    short = shorten_left("archive/2026/11/30/000_40ba571edd290cb5.txt:12", 20)
    assert short.startswith("…") and short.endswith("cb5.txt:12") and cell_len(short) == 20


def test_wrapped_arabic_lines_come_in_reading_order():
    lines = wrapped("منظمة شنغهاي للتعاون", 13, bidi=True)
    assert lines == [visual("منظمة شنغهاي"), visual("للتعاون")]
    assert wrapped("منظمة شنغهاي للتعاون", 13) == ["منظمة شنغهاي", "للتعاون"]


def test_wrapped_splits_a_word_only_when_longer_than_the_line():
    assert wrapped("rt-world-news-website", 8) == ["rt-", "world-", "news-", "website"]
    assert wrapped("rt-world-news-website", 12) == ["rt-world-", "news-website"]
    assert wrapped("ugoljerenniyazberdiyeva", 8) == ["ugoljere", "nniyazbe", "rdiyeva"]
    assert all(cell_len(line) <= 8 for line in wrapped("Commonwealth of Independent States", 8))


def test_context_is_cut_between_words_and_marked():
    before = "انطلق اليوم الأربعاء مؤتمر مشترك في "
    after = " بأوزبكستان وتم تنظيم هذا الحدث"
    left, mention, right = fit_context(before, "طشقند", after, 30)
    assert mention == "طشقند"
    assert left.startswith("…") and right.endswith("…")
    kept_before, kept_after = left[1:], right[:-1]
    assert before.endswith(kept_before) and before[-len(kept_before) - 1] == " "  # whole words
    assert after.startswith(kept_after) and after[len(kept_after)] == " "
    assert cell_len(left + mention + right) <= 30


def test_context_that_fits_is_whole_and_unmarked():
    assert fit_context("في ", "طشقند", " أمس", 40) == ("في ", "طشقند", " أمس")
    # ... unless it was already cut where it came from
    assert fit_context("في ", "طشقند", " أمس", 40, cut_before=True)[0] == "…في "


def test_a_short_side_leaves_its_room_to_the_other():
    left, _, right = fit_context("", "طشقند", " " + "كلمة " * 20, 40)
    assert left == "" and cell_len(right) > 30


def test_a_column_goes_below_its_minimum_to_its_floor_only_where_nothing_else_fits():
    where = Spec("where", 50, 40, stiffness=2, floor=16)  # a path, its file name 40 cells
    specs = [Spec("count", 9, 9), where, Spec("context", 160, 36, FLEXIBLE, justify="right")]
    roomy = dict(zip(["count", "where"], plan(specs, 66).widths, strict=True))
    assert roomy["where"] == 50  # the context beneath, the path whole
    cramped = plan(specs, 40)
    assert cramped.widths[1] < 40 and cramped.widths[1] >= 16 and cramped.width == 40
