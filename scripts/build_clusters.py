"""Word clusters learnt without labels, a feature of the tagging model.

Reads the UNLABELLED text (tokens only, labels ignored) of the training corpora in
../shared/corpora:

- ANERcorp, CAMeL Lab train split, first 90% of its sentences (the training part;
  the last 10% is the dev split and is left out, so that dev figures are not helped
  by having seen its text; the test split is never read);
- AQMAR (all articles) and WikiFANE Gold (its split-off و/ف and suffixes joined back,
  so that its tokens look like raw text).

NewsFANE is not read: it is the ANERcorp text again, so apart from the test split
(which must be left out) and the dev split (left out as above) it adds nothing that
the ANERcorp train text does not already give.

Each word (matching key) seen at least ``--min-count`` times is described by the
words around it: the 2,000 most frequent words at −1 and at +1 separately, and within
±2 together. The counts are weighted by positive pointwise mutual information (context
distribution smoothed, α = 0.75), reduced to 100 dimensions by a truncated SVD
(U·√S, rows of unit length), and clustered by k-means (k-means++ seeding, fixed seed)
at several granularities. The table (data/model/clusters.tsv: key, then one cluster
number per granularity) is read by ner_cli.model.features. Deterministic: the same
corpora give the same file.

Run: uv run python scripts/build_clusters.py [--out FILE] [--sizes 32,128,512]
(scripts/train_tagger.py --build-clusters runs it first; about 30 s on one core). Needs
numpy and scipy (scipy comes with camel-tools). Measured on the dev split these
features did not help, so the shipped model uses none (README, "Tried and left out").
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ner_cli.model.corpora import read_anercorp, read_aqmar, read_fane  # noqa: E402
from ner_cli.model.crf import CLUSTERS_FILE  # noqa: E402
from ner_cli.normalize import normalize_key  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
DEV_SHARE = 0.1
SIZES = (32, 128, 512)


def unlabelled_text(corpora: Path = CORPORA) -> list[list[str]]:
    """The training corpora's sentences as lists of matching keys (see the docstring)."""
    anercorp = read_anercorp(corpora / "anercorp" / "ANERCorp_CamelLab_train.txt")
    cut = int(len(anercorp) * (1 - DEV_SHARE))
    sentences = list(anercorp[:cut])
    for article in read_aqmar(corpora / "aqmar" / "articles").values():
        sentences += article
    sentences += read_fane(corpora / "fane" / "WikiFANE_Gold_2014_500K.txt")
    keyed = []
    for sentence in sentences:
        keys = [normalize_key(token) for token, _ in sentence]
        keys = [key for key in keys if key]
        if keys:
            keyed.append(keys)
    return keyed


def vectors(
    sentences: list[list[str]], min_count: int, contexts: int, dims: int
) -> tuple[list[str], np.ndarray]:
    """The words kept and their unit-length PPMI-SVD vectors."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    counts = Counter(key for sentence in sentences for key in sentence)
    # ties broken by the key, so the order does not depend on the reading order
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    words = [key for key, n in ranked if n >= min_count]
    row_of = {key: i for i, key in enumerate(words)}
    context_of = {key: i for i, (key, _) in enumerate(ranked[:contexts])}
    rows, cols = [], []
    for sentence in sentences:
        at = [row_of.get(key, -1) for key in sentence]
        ctx = [context_of.get(key, -1) for key in sentence]
        size = len(sentence)
        for i in range(size):
            if at[i] < 0:
                continue
            for d, block in ((-1, 0), (1, 1), (-2, 2), (2, 2)):
                j = i + d
                if 0 <= j < size and ctx[j] >= 0:
                    rows.append(at[i])
                    cols.append(block * contexts + ctx[j])
        # the ±1 words count in the bag too
        for i in range(size):
            if at[i] < 0:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < size and ctx[j] >= 0:
                    rows.append(at[i])
                    cols.append(2 * contexts + ctx[j])
    data = np.ones(len(rows))
    matrix = coo_matrix((data, (rows, cols)), shape=(len(words), 3 * contexts)).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_p = col_sums / col_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log((coo.data / total) / ((row_sums[coo.row] / total) * col_p[coo.col]))
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape).tocsr()
    start = np.random.default_rng(0).standard_normal(min(ppmi.shape))
    u, s, _ = svds(ppmi, k=dims, v0=start)
    order = np.argsort(-s)
    u, s = u[:, order], s[order]
    # the sign of a singular vector is arbitrary: fix it so the largest entry is positive
    signs = np.sign(u[np.abs(u).argmax(axis=0), np.arange(u.shape[1])])
    x = u * signs * np.sqrt(s)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    return words, x


def kmeans(x: np.ndarray, k: int, seed: int = 0, iterations: int = 40) -> np.ndarray:
    """Cluster numbers of the rows of ``x`` (k-means++ seeding, Lloyd iterations)."""
    rng = np.random.default_rng(seed)
    n = len(x)
    squared = (x * x).sum(axis=1)
    centres = [x[rng.integers(n)]]
    nearest = ((x - centres[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        pick = rng.choice(n, p=nearest / nearest.sum())
        centres.append(x[pick])
        nearest = np.minimum(nearest, ((x - x[pick]) ** 2).sum(axis=1))
    c = np.array(centres)
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iterations):
        distances = squared[:, None] - 2 * x @ c.T + (c * c).sum(axis=1)[None, :]
        new = distances.argmin(axis=1)
        if np.array_equal(new, labels) and _:
            break
        labels = new
        for j in range(k):
            members = labels == j
            if members.any():
                c[j] = x[members].mean(axis=0)
    return labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "model" / CLUSTERS_FILE)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--contexts", type=int, default=2000)
    parser.add_argument("--dims", type=int, default=100)
    args = parser.parse_args()
    started = time.perf_counter()
    sentences = unlabelled_text()
    print(f"{len(sentences)} sentences, {sum(map(len, sentences))} tokens")
    words, x = vectors(sentences, args.min_count, args.contexts, args.dims)
    print(f"{len(words)} words, vectors in {time.perf_counter() - started:.0f} s")
    sizes = [int(size) for size in args.sizes.split(",")]
    columns = [kmeans(x, size, seed=size) for size in sizes]
    print(f"clustered in {time.perf_counter() - started:.0f} s")
    lines = [f"# {CLUSTERS_FILE}: word clusters (scripts/build_clusters.py), k = {args.sizes}"]
    for i in sorted(range(len(words)), key=lambda i: words[i]):
        lines.append("\t".join([words[i], *(str(column[i]) for column in columns)]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(words)} words")


if __name__ == "__main__":
    main()
