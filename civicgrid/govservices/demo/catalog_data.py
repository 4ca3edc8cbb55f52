"""Demo data for the service-item catalog (政务服务事项目录) of 渌口区, Zhuzhou, Hunan (430212).

Pure data, standard library only. The figures are modelled on the source district's published
catalog (2019): 930 items of 40 departments, 668 of them can be applied for online (网上可办),
158 are accepted at town (乡镇（街道）) service centres and 54 also at village (村（社区）)
service stations; every item is accepted at the district's comprehensive window. The names,
time limits and forms are realistic but illustrative, not the official catalog.

The items used by bundles (一件事一次办) are written out in full (``_FULL``); the rest are
one line each in ``_BLOCKS`` (``name|kind|legal/promised days|levels|online|form|basis|fee``)
or are expanded from per-department patterns (``patterns@objects|…``, every object with every
pattern), so the catalog is deterministic.

Item codes (事项编码) follow the shape of the national basic code, 12 digits::

    KK DDD SSSS 000
    KK   kind (事项类型), see KIND_CODES: 01 行政许可, 05 行政给付, 07 行政确认, 08 行政奖励,
         09 行政裁决, 10 其他行政权力, 20 公共服务 (the national order of power types; 行政处罚,
         行政强制, 行政征收 and 行政检查 (02, 03, 04, 06) are not service items)
    DDD  the department's position (1..40) in DEPARTMENTS
    SSSS the item's sequence within its department (bundle items first, then the lines in order)
    000  sub-item (子项), always 000 here
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

DISTRICT = "渌口区"
DIVISION_CODE = "430212"
FIGURES = {"items": 930, "departments": 40, "online": 668, "town": 158, "village": 54}

# The 40 departments in order: the position (1..40) is the DDD part of item codes.
DEPARTMENTS: tuple[str, ...] = tuple(
    """
区发展和改革局 区教育局 区科学技术和工业信息化局 区公安分局 区民政局 区司法局
区财政局 区人力资源和社会保障局 区自然资源局 区生态环境分局 区住房和城乡建设局
区交通运输局 区水利局 区农业农村局 区商务局 区文化旅游广电体育局 区卫生健康局
区退役军人事务局 区应急管理局 区审计局 区市场监督管理局 区统计局 区医疗保障局
区城市管理和综合执法局 区林业局 区行政审批服务局 区信访局 区数据资源局 区税务局
区残疾人联合会 区妇女联合会 区总工会 区不动产登记中心 区疾病预防控制中心
区住房公积金管理部 区消防救援大队 区乡村振兴局 区档案馆 区供销合作社 区气象局
""".split()
)

# 事项类型 → the 2-digit kind code that opens an item code.
KIND_CODES = {
    "licensing": "01",  # 行政许可
    "payment": "05",  # 行政给付
    "confirmation": "07",  # 行政确认
    "reward": "08",  # 行政奖励
    "adjudication": "09",  # 行政裁决
    "other_power": "10",  # 其他行政权力
    "public_service": "20",  # 公共服务
}
LEVELS = ("district", "town", "village")


@dataclass(frozen=True)
class FieldSpec:
    """One field of an application form (see ``civicgrid.govservices.formspec``)."""

    name: str
    label: str
    type: str
    required: bool = True
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    prefill: str = ""


@dataclass(frozen=True)
class MaterialSpec:
    """One material (申请材料); ``held`` ones the government already holds (免提交)."""

    name: str
    required: bool = True
    form: str = "copy"
    count: int = 1
    held: str = ""


@dataclass(frozen=True)
class ItemSpec:
    """One service item (政务服务事项); days are working days."""

    code: str
    name: str
    kind: str
    department: str
    legal_days: int
    promised_days: int
    fee: str = "0"
    levels: tuple[str, ...] = ("district",)
    online: bool = True
    steps: tuple[str, ...] = ("审查", "决定")
    fields: tuple[FieldSpec, ...] = ()
    materials: tuple[MaterialSpec, ...] = ()
    conditions: str = ""
    basis: str = ""


@dataclass(frozen=True)
class BundleSpec:
    """A bundle (一件事一次办): one form, one set of materials, parts by stage."""

    code: str
    name: str
    description: str
    items: tuple[tuple[str, int], ...]
    promised_days: int
    fields: tuple[FieldSpec, ...]
    materials: tuple[MaterialSpec, ...]


# --- field and material building blocks -------------------------------------------------------


def _text(name: str, label: str, max_length: int = 100, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, "text", required, max_length=max_length)


def _int(name: str, label: str, low: float, high: float, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, "integer", required, min=low, max=high)


def _dec(name: str, label: str, low: float, high: float, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, "decimal", required, min=low, max=high)


def _date(name: str, label: str, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, "date", required)


def _choice(name: str, label: str, choices: tuple[str, ...], required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, "choice", required, choices=choices)


def _idn(name: str, label: str, required: bool = True) -> FieldSpec:
    return FieldSpec(name, label, "id_number", required)


def _m(name: str, form: str = "copy", required: bool = True, count: int = 1) -> MaterialSpec:
    return MaterialSpec(name, required, form, count)


# fmt: off
APPLICANT_NAME = FieldSpec("applicant_name", "申请人姓名", "text", prefill="applicant.name")
APPLICANT_ID = FieldSpec("applicant_id_number", "申请人身份证号码", "id_number",
                         prefill="applicant.id_number")
APPLICANT_PHONE = FieldSpec("applicant_phone", "联系电话", "phone", prefill="applicant.phone")
HOUSEHOLD_NUMBER = FieldSpec("household_number", "户号", "text", prefill="household.number")
HOUSEHOLD_ADDRESS = FieldSpec("household_address", "户籍地址", "text",
                              prefill="household.address")
AGENT_NAME = replace(APPLICANT_NAME, label="经办人姓名")
AGENT_ID = replace(APPLICANT_ID, label="经办人身份证号码")
LEGAL_REP = FieldSpec("legal_representative", "法定代表人", "text", prefill="applicant.name")
LEGAL_REP_ID = FieldSpec("legal_representative_id_number", "法定代表人身份证号码", "id_number",
                         prefill="applicant.id_number")
CREDIT_CODE = _text("credit_code", "统一社会信用代码", 18)

ID_CARD = MaterialSpec("申请人居民身份证", held="id_card")
HOUSEHOLD_REGISTER = MaterialSpec("居民户口簿", held="household_register")
LEGAL_REP_ID_CARD = MaterialSpec("法定代表人身份证", held="id_card")
AGENT_ID_CARD = MaterialSpec("经办人身份证", held="id_card")
BUSINESS_LICENCE = _m("营业执照")

# Who applies: p a person, h a person and their household, e an enterprise, o an organisation.
_PROFILES: dict[str, tuple[tuple[FieldSpec, ...], tuple[MaterialSpec, ...]]] = {
    "p": ((APPLICANT_NAME, APPLICANT_ID, APPLICANT_PHONE), (_m("申请表", "original"), ID_CARD)),
    "h": ((APPLICANT_NAME, APPLICANT_ID, APPLICANT_PHONE, HOUSEHOLD_NUMBER, HOUSEHOLD_ADDRESS),
          (_m("申请表", "original"), ID_CARD, HOUSEHOLD_REGISTER)),
    "e": ((AGENT_NAME, AGENT_ID, APPLICANT_PHONE, _text("company_name", "企业名称"), CREDIT_CODE),
          (_m("申请书", "original"), BUSINESS_LICENCE, AGENT_ID_CARD)),
    "o": ((AGENT_NAME, AGENT_ID, APPLICANT_PHONE, _text("org_name", "单位名称"), CREDIT_CODE),
          (_m("申请函", "original"), AGENT_ID_CARD)),
}

NEWBORN_NAME = _text("newborn_name", "新生儿姓名", 30)
NEWBORN_SEX = _choice("newborn_sex", "新生儿性别", ("男", "女"))
NEWBORN_BIRTH_DATE = _date("newborn_birth_date", "出生日期")
BIRTH_PLACE = _text("birth_place", "出生地点（医院）", 100)
BIRTH_WEIGHT = _int("birth_weight", "出生体重（克）", 500, 6000)
OTHER_PARENT_NAME = _text("other_parent_name", "另一方父（母）姓名", 30)
OTHER_PARENT_ID = _idn("other_parent_id_number", "另一方父（母）身份证号码")
MAILING_ADDRESS = _text("mailing_address", "证件邮寄地址", 200)
DECEASED = (_text("deceased_name", "逝者姓名", 30), _idn("deceased_id_number", "逝者身份证号码"),
            _date("death_date", "死亡日期"))
BANK = (_text("bank_name", "开户银行"), _text("bank_account", "银行账号", 30))
BUSINESS_NAME = _text("business_name", "经营者名称（字号）")
BUSINESS_SCOPE = _text("business_scope", "经营范围", 500)
BUSINESS_ADDRESS = _text("business_address", "经营场所", 200)
BUSINESS_AREA = _dec("business_area", "经营面积（平方米）", 1, 10000)
FOOD_CATEGORY = _choice("food_category", "经营项目", (
    "预包装食品销售", "散装食品销售", "热食类食品制售", "冷食类食品制售", "糕点类食品制售",
    "自制饮品制售"))
DISABILITY_CATEGORY = _choice("disability_category", "残疾类别", (
    "视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"))
EMPLOYER = _text("employer_name", "工作单位")
PROJECT_NAME = _text("project_name", "项目名称")
HEALTH_CERTS = _m("从业人员健康证明")
FOOD_RULES = _m("食品安全管理制度", "original")
FLOOR_PLAN = _m("经营场所平面布局图")
PREMISES = _m("经营场所使用证明")
DEATH_CERT = _m("居民死亡医学证明（推断）书", "original")

# Extra fields and materials an item line asks for with ``profile:tag,tag``.
_EXTRAS: dict[str, tuple[tuple[FieldSpec, ...], tuple[MaterialSpec, ...]]] = {
    "address": ((_text("address", "地址", 200),), ()),
    "reason": ((_text("reason", "申请事由", 500),), ()),
    "project": ((PROJECT_NAME, _text("project_location", "建设地点", 200),
                 _dec("total_investment", "总投资（万元）", 0, 10000000)),
                (_m("项目申请（申报）材料", "original"),)),
    "building": ((_dec("building_area", "建筑面积（平方米）", 0, 1000000),),
                 (_m("设计图纸", "electronic"),)),
    "land": ((_text("land_location", "土地坐落", 200),
              _dec("land_area", "面积（平方米）", 0, 10000)),
             (_m("土地权属来源证明"),)),
    "house": ((_text("house_location", "房屋坐落", 200),
               _dec("house_area", "房屋面积（平方米）", 0, 10000)), (_m("房屋权属证明"),)),
    "realestate": ((_text("property_location", "不动产坐落", 200),
                    _dec("property_area", "面积（平方米）", 0, 10000),
                    _text("certificate_number", "不动产权证书号", 50, required=False)),
                   (_m("不动产权属来源证明材料"), _m("不动产权证书", "original", required=False))),
    "child": ((_text("child_name", "子女（学生）姓名", 30),
               _idn("child_id_number", "子女（学生）身份证号码"),
               _text("school_name", "就读学校", 100, required=False)), ()),
    "school": ((_text("graduate_school", "毕业院校"), _choice("education_level", "学历", (
                   "高中（中专）及以下", "大专", "本科", "研究生"))), (_m("学历（学位）证书"),)),
    "move": ((_text("move_from_address", "迁出地详细地址", 200),
              _choice("move_reason", "迁移原因", (
                  "投靠亲属", "务工就业", "购房", "升学", "婚嫁", "其他")),
              _int("moving_persons", "迁移人数", 1, 20)),
             (_m("合法稳定住所证明"), _m("户口迁移证明", "original", required=False))),
    "relation": ((_text("relative_name", "亲属姓名", 30),
                  _idn("relative_id_number", "亲属身份证号码"),
                  _choice("relationship", "与申请人关系", ("配偶", "父母", "子女", "其他亲属"))),
                 (_m("亲属关系证明"),)),
    "photo": ((_choice("delivery", "领取方式", ("窗口领取", "邮寄送达")),),
              (_m("数码相片回执", "electronic"),)),
    "vehicle": ((_text("plate_number", "号牌号码", 10, required=False),
                 _text("vin", "车辆识别代号", 17)),
                (_m("机动车行驶证", required=False), _m("车辆来历凭证", required=False))),
    "vehicles": ((_int("vehicle_count", "车辆数量", 1, 500),),
                 (_m("车辆行驶证"), _m("驾驶员从业资格证"))),
    "license_no": ((_text("license_number", "原证件编号", 30),),
                   (_m("原证件", "original", required=False),)),
    "event": ((_text("event_name", "活动名称"), _date("event_date", "活动日期"),
               _text("event_location", "活动地点", 200),
               _int("expected_attendance", "预计参加人数", 1, 100000)),
              (_m("活动方案", "original"), _m("安全工作方案", "original"))),
    "deceased": (DECEASED, (DEATH_CERT,)),
    "spouse": ((_text("spouse_name", "配偶姓名", 30), _idn("spouse_id_number", "配偶身份证号码")),
               ()),
    "married": ((), (_m("结婚证"),)),
    "bank": (BANK, (_m("银行卡（存折）"),)),
    "family": ((_int("family_size", "家庭人口数", 1, 20),
                _dec("monthly_income", "家庭月人均收入（元）", 0, 100000)),
               (_m("家庭收入和财产状况声明", "original"),
                _m("家庭经济状况核对授权书", "original"))),
    "disability": ((DISABILITY_CATEGORY, _choice("disability_grade", "残疾等级", (
                        "一级", "二级", "三级", "四级"))), (_m("残疾人证"),)),
    "assess": ((DISABILITY_CATEGORY,),
               (_m("近期免冠照片", "electronic"), _m("诊断证明", required=False))),
    "tree": ((_text("tree_species", "树种", 50),
              _dec("timber_volume", "蓄积或材积（立方米）", 0, 1000),
              _text("forest_location", "林木所在地", 200)), (_m("林木权属证明"),)),
    "food": ((BUSINESS_NAME, BUSINESS_ADDRESS, BUSINESS_AREA, FOOD_CATEGORY),
             (FLOOR_PLAN, FOOD_RULES, HEALTH_CERTS)),
    "shop": ((BUSINESS_NAME, BUSINESS_SCOPE, BUSINESS_ADDRESS), (PREMISES,)),
    "company": ((BUSINESS_SCOPE, _dec("registered_capital", "注册资本（万元）", 10, 100000),
                 _text("company_address", "住所", 200)),
                (_m("股东会决议或股东决定", "original"),)),
    "contract": ((_text("contract_name", "合同名称"),
                  _dec("contract_amount", "合同金额（万元）", 0, 1000000)), (_m("合同文本"),)),
    "medical": ((_text("institution_name", "医疗机构名称"),
                 _text("institution_address", "执业地址", 200),
                 _int("bed_count", "床位数", 0, 2000, required=False)),
                (_m("执业人员资格证书"),)),
    "livestock": ((_text("farm_location", "养殖场所地址", 200),
                   _choice("livestock_species", "畜禽种类", ("生猪", "牛", "羊", "家禽", "其他")),
                   _int("stock_count", "存栏数量（头、只）", 1, 100000)),
                  (_m("养殖场所平面图"),)),
    "water": ((_text("water_source", "取水水源及地点", 200),
               _dec("annual_water_use", "年取水量（万立方米）", 0, 10000)),
              (_m("建设项目水资源论证报告", "original"),)),
    "employment": ((EMPLOYER, _date("employment_date", "入职日期")), (_m("劳动合同"),)),
    "unemployment": ((EMPLOYER, _date("separation_date", "解除（终止）劳动关系日期")),
                     (_m("解除或终止劳动关系证明", "original"),)),
    "veteran": ((_date("enlist_date", "入伍时间"), _date("discharge_date", "退役时间")),
                (_m("退役证件"),)),
    "fund": ((_text("housing_fund_account", "住房公积金个人账号", 20),
              _dec("withdraw_amount", "申请金额（元）", 0, 1000000, required=False)), ()),
    "dispute": ((_text("respondent", "对方当事人"),
                 _text("dispute_summary", "争议事实和请求", 1000)),
                (_m("证据材料", required=False),)),
    "amount": ((_dec("amount", "金额（元）", 0, 100000000),), ()),
    "birth": ((_choice("child_order", "生育子女次序", ("第一个", "第二个", "第三个及以上")),
               _date("expected_birth_date", "预产期", required=False)), (_m("结婚证"),)),
    "area": ((BUSINESS_AREA,), ()),
    "equipment": ((_text("equipment_name", "设备名称"),
                   _text("equipment_location", "使用地点", 200),
                   _int("equipment_count", "数量（台、套）", 1, 99)), (_m("产品合格证明"),)),
}
# fmt: on

# --- the catalog, one line per item -----------------------------------------------------------
# name|kind|legal/promised|levels|online|profile:extras|basis|fee
#   kind: L 行政许可, C 行政确认, P 行政给付, A 行政裁决, R 行政奖励, O 其他行政权力, S 公共服务
#   levels: d district, t also town, v also town and village; online: 1 网上可办, 0 窗口办理
#   profile: p person, h person with household, e enterprise, o organisation (see _PROFILES),
#   extras: keys of _EXTRAS; basis: empty repeats the line above's; fee: yuan, default 0.
# A line whose name is "pattern;pattern@object;object" stands for every object with every
# pattern ("{}" is replaced by the object), in object order.
_BLOCKS: dict[str, str] = {
    "区发展和改革局": """
