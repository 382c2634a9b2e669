"""Agreements (调解协议 / 和解协议): terms and the signatures and seal recorded on them."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from desktop.domain.records import Agreement, AgreementTerm
from desktop.storage.rows import insert, insert_many


def insert_agreement(db: sqlite_utils.Database, *, case_pk: int, kind: str,
                     concluded_on: str, terms: Sequence[AgreementTerm], waiver: str | None,
                     copies: int) -> Agreement:
    """Store a new agreement with its terms; returns it."""
    no = db.execute("SELECT coalesce(max(no), 0) + 1 FROM agreements WHERE case_pk = ?",
                    [case_pk]).fetchone()[0]
    total = sum(t.amount_fen for t in terms)
    pk = insert(db, "agreements", {
        "case_pk": case_pk, "no": no, "kind": kind, "concluded_on": concluded_on,
        "total_fen": total, "waiver": waiver, "copies": copies})
    insert_many(db, "agreement_terms", [{
        "agreement_pk": pk, "position": i, "item": t.item, "category": t.category,
        "amount_fen": t.amount_fen, "due_on": t.due_on, "method": t.method, "payer": t.payer,
        "payee": t.payee, "account": t.account} for i, t in enumerate(terms)])
    return Agreement(pk, no, kind, concluded_on, total, copies, tuple(terms), {}, waiver)


def current(db: sqlite_utils.Database, case_pk: int) -> Agreement | None:
    """The case's live (not voided) agreement with terms and signatures, or None."""
    row = db.execute("SELECT pk, no, kind, concluded_on, total_fen, copies, waiver, "
                     "effective_on, voided_on FROM agreements WHERE case_pk = ? AND "
                     "voided_on IS NULL ORDER BY no DESC LIMIT 1", [case_pk]).fetchone()
    if row is None:
        return None
    pk = row[0]
    terms = tuple(AgreementTerm(item, amount, due, method, category, payer, payee, account)
                  for item, amount, due, method, category, payer, payee, account in db.execute(
                      "SELECT item, amount_fen, due_on, method, category, payer, payee, account "
                      "FROM agreement_terms WHERE agreement_pk = ? ORDER BY position", [pk]))
    signatures = dict(db.execute("SELECT signer, signed_on FROM signatures WHERE "
                                 "agreement_pk = ? ORDER BY signed_on, signer", [pk]))
    return Agreement(pk, row[1], row[2], row[3], row[4], row[5], terms, signatures, row[6],
                     row[7], row[8])


def record_signature(db: sqlite_utils.Database, agreement_pk: int, signer: str,
                     on: str) -> None:
    """Record one signature or the seal."""
    db.execute("INSERT INTO signatures (agreement_pk, signer, signed_on) VALUES (?, ?, ?)",
               [agreement_pk, signer, on])


def set_effective(db: sqlite_utils.Database, agreement_pk: int, on: str) -> None:
    """Mark the agreement effective from ``on``."""
    db.execute("UPDATE agreements SET effective_on = ? WHERE pk = ?", [on, agreement_pk])


def void(db: sqlite_utils.Database, agreement_pk: int, on: str) -> None:
    """Void a draft that never took effect (kept for the record and for sync)."""
    db.execute("UPDATE agreements SET voided_on = ? WHERE pk = ?", [on, agreement_pk])
