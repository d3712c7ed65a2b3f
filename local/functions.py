"""The functions of template.yaml as in-process Lambdas: environment, module loading, a fake context, invocation."""

from __future__ import annotations

import importlib.util
import os
import queue
import sys
import threading
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator, Mapping

from local.cfn import Function, Resolver, Template, lambda_arn
from local.iam import RolePolicy, acting_as

# What `sam local` sets too: Powertools, for one, then leaves X-Ray alone.
LOCAL_LAMBDA_ENVIRONMENT = {"AWS_SAM_LOCAL": "true"}


def _environment_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def function_environment(function: Function, resolver: Resolver) -> dict[str, str]:
    """One function's resolved Environment.Variables (Globals included)."""
    return {name: _environment_text(value) for name, value in resolver.resolve(dict(function.environment)).items()}


def _values_by_variable(template: Template, resolver: Resolver) -> dict[str, set[str]]:
    values: dict[str, set[str]] = defaultdict(set)
    for function in template.functions.values():
        for name, value in function_environment(function, resolver).items():
            values[name].add(value)
    return values


def shared_environment(template: Template, resolver: Resolver) -> dict[str, str]:
    """The variables every function that sets them sets alike (table names, secrets, ...): one process can hold
    them in os.environ for all functions and for the shared package (crm.settings reads them when they are used)."""
    return {name: values.pop() for name, values in _values_by_variable(template, resolver).items() if len(values) == 1}


def lambda_environment(function: Function, region: str) -> dict[str, str]:
    """What the Lambda service itself sets for a function."""
    return {
        "AWS_LAMBDA_FUNCTION_NAME": function.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_size),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(function.timeout),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function.name}",
        "AWS_REGION": region,
    }


@contextmanager
def _temporary_environment(variables: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def add_layers_to_path(template: Template) -> None:
    """Lambda puts each layer's python/ on sys.path; so does this, once, ahead of site-packages."""
    for layer_dir in template.layer_dirs.values():
        if str(layer_dir) not in sys.path:
            sys.path.insert(0, str(layer_dir))


def prepare_process(template: Template, resolver: Resolver) -> None:
    """Make this process the functions' Lambda environment, before any function or shared module is imported:
    their shared variables in os.environ, and the layers on sys.path."""
    for name, value in LOCAL_LAMBDA_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.update(shared_environment(template, resolver))
    add_layers_to_path(template)
    router_event_per_thread()


_router_state = threading.local()


def _per_thread(name: str) -> property:
    def get(self: Any) -> Any:
        try:
            return getattr(_router_state, name)
        except AttributeError:
            raise AttributeError(name) from None

    def set_(self: Any, value: Any) -> None:
        setattr(_router_state, name, value)

    return property(get, set_)


def router_event_per_thread() -> bool:
    """Powertools keeps the event being resolved on a class, BaseRouter.current_event, shared by every resolver
    of the process: one per Lambda process on AWS, but here two functions answering at once in two threads
    read each other's event (a contact's list answered 404 under load: it saw another contact's token). Make it,
    and lambda_context, one per thread; each function still runs one event at a time (LoadedFunction).
    Answers whether the class is (now) so."""
    try:
        from aws_lambda_powertools.event_handler.api_gateway import BaseRouter
    except ImportError:  # a template without Powertools
        return False
    metaclass = type(BaseRouter)
    if getattr(metaclass, "per_thread", False):
        return True
    names = ("current_event", "lambda_context")
    for name in names:  # read through an instance: app.current_event
        type.__setattr__(BaseRouter, name, _per_thread(name))
    # read and written through the class: BaseRouter.current_event = ... (a metaclass property comes first)
    BaseRouter.__class__ = type(
        "PerThreadRouterState", (metaclass,), {"per_thread": True, **{name: _per_thread(name) for name in names}}
    )
    return True


def _sibling_names(code_dir: Path) -> set[str]:
    """The top-level module names a function's code directory holds (models.py, pages.py, a package...)."""
    return {
        entry.stem if entry.suffix == ".py" else entry.name
        for entry in code_dir.iterdir()
        if (entry.suffix == ".py" and entry.stem.isidentifier()) or (entry / "__init__.py").is_file()
    }


def _in_dir(module: ModuleType, code_dir: Path) -> bool:
    file = getattr(module, "__file__", None)
    return file is not None and Path(file).resolve().is_relative_to(code_dir.resolve())


@contextmanager
def _code_dir_on_path(code_dir: Path) -> Iterator[dict[str, ModuleType]]:
    """Lambda runs a handler from its code directory, so the module's own imports find their siblings
    (`from models import ...`). Every function here shares one process, and sys.modules would hand the second
    function that imports `models` the first one's: the names of this directory are taken out of sys.modules
    while it imports and put back after, and the siblings it imported are yielded (filled in at the end)."""
    names = _sibling_names(code_dir)
    hidden = {name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] in names}
    siblings: dict[str, ModuleType] = {}
    sys.path.insert(0, str(code_dir))
    try:
        yield siblings
    finally:
        sys.path.remove(str(code_dir))
        for name in [name for name in sys.modules if name.split(".")[0] in names]:
            module = sys.modules.pop(name)
            if _in_dir(module, code_dir):
                siblings[name] = module
        sys.modules.update(hidden)


