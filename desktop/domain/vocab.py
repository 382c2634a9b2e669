"""Controlled vocabularies: stable English codes with Chinese labels.

Codes are what files, the database and scripts use; labels are what people
read.  Adding a code is a compatible change, renaming one is not.
"""

from __future__ import annotations

from desktop.domain.errors import ValidationError
from desktop.domain.text import shorten

# 争议类型 — LDMAL art. 2 and BAGZ art. 2 (DOMAIN.md §5).
DISPUTE_TYPES: dict[str, str] = {
    "labour_relation": "确认劳动关系",
    "contract": "订立、履行、变更劳动合同",
    "contract_termination": "解除、终止劳动合同",
    "dismissal": "除名、辞退、辞职、离职",
    "working_time": "工作时间、休息休假",
    "social_insurance": "社会保险",
    "welfare": "福利、培训、劳动保护",
    "wages": "劳动报酬",
    "injury_medical": "工伤医疗费",
    "compensation": "经济补偿、赔偿金",
    "personnel": "人事争议",
    "other": "其他",
}

# 案件来源.
SOURCES: dict[str, str] = {
    "application": "当事人申请",
    "oral_application": "口头申请",
    "proactive": "主动调解",
    "arbitration_entrusted": "仲裁委托",
    "court_delegated": "法院委派",
    "court_entrusted": "法院委托",
    "platform": "平台转入",
    "negotiation": "协商和解",
}

# 法院委托调解的程序 (TY2016 art. 20: 15 days 普通程序, 7 days 简易程序).
COURT_PROCEDURES: dict[str, str] = {"ordinary": "普通程序", "simple": "简易程序"}

PARTY_KINDS: dict[str, str] = {"worker": "劳动者", "employer": "用人单位", "agent": "代理人"}

# Roles of a party beyond its kind: joint employer parties under LDMAL art. 22.
PARTY_ROLES: dict[str, str] = {
    "dispatch_agency": "劳务派遣单位",
    "employing_unit": "用工单位",
    "representative": "集体争议代表",
}

ID_TYPES: dict[str, str] = {
    "resident_id": "居民身份证",
    "hmt_residence_permit": "港澳台居民居住证",
    "foreign_permanent_residence": "外国人永久居留身份证",
    "passport": "护照",
}

# Flags: computed ones (collective) and key groups (重点群体).
FLAGS: dict[str, str] = {
    "collective": "集体争议",
    "major_collective": "重大集体争议",
    "migrant_workers": "农民工",
    "labour_dispatch": "劳务派遣",
    "new_employment_forms": "新就业形态",
    "graduates": "高校毕业生",
    "public_institution": "事业单位",
}

ORG_TYPES: dict[str, str] = {
    "enterprise_committee": "企业劳动争议调解委员会",
    "township_center": "乡镇（街道）劳动人事争议调解中心",
    "arbitration_center": "仲裁院调解中心",
    "chamber_committee": "商（协）会调解组织",
    "sector_regional": "行业性、区域性调解组织",
    "people_mediation": "人民调解组织",
}

# 调解建议书: to an employer about compliance problems, or an invitation to mediate.
ADVICE_SUBTYPES: dict[str, str] = {"compliance": "整改建议", "invitation": "邀请调解"}

# 履约能力评估 grades (seed 000 §十二; levels are the station's practice).
CAPACITY_GRADES: dict[str, str] = {"low": "低风险", "medium": "中风险", "high": "高风险"}

REVIEW_RESULTS: dict[str, str] = {"granted": "准予", "refused": "不予"}
OUTCOME_REVIEW_RESULTS: dict[str, str] = {"approved": "审核通过", "returned": "退回补正"}
DELEGATION_MODES: dict[str, str] = {"delegated": "委派", "entrusted": "委托"}
ADVICE_FEEDBACK: dict[str, str] = {"rectified": "已整改", "partly_rectified": "部分整改",
                                   "not_rectified": "未整改", "accepted": "同意调解",
                                   "declined": "不同意调解"}

# How the 15-day mediation period is counted: from receipt (LDMAL 14 ¶3) or, for an
# enterprise committee under 17号令, from acceptance (DOMAIN.md §7.12).
MEDIATION_BASES: dict[str, str] = {"received": "自收到申请之日起", "accepted": "自受理之日起"}

ROLES: dict[str, str] = {"admin": "管理员", "mediator": "调解员", "viewer": "只读用户"}


def check_code(vocabulary: dict[str, str], code: object, where: str, what_zh: str) -> str:
    """Return ``code`` if it belongs to ``vocabulary``, else raise a clear error."""
    if isinstance(code, str) and code in vocabulary:
        return code
    raise unknown_code(vocabulary, code, where, what_zh)


def unknown_code(vocabulary: dict[str, str], code: object, where: str | None,
                 what_zh: str) -> ValidationError:
    """The error for a code outside ``vocabulary``; the given value is echoed shortened."""
    allowed = ", ".join(vocabulary)
    shown = shorten(code)
    return ValidationError(
        f"未知的{what_zh}代码“{shown}”，可用：{allowed}",
        f"unknown code {shown}; allowed: {allowed}",
        where,
    )
