"""Measure that ``ner extract`` takes time and memory linear in its input, whatever its shape.

Not a test: figures depend on the machine. The inputs are built in a temporary
directory from the seed articles:

- single-line files (``--sizes``, default 1, 4, 16 and 64 MB): every line of the seeds
  joined with spaces into one line, repeated to the size, as PDF extraction or a page
  flattened to one line gives them;
- a one-word file (``--word-mb``, default 1 MB): the seeds' Arabic letters run
  together, with no space or mark between them;
- as a baseline, a 16 MB file of the seed articles with their paragraph breaks;
- a tiny file, for the start-up time.

Each is tagged by ``ner extract FILE -f jsonl -o OUT`` in a process of its own, so
that each peak RSS is that process's own (``ru_maxrss`` from ``wait4``, in a small
wrapper process, lest the child count this benchmark's own memory); the runs are
interleaved over ``--repeats`` rounds and the median time is taken. The table gives
seconds, MB/s, seconds per MB relative to the 1 MB single-line file (1.0 is linear;
"net" takes the start-up time off first), peak RSS, records, and whether every
record's offsets give back its text (``text[start:end] == record["text"]``).

Run: uv run python benchmarks/bench_linear.py [--sizes 1,4,16,64] [--repeats 3]
     [--no-model] [--json FILE] [--command "ner"]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000
ARABIC_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a]")


# --- the inputs --------------------------------------------------------------------------


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def one_line(texts: list[str]) -> str:
    """Every non-blank line of the seeds, joined with spaces."""
    return " ".join(line.strip() for text in texts for line in text.splitlines() if line.strip())


def one_word(texts: list[str]) -> str:
    """The seeds' Arabic letters run together: one token, however long."""
    return "".join(ARABIC_LETTER.findall("".join(texts)))


def paragraphs(texts: list[str]) -> str:
    """The seed articles, paragraph breaks kept, one after the other."""
    return "\n\n".join(text.strip() for text in texts) + "\n\n"


def repeated(unit: str, size: int, separator: str = "", end: str = "\n") -> str:
    """``unit`` repeated (``separator`` between) to about ``size`` bytes of UTF-8."""
    copies = max(1, round(size / len((unit + separator).encode("utf-8"))))
    return separator.join([unit] * copies).rstrip() + end


def write_inputs(directory: Path, sizes: list[float], word_mb: float) -> list[dict]:
    """Write the inputs; return, for each, its label, kind, path and size in bytes."""
    texts = seed_texts()
    line, word, articles = one_line(texts), one_word(texts), paragraphs(texts)
    specs = [("start-up", "tiny", line[:1000] + "\n")]
    specs += [(f"{size:g} MB one line", "line", repeated(line, size * MB, " ")) for size in sizes]
    specs.append((f"{word_mb:g} MB one word", "word", repeated(word, word_mb * MB)))
    specs.append(("16 MB paragraphs", "paragraphs", repeated(articles, 16 * MB, "", "")))
    inputs = []
    for number, (label, kind, text) in enumerate(specs):
        path = directory / f"input_{number}_{kind}.txt"
        path.write_text(text, encoding="utf-8")
        inputs.append({"label": label, "kind": kind, "path": path, "bytes": path.stat().st_size})
    return inputs


# --- the runs ----------------------------------------------------------------------------


# Run in a small Python of its own, which starts ``ner extract`` and reports its time
# and peak RSS. ``ru_maxrss`` keeps what a process held before it called exec, so a
# child forked from this benchmark (which holds the inputs it wrote) would report at
# least this benchmark's own size.
_MEASURE = """
import json, os, sys, time
start = time.perf_counter()
devnull = os.open(os.devnull, os.O_WRONLY)
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "maxrss_mb": usage.ru_maxrss / 1024,
                  "status": os.waitstatus_to_exitcode(status)}))
"""


def run_once(command: list[str], options: list[str], source: Path, output: Path) -> dict:
    """``COMMAND extract SOURCE -f jsonl -o OUTPUT [OPTIONS]`` in a process of its own:
    wall time and that process's peak RSS."""
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command, "extract", str(source), "-f", "jsonl"]
        + ["-o", str(output), *options],
        capture_output=True,
        text=True,
        check=False,
    )
    figures = json.loads(run.stdout) if run.returncode == 0 and run.stdout else {"status": -1}
    if figures["status"] != 0:
        sys.exit(f"bench_linear: ner extract {source} failed:\n{run.stderr}")
    return figures


def check_output(source: Path, output: Path) -> dict:
    """How many records, and whether each one's offsets give back its text."""
    text = source.read_text(encoding="utf-8")
    records = 0
    spans_ok = True
    with output.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            records += 1
            spans_ok = spans_ok and text[record["start"] : record["end"]] == record["text"]
    return {"records": records, "spans_ok": spans_ok}