企业投资项目核准|L|20/5|d|1|e:project|《企业投资项目核准和备案管理条例》
企业投资项目备案|O|3/1|d|1|e:project
企业投资项目备案信息变更|O|3/1|d|1|e:project
政府投资项目{}@建议书审批;可行性研究报告审批;初步设计及概算审批|O|20/7|d|1|o:project|《政府投资条例》
固定资产投资项目节能审查|O|20/5|d|1|e:project|《固定资产投资项目节能审查办法》
粮食收购资格{}@认定;变更|L|15/5|d|1|e:address|《粮食流通管理条例》
粮食收购资格注销|O|10/3|d|1|e
涉案财物价格认定|O|15/7|d|0|o:reason|《价格认定规定》
价格争议调解处理|S|30/10|d|0|p:dispute
政府定价成本监审|O|60/30|d|0|e|《政府制定价格成本监审办法》
失信信息信用修复|S|15/5|d|1|e:reason|《社会信用体系建设规划纲要（2014—2020年）》
以工代赈项目申报|O|20/10|d|1|o:project|《国家以工代赈管理办法》
重点建设项目申报|O|20/10|d|1|e:project|《政府投资条例》
""",
    "区教育局": """
教师资格认定|L|60/20|d|0|p:school|《教师资格条例》
教师资格证书补发换发|S|20/5|d|1|p:license_no
中小学教师资格定期注册|O|30/10|d|1|p:school|《中小学教师资格定期注册暂行办法》
中小学教师职称评审推荐|O|30/15|d|1|p:school|《中华人民共和国教师法》
适龄儿童少年入学登记|S|10/3|t|1|h:child|《中华人民共和国义务教育法》
适龄儿童少年延缓入学审批|O|15/5|d|1|h:child,reason
适龄儿童少年免予入学审批|O|15/5|d|0|h:child,reason
适龄残疾儿童少年送教上门|S|10/5|t|0|h:child,disability|《残疾人教育条例》
义务教育阶段学生转学|S|10/3|t|1|h:child,reason|《中小学生学籍管理办法》
中小学生学籍信息变更|S|10/3|d|1|h:child,reason
学前教育幼儿资助|P|30/10|d|1|h:child,bank|《学生资助资金管理办法》
义务教育家庭经济困难寄宿生生活补助|P|30/10|d|1|h:child,bank
{}国家助学金发放@普通高中;中等职业学校|P|30/10|d|1|h:child,bank
中等职业学校学生免学费|P|30/10|d|1|h:child
生源地信用助学贷款受理|S|20/5|d|1|h:child,bank
学历证明书办理|S|10/3|d|0|p:school|《中华人民共和国教育法》
普通话水平测试报名|S|30/10|d|1|p|《中华人民共和国国家通用语言文字法》
民办学校办学许可证补发|S|20/5|d|0|o:license_no|《中华人民共和国民办教育促进法》
{}设立审批;{}变更审批;{}终止审批@民办幼儿园;民办义务教育学校;民办普通高中;校外培训机构|L|60/20|d|0|o:address
""",
    "区科学技术和工业信息化局": """
高新技术企业认定申报推荐|O|20/10|d|1|e|《高新技术企业认定管理办法》
科技型中小企业评价入库|S|15/5|d|1|e|《科技型中小企业评价办法》
技术合同认定登记|C|10/3|d|1|e:contract|《技术合同认定登记管理办法》
科技计划项目申报|O|30/15|d|1|e:project|《中华人民共和国科学技术进步法》
科学技术奖励推荐|R|30/15|d|1|e|《国家科学技术奖励条例》
科技特派员选派服务|S|20/10|t|1|p|《关于深入推行科技特派员制度的若干意见》
工业企业技术改造项目备案|O|5/2|d|1|e:project|《企业投资项目核准和备案管理条例》
专精特新中小企业认定申报|O|30/10|d|1|e|《中华人民共和国中小企业促进法》
中小企业公共服务示范平台认定申报|O|30/10|d|1|e
企业技术中心认定申报|O|30/10|d|1|e
两化融合管理体系贯标申报|S|20/10|d|1|e
新型墙体材料专项基金返退|P|20/10|d|1|e:project|《新型墙体材料专项基金征收使用管理办法》
""",
    "区公安分局": """
户口迁移（迁入）|C|20/3|t|1|h:move|《中华人民共和国户口登记条例》
户口迁移（迁出）|C|20/1|t|1|h:move
大中专院校学生入学户口迁移|C|20/3|d|1|h:school
大中专院校毕业生户口迁回|C|20/3|d|1|h:school
退役士兵户口登记|C|20/3|d|1|h:veteran
收养子女户口登记|C|20/5|d|0|h:child
户口登记项目变更更正|C|20/5|d|1|h:reason
公民姓名变更登记|C|20/5|d|0|h:reason
公民民族成份变更|C|20/10|d|0|h:reason|《中国公民民族成份登记管理办法》
分户登记|C|20/3|d|1|h|《中华人民共和国户口登记条例》
户口簿补领换领|S|5/1|t|1|h
户籍证明开具|S|3/1|t|1|h:reason
居民身份证{}@申领;换领;补领|C|60/20|t|0|h:photo|《中华人民共和国居民身份证法》|20
临时居民身份证核发|C|3/1|t|0|h:photo|《中华人民共和国临时居民身份证管理办法》|10
居民身份证跨省异地受理|C|60/20|d|0|p:photo|《中华人民共和国居民身份证法》|20
居住证申领|C|15/5|t|1|p:address|《居住证暂行条例》
居住证签注|S|15/1|d|1|p:address
流动人口居住登记|S|1/1|v|1|p:address
无犯罪记录证明开具|S|3/1|t|1|p:reason|《中华人民共和国人民警察法》
普通护照签发|L|15/7|d|0|p:photo|《中华人民共和国护照法》|120
往来港澳通行证签发|L|15/7|d|0|p:photo|《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》|60
大陆居民往来台湾通行证签发|L|15/7|d|0|p:photo|《中国公民往来台湾地区管理办法》|60
机动车{}@注册登记;转移登记;变更登记|C|2/1|d|0|p:vehicle|《中华人民共和国道路交通安全法》
机动车{}@抵押登记;解除抵押登记;注销登记|C|1/1|d|1|p:vehicle
机动车检验合格标志核发|C|1/1|d|0|p:vehicle
机动车临时号牌核发|L|1/1|d|1|p:vehicle
机动车{}@号牌补换领;登记证书补领|S|1/1|d|1|p:vehicle
机动车驾驶证申领|L|20/10|d|0|p:photo
机动车驾驶证补换领|L|1/1|d|1|p:license_no
机动车驾驶证审验|O|1/1|d|1|p:license_no
校车驾驶资格许可|L|5/3|d|0|p:license_no|《校车安全管理条例》
校车标牌核发|L|5/2|d|0|o:vehicle
电动自行车登记|C|1/1|d|0|p:vehicle|《中华人民共和国道路交通安全法》
道路交通事故损害赔偿调解|S|10/5|d|0|p:dispute
旅馆业特种行业许可证核发|L|20/5|d|0|e:address|《旅馆业治安管理办法》
印章刻制业特种行业许可证核发|L|20/5|d|0|e:address|《国务院对确需保留的行政审批项目设定行政许可的决定》
公章刻制备案|O|1/1|d|1|e
互联网上网服务营业场所信息网络安全审核|L|20/5|d|0|e:address|《互联网上网服务营业场所管理条例》
大型群众性活动安全许可|L|7/3|d|0|o:event|《大型群众性活动安全管理条例》
焰火晚会燃放许可|L|20/5|d|0|o:event|《烟花爆竹安全管理条例》
烟花爆竹道路运输许可|L|3/1|d|1|e:vehicle
民用爆炸物品购买许可|L|5/2|d|0|e|《民用爆炸物品安全管理条例》
民用爆炸物品运输许可|L|3/1|d|0|e:vehicle
爆破作业项目许可|L|20/10|d|0|e:project
剧毒化学品购买许可|L|3/1|d|0|e|《危险化学品安全管理条例》
剧毒化学品道路运输通行证核发|L|7/3|d|0|e:vehicle
第一类易制毒化学品运输许可|L|10/3|d|0|e:vehicle|《易制毒化学品管理条例》
第二类第三类易制毒化学品运输备案|O|1/1|d|1|e:vehicle
第二类第三类易制毒化学品购买备案|O|1/1|d|1|e
保安员证核发|L|15/5|d|0|p:photo|《保安服务管理条例》
{}落户@夫妻投靠;老人投靠子女;未成年子女投靠父母;人才引进;合法稳定住所;务工就业|C|20/5|d|0|h:move,relation|《中华人民共和国户口登记条例》
{}户口注销@应征入伍;定居国外;重复户口;取得外国国籍|C|20/3|d|0|h:reason
{}户口登记@非婚生育子女;事实无人抚养儿童;寄养儿童;无户口人员|C|20/5|d|0|h:reason
普通护照{}@补发;换发|L|15/7|d|0|p:photo|《中华人民共和国出境入境管理法》|120
{}补发;{}换发@往来港澳通行证;大陆居民往来台湾通行证|L|15/7|d|0|p:photo||60
{}签注签发@赴港澳团队旅游;赴港澳个人旅游;赴港澳探亲;赴港澳商务;赴台团队旅游;赴台个人旅游;赴台探亲|L|10/5|d|1|p|《中华人民共和国出境入境管理法》|15
{}特种行业许可证变更;{}特种行业许可证注销@旅馆业;印章刻制业|L|20/5|d|0|e:reason|《旅馆业治安管理办法》
机动车驾驶证{}@延期换证;延期审验;延期提交身体条件证明;注销;恢复驾驶资格|O|1/1|d|1|p:license_no|《中华人民共和国道路交通安全法》
""",
    "区民政局": """
