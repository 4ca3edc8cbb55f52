"""Demo ballots for 渌口区: the district congress's 2026 ballot (12 candidates, 10 chosen,
published, projects under way), its 2027 ballot open to the demo deputy, and a town ballot of
渌口镇. Votes are cast through the actions by generated deputies. Idempotent."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from civicgrid.accounts.demo import DEMO_PASSWORD
from civicgrid.accounts.models import Department, Role, User
from civicgrid.regions.models import Level, Region

from . import actions
from .models import Ballot, Session

DISTRICT_SESSION = "渌口区第十八届人民代表大会第三次会议"
TOWN_SESSION = "渌口镇第十八届人民代表大会第三次会议"

# (title, description, budget in 万元, responsible department)
CANDIDATES_2026 = [
    (
        "城区老旧小区改造",
        "改造渌口镇城区老旧小区12个，完善水电气、加装电梯和停车设施。",
        "3200",
        "区住房和城乡建设局",
    ),
    ("农村公路提质改造", "实施农村公路提质改造60公里，完成危桥改造8座。", "4500", "区交通运输局"),
    ("城乡供水一体化", "新建南洲镇、淦田镇供水管网，解决2.3万人饮水安全。", "2800", "区水利局"),
    ("义务教育学校扩容", "新建渌口镇第二小学教学楼，新增学位1080个。", "5600", "区教育局"),
    ("乡镇卫生院提质", "朱亭镇、龙船镇卫生院改扩建，配置DR、彩超等设备。", "1900", "区卫生健康局"),
    ("社区居家养老服务", "建设社区嵌入式养老服务中心6个，开展助餐助浴服务。", "800", "区民政局"),
    ("雪亮工程补点", "在城区及集镇新增高清视频监控点位600个。", "1200", "区公安分局"),
    ("农村人居环境整治", "实施农村厕所改造3000户，建设垃圾分类收集点。", "1500", "区农业农村局"),
    ("城区停车场建设", "新建公共停车场4处，新增停车位1200个。", "2100", "区城市管理和综合执法局"),
    ("就业技能培训", "开展技能培训5000人次，新增城镇就业2500人。", "600", "区人力资源和社会保障局"),
    ("渌江风光带建设", "建设渌江沿岸健身步道8公里及配套设施。", "2600", "区文化旅游广电体育局"),
    ("农贸市场提质", "改造龙门镇、龙潭镇农贸市场，规范经营秩序。", "900", "区商务局"),
]
CANDIDATES_2027 = [
    (
        "城区雨污分流改造",
        "实施城区雨污分流改造15公里，消除内涝点5处。",
        "3800",
        "区住房和城乡建设局",
    ),
    ("公交线路延伸", "开通城乡公交新线路4条，覆盖古岳峰镇、龙门镇。", "700", "区交通运输局"),
    ("中小学食堂改造", "改造农村中小学食堂20所，实施明厨亮灶。", "1100", "区教育局"),
    ("基层医疗人才引进", "为乡镇卫生院引进全科医生30名。", "500", "区卫生健康局"),
    ("残疾人康复服务", "为800名残疾人提供精准康复服务及辅具适配。", "300", "区民政局"),
    ("智慧消防建设", "为高层住宅和九小场所安装独立式烟感报警器1万个。", "650", "区公安分局"),
    ("高标准农田建设", "新建高标准农田2万亩。", "3000", "区农业农村局"),
    ("城区公厕改造", "新建改造城区公厕20座。", "400", "区城市管理和综合执法局"),
    ("全民健身场地", "建设村级健身广场30个。", "450", "区文化旅游广电体育局"),
    ("便民服务中心提质", "8个镇便民服务中心适老化改造和自助终端配置。", "350", "区行政审批服务局"),
    ("农村电商服务站", "建设村级电商服务站50个。", "250", "区商务局"),
    ("防汛能力提升", "加固渌江堤防3公里，新建排涝泵站2座。", "2900", "区水利局"),
]
TOWN_CANDIDATES = [
    ("集镇污水管网", "新建集镇污水管网5公里。", "600", "", "渌口镇人民政府"),
    ("村级文化广场", "建设3个村级文化广场。", "180", "", "渌口镇人民政府"),
    ("渡口码头改造", "改造渌口古渡码头及候船亭。", "220", "区交通运输局", ""),
    ("集镇路灯亮化", "新增集镇路灯300盏。", "150", "", "渌口镇人民政府"),
    ("留守儿童之家", "建设留守儿童之家4个。", "90", "区民政局", ""),
    ("农村饮水提质", "改造村级供水站2座。", "260", "区水利局", ""),
    ("集贸市场改造", "改造渌口镇集贸市场。", "300", "区商务局", ""),
    ("老年活动中心", "新建镇老年活动中心。", "200", "区民政局", ""),
]
DISTRICT_DEPUTIES = 39  # + the demo login "deputy": 40 on the roster
TOWN_DEPUTIES = 15
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗谭彭易邓曾"
GIVEN = "建国明华丽娟志强秀英伟军红梅海燕立新春生桂兰德胜文杰小平玉兰"


def seed(log: Callable[..., Any] = print) -> int:
    """Seed the demo ballots once; returns how many ballots were created (0 on a second run)."""
    if Session.objects.filter(name=DISTRICT_SESSION).exists():
        return 0
    admin = User.objects.filter(role=Role.ADMINISTRATOR).order_by("pk").first()
    district = Region.objects.filter(level=Level.DISTRICT).order_by("code").first()
    town = (
        Region.objects.filter(level=Level.TOWN, name="渌口镇").first()
        or Region.objects.filter(level=Level.TOWN).order_by("code").first()
    )
    if admin is None or district is None or town is None:
        log("  ballots: regions and accounts must be seeded first")
        return 0
    rng = random.Random(2026)
    departments = {d.name: d for d in Department.objects.all()}
    district_deputies = _deputies("rd", DISTRICT_DEPUTIES, district, rng)
    town_deputies = _deputies("td", TOWN_DEPUTIES, town, rng)
    roster = ["deputy", *[u.username for u in district_deputies]]

    session = actions.create_session(
        admin, name=DISTRICT_SESSION, level="district", region=district
    )
    actions.add_deputies(admin, session, roster)
    town_session = actions.create_session(admin, name=TOWN_SESSION, level="town", region=town)
    actions.add_deputies(admin, town_session, [u.username for u in town_deputies])

    y2026 = _ballot(
        admin, session, "渌口区2026年民生实事项目票决", 10, CANDIDATES_2026, departments
    )
    actions.open_ballot(admin, y2026)
    voters = [User.objects.get(username="deputy"), *district_deputies]
    _vote_all(y2026, voters[:38], rng)
    _publish(admin, y2026)
    _progress(admin, y2026, rng)

    town_ballot = _ballot(
        admin,
        town_session,
        "渌口镇2026年民生实事项目票决",
        6,
        [(t, d, b, dept or "", unit) for t, d, b, dept, unit in TOWN_CANDIDATES],
        departments,
    )
    actions.open_ballot(admin, town_ballot)
    _vote_all(town_ballot, town_deputies, rng)
    _publish(admin, town_ballot)
    _progress(admin, town_ballot, rng)

    y2027 = _ballot(
        admin, session, "渌口区2027年民生实事项目票决", 10, CANDIDATES_2027, departments
    )
    actions.open_ballot(admin, y2027)
    _vote_all(y2027, district_deputies[:12], rng)
    names = ", ".join(u.username for u in (district_deputies[:2] + town_deputies[:1]))
    log(
        f"  ballots: 3 ballots; deputies rd001–rd{DISTRICT_DEPUTIES:03d}, "
        f"td001–td{TOWN_DEPUTIES:03d} ({names}, …)"
    )
    return 3


def _deputies(prefix: str, n: int, region: Region, rng: random.Random) -> list[User]:
    password = make_password(DEMO_PASSWORD)
    users = [
        User(
            username=f"{prefix}{i:03d}",
            password=password,
            role=Role.DEPUTY,
            scope_region=region,
            full_name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)),
        )
        for i in range(1, n + 1)
    ]
    User.objects.bulk_create(users, ignore_conflicts=True)
    return list(
        User.objects.filter(username__startswith=prefix, role=Role.DEPUTY).order_by("username")
    )


def _ballot(
    admin: User,
    session: Session,
    title: str,
    choose: int,
    rows: list[Any],
    departments: dict[str, Department],
) -> Ballot:
    now = timezone.now()
    ballot = actions.create_ballot(
        admin,
        session,
        title=title,
        choose=choose,
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(days=7),
    )
    for row in rows:
        title_, description, budget, department = row[:4]
        unit = row[4] if len(row) > 4 else ""
        actions.add_candidate(
            admin,
            ballot,
            title=title_,
            description=description,
            budget=Decimal(budget),
            department=departments.get(department) if department else None,
            unit=unit if not departments.get(department) else "",
        )
    return ballot


def _vote_all(ballot: Ballot, voters: list[User], rng: random.Random) -> None:
    """Each voter supports the popular candidates more often: a realistic spread of votes."""
    candidates = list(ballot.candidates.all())
    weight = {c.pk: 0.95 - 0.05 * i for i, c in enumerate(candidates)}
    for voter in voters:
        ranked = sorted(candidates, key=lambda c: -weight[c.pk] * rng.random())
        chosen = {c.pk for c in ranked[: ballot.choose]}
        marks = {}
        for c in candidates:
            if c.pk in chosen and rng.random() < 0.93:
                marks[str(c.pk)] = "for"
            else:
                marks[str(c.pk)] = "against" if rng.random() < 0.6 else "abstain"
        actions.cast_vote(voter, ballot, marks)


def _publish(admin: User, ballot: Ballot) -> None:
    actions.close_ballot(admin, ballot)
    actions.count_ballot(admin, ballot)
    actions.publish_ballot(admin, ballot)


NOTES = ["完成立项和招标", "进场施工", "主体工程完工", "完成验收", "投入使用"]


def _progress(admin: User, ballot: Ballot, rng: random.Random) -> None:
    start = date(timezone.localdate().year, 1, 15)
    for project in ballot.projects.select_related("candidate"):
        steps = rng.randint(0, len(NOTES))
        for i in range(steps):
            percent = 100 if i == len(NOTES) - 1 else min(95, (i + 1) * 20 + rng.randint(-5, 5))
            on = min(start + timedelta(days=45 * (i + 1)), timezone.localdate())
            actions.report_progress(
                admin, project, percent=max(percent, project.percent), note=NOTES[i], on=on
            )
