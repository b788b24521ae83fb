"""What the assistant's trainable NLU components share: they keep what they learnt in
Rasa's model storage, build what the first message would otherwise wait for when the
model is loaded, and name the files their training reads besides the training data,
whose fingerprint joins Rasa's cache key: a changed file retrains the component."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from knowledge.fingerprint import fingerprint

Component = TypeVar("Component", bound="StoredComponent")


class StoredComponent(GraphComponent):
    """A graph component whose training result lives in its resource folder.

    A subclass saves with `persist`, reads its folder back in `restore` and builds
    its lookups in `prepare`."""

    # Whether a missing or unreadable folder loads as an untrained component (a
    # pipeline with nothing to learn for it) instead of stopping the server.
    empty_when_missing = False

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource):
        self._config = config
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Component:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls: type[Component],
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> Component:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as folder:
                component.restore(folder)
        except (ValueError, FileNotFoundError):
            if not cls.empty_when_missing:
                raise
        component.prepare()
        return component

    @classmethod
    def reads(cls, config: dict[str, Any]) -> list[Path]:
        """The files (or folders) its training reads besides the training data that
        Rasa passes it."""
        return []

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Rasa keys a trained component in its cache by its config and its inputs; the
        files it `reads` are added here, so that changing one retrains it."""
        files = cls.reads(config)
        return fingerprint(files) if files else None

    def persist(self, write: Callable[[Path], None]) -> Resource:
        """Writes the training result with `write(folder)`; returns the resource."""
        with self._model_storage.write_to(self._resource) as folder:
            write(folder)
        return self._resource

    def restore(self, folder: Path) -> None:
        """Reads back what `persist` wrote."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Builds, at load, what the first message would otherwise wait for."""