结婚登记|C|1/1|d|0|p:spouse|《婚姻登记条例》
离婚登记|C|1/1|d|0|p:spouse,married
补领{}@结婚证;离婚证|C|1/1|d|0|p:spouse
婚姻登记档案查询|S|1/1|d|1|p:reason|《婚姻登记档案管理办法》
婚姻家庭辅导服务|S|1/1|d|1|p|《婚姻登记条例》
婚姻登记预约|S|1/1|d|1|p:spouse
收养登记|C|30/15|d|0|p:child,relation|《中华人民共和国收养法》
解除收养登记|C|30/15|d|0|p:child,relation
最低生活保障审批|P|30/10|v|1|h:family,bank|《社会救助暂行办法》
特困人员救助供养审批|P|30/10|v|1|h:family,bank
临时救助审批|P|20/5|v|1|h:family,bank
居民家庭经济状况核对|S|15/5|t|1|h:family
高龄津贴发放|P|20/5|v|1|h:bank|《中华人民共和国老年人权益保障法》
经济困难老年人养老服务补贴|P|20/5|v|1|h:family,bank
{}发放@困难残疾人生活补贴;重度残疾人护理补贴|P|20/5|v|1|h:disability,bank|《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》
孤儿基本生活费发放|P|20/5|v|1|h:child,bank|《国务院办公厅关于加强孤儿保障工作的意见》
事实无人抚养儿童基本生活补贴发放|P|20/5|v|1|h:child,bank|《关于进一步加强事实无人抚养儿童保障工作的意见》
农村留守儿童信息登记|S|5/2|v|1|h:child|《国务院关于加强农村留守儿童关爱保护工作的意见》
特困人员供养服务机构入住|S|10/3|t|0|h:family|《特困人员认定办法》
流浪乞讨人员救助|P|10/1|d|0|p:reason|《城市生活无着的流浪乞讨人员救助管理办法》
基本殡葬服务费用减免|P|10/3|t|1|h:deceased|《殡葬管理条例》
生态安葬奖补|R|20/5|t|1|h:deceased,bank
农村公益性墓地建设审批|L|20/10|d|0|o:land
社会团体成立登记|L|60/20|d|1|o|《社会团体登记管理条例》
民办非企业单位成立登记|L|60/20|d|1|o|《民办非企业单位登记管理暂行条例》
{}变更登记;{}注销登记@社会团体;民办非企业单位|L|30/10|d|1|o:reason|《社会团体登记管理条例》《民办非企业单位登记管理暂行条例》
养老机构备案|O|10/3|d|1|o:address|《中华人民共和国老年人权益保障法》
养老机构备案{}@变更;注销|O|10/3|d|1|o:address
养老机构等级评定|R|30/15|d|0|o:address
养老机构运营补贴申领|P|30/15|d|1|o:bank
慈善组织认定|C|20/10|d|1|o|《中华人民共和国慈善法》
慈善组织公开募捐资格审核|L|20/10|d|1|o
地名命名更名审批|O|30/15|d|0|o:reason|《地名管理条例》
门牌号码编制|S|10/3|t|1|h:address
{}年度检查;{}章程核准@社会团体;民办非企业单位|O|20/10|d|1|o|《社会团体登记管理条例》《民办非企业单位登记管理暂行条例》
{}待遇变更;{}待遇终止@最低生活保障;特困人员救助供养|P|20/5|d|1|h:family,reason|《社会救助暂行办法》
""",
    "区司法局": """
法律援助申请|P|7/3|t|1|p:dispute|《法律援助条例》
人民调解|S|30/15|v|0|p:dispute|《中华人民共和国人民调解法》
基层法律服务工作者执业核准|L|20/10|d|0|p:school|《基层法律服务工作者管理办法》
基层法律服务所设立审核|L|20/10|d|0|o:address|《基层法律服务所管理办法》
律师执业许可初审|O|20/10|d|1|p:school|《中华人民共和国律师法》
律师事务所设立初审|O|20/10|d|1|o:address
社区矫正对象外出审批|O|7/3|t|0|p:reason|《社区矫正实施办法》
刑满释放人员安置帮教|S|10/5|t|0|p|《关于加强刑满释放人员救助管理工作的意见》
{}公证@出生;亲属关系;学历;无犯罪记录;委托;声明;继承;遗嘱|S|15/5|d|0|p:reason|《中华人民共和国公证法》|200
""",
    "区财政局": """
代理记账机构审批|L|20/10|d|1|e|《代理记账管理办法》
会计人员继续教育登记|S|5/1|d|1|p|《会计专业技术人员继续教育规定》
会计专业技术资格考试报名审核|S|10/3|d|1|p:school|《会计专业技术资格考试暂行规定》
会计专业技术资格证书领取|S|5/1|d|0|p
政府采购供应商投诉处理|A|30/15|d|1|e:dispute|《中华人民共和国政府采购法》
政府采购进口产品审核|O|20/10|d|1|o
政府采购方式变更审批|O|10/5|d|1|o:project
惠民惠农财政补贴“一卡通”信息变更|S|5/2|v|1|h:bank|《关于进一步加强惠民惠农财政补贴资金“一卡通”管理的指导意见》
行政事业单位国有资产处置审批|O|20/10|d|1|o:reason|《行政事业性国有资产管理条例》
""",
    "区人力资源和社会保障局": """
失业登记|C|1/1|v|1|h:unemployment|《就业服务与就业管理规定》
就业登记|C|1/1|t|1|h:employment
就业创业证申领|S|5/1|t|1|h
就业困难人员认定|C|15/5|t|1|h:family
失业人员职业介绍|S|1/1|t|1|p
用人单位招聘信息发布|S|1/1|d|1|e
失业保险金申领|P|10/3|t|1|p:unemployment,bank|《失业保险条例》
失业保险稳岗返还|P|20/10|d|1|e:bank
职业培训补贴申领|P|20/10|d|1|p:bank|《就业补助资金管理办法》
一次性创业补贴申领|P|20/10|d|1|p:bank
灵活就业人员社会保险补贴申领|P|20/10|d|1|p:bank
公益性岗位补贴申领|P|20/10|d|1|o:bank
高校毕业生就业见习补贴申领|P|20/10|d|1|o:bank
求职创业补贴申领|P|20/10|d|1|p:child,bank
创业担保贷款申请|S|15/5|t|1|p:project|《中华人民共和国就业促进法》
城乡居民养老保险参保登记|S|5/1|v|1|h|《国务院关于建立统一的城乡居民基本养老保险制度的意见》
城乡居民养老保险待遇申领|P|20/5|v|1|h:bank
城乡居民养老保险注销登记|S|5/1|v|1|h:deceased,bank
城乡居民养老保险缴费档次变更|S|5/1|v|1|h
城乡居民养老保险关系转移接续|S|15/5|t|1|h
企业职工基本养老保险关系转移接续|S|15/5|d|1|p|《城镇企业职工基本养老保险关系转移接续暂行办法》
单位参保登记|S|5/1|d|1|e|《中华人民共和国社会保险法》
职工参保登记|S|5/1|d|1|e:employment
社会保障卡申领|S|10/5|v|1|h:photo
社会保障卡挂失补换|S|10/3|t|1|h
领取养老金人员待遇资格认证|S|1/1|v|1|h
工伤认定|C|60/30|d|1|p:employment,reason|《工伤保险条例》
劳动能力鉴定|C|60/30|d|0|p:employment
工伤医疗费用报销|P|20/10|d|1|p:employment,bank
一次性工伤医疗补助金申领|P|20/10|d|1|p:employment,bank
劳动人事争议仲裁|A|45/30|d|1|p:employment,dispute|《中华人民共和国劳动争议调解仲裁法》
劳动保障监察投诉受理|O|5/2|d|1|p:employment,dispute|《劳动保障监察条例》
劳务派遣经营许可|L|20/10|d|1|e|《劳务派遣行政许可实施办法》
人力资源服务许可|L|20/10|d|1|e|《人力资源市场暂行条例》
民办职业培训学校设立审批|L|60/20|d|0|o:address|《中华人民共和国民办教育促进法》
企业实行不定时工作制和综合计算工时工作制审批|L|20/10|d|1|e|《中华人民共和国劳动法》
职业技能等级认定报名|S|10/3|d|1|p:school
专业技术人员职称申报|O|30/15|d|1|p:school|《职称评审管理暂行规定》
流动人员人事档案接收|S|5/1|d|0|p|《流动人员人事档案管理暂行规定》
流动人员人事档案转递|S|5/1|d|0|p:reason
存档人员证明开具|S|3/1|d|1|p:reason
企业职工基本养老保险{}@个人账户一次性待遇申领;病残津贴申领;遗属待遇申领;待遇暂停;待遇恢复|P|20/10|d|1|p:bank|《中华人民共和国社会保险法》
工伤保险{}@一次性伤残补助金申领;伤残津贴申领;供养亲属抚恤金申领;辅助器具配置费用核付;住院伙食补助费申领;异地居住就医备案|P|20/10|d|1|p:employment,bank|《工伤保险条例》
失业保险{}@关系转移;农民合同制工人一次性生活补助申领;丧葬补助金申领;技能提升补贴申领|P|10/5|d|1|p:unemployment,bank|《失业保险条例》
社会保险{}@参保信息变更;缴费基数申报;参保缴费证明开具;个人权益记录查询;单位注销登记|S|5/1|d|1|p|《中华人民共和国社会保险法》
城乡居民养老保险{}@补缴;待遇暂停;待遇恢复;重复领取待遇退费|S|10/3|d|1|h:reason
劳动用工{}@备案;备案变更|O|5/1|d|1|e:employment|《中华人民共和国劳动合同法》
{}备案@人力资源服务机构设立分支机构;人力资源服务机构名称住所变更;人力资源服务机构注销|O|10/3|d|1|e|《人力资源市场暂行条例》
{}补贴申领@企业吸纳就业困难人员社会保险;创业场地租金;职业技能鉴定;以工代训|P|20/10|d|1|e:bank|《就业补助资金管理办法》
""",
    "区自然资源局": """
农村村民宅基地审批|L|20/10|v|1|h:land,house|《中华人民共和国土地管理法》
乡村建设规划许可证核发|L|20/10|t|1|h:land,house|《中华人民共和国城乡规划法》
建设项目用地预审与选址意见书核发|L|20/10|d|1|e:project,land|《中华人民共和国土地管理法》
建设用地规划许可证核发|L|20/10|d|1|e:project,land|《中华人民共和国城乡规划法》
建设工程规划许可证核发|L|20/10|d|1|e:project,building
临时建设工程规划许可证核发|L|20/10|d|1|e:project,building
市政管线工程规划许可|L|20/10|d|1|e:project
规划条件核定|O|20/10|d|1|e:project,land
建设工程设计方案审查|O|20/10|d|1|e:project,building
建设工程规划条件核实|O|20/10|d|1|e:project,building
临时用地审批|L|20/10|d|1|e:project,land|《中华人民共和国土地管理法》
国有建设用地使用权划拨审批|L|20/10|d|0|o:project,land
乡镇企业公共设施和公益事业建设用地审批|L|20/10|d|0|o:project,land
农用地转用审批初审|O|20/10|d|0|o:project,land
国有建设用地使用权出让后土地使用权分割转让批准|L|20/10|d|0|e:land|《中华人民共和国城镇国有土地使用权出让和转让暂行条例》
划拨土地使用权转让出租抵押审批|L|20/10|d|0|e:land
设施农业用地备案|O|10/3|t|1|e:land|《自然资源部农业农村部关于设施农业用地管理有关问题的通知》
土地复垦方案审查|O|20/10|d|1|e:project,land|《土地复垦条例》
土地整治项目立项审批|O|20/10|d|0|o:project,land
土地权属争议调处|A|60/30|d|0|p:land,dispute|《中华人民共和国土地管理法》
征地补偿安置争议协调|A|30/15|d|0|p:land,dispute
采矿权{}@新立登记;延续登记;变更登记|L|40/20|d|0|e:project|《中华人民共和国矿产资源法》
采矿权注销登记|L|20/10|d|1|e
建设项目压覆重要矿产资源审批|O|20/10|d|0|e:project
地质灾害危险性评估备案|O|10/5|d|1|e:project|《地质灾害防治条例》
测量标志迁建审批|L|20/10|d|0|e:project|《中华人民共和国测绘法》
基础测绘成果提供|S|10/3|d|1|o:reason
城乡规划选址咨询|S|5/2|d|1|e:project|《中华人民共和国城乡规划法》
临时用地复垦验收|O|20/10|d|0|e:land|《土地复垦条例》
矿山地质环境保护与土地复垦方案审查|O|20/10|d|0|e:project
采矿权抵押备案|O|10/5|d|1|e:contract|《中华人民共和国矿产资源法》
地质灾害治理工程竣工验收|O|20/10|d|0|o:project|《地质灾害防治条例》
{}变更;{}延期@建设用地规划许可证;建设工程规划许可证|L|20/10|d|1|e:project,reason|《中华人民共和国城乡规划法》
国有建设用地使用权{}@出让合同变更审批;续期审批;改变土地用途审批;划拨决定书核发|O|20/10|d|0|e:land|《中华人民共和国土地管理法》
""",
    "区生态环境分局": """
