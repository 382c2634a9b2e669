"""The case interchange format (docs/case-format.md): JSON in, a checked draft out.

Every problem is reported with the path of the offending field, e.g.
``applicants[2].id_number``, and nothing is written until the whole file passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from desktop.domain import validators, vocab
from desktop.domain.dates import parse_day
from desktop.domain.errors import ValidationError
from desktop.domain.money import check_fen
from desktop.domain.text import clean_text, key_name, require_text, shorten

COLLECTIVE_THRESHOLD = 10  # LDMAL art. 7: ten or more workers with a common claim
MAJOR_COLLECTIVE_THRESHOLD = 30  # old practice [U]; configurable per station later
REPRESENTATIVES = (3, 5)
SIDE_LABELS = {"applicant": "申请人", "respondent": "被申请人"}
# Cases a court or arbitration commission referred: they carry the referring body's own case
# number (委托机关案号), and ``received_on`` is the day the station signed for the materials
# (court referrals: it starts the R12/R12a period) or, for an arbitration referral, the day
# both parties consented to the entrusted mediation (R13) — DOMAIN.md §2.
REFERRAL_SOURCES = ("court_delegated", "court_entrusted", "arbitration_entrusted")

TOP_LEVEL = {"source", "received_on", "dispute_arose_on", "dispute_types", "summary", "claims",
             "applicants", "respondents", "flags", "worker_count", "court_procedure",
             "platform_serial", "court_case_no", "employment_ongoing", "employment_ended_on",
             "linked_case_no"}
PARTY_FIELDS = {"kind", "name", "id_type", "id_number", "uscc", "phone", "address", "legal_rep",
                "role", "representative", "gender", "birth_date"}
MANUAL_FLAGS = tuple(f for f in vocab.FLAGS if f not in ("collective", "major_collective"))


@dataclass
class PartyDraft:
    """A party as given in the file, checked and normalised."""

    side: str
    kind: str
    name: str
    id_type: str | None = None
    id_number: str | None = None
    uscc: str | None = None
    phone: str | None = None
    address: str | None = None
    legal_rep: str | None = None
    role: str | None = None
    representative: bool = False
    gender: str | None = None
    birth_date: str | None = None


@dataclass
class ClaimDraft:
    """One claim (仲裁请求事项 style): what is asked and how much, in fen."""

    item: str
    amount_fen: int


@dataclass
class CaseDraft:
    """A new case, checked against every intake rule, ready to be stored."""

    source: str
    received_on: date
    dispute_arose_on: date | None
    dispute_types: list[str]
    summary: str
    claims: list[ClaimDraft]
    parties: list[PartyDraft]
    flags: list[str]
    worker_count: int
    court_procedure: str | None = None
    platform_serial: str | None = None
    court_case_no: str | None = None
    warnings: list[str] = field(default_factory=list)
    employment_ongoing: bool | None = None
    employment_ended_on: date | None = None
    linked_case_no: str | None = None

    @property
    def kind(self) -> str:
        """``negotiation`` for the 协商和解 path, else ``mediation``."""
        return "negotiation" if self.source == "negotiation" else "mediation"

    @property
    def claimed_fen(self) -> int:
        """标的金额: the sum of the claimed amounts."""
        return sum(c.amount_fen for c in self.claims)


EARLIEST_RECEIPT = date(2000, 1, 1)  # no case in this register predates the 2008 law by much
MAX_WORKERS = 100_000
parse_date = parse_day  # the one date parser (desktop.domain.dates)
ROOT = "$"  # ``where`` of a problem with the document as a whole (JSONPath's root)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _text(obj: dict[str, Any], key: str, where: str, *, required: bool = False,
          limit: int = 200, strict: bool = True) -> str | None:
    """A text field through the one text module: names and codes strict, free text cleaned."""
    return clean_text(obj.get(key), _at(where, key), required=required, limit=limit,
                      strict=strict)


def _flag(obj: dict[str, Any], key: str, where: str) -> bool | None:
    """An optional true/false field; anything else (``"yes"``, 1) is refused."""
    value = obj.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise ValidationError("应为 true 或 false", f"{key} must be true or false", _at(where, key))


def _unknown_keys(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(key_name(k) for k in set(obj) - allowed)
    if extra:
        raise ValidationError(f"未知字段：{shorten(', '.join(extra))}",
                              f"unknown field(s): {shorten(', '.join(extra))}",
                              _at(where, extra[0]))


def _party(obj: Any, side: str, where: str, today: date, warnings: list[str]) -> PartyDraft:
    if not isinstance(obj, dict):
        raise ValidationError("当事人应为 JSON 对象", "a party must be a JSON object", where)
    _unknown_keys(obj, PARTY_FIELDS, where)
    kind = vocab.check_code(vocab.PARTY_KINDS, obj.get("kind"), f"{where}.kind", "当事人类型")
    party = PartyDraft(side=side, kind=kind, name=require_text(obj.get("name"), f"{where}.name"))
    party.address = _text(obj, "address", where)
    party.legal_rep = _text(obj, "legal_rep", where, limit=50)
    if obj.get("role") is not None:
        party.role = vocab.check_code(vocab.PARTY_ROLES, obj["role"], f"{where}.role", "当事人角色")
    party.representative = bool(_flag(obj, "representative", where)) or \
        party.role == "representative"
    phone = _code(obj, "phone", where)
    if phone:
        party.phone = validators.check_phone(phone, where=f"{where}.phone")
    uscc = _code(obj, "uscc", where)
    if uscc:
        if kind != "employer":
            raise ValidationError("只有用人单位填写统一社会信用代码",
                                  "only an employer has a credit code", f"{where}.uscc")
        party.uscc, notes = validators.check_uscc(uscc, where=f"{where}.uscc")
        warnings.extend(f"{where}.uscc: {n}" for n in notes)
    _identity(party, obj, where, today)
    return party


def _code(obj: dict[str, Any], key: str, where: str) -> str | None:
    """A number or code as text (a JSON number is read as its digits), strictly cleaned."""
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return clean_text(value, _at(where, key), limit=64)


def _identity(party: PartyDraft, obj: dict[str, Any], where: str, today: date) -> None:
    """ID document (workers, agents, and the operator of a 个体工商户), gender, birth date."""
    number = _code(obj, "id_number", where)
    if number:
        party.id_type = vocab.check_code(vocab.ID_TYPES, obj.get("id_type", "resident_id"),
                                         f"{where}.id_type", "证件类型")
        party.id_number = validators.check_id_document(
            party.id_type, number, today=today, where=f"{where}.id_number")
        if party.id_type in ("resident_id", "hmt_residence_permit"):
            party.gender = validators.gender_from_resident_id(party.id_number)
            party.birth_date = validators.birth_date_from_resident_id(party.id_number).isoformat()
    elif obj.get("id_type") is not None:
        party.id_type = vocab.check_code(vocab.ID_TYPES, obj["id_type"], f"{where}.id_type",
                                         "证件类型")
    if party.gender is None and obj.get("gender") is not None:
        if obj["gender"] not in ("male", "female"):
            raise ValidationError("性别应为 male 或 female", "gender must be male or female",
                                  f"{where}.gender")
        party.gender = obj["gender"]
    if party.birth_date is None and obj.get("birth_date") is not None:
        party.birth_date = parse_date(obj["birth_date"], f"{where}.birth_date",
                                      today=today).isoformat()


def _parties(doc: dict[str, Any], key: str, side: str, today: date,
             warnings: list[str]) -> list[PartyDraft]:
    items = doc.get(key)
    if not isinstance(items, list) or not items:
        raise ValidationError("至少需要一名当事人", f"{key} must be a non-empty list", key)
    return [_party(p, side, f"{key}[{i}]", today, warnings) for i, p in enumerate(items)]


def _claims(doc: dict[str, Any]) -> list[ClaimDraft]:
    items = doc.get("claims", [])
    if not isinstance(items, list):
        raise ValidationError("应为列表", "claims must be a list", "claims")
    claims = []
    for i, c in enumerate(items):
        where = f"claims[{i}]"
        if not isinstance(c, dict):
            raise ValidationError("请求事项应为 JSON 对象", "a claim must be an object", where)
        _unknown_keys(c, {"item", "amount_fen"}, where)
        item = require_text(c.get("item"), f"{where}.item", limit=500, strict=False)
        claims.append(ClaimDraft(item, check_fen(c.get("amount_fen", 0), f"{where}.amount_fen")))
    return claims


def _flags(doc: dict[str, Any], parties: list[PartyDraft], workers: int) -> list[str]:
    raw = doc.get("flags", [])
    if not isinstance(raw, list):
        raise ValidationError("应为列表", "flags must be a list", "flags")
    flags = set()
    for i, flag in enumerate(raw):
        if flag in ("collective", "major_collective"):
            raise ValidationError("集体争议标记由系统按劳动者人数自动设置，请填写涉及劳动者人数",
                                  "collective flags follow the worker count; give worker_count",
                                  f"flags[{i}]")
        flags.add(vocab.check_code(dict.fromkeys(MANUAL_FLAGS, ""), flag, f"flags[{i}]", "标记"))
    if workers >= COLLECTIVE_THRESHOLD:
        flags.add("collective")
    if workers >= MAJOR_COLLECTIVE_THRESHOLD:
        flags.add("major_collective")
    if any(p.role in ("dispatch_agency", "employing_unit") for p in parties):
        flags.add("labour_dispatch")
    return sorted(flags)


def parse_case(doc: Any, *, today: date) -> CaseDraft:
    """Check a case document and return the draft, or raise the first problem found.

    Raises:
        ValidationError: with ``where`` naming the field, e.g. ``applicants[0].id_number``.
    """
    if not isinstance(doc, dict):
        raise ValidationError("案件文件应为 JSON 对象", "the case file must be a JSON object",
                              ROOT)
    _unknown_keys(doc, TOP_LEVEL, "")
    source = vocab.check_code(vocab.SOURCES, doc.get("source"), "source", "案件来源")
    received = parse_date(doc.get("received_on"), "received_on", today=today,
                          earliest=EARLIEST_RECEIPT)
    arose = None
    if doc.get("dispute_arose_on") is not None:
        arose = parse_date(doc["dispute_arose_on"], "dispute_arose_on", today=today)
        if arose > received:
            raise ValidationError("争议发生日期晚于收到申请日期", "dispute_arose_on is after "
                                  "received_on", "dispute_arose_on")
    types = doc.get("dispute_types")
    if not isinstance(types, list) or not types:
        raise ValidationError("至少选择一种争议类型", "dispute_types must be a non-empty list",
                              "dispute_types")
    types = [vocab.check_code(vocab.DISPUTE_TYPES, t, f"dispute_types[{i}]", "争议类型")
             for i, t in enumerate(types)]
    summary = require_text(doc.get("summary"), "summary", limit=4000, strict=False)
    warnings: list[str] = []
    parties = (_parties(doc, "applicants", "applicant", today, warnings)
               + _parties(doc, "respondents", "respondent", today, warnings))
    listed = sum(1 for p in parties if p.kind == "worker")
    count = doc.get("worker_count", listed)
    if isinstance(count, bool) or not isinstance(count, int) or not listed <= count <= \
            MAX_WORKERS:
        raise ValidationError(f"涉及劳动者人数应为 {listed}–{MAX_WORKERS} 之间的整数",
                              f"worker_count must be an integer from the listed "
                              f"workers ({listed}) to {MAX_WORKERS}",
                              "worker_count")
    check_duplicates(parties)
    draft = CaseDraft(source, received, arose, list(dict.fromkeys(types)),
                      summary, _claims(doc), parties,
                      _flags(doc, parties, count), count, _procedure(doc, source),
                      _text(doc, "platform_serial", "", limit=64),
                      _referral_number(doc, source), warnings)
    _employment(doc, draft, today)
    draft.linked_case_no = _text(doc, "linked_case_no", "", limit=64)
    _representatives(draft)
    return draft


def _referral_number(doc: dict[str, Any], source: str) -> str | None:
    """``court_case_no``: the referring court's or commission's case number, required for a
    referral (the station reports back under it, and the 结案报告 names it)."""
    number = _text(doc, "court_case_no", "", limit=64)
    if number is None and source in REFERRAL_SOURCES:
        raise ValidationError(
            f"{vocab.SOURCES[source]}的案件须填写委托机关案号（法院或仲裁委的案号）",
            f"court_case_no (the referring body's case number) is required for {source} "
            "cases", "court_case_no")
    return number


def _procedure(doc: dict[str, Any], source: str) -> str | None:
    """``court_procedure``: only for court-entrusted cases (default ordinary), never dropped."""
    given = doc.get("court_procedure")
    if source != "court_entrusted":
        if given is not None:
            raise ValidationError("只有法院委托的案件填写审理程序",
                                  "court_procedure applies to court_entrusted cases only",
                                  "court_procedure")
        return None
    return vocab.check_code(vocab.COURT_PROCEDURES, "ordinary" if given is None else given,
                            "court_procedure", "审理程序")


def _employment(doc: dict[str, Any], draft: CaseDraft, today: date) -> None:
    """Whether the labour relation continues, or the day it ended (LDMAL 27 ¶4)."""
    draft.employment_ongoing = _flag(doc, "employment_ongoing", "")
    if doc.get("employment_ended_on") is None:
        return
    if draft.employment_ongoing:
        raise ValidationError("劳动关系仍存续时不应填写劳动关系终止日期",
                              "employment_ended_on contradicts employment_ongoing true",
                              "employment_ended_on")
    draft.employment_ended_on = parse_date(doc["employment_ended_on"], "employment_ended_on",
                                           today=today)


def _representatives(draft: CaseDraft) -> None:
    """R14: 3–5 representatives is BAGZ's rule for arbitration; here only a warning."""
    reps = sum(1 for p in draft.parties if p.representative)
    if "collective" not in draft.flags or REPRESENTATIVES[0] <= reps <= REPRESENTATIVES[1]:
        return
    if reps:
        draft.warnings.append(f"集体争议代表一般为3至5名，现为 {reps} 名 / a collective dispute "
                              f"usually has 3-5 representatives, this one has {reps}")
    else:
        draft.warnings.append("集体争议尚未推举代表（一般为3至5名） / no representatives (3-5) "
                              "chosen yet for a collective dispute")


