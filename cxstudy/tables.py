"""Analysis tables: shares with intervals, tests of differences, rankings with uncertainty.

Every function takes a pandas frame and returns one; the book shows them and
draws its figures from them.
"""

from __future__ import annotations

from textwrap import shorten

import numpy as np
import pandas as pd
from scipy.stats import binomtest, chi2_contingency, spearmanr

from cxstudy.quality import DIMENSIONS
from cxstudy.sentiment import LABELS

SEED = 13
TEXT_WIDTH = 220  # characters of a text shown in a table cell


def shares(frame: pd.DataFrame, group: str, label: str, labels: tuple[str, ...] = LABELS) -> pd.DataFrame:
    """Share of each label within each group, with Wilson 95% intervals (long format)."""
    rows = []
    for name, part in frame.groupby(group, sort=True):
        n = len(part)
        for value in labels:
            k = int((part[label] == value).sum())
            ci = binomtest(k, n).proportion_ci(method="wilson")
            rows.append({group: name, "label": value, "n": n, "count": k, "share": k / n,
                         "low": ci.low, "high": ci.high})
    return pd.DataFrame(rows)


def independence_test(frame: pd.DataFrame, group: str, label: str) -> dict[str, float]:
    """Chi-square test that label shares are the same in every group, with Cramér's V."""
    table = pd.crosstab(frame[group], frame[label])
    chi2, p, dof, _ = chi2_contingency(table)
    v = float(np.sqrt(chi2 / (table.to_numpy().sum() * (min(table.shape) - 1))))
    return {"chi2": float(chi2), "dof": int(dof), "p_value": float(p), "cramers_v": v, "n": int(table.to_numpy().sum())}


def ranking(frame: pd.DataFrame, group: str, score: str, draws: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """Groups ranked by mean ``score`` (1 = highest), with a bootstrap 95% interval of each rank.

    Each draw resamples the rows within every group and ranks the group means.
    """
    rng = np.random.default_rng(seed)
    names = sorted(frame[group].unique())
    values = [frame.loc[frame[group] == name, score].to_numpy(dtype=float) for name in names]
    means = np.array([v.mean() for v in values])
    ranks = np.empty((draws, len(names)))
    for d in range(draws):
        sample = np.array([rng.choice(v, size=len(v)).mean() for v in values])
        ranks[d] = (-sample).argsort().argsort() + 1
    result = pd.DataFrame({group: names, "mean": means, "rank": (-means).argsort().argsort() + 1,
                           "rank_low": np.percentile(ranks, 2.5, axis=0), "rank_high": np.percentile(ranks, 97.5, axis=0),
                           "n": [len(v) for v in values]})
    return result.sort_values("rank").reset_index(drop=True)


def rank_agreement(first: pd.DataFrame, second: pd.DataFrame, group: str) -> dict[str, float]:
    """Spearman correlation of two rankings of the same groups (frames from :func:`ranking`)."""
    merged = first.merge(second, on=group, suffixes=("_a", "_b"))
    rho, p = spearmanr(merged["mean_a"], merged["mean_b"])
    return {"spearman_rho": float(rho), "p_value": float(p), "groups": len(merged)}


def dimension_table(sentences: pd.DataFrame, group: str) -> pd.DataFrame:
    """Per group and dimension: share of sentences carrying it and their mean polarity (p_pos - p_neg)."""
    rows = []
    polarity = sentences["p_positive"] - sentences["p_negative"]
    for name, part in sentences.groupby(group, sort=True):
        for dimension in DIMENSIONS:
            carrying = part["dimensions"].map(lambda ds, d=dimension: d in ds)
            rows.append({group: name, "dimension": dimension, "share": float(carrying.mean()),
                         "sentiment": float(polarity[part.index][carrying].mean()) if carrying.any() else np.nan,
                         "sentences": int(carrying.sum())})
    return pd.DataFrame(rows)


def practice_effects(posts: pd.DataFrame, features: list[str]) -> pd.DataFrame:
    """Mean polarity of posts with and without each yes/no feature, difference and 95% bootstrap interval."""
    rng = np.random.default_rng(SEED)
    polarity = (posts["p_positive"] - posts["p_negative"]).to_numpy()
    rows = []
    for feature in features:
        mask = posts[feature].to_numpy(dtype=bool)
        with_, without = polarity[mask], polarity[~mask]
        if len(with_) < 2 or len(without) < 2:
            continue
        diffs = [rng.choice(with_, len(with_)).mean() - rng.choice(without, len(without)).mean() for _ in range(2000)]
        rows.append({"feature": feature, "posts with": int(mask.sum()), "polarity with": with_.mean(),
                     "polarity without": without.mean(), "difference": with_.mean() - without.mean(),
                     "low": float(np.percentile(diffs, 2.5)), "high": float(np.percentile(diffs, 97.5))})
    return pd.DataFrame(rows)


def with_intervals(frame: pd.DataFrame, metrics: list[str], digits: int = 2) -> pd.DataFrame:
    """Each metric with its ``_low``/``_high`` columns as one text column, "0.77 [0.75, 0.79]"
    ("0.77" where the row has no interval, "–" where it has no value); other columns kept.

    >>> table = pd.DataFrame({"f1": [0.771, 0.5], "f1_low": [0.75, None], "f1_high": [0.79, None], "n": [10, 3]})
    >>> with_intervals(table, ["f1"]).to_dict("list")
    {'f1 [95% CI]': ['0.77 [0.75, 0.79]', '0.50'], 'n': [10, 3]}
    """
    def text(value: float, low: float, high: float) -> str:
        if pd.isna(value):
            return "–"
        return f"{value:.{digits}f}" + ("" if pd.isna(low) or pd.isna(high) else f" [{low:.{digits}f}, {high:.{digits}f}]")

    out = frame.copy()
    for name in metrics:
        column = [text(*values) for values in zip(out[name], out[f"{name}_low"], out[f"{name}_high"])]
        position = out.columns.get_loc(name)
        out = out.drop(columns=[name, f"{name}_low", f"{name}_high"])
        out.insert(position, f"{name} [95% CI]", column)
    return out


def clip(text: str, width: int = TEXT_WIDTH) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, " …" marking the cut.

    >>> clip("one two three four", 12)
    'one two …'
    """
    return shorten(text, width, placeholder=" …")


def examples(frame: pd.DataFrame, columns: list[str], per_group: int = 2, group: str = "post",
             width: int = TEXT_WIDTH) -> pd.DataFrame:
    """A few rows of each ``group`` for reading: list cells joined with commas, long texts clipped."""
    rows = frame.groupby(group, sort=False).head(per_group)[columns]
    return rows.apply(lambda column: column.map(
        lambda cell: ", ".join(cell) if isinstance(cell, (list, tuple))
        else clip(cell, width) if isinstance(cell, str) else cell)).reset_index(drop=True)