建设项目环境影响报告书审批|L|60/15|d|1|e:project|《中华人民共和国环境影响评价法》
建设项目环境影响报告表审批|L|30/10|d|1|e:project
建设项目环境影响登记表备案|O|1/1|d|1|e:project
建设项目环境影响评价文件重新审核|L|10/5|d|1|e:project,reason
建设项目竣工环境保护验收信息备案|O|5/1|d|1|e:project|《建设项目竣工环境保护验收暂行办法》
排污许可证核发|L|20/10|d|1|e:project|《排污许可管理办法（试行）》
排污许可证变更|L|20/10|d|1|e:reason
排污许可证延续|L|20/10|d|1|e
排污许可证注销|O|10/3|d|1|e:reason
防治污染设施拆除或闲置审批|L|20/10|d|0|e:reason|《中华人民共和国大气污染防治法》
辐射安全许可证核发|L|20/10|d|0|e:equipment|《放射性同位素与射线装置安全和防护条例》
夜间施工作业证明核发|L|7/3|d|1|e:project|《中华人民共和国环境噪声污染防治法》
突发环境事件应急预案备案|O|5/2|d|1|e|《突发环境事件应急管理办法》
畜禽养殖污染防治设施验收|O|20/10|d|0|e:livestock|《畜禽规模养殖污染防治条例》
环境污染投诉举报受理|S|5/2|t|1|p:dispute|《中华人民共和国环境保护法》
环境信息公开申请|S|15/5|d|1|p:reason|《环境信息公开办法（试行）》
""",
    "区住房和城乡建设局": """
建筑工程施工许可证核发|L|15/3|d|1|e:project,building|《中华人民共和国建筑法》
建筑工程施工许可证{}@变更;延期|L|15/3|d|1|e:project,reason
建设工程消防设计审查|L|15/10|d|1|e:project,building|《中华人民共和国消防法》
建设工程消防验收|L|15/10|d|0|e:project,building
建设工程消防验收备案|O|15/5|d|1|e:project,building
房屋建筑和市政基础设施工程竣工验收备案|O|15/5|d|1|e:project,building|《房屋建筑和市政基础设施工程竣工验收备案管理办法》
建设工程质量安全监督手续办理|O|5/2|d|1|e:project,building|《建设工程质量管理条例》
建筑起重机械使用登记|C|7/3|d|0|e:equipment|《建筑起重机械安全监督管理规定》
房屋建筑和市政工程招标投标情况书面报告备案|O|3/1|d|1|e:project|《中华人民共和国招标投标法》
建设工程施工合同备案|O|3/1|d|1|e:project,contract
商品房预售许可|L|10/5|d|0|e:project,building|《城市商品房预售管理办法》
商品房预售许可{}@变更;注销|L|10/5|d|0|e:project,reason
房地产开发企业资质核定|L|20/10|d|1|e|《房地产开发企业资质管理规定》
前期物业服务合同备案|O|5/2|d|1|e:contract|《物业管理条例》
{}备案@物业服务企业;房地产经纪机构;房屋租赁合同;建筑施工企业入区|O|5/2|d|1|e:address
住宅专项维修资金使用审核|O|10/5|d|1|o:house|《住宅专项维修资金管理办法》
住宅专项维修资金缴存|S|5/1|d|1|p:house
{}买卖合同网签备案@商品房;存量房|O|5/1|d|1|p:house,contract|《中华人民共和国城市房地产管理法》
公共租赁住房申请审核|P|30/15|t|1|h:family|《公共租赁住房管理办法》
城镇住房保障家庭租赁补贴|P|30/15|t|1|h:family,bank
农村危房改造补助申请|P|30/15|v|1|h:house,family,bank|《中央财政农村危房改造补助资金管理暂行办法》
燃气经营许可|L|20/10|d|0|e:address|《城镇燃气管理条例》
改动市政燃气设施审批|L|20/10|d|0|e:project
城镇污水排入排水管网许可|L|20/10|d|1|e:project|《城镇排水与污水处理条例》
拆除改动城镇排水与污水处理设施审核|L|20/10|d|0|e:project
房屋安全鉴定|S|15/7|t|0|p:house|《城市危险房屋管理规定》
白蚁防治服务|S|5/2|t|0|p:house|《城市房屋白蚁防治管理规定》
{}变更;{}延续;{}注销@燃气经营许可|L|20/10|d|1|e:reason|《城镇燃气管理条例》
{}变更;{}延续;{}注销@城镇污水排入排水管网许可|L|20/10|d|1|e:reason|《城镇排水与污水处理条例》
房地产开发企业资质{}@延续;变更;注销;证书补办|L|20/10|d|1|e|《房地产开发企业资质管理规定》
住宅专项维修资金{}@续筹;退还;划转|S|10/5|d|1|p:house|《住宅专项维修资金管理办法》
""",
    "区交通运输局": """
{}驾驶员从业资格证核发@道路货物运输;道路旅客运输|L|10/5|d|0|p:license_no|《道路运输从业人员管理规定》
道路运输从业资格证补发换发|S|5/1|d|1|p:license_no
道路运输从业人员{}@诚信考核;从业资格注销;继续教育登记|S|5/1|d|1|p:license_no
出租汽车驾驶员从业资格证核发|L|10/5|d|0|p:license_no|《出租汽车驾驶员从业资格管理规定》
网络预约出租汽车驾驶员证核发|L|10/5|d|0|p:license_no
道路运输证配发|L|5/1|d|1|e:vehicle|《中华人民共和国道路运输条例》
道路运输证补发|S|5/1|d|1|e:vehicle
道路运输证注销|S|3/1|d|1|e:vehicle
道路运输车辆年度审验|O|5/1|d|0|e:vehicle|《道路运输车辆技术管理规定》
道路旅客运输{}@经营许可;班线经营许可|L|20/10|d|0|e:vehicles|《中华人民共和国道路运输条例》
机动车维修经营备案|O|5/1|d|1|e:address|《机动车维修管理规定》
机动车驾驶员培训经营备案|O|5/1|d|1|e:address|《机动车驾驶员培训管理规定》
出租汽车经营许可|L|20/10|d|0|e:vehicles|《巡游出租汽车经营服务管理规定》
网络预约出租汽车运输证核发|L|10/5|d|1|e:vehicle|《网络预约出租汽车经营服务管理暂行办法》
公路超限运输许可|L|5/2|d|1|e:vehicle|《公路安全保护条例》
涉路施工许可|L|20/10|d|1|e:project|《中华人民共和国公路法》
在公路用地范围内设置非公路标志审批|L|20/10|d|1|e:project
公路建筑控制区内埋设管线审批|L|20/10|d|1|e:project
占用挖掘公路审批|L|20/10|d|1|e:project
更新砍伐公路用地上树木审批|L|20/10|d|0|o:tree
交通建设工程施工许可|L|20/10|d|1|e:project|《公路建设市场管理办法》
公路工程交工竣工验收|O|20/10|d|0|e:project|《公路工程竣（交）工验收办法》
港口经营许可|L|30/10|d|0|e:address|《港口经营管理规定》
国内水路运输经营许可|L|20/10|d|0|e:vehicles|《国内水路运输管理条例》
乡镇渡口设置审批|L|20/10|d|0|o:address|《中华人民共和国内河交通安全管理条例》
{}变更;{}延续;{}注销@道路运输经营许可;道路旅客运输经营许可;出租汽车经营许可;港口经营许可;国内水路运输经营许可|L|20/10|d|1|e:reason|《中华人民共和国道路运输条例》
{}经营备案变更;{}经营备案注销@机动车维修;机动车驾驶员培训|O|5/1|d|1|e:reason|《机动车维修管理规定》
道路运输车辆{}@转籍过户;报停;恢复营运;更新|O|5/1|d|1|e:vehicle|《道路运输车辆技术管理规定》
""",
    "区水利局": """
取水许可|L|45/15|d|1|e:water|《取水许可和水资源费征收管理条例》
取水许可{}@变更;延续|L|20/10|d|1|e:water
取水许可注销|O|10/3|d|1|e:reason
水利基建项目初步设计文件审批|L|20/10|d|1|o:project|《国务院对确需保留的行政审批项目设定行政许可的决定》
洪水影响评价类审批|L|20/10|d|1|e:project|《中华人民共和国防洪法》
河道管理范围内建设项目工程建设方案审批|L|20/10|d|1|e:project|《中华人民共和国河道管理条例》
河道采砂许可|L|20/10|d|0|e:project
生产建设项目水土保持方案审批|L|20/10|d|1|e:project|《中华人民共和国水土保持法》
生产建设项目水土保持设施自主验收报备|O|5/2|d|1|e:project
农村集体经济组织修建水库审批|L|20/10|d|0|o:project|《中华人民共和国水法》
城市建设填堵水域废除围堤审核|L|20/10|d|0|e:project|《中华人民共和国防洪法》
占用农业灌溉水源灌排工程设施审批|L|20/10|d|0|e:project|《国务院对确需保留的行政审批项目设定行政许可的决定》
水利工程建设项目验收|O|20/10|d|0|o:project|《水利工程建设项目验收管理规定》
大中型水库移民后期扶持资金发放|P|30/10|v|1|h:bank|《大中型水利水电工程建设征地补偿和移民安置条例》
农村供水工程维修养护补助申请|P|20/10|t|1|o:project|《中华人民共和国水法》
水事纠纷调处|A|30/15|t|0|p:dispute
""",
    "区农业农村局": """
农作物种子生产经营许可证核发|L|20/10|d|0|e:address|《中华人民共和国种子法》
农药经营许可证核发|L|20/10|d|0|e:address|《农药管理条例》
兽药经营许可证核发|L|20/10|d|0|e:address|《兽药管理条例》
动物防疫条件合格证核发|L|20/10|d|0|e:livestock|《中华人民共和国动物防疫法》
动物诊疗许可证核发|L|20/10|d|0|e:address
生鲜乳收购站许可|L|20/10|d|0|e:address|《乳品质量安全监督管理条例》
生鲜乳准运证明核发|L|20/10|d|0|e:vehicle
种畜禽生产经营许可证核发|L|20/10|d|0|e:livestock|《中华人民共和国畜牧法》
水产苗种生产许可|L|20/10|d|0|e:address|《中华人民共和国渔业法》
水域滩涂养殖证核发|L|20/10|d|0|p:land
渔业捕捞许可证核发|L|20/10|d|0|p:vehicle
渔业船舶登记|C|20/10|d|0|p:vehicle|《中华人民共和国渔业船舶登记办法》
农业植物检疫证书核发|L|20/10|d|1|e:address|《植物检疫条例》
拖拉机和联合收割机登记|C|2/1|d|0|p:vehicle|《中华人民共和国农业机械化促进法》
拖拉机和联合收割机驾驶证核发|L|20/10|d|0|p:license_no
拖拉机和联合收割机安全检验|O|5/2|t|0|p:vehicle
农机购置补贴申领|P|30/10|t|1|p:vehicle,bank|《农业机械购置补贴实施指导意见》
耕地地力保护补贴发放|P|30/10|v|1|h:land,bank|《农业支持保护补贴资金管理办法》
稻谷补贴发放|P|30/10|v|1|h:land,bank
农村土地承包经营权证变更|C|20/10|t|1|h:land,reason|《中华人民共和国农村土地承包法》
农村土地承包经营纠纷调解|S|30/15|v|0|p:land,dispute|《中华人民共和国农村土地承包经营纠纷调解仲裁法》
农村土地经营权流转合同备案|O|10/3|v|1|h:land,contract|《中华人民共和国农村土地承包法》
农村集体经济组织成员身份确认|C|30/15|v|0|h|《中华人民共和国农村土地承包法》
家庭农场名录登记|C|10/3|t|1|p:land|《关于实施家庭农场培育计划的指导意见》
农民专业合作社示范社申报|O|30/15|t|1|e|《中华人民共和国农民专业合作社法》
农业产业化龙头企业申报|O|30/15|d|1|e|《中华人民共和国农业法》
动物检疫申报|O|1/1|t|1|p:livestock|《动物检疫管理办法》
动物及动物产品检疫合格证明核发|L|1/1|t|0|p:livestock
生猪规模养殖场备案|O|10/3|t|1|p:livestock|《畜禽规模养殖污染防治条例》
病死畜禽无害化处理补助|P|30/10|v|1|h:livestock,bank|《中华人民共和国动物防疫法》
退捕渔民生活补助|P|30/10|t|1|h:bank|《中华人民共和国渔业法》
{}补助申领@农机深松整地作业;农作物病虫害统防统治;有机肥替代化肥;高标准农田建后管护;畜禽粪污资源化利用|P|30/15|d|1|e:bank|《农业相关转移支付资金管理办法》
绿色食品标志使用申请初审|O|20/10|d|1|e|《绿色食品标志管理办法》
乡村兽医登记|C|20/10|d|1|p:school|《乡村兽医管理办法》
执业兽医备案|O|10/3|d|1|p:school|《执业兽医管理办法》
{}变更;{}延续;{}注销@农作物种子生产经营许可证;农药经营许可证;兽药经营许可证;动物诊疗许可证;动物防疫条件合格证|L|20/10|d|1|e:reason|《中华人民共和国种子法》《农药管理条例》《兽药管理条例》《中华人民共和国动物防疫法》
""",
    "区商务局": """
