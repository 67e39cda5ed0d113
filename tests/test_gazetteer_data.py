"""The shipped gazetteer: coverage, valid ids, and every name found in running text."""

import pycountry
import pytest
from babel import Locale
from click.testing import CliRunner

from ner_cli.cli import cli
from ner_cli.gazetteer import default_gazetteer_path, gazetteer_stats, load_gazetteer
from ner_cli.tagger import Tagger

ENTRIES = load_gazetteer(default_gazetteer_path())
COUNTRIES = [e for e in ENTRIES if e.type == "COUNTRY"]
NON_ISO = {"XKX": "XK"}  # Kosovo: user-assigned, the customary code
HISTORIC = {"SUN"}  # the Soviet Union: ISO 3166-3
PROCLITICS = ["", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"]


@pytest.fixture(scope="module")
def matcher():
    """Gazetteer matching alone: these tests are about the data."""
    return Tagger(rules=False)


def alpha2(entry_id):
    if entry_id in NON_ISO:
        return NON_ISO[entry_id]
    return pycountry.countries.get(alpha_3=entry_id).alpha_2


def with_proclitic(proclitic, name):
    if proclitic.endswith("ل") and name.startswith("ال"):
        return proclitic + name[1:]  # ل + ال is written لل
    return proclitic + name


def test_coverage_targets():
    stats = gazetteer_stats(ENTRIES)
    assert stats["COUNTRY"]["entries"] >= 197  # 193 UN members, 2 observers, TWN, XKX
    assert stats["ORG"]["entries"] >= 80
    assert stats["PERSON"]["entries"] >= 150
    assert stats["LOC"]["entries"] >= 150


def test_country_ids_are_iso_alpha3():
    for entry in COUNTRIES:
        known = (
            pycountry.countries.get(alpha_3=entry.id)
            or (entry.id in HISTORIC and pycountry.historic_countries.get(alpha_3=entry.id))
            or entry.id in NON_ISO
        )
        assert known, entry.id


def test_every_un_member_has_a_row():
    ids = {e.id for e in COUNTRIES}
    un_members_missing = {"VAT", "PSE", "TWN", "XKX"} - ids
    assert not un_members_missing
    assert len(ids - HISTORIC - {"VAT", "PSE", "TWN", "XKX"}) == 193


def test_the_shipped_gazetteer_passes_check():
    result = CliRunner().invoke(cli, ["gazetteer", "check"])
    assert result.exit_code == 0, result.stderr
    assert "no problems" in result.stdout


def _cases():
    arabic = Locale("ar").territories
    for entry in COUNTRIES:
        names = set(entry.surface_forms)
        if entry.id not in HISTORIC:
            names.add(arabic[alpha2(entry.id)].split(" (")[0])  # ميانمار (بورما)
        for name in sorted(names):
            yield entry.id, name


@pytest.mark.parametrize(("entry_id", "name"), list(_cases()))
def test_every_country_name_is_found_with_each_proclitic(matcher, entry_id, name):
    for proclitic in PROCLITICS:
        written = with_proclitic(proclitic, name)
        # The span leaves the proclitic out; after لل it starts at the second ل.
        expected = name if written == proclitic + name else name[1:]
        found = [(m.id, m.text) for m in matcher(f"وصل الوفد {written} يوم الأحد.")]
        assert found == [(entry_id, expected)], written


@pytest.mark.parametrize(
    "text",
    [
        "قدم البنك دعما مالي الطابع للمشروع",  # مالي: financial
        "وأكدت القاعدة العسكرية جاهزيتها",  # القاعدة: the base
        "زار الوفد الجزيرة الصغيرة في البحر",  # الجزيرة: the island
        "القاعدة القانونية واضحة في هذا الشأن",
        "هذا رجل أمين وعادل يعمل من أجل السلام",
        "أكد الرئيس الصيني والوزير الروسي والمسؤول الأمريكي أهمية الحوار",  # demonyms
    ],
)
def test_everyday_words_that_resemble_names_are_not_mentions(tagger, text):
    assert [(m.text, m.type) for m in tagger(text)] == []


@pytest.mark.parametrize(
    ("text", "name", "entity_id"),
    [
        ("تتعاون النيجر ومالي وتشاد في الساحل", "مالي", "MLI"),
        ("تبنى تنظيم القاعدة الهجوم", "القاعدة", "al-qaeda"),
    ],
)
def test_everyday_word_names_are_found_in_a_names_context(tagger, text, name, entity_id):
    assert (name, entity_id) in [(m.text, m.id) for m in tagger(text)]


def _alias_cases():
    """Every Arabic surface form of every entry that owns its form."""
    from ner_cli.gazetteer import GazetteerIndex, phrase_key

    index = GazetteerIndex(ENTRIES)
    for entry in ENTRIES:
        if entry.type == "COUNTRY":
            continue  # above, with CLDR's names
        for surface in entry.surface_forms:
            if surface.isascii() or index.lookup(phrase_key(surface)) is not entry:
                continue
            yield entry.id, surface


@pytest.mark.parametrize(("entry_id", "name"), list(_alias_cases()))
def test_every_name_and_alias_is_found_with_a_proclitic(matcher, entry_id, name):
    from ner_cli.gazetteer import phrase_key

    key = phrase_key(name)
    for proclitic in ["", "و", "ب", "لل" if name.startswith("ال") else "ل"]:
        # By design, a proclitic in front of a word of one or two letters is taken as
        # part of an ordinary word unless more of a name follows (قم، أ ف ب).
        if proclitic and (len(key[0]) < 2 or (len(key[0]) < 3 and len(key) == 1)):
            continue
        written = "ل" + name[1:] if proclitic == "لل" else proclitic + name
        text = f"قال التقرير إن {written} في البيان."
        found = [m.id for m in matcher(text)]
        assert entry_id in found, written


def test_an_everyday_word_name_is_supported_by_a_neighbour_behind_a_proclitic(tagger):
    """Regression: a neighbour's span starts after its و, and was not seen as a neighbour."""
    found = [(m.text, m.id) for m in tagger("أشار التقرير إلى أن مالي والنيجر تواجهان صعوبات")]
    assert ("مالي", "MLI") in found
