"""The analysis's reference data built ahead of use (fixtures/analysis/reference_data.py):
the same tables a control would build on first use, whichever thread builds them."""

from __future__ import annotations

from fixtures.analysis import cis_monitoring_events, iam_actions, reference_data


def test_building_ahead_fills_every_table_a_control_reads() -> None:
    iam_actions._levels_of.cache_clear()
    expected = iam_actions.expand("*:Get*")  # built on first use, as a control would
    iam_actions._levels_of.cache_clear()
    iam_actions.expand.cache_clear()
    for monitored in cis_monitoring_events.ALL:
        vars(monitored).pop("_forms", None)

    reference_data.prepare().join(timeout=120)

    assert iam_actions._levels_of.cache_info().currsize == len(iam_actions.services())
    assert all("_forms" in vars(monitored) for monitored in cis_monitoring_events.ALL)
    misses = iam_actions._levels_of.cache_info().misses
    assert iam_actions.expand("*:Get*") == expected
    assert iam_actions._levels_of.cache_info().misses == misses  # every table was built
