"""Command line: ``cxstudy ingest`` (more verbs join as the toolkit grows)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from cxstudy.brands import DEFAULT_GAZETTEER
from cxstudy.corpus import BadInputError, ingest
from cxstudy.language import LANGUAGES


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
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cxstudy`` command."""
    args = build_parser().parse_args(argv)
    if args.verb == "ingest" and not args.inputs and not args.hf:
        build_parser().error("ingest needs input files/folders or --hf")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