对外贸易经营者备案登记|O|5/1|d|1|e|《中华人民共和国对外贸易法》
外商投资企业设立及变更备案|O|3/1|d|1|e|《外商投资企业设立及变更备案管理暂行办法》
单用途商业预付卡发卡企业备案|O|5/2|d|1|e|《单用途商业预付卡管理办法（试行）》
报废机动车回收拆解企业资格认定初审|O|20/10|d|0|e:address|《报废机动车回收管理办法》
再生资源回收经营者备案|O|5/1|d|1|e:address|《再生资源回收管理办法》
成品油零售经营资格审批初审|O|20/10|d|0|e:address|《成品油市场管理办法》
二手车交易市场经营者备案|O|5/2|d|1|e:address|《二手车流通管理办法》
洗染业经营者备案|O|5/2|d|1|e:address|《洗染业管理办法》
美容美发经营者备案|O|5/2|d|1|e:address|《美容美发业管理暂行办法》
""",
    "区文化旅游广电体育局": """
娱乐场所经营活动审批|L|20/10|d|0|e:address,area|《娱乐场所管理条例》
互联网上网服务营业场所经营单位设立审批|L|20/10|d|0|e:address,area|《互联网上网服务营业场所管理条例》
营业性演出审批|L|20/5|d|1|e:event|《营业性演出管理条例》
文艺表演团体设立审批|L|20/10|d|1|e
演出场所经营单位备案|O|5/2|d|1|e:address
个体演员备案|O|5/2|d|1|p
出版物零售业务经营许可|L|20/10|d|1|e:address|《出版管理条例》
卫星电视广播地面接收设施设置审批|L|20/10|d|0|o:address|《卫星电视广播地面接收设施管理规定》
旅行社{}设立备案@分社;服务网点|O|3/1|d|1|e:address|《旅行社条例》
高危险性体育项目经营许可|L|30/10|d|0|e:address|《全民健身条例》
举办健身气功活动审批|L|20/10|d|0|o:event|《健身气功管理办法》
设立健身气功站点审批|L|20/10|d|0|o:address
临时占用公共体育设施审批|L|20/10|d|0|o:event|《公共文化体育设施条例》
文物保护单位建设控制地带内建设工程设计方案审核|L|20/10|d|0|e:project|《中华人民共和国文物保护法》
文物保护单位保护范围内其他建设工程或者爆破钻探挖掘作业审批|L|20/10|d|0|e:project
公共图书馆借阅证办理|S|1/1|t|1|p|《中华人民共和国公共图书馆法》
非物质文化遗产代表性传承人申报|O|30/15|d|1|p|《中华人民共和国非物质文化遗产法》
二级及以下运动员技术等级称号授予|R|20/10|d|1|p|《运动员技术等级管理办法》
社会体育指导员技术等级称号授予|R|20/10|d|1|p|《社会体育指导员管理办法》
星级农家乐评定|R|30/15|d|1|e:address|《中华人民共和国旅游法》
A级旅游景区评定申报|R|30/15|d|0|e:address
旅游民宿等级评定|R|30/15|d|0|e:address
{}变更;{}注销@娱乐场所经营许可证;网络文化经营许可证|L|20/10|d|1|e:reason|《娱乐场所管理条例》《互联网上网服务营业场所管理条例》
营业性演出许可证{}@变更;延续|L|20/10|d|1|e:reason|《营业性演出管理条例》
""",
    "区卫生健康局": """
母婴保健技术服务执业许可|L|20/10|d|0|o:medical|《中华人民共和国母婴保健法》
母婴保健技术服务人员资格认定|L|20/10|d|1|p:school
医疗机构{}@设置审批;执业登记|L|45/20|d|0|e:medical|《医疗机构管理条例》
医疗机构执业登记变更|L|30/10|d|1|e:medical,reason
医疗机构执业许可证校验|O|30/10|d|1|e:medical
医疗机构执业许可证注销|O|15/5|d|1|e:reason
中医诊所备案|O|1/1|d|1|e:medical|《中医诊所备案管理暂行办法》
{}执业注册;{}执业注册变更@医师|L|20/5|d|1|p:medical|《中华人民共和国执业医师法》
乡村医生执业{}@注册;再注册|L|20/10|d|0|p:medical|《乡村医生从业管理条例》
{}执业注册;{}执业注册变更@护士|L|20/5|d|1|p:medical|《护士条例》
护士延续注册|L|20/5|d|1|p:medical
公共场所卫生许可|L|20/5|d|1|e:address,area|《公共场所卫生管理条例》
公共场所卫生许可{}@变更;延续|L|20/5|d|1|e:reason
饮用水供水单位卫生许可|L|20/10|d|0|e:address|《中华人民共和国传染病防治法》
放射诊疗许可|L|20/10|d|0|e:medical,equipment|《放射诊疗管理规定》
放射工作人员证核发|L|20/10|d|0|p:medical
生育登记|S|1/1|v|1|h:spouse,birth|《湖南省人口与计划生育条例》
再生育审批|L|20/10|d|1|h:spouse,birth
农村部分计划生育家庭奖励扶助|P|30/10|v|1|h:bank
计划生育家庭特别扶助|P|30/10|v|1|h:bank
独生子女父母奖励|P|30/10|v|1|h:bank
独生子女父母光荣证补办|S|10/3|d|1|h:spouse
孕产妇保健手册办理|S|5/1|t|1|h:birth|《中华人民共和国母婴保健法》
婚前医学检查|S|1/1|d|0|p:spouse
免费孕前优生健康检查|S|5/2|t|0|p:spouse
病残儿医学鉴定|C|30/15|d|0|h:child|《病残儿医学鉴定管理办法》
出生医学证明{}@补发;换发;首次签发（院外出生）|C|20/10|d|0|h:reason|《中华人民共和国母婴保健法》
预防接种异常反应补偿|P|30/15|d|0|p:reason|《中华人民共和国疫苗管理法》
职业健康检查机构备案|O|10/3|d|1|e|《中华人民共和国职业病防治法》
计划生育手术并发症鉴定|C|30/15|d|0|p:reason|《计划生育手术并发症鉴定管理办法》
医疗事故技术鉴定申请受理|S|10/5|d|0|p:dispute|《医疗事故处理条例》
晚期血吸虫病人救治|P|20/10|d|1|h|《血吸虫病防治条例》
家庭医生签约服务|S|1/1|v|1|h|《关于推进家庭医生签约服务的指导意见》
老年人健康体检|S|5/2|v|0|h|《国家基本公共卫生服务规范（第三版）》
{}卫生许可注销@公共场所;饮用水供水单位|O|10/3|d|1|e:reason|《公共场所卫生管理条例》《中华人民共和国传染病防治法》
{}执业注册注销@医师;护士;乡村医生|O|10/3|d|1|p:reason|《中华人民共和国执业医师法》《护士条例》《乡村医生从业管理条例》
""",
    "区退役军人事务局": """
退役士兵接收安置报到|S|5/1|t|1|h:veteran|《退役士兵安置条例》
退役士兵自主就业一次性经济补助|P|20/10|d|1|h:veteran,bank
退役士兵职业技能培训申请|S|10/5|d|1|h:veteran
退役军人和其他优抚对象信息采集|S|5/1|v|1|h:veteran|《军人抚恤优待条例》
光荣牌悬挂申请|S|10/5|v|1|h:veteran
残疾等级评定|C|60/30|d|0|h:veteran
残疾军人证换发|S|20/10|d|0|h:veteran,license_no
伤残抚恤金发放|P|20/10|t|1|h:veteran,bank
{}定期生活补助@在乡复员军人;带病回乡退伍军人|P|20/10|v|1|h:veteran,bank
参战参试退役人员生活补助|P|20/10|t|1|h:veteran,bank
烈士褒扬金发放|P|20/10|d|1|h:bank|《烈士褒扬条例》
{}遗属定期抚恤金发放@烈士;因公牺牲军人;病故军人|P|20/10|t|1|h:bank|《烈士褒扬条例》《军人抚恤优待条例》
义务兵家庭优待金发放|P|20/10|t|1|h:bank
退役军人创业贷款贴息申请|P|20/10|d|1|p:veteran,bank|《关于促进新时代退役军人就业创业工作的意见》
""",
    "区应急管理局": """
危险化学品经营许可证核发|L|30/15|d|1|e:address|《危险化学品安全管理条例》
危险化学品经营许可证{}@变更;延期|L|20/10|d|1|e:reason
危险化学品经营许可证注销|O|10/3|d|1|e:reason
烟花爆竹经营（零售）许可证{}@核发;延期;变更|L|20/5|d|1|e:address|《烟花爆竹安全管理条例》
非煤矿山建设项目安全设施设计审查|L|20/10|d|0|e:project|《中华人民共和国安全生产法》
生产经营单位主要负责人安全生产知识考核|O|20/10|d|1|p
生产安全事故应急预案备案|O|20/5|d|1|e|《生产安全事故应急预案管理办法》
第二类第三类非药品类易制毒化学品经营备案|O|3/1|d|1|e|《非药品类易制毒化学品生产、经营许可办法》
受灾人员冬春生活救助|P|20/10|v|1|h:family,bank|《自然灾害救助条例》
自然灾害倒损民房恢复重建补助|P|30/15|v|1|h:house,bank
自然灾害过渡期生活救助|P|20/10|t|1|h:family,bank
""",
    "区审计局": """
审计结果公开查询|S|15/5|d|1|p:reason|《中华人民共和国审计法》
政府投资项目竣工决算审计受理|O|60/30|d|0|o:project
内部审计工作备案|O|10/5|d|1|o|《审计署关于内部审计工作的规定》
""",
    "区市场监督管理局": """
企业变更登记|L|15/3|d|1|e:company|《中华人民共和国公司登记管理条例》
企业注销登记|L|15/3|d|1|e:reason
企业简易注销登记|L|15/3|d|1|e
企业名称自主申报|S|1/1|d|1|p:shop
分公司设立登记|L|15/3|d|1|e:company
个体工商户{}@变更登记;注销登记|L|15/1|t|1|p:shop|《个体工商户条例》
农民专业合作社设立登记|L|15/3|d|1|p:shop|《中华人民共和国农民专业合作社法》
农民专业合作社{}@变更登记;注销登记|L|15/3|d|1|e:reason
企业年度报告公示|S|1/1|d|1|e|《企业信息公示暂行条例》
经营异常名录移出|O|5/2|d|1|e:reason|《企业经营异常名录管理暂行办法》
动产抵押登记|C|1/1|d|1|e:contract|《中华人民共和国物权法》
股权出质设立登记|C|3/1|d|1|e:contract|《工商行政管理机关股权出质登记办法》
股权出质{}@变更登记;注销登记;撤销登记|C|3/1|d|1|e:contract
动产抵押{}@变更登记;注销登记|C|1/1|d|1|e:contract|《中华人民共和国物权法》
广告发布登记|L|10/3|d|1|e|《中华人民共和国广告法》
广告发布登记{}@变更;注销|L|10/3|d|1|e:reason
商标注册申请受理|S|5/1|d|1|e|《中华人民共和国商标法》
食品生产许可|L|20/10|d|0|e:food|《中华人民共和国食品安全法》
小餐饮经营许可|L|10/3|t|1|p:food|《湖南省食品生产加工小作坊小餐饮和食品摊贩管理条例》
食品小作坊登记|L|20/5|t|0|p:food
食品摊贩登记|C|10/3|t|0|p:food
药品零售企业经营许可|L|30/15|d|0|e:address|《中华人民共和国药品管理法》
第二类医疗器械经营备案|O|5/1|d|1|e:address|《医疗器械监督管理条例》
第二类医疗器械经营备案变更|O|5/1|d|1|e:reason
特种设备使用登记|C|15/5|d|0|e:equipment|《中华人民共和国特种设备安全法》
计量器具强制检定|S|20/10|d|0|e:equipment|《中华人民共和国计量法》
消费投诉受理|S|7/3|t|1|p:dispute|《中华人民共和国消费者权益保护法》
消费纠纷调解|S|30/15|d|0|p:dispute
{}变更;{}延续;{}注销;{}补证@食品经营许可;食品生产许可|L|20/10|d|1|e:reason|《中华人民共和国食品安全法》
药品零售企业经营许可{}@变更;换发;注销|L|20/10|d|1|e:reason|《中华人民共和国药品管理法》
{}设立登记;{}变更登记;{}注销登记@个人独资企业;合伙企业;非公司企业法人;外商投资企业|L|15/3|d|1|e:reason|《中华人民共和国公司登记管理条例》《中华人民共和国合伙企业登记管理办法》《中华人民共和国个人独资企业法》
分公司{}@变更登记;注销登记|L|15/3|d|1|e:reason|《中华人民共和国公司登记管理条例》
特种设备{}@使用登记变更;使用登记注销;停用报废登记|C|15/5|d|0|e:equipment|《中华人民共和国特种设备安全法》
{}变更;{}延续@小餐饮经营许可;食品小作坊登记|L|10/3|d|1|p:food|《湖南省食品生产加工小作坊小餐饮和食品摊贩管理条例》
""",
    "区统计局": """
