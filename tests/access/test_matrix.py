"""Every door, every role: each URL pattern and each API operation, enumerated from the resolver and the
OpenAPI schema, is driven as each role against objects inside and outside its scope.

- A route this module does not know fails the test (add it to ``PK_MODEL`` or ``KWARG_MODEL``).
- Outside scope: 403, 404 or 405 (never 2xx), and no out-of-scope entrepreneur's name, ID number or
  session topic in the body.
- Inside scope: no server error, no out-of-scope name, ID or topic in the body, and — the counts,
  sums, ranks and plan figures — the page is byte-for-byte the same (after removing tokens) when
  every entrepreneur outside the actor's scope is deleted.
- Anonymous: the login page or 401, except the public routes.

Every entrepreneur and session gets a unique sentinel name first, so a leak is found by a plain
substring search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.matrix_world import build_matrix_world

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "logout", "set_language", "home", "api:openapi-json", "api:openapi-view", "api:api-root"}
OPERATIONS = {"ops-healthz", "ops-readyz", "ops-metrics"}  # the service's own health: tested in tests/ops

KWARG_MODEL = {
    "entrepreneur_id": "registry.Entrepreneur",
    "product_id": "registry.Product",
    "job_id": "imports.ImportJob",
    "session_id": "programme.Session",
    "enrolment_id": "programme.Enrolment",
    "milestone_id": "programme.Milestone",
    "round_id": "programme.Round",
    "round_activity_id": "programme.RoundActivity",
    "rule_id": "screening.EligibilityRule",
    "scenario_id": "screening.Scenario",
    "run_id": "screening.Run",
}

# `<pk>` (and kwargs that differ from the defaults above) per route name.
PK_MODEL = {
    "imports:mapping": "imports.ImportJob",
    "imports:job": "imports.ImportJob",
    "imports:run": "imports.ImportJob",
    "imports:report": "imports.ImportJob",
    "programme:session": "programme.Session",
    "programme:visit-log": "programme.Session",
    "programme:enrolment": "programme.Enrolment",
    "programme:plan": "programme.Round",
    "programme:milestone-evidence": "programme.Milestone",
    "screening:round": "programme.Round",
    "screening:rule-preview": "programme.Round",
    "screening:rule-delete": "programme.Round",
    "screening:scenario-create": "programme.Round",
    "screening:compare": "programme.Round",
    "screening:scenario": "screening.Scenario",
    "screening:scenario-edit": "screening.Scenario",
    "screening:scenario-run": "screening.Scenario",
    "screening:scenario-approve": "screening.Scenario",
    "screening:run-status": "screening.Run",
    "screening:run-spread": "screening.Run",
    "screening:explain": "screening.Run",
    "outcomes:evaluation": "outcomes.EvaluationResult",
    "outcomes:report-download": "outcomes.ProgrammeReport",
    "entrepreneur-detail": "registry.Entrepreneur",
    "entrepreneur-edit": "registry.Entrepreneur",
    "entrepreneur-sales": "registry.Entrepreneur",
    "api:round_milestone_done": "programme.RoundMilestone",
}
ROUTE_KWARG_MODEL = {
    ("api:round_milestone_done", "milestone_id"): "programme.RoundMilestone",
}
STR_VALUES = {"fmt": "csv", "kind": "pdf", "target": "google", "token": "not-a-token", "which": "before"}
TOOLKIT_PK_MODEL = {
    "sustainable:biodiversity": "sustainable.BiodiversityRecord",
    "sustainable:consent-file": "sustainable.BiodiversityRecord",
}

SCOPED_ROLES = ("officer10", "consultant", "owner")
ALL_ROLES = ("admin", "manager", "executive", *SCOPED_ROLES)
WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class Route:
    name: str
    template: str  # "/entrepreneurs/{pk}/"
    kwargs: dict[str, str] = field(default_factory=dict)  # kwarg → converter ("int", "str", "path")
    methods: tuple[str, ...] = ("get",)
    api: bool = False


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (f"{namespace}:" if namespace else "") + (p.name or "")


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def enumerate_routes() -> list[Route]:
    """Web routes from the resolver (GET and POST), API operations from the OpenAPI schema."""
    from uplift.api import api

    routes: dict[str, Route] = {}
    for pattern, name in _walk(get_resolver().url_patterns):
        if pattern.startswith("admin/") or name.startswith("api:") or not name or name in OPERATIONS:
            continue
        kwargs = {m.group(2): m.group(1) or "str" for m in _PARAM.finditer(pattern)}
        template = "/" + _PARAM.sub(lambda m: "{" + m.group(2) + "}", pattern)
        routes[name] = Route(name, template, kwargs, ("get", "post"))
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            kwargs = {p["name"]: p.get("schema", {}).get("type", "string") for p in op.get("parameters", [])
                      if p.get("in") == "path"}
            kwargs = {k: "int" if v == "integer" else "str" for k, v in kwargs.items()}
            name = f"api:{op['operationId']}"
            routes[f"{name}:{method}"] = Route(name, path, kwargs, (method,), api=True)
    return list(routes.values())


def model_for(route: Route, kwarg: str) -> str | None:
    if kwarg in STR_VALUES:
        return None
    if (route.name, kwarg) in ROUTE_KWARG_MODEL:
        return ROUTE_KWARG_MODEL[(route.name, kwarg)]
    if kwarg == "pk":
        return PK_MODEL.get(route.name) or TOOLKIT_PK_MODEL.get(route.name) or _toolkit_pk(route)
    return KWARG_MODEL.get(kwarg) or _toolkit_pk(route, kwarg)


_TOOLKIT_PATH = re.compile(r"^/(?:api/)?toolkits/(\w+)/")


def _toolkit_pk(route: Route, kwarg: str = "pk") -> str | None:
    """Toolkit routes name their model by the path segment before ``<pk>`` (``listings/{pk}/`` → Listing,
    ``enrolments/{pk}/`` → programme.Enrolment) or by the kwarg (``quote_id`` → PriceQuote)."""
    found = _TOOLKIT_PATH.match(route.template)
    if not found:
        return None
    label = found.group(1)
    if kwarg == "pk":
        before = route.template.split("{pk}")[0].rstrip("/").rsplit("/", 1)[-1]
        stem = before
    else:
        stem = kwarg.removesuffix("_id").replace("_", "")
    if stem in ("enrolments", "enrolment"):
        return "programme.Enrolment"
    try:
        models = list(apps.get_app_config(label).get_models())
    except LookupError:
        return None
    names = {m._meta.model_name: m._meta.label for m in models}
    for candidate in (stem, stem.removesuffix("es"), stem.removesuffix("s")):
        if candidate in names:
            return names[candidate]
    for test in (str.endswith, str.startswith):
        for candidate in (stem, stem.removesuffix("es"), stem.removesuffix("s")):
            matches = [label_ for name, label_ in names.items() if test(name, candidate)]
            if len(matches) == 1:
                return matches[0]
    return None


def unknown_routes(routes: list[Route]) -> list[str]:
    return sorted({f"{r.name} {r.template} <{k}>" for r in routes for k in r.kwargs if k not in STR_VALUES
                   and model_for(r, k) is None})


def test_every_route_is_known():
    assert unknown_routes(enumerate_routes()) == []


# ---- the world and what each role must not see ------------------------------------------------------


def _policy():
    from uplift.access import policy

    return policy


def out_of_scope_objects(actor, label: str):
    model = apps.get_model(label)
    policy = _policy()
    seen = policy.visible(actor, model).values("pk")
    return model._default_manager.exclude(pk__in=seen)


def in_scope_object(actor, label: str):
    return _policy().visible(actor, apps.get_model(label)).order_by("pk").first()


def sentinels(actor) -> list[str]:
    from uplift.programme.models import Session
    from uplift.registry.models import Entrepreneur

    policy = _policy()
    hidden = Entrepreneur.objects.exclude(pk__in=policy.visible(actor, Entrepreneur).values("pk"))
    words = [w for e in hidden.values_list("name_th", "id_number") for w in e if w]
    words += [t for t in Session.objects.exclude(pk__in=policy.visible(actor, Session).values("pk"))
              .values_list("topic", flat=True) if t]
    return words


def _schema_refusal(route: Route, response) -> bool:
    """An API write with an empty body is refused by the schema (422) before any object is looked up:
    the same answer for every id, inside or outside the scope, so it tells nothing."""
    if not (route.api and response.status_code == 422):
        return False
    detail = response.json().get("detail", [])
    return bool(detail) and all(str(d.get("loc", [""])[0]) in ("body", "form", "file") for d in detail)


def leaked(body: str, words: list[str]) -> list[str]:
    return [w for w in words if w in body]


_VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r"csrftoken[^;\"']*"),
    re.compile(r'"X-CSRFToken"\s*:\s*"[^"]*"'),
    re.compile(r"\d{1,2}:\d{2}(:\d{2})?"),
]


def normalised(body: str) -> str:
    for pattern in _VOLATILE:
        body = pattern.sub("", body)
    return body


def url_of(route: Route, objects: dict[str, object]) -> str | None:
    values = {}
    for kwarg in route.kwargs:
        if kwarg in STR_VALUES:
            values[kwarg] = STR_VALUES[kwarg]
            continue
        obj = objects.get(kwarg)
        if obj is None:
            return None
        values[kwarg] = obj.pk
    return route.template.format(**values)


def call(client: Client, route: Route, method: str, url: str):
    if method == "get":
        return client.get(url)
    if route.api:
        return getattr(client, method)(url, data={}, content_type="application/json")
    return client.post(url, data={})


@pytest.fixture
def matrix(world):
    return build_matrix_world(world)


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_no_door_shows_what_lies_outside_the_scope(matrix):
    routes = enumerate_routes()
    problems: list[str] = []
    doors = 0
    for role in SCOPED_ROLES:
        actor = matrix.users[role]
        client = _client(actor)
        words = sentinels(actor)
        assert words, role
        for route in routes:
            labels = {k: model_for(route, k) for k in route.kwargs if k not in STR_VALUES}
            for target, label in labels.items():
                hidden = out_of_scope_objects(actor, label).order_by("pk").first()
                if hidden is None:
                    continue
                objects = {k: (hidden if k == target else in_scope_object(actor, lbl) or hidden)
                           for k, lbl in labels.items()}
                url = url_of(route, objects)
                for method in route.methods:
                    doors += 1
                    with transaction.atomic():
                        sid = transaction.savepoint_create()
                        response = call(client, route, method, url)
                        transaction.savepoint_rollback(sid)
                    body = response.content.decode(errors="replace")
                    if response.status_code not in (403, 404, 405) and not _schema_refusal(route, response):
                        problems.append(f"{role} {method.upper()} {url} ({route.name}, {label} out of scope): "
                                        f"{response.status_code}")
                    if leaks := leaked(body, words):
                        problems.append(f"{role} {method.upper()} {url}: names {leaks[:3]}")
    print(f"out-of-scope doors driven: {doors}")
    assert not problems, "\n".join(problems)


def test_pages_inside_the_scope_hold_nothing_from_outside(matrix):
    """Bodies name nobody outside; counts, sums and ranks do not move when the outside is deleted."""
    from uplift.registry.models import Entrepreneur

    routes = [r for r in enumerate_routes() if "get" in r.methods]
    problems: list[str] = []
    doors = 0
    for role in SCOPED_ROLES:
        actor = matrix.users[role]
        client = _client(actor)
        words = sentinels(actor)
        before: dict[str, str] = {}
        for route in routes:
            objects = {k: in_scope_object(actor, model_for(route, k)) for k in route.kwargs if k not in STR_VALUES}
            url = url_of(route, objects)
            if url is None:
                continue
            doors += 1
            response = client.get(url)
            body = response.content.decode(errors="replace")
            if response.status_code >= 500:
                problems.append(f"{role} GET {url}: {response.status_code}")
            if leaks := leaked(body, words):
                problems.append(f"{role} GET {url}: names {leaks[:3]}")
            if response.status_code == 200 and not response.get("Content-Type", "").startswith(
                    ("application/pdf", "application/vnd")):
                before[url] = normalised(body)
        with transaction.atomic():
            sid = transaction.savepoint_create()
            policy = _policy()
            purge(Entrepreneur.objects.exclude(pk__in=policy.visible(actor, Entrepreneur).values("pk")))
            for url, body in before.items():
                after = normalised(client.get(url).content.decode(errors="replace"))
                if after != body:
                    problems.append(f"{role} GET {url}: changes when entrepreneurs outside the scope are deleted "
                                    f"({_first_difference(body, after)})")
            transaction.savepoint_rollback(sid)
    print(f"in-scope doors driven: {doors}")
    assert not problems, "\n".join(problems)


def purge(queryset) -> None:
    """Delete, first removing whatever protects the rows (an enrolment, a visit log) the same way."""
    from collections import defaultdict

    from django.db.models import ProtectedError

    for _attempt in range(10):
        try:
            queryset.delete()
            return
        except ProtectedError as error:
            blocking = defaultdict(set)
            for obj in error.protected_objects:
                blocking[type(obj)].add(obj.pk)
            for model, pks in blocking.items():
                purge(model._default_manager.filter(pk__in=pks))
    queryset.delete()


def _first_difference(a: str, b: str) -> str:
    i = next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"…{a[max(i - 60, 0):i + 60]!r} → {b[max(i - 60, 0):i + 60]!r}"


def test_every_role_reaches_every_door_without_a_server_error(matrix):
    problems = []
    for role in (*ALL_ROLES, None):
        actor = matrix.users.get(role)
        client = _client(actor)
        for route in enumerate_routes():
            objects = {k: (in_scope_object(actor, model_for(route, k)) if actor else
                           apps.get_model(model_for(route, k))._default_manager.order_by("pk").first())
                       for k in route.kwargs if k not in STR_VALUES}
            url = url_of(route, objects)
            if url is None:
                continue
            response = client.get(url) if "get" in route.methods else None
            if response is None:
                continue
            if response.status_code >= 500:
                problems.append(f"{role} GET {url}: {response.status_code}")
            if role is None and route.name not in PUBLIC:
                login = response.status_code == 302 and "/login/" in response.get("Location", "")
                if not (login or response.status_code in (401, 403, 404, 405)):
                    problems.append(f"anonymous GET {url}: {response.status_code}")
    assert not problems, "\n".join(problems)
