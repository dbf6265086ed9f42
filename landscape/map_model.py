"""The fitted state of a built map, as data: what placing new text on the map needs.

A bundle is shared between people (an association sends its map to member firms), so what it
stores must never be able to run code when loaded. The model is therefore two files:
``model.json`` (names and settings) and ``model.npz`` (numeric and unicode arrays, read with
``allow_pickle=False``). The embedder is rebuilt on load: a fitted TF-IDF from its vocabulary,
idf weights and SVD basis, a pretrained model by its registry name.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MODEL_JSON = "model.json"
MODEL_ARRAYS = "model.npz"
#: Bumped when the files change shape; a model of another format is refused, not guessed at.
MODEL_FORMAT = 1
_EMBEDDER_PREFIX = "embedder."


class ModelFileError(ValueError):
    """``model.json`` / ``model.npz`` missing, unreadable, holding objects or not fitting together."""


@dataclass(frozen=True, eq=False)
class MapModel:
    """Per patent (row-aligned with ``ids``): its 5-d layout (``cluster_embedding``, where areas
    and topics were found), its map position, topic (-1 unassigned) and area; per topic its
    area; the neighbour vote's settings; and the embedder's name and fitted state, if any.
    """

    model_name: str
    ids: np.ndarray
    cluster_embedding: np.ndarray
    map_embedding: np.ndarray
    topic: np.ndarray
    area: np.ndarray
    topic_area: np.ndarray
    #: share of a point's neighbours that must agree on a topic (as used when the map was built)
    vote_share: float = 1 / 3
    #: how many nearest patents place new text
    neighbours: int = 15
    embedder_settings: dict = field(default_factory=dict)
    embedder_arrays: dict = field(default_factory=dict)

    def __post_init__(self):
        n = len(self.ids)
        shapes = {"cluster_embedding": (self.cluster_embedding, 2), "map_embedding": (self.map_embedding, 2),
                  "topic": (self.topic, 1), "area": (self.area, 1)}
        for name, (array, ndim) in shapes.items():
            if array.ndim != ndim or len(array) != n:
                raise ModelFileError(f"{name} has shape {array.shape}, not {n} rows like the patent ids")
        if self.map_embedding.shape[1] != 2:
            raise ModelFileError(f"map_embedding has {self.map_embedding.shape[1]} columns, not 2")
        if n and (self.topic.max() >= len(self.topic_area) or self.area.min() < 0):
            raise ModelFileError("topic or area numbers do not match the topics' areas")

    def save(self, folder: Path) -> None:
        """Write ``model.json`` and ``model.npz`` into ``folder`` (no object arrays)."""
        folder = Path(folder)
        arrays = {"ids": np.asarray(self.ids, dtype=str),
                  "cluster_embedding": np.asarray(self.cluster_embedding, dtype=np.float32),
                  "map_embedding": np.asarray(self.map_embedding, dtype=np.float32),
                  "topic": np.asarray(self.topic, dtype=np.int32),
                  "area": np.asarray(self.area, dtype=np.int32),
                  "topic_area": np.asarray(self.topic_area, dtype=np.int32)}
        for name, array in self.embedder_arrays.items():
            arrays[_EMBEDDER_PREFIX + name] = np.asarray(array)
        objects = [name for name, array in arrays.items() if array.dtype.hasobject]
        if objects:  # np.save would pickle them, and the loader refuses pickles
            raise ModelFileError(f"arrays {objects} hold Python objects; a map model holds numbers and text only")
        about = {"format": MODEL_FORMAT, "model_name": self.model_name, "vote_share": self.vote_share,
                 "neighbours": self.neighbours, "embedder_settings": self.embedder_settings,
                 "patents": int(len(self.ids))}
        with open(folder / MODEL_ARRAYS, "wb") as f:
            np.savez(f, **arrays)
        (folder / MODEL_JSON).write_text(json.dumps(about, ensure_ascii=False, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "MapModel":
        """Read the model written by ``save``; :class:`ModelFileError` says what is wrong."""
        folder = Path(folder)
        try:
            about = json.loads((folder / MODEL_JSON).read_text(encoding="utf-8"))
            if about.get("format") != MODEL_FORMAT:
                raise ModelFileError(f"model format {about.get('format')!r}, this landscape reads {MODEL_FORMAT}")
            with np.load(folder / MODEL_ARRAYS, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
        except ModelFileError:
            raise
        except FileNotFoundError as err:
            raise ModelFileError(f"{Path(err.filename).name} is missing") from None
        except ValueError as err:  # numpy: "Object arrays cannot be loaded when allow_pickle=False"
            raise ModelFileError(f"unreadable or holding Python objects ({err})") from None
        except (OSError, EOFError) as err:
            raise ModelFileError(f"unreadable ({err})") from None
        try:
            return cls(model_name=str(about["model_name"]), ids=arrays["ids"],
                       cluster_embedding=arrays["cluster_embedding"], map_embedding=arrays["map_embedding"],
                       topic=arrays["topic"], area=arrays["area"], topic_area=arrays["topic_area"],
                       vote_share=float(about["vote_share"]), neighbours=int(about["neighbours"]),
                       embedder_settings=dict(about.get("embedder_settings") or {}),
                       embedder_arrays={name[len(_EMBEDDER_PREFIX):]: array for name, array in arrays.items()
                                        if name.startswith(_EMBEDDER_PREFIX)})
        except KeyError as err:
            raise ModelFileError(f"{err.args[0]!r} is missing") from None

    def embedder(self):
        """The embedder the map was built with: the fitted one rebuilt from its arrays (TF-IDF),
        else a new one by registry name."""
        import importlib

        from landscape.embed.registry import BACKENDS, get_embedder

        if not self.embedder_arrays or self.model_name not in BACKENDS:
            return get_embedder(self.model_name)
        module, cls = BACKENDS[self.model_name]
        return getattr(importlib.import_module(module), cls).from_state(self.embedder_settings,
                                                                        self.embedder_arrays)
