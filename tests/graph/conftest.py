"""Fixtures of the graph tests: one generated cascade, and stores over every backend."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.store.base import GraphStore
from graph.testing import Cascade, generate_cascade

StoreFactory = Callable[[], GraphStore]

_NEO4J_SKIP = (
    "Neo4j store: set VANBAN_NEO4J_URI (and VANBAN_NEO4J_USER / VANBAN_NEO4J_PASSWORD) to run "
    "the contract suite against a real server, or run the suite under "
    "tools/neo4j-test-server/with_neo4j.py (`make test` does)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "neo4j_unit: unit tests of the Neo4j store on a recording driver double"
    )


def _neo4j_store() -> Any:
    """A Neo4j store from VANBAN_NEO4J_URI / _USER / _PASSWORD / _DATABASE."""
    from graph.store.neo4j import Neo4jStore

    return Neo4jStore.from_uri(
        os.environ["VANBAN_NEO4J_URI"],
        user=os.environ.get("VANBAN_NEO4J_USER"),
        password=os.environ.get("VANBAN_NEO4J_PASSWORD"),
        database=os.environ.get("VANBAN_NEO4J_DATABASE"),
    )


@pytest.fixture(scope="session")
def cascade() -> Cascade:
    """Two national roots over 63 provinces, with silent provinces and districts."""
    return generate_cascade(roots=2, seed=7)


@pytest.fixture(
    params=[
        pytest.param("memory", id="memory"),
        pytest.param("neo4j", id="neo4j", marks=pytest.mark.neo4j),
    ]
)
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Makes fresh, empty stores of one backend (all sharing one location per test)."""
    opened: list[GraphStore] = []
    if request.param == "neo4j":
        if not os.environ.get("VANBAN_NEO4J_URI"):
            pytest.skip(os.environ.get("VANBAN_NEO4J_SKIP_REASON") or _NEO4J_SKIP)
        first = _neo4j_store()
        first.clear()  # every test starts from an empty graph
        first.close()

        def make_neo4j() -> GraphStore:
            store = _neo4j_store()
            opened.append(store)
            return store

        yield make_neo4j
        for s in opened:
            s.close()
        return

    def make() -> GraphStore:
        from graph.store.memory.store import MemoryStore

        store = MemoryStore(tmp_path / "store")
        opened.append(store)
        return store

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def loaded(store_factory: StoreFactory, cascade: Cascade) -> GraphStore:
    store = store_factory()
    store.add_letters(cascade.records)
    return store
