"""The JSON API: one NinjaAPI that adds each app's router, with session and token auth and
one error shape everywhere: ``{"detail": str, "errors": [{"field": str|None, "message": str}]}``."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import math
import sys
import time
from collections import defaultdict

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.urls import URLPattern
from django.urls import path as django_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi import schema as ninja_openapi
from ninja.operation import PathView
from ninja.parser import Parser
from ninja.schema import NinjaGenerateJsonSchema
from ninja.security import APIKeyHeader, HttpBearer, django_auth
from ninja.throttling import SimpleRateThrottle
from ninja.utils import normalize_path, replace_path_param_notation
from pydantic import BaseModel
from pydantic.json_schema import DefsRef

from tandem.accounts.services import token_authenticate
from tandem.core.errors import DomainError, ValidationFailed
from tandem.core.middleware import client_address
from tandem.core.validation import integer_bounds, unstorable_input
from tandem.env import parse_rate


class CacheRateThrottle(SimpleRateThrottle):
    """A rate limit counted in Django's cache, so it holds across app processes (the
    shared file cache on one machine, Redis at scale). A fixed window: one counter per
    key and window, ``add`` then ``incr`` (atomic on Redis), instead of ninja's list of
    timestamps read and written back on every request. The rate is read from the
    setting named by ``setting`` at each request; one instance serves one request."""

    setting = ""
    scope = ""

    def __init__(self):  # the rate comes from settings when the request is checked
        self.num_requests = self.duration = None
        self.retry_after = None

    def allow_request(self, request) -> bool:
        from django.conf import settings
        from django.core.cache import cache

        key = self.get_cache_key(request)
        if key is None:
            return True
        self.num_requests, self.duration = parse_rate(getattr(settings, self.setting),
                                                      name=self.setting)
        now = time.time()
        window = int(now // self.duration)
        key = f"throttle:{self.scope}:{key}:{self.duration}:{window}"
        if cache.add(key, 1, timeout=self.duration + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # it expired between add and incr
                cache.set(key, 1, timeout=self.duration + 1)
                count = 1
        self.retry_after = (window + 1) * self.duration - now
        return count <= self.num_requests

    def wait(self):
        return self.retry_after


class AddressThrottle(CacheRateThrottle):
    """Every API request from one address, whatever its credential (or none: guessing
    tokens counts too). The address is the one the audit log records: a trusted proxy's
    X-Forwarded-For only when BEHIND_HTTPS_PROXY is set."""

    setting = "TANDEM_API_RATE_PER_ADDRESS"
    scope = "address"

    def get_cache_key(self, request):
        return client_address(request) or "unknown"


class TokenThrottle(CacheRateThrottle):
    """The requests made with one personal access token (keyed by its hash)."""

    setting = "TANDEM_API_RATE_PER_TOKEN"
    scope = "token"

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def get_cache_key(self, request):
        return hashlib.sha256(self.token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """``Authorization: Bearer tdm_...`` with a personal access token from account settings.

    A token that is sent must be valid: a wrong or malformed ``Authorization`` or
    ``X-API-Key`` header answers 401 even when another credential in the same request
    (the other header, a session cookie) would pass, and two tokens must name the same
    person. Nothing falls back past a credential the client chose to send."""

    openapi_description = "A personal access token made in Settings → API tokens."

    def __call__(self, request):
        header = request.headers.get(self.header)
        key = request.headers.get(TokenHeaderAuth.param_name)
        if header is None and key is None:
            return None
        tokens = [] if key is None else [key]
        if header is not None:
            scheme, _, token = header.strip().partition(" ")
            if scheme.lower() != self.openapi_scheme:
                raise AuthenticationError()
            tokens.append(token)
        users = [self.authenticate(request, token.strip()) for token in tokens]
        if None in users or len({user.pk for user in users}) > 1:
            raise AuthenticationError()
        throttle = TokenThrottle(tokens[-1].strip())
        if not throttle.allow_request(request):
            raise Throttled(wait=throttle.wait())
        return users[0]

    def authenticate(self, request, token):
        user = token_authenticate(token) if token else None
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    """Same token in an ``X-API-Key`` header, for clients that cannot set Authorization
    (checked by :class:`TokenAuth`, which runs first; this class documents the header)."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        return TokenAuth().authenticate(request, key)


