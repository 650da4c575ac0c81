"""The API's answers stay inside its OpenAPI document, whatever a caller sends.

``bound_integers(api)`` gives every integer parameter and body field that has no bound of its own the
database's range (a 64-bit integer), every ``page`` at most ``MAX_PAGE`` and every ``page_size`` at
most ``MAX_PAGE_SIZE``, so a number too large for the database is a 422 naming the field, never an
OverflowError. ``document_errors(schema)`` adds the error answers every operation can give (400 body
unreadable, 401, 403, 404, 413 upload too large, 422, 429 throttled) to the document, with their shape.
"""

from __future__ import annotations

import types
import typing

import annotated_types as at
from pydantic import BaseModel

INT_MAX = 2**63 - 1
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 1_000

ERROR_STATUSES = {
    400: "The request body could not be read (not JSON, or not the expected shape).",
    401: "No valid bearer token or session.",
    403: "Not allowed for this account.",
    404: "Not found, or not visible to this account.",
    413: "The upload is larger than the limit for its kind.",
    422: "A parameter or field is invalid; `errors` names each field.",
    429: "Too many requests.",
}
ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["detail"],
}


def bound_integers(api) -> int:
    """Add the bounds to every model the API's operations read; returns how many fields were bounded."""
    seen: dict[type, None] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _collect(model, seen)
    bounded = sum(_bound_fields(model) for model in seen)
    for model in seen:  # innermost first (_collect adds a model after the models it holds)
        model.model_rebuild(force=True)
    return bounded


def _collect(model: type, seen: dict, visiting: frozenset = frozenset()) -> None:
    if model in seen or model in visiting or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            _collect(inner, seen, visiting | {model})
    seen[model] = None


def _models_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _is_int(annotation) -> bool:
    if annotation is int:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return len(args) == 1 and args[0] is int
    return False


def _bound_fields(model: type) -> int:
    count = 0
    for name, field in model.model_fields.items():
        if not _is_int(field.annotation):
            continue
        kinds = {type(m) for m in field.metadata}
        upper = MAX_PAGE if name == "page" else MAX_PAGE_SIZE if name == "page_size" else INT_MAX
        if not kinds & {at.Le, at.Lt}:
            field.metadata.append(at.Le(upper))
            count += 1
        if not kinds & {at.Ge, at.Gt}:
            field.metadata.append(at.Ge(1 if name in ("page", "page_size") else -INT_MAX))
    return count


def document_errors(schema: dict) -> dict:
    """The OpenAPI document with the error answers on every operation (those it documents itself are kept)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, description in ERROR_STATUSES.items():
                if status not in responses and str(status) not in responses:
                    responses[status] = {"description": description, "content": content}
    return schema


def refuse_non_object_bodies(api) -> int:
    """A JSON body that is not an object (``[]``, ``"x"``, ``3``) is a 422 for operations that read one object.

    django-ninja's Schema reads its fields from any object's attributes, so ``[]`` would pass as "all
    defaults" (``POST /api/imports/jobs/{id}/run`` with ``[]`` started a dry run).
    """
    from ninja.errors import ValidationError as SchemaValidationError
    from ninja.params.models import BodyModel

    patched = 0
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    attr = getattr(model, "__read_from_single_attr__", None)
                    if not (isinstance(model, type) and issubclass(model, BodyModel) and attr):
                        continue
                    annotation = model.model_fields[attr].annotation
                    if not any(True for _m in _models_in(annotation)) or typing.get_origin(annotation) is list:
                        continue
                    model.get_request_data = classmethod(_objects_only(model.get_request_data.__func__, attr,
                                                                       SchemaValidationError))
                    patched += 1
    return patched


def _objects_only(read, attr: str, error):
    def get_request_data(cls, request, api, path_params):
        data = read(cls, request, api, path_params)
        if data is not None and not isinstance(data.get(attr), dict):
            raise error([{"type": "dict_type", "loc": ["body", attr], "msg": "Input should be a JSON object"}])
        return data

    return get_request_data
