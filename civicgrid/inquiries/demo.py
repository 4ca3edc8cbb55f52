"""Demo data for online inquiries in 渌口区: categories with their departments, a few department
approvers and a second resident, and questions in every state (published ones searchable).

Runs after regions, accounts, registry and events are seeded. Idempotent: a second run adds
nothing. Questions go through the actions (ask, assign, answer, publish, rate) so that their
timelines, deadlines and masked public texts are real; only the dates are then spread over the
past weeks so that the public list looks lived in.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from civicgrid.accounts.demo import DEMO_PASSWORD, DemoLogin
from civicgrid.accounts.models import Department, Role, User
from civicgrid.regions.models import Level, Region

from .actions import (
    Question,
    answer_inquiry,
    ask_inquiry,
    assign_inquiry,
    publish_inquiry,
    rate_inquiry,
    reject_inquiry,
)
from .models import Category, Inquiry

CATEGORIES = [
    ("CXJS", "城乡建设", "区住房和城乡建设局", 5),
    ("JTCX", "交通出行", "区交通运输局", 5),
    ("JY", "教育", "区教育局", 5),
    ("YLWS", "医疗卫生", "区卫生健康局", 5),
    ("SHBZ", "社会保障", "区民政局", 5),
    ("HJBH", "环境保护", "区生态环境分局", 5),
    ("SCJG", "市场监管", "区市场监督管理局", 5),
    ("NYNC", "农业农村", "区农业农村局", 7),
    ("ZA", "治安", "区公安分局", 3),
    ("QT", "其他", "", 5),
]

APPROVERS = [
    ("zhujian", "区住房和城乡建设局", "何住建"),
    ("jiaotong", "区交通运输局", "钱交通"),
    ("jiaoyu", "区教育局", "许教育"),
    ("weijian", "区卫生健康局", "周卫健"),
    ("minzheng", "区民政局", "冯民政"),
    ("huanbao", "区生态环境分局", "吕环保"),
    ("shichang", "区市场监督管理局", "孙市监"),
    ("nongye", "区农业农村局", "施农业"),
]

RESIDENTS = [("resident2", "王芳", "13900000002"), ("resident3", "刘建国", "13900000003")]

# (category, town index or None, title, question, answer or "", final state, public)
QUESTIONS: list[tuple[str, int | None, str, str, str, str, bool]] = [
    (
        "CXJS",
        0,
        "渌口镇老旧小区改造什么时候开始？",
        "我家住渌口镇建设路老粮站宿舍，楼道墙皮脱落、雨水管破裂，听说今年有老旧小区改造，请问我们小区在不在名单里，什么时候开工？",
        "您好！渌口镇建设路老粮站宿舍已列入今年老旧小区改造计划，改造内容包括屋面防水、雨污分流、楼道粉刷和路灯更换，预计下月中旬进场施工，工期约四个月。施工前社区将召开居民会议征求意见。",
        "closed",
        True,
    ),
    (
        "JTCX",
        1,
        "南洲镇到株洲市区的公交车能否加密班次？",
        "南洲镇到株洲市区的公交车早上7点到8点之间只有两班，学生和上班的人都挤不上，能否在早高峰加密班次？",
        "您好！经与公交公司协商，自下月1日起，南洲镇至株洲市区线路早高峰（6:30—8:30）发车间隔由30分钟缩短为15分钟，并增开一班学生专线。感谢您的建议。",
        "closed",
        True,
    ),
    (
        "JY",
        None,
        "今年秋季小学一年级入学报名时间和材料？",
        "孩子今年满六周岁，户口在渌口区，请问秋季一年级入学报名什么时候开始，需要准备哪些材料？",
        "您好！今年秋季小学一年级报名时间为7月10日至7月20日，实行网上报名。需准备：户口簿、不动产权证或租房备案证明、儿童预防接种证。具体学区划分请关注区教育局公众号发布的招生公告。",
        "closed",
        True,
    ),
    (
        "YLWS",
        2,
        "淦田镇卫生院能不能开通医保异地结算？",
        "我是外地医保，在淦田镇务工，到淦田镇卫生院看病不能直接刷医保卡，请问什么时候能开通异地就医直接结算？",
        "您好！淦田镇卫生院已于本月完成跨省异地就医直接结算系统对接，参保人员办理异地就医备案后即可在卫生院直接结算门诊和住院费用。备案可通过国家医保服务平台APP办理。",
        "published",
        True,
    ),
    (
        "SHBZ",
        3,
        "古岳峰镇高龄老人补贴什么时候发放？",
        "我父亲今年八十二岁，住古岳峰镇，听说八十岁以上老人有高龄补贴，请问怎么申请，什么时候发放？",
        "您好！年满80周岁的本区户籍老人可申领高龄津贴，由本人或家属持身份证、户口簿到村（社区）申请，经镇民政办审核后按季度发放至老人社保卡。如有疑问可拨打民政局电话0731-22881234咨询。",
        "closed",
        True,
    ),
    (
        "HJBH",
        4,
        "朱亭镇湘江边有企业夜间排放黑烟",
        "朱亭镇湘江边的一家砖厂经常在晚上十点以后排放黑烟，气味很刺鼻，严重影响附近居民休息，请环保部门查处。",
        "您好！接到反映后，区生态环境分局执法人员于夜间突击检查，发现该砖厂脱硫设施未正常运行，已责令立即停产整改并依法立案处罚。整改完成前不得恢复生产，我局将持续跟踪。",
        "closed",
        True,
    ),
    (
        "SCJG",
        0,
        "渌口镇农贸市场有商户缺斤短两",
        "在渌口镇农贸市场东门买菜，回家称了一下少了二两多，请市场监管部门管一管。",
        "您好！我局已对渌口镇农贸市场开展计量器具专项检查，查处不合格电子秤3台，对相关商户立案调查，并在市场设立公平秤。欢迎群众继续监督。",
        "published",
        True,
    ),
    (
        "NYNC",
        5,
        "龙船镇水稻种植补贴发放标准是多少？",
        "我在龙船镇种了四十亩双季稻，请问今年的耕地地力保护补贴和双季稻补贴标准是多少，什么时候到账？",
        "您好！今年耕地地力保护补贴标准为每亩105元，双季稻生产补贴为每亩50元（早稻、晚稻各25元），经村组公示、镇审核后于9月底前通过“一卡通”发放。",
        "closed",
        True,
    ),
    (
        "ZA",
        6,
        "龙门镇中学门口上下学时段交通秩序混乱",
        "龙门镇中学门口每天放学时摩托车、电动车乱停乱放，还有人逆行，孩子过马路很危险，建议派交警维护秩序。",
        "您好！龙门派出所已协调交警中队在上下学高峰时段安排警力护学，并在学校门口增设减速带和临时停车区。请家长配合有序接送。",
        "closed",
        True,
    ),
    (
        "CXJS",
        7,
        "龙潭镇安置小区不动产证什么时候能办？",
        "我们龙潭镇安置小区交房已经三年了，还没办下不动产证，孩子上学要用，请问什么时候能办？",
        "您好！该安置小区因部分手续未完善导致办证延迟，目前已完成土地出让和竣工验收备案，预计本季度末集中办理首次登记，之后即可分户办证。",
        "published",
        True,
    ),
    (
        "JTCX",
        None,
        "S211渌口段路面坑洼多",
        "S211省道渌口段靠近加油站的路段有多处坑洼，下雨积水，晚上骑车很危险，请尽快修补。",
        "您好！我局已安排养护队对该路段进行坑槽修补，共修补坑槽12处约300平方米，并对排水沟进行了清淤。",
        "published",
        True,
    ),
    (
        "YLWS",
        0,
        "家庭医生签约服务包括哪些内容？",
        "听说可以签约家庭医生，请问签约后有哪些服务，收费吗？老人和慢性病人有没有优惠？",
        "您好！家庭医生签约基础服务包免费，包括健康档案管理、每年一次健康体检（65岁以上老人）、慢性病随访、用药指导等。可到所在镇卫生院或村卫生室签约。",
        "closed",
        True,
    ),
    (
        "SHBZ",
        1,
        "残疾人两项补贴如何申请？",
        "我哥哥是二级肢体残疾，住南洲镇，请问残疾人生活补贴和护理补贴怎么申请？",
        "",
        "assigned",
        True,
    ),
    (
        "HJBH",
        2,
        "淦田镇养猪场臭味扰民",
        "淦田镇某村附近养猪场臭味很大，夏天根本不能开窗，粪水还流进了水沟。",
        "",
        "answered",
        True,
    ),
    (
        "JY",
        3,
        "古岳峰镇中心小学能否开设课后延时服务？",
        "双职工家庭下午四点接不了孩子，古岳峰镇中心小学能不能开设课后延时服务？",
        "",
        "submitted",
        True,
    ),
    (
        "QT",
        None,
        "渌口区政务服务中心周末能办业务吗？",
        "平时上班没时间，请问区政务服务中心周末有没有窗口可以办理社保和户籍业务？",
        "",
        "submitted",
        True,
    ),
    (
        "ZA",
        4,
        "小区楼下电动车充电隐患",
        "我们朱亭镇安置小区有住户从楼上拉电线给电动车充电，存在火灾隐患，电话13812345678，请派人来看看。",
        "",
        "assigned",
        False,
    ),
    (
        "SCJG",
        5,
        "网购退款纠纷",
        "我在本地一家网店买的家电有质量问题，商家拒绝退款，身份证430212199001011234，请帮忙调解。",
        "",
        "rejected",
        False,
    ),
]


def _accounts() -> int:
    password = make_password(DEMO_PASSWORD)
    made = 0
    for username, department_name, full_name in APPROVERS:
        department = Department.objects.filter(name=department_name).first()
        if department is None:
            continue
        _, created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password,
                "role": Role.APPROVER,
                "department": department,
                "full_name": full_name,
            },
        )
        made += created
    for username, full_name, phone in RESIDENTS:
        _, created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password,
                "role": Role.RESIDENT,
                "full_name": full_name,
                "phone": phone,
            },
        )
        made += created
    return made


def demo_logins() -> list[DemoLogin]:
    """The answering departments' approvers and the two extra residents, for the demo's list."""
    names = [a[0] for a in APPROVERS] + [r[0] for r in RESIDENTS]
    rows = User.objects.filter(username__in=names).select_related("department")
    return [
        DemoLogin(u.username, u.get_role_display(), u.department.name if u.department else "")
        for u in rows
    ]


def _categories() -> int:
    made = 0
    for order, (code, name, department_name, days) in enumerate(CATEGORIES, start=1):
        department = Department.objects.filter(name=department_name).first()
        _, created = Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "department": department,
                "time_limit_days": days,
                "order": order,
            },
        )
        made += created
    return made


def _questions(rng: random.Random) -> int:
    if Inquiry.objects.exists():
        return 0
    towns = list(Region.objects.filter(level=Level.TOWN).order_by("code"))
    reviewer = User.objects.filter(role=Role.REVIEWER, username="reviewer").first()
    askers = list(User.objects.filter(role=Role.RESIDENT).order_by("username")[:4])
    if reviewer is None or not askers:
        return 0
    made = 0
    for index, (code, town, title, body, answer, state, public) in enumerate(QUESTIONS):
        asker = askers[index % len(askers)]
        region = towns[town].code if town is not None and town < len(towns) else ""
        inquiry = ask_inquiry(asker, Question(title, body, code, public, region))
        made += 1
        if state == "rejected":
            reject_inquiry(reviewer, inquiry, "属于民事纠纷，请向12315或人民法院反映。")
        if state in ("submitted", "rejected"):
            continue
        department = inquiry.category.department or Department.objects.get(name="区公安分局")
        assign_inquiry(reviewer, inquiry, department)
        approver = User.objects.filter(role=Role.APPROVER, department=department).first()
        if state == "assigned" or approver is None:
            continue
        answer_inquiry(
            approver, inquiry, answer or "您好！已安排工作人员现场核查，处理结果将尽快答复。"
        )
        if state == "answered":
            continue
        publish_inquiry(reviewer, inquiry)
        if state == "closed":
            rate_inquiry(inquiry.asker, inquiry, rng.choice([4, 5, 5, 5, 3]), "")
        # Spread the published questions over the past weeks (the dates only).
        days = timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 8))
        Inquiry.objects.filter(pk=inquiry.pk).update(
            submitted_at=inquiry.submitted_at - days,
            published_at=inquiry.published_at - days + timedelta(days=rng.randint(1, 3)),
        )
    return made


@transaction.atomic
def seed(log: Callable[..., Any] = print) -> int:
    """Seed categories, demo accounts and questions; returns how many rows were added."""
    rng = random.Random(430212)
    made = _accounts() + _categories()
    questions = _questions(rng)
    if questions:
        log(f"  inquiries: {questions} questions in {Category.objects.count()} categories")
    return made + questions