class UnsupportedMediaType(Exception):
    """A request body sent with a Content-Type other than JSON (answered 415)."""


def is_json_media_type(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json"))


class JsonOnlyParser(Parser):
    """Bodies are JSON and must say so: a body sent as text/plain, XML or a form is
    refused (415) rather than read as JSON, so a browser form posted from another site
    (which cannot send application/json without a CORS preflight) never reaches an
    operation."""

    def parse_body(self, request):
        if not is_json_media_type(request.content_type or ""):
            raise UnsupportedMediaType(request.content_type)
        return json.loads(request.body)


def refuse_unstorable_input(view_func):
    """Every operation's input, once ninja has validated it (path, query and body alike):
    a lone surrogate in any text, or an integer no column can hold (outside signed 64
    bits; an id below 1), is refused with a 422 naming the field, before any access
    check or service runs. Added once to the whole API (``api.add_decorator``)."""

    @functools.wraps(view_func)
    def checked(request, *args, **values):
        errors = []
        for name, value in values.items():
            # A schema parameter (the body's ``payload``, a query's ``filters``) names its
            # own fields, as validation errors do; a plain parameter is the field.
            path = () if hasattr(type(value), "model_fields") or name == "payload" \
                else (name,)
            errors += unstorable_input(value, path)
        if errors:
            message = errors[0]["message"] if len(errors) == 1 else "Please correct the errors."
            raise ValidationFailed(message, field=errors[0]["field"], errors=errors)
        return view_func(request, *args, **values)

    return checked


def throttle_by_address(run):
    """Counts each API request against its address's limit before anything else (the
    credential is checked after), so a flood of wrong tokens is throttled too. Added once
    to the whole API (``api.add_decorator(..., mode="view")``)."""

    @functools.wraps(run)
    def throttled(request, *args, **kwargs):
        throttle = AddressThrottle()
        if not throttle.allow_request(request):
            return api.on_exception(request, Throttled(wait=throttle.wait()))
        return run(request, *args, **kwargs)

    return throttled


def _bound_integers(schema, name=None) -> None:
    """Declares in the OpenAPI description the ranges ``refuse_unstorable_input``
    enforces, so clients and the fuzzer know them: every integer lies in signed 64 bits,
    an id (``id``, ``*_id``, ``*_ids``) is at least 1."""
    if isinstance(schema, list):
        for item in schema:
            _bound_integers(item, name)
        return
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    if schema.get("type") == "integer":
        low, high = integer_bounds(name)
        schema["minimum"] = max(schema.get("minimum", low), low)
        schema["maximum"] = min(schema.get("maximum", high), high)
    for key in ("anyOf", "oneOf", "allOf"):
        _bound_integers(schema.get(key), name)
    _bound_integers(schema.get("items"), name)
    _bound_integers(schema.get("additionalProperties"), name)
    for prop, sub in (schema.get("properties") or {}).items():
        _bound_integers(sub, prop)


BODY_ERRORS = {"413": "Payload Too Large", "415": "Unsupported Media Type"}


def _declare(spec: dict) -> dict:
    """Adds to the description what the API does for every operation: the integer ranges,
    429 (rate limit) everywhere, and 413/415 where a body is read."""
    for component in spec.get("components", {}).get("schemas", {}).values():
        _bound_integers(component)
    for item in spec.get("paths", {}).values():
        for op in item.values():
            for param in op.get("parameters", []):
                _bound_integers(param.get("schema"), param.get("name"))
            body = op.get("requestBody")
            for media in (body or {}).get("content", {}).values():
                _bound_integers(media.get("schema"))
            extra = {"429": "Too Many Requests"} | (BODY_ERRORS if body else {})
            responses = op.setdefault("responses", {})
            for status, description in extra.items():
                # An operation may declare it already, under the int key ninja uses: the
                # same key twice makes the JSON unreadable to Swagger UI (/api/docs).
                if int(status) in responses:
                    continue
                responses.setdefault(status, {
                    "description": description,
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                })
    return spec


def _ambiguous_schema_names() -> frozenset[str]:
    """Names of schema classes that two Tandem modules both define (``RequestIn`` for a
    mentorship request and for joining a circle)."""
    modules = defaultdict(set)
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if not name.startswith("tandem."):
            continue
        for value in list(vars(module).values()):
            if (isinstance(value, type) and issubclass(value, BaseModel)
                    and value.__module__ == name):
                modules[value.__qualname__].add(name)
    return frozenset(qualname for qualname, names in modules.items() if len(names) > 1)


class UniqueNamesJsonSchema(NinjaGenerateJsonSchema):
    """ninja builds each model's JSON schema on its own and merges the definitions by
    name, so of two schemas called ``RequestIn`` the last one described both operations
    (POST /api/requests was documented with the circle's one-field body). A name two
    apps share is given its app's name in front (``MentorshipsRequestIn``,
    ``CirclesRequestIn``); every other name stays as it is."""

    ambiguous: frozenset[str] = frozenset()

    def get_defs_ref(self, core_mode_ref):
        defs_ref = super().get_defs_ref(core_mode_ref)
        path = core_mode_ref[0].rsplit(":", 1)[0]
        module, _, qualname = path.rpartition(".")
        if qualname in self.ambiguous and module.startswith("tandem.") and "[" not in path:
            app = module.split(".")[1].capitalize()
            self._prioritized_defsref_choices[defs_ref].insert(
                0, DefsRef(self.normalize_name(app + qualname)))
        return defs_ref


@contextlib.contextmanager
def _unique_schema_names():
    generator = type("Generator", (UniqueNamesJsonSchema,),
                     {"ambiguous": _ambiguous_schema_names()})
    original = ninja_openapi.NinjaGenerateJsonSchema
    ninja_openapi.NinjaGenerateJsonSchema = generator
    try:
        yield
    finally:
        ninja_openapi.NinjaGenerateJsonSchema = original


class TandemAPI(NinjaAPI):
    """The OpenAPI description is built once per process and path prefix: every router is
    added at import, and building it takes about a second (it was rebuilt for each GET
    /api/openapi.json). Callers get their own copy."""

    _schemas: dict

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schemas", {})
        if path_prefix not in cache:
            with _unique_schema_names():
                built = super().get_openapi_schema(path_prefix=path_prefix)
            cache[path_prefix] = _declare(built)
        return copy.deepcopy(cache[path_prefix])

    def _get_urls(self):
        """Two apps' routers may answer one path with different methods (``GET /api/me``
        is the account's, ``DELETE /api/me`` the privacy app's). ninja makes one URL
        pattern per router and Django stops at the first, which would answer 405 to the
        other app's method; so every pattern of such a path gets one view holding the
        operations of all its routers, which picks by method. The OpenAPI description
        joins them already."""
        views: dict[str, list[PathView]] = defaultdict(list)
        for bound in self._get_bound_routers():
            for path, path_view in bound.path_operations.items():
                route = "/".join(part for part in (replace_path_param_notation(bound.prefix),
                                                   replace_path_param_notation(path)) if part)
                views[normalize_path(route).lstrip("/")].append(path_view)
        joined = {}
        for route, path_views in views.items():
            if len(path_views) > 1:
                view = PathView()
                view.operations = [op for pv in path_views for op in pv.operations]
                view.is_async = any(pv.is_async for pv in path_views)
                joined[route] = view.get_view()
        urls = super()._get_urls()
        return [django_path(str(url.pattern), joined[str(url.pattern)], name=url.name)
                if isinstance(url, URLPattern) and str(url.pattern) in joined else url
                for url in urls]


api = TandemAPI(
    title="Tandem API",
    version="1",
    description=(
        "The Tandem mentorship platform's API. Authenticate with your browser session "
        "(send the CSRF token on writes) or with a personal access token as "
        "`Authorization: Bearer <token>`. Every error has the shape "
        '`{"detail": "...", "errors": [{"field": "...", "message": "..."}]}`.'
    ),
    auth=[TokenAuth(), TokenHeaderAuth(), django_auth],
    urls_namespace="api",
    parser=JsonOnlyParser(),
)
api.add_decorator(refuse_unstorable_input)
api.add_decorator(throttle_by_address, mode="view")


def error_body(detail: str, errors: list | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def _field(loc) -> str | None:
    """The field a validation error is about: ``["body", "payload", "title"]`` names
    ``title``. Only the leading location and parameter name are dropped, so a field that
    is itself called ``body`` keeps its name."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in {"body", "query", "path", "form", "header", "cookie"}:
        parts.pop(0)  # where it came from
    if parts and parts[0] in {"payload", "filters"}:
        parts.pop(0)  # the view's parameter name
    return ".".join(parts) or None


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = [{"field": _field(err.get("loc", [])), "message": err.get("msg", "Invalid value.")}
              for err in exc.errors]
    detail = errors[0]["message"] if len(errors) == 1 else "Please correct the errors."
    return api.create_response(request, error_body(detail, errors), status=422)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return api.create_response(request, error_body(exc.message, exc.errors), status=exc.status)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, error_body("Not found."), status=404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return api.create_response(request, error_body("You may not change this."), status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request, error_body("Sign in, or send a personal access token."), status=401
    )


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    response = api.create_response(
        request, error_body("Too many requests: wait a moment, then try again."), status=429)
    response["Retry-After"] = str(max(1, math.ceil(exc.wait or 1)))
    return response


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    # Answered here, so Django does not log it as a suspicious operation with a traceback.
    from django.conf import settings

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return api.create_response(
        request, error_body(f"The body is too large: at most {limit:.1f} MB."), status=413)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, UnsupportedMediaType):
        message = "Send the body as JSON, with Content-Type: application/json."
        return api.create_response(
            request, error_body(message, [{"field": "body", "message": message}]), status=415)
    if exc.status_code == 400:
        # django-ninja's answer to a body that is not JSON: a validation error of the
        # body like any other (422, naming the field), as every operation documents.
        message = "The body is not valid JSON."
        return api.create_response(
            request, error_body(message, [{"field": "body", "message": message}]), status=422)
    detail = str(exc)
    if exc.status_code == 403 and detail == "CSRF check Failed":
        detail = ("CSRF check failed: a signed-in browser sends the csrftoken cookie's value "
                  "in the X-CSRFToken header; a script uses a personal access token.")
    return api.create_response(request, error_body(detail), status=exc.status_code)


from tandem.accounts.api import router as accounts_router  # noqa: E402
from tandem.advocacy.api import router as advocacy_router  # noqa: E402
from tandem.circles.api import router as circles_router  # noqa: E402
from tandem.conversations.api import router as conversations_router  # noqa: E402
from tandem.core.api import router as audit_router  # noqa: E402
from tandem.directory.api import profiles_router  # noqa: E402
from tandem.directory.api import router as directory_router  # noqa: E402
from tandem.feedback.api import router as reports_router  # noqa: E402
from tandem.growth.api import router as growth_router  # noqa: E402
from tandem.health.api import router as health_router  # noqa: E402
from tandem.journal.api import router as journal_router  # noqa: E402
from tandem.meetings.api import router as meetings_router  # noqa: E402
from tandem.mentorships.api import router as mentorships_router  # noqa: E402
from tandem.notifications.api import router as notifications_router  # noqa: E402
from tandem.plans.api import router as plans_router  # noqa: E402
from tandem.privacy.api import router as privacy_router  # noqa: E402
from tandem.programs.api import router as programs_router  # noqa: E402
from tandem.record.api import router as record_router  # noqa: E402
from tandem.safety.api import router as safety_router  # noqa: E402

api.add_router("/me", accounts_router)
api.add_router("/profiles", profiles_router)
api.add_router("/directory", directory_router)
api.add_router("/notifications", notifications_router)
api.add_router("", mentorships_router)
api.add_router("", meetings_router)
api.add_router("", reports_router)
api.add_router("", growth_router)
api.add_router("", plans_router)
api.add_router("", journal_router)
api.add_router("", advocacy_router)
api.add_router("", record_router)
api.add_router("", safety_router)
api.add_router("", programs_router)
api.add_router("", health_router)
api.add_router("", conversations_router)
api.add_router("", circles_router)
api.add_router("", privacy_router)
api.add_router("", audit_router)
