"""Pieces of upstream's own code, taken from the user's checkout by their shape in the source (ast),
so that the pipeline check runs upstream's lines rather than our restatement of them. Each helper
finds its piece structurally (a function by name, an assignment by its target), not by line number,
so small edits upstream do not break it; if a piece is gone, it says which and where it looked."""
import ast
from pathlib import Path


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _run(nodes, path: Path, namespace: dict) -> dict:
    module = ast.Module(body=list(nodes), type_ignores=[])
    exec(compile(module, str(path), "exec"), namespace)
    return namespace


def _find_def(path: Path, name: str, cls: str | None = None):
    body = _tree(path).body
    if cls is not None:
        found = [n for n in body if isinstance(n, ast.ClassDef) and n.name == cls]
        if not found:
            raise SystemExit(f"upstream_check: class {cls} not found in {path}")
        body = found[0].body
    for node in body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise SystemExit(f"upstream_check: def {name} not found in {path}{f' (class {cls})' if cls else ''}")


def function(path: Path, name: str, namespace: dict, cls: str | None = None):
    """A top-level function (or a method of `cls`, taken as a plain function of `self`)."""
    node = _find_def(path, name, cls)
    return _run([node], path, namespace)[name]


def _targets(node) -> set:
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
        owner = node.value.func.value
        return {owner.id} if isinstance(owner, ast.Name) else set()
    return set()


def module_statements(path: Path, names: set, namespace: dict) -> dict:
    """Runs, in order, the module-level assignments to `names` and method calls on them (`t.append(…)`)."""
    nodes = [n for n in _tree(path).body if _targets(n) & names]
    missing = names - set().union(*(_targets(n) for n in nodes))
    if missing:
        raise SystemExit(f"upstream_check: {', '.join(sorted(missing))} not assigned at module level in {path}")
    return _run(nodes, path, namespace)


def body_statements(path: Path, function_name: str, pick, namespace: dict, what: str, cls: str | None = None) -> dict:
    """Runs the statements of a function's top-level body for which pick(node, source) is true."""
    source = path.read_text()
    node = _find_def(path, function_name, cls)
    nodes = [n for n in node.body if pick(n, ast.get_source_segment(source, n) or "")]
    if not nodes:
        raise SystemExit(f"upstream_check: {what} not found in {function_name} ({path})")
    return _run(nodes, path, namespace)


def inner_expression(path: Path, function_name: str, pick, arg: str, cls: str | None = None):
    """The first expression inside a function for which pick(node, source) is true, as a function of `arg`."""
    source = path.read_text()
    root = _find_def(path, function_name, cls)
    for node in ast.walk(root):
        if isinstance(node, ast.expr) and pick(node, ast.get_source_segment(source, node) or ""):
            lam = ast.Expression(body=ast.Lambda(
                args=ast.arguments(posonlyargs=[], args=[ast.arg(arg=arg)], kwonlyargs=[], kw_defaults=[], defaults=[]),
                body=node))
            ast.fix_missing_locations(lam)
            return eval(compile(lam, str(path), "eval"), {})
    raise SystemExit(f"upstream_check: expression not found in {function_name} ({path})")
