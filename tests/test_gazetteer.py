import pytest

from ner_cli.errors import GazetteerError
from ner_cli.gazetteer import (
    GazetteerIndex,
    check_entries,
    gazetteer_stats,
    load_gazetteer,
    load_gazetteers,
    phrase_key,
)

HEADER = "id,type,name_ar,name_en,aliases\n"


def write(tmp_path, body, header=HEADER, name="g.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_rows_load_with_their_aliases(tmp_path):
    path = write(tmp_path, "KGZ,COUNTRY,قيرغيزستان,Kyrgyzstan,قرغيزستان| قرغيزيا |\n")
    (entry,) = load_gazetteer(path)
    assert entry.id == "KGZ" and entry.type == "COUNTRY"
    assert entry.aliases == ("قرغيزستان", "قرغيزيا")
    assert entry.surface_forms == ("قيرغيزستان", "قرغيزستان", "قرغيزيا")


def test_extra_columns_are_allowed(tmp_path):
    path = write(
        tmp_path,
        "UZB,COUNTRY,أوزبكستان,Uzbekistan,,a note\n",
        header="id,type,name_ar,name_en,aliases,note\n",
    )
    assert load_gazetteer(path)[0].note == "a note"


@pytest.mark.parametrize(
    ("header", "body", "line", "problem"),
    [
        ("id,type,name_ar,name_en\n", "", 1, "missing column(s): aliases"),
        (HEADER, "X,CITY,باريس,Paris,\n", 2, "unknown type 'CITY'"),
        (
            HEADER,
            "UZB,COUNTRY,أوزبكستان,Uzbekistan,\nUZB,COUNTRY,اوزبكستان,Uzbekistan,\n",
            3,
            "duplicate id 'UZB' (first on line 2)",
        ),
        (HEADER, "UZB,COUNTRY,,Uzbekistan,\n", 2, "empty name_ar"),
        (HEADER, ",COUNTRY,أوزبكستان,Uzbekistan,\n", 2, "empty id"),
        (HEADER, "UZB,COUNTRY,أوزبكستان\n", 2, "expected 5 fields, found 3"),
        ("", "", 1, "empty file"),
    ],
)
def test_malformed_files_name_file_line_and_problem(tmp_path, header, body, line, problem):
    path = write(tmp_path, body, header=header)
    with pytest.raises(GazetteerError) as caught:
        load_gazetteer(path)
    assert caught.value.line == line
    assert problem in caught.value.problem
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_missing_file_is_a_gazetteer_error(tmp_path):
    with pytest.raises(GazetteerError, match="cannot read"):
        load_gazetteer(tmp_path / "absent.csv")


def test_later_layers_replace_entries_with_the_same_id(tmp_path):
    base = write(tmp_path, "UZB,COUNTRY,أوزبكستان,Uzbekistan,\n", name="base.csv")
    mine = write(tmp_path, "UZB,COUNTRY,أوزبكستان,Republic of Uzbekistan,\n", name="mine.csv")
    (entry,) = load_gazetteers([base, mine])
    assert entry.name_en == "Republic of Uzbekistan"


def test_later_layers_win_shared_surface_forms(tmp_path):
    base = write(tmp_path, "amman,LOC,عمان,Amman,\n", name="base.csv")
    mine = write(tmp_path, "OMN,COUNTRY,عمان,Oman,\n", name="mine.csv")
    index = GazetteerIndex.from_paths([base, mine])
    assert index.lookup(phrase_key("عُمان")).id == "OMN"


def test_index_keys_are_normalised_token_sequences(mini_index):
    assert mini_index.lookup(phrase_key("منظمة شنغهاي للتعاون")).id == "SCO"
    assert mini_index.lookup(phrase_key("مُنَظَّمَة شانغهاي للتعاون")).id == "SCO"
    assert ("مكتب", 0, 1, 5) in mini_index.openings("مكتب")
    assert ("مكتب", 1, 1, 5) in mini_index.openings("ومكتب")  # و + مكتب …
    assert mini_index.lookup(phrase_key("منظمة شنغهاي")) is None


def test_check_reports_shared_and_repeated_forms_and_bad_country_ids(tmp_path):
    path = write(
        tmp_path,
        "OMN,COUNTRY,عمان,Oman,سلطنة عمان|سلطنة عُمان\n"
        "amman,LOC,عمّان,Amman,\n"
        "Oman,COUNTRY,سلطنة,Sultanate,\n",
    )
    problems = check_entries(load_gazetteer(path))
    assert problems == [
        f"{path}:2: OMN: 'سلطنة عُمان' repeats another of its forms once normalised",
        f"{path}:3: amman: 'عمّان' is also a form of OMN ({path}:2); keep it on one entry",
        f"{path}:4: country id 'Oman' is not ISO alpha-3 shaped",
    ]


def test_a_clean_gazetteer_has_no_problems(mini_index):
    assert check_entries(mini_index.entries) == []


def test_stats_count_entries_and_forms_per_type(mini_index):
    stats = gazetteer_stats(mini_index.entries)
    assert stats["COUNTRY"] == {"entries": 4, "surface_forms": 8}
    assert stats["total"]["entries"] == len(mini_index.entries)
