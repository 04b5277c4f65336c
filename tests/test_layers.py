"""Issue 18: backcare's layers run one way, and import-linter holds them there. Every module
belongs to a layer, the contracts pass, and an import added against them fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def contracts() -> list[dict[str, object]]:
    config = tomllib.loads((TOP / "pyproject.toml").read_text(encoding="utf-8"))
    found: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return found


def modules() -> set[str]:
    """backcare's modules and packages, as import-linter names them (a package's modules
    belong to its layer)."""
    found = set()
    for path in (TOP / "backcare").glob("*.py"):
        if path.stem != "__init__":
            found.add(f"backcare.{path.stem}")
    for path in (TOP / "backcare").iterdir():
        if (path / "__init__.py").is_file():
            found.add(f"backcare.{path.name}")
    return found


def lint(top: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(top)}
    return subprocess.run([str(LINT), "--no-cache", str(top / "pyproject.toml")], cwd=top,
                          env=env, capture_output=True, text=True, timeout=120)


def test_every_module_has_its_place_in_exactly_one_layer() -> None:
    layers = next(c for c in contracts() if c["type"] == "layers")["layers"]
    assert isinstance(layers, list)
    placed = [name.strip() for layer in layers
              for name in str(layer).replace("|", ":").split(":")]
    assert sorted(placed) == sorted(set(placed)), "a module is in two layers"
    assert set(placed) == modules(), "every module of backcare/ is in the layers contract"


def test_the_layer_and_core_contracts_hold() -> None:
    done = lint(TOP)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_an_import_against_the_layers_fails_the_contract(tmp_path: Path) -> None:
    """A circle added on purpose: the lowest layer, which gives `_()`, reaching up into the
    content loader, as it once did behind a late import."""
    copy = tmp_path / "tree"
    shutil.copytree(TOP / "backcare", copy / "backcare",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(TOP / "pyproject.toml", copy / "pyproject.toml")
    language = copy / "backcare" / "language.py"
    language.write_text(language.read_text(encoding="utf-8") + (
        "\n\ndef _late() -> None:\n    from backcare.loader import shipped_content  # noqa\n"),
        encoding="utf-8")
    done = lint(copy)
    assert done.returncode == 1, done.stdout
    assert "backcare.language is not allowed to import backcare.loader" in done.stdout
