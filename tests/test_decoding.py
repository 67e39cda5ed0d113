"""Bytes to text: the decisions ner_cli.decoding makes, and says."""

import codecs

import pytest

from ner_cli.decoding import decode_text, reads_as_arabic
from ner_cli.errors import InputError

ARABIC_NEWS = "زار الرئيس فلاديمير بوتين موسكو ثم طشقند، والتقى وزير الخارجية في العاصمة.\n" * 3


def test_case1_mojibake_and_other_code_pages_do_not_read_as_arabic():
    assert reads_as_arabic(ARABIC_NEWS)
    assert not reads_as_arabic(ARABIC_NEWS.encode("utf-8").decode("cp1256"))  # ط²ط§ط±
    assert not reads_as_arabic(ARABIC_NEWS.encode("iso-8859-6").decode("cp1256"))


def test_case1_decoding_says_how_a_file_was_read():
    assert decode_text(ARABIC_NEWS.encode(), "f").note == ""
    legacy = decode_text(ARABIC_NEWS.encode("cp1256"), "f")
    assert legacy.text == ARABIC_NEWS and legacy.note.startswith("not UTF-8; read as cp1256")
    big_endian = codecs.BOM_UTF32_BE + ARABIC_NEWS.encode("utf-32-be")
    assert decode_text(big_endian, "f").text == ARABIC_NEWS
    with pytest.raises(InputError, match=r"at byte 7 \(0xff; 1 bad byte in UTF-8 text"):
        decode_text(ARABIC_NEWS.encode()[:7] + b"\xff" + ARABIC_NEWS.encode()[7:], "f")
    replaced = decode_text(b"abc\xffdef", "f", errors="replace")
    assert replaced.text == "abc\ufffddef" and "1 bad byte (first at byte 3)" in replaced.note
