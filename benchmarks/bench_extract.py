"""Measure how fast ``ner extract`` runs, how much memory it takes, and what a big gazetteer costs.

Not a test: figures depend on the machine. Everything is built in a temporary
directory from the seed articles, deterministically (``--seed``):

- a synthetic corpus (``--docs``, default 2000 documents, a few MB): seed
  paragraphs shuffled, country and person names swapped for others from the
  gazetteer, a little tatweel and a few diacritics; and one ten times larger;
- tokenisation alone (camel_tools' ``simple_word_tokenize``) and ``Tagger()(text)``
  alone, in this process, over the corpus text;
- ``ner extract DIR -f jsonl -o FILE`` end to end, each run a fresh subprocess, with
  ``--jobs 1`` and ``--jobs N``: MB/s, documents/s, peak RSS (the largest single
  process, from ``wait4``; and the whole process tree, sampled from /proc);
- memory flatness: peak RSS over the 1x and the 10x corpus (``--scale``);
- a gazetteer grown to 100,000 entries (syllable-made PERSON/ORG/LOC names): its
  load and index build time, and tagging throughput with it, beside the default's.

``--model-compare`` measures only what the learned model costs end to end instead:
``ner extract`` with the model, with ``--no-model`` and with ``--no-model --no-rules``
(the gazetteer alone), on the same corpus with ``--jobs 1``, runs interleaved
(``--repeats``, default 3) and their median taken; MB/s for each (start-up
included), and the ratio model / no-model.

``--ratios`` measures only what issue 13 asks for: camel_tools' tokenizer alone, ner-cli's
tokenizer alone, and ``ner extract -f jsonl`` with the gazetteer alone, with the rules,
with the model, and with ``--jobs 2``, each a whole process on the seed articles copied
``--copies`` times (300: 6.7 MB), in interleaved rounds (``--repeats``, default 5):
median and best seconds, MB/s, and each as a ratio to camel_tools' tokenizer. Seed
copies repeat every word, which the tagger's per-word caches make cheap; ``--fresh``
runs the same on ANERcorp's train text (1.2 MB, from ../shared/corpora where present),
news whose words are mostly new to it, as an archive's are.

``--memory`` measures peak RSS for every output format (jsonl, json, csv, table, html)
over the seeds copied 30 and 300 times (1x and 10x; ``--memory-copies``), and each
format's ratio of the larger to the smaller; ``--startup`` times ``ner --version``,
``--help``, ``gazetteer stats`` and ``ner extract`` on one article (9 rounds).

Run: uv run python benchmarks/bench_extract.py [--docs N] [--json out.json] [--profile 25]
     uv run python benchmarks/bench_extract.py --ratios [--copies 300 | --fresh] [--repeats 5]
     uv run python benchmarks/bench_extract.py --memory --startup [--json FILE]
     uv run python benchmarks/bench_extract.py --gazetteer-load
     uv run python benchmarks/bench_extract.py --model-compare [--repeats 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import hashlib
import io
import json
import os
import platform
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from camel_tools.tokenizers.word import simple_word_tokenize

from ner_cli import Tagger
from ner_cli.gazetteer import GazetteerIndex, default_gazetteer_path, load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000

TATWEEL = "\u0640"
DIACRITICS = "\u064e\u064f\u0650\u0651\u0652"  # fatha, damma, kasra, shadda, sukun
# Letters that do not join the next one: tatweel after them would be wrong.
NON_JOINING = set("اأإآدذرزوؤةىء")
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{4,}")


# --- the machine ------------------------------------------------------------------------


def machine_info() -> dict:
    """What the figures were measured on."""
    return {
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_total_mb": _meminfo_total_mb(),
    }


def _meminfo_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


# --- the synthetic corpus ---------------------------------------------------------------


def seed_paragraphs() -> list[str]:
    """Every non-blank paragraph of the seed articles."""
    return [
        paragraph.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
        if paragraph.strip()
    ]


class Varier:
    """Rewrites seed paragraphs: other names of the same type, some tatweel and diacritics."""

    def __init__(self, rng: random.Random, swap_rate=0.5, decorate_rate=0.02):
        entries = load_gazetteer(default_gazetteer_path())
        self.rng = rng
        self.swap_rate = swap_rate
        self.decorate_rate = decorate_rate
        self.names = {
            kind: sorted({e.name_ar for e in entries if e.type == kind})
            for kind in ("COUNTRY", "PERSON")
        }
        self.kind_of = {name: kind for kind, names in self.names.items() for name in names}
        alternation = "|".join(map(re.escape, sorted(self.kind_of, key=len, reverse=True)))
        self.pattern = re.compile(alternation)

    def __call__(self, paragraph: str) -> str:
        paragraph = self.pattern.sub(self._swap, paragraph)
        return ARABIC_WORD.sub(self._decorate, paragraph)

    def _swap(self, match: re.Match) -> str:
        if self.rng.random() >= self.swap_rate:
            return match.group()
        return self.rng.choice(self.names[self.kind_of[match.group()]])

    def _decorate(self, match: re.Match) -> str:
        word = match.group()
        roll = self.rng.random()
        if roll >= self.decorate_rate:
            return word
        at = self.rng.randrange(1, len(word) - 1)
        if roll < self.decorate_rate / 2 and word[at - 1] not in NON_JOINING:
            return word[:at] + TATWEEL + word[at:]
        return word[:at] + self.rng.choice(DIACRITICS) + word[at:]


def write_corpus(directory: Path, docs: int, seed: int) -> dict:
    """Write ``docs`` synthetic articles (1 to 5 shuffled, varied seed paragraphs each)."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    vary = Varier(rng)
    directory.mkdir(parents=True)
    total = 0
    for number in range(docs):
        chosen = rng.sample(paragraphs, rng.randint(1, min(5, len(paragraphs))))
        text = "\n\n".join(vary(p) for p in chosen) + "\n"
        data = text.encode("utf-8")
        (directory / f"doc_{number:06d}.txt").write_bytes(data)
        total += len(data)
    return {"path": str(directory), "docs": docs, "bytes": total}


