"""Both cores: the parent and a forked worker share the files, the units come back in the
files' order and equal one process's, and a worker that fails or dies is reported rather
than waited for."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest

from ceasewatch import cachecodec, parallel
from ceasewatch.cachecodec import Unit
from ceasewatch.filewise import Run
from ceasewatch.layout import discover

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate

TODAY = date(2026, 1, 15)
FILES = 24


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    generate.build(root, FILES)
    return root


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail, rather than hang, a test whose parent would wait for a worker forever."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("still waiting for a worker after 60 s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _run(root: Path) -> tuple[Run, list[str]]:
    found = discover(root)
    return Run(root, TODAY, True, found), [r for k, r in found if k == "incident"]


def _plain(units: list[Unit]) -> list[tuple[object, ...]]:
    return [cachecodec.unit(u) for u in units]


def _in_worker(
    monkeypatch: pytest.MonkeyPatch, marker: Path, then: Callable[[], None] = lambda: None
) -> None:
    """Make Run.units note each file a worker does in ``marker`` (then call ``then`` there),
    and make the parent wait for the worker's first file before its own (but the first
    chunk's, done before the worker starts): the worker surely takes part, however the
    two are scheduled."""
    parent, units = os.getpid(), Run.units
    done_here: list[str] = []

    def noted(self: Run, rels: Sequence[str]) -> list[Unit]:
        if os.getpid() != parent:
            with marker.open("a") as fh:
                fh.write("".join(rel + "\n" for rel in rels))
            then()
        else:
            done_here.extend(rels)
            if len(done_here) > 1:  # past the first chunk (one file), done before the fork
                deadline = time.monotonic() + 60
                while not marker.exists() and time.monotonic() < deadline:
                    time.sleep(0.005)
        return units(self, rels)

    monkeypatch.setattr(Run, "units", noted)
    monkeypatch.setattr(parallel, "CHUNK", 1)


def test_units_are_shared_and_come_back_in_order(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, rels = _run(root)
    alone = _plain([run.unit(rel) for rel in rels])
    marker = tmp_path / "worker"
    _in_worker(monkeypatch, marker)
    run, rels = _run(root)
    shared = list(parallel.units(run, rels, 2))
    assert [u.rel for u in shared] == rels
    assert _plain(shared) == alone
    by_worker = marker.read_text().split()
    assert by_worker  # the worker did some files ...
    assert set(by_worker) < set(rels)  # ... and the parent the others


def test_a_failing_worker_is_reported(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deadline: None
) -> None:
    def fail() -> None:
        raise ValueError("broken in the worker")

    _in_worker(monkeypatch, tmp_path / "worker", fail)
    run, rels = _run(root)
    with pytest.raises(RuntimeError, match=r"(?s)a worker process failed.*broken in the worker"):
        list(parallel.units(run, rels, 2))


def test_a_worker_that_dies_is_reported_not_waited_for(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, deadline: None
) -> None:
    _in_worker(monkeypatch, tmp_path / "worker", lambda: os._exit(3))
    run, rels = _run(root)
    with pytest.raises(RuntimeError, match="a worker process ended before its work"):
        list(parallel.units(run, rels, 2))
