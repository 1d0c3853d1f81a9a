"""The one plotting style of the book, and the figures it reuses.

Colours are the Okabe–Ito palette, safe for the common colour-vision
deficiencies; every figure has labelled axes with units.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
LANGUAGE_COLOURS = {"it": OKABE_ITO[0], "es": OKABE_ITO[1], "en": OKABE_ITO[2], "und": "#999999"}
LANGUAGE_NAMES = {"it": "Italian", "es": "Spanish", "en": "English", "und": "undetermined"}
STYLE = {
    "figure.figsize": (7.5, 3.6),
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "figure.constrained_layout.use": True,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "legend.frameon": False,
}


def use_style() -> None:
    """Apply the book's matplotlib style."""
    mpl.rcParams.update(STYLE)


def sentence_lengths(sentences: pd.DataFrame, labels: dict[str, str] | None = None) -> Figure:
    """Each post as a row of dots, one per sentence, at its length in words, coloured by language."""
    use_style()
    posts = list(dict.fromkeys(sentences["post"]))
    labels = labels or {post: post for post in posts}
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(posts) + 1.4))
    for row, post in enumerate(posts):
        part = sentences[sentences["post"] == post]
        jitter = (part["sentence"] % 5 - 2) * 0.06
        ax.scatter(part["words"], row + jitter, c=[LANGUAGE_COLOURS.get(x, "#999999") for x in part["lang"]],
                   s=22, alpha=0.85, edgecolors="white", linewidths=0.4)
    ax.set_yticks(range(len(posts)), [labels[p] for p in posts])
    ax.invert_yaxis()
    ax.set_xlabel("sentence length (words)")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(mpl.ticker.ScalarFormatter())
    ax.set_title("Sentences of each post, by length and language")
    present = [lang for lang in LANGUAGE_COLOURS if lang in set(sentences["lang"])]
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=LANGUAGE_COLOURS[lang], label=LANGUAGE_NAMES[lang])
               for lang in present]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="sentence language")
    return fig


SENTIMENT_COLOURS = {"negative": OKABE_ITO[3], "neutral": "#999999", "positive": OKABE_ITO[0]}
POLARITY_MAP = mpl.colors.LinearSegmentedColormap.from_list("polarity", [OKABE_ITO[3], "#f2f2f2", OKABE_ITO[0]])


def pipeline() -> Figure:
    """The data path of the study as a diagram: two rows of four steps, read left to right."""
    use_style()
    steps = [("corpus", "raw posts: files,\nJSONL, CSV, HF"), ("ingest", "clean, language,\nbrands, target"),
             ("sentences", "segment\nwith offsets"), ("encode", "multilingual-e5\n(cached)"),
             ("scores", "sentiment, dimension\nand outcome heads;\npractice patterns"),
             ("posts", "aggregate\n+ drivers"), ("tables", "shares, tests,\nrankings"), ("figures", "this book")]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    width, height, step, rows = 1.6, 1.0, 2.1, (1.7, 0.0)
    for i, (title, body) in enumerate(steps):
        x, y = (i % 4) * step, rows[i // 4]
        ax.add_patch(mpl.patches.FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.03",
                                                facecolor="#eaf2fa", edgecolor=OKABE_ITO[0]))
        ax.text(x + width / 2, y + 0.78, title, ha="center", va="center", fontweight="bold", fontsize=11)
        ax.text(x + width / 2, y + 0.36, body, ha="center", va="center", fontsize=9)
        if i % 4:
            ax.annotate("", xy=(x - 0.03, y + height / 2), xytext=(x - step + width + 0.03, y + height / 2),
                        arrowprops={"arrowstyle": "->", "color": "#333333"})
    # from the end of the first row down to the start of the second
    middle = (rows[0] + rows[1] + height) / 2
    ax.plot([3 * step + width / 2, 3 * step + width / 2, width / 2], [rows[0] - 0.04, middle, middle],
            color="#333333", linewidth=1)
    ax.annotate("", xy=(width / 2, rows[1] + height + 0.04), xytext=(width / 2, middle),
                arrowprops={"arrowstyle": "->", "color": "#333333"})
    ax.set_xlim(-0.1, 3 * step + width + 0.1)
    ax.set_ylim(-0.1, rows[0] + height + 0.1)
    ax.axis("off")
    return fig


def sentiment_strip(sentences: pd.DataFrame, title: str) -> Figure:
    """One post, sentence by sentence: polarity (p_positive - p_negative) as coloured bars."""
    use_style()
    polarity = sentences["p_positive"] - sentences["p_negative"]
    fig, ax = plt.subplots(figsize=(7.5, 2.2))
    ax.bar(sentences["sentence"], polarity, color=POLARITY_MAP((polarity + 1) / 2), edgecolor="#555555", linewidth=0.3)
    ax.axhline(0, color="#333333", linewidth=0.6)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("sentence (in reading order)")
    ax.set_ylabel("polarity\n(p_pos − p_neg)")
    ax.set_title(title)
    return fig


