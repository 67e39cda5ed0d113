import codecs
import os

import pytest

from ner_cli.errors import InputError
from ner_cli.inputs import collect_sources, decode, read_document


def test_directories_are_searched_recursively_in_sorted_order(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.txt", "sub/skip.md"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("نص", encoding="utf-8")
    sources, problems = collect_sources([str(tmp_path)])
    assert [s.removeprefix(str(tmp_path) + "/") for s in sources] == ["a.txt", "b.txt", "sub/c.txt"]
    assert problems == []
    sources, _ = collect_sources([str(tmp_path)], "*.md")
    assert [s.removeprefix(str(tmp_path) + "/") for s in sources] == ["sub/skip.md"]


def test_each_file_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    sources, _ = collect_sources([str(tmp_path), str(tmp_path / "a.txt"), "-", "-"])
    assert sources == [str(tmp_path / "a.txt"), "-"]


def test_missing_paths_and_empty_directories_are_reported(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    paths = [str(tmp_path / "absent.txt"), str(tmp_path / "empty"), str(tmp_path / "dangling")]
    sources, problems = collect_sources(paths)
    assert sources == []
    assert [p.problem for p in problems] == [
        "no such file or directory",
        "directory holds no file matching '*.txt'",
        "broken symbolic link",
    ]


@pytest.mark.parametrize(
    "data",
    [
        "طشقند".encode(),
        codecs.BOM_UTF8 + "طشقند".encode(),
        codecs.BOM_UTF16_LE + "طشقند".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "طشقند".encode("utf-16-be"),
    ],
)
def test_utf8_and_bom_marked_text_decode_without_the_bom(data):
    assert decode(data, "f") == "طشقند"


def test_windows_1256_is_detected_and_can_be_named(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("زار الوفد طشقند وموسكو".encode("cp1256"))
    assert read_document(str(path)).text == "زار الوفد طشقند وموسكو"
    assert read_document(str(path), "cp1256").text == "زار الوفد طشقند وموسكو"


def test_bytes_that_are_neither_utf8_nor_arabic_are_refused(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("café crème brûlée".encode("latin-1"))
    with pytest.raises(InputError, match=r"not valid UTF-8 at byte 3 .*--encoding"):
        read_document(str(path))
    assert read_document(str(path), "latin-1").text == "café crème brûlée"


def test_binary_and_unknown_encodings_are_input_errors():
    with pytest.raises(InputError, match="binary file"):
        decode(b"\x00\x01abc", "f")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "f", "no-such-codec")


def test_a_folder_reached_twice_is_no_loop(tmp_path):
    """Regression: any folder seen twice was reported as a symbolic link loop."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "alias").symlink_to(tmp_path / "shared")
    sources, problems = collect_sources([str(tmp_path)])
    assert problems == []
    assert [os.path.basename(s) for s in sources] == ["a.txt"]


def test_a_file_named_twice_through_links_is_read_once(tmp_path):
    """Files are told apart by their real paths: a link to a listed file, a folder
    reached through a link and a relative path all name the same file."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "real" / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "via").symlink_to(tmp_path / "real")
    paths = [str(tmp_path / "via"), str(tmp_path / "real" / "a.txt"), str(tmp_path / "real")]
    sources, problems = collect_sources(paths)
    assert problems == []
    assert sources == [str(tmp_path / "via" / "a.txt")]
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path / "real")
        assert collect_sources(["a.txt", str(tmp_path / "via" / "b.txt")])[0] == ["a.txt"]
    finally:
        os.chdir(cwd)


def test_an_output_that_is_an_input_is_found_through_links(tmp_path):
    """The output clashes with an input it resolves to, through a link either way; a
    file that does not exist yet, or another file, does not clash."""
    from ner_cli.inputs import output_conflict

    (tmp_path / "in").mkdir()
    article = tmp_path / "in" / "a.txt"
    article.write_text("نص", encoding="utf-8")
    (tmp_path / "alias.json").symlink_to(article)
    sources, _ = collect_sources([str(article)])
    assert "is also an input file" in output_conflict(tmp_path / "alias.json", [], sources, "*")
    (tmp_path / "out.json").write_text("[]", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "out.json")
    linked, _ = collect_sources([str(tmp_path / "link.txt")])
    assert "is also an input file" in output_conflict(tmp_path / "out.json", [], linked, "*")
    assert output_conflict(tmp_path / "new.json", [], sources, "*") is None
    assert output_conflict(tmp_path / "out.json", [], sources, "*") is None
