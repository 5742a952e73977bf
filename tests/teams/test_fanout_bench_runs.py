"""The Teams fan-out benchmark still runs: it is not part of the suite otherwise, and a
renamed core method once left it failing unnoticed until `make bench`."""

from bench.teams_fanout_bench import run


async def test_the_teams_fanout_benchmark_sends_each_leader_one_nudge() -> None:
    figures = await run(leaders=5, per_second=50.0)
    assert (figures.lost, figures.duplicates, figures.not_installed, figures.problems) == (
        0,
        0,
        0,
        0,
    )
    assert figures.sends >= 5
