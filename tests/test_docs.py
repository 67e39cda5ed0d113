"""What a fresh clone's user reads: help texts and the entity contract lead only to files
the repository has (no ``../shared``, which only this workplace has beside the clone)."""

import re
import shlex
import tomllib

import click
import pytest
from click.testing import CliRunner

from ner_cli.cli import cli
from tests.conftest import ROOT

SHARED_CONTRACT = ROOT.parent / "shared" / "ENTITIES.md"


def helps(command: click.Command, parent: click.Context | None = None, name: str = "ner"):
    """Every command's and group's ``--help``, by the words that name it."""
    context = click.Context(command, info_name=name, parent=parent, terminal_width=200)
    yield context.command_path, command.get_help(context)
    for sub_name, sub in getattr(command, "commands", {}).items():
        yield from helps(sub, context, sub_name)


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_no_help_text_points_outside_the_repository():
    texts = dict(helps(cli))
    assert "ner evaluate" in texts and "ner query ARCHIVE docs" in texts
    outside = {name for name, text in texts.items() if "../" in text or "/work/" in text}
    assert outside == set()


def test_evaluate_examples_use_files_a_clone_has():
    examples = [
        shlex.split(line.split("|")[0])
        for line in help_text(("evaluate",)).splitlines()
        if line.strip().startswith("ner evaluate")
    ]
    assert len(examples) >= 2
    paths = [word for words in examples for word in words if "/" in word or "." in word]
    assert paths and all((ROOT / path).exists() for path in paths), paths


def test_the_entity_contract_ships_in_docs():
    shipped = ROOT / "docs" / "ENTITIES.md"
    text = shipped.read_text(encoding="utf-8")
    assert text.startswith("# What counts as an entity")
    assert all(f"| {kind} |" in text for kind in ("PERSON", "ORG", "COUNTRY", "LOC"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/ENTITIES.md" in readme and "../shared/ENTITIES.md" not in readme


@pytest.mark.skipif(
    not SHARED_CONTRACT.exists(),
    reason="../shared/ENTITIES.md (the workplace's copy) is not beside this checkout",
)
def test_the_shipped_contract_is_the_workplaces():
    assert (ROOT / "docs" / "ENTITIES.md").read_bytes() == SHARED_CONTRACT.read_bytes()


def test_readme_commands_run_through_uv():
    """The tour's commands work as written right after set-up: ``uv run ner``, not a
    bare ``ner`` that is on no PATH yet."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A quick tour", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", tour, re.S).group(1)
    lines = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert len(lines) > 10
    bare = [line for line in lines if re.search(r"(^|\| )ner ", line)]
    assert bare == []


def test_the_tool_install_overrides_are_the_projects():
    """``uv tool install . --overrides overrides.txt`` keeps out what ``uv sync`` does."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = (ROOT / "overrides.txt").read_text(encoding="utf-8").splitlines()
    overrides = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert overrides == project["tool"]["uv"]["override-dependencies"]


# The README's captured tables, in order, and the commands and widths they were taken at.
README_CAPTURES = [
    (80, ["extract", "seeds/003_712150a91ededc25.txt", "--type", "PERSON"]),
    (80, ["extract", "seeds/", "--summary", "--min-count", "3"]),
    (180, ["extract", "seeds/003_712150a91ededc25.txt", "--type", "PERSON"]),
    (180, ["extract", "seeds/", "--summary", "--min-count", "3"]),
]


@pytest.mark.parametrize("number", range(len(README_CAPTURES)))
def test_the_readmes_captured_tables_are_what_the_tool_draws(number, monkeypatch):
    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```text\n(.*?)```", readme, re.S)
    assert len(blocks) >= len(README_CAPTURES)  # the first ones; later blocks are not tables
    width, args = README_CAPTURES[number]
    options = ["-f", "table", "--bidi", "on", "--no-color", "--width", str(width)]
    drawn = CliRunner().invoke(cli, [*args, *options]).stdout.splitlines()
    # Each captured line is wrapped in LEFT-TO-RIGHT OVERRIDE … POP, for web pages.
    assert [line.strip("\u202d\u202c") for line in blocks[number].splitlines()] == drawn
