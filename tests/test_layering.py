"""The shape of the code (STYLE §4, §10): imports flow accounts → award → review → supervision, no module imports
itself back through others, selectors never import services, and no module outgrows 400 lines.

Every import counts, including those inside functions: an import moved into a function still makes a cycle.
"""
import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Lowest first; a module may import only its own app or a lower one. demo and config sit above all of them.
LAYERS = ("accounts", "award", "review", "supervision")
TOP = ("demo", "config")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in (*LAYERS, *TOP):
        for path in sorted((REPO / app).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


MODULES = project_modules()


def _project_module(name: str) -> str | None:
    """The project module an imported name lives in (`award.models.Cycle` → `award.models`), or None."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, path: Path, node) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, node.module] if node.module else package)
        else:
            base = node.module
        names = [f"{base}.{alias.name}" for alias in node.names]
    return [target for target in map(_project_module, names) if target and target != module]


def import_graph() -> dict[str, dict[str, int]]:
    """module → {imported project module: line of the first import}, over every import statement in the file."""
    graph = {}
    for module, path in MODULES.items():
        edges = graph.setdefault(module, {})
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _imported(module, path, node):
                    edges.setdefault(target, node.lineno)
    return graph


GRAPH = import_graph()


def _strongly_connected(graph) -> list[list[str]]:
    """Tarjan's components of more than one module, iteratively (each one is an import cycle)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_lower_apps_never_import_higher_ones():
    rank = {app: position for position, app in enumerate(LAYERS)}

    upward = [
        f"{module}:{line} imports {target}"
        for module, edges in GRAPH.items() if module.split(".")[0] in rank
        for target, line in edges.items() if rank.get(target.split(".")[0], -1) > rank[module.split(".")[0]]
    ]

    assert upward == []


def test_no_import_cycles_between_project_modules():
    cycles = [
        " ↔ ".join(component) + ": " + ", ".join(
            f"{module}:{GRAPH[module][target]} → {target}"
            for module in component for target in GRAPH[module] if target in component
        )
        for component in _strongly_connected(GRAPH)
    ]

    assert cycles == []


def _is_kind(module: str, kind: str) -> bool:
    return kind in module.split(".")


def test_selectors_never_import_services():
    reads_writes = [
        f"{module}:{line} imports {target}"
        for module, edges in GRAPH.items() if _is_kind(module, "selectors")
        for target, line in edges.items() if _is_kind(target, "services")
    ]

    assert reads_writes == []


def test_the_graph_sees_imports_inside_functions():
    # The checks above are only worth something if an import inside a function is an edge too.
    source = "def f():\n    from award.models import Cycle\n"
    node = ast.parse(source).body[0].body[0]

    assert _imported("accounts.services", MODULES["accounts.services"], node) == ["award.models"]


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("award.services.cycle", "from ..models import Cycle", ["award.models"]),
        ("award.services.cycle", "from .awards import awards_grant", ["award.services.awards"]),
        ("award.services", "from .cycle import cycle_advance", ["award.services.cycle"]),
        ("review.views.expert", "from award.models import Cycle", ["award.models"]),
        ("award.tasks", "import celery", []),
    ],
    ids=["parent", "sibling", "package-init", "absolute", "third-party"],
)
def test_relative_imports_resolve_to_project_modules(module, source, expected):
    node = ast.parse(source).body[0]

    assert _imported(module, MODULES[module], node) == expected


MAX_LINES = 400


def test_no_module_is_over_400_lines():
    # STYLE §10: split services, models, views and forms by concern past ~400 lines (migrations aside).
    long = {
        module: lines for module, path in MODULES.items()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }

    assert long == {}


# The fields that hold a workflow's state (Application.state, Cycle.stage, Complaint.state, ...).
STATE_FIELDS = {"state", "stage"}
TRANSITION_HELPER = "accounts.workflows"


def _state_writes(tree) -> list[int]:
    """Lines that assign a state field (`x.state = ...`, `a, x.state = ...`, `setattr(x, "state", ...)`) or
    update it in bulk (`.update(state=...)`)."""
    lines = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Attribute) and leaf.attr in STATE_FIELDS and isinstance(leaf.ctx, ast.Store):
                    lines.append(node.lineno)
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) > 1 and isinstance(
                    node.args[1], ast.Constant) and node.args[1].value in STATE_FIELDS:
                lines.append(node.lineno)
            # A queryset's update (`X.objects.update(...)`, `....filter(...).update(...)`), not a dict's.
            queryset = isinstance(func, ast.Attribute) and (
                isinstance(func.value, ast.Call) or getattr(func.value, "attr", "") == "objects")
            if queryset and func.attr == "update" and any(keyword.arg in STATE_FIELDS for keyword in node.keywords):
                lines.append(node.lineno)
    return lines


def test_only_the_transition_helper_assigns_a_state():
    # STYLE §2: one function moves a state (accounts.workflows.transition / transition_rows).
    writes = [
        f"{module}:{line}"
        for module, path in MODULES.items() if module != TRANSITION_HELPER and not module.startswith("demo")
        for line in _state_writes(ast.parse(path.read_text()))
    ]

    assert writes == []


@pytest.mark.parametrize(
    "source",
    ["card.state = 'void'", "a.b, cycle.stage = 1, 2", "setattr(card, 'state', 'void')",
     "Card.objects.filter(pk=1).update(state='void')", "Card.objects.update(state='void')"],
    ids=["assign", "tuple", "setattr", "bulk-update", "bulk-update-all"],
)
def test_state_writes_are_recognised(source):
    assert _state_writes(ast.parse(source)) == [1]


def test_a_dict_update_is_not_a_state_write():
    assert _state_writes(ast.parse("after.update(state='void')")) == []
