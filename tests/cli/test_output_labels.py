"""Every clock status and every clock key prints in Chinese, never as a crash or a code."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.cli import output
from desktop.domain.clocks import STATUS_LABELS
from desktop.services.auth import User
from desktop.services.cases import CaseService

CLOCK_KEYS = ("acceptance_due", "mediation_due", "arbitration_open_on",
              "arbitration_review_due", "judicial_confirmation_due", "follow_up_due",
              "major_first_response_due", "advice_feedback_due", "limitation_expires",
              "performance_default_on", "negotiation_reply_due")


@pytest.mark.parametrize("status", sorted(STATUS_LABELS))
def test_case_show_prints_every_clock_status(service: CaseService, mediator: User,
                                             single_doc: dict[str, Any], status: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    made = service.register(single_doc, mediator)
    case = service.show(made.case_no, mediator).as_dict()
    clock = next(iter(case["deadlines"].values()))
    clock.update(status=status, status_label=STATUS_LABELS[status])
    output.print_case(case, as_json=False)
    shown = output.CLOCK_STATUS.get(status) or STATUS_LABELS[status]
    assert shown in capsys.readouterr().out


def test_every_clock_key_has_a_label() -> None:
    assert set(CLOCK_KEYS) <= set(output.CLOCK_LABELS)
