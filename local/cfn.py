"""template.yaml as the local runtime sees it: a YAML loader for the CloudFormation short tags, a small model
of the functions, their events and the API, and a resolver of intrinsic functions."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATE = REPO_ROOT / "template.yaml"
ACCOUNT_ID = "123456789012"  # moto's default account
NAME_PREFIX = "crm-local"
LOCAL_API_ID = "crmlocal00"  # what `!Ref SelfServiceApi` and the execute-api ARNs name locally

FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
LAYER_TYPES = ("AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion")


def local_name(logical_id: str) -> str:
    """The deterministic physical name of a resource the template leaves unnamed."""
    return f"{NAME_PREFIX}-{logical_id}"


def lambda_arn(function_name: str, region: str) -> str:
    return f"arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{function_name}"


# ---------------------------------------------------------------- YAML


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader plus the short tags (`!Ref X` -> {"Ref": "X"}, `!Sub s` -> {"Fn::Sub": s}, ...)."""


# CloudFormation reads unquoted dates such as 2010-09-09 as strings, not as datetime.date.
_CfnLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_short_tag(loader: _CfnLoader, tag_suffix: str, node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if tag_suffix in ("Ref", "Condition"):
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_short_tag)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_CfnLoader)  # noqa: S506 - a SafeLoader subclass


# ---------------------------------------------------------------- intrinsic functions


@dataclass(frozen=True)
class Physical:
    """What a resource answers to `!Ref` (ref) and `!GetAtt X.<attribute>` (attributes)."""

    ref: str
    attributes: Mapping[str, str] = field(default_factory=dict)


class UnresolvableError(ValueError):
    pass


_NO_VALUE = object()  # AWS::NoValue: the key or list item disappears
_SUB_VARIABLE = re.compile(r"\$\{([^}]+)\}")


class Resolver:
    """Evaluates Ref, Fn::* and Condition against parameter defaults and the provisioned resources.

    Resources missing from `physical` (functions, layers, log groups, the API) get deterministic stand-ins."""

    def __init__(self, template: Template, physical: Mapping[str, Physical] | None = None, region: str = "eu-west-1"):
        self.template = template
        self.physical = physical if physical is not None else {}
        self.region = region

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            items = (self.resolve(item) for item in value)
            return [item for item in items if item is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref":
                return self._ref(argument)
            if key == "Condition" and isinstance(argument, str):
                return self.condition(argument)
            if key.startswith("Fn::"):
                return self._function(key, argument)
        resolved = ((key, self.resolve(item)) for key, item in value.items())
        return {key: item for key, item in resolved if item is not _NO_VALUE}

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.template.document.get("Conditions", {})[name]))

    def _pseudo_parameters(self) -> dict[str, Any]:
        return {
            "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": NAME_PREFIX,
            "AWS::StackId": f"arn:aws:cloudformation:{self.region}:{ACCOUNT_ID}:stack/{NAME_PREFIX}/local",
            "AWS::NotificationARNs": [],
            "AWS::NoValue": _NO_VALUE,
        }

    def _ref(self, name: str) -> Any:
        pseudo = self._pseudo_parameters()
        if name in pseudo:
            return pseudo[name]
        if name in self.template.parameters:
            return self.template.parameters[name]
        if name.endswith(_FUNCTION_PUBLISHED):
            return self._published_function(*name.rsplit(".", 1))
        return self._physical(name).ref

    def _published_function(self, logical_id: str, kind: str) -> str:
        """`!Ref F.Alias` and `!Ref F.Version`: locally one function serves every version, so both name it."""
        resource = self.template.resources.get(logical_id, {})
        if resource.get("Type") != "AWS::Serverless::Function":
            raise UnresolvableError(f"!Ref {logical_id}.{kind}: not a function")
        alias = _merge_globals(
            self.template.document.get("Globals", {}).get("Function", {}), resource.get("Properties", {})
        ).get("AutoPublishAlias")
        if not alias:
            raise UnresolvableError(f"!Ref {logical_id}.{kind}: the function has no AutoPublishAlias")
        arn = self._physical(logical_id).attributes["Arn"]
        return f"{arn}:{alias}" if kind == "Alias" else f"{arn}:1"

    def _get_att(self, logical_id: str, attribute: str) -> str:
        attributes = self._physical(logical_id).attributes
        if attribute not in attributes:
            raise UnresolvableError(f"!GetAtt {logical_id}.{attribute} has no local value")
        return attributes[attribute]

    def _physical(self, logical_id: str) -> Physical:
        if logical_id in self.physical:
            return self.physical[logical_id]
        resource_type = self.template.resources.get(logical_id, {}).get("Type")
        if resource_type is None:
            raise UnresolvableError(f"!Ref {logical_id}: no such parameter or resource")
        name = local_name(logical_id)
        if resource_type in FUNCTION_TYPES:
            return Physical(name, {"Arn": lambda_arn(name, self.region)})
        if resource_type == "AWS::Serverless::Api":
            return Physical(LOCAL_API_ID, {"RootResourceId": "root"})
        return Physical(name, {"Arn": f"arn:aws:local:{self.region}:{ACCOUNT_ID}:{name}"})

    def _function(self, key: str, argument: Any) -> Any:
        if key == "Fn::GetAtt":
            logical_id, attribute = self.resolve(argument)
            return self._get_att(logical_id, attribute)
        if key == "Fn::Sub":
            return self._sub(argument)
        if key == "Fn::If":
            condition, if_true, if_false = argument
            return self.resolve(if_true if self.condition(condition) else if_false)
        if key == "Fn::ImportValue":
            raise UnresolvableError(f"Fn::ImportValue {argument!r}: other stacks' exports do not exist locally")
        argument = self.resolve(argument)
        if key == "Fn::Join":
            delimiter, items = argument
            return delimiter.join(str(item) for item in items)
        if key == "Fn::Select":
            index, items = argument
            return items[int(index)]
        if key == "Fn::Split":
            delimiter, text = argument
            return text.split(delimiter)
        if key == "Fn::Equals":
            left, right = argument
            return str(left) == str(right)
        if key == "Fn::Not":
            return not argument[0]
        if key == "Fn::And":
            return all(argument)
        if key == "Fn::Or":
            return any(argument)
        if key == "Fn::FindInMap":
            map_name, top_key, second_key = argument
            return self.template.document["Mappings"][map_name][top_key][second_key]
        if key == "Fn::GetAZs":
            return [f"{argument or self.region}{zone}" for zone in "abc"]
        if key == "Fn::Base64":
            return base64.b64encode(str(argument).encode()).decode()
        raise UnresolvableError(f"{key} is not supported locally")

    def _sub(self, argument: str | list) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else argument
        variables = self.resolve(variables)

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            if name.startswith("!"):  # ${!Literal} stands for the text ${Literal}
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                return str(self._get_att(*name.split(".", 1)))
            return str(self._ref(name))

        return _SUB_VARIABLE.sub(substitute, text)


