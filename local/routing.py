"""API Gateway's choice of resource for a path: the most specific one wins, segment by segment (a literal beats
`{id}`, which beats `{proxy+}`); the method is then looked up on that resource alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from local.cfn import ApiRoute

_LITERAL, _PARAMETER, _GREEDY = 2, 1, 0


@dataclass(frozen=True)
class ResourceMatch:
    resource_path: str  # the template's path, e.g. /self-service/v1/contacts/{id}
    path_parameters: Mapping[str, str]
    routes_by_method: Mapping[str, ApiRoute]

    def route_for(self, method: str) -> ApiRoute | None:
        return self.routes_by_method.get(method) or self.routes_by_method.get("ANY")


def split_path(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _segment_rank(segment: str) -> int:
    if segment.startswith("{") and segment.endswith("+}"):
        return _GREEDY
    if segment.startswith("{") and segment.endswith("}"):
        return _PARAMETER
    return _LITERAL


def _match(pattern: list[str], segments: list[str]) -> dict[str, str] | None:
    parameters: dict[str, str] = {}
    for position, part in enumerate(pattern):
        rank = _segment_rank(part)
        if rank == _GREEDY:
            rest = segments[position:]
            if not rest:
                return None
            parameters[part[1:-2]] = "/".join(rest)
            return parameters
        if position >= len(segments):
            return None
        if rank == _PARAMETER:
            parameters[part[1:-1]] = segments[position]
        elif part != segments[position]:
            return None
    return parameters if len(pattern) == len(segments) else None


class RouteTable:
    def __init__(self, routes: Iterable[ApiRoute]):
        self._resources: dict[str, dict[str, ApiRoute]] = {}
        for route in routes:
            self._resources.setdefault(route.path, {})[route.method] = route

    def find(self, path: str) -> ResourceMatch | None:
        """The resource that serves `path` (decoded, without query string), or None."""
        segments = split_path(path)
        best: tuple[list[int], ResourceMatch] | None = None
        for resource_path, routes_by_method in self._resources.items():
            pattern = split_path(resource_path)
            parameters = _match(pattern, segments)
            if parameters is None:
                continue
            rank = [_segment_rank(part) for part in pattern]
            if best is None or rank > best[0]:
                best = (rank, ResourceMatch(resource_path, parameters, routes_by_method))
        return best[1] if best else None
