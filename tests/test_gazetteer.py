import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ner_cli.errors import GazetteerError
from ner_cli.gazetteer import (
    GazetteerIndex,
    check_entries,
    default_gazetteer_path,
    gazetteer_stats,
    load_gazetteer,
    load_gazetteers,
    phrase_key,
    phrase_keys,
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
        f"{path}:4: Oman: 'سلطنة' is an everyday word, never a name; every use of it in a "
        "text would be tagged COUNTRY",
    ]


def test_a_clean_gazetteer_has_no_problems(mini_index):
    assert check_entries(mini_index.entries) == []


def test_stats_count_entries_and_forms_per_type(mini_index):
    stats = gazetteer_stats(mini_index.entries)
    assert stats["COUNTRY"] == {"entries": 4, "surface_forms": 8}
    assert stats["total"]["entries"] == len(mini_index.entries)


def default_entries():
    return load_gazetteer(default_gazetteer_path())


def test_check_flags_everyday_word_forms(tmp_path):
    path = write(
        tmp_path,
        "fi,LOC,قرية في,Fi,في\n"  # a preposition: 18 LOC in one article
        "wa,LOC,قرية الواو,Wa,و\n"  # one letter
        "gov,ORG,مجلس الوزراء,Cabinet,الحكومة|جديد\n"  # everyday words, not names
        "mu,PERSON,مو,Mo,\n"  # a name_ar of two letters is still too short
        "homs,LOC,حمص,Homs,\n"  # a single-word name
        "EGY,COUNTRY,مصر,Egypt,جمهورية مصر العربية\n"  # a frequent word the default names
        "UN,ORG,الأمم المتحدة,United Nations,UN|الامم المتحده\n",  # Latin capitals
    )
    problems = check_entries(load_gazetteer(path), default_entries())
    assert problems == [
        f"{path}:2: fi: 'في' is an everyday word, never a name; every use of it in a text "
        "would be tagged LOC",
        f"{path}:3: wa: 'و' has fewer than three letters; every use of it in a text would "
        "be tagged LOC",
        f"{path}:4: gov: 'الحكومة' is an everyday word (data/common_words.txt); every use of "
        "it in a text would be tagged ORG",
        f"{path}:4: gov: 'جديد' is an everyday word (data/common_words.txt); every use of it "
        "in a text would be tagged ORG",
        f"{path}:5: mu: 'مو' has fewer than three letters; every use of it in a text would be "
        "tagged PERSON",
        f"{path}:8: UN: 'الامم المتحده' repeats another of its forms once normalised",
    ]


def test_check_flags_an_id_reused_with_another_type(tmp_path):
    path = write(tmp_path, "SCO,PERSON,سكو بيرسون,Sco Person,\nUZB,COUNTRY,أوزبكستان,Uzbekistan,\n")
    assert check_entries(load_gazetteer(path), default_entries()) == [
        f"{path}:2: id SCO is ORG in the default gazetteer but PERSON here; every SCO "
        "mention would change type"
    ]


def test_an_id_listed_twice_with_another_type_names_both_types(tmp_path):
    path = write(tmp_path, "SCO,ORG,منظمة شنغهاي,SCO,\nSCO,PERSON,سكو بيرسون,Sco,\n")
    with pytest.raises(GazetteerError) as caught:
        load_gazetteer(path)
    assert str(caught.value) == (
        f"{path}:3: duplicate id 'SCO' (first on line 2) with another type: ORG there, PERSON here"
    )


def test_index_warns_of_an_extra_entry_that_retypes_a_default_id(tmp_path):
    mine = write(tmp_path, "SCO,PERSON,سكو بيرسون,Sco Person,\n", name="mine.csv")
    index = GazetteerIndex.from_paths([default_gazetteer_path(), mine])
    assert index.warnings == [
        f"{mine}:2: id SCO is ORG in the default gazetteer but PERSON here; every SCO "
        "mention would change type"
    ]
    assert index.lookup(phrase_key("سكو بيرسون")).type == "PERSON"
    assert GazetteerIndex.from_paths([default_gazetteer_path()]).warnings == []


def test_alias_cells_longer_than_the_csv_default_limit_load(tmp_path):
    aliases = "|".join(f"اسم{number}" for number in range(30_000))
    assert len(aliases) > 131_072
    path = write(tmp_path, f"big,ORG,منظمة كبيرة,Big,{aliases}\n")
    (entry,) = load_gazetteer(path)
    assert len(entry.aliases) == 30_000


# Phrase keys: a form of letters and spaces is split on spaces without the tokenizer;
# whatever the form, its key is camel_tools' tokens, normalised.
FAST_ALPHABET = [chr(c) for c in range(0x0621, 0x0660)] + list("abcXYZ \t\n\u00a0\u2003\u3000")
OTHER_CHARACTERS = list("،.()-«»0123456789٣\u200c\u200f\ufeffﻻﷺ🙂ℹ\ufe0f#*")


def camel_phrase_key(surface: str) -> tuple[str, ...]:
    from camel_tools.tokenizers.word import simple_word_tokenize

    from ner_cli.normalize import normalize_phrase

    return normalize_phrase(simple_word_tokenize(surface))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(FAST_ALPHABET), max_size=40))
def test_a_form_of_letters_and_spaces_keys_as_the_tokenizer_splits_it(surface):
    assert phrase_key(surface) == camel_phrase_key(surface)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(FAST_ALPHABET + OTHER_CHARACTERS), max_size=40))
def test_a_form_with_punctuation_digits_or_symbols_keys_as_the_tokenizer_splits_it(surface):
    assert phrase_key(surface) == camel_phrase_key(surface)


def test_every_shipped_form_keys_as_the_tokenizer_splits_it():
    entries = load_gazetteer(default_gazetteer_path())
    forms = [form for entry in entries for form in entry.surface_forms]
    assert [phrase_key(form) for form in forms] == [camel_phrase_key(form) for form in forms]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from([*FAST_ALPHABET, *OTHER_CHARACTERS, "|"]), max_size=20),
        max_size=12,
    )
)
def test_forms_keyed_together_key_as_each_alone(surfaces):
    # Folded in one call, joined by "|": forms with other characters, or "|" itself,
    # are still keyed as phrase_key keys each.
    assert phrase_keys(surfaces) == [phrase_key(surface) for surface in surfaces]


def test_a_well_formed_row_after_blank_ones_keeps_its_line(tmp_path):
    path = write(tmp_path, ",,,,\n  ,\t, , ,\nUZB,COUNTRY,أوزبكستان,Uzbekistan, أوزبكيا |\n")
    (entry,) = load_gazetteer(path)
    assert entry.origin == f"{path}:4"
    assert entry.aliases == ("أوزبكيا",)