class FakeLambdaContext:
    """The attributes and method of the Lambda context object that handlers and Powertools use."""

    def __init__(self, function: Function, region: str):
        self.function_name = function.name
        self.function_version = "$LATEST"
        self.invoked_function_arn = lambda_arn(function.name, region)
        self.memory_limit_in_mb = function.memory_size
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function.name}"
        self.log_stream_name = f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + function.timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class LoadedFunction:
    """A function's module, loaded once (its cold start), invoked one event at a time like one Lambda instance:
    module state such as a Powertools resolver's current event is not safe to share between threads. With more
    modules (copies of the same file), as many events at once, each on an instance of its own, as Lambda runs
    concurrent invocations."""

    def __init__(
        self,
        function: Function,
        module: ModuleType,
        region: str,
        more_modules: tuple[ModuleType, ...] = (),
        siblings: Mapping[str, ModuleType] | None = None,
    ):
        self.function = function
        self.module = module
        self.siblings = dict(siblings or {})  # the first instance's own modules beside app.py, by name
        self.region = region
        self.instances = 1 + len(more_modules)
        self._idle: queue.LifoQueue = queue.LifoQueue()  # the warmest instance first
        # The function's IAM permissions, checked on each AWS call it makes (local/iam.py); None: unchecked.
        self.role_policy: RolePolicy | None = None
        for instance in (module, *more_modules):
            self._idle.put(getattr(instance, function.handler_name))

    def invoke(self, event: Any) -> Any:
        handler = self._idle.get()  # waits while every instance is busy
        try:
            with acting_as(self.role_policy):
                return handler(event, FakeLambdaContext(self.function, self.region))
        finally:
            self._idle.put(handler)


def _import_copy(
    function: Function, module_name: str, own_variables: Mapping[str, str]
) -> tuple[ModuleType, dict[str, ModuleType]]:
    spec = importlib.util.spec_from_file_location(module_name, function.module_file)
    if spec is None or spec.loader is None:
        raise ImportError(f"{function.logical_id}: cannot load {function.module_file}")
    module = importlib.util.module_from_spec(spec)
    with _temporary_environment(own_variables), _code_dir_on_path(function.code_dir) as siblings:
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return module, siblings


def load_function(function: Function, resolver: Resolver, region: str, instances: int = 1) -> LoadedFunction:
    """Import the handler's module under a unique name (every function's file is app.py), `instances` times.

    prepare_process() must have run; the variables in which functions differ (such as
    POWERTOOLS_SERVICE_NAME) and the Lambda service's own are set only while the module is imported, which
    is when Powertools and the shared package read them. All copies are imported now, before any request runs,
    as os.environ is the whole process's."""
    own_variables = {**function_environment(function, resolver), **lambda_environment(function, region)}
    module_name = f"crm_fn_{function.logical_id}"
    module, siblings = _import_copy(function, module_name, own_variables)
    more = tuple(_import_copy(function, f"{module_name}_{n}", own_variables)[0] for n in range(2, instances + 1))
    return LoadedFunction(function, module, region, more, siblings)
