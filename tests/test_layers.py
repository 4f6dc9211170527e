"""dnn_core is built in layers, and imports point down only. Read from the import statements
themselves (every ``import`` and ``from ... import`` anywhere in a module, including those inside
functions), so a new module or a new import is checked the day it is written.

Bottom to top (a module may import modules of its own layer or of layers below it):

    numeric core     activations, losses, forward, backward, parameters, batching, training,
                     metrics, model, saving, checks, registry, gradient_check (and
                     dnn_core/__init__):
                     numpy and the standard library only
    beside the core  datasets, experiments, surfaces, depth, curves, display: numbers (and
                     show_source) built from the core, still without matplotlib or widgets
    exercises        the checkers of the learners' code: numpy work, they draw nothing
    plots            matplotlib figures of the numbers
    widgets          the interactive explorers (ipywidgets), drawn with plots
    top              figures, figures_thumbnails (every picture in images/), cli, __main__

So nothing below the top imports dnn_core.figures* or dnn_core.cli, nothing below widgets
imports dnn_core.widgets, nothing below plots imports dnn_core.plots, and the core and its
neighbours never need matplotlib: ``import dnn_core`` stays fast and headless.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dnn_core"

CORE = {
    "activations", "losses", "forward", "backward", "parameters", "batching", "training",
    "metrics", "model", "saving", "checks", "gradient_check", "registry", "optimizers",
    "optimizer_base", "schedules", "divergence", "regularization", "",
}  # fmt: skip
LAYERS = [  # bottom to top; "" is dnn_core/__init__.py
    ("numeric core", CORE),
    ("beside the core", {"datasets", "experiments", "surfaces", "depth", "curves", "display"}),
    ("exercises", {"exercises"}),
    ("plots", {"plots"}),
    ("widgets", {"widgets"}),
    ("top", {"figures", "figures_thumbnails", "cli", "__main__"}),
]
THIRD_PARTY_BELOW_PLOTS = {"numpy"}  # all the core, its neighbours and the exercises may use


def module_name(path):
    """dnn_core.plots.depth for dnn_core/plots/depth.py; dnn_core.plots for its __init__.py."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_package(module):
    return MODULES[module].name == "__init__.py"


def imports_of(module, source=None):
    """Every module that ``module`` imports, absolute (dnn_core.x.y, numpy, ...), read from
    its syntax tree. ``from .pkg import name`` counts as importing dnn_core.pkg.name when that
    is a module of the package, else as importing dnn_core.pkg."""
    tree = ast.parse(MODULES[module].read_text() if source is None else source)
    package = module if is_package(module) else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in MODULES else target)
    return found


def internal_imports(module):
    return {name for name in imports_of(module) if name in MODULES and name != module}


def group_of(module):
    """The first name under dnn_core: "plots" for dnn_core.plots.depth, "" for dnn_core."""
    return module.split(".")[1] if "." in module else ""


def layer_of(module):
    """The index in LAYERS of the layer that ``module`` belongs to."""
    group = group_of(module)
    for index, (_, groups) in enumerate(LAYERS):
        if group in groups:
            return index
    raise AssertionError(f"{module} is in no layer: add {group!r} to LAYERS in {__file__}")


def find_cycle(graph):
    """One import cycle [a, b, ..., a] in ``graph`` = {module: imported modules}, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def downward_violations(graph):
    """(importer, imported) for every import that points to a higher layer."""
    return sorted(
        (module, target)
        for module, targets in graph.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )


GRAPH = {module: internal_imports(module) for module in MODULES}


def test_every_module_is_in_a_layer():
    for module in MODULES:
        layer_of(module)  # raises, naming the module, for one that is not


def test_no_import_cycles():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_imports_point_down_only():
    violations = downward_violations(GRAPH)
    assert not violations, "\n".join(
        f"{a} ({LAYERS[layer_of(a)][0]}) imports {b} ({LAYERS[layer_of(b)][0]})"
        for a, b in violations
    )


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) < 3))
def test_below_plots_only_numpy_and_the_standard_library(module):
    outside = {
        name.split(".")[0]
        for name in imports_of(module)
        if not name.startswith("dnn_core")
        and name.split(".")[0] not in sys.stdlib_module_names
        and name.split(".")[0] not in THIRD_PARTY_BELOW_PLOTS
    }
    assert not outside, f"{module} imports {sorted(outside)}; below the plots only numpy"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if group_of(m) in CORE))
def test_the_numeric_core_imports_only_the_core(module):
    others = {target for target in GRAPH[module] if group_of(target) not in CORE}
    assert not others, f"{module} (numeric core) imports {sorted(others)}"


def test_import_dnn_core_loads_no_display_libraries():
    """In a fresh interpreter: the package and the numeric modules beside it, the exercises
    included, load neither matplotlib nor ipywidgets (nor IPython)."""
    code = (
        "import sys, dnn_core, dnn_core.curves, dnn_core.depth, dnn_core.experiments, "
        "dnn_core.datasets, dnn_core.surfaces, dnn_core.exercises.ch07\n"
        "print(' '.join(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') "
        "if m in sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    ).stdout.split()
    assert loaded == []


# --- the checker checks: each rule catches a bad import
def test_the_checks_catch_a_cycle_and_an_upward_import():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    upward = {"dnn_core.forward": {"dnn_core.plots.style"}, "dnn_core.plots.depth": set()}
    assert downward_violations(upward) == [("dnn_core.forward", "dnn_core.plots.style")]


def test_imports_are_read_inside_functions_and_relative_to_the_module():
    source = "def f():\n    from ..widgets.playground import playground\nfrom . import style\n"
    found = imports_of("dnn_core.plots.depth", source)
    assert found == {"dnn_core.widgets.playground", "dnn_core.plots.style"}
    found = imports_of("dnn_core.exercises", "from .. import datasets, forward as f\n")
    assert found == {"dnn_core.datasets", "dnn_core.forward"}
