"""A course on fakes for each test, a week before the sample cohort starts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.usecases.driver import START, Course, london


@pytest.fixture
async def course() -> Course:
    """The sample cohort set up on the Monday before it starts, at 10:00 in London."""
    course = Course.at(london(START - timedelta(days=7), 10))
    await course.set_up()
    return course
