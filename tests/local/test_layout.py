"""local/ is built in floors: the template reader at the bottom knows no consumer, the runtime composes the rest
on top. An import circle (lazy imports inside functions included) would undo that."""

import ast
from pathlib import Path

LOCAL = Path(__file__).resolve().parents[2] / "local"


def local_imports(path: Path, modules: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "local":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("local."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("local."))
    return found & modules


def first_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                return path + [module, imported]
            if imported not in state and (cycle := visit(imported, path + [module])):
                return cycle
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module, [])):
            return cycle
    return None


def test_local_has_no_import_circle():
    modules = {path.stem for path in LOCAL.glob("*.py")}
    graph = {path.stem: local_imports(path, modules) for path in LOCAL.glob("*.py")}
    assert first_cycle(graph) is None, " -> ".join(first_cycle(graph) or [])


def test_the_template_reader_imports_nothing_of_local():
    assert local_imports(LOCAL / "cfn.py", {path.stem for path in LOCAL.glob("*.py")}) == set()


def test_the_cycle_finder_finds_a_lazy_circle():
    assert first_cycle({"cfn": {"eventbridge"}, "eventbridge": {"cfn"}}) == ["cfn", "eventbridge", "cfn"]
