"""The documented format and the code agree."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from desktop.domain import lifecycle, vocab
from desktop.domain.case_format import MANUAL_FLAGS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def schema() -> dict:
    return json.loads((DOCS / "case.schema.json").read_text(encoding="utf-8"))


def test_example_passes_the_schema():
    example = json.loads((DOCS / "examples" / "collective-wages.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(example)


def test_schema_enumerations_match_the_code():
    s = schema()
    props, party = s["properties"], s["$defs"]["party"]["properties"]
    assert props["source"]["enum"] == list(vocab.SOURCES)
    assert props["dispute_types"]["items"]["enum"] == list(vocab.DISPUTE_TYPES)
    assert props["flags"]["items"]["enum"] == list(MANUAL_FLAGS)
    assert props["court_procedure"]["enum"] == list(vocab.COURT_PROCEDURES)
    assert party["kind"]["enum"] == list(vocab.PARTY_KINDS)
    assert party["id_type"]["enum"] == list(vocab.ID_TYPES)
    assert party["role"]["enum"] == list(vocab.PARTY_ROLES)


def test_format_doc_lists_every_code_and_deadline_key():
    text = (DOCS / "case-format.md").read_text(encoding="utf-8")
    codes = [*vocab.SOURCES, *vocab.DISPUTE_TYPES, *vocab.FLAGS, *lifecycle.STATES,
             *lifecycle.EVENTS]
    for code in codes:
        assert f"`{code}`" in text, code
    for key in ("acceptance_due", "mediation_due", "arbitration_review_due",
                "judicial_confirmation_due", "limitation_expires", "negotiation_reply_due"):
        assert f"`{key}`" in text, key