部门统计调查项目审批|L|20/10|d|1|o|《中华人民共和国统计法》
统计{}@资料查询;信息咨询服务|S|5/2|d|1|p:reason
统计用区划代码和城乡划分代码查询|S|3/1|d|1|o:reason
""",
    "区医疗保障局": """
城乡居民基本医疗保险参保信息变更|S|5/1|v|1|h|《中华人民共和国社会保险法》
城乡居民基本医疗保险费缴纳|S|1/1|v|1|h
职工基本医疗保险参保登记|S|5/1|d|1|e:employment
基本医疗保险关系转移接续|S|15/5|t|1|p
基本医疗保险参保缴费证明开具|S|1/1|d|1|p
异地就医备案|S|5/1|t|1|p:reason|《关于切实做好基本医疗保险跨省异地就医住院医疗费用直接结算工作的通知》
转外就医备案|S|5/1|d|1|p:reason
门诊慢特病待遇认定|C|20/10|t|1|p:reason|《中华人民共和国社会保险法》
特殊药品待遇认定|C|20/10|d|1|p:reason
零星医疗费用报销|P|20/10|t|1|p:bank
意外伤害住院医疗费用报销|P|20/10|d|1|p:reason,bank
生育医疗费用报销|P|20/10|d|1|p:bank
生育津贴支付|P|20/10|d|1|p:employment,bank
职工基本医疗保险个人账户一次性支取|P|20/10|d|1|p:bank
医疗救助申请|P|20/10|v|1|h:family,bank|《社会救助暂行办法》
定点医药机构申请受理|O|20/10|d|1|e:medical|《中华人民共和国社会保险法》
""",
    "区城市管理和综合执法局": """
设置大型户外广告审批|L|20/10|d|1|e:address|《城市市容和环境卫生管理条例》
城市建筑物设施上张挂张贴宣传品审批|L|7/3|d|1|o:event
关闭闲置拆除城市环境卫生设施审批|L|20/10|d|0|o:project
从事城市生活垃圾经营性清扫收集运输服务审批|L|20/10|d|0|e:vehicles|《国务院对确需保留的行政审批项目设定行政许可的决定》
城市建筑垃圾处置核准|L|20/10|d|1|e:project|《城市建筑垃圾管理规定》
{}城市道路审批@临时占用;挖掘|L|15/5|d|1|e:project|《城市道路管理条例》
依附于城市道路建设各种管线杆线设施审批|L|20/10|d|1|e:project
特殊车辆在城市道路上行驶审批|L|10/5|d|1|e:vehicle
城市树木砍伐迁移审批|L|20/10|d|1|e:tree|《城市绿化条例》
临时占用城市绿地审批|L|20/10|d|1|e:project
临时占道经营审批|L|7/3|t|1|p:shop|《城市道路管理条例》
""",
    "区林业局": """
林木采伐许可证核发|L|20/5|v|1|h:tree|《中华人民共和国森林法》
木材运输证核发|L|5/1|t|1|p:tree,vehicle|《中华人民共和国森林法实施条例》
使用林地审核|L|20/10|d|0|e:project,land|《中华人民共和国森林法》
临时使用林地审批|L|20/10|d|0|e:project,land
林木种子生产经营许可证核发|L|20/10|d|0|e:address|《中华人民共和国种子法》
林业植物检疫证书核发|L|20/5|d|0|e:tree|《植物检疫条例》
非国家重点保护陆生野生动物人工繁育许可|L|20/10|d|0|e:address|《中华人民共和国野生动物保护法》
野生动物致害补偿|P|30/15|t|0|h:reason,bank
森林生态效益补偿金发放|P|30/10|v|1|h:land,bank|《中央财政林业补助资金管理办法》
退耕还林补助发放|P|30/10|v|1|h:land,bank|《退耕还林条例》
林木林地权属争议调处|A|60/30|t|0|p:land,dispute|《林木林地权属争议处理办法》
森林防火期内野外用火审批|L|5/2|t|0|p:reason|《森林防火条例》
进入森林高火险区活动审批|L|5/2|d|0|p:reason
古树名木移植审批|L|20/10|d|0|e:tree|《城市古树名木保护管理办法》
""",
    "区行政审批服务局": """
工程建设项目策划生成|S|10/5|d|1|e:project|《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》
工程建设项目审批帮办代办|S|1/1|d|1|e:project
建设工程规划设计方案联合审查|O|15/7|d|1|e:project,building
工程建设项目施工图设计文件联合审查|O|10/5|d|1|e:project,building
社会投资简易低风险工程建设项目联合审批|O|15/5|d|1|e:project,building
工程建设项目竣工联合验收|O|20/10|d|0|e:project,building
工程建设项目多测合一|S|20/10|d|1|e:project
区域评估成果申请使用|S|5/2|d|1|e:project
水电气网联合报装|S|5/2|d|1|e:address|《优化营商环境条例》
施工临时用水用电联合报装|S|5/2|d|1|e:project
企业开办一窗通办|S|3/1|d|1|p:shop
企业印章免费刻制|S|1/1|d|0|e
证照免费邮寄送达|S|1/1|t|1|p:address
企业注销一网服务|S|5/2|d|1|e:reason
告知承诺制审批申请|S|1/1|d|1|e:reason
政务服务好差评申诉处理|S|5/2|t|1|p:dispute|《国务院办公厅关于建立政务服务“好差评”制度提高政务服务水平的意见》
工程建设项目招标方案核准|L|20/10|d|1|o:project|《中华人民共和国招标投标法实施条例》
自行招标备案|O|5/2|d|1|o:project
公共资源交易项目进场登记|S|3/1|d|1|o:project|《公共资源交易平台管理暂行办法》
公共资源交易主体信息库登记|S|3/1|d|1|e
公共资源交易见证书出具|S|3/1|d|1|o:project
公共资源交易场地预约|S|1/1|d|1|o:event
投标保证金退还|S|5/1|d|1|e:bank
中标通知书备案|O|3/1|d|1|o:project|《中华人民共和国招标投标法》
交通水利工程招标投标情况书面报告备案|O|3/1|d|1|o:project
政府采购合同备案|O|3/1|d|1|o:contract|《中华人民共和国政府采购法》
评标专家抽取|S|1/1|d|0|o:project|《评标专家和评标专家库管理暂行办法》
中介服务机构网上中介超市入驻|S|5/2|d|1|e|《优化营商环境条例》
中介服务项目网上选取|S|5/2|d|1|o:project
结合民用建筑修建防空地下室审批|L|20/10|d|1|e:project,building|《中华人民共和国人民防空法》
防空地下室易地建设审批|L|20/10|d|1|e:project,building
防空地下室易地建设费减免|O|20/10|d|1|e:project
人民防空工程竣工验收备案|O|15/5|d|1|e:project,building
拆除人民防空工程审批|L|20/10|d|0|e:project
人民防空警报设施拆除审批|L|20/10|d|0|o:project
""",
    "区信访局": """
信访事项受理|O|15/5|t|1|p:dispute|《信访条例》
信访事项复查|O|30/20|d|1|p:dispute
网上信访|S|15/5|d|1|p:dispute
信访事项办理结果查询|S|1/1|d|1|p:reason
""",
    "区数据资源局": """
政务数据共享申请|S|10/5|d|1|o:reason|《政务信息资源共享管理暂行办法》
公共数据开放申请|S|15/5|d|1|e:reason
电子政务外网接入申请|S|10/5|d|1|o:reason|《国家电子政务外网管理暂行办法》
""",
    "区税务局": """
税务登记|C|1/1|d|1|e|《中华人民共和国税收征收管理法》
定期定额户{}@停业登记;复业登记|O|1/1|d|1|p:reason
变更税务登记|C|1/1|d|1|e:reason
注销税务登记|C|20/5|d|1|e:reason
跨区域涉税事项报告|O|1/1|d|1|e:project
存款账户账号报告|O|1/1|d|1|e:bank
{}备案@财务会计制度;税收优惠;出口退（免）税|O|1/1|d|1|e
增值税一般纳税人登记|C|1/1|d|1|e|《增值税一般纳税人登记管理办法》
发票领用|O|1/1|d|1|e|《中华人民共和国发票管理办法》
代开增值税发票|S|1/1|d|1|p:amount
增值税专用发票最高开票限额审批|L|10/5|d|1|e|《国务院对确需保留的行政审批项目设定行政许可的决定》
对纳税人延期缴纳税款的核准|L|20/10|d|1|e:reason,amount|《中华人民共和国税收征收管理法》
对纳税人延期申报的核准|L|20/10|d|1|e:reason
对纳税人变更纳税定额的核准|L|20/10|d|1|p:amount
误收多缴退抵税|S|10/5|d|1|e:amount
完税证明开具|S|1/1|d|1|p
个人所得税综合所得汇算清缴|S|1/1|d|1|p:amount|《中华人民共和国个人所得税法》
个人所得税专项附加扣除信息报送|S|1/1|d|1|p
契税申报|S|1/1|d|0|p:house,amount|《中华人民共和国契税暂行条例》
车辆购置税申报|S|1/1|d|1|p:vehicle,amount|《中华人民共和国车辆购置税法》
耕地占用税申报|S|1/1|d|0|e:land,amount|《中华人民共和国耕地占用税暂行条例》
房产税申报|S|1/1|d|1|e:house,amount|《中华人民共和国房产税暂行条例》
城镇土地使用税申报|S|1/1|d|1|e:land,amount|《中华人民共和国城镇土地使用税暂行条例》
""",
    "区残疾人联合会": """
残疾人证办理|C|30/10|v|1|h:assess|《中华人民共和国残疾人证管理办法》
残疾人证换领|C|20/5|v|1|h:disability
残疾人证{}@补领;迁移|C|20/5|t|1|h:disability
残疾人证注销|C|10/3|t|1|h:disability,reason
残疾类别等级变更|C|30/10|t|0|h:disability
残疾人辅助器具适配补贴|P|20/10|t|1|h:disability,bank|《中华人民共和国残疾人保障法》
残疾儿童康复救助|P|20/10|t|1|h:child,disability|《国务院关于建立残疾儿童康复救助制度的意见》
残疾人机动轮椅车燃油补贴|P|20/10|t|1|h:disability,bank|《残疾人机动轮椅车燃油补贴制度方案》
残疾人自主创业补贴|P|20/10|d|1|h:disability,bank|《中华人民共和国残疾人保障法》
""",
    "区妇女联合会": """
妇女儿童维权投诉受理|S|5/2|t|1|p:dispute|《中华人民共和国妇女权益保障法》
“两癌”患病困难妇女救助|P|30/15|t|1|p:reason,bank
家庭教育指导服务|S|5/2|d|1|p:child
婚姻家庭纠纷调解|S|30/15|t|0|p:dispute
""",
    "区总工会": """
困难职工帮扶救助|P|20/10|t|1|p:employment,family,bank|《中华人民共和国工会法》
职工劳动争议法律援助|S|10/5|d|1|p:employment,dispute
基层工会法人资格登记|C|20/10|d|1|o|《工会法人资格登记管理办法》
基层工会成立备案|O|10/5|d|1|o|《中华人民共和国工会法》
金秋助学|P|20/10|d|1|p:child,bank
""",
    "区不动产登记中心": """
抵押权首次登记|C|30/3|d|1|p:realestate,contract|《不动产登记暂行条例》|80
抵押权注销登记|C|30/1|d|1|p:realestate
预告登记|C|30/3|d|1|p:realestate,contract
预告登记注销|C|30/1|d|1|p:realestate
更正登记|C|30/5|d|0|p:realestate,reason
异议登记|C|30/1|d|0|p:realestate,dispute
查封登记|C|1/1|d|0|o:realestate
地役权登记|C|30/10|d|0|p:realestate,contract
不动产登记资料查询|S|1/1|d|1|p:realestate
不动产权证书补证换证|C|30/5|d|1|p:realestate,reason||10
{}首次登记;{}转移登记@国有建设用地使用权及房屋所有权;国有建设用地使用权|C|30/5|d|1|p:realestate|《不动产登记暂行条例》|80
{}首次登记;{}转移登记@宅基地使用权及房屋所有权;集体建设用地使用权及建筑物所有权|C|30/10|d|0|p:realestate
{}变更登记;{}注销登记@国有建设用地使用权及房屋所有权;国有建设用地使用权;宅基地使用权及房屋所有权;集体建设用地使用权及建筑物所有权;林权|C|30/5|d|1|p:realestate,reason
""",
    "区疾病预防控制中心": """
