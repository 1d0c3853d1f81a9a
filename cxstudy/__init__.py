"""cxstudy: sentiment and service quality in multilingual customer-complaint posts."""

import warnings

# `datasets` imports tqdm.auto, which warns in a notebook without ipywidgets. The
# toolkit shows no widget progress bars (they would need JavaScript from a CDN), so
# the warning only adds noise to every chapter of the book.
warnings.filterwarnings("ignore", message="IProgress not found", module="tqdm.auto")

__version__ = "0.1.0"
