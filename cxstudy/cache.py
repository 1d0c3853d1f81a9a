"""A content-addressed cache of per-text vectors: sentence probabilities per
backend, or embeddings per encoder.

Keys are the SHA-256 of ``identity + text``, so a rerun on the same sentences
recomputes nothing, whatever file or order they come in. Each cache is one
SQLite file in the user cache folder (``$CXSTUDY_CACHE`` or
``~/.cache/cxstudy``), never in the repository.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np


def cache_dir() -> Path:
    """The user cache folder of cxstudy."""
    return Path(os.environ.get("CXSTUDY_CACHE") or Path.home() / ".cache" / "cxstudy")


def text_key(identity: str, text: str) -> str:
    """Cache key of ``text`` scored by the backend ``identity``."""
    return hashlib.sha256(f"{identity}\x00{text}".encode("utf-8")).hexdigest()


class VectorCache:
    """float32 vectors stored by content hash."""

    def __init__(self, path: str | Path | None = None, name: str = "scores"):
        self.path = Path(path) if path else cache_dir() / f"{name}.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, value BLOB NOT NULL)")

    def get(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The cached rows among ``keys``."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start: start + 500]
            query = f"SELECT key, value FROM scores WHERE key IN ({','.join('?' * len(chunk))})"
            for key, value in self._db.execute(query, chunk):
                found[key] = np.frombuffer(value, dtype=np.float32)
        return found

    def put(self, rows: dict[str, np.ndarray]) -> None:
        """Store rows (float32) and commit."""
        self._db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?)",
                             [(key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in rows.items()])
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()
