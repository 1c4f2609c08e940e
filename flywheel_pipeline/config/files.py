"""Reading one product configuration file into a pydantic model, with errors
that name the file, the key and the fix (one line)."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A product configuration file is missing, malformed or holds a wrong value.

    The message is one line: ``<file>: <key>: <what is wrong>; <fix>``.
    """


class StrictModel(BaseModel):
    """Base of every configuration model: unknown keys are errors (a typo never
    silently falls back to a default) and values are immutable. Scalars are
    strict (StrictInt, StrictStr, ...): "28" is not 28."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_yaml(path: Path) -> dict[str, Any]:
    """The mapping at the top of a YAML file.

    Raises:
        ConfigError: the file is missing, is not YAML, or is not a mapping.
    """
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: file not found; restore it from config/ in the repository"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(f"{path}: {problem}{where}; fix the YAML syntax") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    return data


def key_path(loc: tuple[Any, ...]) -> str:
    """``("funnels", 1, "steps", 0, "event")`` -> ``"funnels[1].steps[0].event"``."""
    text = ""
    for part in (p for p in loc if p != "[key]"):  # pydantic's marker of a dict key
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unwrap(annotation: Any) -> Any:
    """``Optional[X]`` and ``Annotated[X, ...]`` -> ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the key ``loc[-1]`` (for "did you mean" hints)."""
    current: Any = model
    for part in loc[:-1]:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = field.annotation
            continue
        origin, args = typing.get_origin(current), typing.get_args(current)
        if origin in (list, tuple) and args:
            current = args[0]
        elif origin is dict and args:
            current = args[-1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def describe(model: type[BaseModel], error: dict[str, Any]) -> str:
    """One pydantic error as ``<key>: <problem>; <fix>``."""
    loc = tuple(error["loc"])
    key = key_path(loc) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        owner = _model_at(model, loc)
        known = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        return f"{key}: unknown key; {hint}"
    if kind == "missing":
        return f"{key}: required key is missing; add it (see the comments in the file)"
    if kind == "value_error":
        message = error["msg"].removeprefix("Value error, ")
        value = error.get("input")
        scalar = isinstance(value, str | int | float | bool)
        return f"{key}: {value!r} {message}" if scalar else f"{key}: {message}"
    return f"{key}: {error['msg'].lower()}, got {error.get('input')!r}"


def load_model(path: Path, model: type[M], data: dict[str, Any] | None = None) -> M:
    """``path`` (or its already-read ``data``) validated as ``model``.

    Raises:
        ConfigError: one line naming the file, the first wrong key and the fix
            (with the number of further problems, if any).
    """
    data = read_yaml(path) if data is None else data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # An unknown key first: a typo also reports the key it should have been as missing.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConfigError(f"{path}: {describe(model, errors[0])}{more}") from None
