"""Fixtures: each settlement test runs on a SQLite file and on a fresh PostgreSQL database
(``backend``; tests/pg.py), in a :class:`world.World`."""

import pytest
from world import World


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Where the ledger lives: None (a SQLite file in tmp_path) or a PostgreSQL URL."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_world(tmp_path, backend):
    worlds: list[World] = []

    def make(**kw) -> World:
        world = World(tmp_path, backend, **kw)
        worlds.append(world)
        return world

    yield make
    for world in worlds:
        world.close()


@pytest.fixture
def world(make_world) -> World:
    return make_world(fee_bps=500)