def _identity_key(p: PartyDraft) -> tuple[str, ...] | None:
    if p.id_number:
        return ("id", p.id_type or "", p.id_number)
    if p.uscc:
        return ("uscc", p.uscc)
    return None


def check_duplicates(parties: list[PartyDraft]) -> None:
    """Refuse a party listed twice: the same ID number or credit code anywhere, or the same
    name without any ID on the same side (one worker listed ten times is not a collective).

    Raises:
        ValidationError: e.g. ``applicants[3].id_number`` duplicates ``applicants[0]``
            (the Chinese message says 与第1名申请人相同).
    """
    seen: dict[tuple[str, ...], tuple[str, str]] = {}
    counters = {"applicant": 0, "respondent": 0}
    for p in parties:
        here = f"{p.side}s[{counters[p.side]}]"
        counters[p.side] += 1
        ident = _identity_key(p)
        key, field_name = (ident, "id_number" if ident[0] == "id" else "uscc") if ident \
            else (("name", p.side, p.name), "name")
        if key in seen:
            first, label = seen[key]
            raise ValidationError(f"当事人重复：与{label}相同",
                                  f"duplicate party: same as {first}",
                                  f"{here}.{field_name}")
        seen[key] = here, f"第{counters[p.side]}名{SIDE_LABELS[p.side]}"


def mediation_from_negotiation(draft: CaseDraft, *, negotiation_case_no: str,
                               received_on: date) -> CaseDraft:
    """The new mediation case a declined, failed or unperformed negotiation goes on to (转调解).

    The parties, claims and facts carry over; the source is an application received on
    ``received_on``, linked to the negotiation by its case number.
    """
    return replace(draft, source="application", received_on=received_on,
                   linked_case_no=negotiation_case_no, warnings=[],
                   parties=[replace(p) for p in draft.parties],
                   claims=[replace(c) for c in draft.claims], flags=list(draft.flags))
