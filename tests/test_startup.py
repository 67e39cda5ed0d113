"""Light commands stay light: ``ner --version``, ``--help`` and ``ner gazetteer stats``
answer without importing the tagger, camel_tools (most of a second at import), numpy,
pandas or rich, which only tagging and tables need."""

import subprocess
import sys

import pytest

# Run the console entry point as ``ner`` would, then list what it imported.
PROBE = """
import sys
from ner_cli.cli import main
sys.argv = ["ner", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""
HEAVY = ("camel_tools", "numpy", "pandas", "rich", "ner_cli.tagger", "ner_cli.model")


def imported_by(*args: str) -> tuple[str, set[str]]:
    """The output of ``ner ARGS`` and the modules the run imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return result.stdout, set(result.stderr.split())


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["extract", "--help"],
        ["evaluate", "--help"],
        ["gazetteer", "check", "--help"],
        ["query", "archive.db", "with", "--help"],
        ["gazetteer", "stats", "-f", "json"],
    ],
)
def test_light_commands_import_no_tagger_camel_numpy_pandas_or_rich(args):
    output, modules = imported_by(*args)
    assert output  # the command did answer
    assert heavy(modules) == []


def test_version_is_the_installed_one():
    from importlib.metadata import version

    output, _ = imported_by("--version")
    assert output == f"ner, version {version('ner-cli')}\n"


def test_gazetteer_stats_counts_without_the_tokenizer():
    output, modules = imported_by("gazetteer", "stats", "-f", "json")
    assert '"total"' in output
    assert "ner_cli.tokenize" not in modules and "ner_cli.normalize" not in modules


def test_the_library_still_offers_tagger_and_mention_at_the_top():
    import ner_cli

    assert ner_cli.Tagger.__module__ == "ner_cli.tagger"
    assert ner_cli.Mention.__module__ == "ner_cli.matcher"
    with pytest.raises(AttributeError):
        ner_cli.no_such_name  # noqa: B018