def measure(
    inputs: list[dict], command: list[str], options: list[str], scratch: Path, repeats: int
) -> list[dict]:
    """Every input ``repeats`` times, the rounds interleaved; medians and peaks."""
    runs: dict[str, list[dict]] = {item["label"]: [] for item in inputs}
    for round_number in range(repeats):
        for item in inputs:
            progress(f"round {round_number + 1}/{repeats}: {item['label']}")
            output = scratch / "out.jsonl"
            runs[item["label"]].append(run_once(command, options, item["path"], output))
            if round_number == 0:
                item.update(check_output(item["path"], output))
            output.unlink()
    results = []
    for item in inputs:
        done = runs[item["label"]]
        results.append(
            {
                "label": item["label"],
                "kind": item["kind"],
                "mb": item["bytes"] / MB,
                "runs_s": [round(run["seconds"], 2) for run in done],
                "seconds": statistics.median(run["seconds"] for run in done),
                "maxrss_mb": max(run["maxrss_mb"] for run in done),
                "records": item["records"],
                "spans_ok": item["spans_ok"],
            }
        )
    return results


def add_ratios(results: list[dict]) -> None:
    """MB/s, and seconds per MB relative to the 1 MB one-line file (raw, and with the
    start-up time taken off)."""
    startup = next(r["seconds"] for r in results if r["kind"] == "tiny")
    lines = [r for r in results if r["kind"] == "line"]
    unit = min(lines, key=lambda r: abs(r["mb"] - 1)) if lines else None
    for result in results:
        result["mb_per_s"] = result["mb"] / result["seconds"]
        if unit is None or result["kind"] == "tiny":
            continue
        per_mb = result["seconds"] / result["mb"]
        result["linearity"] = per_mb / (unit["seconds"] / unit["mb"])
        net = max(result["seconds"] - startup, 1e-9) / result["mb"]
        result["linearity_net"] = net / (max(unit["seconds"] - startup, 1e-9) / unit["mb"])


# --- the report --------------------------------------------------------------------------


def print_table(results: list[dict], command: list[str], model: bool, repeats: int) -> None:
    options = "" if model else " --no-model"
    print(f"{shlex.join(command)} extract FILE -f jsonl -o OUT{options}")
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"median of {repeats} interleaved run(s); peak RSS the largest of them\n")
    header = (
        f"{'input':<20} {'MB':>6} {'seconds':>8} {'MB/s':>6} {'s/MB ÷ 1 MB':>11} "
        f"{'net':>5} {'peak RSS MB':>11} {'records':>8} {'spans':>5}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = f"{r['linearity']:.2f}" if "linearity" in r else ""
        net = f"{r['linearity_net']:.2f}" if "linearity_net" in r else ""
        print(
            f"{r['label']:<20} {r['mb']:>6.2f} {r['seconds']:>8.2f} {r['mb_per_s']:>6.2f} "
            f"{ratio:>11} {net:>5} {r['maxrss_mb']:>11.0f} {r['records']:>8} "
            f"{'ok' if r['spans_ok'] else 'BAD':>5}"
        )


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1,4,16,64",
        help="sizes of the single-line files, in MB, comma-separated (default 1,4,16,64)",
    )
    parser.add_argument("--word-mb", type=float, default=1.0, help="size of the one-word file")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved runs of each input")
    parser.add_argument("--no-model", action="store_true", help="tag with --no-model")
    parser.add_argument(
        "--command",
        help="the ner command to measure, e.g. another checkout's (default: this environment's)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def ner_command() -> list[str]:
    """The ``ner`` script of this interpreter's environment."""
    script = Path(sys.executable).parent / "ner"
    if not script.exists():
        sys.exit(f"bench_linear: no ner script beside {sys.executable}; run it with uv run")
    return [str(script)]


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def main(argv=None) -> None:
    args = parse_args(argv)
    sizes = [float(size) for size in args.sizes.split(",") if size.strip()]
    command = shlex.split(args.command) if args.command else ner_command()
    options = ["--no-model"] if args.no_model else []
    with tempfile.TemporaryDirectory(prefix="ner-linear-") as scratch:
        scratch = Path(scratch)
        progress(f"writing the inputs to {scratch}")
        inputs = write_inputs(scratch, sizes, args.word_mb)
        results = measure(inputs, command, options, scratch, args.repeats)
    add_ratios(results)
    print_table(results, command, not args.no_model, args.repeats)
    if args.json:
        figures = {
            "command": [*command, "extract", "FILE", "-f", "jsonl", "-o", "OUT", *options],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "repeats": args.repeats,
            "results": results,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")


if __name__ == "__main__":
    main()
