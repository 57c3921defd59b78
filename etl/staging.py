"""Typed JSON-lines files that carry records between stages of one run.

Airflow tasks of one run may execute in different processes (or machines sharing a
volume), so stages hand over files, not objects. Writes are atomic (temp + rename)
so a retried task never reads a half-written file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def _is_instance(obj: Any) -> bool:
    return dataclasses.is_dataclass(obj) and not isinstance(obj, type)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dump(path: Path, records: Iterable[Any]) -> int:
    """Write dataclass records as JSON lines, atomically. Returns the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for rec in records:
                row = dataclasses.asdict(rec) if _is_instance(rec) else rec
                fh.write(json.dumps(row, default=_default, ensure_ascii=False))
                fh.write("\n")
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(args[0], value) if len(args) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(tp)
        return [_convert(inner, v) for v in value]
    if origin is dict:
        return dict(value)
    if tp is datetime:
        return datetime.fromisoformat(value)
    if dataclasses.is_dataclass(tp) and isinstance(value, dict):
        return from_dict(tp, value)  # type: ignore[arg-type]
    return value


_FIELD_TYPES: dict[Any, tuple[tuple[str, Any], ...]] = {}


def _field_types(cls: Any) -> tuple[tuple[str, Any], ...]:
    # get_type_hints evaluates the string annotations every time: once per class, not per
    # record (it was four fifths of reading a staged article).
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _FIELD_TYPES[cls] = tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
    return found


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a (nested) dataclass from its ``asdict`` form."""
    kwargs = {name: _convert(tp, data[name]) for name, tp in _field_types(cls) if name in data}
    return cls(**kwargs)


def load(path: Path, cls: type[T]) -> Iterator[T]:
    """Read records written by :func:`dump` (nothing when the file does not exist)."""
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield from_dict(cls, json.loads(line))
