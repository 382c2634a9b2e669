"""Realistic synthetic people, employers and disputes for demo stations and benchmarks.

Everything is drawn from a seeded ``random.Random`` so a demo is reproducible.
ID numbers and credit codes carry valid check digits; names, places and
amounts look like those a township mediation centre sees.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.domain import validators

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
            "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
            "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海波斌凤"
         "俊峰浩宇欣怡子涵梓轩诗雨文博晨阳思远佳琪雪梅春燕淑珍立新德胜永福金山小龙晓东")
# Real county-level codes (GB/T 2260) around a few cities; some of them abolished since.
DIVISIONS = ("370102", "370103", "370104", "370105", "370112", "370113", "370181", "370124",
             "110105", "110108", "110103", "320106", "320103", "330106", "330110", "440305",
             "500103", "500112", "220102", "220104", "410105", "420106", "510107", "610113")
PLACES = ("历下", "市中", "槐荫", "天桥", "历城", "长清", "章丘", "平阴", "高新", "城关", "东关",
          "西城", "南郊", "北园", "新城")
BRANDS = ("鑫达", "恒通", "华宇", "瑞丰", "宏远", "金桥", "顺安", "福源", "安泰", "众诚", "利民",
          "永盛", "博远", "兴旺", "天成", "佳禾", "盛世", "和信", "嘉禾", "通达")
INDUSTRIES = ("建筑工程", "劳务", "机械制造", "食品加工", "物流", "餐饮管理", "物业服务",
              "纺织服装", "电子科技", "家政服务", "汽车维修", "商贸", "保洁服务", "装饰工程",
              "网络科技", "人力资源")
CLAIM_ITEMS = {
    "wages": ("拖欠工资", 300_000, 3_000_000),
    "compensation": ("经济补偿金", 500_000, 6_000_000),
    "social_insurance": ("补缴社会保险费", 200_000, 2_000_000),
    "injury_medical": ("工伤医疗费", 500_000, 8_000_000),
    "working_time": ("加班费", 100_000, 1_500_000),
    "contract_termination": ("违法解除劳动合同赔偿金", 800_000, 8_000_000),
    "labour_relation": ("确认劳动关系", 0, 0),
}
SUMMARY = {
    "wages": "申请人在被申请人处从事{job}工作，被申请人拖欠{months}个月工资未付，"
             "申请人多次催要未果。",
    "compensation": "被申请人以经营困难为由与申请人解除劳动合同，未支付经济补偿。",
    "social_insurance": "被申请人未依法为申请人缴纳社会保险费，申请人要求补缴。",
    "injury_medical": "申请人在工作中受伤，被申请人未支付工伤医疗费用。",
    "working_time": "申请人长期加班，被申请人未按规定支付加班费。",
    "contract_termination": "被申请人未提前通知即解除与申请人的劳动合同，申请人认为属违法解除。",
    "labour_relation": "申请人通过平台接单配送，双方对是否存在劳动关系有争议。",
}
JOBS = ("钢筋工", "瓦工", "保洁", "厨师", "仓库管理", "司机", "缝纫工", "保安", "快递员", "电工")


def person_name(rng: random.Random) -> str:
    """A Chinese name: mostly two or three characters."""
    size = rng.choices((1, 2), weights=(55, 45))[0]
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(size))


def mobile(rng: random.Random) -> str:
    """A mobile number with a real prefix."""
    return rng.choice(("138", "139", "150", "151", "186", "187", "135", "177", "199")) + \
        f"{rng.randrange(10**8):08d}"


def employer(rng: random.Random) -> dict[str, Any]:
    """An employer party with a valid USCC."""
    division = rng.choice(DIVISIONS)
    name = f"济南{rng.choice(PLACES)}{rng.choice(BRANDS)}{rng.choice(INDUSTRIES)}有限公司"
    return {"kind": "employer", "name": name,
            "uscc": validators.make_uscc(rng, division_code=division),
            "legal_rep": person_name(rng), "phone": mobile(rng),
            "address": f"济南市{rng.choice(PLACES)}区{rng.choice(BRANDS)}路{rng.randint(1, 300)}号"}


def worker(rng: random.Random, today: date) -> dict[str, Any]:
    """A worker aged 18–65 with a valid resident ID."""
    birth = today - timedelta(days=rng.randint(18 * 365, 65 * 365))
    male = rng.random() < 0.6
    return {"kind": "worker", "name": person_name(rng), "id_type": "resident_id",
            "id_number": validators.make_resident_id(rng, birth=birth,
                                                     address_code=rng.choice(DIVISIONS),
                                                     male=male),
            "phone": mobile(rng), "address": f"山东省济南市{rng.choice(PLACES)}区"}


def case_document(rng: random.Random, received_on: date, today: date) -> dict[str, Any]:
    """One case in the interchange format (docs/case-format.md)."""
    kind = rng.choices(list(CLAIM_ITEMS), weights=(50, 12, 10, 6, 8, 10, 4))[0]
    collective = rng.random() < 0.04
    workers = [worker(rng, today) for _ in range(rng.randint(10, 14) if collective else
                                                 rng.choices((1, 2, 3), (85, 10, 5))[0])]
    if collective:
        for w in workers[:rng.randint(3, 5)]:
            w["representative"] = True
    item, low, high = CLAIM_ITEMS[kind]
    amount = rng.randrange(low, high + 1, 100) if high else 0
    respondents = [employer(rng)]
    flags = []
    if rng.random() < 0.08:
        agency = employer(rng)
        agency["role"] = "dispatch_agency"
        respondents[0]["role"] = "employing_unit"
        respondents.insert(0, agency)
    if kind in ("wages", "injury_medical") and rng.random() < 0.7:
        flags.append("migrant_workers")
    if kind == "labour_relation":
        flags.append("new_employment_forms")
    source = rng.choices(("application", "oral_application", "court_delegated",
                          "court_entrusted", "arbitration_entrusted", "negotiation"),
                         (70, 8, 6, 4, 6, 6))[0]
    doc: dict[str, Any] = {
        "source": source, "received_on": received_on.isoformat(),
        "dispute_arose_on": (received_on - timedelta(days=rng.randint(5, 200))).isoformat(),
        "dispute_types": [kind], "flags": flags,
        "summary": SUMMARY[kind].format(job=rng.choice(JOBS), months=rng.randint(2, 8)),
        "claims": [{"item": item, "amount_fen": amount * len(workers)}],
        "applicants": workers, "respondents": respondents,
    }
    if source == "court_entrusted":
        doc["court_procedure"] = rng.choice(("ordinary", "simple"))
    if source.startswith("court"):
        doc["court_case_no"] = f"（{received_on.year}）鲁0102民诉前调{rng.randint(100, 9999)}号"
    elif source == "arbitration_entrusted":  # the commission's number (委托机关案号)
        # Drawn from what the case already has, not from rng: a seed keeps giving the same
        # demo it gave before arbitration referrals carried their number.
        number = 100 + (received_on.toordinal() * 7 + amount + len(workers)) % 9900
        doc["court_case_no"] = f"济历劳人仲案字〔{received_on.year}〕第{number}号"
    return doc