预防接种证补办|S|5/1|t|1|h:child|《中华人民共和国疫苗管理法》
入托入学预防接种证查验证明|S|3/1|t|1|h:child
从业人员预防性健康检查|S|7/3|d|0|p|《中华人民共和国食品安全法》
艾滋病自愿咨询检测|S|1/1|d|0|p|《艾滋病防治条例》
狂犬病暴露预防处置|S|1/1|t|0|p|《中华人民共和国传染病防治法》
生活饮用水水质检测|S|10/5|d|0|o:address
""",
    "区住房公积金管理部": """
住房公积金单位缴存登记|S|3/1|d|1|e|《住房公积金管理条例》
住房公积金个人账户设立|S|3/1|d|1|e:employment
住房公积金个人账户{}@转移;封存|S|3/1|d|1|p:fund
住房公积金购房提取|S|3/1|d|1|p:fund,house
住房公积金{}提取@租房;偿还贷款|S|3/1|d|1|p:fund
住房公积金个人住房贷款|S|15/7|d|0|p:fund,house
住房公积金缴存证明开具|S|1/1|d|1|p:fund
灵活就业人员住房公积金自愿缴存登记|S|3/1|d|1|p:fund
住房公积金缓缴审批|O|10/5|d|1|e:reason
""",
    "区消防救援大队": """
公众聚集场所投入使用营业前消防安全检查|L|10/5|d|1|e:address,area|《中华人民共和国消防法》
消防安全重点单位申报备案|O|5/2|d|1|e:address
举办大型群众性活动消防安全检查|O|5/2|d|0|o:event
火灾事故认定|C|30/15|d|0|p:reason|《火灾事故调查规定》
火灾事故证明出具|S|5/2|d|0|p:reason
消防安全培训预约服务|S|5/2|t|1|o:event|《中华人民共和国消防法》
""",
    "区乡村振兴局": """
防止返贫监测对象申报|S|15/5|v|1|h:family|《关于建立防止返贫监测和帮扶机制的指导意见》
扶贫小额信贷申请|S|10/5|t|1|h:bank|《关于创新发展扶贫小额信贷的指导意见》
雨露计划职业教育补助|P|30/10|v|1|h:child,bank|《关于加强雨露计划支持农村贫困家庭新成长劳动力接受职业教育的意见》
脱贫人口外出务工交通补助|P|20/10|v|1|h:employment,bank|《中华人民共和国就业促进法》
脱贫户产业发展奖补|P|30/15|v|1|h:project,bank|《财政专项扶贫资金管理办法》
""",
    "区档案馆": """
档案查阅利用|S|1/1|d|1|p:reason|《中华人民共和国档案法》
民生档案跨馆出证|S|3/1|t|1|p:reason
知青档案查询|S|3/1|d|1|p:reason
国有企业职工档案查询|S|3/1|d|0|p:reason
档案寄存代管|S|10/5|d|0|o:reason
""",
    "区供销合作社": """
基层供销合作社成立审核|O|20/10|d|0|o:address|《中华全国供销合作总社章程》
化肥淡季商业储备承储企业申报|O|20/10|d|1|e|《化肥淡季商业储备管理办法》
农村综合服务社建设补助申报|P|30/15|t|1|o:project|《中华全国供销合作总社章程》
""",
    "区气象局": """
