"""The world layout: names to indices, region groups, and the option and counts columns."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import sim
from sim.vocabulary import API, BLOCS, SELF_HOST
from sim.world import NO_CHOICE, World
from tests.conftest import hand_built_world


def three_labs() -> World:
    """Labs openx (US), qwenish (CN), mistrel (EU); regions A (Global North), B, C (South)."""
    return hand_built_world({"openx": "US", "qwenish": "CN", "mistrel": "EU"},
                            {"A": "global_north", "B": "global_south", "C": "global_south"})


def test_a_three_lab_layout_by_hand():
    world = three_labs()
    assert world.n_options == 6 and world.n_counts == 7
    assert [world.option(lab, mode) for lab in range(3) for mode in (API, SELF_HOST)] == [0, 1, 2, 3, 4, 5]
    np.testing.assert_array_equal(world.lab_of(np.arange(6)), [0, 0, 1, 1, 2, 2])
    np.testing.assert_array_equal(world.mode_of(np.arange(6)), [API, SELF_HOST] * 3)
    columns = np.arange(6)
    np.testing.assert_array_equal(columns[World.API_COLUMNS], [0, 2, 4])
    np.testing.assert_array_equal(columns[World.SELF_HOST_COLUMNS], [1, 3, 5])
    assert [list(columns[World.options_of(lab)]) for lab in range(3)] == [[0, 1], [2, 3], [4, 5]]
    interleaved = World.interleave(np.array([10, 20, 30]), np.array([1, 2, 3]))
    np.testing.assert_array_equal(interleaved, [10, 1, 20, 2, 30, 3])


def test_the_counts_table_keeps_no_model_in_front():
    world = three_labs()
    np.testing.assert_array_equal(World.count_column(np.array([NO_CHOICE, 0, 1, 5])), [0, 1, 2, 6])
    counts = np.arange(7)
    np.testing.assert_array_equal(counts[World.OPTION_COUNTS], np.arange(1, 7))
    columns = world.count_columns()
    assert columns.lab == ("none", "openx", "openx", "qwenish", "qwenish", "mistrel", "mistrel")
    assert columns.origin == ("none", "US", "US", "CN", "CN", "EU", "EU")
    assert columns.mode == ("none", "api", "self_host", "api", "self_host", "api", "self_host")


def test_names_blocs_and_groups():
    world = three_labs()
    assert world.blocs == BLOCS
    assert (world.region_index("C"), world.lab_index("mistrel"), world.bloc_index("EU")) == (2, 2, 2)
    np.testing.assert_array_equal(world.region_indices(["C", "A"]), [2, 0])
    np.testing.assert_array_equal(world.lab_blocs, [BLOCS.index("US"), BLOCS.index("CN"), BLOCS.index("EU")])
    assert world.lab_origins == ("US", "CN", "EU")
    np.testing.assert_array_equal(world.labs_of("CN"), [False, True, False])
    np.testing.assert_array_equal(world.global_south, [1, 2])
    assert list(world.groups) == ["global_north", "global_south"]  # no Chinese region here
    np.testing.assert_array_equal(world.groups["global_north"], [0])
    assert world.regions_in("china").size == 0


def test_per_lab_and_per_option_move_between_the_two_layouts():
    world = three_labs()
    by_option = np.array([[1, 2, 3, 4, 5, 6], [0, 1, 0, 1, 0, 1]])
    np.testing.assert_array_equal(world.per_lab(by_option), [[3, 7, 11], [1, 1, 1]])
    np.testing.assert_array_equal(world.per_option(np.array([True, False, True])), [1, 1, 0, 0, 1, 1])


def test_the_default_world_follows_the_configuration_order():
    cfg = sim.default_config()
    world = World.from_config(cfg)
    assert world.regions == tuple(cfg.regions) and world.labs == tuple(cfg.labs)
    assert world.clouds == tuple(cfg.clouds)
    assert world.lab_origins == tuple(lab.bloc for lab in cfg.labs.values())
    assert [world.regions[r] for r in world.global_south] == [
        name for name, region in cfg.regions.items() if region.group == "global_south"
    ]
    assert world.cloud_index(list(cfg.clouds)[-1]) == len(cfg.clouds) - 1
    assert not world.lab_blocs.flags.writeable


@given(option=st.integers(0, 10_000))
def test_lab_and_mode_recover_every_option(option):
    assert World.option(World.lab_of(option), World.mode_of(option)) == option
    assert World.mode_of(option) in (API, SELF_HOST)


@given(
    labs=st.lists(st.integers(0, 500), max_size=50),
    modes=st.lists(st.sampled_from([API, SELF_HOST]), max_size=50),
)
def test_option_is_one_to_one_on_arrays(labs, modes):
    n = min(len(labs), len(modes))
    lab, mode = np.array(labs[:n], dtype=int), np.array(modes[:n], dtype=int)
    options = World.option(lab, mode)
    np.testing.assert_array_equal(World.lab_of(options), lab)
    np.testing.assert_array_equal(World.mode_of(options), mode)
