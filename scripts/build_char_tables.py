"""Build data/char_tables.json: what ner-cli needs of camel_tools' character tables.

camel_tools computes its character sets at import, over all 1.1 million code points;
ner-cli ships the few tables it needs instead (see ner_cli.chartables), so that a run
does not pay for that loop. Run again whenever camel_tools, emoji, regex or Python's
Unicode database change version (tests/test_chartables.py fails until then, and
ner-cli meanwhile computes the tables itself at start-up).

Run: uv run python scripts/build_char_tables.py
"""

from __future__ import annotations

import json
from pathlib import Path

from ner_cli.chartables import TABLES_FILE, compute_tables, installed_versions

OUTPUT = Path(__file__).resolve().parent.parent / "data" / TABLES_FILE


def main() -> None:
    data = compute_tables().to_json(installed_versions())
    # One table a line, ASCII only: the emoji sequences hold invisible characters.
    compact = {key: json.dumps(value, separators=(",", ":")) for key, value in data.items()}
    lines = [f"{json.dumps(key)}: {value}" for key, value in compact.items()]
    OUTPUT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="ascii")
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