防雷装置设计审核|L|20/5|d|1|e:project,building|《气象灾害防御条例》
防雷装置竣工验收|L|10/5|d|0|e:project,building
升放无人驾驶自由气球或者系留气球活动审批|L|5/2|d|1|o:event|《通用航空飞行管制条例》
雷电灾害调查鉴定|S|20/10|d|0|o:reason|《气象灾害防御条例》
气象资料提供|S|5/2|d|1|p:reason|《中华人民共和国气象法》
气象灾害证明出具|S|5/2|d|1|p:reason
""",
}

# --- the items of the bundles, written out in full ---------------------------------------------

_PERSON = (APPLICANT_NAME, APPLICANT_ID, APPLICANT_PHONE)
_HOUSEHOLD = (*_PERSON, HOUSEHOLD_NUMBER, HOUSEHOLD_ADDRESS)
_NEWBORN = (NEWBORN_NAME, NEWBORN_SEX, NEWBORN_BIRTH_DATE)
_PARENTS_ID = MaterialSpec("父母身份证", held="id_card")
_MARRIAGE_CERT = _m("父母结婚证")
_DELIVERY_RECORD = _m("住院分娩证明", "original")
_BIRTH_CERT = _m("出生医学证明", "original")
_COMPANY_NAME = _text("company_name", "企业名称")
_COMPANY_ADDRESS = _text("company_address", "住所", 200)
_CAPITAL = _dec("registered_capital", "注册资本（万元）", 10, 100000)
_VEHICLE_COUNT = _int("vehicle_count", "车辆数量", 1, 500)
_COMPANY_TYPE = _choice(
    "company_type", "企业类型", ("有限责任公司", "股份有限公司", "个人独资企业", "合伙企业")
)
_TRANSPORT_CATEGORY = _choice(
    "transport_category",
    "道路运输经营范围",
    ("道路普通货物运输", "货物专用运输", "大型物件运输", "道路旅客运输"),
)
_ROAD_MATERIALS = (
    _m("车辆行驶证"),
    _m("驾驶员从业资格证"),
    _m("安全生产管理制度文本", "original"),
    LEGAL_REP_ID_CARD,
)
_SIGN = (_text("sign_text", "招牌文字内容", 50), _dec("sign_area", "招牌面积（平方米）", 1, 100))
_SIGN_DRAWING = _m("招牌设计效果图", "electronic")
_OPERATOR_ID_CARD = MaterialSpec("经营者身份证", held="id_card")
_RETIRE = (
    EMPLOYER,
    _date("work_start_date", "参加工作时间"),
    _choice("retirement_type", "退休类别", ("正常退休", "特殊工种提前退休", "因病提前退休")),
)
_RETIRE_DATE = _date("retire_date", "退休日期")
_FUND_ACCOUNT = _text("housing_fund_account", "住房公积金个人账号", 20)
_DECEASED_RELATION = _choice(
    "deceased_relationship", "逝者与申请人关系", ("配偶", "父母", "子女", "其他亲属")
)
_BANK_CARD = _m("银行卡（存折）")
_KINSHIP = _m("亲属关系证明")

# fmt: off
_FULL: dict[str, tuple[ItemSpec, ...]] = {
    "区卫生健康局": (
        ItemSpec(
            "", "出生医学证明签发", "confirmation", "区卫生健康局", 10, 3,
            levels=("district", "town"), steps=("审核", "签发"),
            fields=(*_PERSON, *_NEWBORN, BIRTH_PLACE, BIRTH_WEIGHT, OTHER_PARENT_NAME,
                    OTHER_PARENT_ID, MAILING_ADDRESS),
            materials=(_DELIVERY_RECORD, _PARENTS_ID, _MARRIAGE_CERT),
            conditions="在本区助产机构出生的新生儿，由其父母或监护人申请签发出生医学证明。",
            basis="《中华人民共和国母婴保健法》《出生医学证明管理办法》",
        ),
        ItemSpec(
            "", "儿童保健手册办理", "public_service", "区卫生健康局", 5, 1,
            levels=("district", "town"), steps=("建档", "发放"),
            fields=(*_PERSON, *_NEWBORN, BIRTH_WEIGHT),
            materials=(_m("出生医学证明", required=False), _PARENTS_ID),
            conditions="本区常住的0至6岁儿童，由其监护人申请建立儿童保健档案。",
            basis="《中华人民共和国母婴保健法》《国家基本公共卫生服务规范（第三版）》",
        ),
    ),
    "区公安分局": (
        ItemSpec(
            "", "出生登记", "confirmation", "区公安分局", 20, 3,
            levels=("district", "town"), steps=("审核", "登记"),
            fields=(*_HOUSEHOLD, *_NEWBORN, BIRTH_PLACE, OTHER_PARENT_NAME, OTHER_PARENT_ID),
            materials=(_BIRTH_CERT, _MARRIAGE_CERT, _PARENTS_ID, HOUSEHOLD_REGISTER),
            conditions="婴儿出生后一个月内，由户主、亲属、抚养人或邻居向户口登记机关申报出生登记。",
            basis="《中华人民共和国户口登记条例》",
        ),
        ItemSpec(
            "", "死亡户口注销", "confirmation", "区公安分局", 20, 1,
            levels=("district", "town"), steps=("审核", "注销"),
            fields=(*_HOUSEHOLD, *DECEASED, _DECEASED_RELATION),
            materials=(DEATH_CERT, _m("逝者居民身份证", "original", required=False),
                       HOUSEHOLD_REGISTER, ID_CARD),
            conditions="公民死亡后，由其户主、亲属、抚养人或邻居申报注销户口。",
            basis="《中华人民共和国户口登记条例》",
        ),
    ),
    "区疾病预防控制中心": (
        ItemSpec(
            "", "预防接种证办理", "public_service", "区疾病预防控制中心", 5, 1,
            levels=("district", "town"), steps=("建卡建证",),
            fields=(*_PERSON, *_NEWBORN, BIRTH_WEIGHT),
            materials=(_m("新生儿首针乙肝疫苗和卡介苗接种记录", "original"), _PARENTS_ID),
            conditions="儿童出生后一个月内，由其监护人到居住地接种单位办理预防接种证。",
            basis="《中华人民共和国疫苗管理法》",
        ),
    ),
    "区医疗保障局": (
        ItemSpec(
            "", "城乡居民基本医疗保险参保登记", "public_service", "区医疗保障局", 5, 1,
            levels=("district", "town", "village"), steps=("审核", "登记"),
            fields=(
                *_HOUSEHOLD,
                _text("insured_name", "参保人姓名", 30),
                _idn("insured_id_number", "参保人身份证号码（新生儿可暂缺）", required=False),
                _choice("insured_relation", "参保人与申请人关系",
                        ("本人", "配偶", "子女", "父母", "其他亲属")),
            ),
            materials=(ID_CARD, HOUSEHOLD_REGISTER),
            conditions="本区户籍或持本区居住证、未参加职工基本医疗保险的城乡居民（含新生儿）。",
            basis="《中华人民共和国社会保险法》《国务院关于整合城乡居民基本医疗保险制度的意见》",
        ),
        ItemSpec(
            "", "退休人员基本医疗保险待遇核定", "confirmation", "区医疗保障局", 10, 3,
            steps=("审核", "核定"),
            fields=(*_PERSON, EMPLOYER, _RETIRE_DATE),
            materials=(_m("退休审批表"), ID_CARD),
            conditions="已办理退休手续、职工基本医疗保险缴费年限符合规定的参保人员。",
            basis="《中华人民共和国社会保险法》",
        ),
        ItemSpec(
            "", "基本医疗保险参保注销登记", "public_service", "区医疗保障局", 5, 1,
            levels=("district", "town"), steps=("审核", "注销"),
            fields=(*_PERSON, *DECEASED, _DECEASED_RELATION),
            materials=(_m("居民死亡医学证明（推断）书"), ID_CARD),
            conditions="参保人员死亡、出国（境）定居或重复参保的，由本人或其亲属申请注销。",
            basis="《中华人民共和国社会保险法》",
        ),
    ),
    "区市场监督管理局": (
        ItemSpec(
            "", "企业设立登记", "licensing", "区市场监督管理局", 15, 3,
            steps=("审查", "核准"),
            fields=(
                _COMPANY_NAME,
                _COMPANY_TYPE,
                _CAPITAL, BUSINESS_SCOPE, _COMPANY_ADDRESS, LEGAL_REP, LEGAL_REP_ID,
                APPLICANT_PHONE,
            ),
            materials=(
                _m("公司登记（备案）申请书", "original"),
                _m("公司章程", "original"),
                _m("住所使用证明"),
                _m("股东主体资格证明"),
                LEGAL_REP_ID_CARD,
            ),
            conditions="企业名称、住所、经营范围等符合法律法规规定，申请材料齐全、符合法定形式。",
            basis="《中华人民共和国公司法》《中华人民共和国公司登记管理条例》",
        ),
        ItemSpec(
            "", "个体工商户注册登记", "licensing", "区市场监督管理局", 15, 1,
            levels=("district", "town"), steps=("审查", "核准"),
            fields=(*_PERSON, BUSINESS_NAME, BUSINESS_SCOPE, BUSINESS_ADDRESS,
                    _dec("capital_amount", "资金数额（万元）", 0, 10000, required=False)),
            materials=(_m("个体工商户登记申请书", "original"), PREMISES, _OPERATOR_ID_CARD),
            conditions="有经营能力的公民，经营场所和经营范围符合规定，可以申请登记为个体工商户。",
            basis="《个体工商户条例》《个体工商户登记管理办法》",
        ),
        ItemSpec(
            "", "食品经营许可", "licensing", "区市场监督管理局", 20, 5,
            online=True, steps=("材料审查", "现场核查", "决定"),
            fields=(*_PERSON, BUSINESS_NAME, _text("credit_code", "统一社会信用代码", 18,
                    required=False), BUSINESS_ADDRESS,
                    BUSINESS_AREA, FOOD_CATEGORY),
            materials=(_m("食品经营许可申请书", "original"), BUSINESS_LICENCE, FLOOR_PLAN,
                       FOOD_RULES, HEALTH_CERTS, ID_CARD),
            conditions="具有与经营的食品品种、数量相适应的经营场所、设备设施、管理制度和人员。",
            basis="《中华人民共和国食品安全法》《食品经营许可管理办法》",
        ),
    ),
    "区交通运输局": (
        ItemSpec(
            "", "道路运输经营许可", "licensing", "区交通运输局", 20, 2,
            steps=("审查", "决定"),
            fields=(
                _COMPANY_NAME,
                _text("credit_code", "统一社会信用代码", 18, required=False),
                _TRANSPORT_CATEGORY,
                _VEHICLE_COUNT, _COMPANY_ADDRESS, LEGAL_REP, LEGAL_REP_ID, APPLICANT_PHONE,
            ),
            materials=(_m("道路运输经营申请表", "original"), BUSINESS_LICENCE, *_ROAD_MATERIALS),
            conditions="有与其经营业务相适应并经检测合格的车辆、符合条件的驾驶人员和健全的安全生产管理制度。",
            basis="《中华人民共和国道路运输条例》《道路货物运输及站场管理规定》",
        ),
    ),
    "区城市管理和综合执法局": (
        ItemSpec(
            "", "户外招牌设置备案", "other_power", "区城市管理和综合执法局", 5, 1,
            levels=("district", "town"), steps=("审核", "备案"),
            fields=(*_PERSON, BUSINESS_NAME, BUSINESS_ADDRESS, *_SIGN),
            materials=(_SIGN_DRAWING, PREMISES, _m("营业执照", required=False)),
            conditions="临街商铺设置户外招牌，位置、尺寸和样式符合本区户外招牌设置规范。",
            basis="《城市市容和环境卫生管理条例》",
        ),
    ),
    "区人力资源和社会保障局": (
        ItemSpec(
            "", "企业职工退休审批", "confirmation", "区人力资源和社会保障局", 20, 5,
            steps=("审核", "审批"),
            fields=(*_PERSON, *_RETIRE),
            materials=(_m("职工人事档案", "original"), ID_CARD, HOUSEHOLD_REGISTER),
            conditions="达到法定退休年龄（或符合提前退休条件）且基本养老保险累计缴费满15年的参保职工。",
            basis="《国务院关于工人退休、退职的暂行办法》《中华人民共和国社会保险法》",
        ),
        ItemSpec(
            "", "企业职工基本养老保险待遇申领", "payment", "区人力资源和社会保障局", 20, 5,
            steps=("审核", "核定", "发放"),
            fields=(*_PERSON, *BANK),
            materials=(_BANK_CARD, ID_CARD),
            conditions="已办理退休审批、符合按月领取基本养老金条件的参保人员。",
            basis="《中华人民共和国社会保险法》",
        ),
        ItemSpec(
            "", "丧葬补助金和抚恤金申领", "payment", "区人力资源和社会保障局", 20, 5,
            levels=("district", "town"), steps=("审核", "核定", "发放"),
            fields=(*_PERSON, *DECEASED, _DECEASED_RELATION, *BANK),
            materials=(_m("居民死亡医学证明（推断）书"), _KINSHIP, _BANK_CARD, ID_CARD),
            conditions="参加基本养老保险的个人因病或非因工死亡的，其遗属可以领取丧葬补助金和抚恤金。",
            basis="《中华人民共和国社会保险法》",
        ),
    ),
    "区住房公积金管理部": (
        ItemSpec(
            "", "住房公积金退休提取", "public_service", "区住房公积金管理部", 3, 1,
            steps=("审核", "支付"),
            fields=(*_PERSON, _FUND_ACCOUNT, *BANK),
            materials=(_m("退休证明"), _BANK_CARD, ID_CARD),
            conditions="缴存职工办理退休手续后，可以提取本人住房公积金账户余额并销户。",
            basis="《住房公积金管理条例》",
        ),
    ),
}
# fmt: on

# --- expanding the lines ---------------------------------------------------------------------

_KINDS = dict(zip("LCPAROS", ("licensing", "confirmation", "payment", "adjudication", "reward",
                               "other_power", "public_service"), strict=True))  # fmt: skip
_LEVEL_CODES = {"d": ("district",), "t": ("district", "town"), "v": LEVELS}
_PERSONAL = {"p", "h"}


_CONDITIONS = {
    "licensing": "{who}符合办理{name}的法定条件，申请材料齐全、符合法定形式。",
    "confirmation": "{who}属本区管辖范围，申请确认的事实清楚，材料真实、齐全。",
    "payment": "申请人户籍或经常居住地在本区，符合给付对象条件，如实申报个人和家庭情况。",
    "adjudication": "当事人之间发生争议，有明确的对方当事人和具体请求，属于本机关处理范围。",
    "reward": "{who}符合评定（授予）条件，申报材料真实、完整。",
    "other_power": "{who}申请的事项属于本机关职责范围，申请材料齐全、符合规定形式。",
    "public_service": "{who}按规定提出申请，并提供真实、有效的材料。",
}
_ORG_PAYMENT = "申请单位在本区依法登记，符合补助（补贴）条件，如实申报有关情况。"
_STEPS = {
    "licensing": ("审查", "决定"),
    "confirmation": ("审核", "确认"),
    "payment": ("审核", "审批", "资金发放"),
    "adjudication": ("调查", "调解", "裁决"),
    "reward": ("审核", "评审", "决定"),
    "other_power": ("审查", "决定"),
    "public_service": ("审核", "办结"),
}


def _conditions(kind: str, name: str, profile: str) -> str:
    if kind == "payment" and profile not in _PERSONAL:
        return _ORG_PAYMENT
    return _CONDITIONS[kind].format(who="申请人" if profile in _PERSONAL else "申请单位", name=name)


def _steps(kind: str, levels: tuple[str, ...], online: bool, legal_days: int) -> tuple[str, ...]:
    if kind == "licensing" and not online:
        return ("材料审查", "现场核查", "决定")  # 窗口办理的许可要现场核查
    if kind == "payment" and "town" in levels:
        return ("乡镇（街道）初审", "部门审批", "资金发放")
    if kind == "public_service" and legal_days == 1:
        return ("办结",)
    return _STEPS[kind]


def _unique_by_name(specs: tuple) -> tuple:
    seen: set[str] = set()
    out = []
    for spec in specs:
        if spec.name not in seen:
            seen.add(spec.name)
            out.append(spec)
    return tuple(out)


def _expand(line: str) -> list[str]:
    """One line, or one line per object and pattern for a pattern line."""
    head, _, rest = line.partition("|")
    if "@" not in head:
        return [line]
    patterns, objects = (part.split(";") for part in head.split("@"))
    return [f"{p.replace('{}', o)}|{rest}" for o in objects for p in patterns]


def _parse(department: str, block: str) -> list[ItemSpec]:
    out = []
    basis = ""
    for raw in block.strip().splitlines():
        for line in _expand(raw.strip()):
            name, kind, days, level, online, form, *more = line.split("|")
            basis = (more[0] if more else "") or basis
            fee = more[1] if len(more) > 1 else "0"
            legal, promised = (int(d) for d in days.split("/"))
            profile, _, tags = form.partition(":")
            fields, materials = _PROFILES[profile]
            for tag in filter(None, tags.split(",")):
                fields, materials = fields + _EXTRAS[tag][0], materials + _EXTRAS[tag][1]
            levels = _LEVEL_CODES[level]
            kind, on = _KINDS[kind], online == "1"
            steps = _steps(kind, levels, on, legal)
            out.append(ItemSpec(
                "", name, kind, department, legal, promised, fee, levels, on, steps,
                _unique_by_name(fields), _unique_by_name(materials),
                _conditions(kind, name, profile), basis,
            ))  # fmt: skip
    return out


def item_code(kind: str, department: str, sequence: int) -> str:
    """The 12-digit item code: kind, department number, sequence, sub-item 000."""
    return f"{KIND_CODES[kind]}{DEPARTMENTS.index(department) + 1:03d}{sequence:04d}000"


@cache
def _catalog() -> tuple[ItemSpec, ...]:
    out: list[ItemSpec] = []
    for department in DEPARTMENTS:
        specs = [*_FULL.get(department, ()), *_parse(department, _BLOCKS[department])]
        for sequence, spec in enumerate(specs, 1):
            out.append(replace(spec, code=item_code(spec.kind, department, sequence)))
    _check(out)
    return tuple(out)


def _check(catalog: list[ItemSpec]) -> None:
    """Fail at first use if an edit breaks the figures the demo promises (FIGURES)."""
    counts = {
        "items": len(catalog),
        "departments": len({i.department for i in catalog}),
        "online": sum(i.online for i in catalog),
        "town": sum("town" in i.levels for i in catalog),
        "village": sum("village" in i.levels for i in catalog),
    }
    if counts != FIGURES:
        raise RuntimeError(f"demo catalog figures drifted: {counts} != {FIGURES}")
    if len({i.name for i in catalog}) != len(catalog):
        raise RuntimeError("demo catalog has duplicate item names")


def items() -> list[ItemSpec]:
    """All 930 items, department by department in sequence order (deterministic, cached)."""
    return list(_catalog())


def item_by_name(name: str) -> ItemSpec:
    """The item of that name (names are unique across the catalog)."""
    return next(i for i in _catalog() if i.name == name)


# --- bundles (一件事一次办) ---------------------------------------------------------------------


def _parts(*stages: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (item_by_name(name).code, stage) for stage, names in enumerate(stages, 1) for name in names
    )


# fmt: off
BUNDLES: tuple[BundleSpec, ...] = (
    BundleSpec(
        code="BIRTH",
        name="出生一件事",
        description="新生儿出生后，一次申请同时办理出生医学证明、户口登记、预防接种证、"
        "城乡居民医保参保登记和儿童保健手册。",
        items=_parts(
            ("出生医学证明签发", "出生登记", "预防接种证办理", "城乡居民基本医疗保险参保登记",
             "儿童保健手册办理"),
        ),
        promised_days=5,
        fields=(
            *_HOUSEHOLD, *_NEWBORN, BIRTH_PLACE, BIRTH_WEIGHT, OTHER_PARENT_NAME,
            OTHER_PARENT_ID, MAILING_ADDRESS,
        ),
        materials=(
            _DELIVERY_RECORD, _m("父母结婚证"), _PARENTS_ID, HOUSEHOLD_REGISTER,
            _m("新生儿照片", "electronic", required=False),
        ),
    ),
    BundleSpec(
        code="ROAD_TRANSPORT_COMPANY",
        name="开办道路运输企业",
        description="先办理企业设立登记，领取营业执照后自动转办道路运输经营许可。",
        items=_parts(("企业设立登记",), ("道路运输经营许可",)),
        promised_days=5,
        fields=(
            _COMPANY_NAME, _COMPANY_TYPE, _CAPITAL, BUSINESS_SCOPE, _COMPANY_ADDRESS,
            _TRANSPORT_CATEGORY, _VEHICLE_COUNT,
            LEGAL_REP, LEGAL_REP_ID, APPLICANT_PHONE,
        ),
        materials=(
            _m("公司章程", "original"), _m("住所使用证明"), *_ROAD_MATERIALS,
        ),
    ),
    BundleSpec(
        code="CATERING_SHOP",
        name="开办餐饮店",
        description="个体工商户注册登记后，同时办理食品经营许可和户外招牌设置备案。",
        items=_parts(("个体工商户注册登记",), ("食品经营许可", "户外招牌设置备案")),
        promised_days=6,
        fields=(
            *_PERSON, BUSINESS_NAME, BUSINESS_SCOPE, BUSINESS_ADDRESS,
            BUSINESS_AREA, FOOD_CATEGORY, *_SIGN,
        ),
        materials=(
            PREMISES, FLOOR_PLAN, FOOD_RULES, HEALTH_CERTS, _SIGN_DRAWING, _OPERATOR_ID_CARD,
        ),
    ),
    BundleSpec(
        code="RETIREMENT",
        name="退休一件事",
        description="企业职工退休审批通过后，同时核定养老金、退休人员医保待遇并提取住房公积金。",
        items=_parts(
            ("企业职工退休审批",),
            ("企业职工基本养老保险待遇申领", "退休人员基本医疗保险待遇核定", "住房公积金退休提取"),
        ),
        promised_days=10,
        fields=(*_PERSON, *_RETIRE, _RETIRE_DATE, _FUND_ACCOUNT, *BANK),
        materials=(_m("职工人事档案", "original"), _BANK_CARD, ID_CARD, HOUSEHOLD_REGISTER),
    ),
    BundleSpec(
        code="DEATH",
        name="身后一件事",
        description="注销逝者户口后，同时办理丧葬补助金和抚恤金申领、城乡居民养老保险注销"
        "和医保参保注销。",
        items=_parts(
            ("死亡户口注销",),
            ("丧葬补助金和抚恤金申领", "城乡居民养老保险注销登记", "基本医疗保险参保注销登记"),
        ),
        promised_days=10,
        fields=(*_HOUSEHOLD, *DECEASED, _DECEASED_RELATION, *BANK),
        materials=(DEATH_CERT, _KINSHIP, _BANK_CARD, ID_CARD, HOUSEHOLD_REGISTER),
    ),
)
# fmt: on
