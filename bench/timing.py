"""Alternating wall-clock timing of whole commands, measured in one run."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence


def time_once(cmd: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def alternate(
    commands: dict[str, tuple[Sequence[str], dict[str, str]]], rounds: int, warmup: int = 2
) -> dict[str, float]:
    """Run each command once per round, in turn, and return the median seconds of each."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(warmup + rounds):
        for name, (cmd, env) in commands.items():
            t = time_once(cmd, env)
            if i >= warmup:
                samples[name].append(t)
    return {name: statistics.median(values) for name, values in samples.items()}


def compile_backcare() -> None:
    """Byte-compile backcare first, as `pip install` does for a wheel's modules: from an
    editable install with PYTHONDONTWRITEBYTECODE set, every run would otherwise time
    Python's compiler on backcare's source, which no installed copy pays."""
    import compileall

    import backcare

    compileall.compile_dir(os.path.dirname(backcare.__file__), quiet=1)


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCARE_")}
    env.update(extra)
    return env
