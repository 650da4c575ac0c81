"""The one place that decides who may see and do what, asked the same way by every door.

Two questions, nothing else:

- ``visible(actor, Model, verb="view")`` — a queryset of the rows of ``Model`` the actor may
  read (or act on with ``verb``). Every selector starts from it; every count, sum, rank and
  "n eligible" is computed over it.
- ``can(actor, verb, obj=None)`` — may the actor do ``verb`` at all (no ``obj``), or to this
  object? Actions call ``require()`` (the same, raising), views and templates ``can()`` to show
  or hide a control.

The rules are the table ``RULES`` below: verb × role → scope. A scope says *which* objects:

==========  =====================================================================
``ALL``     every object (whole programme)
``REGION``  objects of entrepreneurs in the actor's regional centres' provinces, or
            objects bound to those centres or provinces
``ASSIGNED`` the consultant's assigned entrepreneurs (and sessions they run themselves)
``OWN``     the entrepreneur account's own record and what hangs from it
``SELF``    objects the actor created or that are the actor
==========  =====================================================================

A role missing from a verb's row may not do it. ``actor=None`` may do nothing: batch work runs
as the named system account (``system_actor()``), checked and audited like a person.

National figures (a round's places held, a run's selected count and budget, ranks among all
entrepreneurs, the programme target) are verbs of their own (``*.national_figures``) so that
who may read them is stated here, not implied by a page.

Waitlist promotion (stated here because it is a rule of the programme, not of a page): a place
freed by an entrepreneur is offered to the next waitlisted entrepreneur **of the same regional
centre** (the regional quotas of the approved selection hold), automatically and as the system
account. Offering a free place to the whole round's waitlist is ``waitlist.promote_national``:
administrators and programme managers only.

Which path leads from a model to its entrepreneur, centre, province, creator or staff member is
in ``PATHS``; models are named by label so this module imports no other app's models.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.translation import gettext as _

from uplift.access.models import ConsultantAssignment, Profile, Role

SYSTEM_USERNAME = "system"


class Scope(StrEnum):
    ALL = "all"
    REGION = "region"
    ASSIGNED = "assigned"
    OWN = "own"
    SELF = "self"


A, R, C, O, S = Scope.ALL, Scope.REGION, Scope.ASSIGNED, Scope.OWN, Scope.SELF
ADMIN, MANAGER, EXEC = Role.ADMINISTRATOR, Role.PROGRAMME_MANAGER, Role.EXECUTIVE
OFFICER, CONSULTANT, OWNER, SYSTEM = Role.REGIONAL_OFFICER, Role.CONSULTANT, Role.ENTREPRENEUR, Role.SYSTEM

STAFF_ROLES = (ADMIN, MANAGER, EXEC, OFFICER, CONSULTANT)

# verb → {role: scope}. Read a row as "who may do this, to which objects".
RULES: dict[str, dict[str, Scope]] = {
    # registry
    "entrepreneur.view":            {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: R, CONSULTANT: C, OWNER: O, SYSTEM: A},
    "entrepreneur.create":          {ADMIN: A, OFFICER: R, SYSTEM: A},
    "entrepreneur.update":          {ADMIN: A, OFFICER: R, SYSTEM: A},
    "entrepreneur.history":         {ADMIN: A, OFFICER: R},
    "entrepreneur.export":          {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: R, CONSULTANT: C},
    # personal data under the PDPA (national IDs, phones, birth years): in full for those who register and
    # contact entrepreneurs; masked for everyone else, with an explicit, audited reveal for the consultant
    "personal.view":                {ADMIN: A, OFFICER: R, OWNER: O, SYSTEM: A},
    "personal.reveal":              {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "personal.subject_export":      {ADMIN: A, OFFICER: R, OWNER: O, SYSTEM: A},
    "personal.erase":               {ADMIN: A, SYSTEM: A},
    "consent.record":               {ADMIN: A, OFFICER: R, OWNER: O, SYSTEM: A},
    "product.create":               {ADMIN: A, OFFICER: R, SYSTEM: A},
    "product.update":               {ADMIN: A, OFFICER: R, SYSTEM: A},
    "reference.load":               {ADMIN: A, SYSTEM: A},
    "demo.load":                    {ADMIN: A, SYSTEM: A},
    "area.view":                    {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: A, CONSULTANT: A, OWNER: A, SYSTEM: A},
    # accounts
    "user.create":                  {ADMIN: A, SYSTEM: A},
    "consultant.assign":            {ADMIN: A, MANAGER: A, OFFICER: R, SYSTEM: A},
    "token.issue":                  {ADMIN: A, MANAGER: S, EXEC: S, OFFICER: S, CONSULTANT: S, OWNER: S, SYSTEM: A},
    # imports
    "import.view":                  {ADMIN: A, OFFICER: S, SYSTEM: A},
    "import.create":                {ADMIN: A, OFFICER: S, SYSTEM: A},
    "import.run":                   {ADMIN: A, OFFICER: S, SYSTEM: A},
    "import.template":              {ADMIN: A, OFFICER: R, SYSTEM: A},  # saved mappings, shared within a centre
    "duplicate.resolve":            {ADMIN: A, OFFICER: R, SYSTEM: A},
    # screening
    "screening.view":               {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: A, CONSULTANT: A, SYSTEM: A},
    "round.manage":                 {ADMIN: A, MANAGER: A, SYSTEM: A},
    "scenario.manage":              {ADMIN: A, MANAGER: A, SYSTEM: A},
    "run.start":                    {ADMIN: A, MANAGER: A, SYSTEM: A},
    "scenario.approve":             {ADMIN: A, MANAGER: A, SYSTEM: A},
    "run.national_figures":         {ADMIN: A, MANAGER: A, EXEC: A, SYSTEM: A},
    "needs.record":                 {ADMIN: A, OFFICER: R, CONSULTANT: C, OWNER: O, SYSTEM: A},
    "candidate.verify":             {ADMIN: A, MANAGER: A, OFFICER: R, SYSTEM: A},
    # programme delivery
    "programme.view":               {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: R, CONSULTANT: C, OWNER: O, SYSTEM: A},
    "round.national_figures":       {ADMIN: A, MANAGER: A, EXEC: A, SYSTEM: A},
    "round_plan.manage":            {ADMIN: A, MANAGER: A, SYSTEM: A},
    "enrolment.manage":             {ADMIN: A, MANAGER: A, OFFICER: R, SYSTEM: A},
    "enrolment.respond":            {ADMIN: A, MANAGER: A, OFFICER: R, OWNER: O, SYSTEM: A},
    "waitlist.promote_national":    {ADMIN: A, MANAGER: A, SYSTEM: A},
    "cohort.manage":                {ADMIN: A, MANAGER: A, OFFICER: R, SYSTEM: A},
    "session.schedule":             {ADMIN: A, MANAGER: A, OFFICER: R, SYSTEM: A},
    "visit.schedule":               {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "session.update":               {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "attendance.record":            {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "visit.log":                    {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "milestone.update":             {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "reminders.send":               {ADMIN: A, SYSTEM: A},
    # outcomes
    "observation.enter":            {ADMIN: A, OFFICER: R, CONSULTANT: C, OWNER: O, SYSTEM: A},
    "observation.verify":           {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "value.compute":                {ADMIN: A, MANAGER: A, SYSTEM: A},
    "evaluation.run":               {ADMIN: A, MANAGER: A, SYSTEM: A},
    "evaluation.view":              {ADMIN: A, MANAGER: A, EXEC: A, SYSTEM: A},
    "report.request":               {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: S, SYSTEM: A},
    "report.view":                  {ADMIN: A, MANAGER: S, EXEC: S, OFFICER: S, SYSTEM: A},
    "dashboard.view":               {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "programme.target":             {ADMIN: A, MANAGER: A, EXEC: A, SYSTEM: A},
    # toolkits: one verb pair per toolkit, the same shape for all seven
    "toolkit.view":                 {ADMIN: A, MANAGER: A, EXEC: A, OFFICER: R, CONSULTANT: C, OWNER: O, SYSTEM: A},
    "toolkit.work":                 {ADMIN: A, OFFICER: R, CONSULTANT: C, SYSTEM: A},
    "toolkit.own":                  {ADMIN: A, OFFICER: R, CONSULTANT: C, OWNER: O, SYSTEM: A},
    "toolkit.reference":            {ADMIN: A, OFFICER: A, SYSTEM: A},
    # the audit trail
    "audit.view":                   {ADMIN: A, OFFICER: R},
}


@dataclass(frozen=True)
class Path:
    """How a model is scoped, and the verb that reads it.

    ``entrepreneur`` is the lookup to its entrepreneur (``""`` for Entrepreneur itself); ``centre``
    and ``province`` to the regional centre or province it is bound to; ``cohort`` to the cohort
    whose members it serves (sessions); ``creator`` to the user who made it; ``staff`` to the user
    who runs it. ``national`` marks programme-level objects that hold no entrepreneur's data
    (rounds, activities, scenarios): whoever may use ``view`` at all sees them; their figures are
    gated by the ``*.national_figures`` verbs.
    """

    view: str
    entrepreneur: str | None = None
    centre: str | None = None
    province: str | None = None
    cohort: str | None = None
    creator: str | None = None
    staff: str | None = None
    is_user: bool = False
    national: bool = False


REG, PROG, SCR = "entrepreneur.view", "programme.view", "screening.view"

PATHS: dict[str, Path] = {
    "registry.Entrepreneur": Path(REG, entrepreneur="", province="province"),
    "registry.Person": Path(REG, entrepreneur="entrepreneur"),
    "registry.Product": Path(REG, entrepreneur="entrepreneur"),
    "registry.ProductStandard": Path(REG, entrepreneur="product__entrepreneur"),
    "registry.MonthlySales": Path(REG, entrepreneur="entrepreneur"),
    "geo.RegionalCentre": Path("area.view", centre="pk"),
    "geo.Province": Path("area.view", centre="centre", province="pk"),
    "geo.Subdistrict": Path("area.view", centre="province__centre", province="province"),
    "access.ConsultantAssignment": Path(REG, entrepreneur="entrepreneur"),
    "access.ApiToken": Path("token.issue", creator="user"),
    "auth.User": Path("token.issue", is_user=True),
    "audit.AuditEntry": Path("audit.view", national=True),
    "imports.ImportJob": Path("import.view", creator="created_by"),
    "imports.MappingTemplate": Path("import.template", centre="centre"),
    "imports.DuplicateCandidate": Path("duplicate.resolve", entrepreneur="existing"),
    "screening.RoundWeights": Path(SCR, national=True),
    "screening.EligibilityRule": Path(SCR, national=True),
    "screening.Scenario": Path(SCR, national=True),
    "screening.Run": Path(SCR, national=True),
    "screening.SnapshotRow": Path(REG, entrepreneur="entrepreneur"),
    "screening.NeedsAssessment": Path(REG, entrepreneur="entrepreneur"),
    "screening.CandidateReview": Path(REG, entrepreneur="entrepreneur"),
    "programme.Activity": Path(PROG, national=True),
    "programme.Round": Path(PROG, national=True),
    "programme.RoundActivity": Path(PROG, national=True),
    "programme.RoundMilestone": Path(PROG, national=True),
    "programme.MilestoneTemplate": Path(PROG, national=True),
    "programme.Enrolment": Path(PROG, entrepreneur="entrepreneur"),
    "programme.EnrolmentCohort": Path(PROG, entrepreneur="enrolment__entrepreneur"),
    "programme.Cohort": Path(PROG, centre="centre", cohort="pk"),
    "programme.Session": Path(PROG, entrepreneur="entrepreneur", centre="cohort__centre", cohort="cohort",
                              staff="staff"),
    "programme.Attendance": Path(PROG, entrepreneur="enrolment__entrepreneur"),
    "programme.VisitLog": Path(PROG, entrepreneur="entrepreneur"),
    "programme.VisitFile": Path(PROG, entrepreneur="log__entrepreneur"),
    "programme.FollowUp": Path(PROG, entrepreneur="log__entrepreneur"),
    "programme.Milestone": Path(PROG, entrepreneur="enrolment__entrepreneur"),
    "outcomes.Indicator": Path(PROG, national=True),
    "outcomes.Observation": Path(PROG, entrepreneur="entrepreneur"),
    "outcomes.EconomicValue": Path(PROG, entrepreneur="entrepreneur"),
    "outcomes.EvaluationResult": Path("evaluation.view", national=True),
    "outcomes.ProgrammeReport": Path("report.view", creator="requested_by"),
}


def register_path(label: str, path: Path) -> None:
    """Toolkit apps name how their records reach an entrepreneur (called from their AppConfig.ready)."""
    PATHS[label] = path


# ---- who the actor is ------------------------------------------------------------------------

def role_of(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    if profile is not None:
        return profile.role
    return Role.ADMINISTRATOR if user.is_superuser else None


def has_role(user, *roles: str) -> bool:
    return role_of(user) in roles


def is_staff_role(user) -> bool:
    return role_of(user) in STAFF_ROLES


def role_label(user) -> str:
    role = role_of(user)
    return str(Role(role).label) if role else ""


def system_actor():
    """The named account batch work runs as (created by the access migrations)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("profile").filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = ensure_system_actor()
    return user


