"""Fixtures shared by the domain tests."""

from __future__ import annotations

import pytest

from desktop import resources
from desktop.domain.calendar import HolidayCalendar


@pytest.fixture(scope="session")
def cal() -> HolidayCalendar:
    """The bundled holiday calendars, found through the program's one resource lookup."""
    return resources.load_calendar().calendar