def profile_heatmap(table: pd.DataFrame, row: str, title: str) -> Figure:
    """Rows × dimensions: cell colour = mean polarity of the sentences carrying the dimension,
    cell text = share of sentences (from :func:`cxstudy.tables.dimension_table`)."""
    from cxstudy.quality import DIMENSIONS

    use_style()
    sentiment = table.pivot(index=row, columns="dimension", values="sentiment")[list(DIMENSIONS)]
    share = table.pivot(index=row, columns="dimension", values="share")[list(DIMENSIONS)]
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(sentiment) + 1.6))
    image = ax.imshow(sentiment.to_numpy(dtype=float), cmap=POLARITY_MAP, vmin=-1, vmax=1, aspect="auto")
    for (i, j), value in np.ndenumerate(share.to_numpy(dtype=float)):
        ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(DIMENSIONS)), DIMENSIONS)
    ax.set_yticks(range(len(sentiment)), sentiment.index)
    ax.grid(False)
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="mean polarity of its sentences", shrink=0.8)
    return fig


def delay_chart(delays: pd.DataFrame) -> Figure:
    """Waiting times mentioned (days, log scale), one row per mention, labelled by what was awaited."""
    use_style()
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(delays) + 1.2))
    labels = [f"{row.post} · {row.awaited}" for row in delays.itertuples()]
    ax.barh(range(len(delays)), delays["days"], color=OKABE_ITO[1])
    for i, days in enumerate(delays["days"]):
        ax.text(days * 1.08, i, f"{days:g} d", va="center", fontsize=8)
    ax.set_yticks(range(len(delays)), labels)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(mpl.ticker.ScalarFormatter())
    ax.set_xlabel("waiting time mentioned (days, log scale)")
    ax.set_title("Delays the customers report")
    return fig


def shares_chart(table: pd.DataFrame, group: str, title: str) -> Figure:
    """Share of each sentiment per group, with 95% intervals (from :func:`cxstudy.tables.shares`)."""
    use_style()
    groups = sorted(table[group].unique())
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    width = 0.26
    for k, label in enumerate(["negative", "neutral", "positive"]):
        part = table[table["label"] == label].set_index(group).loc[groups]
        x = np.arange(len(groups)) + (k - 1) * width
        ax.bar(x, part["share"], width, color=SENTIMENT_COLOURS[label], label=label)
        ax.errorbar(x, part["share"], yerr=[part["share"] - part["low"], part["high"] - part["share"]],
                    fmt="none", ecolor="#222222", capsize=2, linewidth=0.8)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylabel("share of tweets")
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="sentiment")
    return fig


def ranking_chart(tables: dict[str, pd.DataFrame], group: str) -> Figure:
    """Ranks with bootstrap 95% intervals, side by side for several rankings of the same groups."""
    use_style()
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    order = list(next(iter(tables.values()))[group])
    for k, (name, table) in enumerate(tables.items()):
        table = table.set_index(group).loc[order]
        y = np.arange(len(order)) + (k - (len(tables) - 1) / 2) * 0.25
        ax.errorbar(table["rank"], y, xerr=[table["rank"] - table["rank_low"], table["rank_high"] - table["rank"]],
                    fmt="o", capsize=3, color=OKABE_ITO[k], label=name)
    ax.set_yticks(range(len(order)), order)
    ax.invert_yaxis()
    ax.set_xlabel("rank by mean polarity (1 = best), 95% bootstrap interval")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="ranked by")
    return fig


def reliability_diagram(bins: dict[str, pd.DataFrame]) -> Figure:
    """Accuracy against confidence per bin (from :func:`cxstudy.evaluate.reliability`), one line per set."""
    use_style()
    fig, ax = plt.subplots(figsize=(4.8, 4.2))
    ax.plot([0, 1], [0, 1], linestyle="--", color="#999999", label="perfect calibration")
    for k, (name, table) in enumerate(bins.items()):
        ax.plot(table["confidence"], table["accuracy"], marker="o", color=OKABE_ITO[k], label=name)
    ax.set_xlabel("confidence of the predicted label")
    ax.set_ylabel("share correct")
    ax.set_xlim(0.3, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    return fig


def effects_chart(effects: pd.DataFrame) -> Figure:
    """Differences in mean polarity with 95% intervals (from :func:`cxstudy.tables.practice_effects`)."""
    use_style()
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(effects) + 1.2))
    ax.errorbar(effects["difference"], range(len(effects)),
                xerr=[effects["difference"] - effects["low"], effects["high"] - effects["difference"]],
                fmt="o", capsize=3, color=OKABE_ITO[0])
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(range(len(effects)), effects["feature"])
    ax.set_xlabel("difference in mean polarity, p_pos − p_neg (with − without)")
    return fig
