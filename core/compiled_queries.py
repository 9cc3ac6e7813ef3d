"""Querysets compiled to SQL once per database and shape, then run again with new values.

Building a large ORM statement and compiling it to SQL costs milliseconds of CPU every time, even
when only a few values change from one request to the next (ids, today's date, a seed) and the
shape does not (which filters there are, how many ids a list holds). `CompiledQueries.fetch` builds
the queryset once with stand-in values it can recognise among the statement's parameters, keeps
the SQL and where each value sits, and from then on runs the kept SQL with the new values and
turns the rows into model instances as the ORM does (`select_related` and annotations included).

The caller's shape key must name everything the builder reads besides the values (flags, the
length of each list, settings): the cache trusts it. Values are ints, strs, dates, datetimes or
UUIDs, never None (a missing value is a different shape). A str may also sit inside a LIKE pattern
(`startswith`, `contains`, ...); a value with LIKE's special characters is then not substituted
but built and compiled as usual. If a stand-in cannot be found in the parameters the statement is
never kept and every call builds it: slower, never wrong.
"""

from __future__ import annotations

import datetime
import uuid
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.query import Query

M = TypeVar("M", bound=Model)
StatementValue = int | str | datetime.date | uuid.UUID

# Stand-ins are far from any real id, date or text, and ints stay within 32 bits (an integer
# column's lookup with a value out of its range compiles to a different statement).
_INT_STAND_IN = 1_987_654_301
_STR_STAND_IN = "qzx{}standinqzx"
_DATE_STAND_IN = datetime.date(1901, 2, 3)
_DATETIME_STAND_IN = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
_UUID_STAND_IN = 0x5E17_0000_0000_4000_8000_0000_0000_0000
# Kept statements per cache: far more than the shapes a page meets; emptied when full.
MAX_SHAPES = 256


@dataclass(frozen=True)
class _Slot:
    position: int
    name: str
    stand_in: StatementValue
    in_pattern: bool  # the value sits inside a LIKE pattern's text
    # The parameter's own type when the backend wraps the value (psycopg's Int4 for an int in a
    # SELECT list on PostgreSQL), so that the new value is passed the same way.
    wrap: type | None = None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[_Slot, ...]
    query: Query  # read only: a compiler on the current connection gives the row converters
    fields: tuple[Any, ...]
    model: type[Model]
    init_list: tuple[str, ...]
    model_columns: slice
    related_populators: tuple[Any, ...]
    annotation_col_map: dict[str, int]
    # The row converters, per connection (they are bound to it): asking for them is a call per
    # column of the backend and of each field.
    converters: weakref.WeakKeyDictionary = field(default_factory=weakref.WeakKeyDictionary)


_EMPTY = "empty"  # the statement can match nothing (an empty IN list): no query at all
_UNCACHEABLE = "uncacheable"


