"""Small tables of figures: an evaluation's scores, a gazetteer's counts."""

from __future__ import annotations

from typing import TextIO

__all__ = ["render_counts", "render_evaluation"]


def render_evaluation(evaluation, stream: TextIO) -> None:
    """Print an evaluation's scores as rich tables: lenient, exact, and linking."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False)
    data = evaluation.as_dict()
    table = Table(
        "type",
        "tp",
        "fp",
        "fn",
        "precision",
        "recall",
        "F1",
        "exact F1",
        title="Scores (lenient boundaries; exact F1 beside)",
        title_justify="left",
    )
    for kind, row in data["lenient"].items():
        exact = data["exact"].get(kind, {}).get("f1", 0.0)
        table.add_row(
            kind,
            str(row["tp"]),
            str(row["fp"]),
            str(row["fn"]),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            f"{exact:.3f}",
            style="bold" if kind == "micro" else None,
        )
    console.print(table)
    linking = data["linking"]
    console.print(
        f"Linking accuracy: {linking['accuracy']:.3f} "
        f"({linking['correct']} of {linking['total']} matched mentions with a gold id)"
    )


def render_counts(counts: dict[str, dict[str, int]], stream: TextIO) -> None:
    """Print a table of counts: one row per key, one column per count."""
    from rich.console import Console
    from rich.table import Table

    columns = list(next(iter(counts.values())))
    table = Table("", *columns)
    for name, row in counts.items():
        table.add_row(name, *(str(row[column]) for column in columns))
    Console(file=stream, highlight=False).print(table)