def ensure_system_actor():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "ระบบ", "last_name": "อัตโนมัติ", "is_active": True})
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Profile.objects.get_or_create(user=user, defaults={"role": Role.SYSTEM})
    return user


# ---- per-request memo of an actor's scope ---------------------------------------------------

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("uplift_policy_memo", default=None)


@contextmanager
def request_scope():
    """Within one request, an actor's centres and assignments are read once (the middleware opens this)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _remember(actor, key: str, compute):
    memo = _memo.get()
    if memo is None:
        return compute()
    slot = (actor.pk, key)
    if slot not in memo:
        memo[slot] = compute()
    return memo[slot]


def will_filter_repeatedly(actor) -> None:
    """Said by a selector that filters by the actor's caseload in several statements (a workspace): every one
    of them, the first included, then uses the ids read once (see ``_assigned_query``)."""
    memo = _memo.get()
    if memo is not None:
        for key in ("taught", "assigned"):
            memo.setdefault((actor.pk, "filtered:" + key), 1)


def _filtered_before(actor, key: str) -> bool:
    """Whether this request already filtered by ``key`` of ``actor`` (and counts this time)."""
    memo = _memo.get()
    if memo is None:
        return False
    slot = (actor.pk, "filtered:" + key)
    memo[slot] = memo.get(slot, 0) + 1
    return memo[slot] > 1


def centre_ids(actor) -> list[int]:
    return _remember(actor, "centres", lambda: list(
        Profile.centres.through.objects.filter(profile__user=actor).values_list("regionalcentre_id", flat=True)))


def province_ids(actor) -> list[str]:
    Province = apps.get_model("geo", "Province")
    return _remember(actor, "provinces", lambda: list(
        Province.objects.filter(centre_id__in=centre_ids(actor)).values_list("code", flat=True)))


def assigned_ids(actor, *, taught: bool = True) -> list[int]:
    """A consultant's entrepreneurs: those assigned to them and (``taught``) the participants of the sessions
    they run — a trainer takes attendance for the whole cohort of their own session. Another session of
    that cohort is reached only through an assigned entrepreneur, never through teaching."""
    def compute() -> list[int]:
        return sorted(ConsultantAssignment.objects.filter(consultant=actor).values_list("entrepreneur_id", flat=True))

    def with_taught() -> list[int]:
        taught_ids = apps.get_model("programme", "EnrolmentCohort").objects.filter(
            cohort__sessions__staff=actor).values_list("enrolment__entrepreneur_id", flat=True)
        return sorted(set(assigned_ids(actor, taught=False)) | set(taught_ids))

    return _remember(actor, "taught" if taught else "assigned", with_taught if taught else compute)


def _assigned_query(actor, *, taught: bool = True):
    """``assigned_ids`` for a filter. A busy trainer's caseload runs to thousands of entrepreneurs: spelled
    out as one parameter per id it costs more than the database's own lookup, which is the filter a request
    gets the first time. A page that filters by the caseload again (a workspace does four times) reads the
    ids once and, on PostgreSQL, sends them as one array parameter, while a page that filters once pays
    nothing more. A selector that knows it filters several times says so first (``will_filter_repeatedly``):
    the national consultant's workspace 469 → 340–380 ms (benchmarks/delivery_national.py)."""
    if connection.vendor == "postgresql" and _filtered_before(actor, "taught" if taught else "assigned"):
        return RawSQL("SELECT unnest(%s::bigint[])", (assigned_ids(actor, taught=taught),))
    assigned = ConsultantAssignment.objects.filter(consultant=actor).values("entrepreneur_id")
    if not taught:
        return assigned
    taught_ids = apps.get_model("programme", "EnrolmentCohort").objects.filter(
        cohort__sessions__staff=actor).values("enrolment__entrepreneur_id")
    return assigned.union(taught_ids)


