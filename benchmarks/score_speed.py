"""Speed of sentence scoring, side by side with a naive pipeline and the machine's GEMM rate.

    .venv/bin/python benchmarks/score_speed.py [--n 2000] [--validation ../shared/validation]

Sentences: English and Spanish tweets (the held-out test splits) and Italian
sentences (the seed posts, plus ABSITA sentences when ``--validation`` is
given), mixed and shuffled. Every variant scores the same sentences, uncached,
in the same process:

- naive: one text at a time through AutoTokenizer + AutoModel + pooling + head;
- cxstudy fp32 and int8 (dynamic int8 linear layers), length-sorted batches;

and prints sentences/s, the effective model rate (fp32 model FLOPs / time, at
2 x non-embedding parameters per token), that rate as a share of numpy's fp32
GEMM rate, the agreement of labels with the fp32 scorer, macro-F1 on the
labelled English/Spanish test tweets among the sentences, and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

import numpy as np
import torch


def gemm_gflops(n: int = 2048, repeats: int = 5) -> float:
    """Best fp32 matrix-multiply rate of numpy on this machine, GFLOP/s."""
    a, b = np.random.rand(n, n).astype(np.float32), np.random.rand(n, n).astype(np.float32)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def sentences(n: int, validation: str | None, seed: int = 13) -> list[tuple[str, str | None]]:
    """``n`` (text, gold label or None) pairs, a third per language where the pools allow."""
    from cxstudy.labelled import absita, english_tweets, evomsa_spanish
    from cxstudy.segment import sentence_table
    from cxstudy.sources import seed_corpus

    rng = random.Random(seed)
    english = english_tweets().query("split == 'test'")
    spanish = evomsa_spanish().query("split == 'test'")
    italian = [(t, None) for t in sentence_table(seed_corpus())["text"]]
    if validation:
        italian += [(t, None) for t in absita(f"{validation}/absita_2018/absita_2018_training.csv")["text"]]
    pools = [list(zip(spanish["text"], spanish["label"])), italian, list(zip(english["text"], english["label"]))]
    chosen = []
    for k, pool in enumerate(pools):  # smallest pools first; a short pool's shortfall goes to the next
        rng.shuffle(pool)
        chosen += pool[: (n - len(chosen)) // (len(pools) - k)]
    rng.shuffle(chosen)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--naive", type=int, default=300, help="sentences for the naive pipeline (it is slow)")
    parser.add_argument("--validation", help="folder with absita_2018/ for more Italian sentences")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    from cxstudy.encoder import Encoder
    from cxstudy.evaluate import macro_f1
    from cxstudy.sentiment import E5_PREFIX, LABELS, E5Analyzer, Head

    data = sentences(args.n, args.validation)
    texts = [t for t, _ in data]
    head = Head.load()
    fp32 = Encoder()
    tokens = [len(ids) for ids in fp32.tokenizer([E5_PREFIX + t for t in texts], truncation=True, max_length=512)["input_ids"]]
    parameters = sum(p.numel() for name, p in fp32.model.named_parameters() if "embeddings" not in name)
    flops_per_token = 2 * parameters
    gemm = gemm_gflops()
    print(f"{len(texts)} sentences, {np.mean(tokens):.1f} tokens on average; model {flops_per_token / 1e6:.1f} MFLOP/token; "
          f"numpy fp32 GEMM {gemm:.0f} GFLOP/s; torch threads {torch.get_num_threads()}")

    def naive(encoder: Encoder, subset: list[str]) -> np.ndarray:
        rows = []
        with torch.inference_mode():
            for text in subset:
                batch = encoder.tokenizer(E5_PREFIX + text, truncation=True, max_length=512, return_tensors="pt")
                hidden = encoder.model(**batch).last_hidden_state
                rows.append(torch.nn.functional.normalize(hidden.mean(dim=1), dim=-1)[0].numpy())
        return head.predict_proba(np.stack(rows))

    results = {}
    k = min(args.naive, len(texts))
    seconds = _timed(lambda: results.__setitem__("naive", naive(fp32, texts[:k])))
    report_line("naive per-text fp32", k, seconds, sum(tokens[:k]) * flops_per_token, gemm)
    for label, encoder, batch in [("cxstudy fp32, batch 16", fp32, 16), ("cxstudy fp32, batch 64", fp32, 64),
                                  ("cxstudy int8, batch 16", Encoder(int8=True), 16)]:
        seconds = _timed(lambda: results.__setitem__(label, E5Analyzer(head, encoder, batch).predict(texts)))
        report_line(label, len(texts), seconds, sum(tokens) * flops_per_token, gemm)
    reference = results["cxstudy fp32, batch 16"].argmax(axis=1)
    gold = [(i, g) for i, (_, g) in enumerate(data) if g]
    for label, probabilities in results.items():
        if label == "naive":
            continue
        agree = (probabilities.argmax(axis=1) == reference).mean()
        f1 = macro_f1([g for _, g in gold], [LABELS[probabilities[i].argmax()] for i, _ in gold])
        print(f"{label:26s} label agreement with fp32 {agree:.3f}; macro-F1 on {len(gold)} labelled tweets {f1:.3f}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def report_line(label: str, n: int, seconds: float, flops: float, gemm: float) -> None:
    rate = flops / seconds / 1e9
    print(f"{label:26s} {n / seconds:7.1f} sentences/s  {rate:6.1f} GFLOP/s effective = {rate / gemm:5.1%} of GEMM")


if __name__ == "__main__":
    main()