def references(value: Any) -> set[str]:
    """The names a template value refers to through Ref, Fn::GetAtt and Fn::Sub (resources and parameters)."""
    found: set[str] = set()
    if isinstance(value, list):
        for item in value:
            found |= references(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "Ref" and isinstance(item, str):
                found.add(item.rsplit(".", 1)[0] if item.endswith(_FUNCTION_PUBLISHED) else item)
            elif key == "Fn::GetAtt":
                found.add(item[0] if isinstance(item, list) else str(item).split(".", 1)[0])
            elif key == "Fn::Sub":
                text, variables = (item, {}) if isinstance(item, str) else item
                names = {name.split(".", 1)[0] for name in _SUB_VARIABLE.findall(text) if not name.startswith("!")}
                found |= (names - set(variables)) | references(variables)
            else:
                found |= references(item)
    return found


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class ApiRoute:
    """A `Type: Api` event: API Gateway sends `method path` to the function."""

    function_id: str
    method: str  # upper case; ANY matches every method
    path: str  # as in the template: /self-service/v1/contacts/{id}
    authorizer: str | None  # the name of the API authorizer that guards the route; None for `Authorizer: NONE`


@dataclass(frozen=True)
class SqsSource:
    """A `Type: SQS` event: Lambda polls the queue and hands batches to the function."""

    function_id: str
    queue: Any  # unresolved, usually !GetAtt Queue.Arn
    batch_size: int
    report_batch_item_failures: bool


@dataclass(frozen=True)
class EventBridgeRuleSource:
    """A `Type: EventBridgeRule` event: EventBridge sends the events that match Pattern on the bus to the function."""

    function_id: str
    name: str  # the event's key under Events, which names the rule and its hidden queue
    bus: Any  # unresolved EventBusName; None for the default bus
    pattern: Any  # unresolved
    dead_letter_arn: Any  # unresolved DeadLetterConfig.Arn, or None


@dataclass(frozen=True)
class Function:
    logical_id: str
    code_dir: Path
    handler: str  # module.function, e.g. app.lambda_handler
    environment: Mapping[str, Any]  # unresolved; Globals merged in
    memory_size: int
    timeout: int
    layer_dirs: tuple[Path, ...]
    events: tuple[ApiRoute | SqsSource, ...]

    @property
    def name(self) -> str:
        return local_name(self.logical_id)

    @property
    def module_file(self) -> Path:
        module, _ = self.handler.rsplit(".", 1)
        return self.code_dir / (module.replace(".", "/") + ".py")

    @property
    def handler_name(self) -> str:
        return self.handler.rsplit(".", 1)[1]

    @property
    def routes(self) -> list[ApiRoute]:
        return [event for event in self.events if isinstance(event, ApiRoute)]

    @property
    def sqs_sources(self) -> list[SqsSource]:
        return [event for event in self.events if isinstance(event, SqsSource)]


@dataclass(frozen=True)
class Authorizer:
    name: str
    function_id: str
    payload_type: str  # REQUEST or TOKEN
    token_header: str  # the identity header of a TOKEN authorizer


@dataclass(frozen=True)
class Api:
    logical_id: str
    stage_name: str
    default_authorizer: str | None
    authorizers: Mapping[str, Authorizer]
    gateway_responses: Mapping[str, Any]  # unresolved
    cors: Any  # unresolved; None when CORS is off
    binary_media_types: tuple[str, ...]


def _merge_globals(global_properties: Mapping[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """SAM's Globals rule: maps merge, lists concatenate (globals first), anything else the resource overrides."""
    merged = dict(global_properties)
    for key, value in properties.items():
        inherited = merged.get(key)
        if isinstance(inherited, dict) and isinstance(value, dict):
            merged[key] = _merge_globals(inherited, value)
        elif isinstance(inherited, list) and isinstance(value, list):
            merged[key] = inherited + value
        else:
            merged[key] = value
    return merged


# SAM's references to what AutoPublishAlias makes: `!Ref Function.Alias` (the alias ARN) and `.Version`.
_FUNCTION_PUBLISHED = (".Alias", ".Version")


def _referenced_id(value: Any) -> str | None:
    """The logical id in `!Ref X`, `!Ref X.Alias` or `!GetAtt X.Arn`; None for a literal."""
    if isinstance(value, dict) and "Ref" in value:
        name = value["Ref"]
        return name.rsplit(".", 1)[0] if name.endswith(_FUNCTION_PUBLISHED) else name
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return value["Fn::GetAtt"][0]
    return None


class Template:
    def __init__(self, document: Mapping[str, Any], root: Path):
        self.document = document
        self.root = root

    @classmethod
    def load(cls, path: str | Path = DEFAULT_TEMPLATE) -> Template:
        path = Path(path)
        return cls(load_yaml(path.read_text()), path.resolve().parent)

    @cached_property
    def parameters(self) -> dict[str, Any]:
        """Each parameter's default, as CloudFormation hands it out: a string, or a list for list types."""
        values: dict[str, Any] = {}
        for name, spec in self.document.get("Parameters", {}).items():
            if "Default" not in spec:
                raise UnresolvableError(f"parameter {name} has no Default to run with locally")
            default = spec["Default"]
            if spec.get("Type") == "CommaDelimitedList" or str(spec.get("Type")).startswith("List<"):
                items = str(default).split(",") if isinstance(default, str) else default
                values[name] = [str(item).strip() for item in items]
            else:
                values[name] = str(default).lower() if isinstance(default, bool) else str(default)
        return values

    @cached_property
    def resources(self) -> dict[str, dict[str, Any]]:
        """The resources whose Condition (if any) holds."""
        resolver = Resolver(self)
        return {
            logical_id: resource
            for logical_id, resource in self.document.get("Resources", {}).items()
            if "Condition" not in resource or resolver.condition(resource["Condition"])
        }

    def resources_of_type(self, *types: str) -> dict[str, dict[str, Any]]:
        return {logical_id: r for logical_id, r in self.resources.items() if r["Type"] in types}

    @cached_property
    def layer_dirs(self) -> dict[str, Path]:
        """Each layer's importable directory: Lambda puts the layer's python/ on sys.path."""
        dirs = {}
        for logical_id, resource in self.resources_of_type(*LAYER_TYPES).items():
            properties = resource.get("Properties", {})
            content = properties.get("ContentUri", properties.get("Content"))
            if isinstance(content, str):
                content_dir = self.root / content
                dirs[logical_id] = content_dir / "python" if (content_dir / "python").is_dir() else content_dir
        return dirs

    @cached_property
    def api(self) -> Api | None:
        apis = self.resources_of_type("AWS::Serverless::Api")
        if not apis:
            return None
        if len(apis) > 1:
            raise UnresolvableError("the local runtime serves one AWS::Serverless::Api")
        ((logical_id, resource),) = apis.items()
        properties = _merge_globals(self.document.get("Globals", {}).get("Api", {}), resource.get("Properties", {}))
        auth = properties.get("Auth", {})
        authorizers = {}
        for name, spec in auth.get("Authorizers", {}).items():
            function_id = _referenced_id(spec.get("FunctionArn"))
            if function_id is None:
                raise UnresolvableError(
                    f"authorizer {name}: FunctionArn must be !GetAtt <Function>.Arn or !Ref <Function>.Alias locally"
                )
            authorizers[name] = Authorizer(
                name=name,
                function_id=function_id,
                payload_type=spec.get("FunctionPayloadType", "TOKEN"),  # SAM's default
                token_header=spec.get("Identity", {}).get("Header", "Authorization"),
            )
        return Api(
            logical_id=logical_id,
            stage_name=str(Resolver(self).resolve(properties.get("StageName", "Prod"))),
            default_authorizer=auth.get("DefaultAuthorizer"),
            authorizers=authorizers,
            gateway_responses=properties.get("GatewayResponses", {}),
            cors=properties.get("Cors"),
            binary_media_types=tuple(t.replace("~1", "/") for t in properties.get("BinaryMediaTypes", [])),
        )

    @cached_property
    def functions(self) -> dict[str, Function]:
        global_properties = self.document.get("Globals", {}).get("Function", {})
        static = Resolver(self)  # memory, timeouts, paths and batch sizes name parameters at most
        functions = {}
        for logical_id, resource in self.resources_of_type("AWS::Serverless::Function").items():
            properties = _merge_globals(global_properties, resource.get("Properties", {}))
            events = []
            for event in properties.get("Events", {}).values():
                parse = _EVENT_PARSERS.get(event["Type"])
                if parse:
                    events.append(parse(logical_id, event.get("Properties", {}), static))
            layer_ids = (_referenced_id(layer) for layer in properties.get("Layers", []))
            functions[logical_id] = Function(
                logical_id=logical_id,
                code_dir=self.root / properties["CodeUri"],
                handler=properties["Handler"],
                environment=properties.get("Environment", {}).get("Variables", {}),
                memory_size=int(static.resolve(properties.get("MemorySize", 128))),
                timeout=int(static.resolve(properties.get("Timeout", 3))),
                # Layers given as ARNs live elsewhere; their packages must come from the virtualenv.
                layer_dirs=tuple(self.layer_dirs[i] for i in layer_ids if i in self.layer_dirs),
                events=tuple(events),
            )
        return functions


def _api_route(function_id: str, properties: Mapping[str, Any], static: Resolver) -> ApiRoute:
    api = static.template.api
    authorizer = properties.get("Auth", {}).get("Authorizer", api.default_authorizer if api else None)
    return ApiRoute(
        function_id=function_id,
        method=str(static.resolve(properties["Method"])).upper(),
        path=static.resolve(properties["Path"]),
        authorizer=None if authorizer in (None, "NONE") else authorizer,
    )


def _sqs_source(function_id: str, properties: Mapping[str, Any], static: Resolver) -> SqsSource:
    return SqsSource(
        function_id=function_id,
        queue=properties["Queue"],  # resolved once the queue exists
        batch_size=int(static.resolve(properties.get("BatchSize", 10))),
        report_batch_item_failures="ReportBatchItemFailures" in properties.get("FunctionResponseTypes", []),
    )


def _eventbridge_rule(function_id: str, properties: Mapping[str, Any], static: Resolver) -> EventBridgeRuleSource:
    return EventBridgeRuleSource(
        function_id=function_id,
        name=str(properties.get("RuleName") or ""),
        bus=properties.get("EventBusName"),
        pattern=properties["Pattern"],
        dead_letter_arn=(properties.get("DeadLetterConfig") or {}).get("Arn"),
    )


# One parser per event type the local runtime can drive (the others are ignored): adding a type is a dataclass,
# a parser here and a consumer in the runtime.
_EVENT_PARSERS = {"Api": _api_route, "SQS": _sqs_source, "EventBridgeRule": _eventbridge_rule}