def own_entrepreneur_id(actor) -> int | None:
    profile = getattr(actor, "profile", None)
    return profile.entrepreneur_id if profile is not None else None


# ---- the two questions ------------------------------------------------------------------------

def scope_of(actor, verb: str) -> Scope | None:
    if verb not in RULES:
        raise KeyError(f"unknown verb {verb!r}: add it to access.policy.RULES")
    role = role_of(actor)
    return RULES[verb].get(role) if role else None


def scope_key(actor, verb: str) -> str | None:
    """A name for the rows ``actor`` reaches with ``verb``, the same for every actor who reaches exactly these
    rows ("all", or "region:" and the centres); None where the rows are the actor's own (assigned, own, self)
    or ``verb`` is not theirs. Figures computed over a scope may be shared under its key."""
    scope = scope_of(actor, verb)
    if scope == Scope.ALL:
        return "all"
    if scope == Scope.REGION:
        return "region:" + ",".join(str(c) for c in sorted(centre_ids(actor)))
    return None


def _label(model) -> str:
    return model._meta.label


def _join(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


NOTHING = Q(pk__in=[])


def _filter(actor, scope: Scope, path: Path) -> Q:
    """The Q over a model (reached through ``path``) admitting exactly the objects of ``scope``."""
    if scope == Scope.ALL or path.national:
        return Q()
    if scope == Scope.SELF:
        if path.is_user:
            return Q(pk=actor.pk)
        return Q(**{path.creator: actor}) if path.creator else NOTHING
    if scope == Scope.REGION:
        if path.province is not None:
            return Q(**{_in(path.province): province_ids(actor)})
        if path.centre is not None:
            return Q(**{_in(path.centre): centre_ids(actor)})
        if path.entrepreneur is not None:
            return Q(**{_join(path.entrepreneur, "province__in"): province_ids(actor)})
        return NOTHING
    if scope == Scope.ASSIGNED:
        q = _of_entrepreneurs(path, _assigned_query(actor, taught=path.cohort is None))
        return q | Q(**{path.staff: actor}) if path.staff is not None else q
    if scope == Scope.OWN:
        own = own_entrepreneur_id(actor)
        return _of_entrepreneurs(path, [own]) if own is not None else NOTHING
    return NOTHING


def _in(lookup: str) -> str:
    return "pk__in" if lookup == "pk" else f"{lookup}__in"


def _of_entrepreneurs(path: Path, ids) -> Q:
    """Rows of these entrepreneurs: through the entrepreneur lookup, or (sessions without one, cohorts)
    through the cohorts their enrolments are members of."""
    q = NOTHING
    if path.entrepreneur is not None:
        q = Q(**{_in(path.entrepreneur or "pk"): ids})
    if path.cohort is not None:
        members = apps.get_model("programme", "EnrolmentCohort").objects.filter(
            enrolment__entrepreneur__in=ids).order_by().values("cohort_id")
        by_cohort = Q(**{_in(path.cohort): members})
        if path.entrepreneur is not None:
            by_cohort &= Q(**{f"{path.entrepreneur}__isnull": True})
        q = by_cohort if path.entrepreneur is None else q | by_cohort
    return q


def _path(model) -> Path:
    label = _label(model)
    if label not in PATHS:
        raise KeyError(f"no access path for {label}: add it to access.policy.PATHS")
    return PATHS[label]


def scope_filter(actor, model, verb: str = "view") -> Q | None:
    """The Q the policy applies for ``verb`` on ``model``; None when the actor may not at all."""
    path = _path(model)
    scope = scope_of(actor, path.view if verb == "view" else verb)
    if scope is None:
        return None
    return _filter(actor, scope, path)


def visible(actor, model, verb: str = "view") -> QuerySet:
    """The rows of ``model`` the actor may read (``verb="view"``) or act on with ``verb``."""
    q = scope_filter(actor, model, verb)
    if q is None:
        return model._default_manager.none()
    return model._default_manager.filter(q)


def can(actor, verb: str, obj: Model | None = None) -> bool:
    """May ``actor`` do ``verb`` (to ``obj``)? Without ``obj``: to anything at all."""
    scope = scope_of(actor, verb)
    if scope is None:
        return False
    if obj is None or scope == Scope.ALL:
        return True
    model = type(obj)
    q = _filter(actor, scope, _path(model))
    if obj.pk is None:
        return _unsaved_in_scope(actor, scope, obj)
    return model._default_manager.filter(q, pk=obj.pk).exists()


def _unsaved_in_scope(actor, scope: Scope, obj: Model) -> bool:
    """A new object is in scope when the saved object it hangs from is (its entrepreneur, province,
    centre or cohort)."""
    path = _path(type(obj))
    if path.national:
        return True
    if scope == Scope.SELF:
        return path.creator is not None and getattr(obj, f"{path.creator}_id", None) in (None, actor.pk)
    for lookup in (path.entrepreneur, path.province, path.centre, path.cohort):
        if not lookup or lookup == "pk":
            continue
        try:
            parent = getattr(obj, lookup.split("__")[0])
        except (AttributeError, ObjectDoesNotExist):
            parent = None
        if parent is not None and parent.pk is not None:
            return can_reach(actor, scope, parent)
    return False


def can_reach(actor, scope: Scope, obj: Model) -> bool:
    q = _filter(actor, scope, _path(type(obj)))
    return type(obj)._default_manager.filter(q, pk=obj.pk).exists()


def require(actor, verb: str, obj: Model | None = None, *, message: str | None = None) -> None:
    """Raise when the actor may not: 404 when the object is out of sight, 403 when seen but not allowed.

    Neither message names the object, so a refusal never tells what lies outside the actor's scope.
    """
    if can(actor, verb, obj):
        return
    if obj is not None and obj.pk is not None and not _sees(actor, obj):
        raise Http404(_("Not found."))
    raise PermissionDenied(message or _("You do not have permission to do this."))


def _sees(actor, obj: Model) -> bool:
    try:
        return visible(actor, type(obj)).filter(pk=obj.pk).exists()
    except KeyError:
        return False


def get_visible(actor, model, pk, verb: str = "view", *, related: tuple[str, ...] = ()):
    """One object by primary key if the actor may see it (``verb``), else 404 — never "it exists but…"."""
    try:
        qs = visible(actor, model, verb)
        if related:
            qs = qs.select_related(*related)
        obj = qs.filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        obj = None
    if obj is None:
        raise Http404(_("Not found."))
    return obj


def verbs_for(actor) -> set[str]:
    """Every verb the actor may do to something: menus and controls show only these."""
    role = role_of(actor)
    return {verb for verb, row in RULES.items() if role in row}
