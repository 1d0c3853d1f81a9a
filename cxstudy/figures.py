"""The one plotting style of the book, and the figures it reuses.

Colours are the Okabe–Ito palette, safe for the common colour-vision
deficiencies; every figure has labelled axes with units.
"""

from __future__ import annotations

import matplotlib as mpl
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