def read_corpus(directory: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.txt"))]


# --- in-process throughput --------------------------------------------------------------


def throughput(texts: Sequence[str], work: Callable[[str], object]) -> dict:
    """Run ``work`` over every text once: seconds, MB/s and documents/s."""
    size = sum(len(text.encode("utf-8")) for text in texts)
    start = time.perf_counter()
    for text in texts:
        work(text)
    seconds = time.perf_counter() - start
    return {
        "seconds": round(seconds, 3),
        "mb_per_s": round(size / MB / seconds, 3),
        "docs_per_s": round(len(texts) / seconds, 1),
    }


def best_of(repeat: int, make: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timed calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return min(times)


# --- end to end: ner extract in fresh subprocesses --------------------------------------


def ner_command() -> list[str]:
    """The ``ner`` script of this interpreter's environment."""
    script = Path(sys.executable).parent / "ner"
    if not script.exists():
        sys.exit(f"bench_extract: no ner script beside {sys.executable}; run it with uv run")
    return [str(script)]


def supports_option(option: str) -> bool:
    """Whether this ``ner extract`` has ``option`` yet."""
    result = subprocess.run(
        [*ner_command(), "extract", "--help"], capture_output=True, text=True, check=True
    )
    return option in result.stdout


def supports_jobs() -> bool:
    """Whether this ``ner extract`` has ``--jobs`` yet."""
    return supports_option("--jobs")


def _tree_rss_kb(pid: int) -> int:
    """The resident memory of a process and all its descendants, in KiB (0 once gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (OSError, ValueError):
            continue
    return total


def run_measured(command: list[str], check: bool = True) -> dict:
    """Run a command; return its wall time, exit code and peak memory.

    ``maxrss_mb`` is the largest single process (the command or one of its children,
    from ``wait4``); ``tree_peak_mb`` samples the whole process tree every 20 ms,
    which is what several worker processes cost together. A failing command ends the
    benchmark, or with ``check=False`` returns ``{"error": its stderr}``.
    """
    peak = [0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0 and not check:
        return {"error": stderr.decode(errors="replace").strip()}
    if process.returncode != 0:
        sys.exit(f"bench_extract: {' '.join(command)} failed:\n{stderr.decode(errors='replace')}")
    return {
        "seconds": round(seconds, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),  # its workers' too, once reaped
        "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "tree_peak_mb": round(peak[0] / 1024, 1),
    }


def run_extract(corpus: dict, output: Path, jobs: int | None) -> dict:
    """``ner extract CORPUS -f jsonl -o OUTPUT [--jobs N]`` in a fresh process, measured."""
    command = [*ner_command(), "extract", corpus["path"], "-f", "jsonl", "-o", str(output)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    figures = run_measured(command)
    data = output.read_bytes()
    figures.update(
        jobs=jobs or 1,
        mb_per_s=round(corpus["bytes"] / MB / figures["seconds"], 3),
        docs_per_s=round(corpus["docs"] / figures["seconds"], 1),
        records=data.count(b"\n"),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return figures


# --- what the model costs end to end ----------------------------------------------------

# label -> the options added to ``ner extract``.
MODEL_VARIANTS = {
    "model": [],
    "no-model": ["--no-model"],
    "gazetteer only": ["--no-model", "--no-rules"],
}


def compare_model(corpus: dict, scratch: Path, repeats: int, jobs_option: bool) -> dict:
    """``ner extract`` with and without the model, interleaved, one process (--jobs 1):
    the median seconds and MB/s of each variant, and the ratio model / no-model."""
    if not supports_option("--no-model"):
        progress("this ner extract has no --no-model yet: the model comparison is skipped")
        return {"skipped": "ner extract has no --no-model"}
    base = [*ner_command(), "extract", corpus["path"], "-f", "jsonl", "-q"]
    base += ["--jobs", "1"] if jobs_option else []
    times: dict[str, list[float]] = {label: [] for label in MODEL_VARIANTS}
    errors: dict[str, str] = {}
    for repeat in range(repeats):
        for label, options in MODEL_VARIANTS.items():
            if label in errors:
                continue
            output = scratch / f"compare-{repeat}-{len(times[label])}.jsonl"
            run = run_measured([*base, *options, "-o", str(output)], check=False)
            if "error" in run:
                errors[label] = run["error"].splitlines()[-1] if run["error"] else "failed"
                progress(f"ner extract ({label}) failed, left out: {errors[label]}")
                continue
            times[label].append(run["seconds"])
            output.unlink()
    variants = {}
    for label, seconds in times.items():
        if not seconds:
            variants[label] = {"error": errors.get(label, "no run")}
            continue
        median = statistics.median(seconds)
        variants[label] = {
            "runs_s": seconds,
            "median_s": round(median, 3),
            "mb_per_s": round(corpus["bytes"] / MB / median, 3),
        }
    results = {"repeats": repeats, "jobs": 1, "variants": variants}
    model, plain = variants["model"], variants["no-model"]
    if "mb_per_s" in model and "mb_per_s" in plain:
        results["ratio_model_to_no_model"] = round(model["mb_per_s"] / plain["mb_per_s"], 3)
    return results


def print_model_comparison(results: dict, corpus: dict) -> None:
    if "skipped" in results:
        print(f"\nmodel comparison skipped: {results['skipped']}")
        return
    print(
        f"\nner extract, --jobs 1, {corpus['docs']} documents ({corpus['bytes'] / MB:.2f} MB), "
        f"median of {results['repeats']} interleaved runs (start-up included)"
    )
    print(f"  {'variant':16} {'median s':>9} {'MB/s':>8}")
    for label, v in results["variants"].items():
        if "error" in v:
            print(f"  {label:16} unavailable ({v['error']})")
        else:
            print(f"  {label:16} {v['median_s']:9.2f} {v['mb_per_s']:8.3f}")
    if "ratio_model_to_no_model" in results:
        print(f"  throughput model / no-model: {results['ratio_model_to_no_model']:.3f}")


# --- throughput as ratios to camel_tools' tokenizer (issue 13) --------------------------

# label -> the command after the interpreter or the ``ner`` script, CORPUS standing for
# the corpus folder. Each is a whole process, start-up included, on one core unless said.
_TOKENIZE_ALONE = """
import sys
from pathlib import Path
from {module} import {function} as tokenize
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    tokenize(path.read_text(encoding="utf-8"))
"""
RATIO_VARIANTS = {
    "camel tokenizer": ["python", _TOKENIZE_ALONE.format(
        module="camel_tools.tokenizers.word", function="simple_word_tokenize")],
    "ner_cli tokenizer": ["python", _TOKENIZE_ALONE.format(
        module="ner_cli.tokenize", function="tokenize")],
    "gazetteer only": ["ner", "--no-model", "--no-rules"],
    "gazetteer + rules": ["ner", "--no-model"],
    "gazetteer + rules + model": ["ner"],
    "all, --jobs 2": ["ner", "--jobs", "2"],
}  # fmt: skip


def write_seed_copies(directory: Path, copies: int) -> dict:
    """The seed articles, each written ``copies`` times: real news, as issue 13 measured."""
    directory.mkdir(parents=True)
    total = 0
    for number in range(copies):
        for path in sorted(SEEDS.glob("*.txt")):
            data = path.read_bytes()
            (directory / f"{number:04d}_{path.name}").write_bytes(data)
            total += len(data)
    return {"path": str(directory), "docs": copies * len(list(SEEDS.glob("*.txt"))), "bytes": total}


ANERCORP_TRAIN = ROOT.parent / "shared" / "corpora" / "anercorp" / "ANERCorp_CamelLab_train.txt"


def write_fresh_news(directory: Path) -> dict:
    """ANERcorp's train text (the workplace's ../shared/corpora, where present), in the
    50-sentence texts bench_accuracy tags: news in which most words are new to the
    tagger, unlike the seed copies, where every word after the first copy has been seen."""
    from bench_accuracy import chunks_of

    from ner_cli.model.corpora import read_anercorp

    if not ANERCORP_TRAIN.is_file():
        sys.exit(f"--fresh needs {ANERCORP_TRAIN} (the workplace's shared corpora)")
    chunks = chunks_of("fresh", read_anercorp(ANERCORP_TRAIN), 50)
    directory.mkdir(parents=True)
    total = 0
    for number, chunk in enumerate(chunks):
        data = chunk.text.encode("utf-8")
        (directory / f"{number:04d}.txt").write_bytes(data)
        total += len(data)
    return {"path": str(directory), "docs": len(chunks), "bytes": total, "kind": "fresh news"}


def _ratio_command(variant: list[str], corpus: dict, output: Path) -> list[str]:
    kind, *rest = variant
    if kind == "python":
        return [sys.executable, "-c", rest[0], corpus["path"]]
    jobs = [] if "--jobs" in rest else ["--jobs", "1"]
    return [*ner_command(), "extract", corpus["path"], "-f", "jsonl", "-q", "-o", str(output),
            *jobs, *rest]  # fmt: skip


def compare_ratios(corpus: dict, scratch: Path, repeats: int) -> dict:
    """Every variant of ``RATIO_VARIANTS`` ``repeats`` times, interleaved (one round runs
    each once), in fresh processes: median and best seconds, MB/s of the median, and the
    ratio of that to camel_tools' tokenizer alone."""
    runs: dict[str, list[dict]] = {label: [] for label in RATIO_VARIANTS}
    for repeat in range(repeats):
        progress(f"round {repeat + 1} of {repeats}")
        for label, variant in RATIO_VARIANTS.items():
            output = scratch / "ratios.jsonl"
            runs[label].append(run_measured(_ratio_command(variant, corpus, output)))
    variants = {}
    for label, measured in runs.items():
        seconds = [run["seconds"] for run in measured]
        cpu = [run["cpu_s"] for run in measured]
        median = statistics.median(seconds)
        variants[label] = {
            "runs_s": seconds,
            "median_s": round(median, 3),
            "min_s": round(min(seconds), 3),
            "mb_per_s": round(corpus["bytes"] / MB / median, 3),
            "runs_cpu_s": cpu,
            "median_cpu_s": round(statistics.median(cpu), 3),
        }
    camel = variants["camel tokenizer"]
    for figures in variants.values():
        figures["ratio_to_camel_tokenizer"] = round(figures["mb_per_s"] / camel["mb_per_s"], 3)
        figures["ratio_best_to_best"] = round(camel["min_s"] / figures["min_s"], 3)
        figures["cpu_ratio_to_camel_tokenizer"] = round(
            camel["median_cpu_s"] / figures["median_cpu_s"], 3
        )
    return {"repeats": repeats, "variants": variants}


def print_ratios(results: dict, corpus: dict) -> None:
    print(
        f"\n{corpus['docs']} documents ({corpus['bytes'] / MB:.2f} MB), whole processes "
        f"(start-up included), {results['repeats']} interleaved rounds; ner extract -f jsonl, "
        "--jobs 1 unless said"
    )
    print("  x camel: throughput as a multiple of camel_tools' tokenizer alone, from the medians,")
    print("  from the best runs, and from the median CPU seconds (steadier on a shared machine)")
    print(
        f"  {'variant':26} {'median s':>9} {'min s':>7} {'CPU s':>7} {'MB/s':>6} "
        f"{'x camel':>8} {'best':>6} {'CPU':>6}"
    )
    for label, v in results["variants"].items():
        print(
            f"  {label:26} {v['median_s']:9.2f} {v['min_s']:7.2f} {v['median_cpu_s']:7.2f} "
            f"{v['mb_per_s']:6.2f} {v['ratio_to_camel_tokenizer']:8.2f} "
            f"{v['ratio_best_to_best']:6.2f} {v['cpu_ratio_to_camel_tokenizer']:6.2f}"
        )


# --- peak memory by output format, and start-up ------------------------------------------

# format -> the output file's name (the extension says the format).
MEMORY_FORMATS = {"jsonl": "out.jsonl", "json": "out.json", "csv": "out.csv",
                  "table": "out.txt", "html": "out.html"}  # fmt: skip


def compare_memory(scratch: Path, copies: Sequence[int], repeats: int) -> dict:
    """Peak RSS of ``ner extract CORPUS -o FILE`` for every format of ``MEMORY_FORMATS``
    over the seeds copied each of ``copies`` times, runs interleaved (a round runs every
    format on every corpus once); medians, and each format's ratio of the largest corpus
    to the smallest: 1.0 is memory flat with corpus size."""
    corpora = {count: write_seed_copies(scratch / f"copies-{count}", count) for count in copies}
    runs: dict = {fmt: {count: [] for count in copies} for fmt in MEMORY_FORMATS}
    for repeat in range(repeats):
        progress(f"round {repeat + 1} of {repeats}")
        for fmt, name in MEMORY_FORMATS.items():
            for count, corpus in corpora.items():
                command = [*ner_command(), "extract", corpus["path"], "-q", "--jobs", "1",
                           "-o", str(scratch / name)]  # fmt: skip
                runs[fmt][count].append(run_measured(command)["maxrss_mb"])
    medians = {
        fmt: {count: statistics.median(values) for count, values in by_count.items()}
        for fmt, by_count in runs.items()
    }
    return {
        "copies": list(copies),
        "mb": {count: round(corpus["bytes"] / MB, 2) for count, corpus in corpora.items()},
        "repeats": repeats,
        "peak_rss_mb": medians,
        "ratio_largest_to_smallest": {
            fmt: round(by_count[max(copies)] / by_count[min(copies)], 3)
            for fmt, by_count in medians.items()
        },
    }


def print_memory(results: dict) -> None:
    copies = results["copies"]
    sizes = ", ".join(f"{results['mb'][count]} MB" for count in copies)
    print(f"\npeak RSS (MB, medians of {results['repeats']} interleaved runs) over the seeds "
          f"copied {', '.join(map(str, copies))} times ({sizes}); -o FILE, --jobs 1")  # fmt: skip
    print(f"  {'format':8}" + "".join(f"{f'x{count}':>10}" for count in copies) + f"{'ratio':>8}")
    for fmt, by_count in results["peak_rss_mb"].items():
        cells = "".join(f"{by_count[count]:10.1f}" for count in copies)
        print(f"  {fmt:8}{cells}{results['ratio_largest_to_smallest'][fmt]:8.2f}")


def compare_startup(scratch: Path, repeats: int) -> dict:
    """Wall and CPU seconds of light commands and of ``ner extract`` on one seed article,
    fresh processes, interleaved: medians and minima."""
    article = sorted(SEEDS.glob("*.txt"))[0]
    commands = {
        "ner --version": ["--version"],
        "ner --help": ["--help"],
        "ner gazetteer stats": ["gazetteer", "stats", "-f", "json"],
        "extract one file": ["extract", str(article), "-f", "jsonl"],
        "extract one file --no-model": ["extract", str(article), "-f", "jsonl", "--no-model"],
    }
    runs: dict = {label: [] for label in commands}
    for repeat in range(repeats):
        progress(f"round {repeat + 1} of {repeats}")
        for label, args in commands.items():
            runs[label].append(run_measured([*ner_command(), *args]))
    return {
        "repeats": repeats,
        "commands": {
            label: {
                "median_s": round(statistics.median(run["seconds"] for run in measured), 3),
                "min_s": round(min(run["seconds"] for run in measured), 3),
                "median_cpu_s": round(statistics.median(run["cpu_s"] for run in measured), 3),
            }
            for label, measured in runs.items()
        },
    }


def print_startup(results: dict) -> None:
    print(f"\nstart-up, fresh processes, {results['repeats']} interleaved rounds")
    print(f"  {'command':30} {'median s':>9} {'min s':>7} {'CPU s':>7}")
    for label, figures in results["commands"].items():
        print(f"  {label:30} {figures['median_s']:9.3f} {figures['min_s']:7.3f} "
              f"{figures['median_cpu_s']:7.3f}")  # fmt: skip


# --- a gazetteer grown to 100,000 entries -----------------------------------------------

SYLLABLES = [
    (ar + vowel_ar, en + vowel_en)
    for ar, en in [
        ("ب", "b"),
        ("ت", "t"),
        ("ج", "j"),
        ("د", "d"),
        ("ر", "r"),
        ("ز", "z"),
        ("س", "s"),
        ("ش", "sh"),
        ("ف", "f"),
        ("ق", "q"),
        ("ك", "k"),
        ("ل", "l"),
        ("م", "m"),
        ("ن", "n"),
        ("ه", "h"),
        ("خ", "kh"),
        ("ص", "s"),
        ("ط", "t"),
    ]
    for vowel_ar, vowel_en in [("ا", "a"), ("و", "u"), ("ي", "i"), ("", "a")]
]
ORG_PATTERNS = [
    ("شركة {} للتجارة", "{} Trading Company"),
    ("مؤسسة {}", "{} Foundation"),
    ("مجموعة {} القابضة", "{} Holding Group"),
    ("جمعية {} الخيرية", "{} Charity"),
    ("بنك {}", "{} Bank"),
]
LOC_PATTERNS = [("{}", "{}"), ("وادي {}", "Wadi {}"), ("جبل {}", "Jabal {}"), ("{}", "{}")]


def syllable_name(rng: random.Random, low=2, high=3) -> tuple[str, str]:
    """A plausible Arabic name of a few syllables, and its transliteration."""
    parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))]
    return "".join(p[0] for p in parts), "".join(p[1] for p in parts).capitalize()


