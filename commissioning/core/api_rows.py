"""Read-only API lists without rebuilding serializers: the JSON a serializer gives, from a plan of
its fields made once per process (ADR 0024, "Pages and API").

Building a `ModelSerializer`'s fields introspects the model and deep-copies every declared field,
which cost more than the rows themselves; Django REST Framework does it on every request. A plan
keeps the fields of one unbound serializer and, per row, reads each field's source with a plain
attribute walk and calls the field's own `to_representation`, so the JSON is the serializer's own.
A many-to-many field of codes or ids at the top level is read with one `values_list` query for
the whole page instead of a prefetch that builds a related manager per row.

A field that needs the request (`SerializerMethodField`) is answered by the request's serializer;
a serializer with anything a plan cannot read the same way (hyperlinks, or a method field inside a
nested serializer) has no plan, and its view keeps Django REST Framework's own list.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from types import MethodType

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connections, models, router
from rest_framework import relations, serializers

_plans: dict[type, Plan | None] = {}


def _walk(attrs: list[str]) -> Callable:
    """The value at `attrs` on an object, None where a relation on the way is empty (as DRF gives)."""
    if len(attrs) == 1:
        name = attrs[0]

        def one(obj):
            value = getattr(obj, name)
            return value() if type(value) is MethodType else value
        return one

    def many(obj):
        try:
            for name in attrs:
                obj = getattr(obj, name)
                if obj is None:
                    return None
        except ObjectDoesNotExist:
            return None
        return obj() if type(obj) is MethodType else obj
    return many


def _forward_m2m(model, field) -> models.ManyToManyField | None:
    if not isinstance(field, serializers.ManyRelatedField) or len(field.source_attrs) != 1:
        return None
    child = field.child_relation
    if type(child) not in (relations.PrimaryKeyRelatedField, relations.SlugRelatedField):
        return None
    if type(child) is relations.PrimaryKeyRelatedField and child.pk_field is not None:
        return None
    try:
        model_field = model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:
        return None
    return model_field if isinstance(model_field, models.ManyToManyField) else None


class Plan:
    """How to turn one model's rows into a serializer's JSON; `None` from `plan_for` when it cannot."""

    def __init__(self, serializer: serializers.Serializer, *, top_level: bool):
        self.model = serializer.Meta.model if hasattr(serializer, "Meta") else None
        self.columns: list[tuple[str, Callable, Callable | None]] = []  # name, read, represent
        self.methods: list[tuple[str, str]] = []  # name, method on the request's serializer
        self.m2m: list[tuple[str, type, str, str]] = []  # name, target model, query name, value field
        self.names: list[str] = []
        self._sql: dict[tuple, str] = {}  # the SQL of each many-to-many field's query (`_pairs`)
        for field in serializer._readable_fields:
            name = field.field_name
            self.names.append(name)
            if isinstance(field, (relations.HyperlinkedRelatedField, relations.HyperlinkedIdentityField)):
                raise _NoPlan(name)
            if isinstance(field, serializers.SerializerMethodField):
                if not top_level:
                    raise _NoPlan(name)
                self.methods.append((name, field.method_name))
                continue
            m2m = _forward_m2m(self.model, field) if top_level and self.model else None
            if m2m is not None:
                child = field.child_relation
                value = "pk" if type(child) is relations.PrimaryKeyRelatedField else child.slug_field
                self.m2m.append((name, m2m.related_model, m2m.related_query_name(), value))
                continue
            self.columns.append(self._column(field))

    def _column(self, field) -> tuple[str, Callable, Callable | None]:
        name = field.field_name
        if isinstance(field, serializers.ListSerializer):
            child = Plan(field.child, top_level=False)
            read = field.get_attribute
            return name, read, lambda related: [child.row(obj) for obj in (
                related.all() if isinstance(related, models.manager.BaseManager) else related)]
        if isinstance(field, serializers.BaseSerializer):
            child = Plan(field, top_level=False)
            return name, _walk(field.source_attrs), child.row
        if isinstance(field, serializers.ManyRelatedField):
            return name, field.get_attribute, field.to_representation
        if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None and self.model:
            try:
                fk = self.model._meta.get_field(field.source_attrs[-1]) if len(field.source_attrs) == 1 else None
            except FieldDoesNotExist:
                fk = None
            if isinstance(fk, models.ForeignKey):
                return name, _walk([fk.attname]), None
        if isinstance(field, relations.SlugRelatedField):
            return name, _walk([*field.source_attrs, field.slug_field]), None
        if field.source == "*":
            return name, field.get_attribute, field.to_representation
        if type(field) is serializers.CharField:
            return name, _walk(field.source_attrs), str
        if type(field) is serializers.IntegerField:
            return name, _walk(field.source_attrs), int
        if type(field) is serializers.BooleanField:
            return name, _walk(field.source_attrs), field.to_representation
        return name, _walk(field.source_attrs), field.to_representation

    def row(self, obj) -> dict:
        """One object's JSON, except the fields read for the whole page (m2m, methods)."""
        out = {}
        for name, read, represent in self.columns:
            value = read(obj)
            out[name] = value if value is None or represent is None else represent(value)
        return out

    def rows(self, objects: list, serializer: serializers.Serializer) -> list[dict]:
        """The page's JSON, in the serializer's field order; `serializer` is the request's (its context)."""
        found = {}
        if self.m2m and objects:
            ids = [obj.pk for obj in objects]
            for name, target, query_name, value in self.m2m:
                by_row = defaultdict(list)
                for owner, item in self._pairs(target, query_name, value, ids):
                    by_row[owner].append(item)
                found[name] = by_row
        out = []
        for obj in objects:
            row = self.row(obj)
            for name, by_row in found.items():
                row[name] = by_row.get(obj.pk, [])
            for name, method in self.methods:
                row[name] = getattr(serializer, method)(obj)
            out.append({name: row[name] for name in self.names})
        return out


    def _pairs(self, target: type, query_name: str, value: str, ids: list) -> list[tuple]:
        """(owner id, value) of one many-to-many field for the page's rows: one query.

        Django compiling the query cost about five times running it, so its SQL is kept per
        database and number of rows, and reused with the new ids. Only SQL whose parameters are
        exactly the ids and whose columns need no conversion from the database is kept; any other
        query is run through the ORM each time."""
        using = router.db_for_read(target)
        key = (using, target, query_name, value, len(ids))
        sql = self._sql.get(key)
        if sql is None:
            queryset = target._default_manager.using(using).filter(**{f"{query_name}__in": ids}).values_list(
                query_name, value)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            if list(params) != ids or compiler.get_converters([column for column, _, _ in compiler.select]):
                return list(queryset)
            self._sql[key] = sql
        with connections[using].cursor() as cursor:
            cursor.execute(sql, ids)
            return cursor.fetchall()


class _NoPlan(Exception):
    """A field the plan cannot read as the serializer would."""


def plan_for(serializer_class: type) -> Plan | None:
    """The plan of a serializer class, made the first time it is asked for (None: use DRF's list)."""
    if serializer_class not in _plans:
        try:
            _plans[serializer_class] = Plan(serializer_class(), top_level=True)
        except _NoPlan:
            _plans[serializer_class] = None
    return _plans[serializer_class]


class PlannedListMixin:
    """A viewset's list from its serializer's plan: the same JSON, without rebuilding fields per request."""

    def list(self, request, *args, **kwargs):
        serializer_class = self.get_serializer_class()
        plan = plan_for(serializer_class)
        if plan is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = list(queryset if page is None else page)
        data = plan.rows(objects, serializer_class(context=self.get_serializer_context()))
        if page is None:
            from rest_framework.response import Response

            return Response(data)
        return self.get_paginated_response(data)
