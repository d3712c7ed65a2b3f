"""A function's life under Lambda SnapStart: what its init phase primes, and what a restore must forget.

SnapStart runs a function's init phase once per published version, snapshots the memory, and starts every later
execution environment from that snapshot: whatever init built is there at once (imports, botocore clients,
pydantic validators, the resolver's route table), and so is whatever init drew at random or read from
elsewhere, in every copy alike. So:

- `prime(app)` (the bottom line of each function's module) does at init what the first request would do lazily,
  without calling AWS: a snapshot holds none of our secrets and no open connection.
- `after_restore()` runs in each restored copy (registered with snapshot-restore-py, which the Lambda Python
  runtime calls): it reseeds `random` and runs every clearer that a cache registered with `on_restore`, so that
  signing keys, API-key decisions and secrets are read again, by this copy, at its own time.

Without SnapStart (an on-demand init) `prime` does only what every request needs, since the rest would lengthen a
cold start that does not use it; AWS_LAMBDA_INITIALIZATION_TYPE says which init this is.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from typing import Any, TypeVar

from snapshot_restore_py import register_after_restore, register_before_snapshot

from crm.settings import optional_env

Clearer = TypeVar("Clearer", bound=Callable[[], Any])

# The inits whose work a later request gets for free: a SnapStart snapshot, a provisioned environment.
PRIMED_INITS = ("snap-start", "provisioned-concurrency")

_clearers: list[Callable[[], Any]] = []
restores = 0  # how many restores this process has seen (a test and the logs read it)


def on_restore(clearer: Clearer) -> Clearer:
    """Register a cache's clearer, run after every restore (usable as a decorator); returns it unchanged."""
    _clearers.append(clearer)
    return clearer


def clearers() -> tuple[Callable[[], Any], ...]:
    return tuple(_clearers)


def after_restore() -> None:
    """What a restored copy does before its first request: new randomness, and no state read before the snapshot."""
    global restores
    random.seed()  # from os.urandom: each copy its own sequence (the secrets module never needed a seed)
    for clear in _clearers:
        clear()
    restores += 1


def before_snapshot() -> None:
    """The last chance before the snapshot: nothing cached from a request may be in it (a test's or a smoke
    invocation's), so the restored copies start as clean as a fresh init."""
    for clear in _clearers:
        clear()


register_after_restore(after_restore)
register_before_snapshot(before_snapshot)


def priming_everything() -> bool:
    """True in an init whose work outlives it (SnapStart, provisioned concurrency), or when CRM_PRIME=all."""
    return optional_env("AWS_LAMBDA_INITIALIZATION_TYPE") in PRIMED_INITS or optional_env("CRM_PRIME").lower() == "all"


# What the layer does lazily at a first use, by the module that does it: primed only when the function imported that
# module (so a function primes what it can use, and imports nothing more than it did).
LAZY_WORK: dict[str, Callable[[Any], Any]] = {
    "crm.passwords": lambda m: m._dummy_hash(),  # imports argon2, builds the hasher, hashes the dummy (19 MiB)
    "crm.services.social": lambda m: importlib.import_module("jwt"),  # with cryptography: social sign-in only
    "crm.services.idempotency": lambda m: m._persistence(),  # Powertools' idempotency and its DynamoDB client
    "crm.tokens": lambda m: m._secrets_client(),
    "crm.data.providers": lambda m: m._secrets_client(),
    "crm.data.files": lambda m: m._s3(),
    "crm.data.delivery": lambda m: (m._ses(), m._sns()),
    "crm.data.queues": lambda m: m._sqs(),
    "crm.data.deadletters": lambda m: m._sqs(),
    "crm.data.eventbus": lambda m: m._events(),
    "crm.failures": lambda m: m.answer_for,
}


def prime(app: Any = None) -> None:
    """Do at init what the first request would do lazily (the bottom line of each function's module): the
    resolver's route validators, every imported PynamoDB model's botocore client, the clients and lazy imports of
    LAZY_WORK. Nothing here sends a request to AWS. Outside a SnapStart or provisioned init it does nothing: a
    cold start's own request does what it needs, and no more."""
    if not priming_everything():
        return
    import sys

    if app is not None:
        prime_resolver(app)
    for name, work in LAZY_WORK.items():
        module = sys.modules.get(name)
        if module is not None:
            try:
                work(module)
            except RuntimeError:  # a setting missing (crm.settings.required_env): the first use names it
                continue
    for model in imported_models():
        prime_model(model)
    if "crm.data.base" in sys.modules:
        sys.modules["crm.data.base"].transaction_connection().client  # noqa: B018 - builds the client, no request


def prime_resolver(app: Any) -> None:
    """Every route's dependant and body field, which Powertools builds at a route's first request (the pydantic
    TypeAdapters of its parameters and body, the OpenAPI fields)."""
    for route in [*getattr(app, "_static_routes", ()), *getattr(app, "_dynamic_routes", ())]:
        route.dependant  # noqa: B018 - the cached property is the work
        route.body_field  # noqa: B018


def imported_models() -> list[type]:
    """The PynamoDB models the function's imports defined whose table it has (its environment names it)."""
    import sys

    if "pynamodb.models" not in sys.modules:
        return []
    from pynamodb.models import Model

    found: list[type] = []
    pending: list[type] = list(Model.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        variable = getattr(getattr(model, "Meta", None), "table_env_var", None)
        if variable and optional_env(variable):
            found.append(model)
    return found


def prime_model(model: type) -> None:
    """A PynamoDB model's connection and botocore client, built from the table's settings (no request)."""
    model._get_connection().connection.client  # type: ignore[attr-defined]  # noqa: B018