class CompiledQueries(Generic[M]):
    """Statements of one queryset builder, kept per database alias and shape key."""

    def __init__(self, model: type[M]) -> None:
        self.model = model
        self._kept: dict[tuple[str, Hashable], _Compiled | str] = {}

    def fetch(
        self,
        shape: Hashable,
        values: dict[str, StatementValue],
        build: Callable[..., QuerySet[M]],
    ) -> list[M]:
        """The instances of `build(**values)`, from SQL compiled once for this shape."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        if any(
            isinstance(value, str) and connection.ops.prep_for_like_query(value) != value
            for value in values.values()
        ):
            return list(build(**values).using(alias))
        key = (alias, shape)
        compiled = self._kept.get(key)
        if compiled is None:
            compiled = _compile(build, values, alias)
            if len(self._kept) >= MAX_SHAPES:
                self._kept.clear()
            self._kept[key] = compiled
        if compiled == _EMPTY:
            return []
        if compiled == _UNCACHEABLE:
            return list(build(**values).using(alias))
        assert isinstance(compiled, _Compiled)
        return _run(compiled, values, alias)


def _stand_in(value: StatementValue, index: int) -> StatementValue:
    if isinstance(value, bool) or value is None:
        raise TypeError("A compiled query's values are ints, strs, dates, datetimes or UUIDs.")
    if isinstance(value, int):
        return _INT_STAND_IN + index
    if isinstance(value, str):
        return _STR_STAND_IN.format(index)
    if isinstance(value, datetime.datetime):
        return _DATETIME_STAND_IN + datetime.timedelta(seconds=index)
    if isinstance(value, datetime.date):
        return _DATE_STAND_IN + datetime.timedelta(days=index)
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=_UUID_STAND_IN + index)
    raise TypeError(f"A compiled query cannot take a {type(value).__name__}.")


def _adapt(value: StatementValue, connection: Any) -> Any:
    """The value as the ORM passes it to this database (as a field's get_db_prep_value does)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, uuid.UUID) and not connection.features.has_native_uuid_field:
        return value.hex
    return value


def _compile(build: Callable[..., QuerySet], values: dict[str, StatementValue], alias: str):
    stand_ins = {
        name: _stand_in(value, index) for index, (name, value) in enumerate(values.items())
    }
    queryset = build(**stand_ins).using(alias)
    compiler = queryset.query.get_compiler(using=alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _EMPTY
    adapted = {name: _adapt(stand_in, compiler.connection) for name, stand_in in stand_ins.items()}
    slots = []
    for position, param in enumerate(params):
        for name, stand_in in stand_ins.items():
            if isinstance(param, type(adapted[name])) and param == adapted[name]:
                wrap = type(param) if type(param) is not type(adapted[name]) else None
                slots.append(_Slot(position, name, stand_in, in_pattern=False, wrap=wrap))
            elif isinstance(stand_in, str) and isinstance(param, str) and stand_in in param:
                slots.append(_Slot(position, name, stand_in, in_pattern=True))
    if {slot.name for slot in slots} != set(values) or len({s.position for s in slots}) != len(
        slots
    ):
        return _UNCACHEABLE  # a value the compiled parameters do not show as such
    klass_info, select = compiler.klass_info, compiler.select
    if klass_info is None or queryset._known_related_objects:
        return _UNCACHEABLE
    columns = klass_info["select_fields"]
    model_columns = slice(columns[0], columns[-1] + 1)
    return _Compiled(
        sql=sql,
        params=tuple(params),
        slots=tuple(slots),
        query=queryset.query,
        fields=tuple(column[0] for column in select[0 : compiler.col_count]),
        model=klass_info["model"],
        init_list=tuple(column[0].target.attname for column in select[model_columns]),
        model_columns=model_columns,
        related_populators=tuple(get_related_populators(klass_info, select, alias)),
        annotation_col_map=dict(compiler.annotation_col_map or {}),
    )


def _run(compiled: _Compiled, values: dict[str, StatementValue], alias: str) -> list:
    connection = connections[alias]
    params = list(compiled.params)
    for slot in compiled.slots:
        value = values[slot.name]
        if slot.in_pattern:
            params[slot.position] = params[slot.position].replace(slot.stand_in, value)
        else:
            adapted = _adapt(value, connection)
            params[slot.position] = slot.wrap(adapted) if slot.wrap else adapted
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    # The row converters (dates from text on SQLite, ...) of this thread's connection.
    compiler = compiled.query.get_compiler(using=alias)
    converters = compiled.converters.get(connection)
    if converters is None:
        converters = compiled.converters[connection] = compiler.get_converters(compiled.fields)
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    instances = []
    for row in rows:
        instance = compiled.model.from_db(
            alias, list(compiled.init_list), row[compiled.model_columns]
        )
        for populator in compiled.related_populators:
            populator.populate(row, instance)
        for name, column in compiled.annotation_col_map.items():
            setattr(instance, name, row[column])
        instances.append(instance)
    return instances