def synthetic_row(rng: random.Random, number: int) -> list[str]:
    """One generated PERSON, ORG or LOC row (id, type, name_ar, name_en, aliases, note)."""
    kind = ("PERSON", "PERSON", "ORG", "LOC", "LOC")[number % 5]
    if kind == "PERSON":
        first, last = syllable_name(rng), syllable_name(rng, 3, 4)
        name_ar, name_en = f"{first[0]} {last[0]}", f"{first[1]} {last[1]}"
        aliases = last[0] if rng.random() < 0.1 else ""
    else:
        core = syllable_name(rng, 3, 4)
        ar, en = rng.choice(ORG_PATTERNS if kind == "ORG" else LOC_PATTERNS)
        name_ar, name_en, aliases = ar.format(core[0]), en.format(core[1]), ""
    return [f"syn-{kind.lower()}-{number:06d}", kind, name_ar, name_en, aliases, "synthetic"]


def write_big_gazetteer(path: Path, entries: int, seed: int) -> int:
    """The shipped rows plus generated ones, ``entries`` in all; returns the count written."""
    rng = random.Random(seed)
    with default_gazetteer_path().open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, real = rows[0], [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if "note" not in header:
        header, real = [*header, "note"], [[*row, ""] for row in real]
    width = len(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(real)
    for number in range(max(0, entries - len(real))):
        writer.writerow(synthetic_row(rng, number)[:width])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return max(entries, len(real))


def measure_gazetteers(big_path: Path, texts: Sequence[str]) -> dict:
    """Build times of the default and the big gazetteer, and tagging throughput with each."""
    default = default_gazetteer_path()
    default_index = best_of(5, lambda: GazetteerIndex.from_paths([default]))
    default_tagger = best_of(3, Tagger)
    big_index = best_of(1, lambda: GazetteerIndex.from_paths([big_path]))
    start = time.perf_counter()
    big = Tagger(gazetteers=[big_path])
    big_tagger = time.perf_counter() - start
    return {
        "default": {
            "entries": len(GazetteerIndex.from_paths([default])),
            "index_build_s": round(default_index, 3),
            "tagger_build_s": round(default_tagger, 3),
            "tagging": throughput(texts, Tagger()),
        },
        "big": {
            "entries": len(big.index),
            "index_build_s": round(big_index, 3),
            "tagger_build_s": round(big_tagger, 3),
            "tagging": throughput(texts, big),
        },
    }


# Built in a fresh process each time, so that no cache warmed by an earlier build helps.
BUILD_TAGGER = """
import sys, time
from pathlib import Path
from ner_cli.tagger import Tagger
import ner_cli.model, ner_cli.model.combine
start = time.perf_counter()
Tagger(extra_gazetteers=[Path(p) for p in sys.argv[1:]])
print(time.perf_counter() - start)
"""


def write_extra_gazetteer(path: Path, entries: int, seed: int) -> None:
    """``entries`` generated rows only: a layer for ``ner extract -g``."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "type", "name_ar", "name_en", "aliases", "note"])
    writer.writerows(synthetic_row(rng, number) for number in range(entries))
    path.write_text(buffer.getvalue(), encoding="utf-8")


def measure_gazetteer_loads(scratch: Path, sizes: Sequence[int], seed: int, repeats: int) -> dict:
    """Seconds to build the tagger (gazetteers, rules, model; imports excluded) with the
    default gazetteer alone and with +N extra entries (``-g``), each build in a fresh
    process, the sizes interleaved: median and min of ``repeats``, and the load the extra
    entries add (median minus the default's)."""
    layers = {0: []}
    for size in sizes:
        layers[size] = [scratch / f"extra_{size}.csv"]
        write_extra_gazetteer(layers[size][0], size, seed)
    times: dict[int, list[float]] = {size: [] for size in layers}
    for _ in range(repeats):
        for size, paths in layers.items():
            command = [sys.executable, "-c", BUILD_TAGGER, *map(str, paths)]
            result = subprocess.run(command, capture_output=True, text=True, check=True)
            times[size].append(float(result.stdout))
    base = statistics.median(times[0])
    return {
        str(size): {
            "extra_entries": size,
            "median_s": round(statistics.median(runs), 3),
            "min_s": round(min(runs), 3),
            "added_s": round(statistics.median(runs) - base, 3),
        }
        for size, runs in times.items()
    }


def print_gazetteer_loads(loads: dict, repeats: int) -> None:
    print(f"\ntagger build (imports excluded), fresh processes, median of {repeats} interleaved")
    print(f"  {'extra entries':>13} {'median s':>9} {'min s':>7} {'added s':>8}")
    for row in loads.values():
        print(
            f"  {row['extra_entries']:>13,} {row['median_s']:9.3f} {row['min_s']:7.3f}"
            f" {row['added_s']:8.3f}"
        )


# --- reporting --------------------------------------------------------------------------


def print_report(results: dict) -> None:
    """The figures as a readable table."""
    machine, corpus = results["machine"], results["corpus"]
    print(
        f"\nmachine: {machine['processor']}, {machine['cpu_count']} CPUs, "
        f"{machine['memory_total_mb']} MB, Python {machine['python']}"
    )
    print(
        f"corpus: {corpus['docs']} documents, {corpus['bytes'] / MB:.2f} MB; "
        f"{results['flatness']['scale']}x: {results['corpus_large']['docs']} documents, "
        f"{results['corpus_large']['bytes'] / MB:.2f} MB\n"
    )
    rows = [
        ("simple_word_tokenize alone", results["tokenize"]),
        ("ner_cli.tokenize (with offsets)", results["tokenize_offsets"]),
        ("Tagger()(text) in process", results["tagger"]),
    ]
    rows += [(f"ner extract --jobs {r['jobs']}", r) for r in results["extract"]]
    flat = results["flatness"]
    rows.append((f"ner extract --jobs {flat['jobs']}, {flat['scale']}x", flat["run_large"]))
    print(f"{'step':34} {'s':>8} {'MB/s':>8} {'docs/s':>9} {'RSS MB':>8} {'tree MB':>8}")
    for label, r in rows:
        rss = f"{r['maxrss_mb']:8.1f} {r['tree_peak_mb']:8.1f}" if "maxrss_mb" in r else ""
        print(f"{label:34} {r['seconds']:8.2f} {r['mb_per_s']:8.3f} {r['docs_per_s']:9.1f} {rss}")
    print()
    for r in results["extract"]:
        print(
            f"end to end / tokenisation alone, --jobs {r['jobs']}: "
            f"{r['ratio_to_tokenize']:.3f}  ({r['records']} records)"
        )
    print(f"outputs of --jobs 1 and --jobs N identical: {results['outputs_identical']}")
    print(f"ner startup on one short document: {results['startup']['seconds']:.2f} s")
    print(
        f"memory flatness (--jobs {flat['jobs']}): peak RSS 1x {flat['maxrss_1x_mb']} MB, "
        f"{flat['scale']}x {flat['maxrss_large_mb']} MB (ratio {flat['ratio']:.2f}); "
        f"process tree {flat['tree_1x_mb']} / {flat['tree_large_mb']} MB"
    )
    print("\ngazetteer              entries  index build s  tagger build s    MB/s")
    for name, g in results["gazetteers"].items():
        print(
            f"{name:20} {g['entries']:9d} {g['index_build_s']:14.3f} {g['tagger_build_s']:15.3f}"
            f" {g['tagging']['mb_per_s']:7.3f}"
        )
    target = results["gazetteers"]["default"]["index_build_s"] < 0.5
    print(f"default index build under 0.5 s: {target}")


def print_profile(texts: Sequence[str], top: int) -> None:
    """The hot path of ``Tagger()(text)``: the top functions by cumulative time."""
    tagger = Tagger()
    profile = cProfile.Profile()
    profile.enable()
    for text in texts:
        tagger(text)
    profile.disable()
    print(f"\nprofile of Tagger()(text) over {len(texts)} documents, top {top} by cumtime:")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(top)


# --- main -------------------------------------------------------------------------------


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the N of --jobs N")
    parser.add_argument("--scale", type=int, default=10, help="the large corpus is this many x")
    parser.add_argument(
        "--flat-jobs", type=int, help="--jobs for the memory-flatness runs (default: --jobs)"
    )
    parser.add_argument("--entries", type=int, default=100_000, help="big gazetteer entries")
    parser.add_argument(
        "--gazetteer-docs", type=int, default=400, help="documents tagged with each gazetteer"
    )
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", type=int, metavar="TOP", help="print a cProfile top list")
    parser.add_argument(
        "--model-compare",
        action="store_true",
        help="only compare ner extract with and without the model (and the gazetteer alone)",
    )
    parser.add_argument(
        "--ratios",
        action="store_true",
        help="only the throughputs issue 13 asks for, as ratios to camel_tools' tokenizer "
        "alone, on the seed articles copied --copies times",
    )
    parser.add_argument("--copies", type=int, default=300, help="seed copies (--ratios)")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="--ratios on ANERcorp's train text instead (../shared/corpora; 1.2 MB of news "
        "whose words are mostly new to the tagger, where seed copies repeat every word)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="interleaved runs per variant (--model-compare: 3, --ratios: 5)",
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="only peak RSS per output format (jsonl, json, csv, table, html) over the seeds "
        "copied --memory-copies times",
    )
    parser.add_argument(
        "--memory-copies", type=int, nargs="+", default=[30, 300],
        help="seed copies for --memory (default: 30 and 300, 1x and 10x)",
    )  # fmt: skip
    parser.add_argument(
        "--startup", action="store_true",
        help="only start-up: ner --version, --help, gazetteer stats, extract on one file",
    )  # fmt: skip
    parser.add_argument(
        "--gazetteer-load",
        action="store_true",
        help="only measure the tagger's build with +10k and +100k extra gazetteer entries",
    )
    parser.add_argument(
        "--load-repeats", type=int, default=5, help="interleaved builds per gazetteer size"
    )
    return parser.parse_args(argv)


def progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def main(argv=None) -> None:
    args = parse_args(argv)
    jobs_option = supports_jobs()
    if not jobs_option:
        progress("this ner extract has no --jobs yet: runs go without it (one process)")
    results: dict = {"machine": machine_info(), "jobs_option": jobs_option}
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        progress(
            "PYTHONDONTWRITEBYTECODE is set: every run compiles every module it imports, "
            "which a user's installed copy does not; unset it for start-up figures"
        )
    if args.memory or args.startup:
        with tempfile.TemporaryDirectory(prefix="ner-bench-") as scratch:
            if args.memory:
                results["memory"] = compare_memory(
                    Path(scratch), args.memory_copies, args.repeats or 3
                )
                print_memory(results["memory"])
            if args.startup:
                results["startup"] = compare_startup(Path(scratch), args.repeats or 9)
                print_startup(results["startup"])
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    if args.gazetteer_load:
        with tempfile.TemporaryDirectory(prefix="ner-bench-") as scratch:
            progress(f"tagger builds with +10k and +100k entries, {args.load_repeats} rounds")
            loads = measure_gazetteer_loads(
                Path(scratch), (10_000, 100_000), args.seed, args.load_repeats
            )
        results["gazetteer_loads"] = loads
        print_gazetteer_loads(loads, args.load_repeats)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    if args.ratios:
        with tempfile.TemporaryDirectory(prefix="ner-bench-") as scratch:
            scratch = Path(scratch)
            if args.fresh:
                corpus = write_fresh_news(scratch / "corpus")
            else:
                corpus = write_seed_copies(scratch / "corpus", args.copies)
            results["corpus"] = corpus
            results["ratios"] = compare_ratios(corpus, scratch, args.repeats or 5)
            print_ratios(results["ratios"], corpus)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(f"\nfigures written to {args.json}")
        return
    if args.model_compare:
        with tempfile.TemporaryDirectory(prefix="ner-bench-") as scratch:
            scratch = Path(scratch)
            progress(f"writing {args.docs} documents to {scratch}")
            corpus = write_corpus(scratch / "corpus", args.docs, args.seed)
            results["corpus"] = corpus
            repeats = args.repeats or 3
            progress(f"ner extract with and without the model, {repeats} rounds")
            results["model_compare"] = compare_model(corpus, scratch, repeats, jobs_option)
            print_model_comparison(results["model_compare"], corpus)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(f"\nfigures written to {args.json}")
        return
    with tempfile.TemporaryDirectory(prefix="ner-bench-") as scratch:
        scratch = Path(scratch)
        progress(f"writing {args.docs} + {args.docs * args.scale} documents to {scratch}")
        corpus = write_corpus(scratch / "corpus", args.docs, args.seed)
        large = write_corpus(scratch / "corpus_large", args.docs * args.scale, args.seed + 1)
        results["corpus"], results["corpus_large"] = corpus, large
        texts = read_corpus(scratch / "corpus")

        progress("tokenising, tagging in process")
        results["tokenize"] = throughput(texts, simple_word_tokenize)
        from ner_cli.tokenize import tokenize

        results["tokenize_offsets"] = throughput(texts, tokenize)
        results["tagger"] = throughput(texts, Tagger())

        progress("ner extract end to end")
        tiny = write_corpus(scratch / "tiny", 1, args.seed)
        results["startup"] = run_extract(tiny, scratch / "tiny.jsonl", None)
        runs = []
        for jobs in dict.fromkeys([1, args.jobs]) if jobs_option else [None]:
            run = run_extract(corpus, scratch / f"jobs{jobs}.jsonl", jobs)
            run["ratio_to_tokenize"] = round(run["mb_per_s"] / results["tokenize"]["mb_per_s"], 4)
            runs.append(run)
        results["extract"] = runs
        results["outputs_identical"] = len({run["sha256"] for run in runs}) == 1

        progress(f"memory flatness: the {args.scale}x corpus")
        flat_jobs = (args.flat_jobs or args.jobs) if jobs_option else None
        base = next((r for r in runs if r["jobs"] == (flat_jobs or 1)), None)
        if base is None:
            base = run_extract(corpus, scratch / "flat1x.jsonl", flat_jobs)
        big_run = run_extract(large, scratch / "flat_large.jsonl", flat_jobs)
        results["flatness"] = {
            "jobs": flat_jobs or 1,
            "scale": args.scale,
            "maxrss_1x_mb": base["maxrss_mb"],
            "maxrss_large_mb": big_run["maxrss_mb"],
            "tree_1x_mb": base["tree_peak_mb"],
            "tree_large_mb": big_run["tree_peak_mb"],
            "ratio": round(big_run["maxrss_mb"] / base["maxrss_mb"], 3),
            "run_large": big_run,
        }

        progress(f"gazetteer of {args.entries} entries")
        big_path = scratch / "big_gazetteer.csv"
        write_big_gazetteer(big_path, args.entries, args.seed)
        results["gazetteers"] = measure_gazetteers(big_path, texts[: args.gazetteer_docs])
        results["gazetteers"]["big"]["csv_mb"] = round(big_path.stat().st_size / MB, 2)
        results["gazetteer_loads"] = measure_gazetteer_loads(
            scratch, (10_000, 100_000), args.seed, args.load_repeats
        )

        print_report(results)
        print_gazetteer_loads(results["gazetteer_loads"], args.load_repeats)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(f"\nfigures written to {args.json}")
        if args.profile:
            print_profile(texts, args.profile)


if __name__ == "__main__":
    main()
