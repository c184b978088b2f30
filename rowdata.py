"""A database row as a dataclass: how stores hand rows up, so nothing above a store indexes a
row by column name (and a column added later changes no caller)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def one(cls: type[T], row: Any) -> T:
    """`cls` from the row's columns of its fields' names; other columns are left out, and a
    field with a default may be missing from the row."""
    columns = set(row.keys())
    return cls(**{f.name: row[f.name] for f in fields(cls) if f.name in columns})


def many(cls: type[T], rows: Iterable[Any]) -> list[T]:
    return [one(cls, r) for r in rows]
