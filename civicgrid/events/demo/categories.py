"""The demo's event category tree (GB/T 30428.2 classes plus what rural grid workers report):
each top-level category with its department and time limits per urgency, each second-level one
with sample descriptions and handling results for the demo cases."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import LimitUnit, Step, Urgency

URGENT, CRITICAL = Urgency.URGENT, Urgency.CRITICAL


@dataclass(frozen=True)
class Leaf:
    """A second-level category; ``samples`` are descriptions a reporter might give, ``results``
    what a handler reports back (the top-level category's when empty)."""

    code: str
    name: str
    name_en: str
    description: str
    keywords: str
    samples: tuple[str, ...]
    urgency: str = Urgency.NORMAL
    department: str = ""  # overrides the top-level category's department
    results: tuple[str, ...] = ()  # overrides the top-level category's results


@dataclass(frozen=True)
class Branch:
    """A top-level category: its handler, time limits, how often it is reported in urban and
    rural grids (``weight``), and what handlers report back (``results``)."""

    code: str
    name: str
    name_en: str
    description: str
    department: str  # "" when the town handles it
    handle_days: int  # working days at normal urgency
    urgent_hours: int
    critical_hours: int
    weight: tuple[int, int]  # (urban, rural)
    results: tuple[str, ...]
    leaves: tuple[Leaf, ...]
    handled_by_town: bool = False

    def limits(self) -> list[tuple[str, str, int, str]]:
        """(urgency, step, amount, unit) for every step at every urgency."""
        hours, days = LimitUnit.HOURS, LimitUnit.WORKING_DAYS
        return [
            (Urgency.NORMAL, Step.REGISTER, 2, hours),
            (Urgency.NORMAL, Step.DISPATCH, 4, hours),
            (Urgency.NORMAL, Step.HANDLE, self.handle_days, days),
            (Urgency.NORMAL, Step.VERIFY, 24, hours),
            (Urgency.NORMAL, Step.CLOSE, 24, hours),
            # Limits are whole hours: one hour is the shortest register or dispatch time.
            (URGENT, Step.REGISTER, 1, hours),
            (URGENT, Step.DISPATCH, 1, hours),
            (URGENT, Step.HANDLE, self.urgent_hours, hours),
            (URGENT, Step.VERIFY, 4, hours),
            (URGENT, Step.CLOSE, 4, hours),
            (CRITICAL, Step.REGISTER, 1, hours),
            (CRITICAL, Step.DISPATCH, 1, hours),
            (CRITICAL, Step.HANDLE, self.critical_hours, hours),
            (CRITICAL, Step.VERIFY, 2, hours),
            (CRITICAL, Step.CLOSE, 2, hours),
        ]


CITY = "区城市管理和综合执法局"
HOUSING = "区住房和城乡建设局"
TRANSPORT = "区交通运输局"
POLICE = "区公安分局"
WATER = "区水利局"
AGRICULTURE = "区农业农村局"
NATURAL_RESOURCES = "区自然资源局"
MARKET = "区市场监督管理局"

# fmt: off
# One row per category: the layout of a table reads better than one argument per line.
CATEGORY_TREE: tuple[Branch, ...] = (
    Branch(
        "01", "市容环境", "City appearance", "垃圾、堆物、小广告、道路保洁等市容问题",
        CITY, 1, 8, 4, (6, 3),
        (
            "已安排人员到场清理整治，现场恢复整洁。",
            "已责令当事人限期整改，执法队员现场督促整改完毕。",
            "已处置完毕，并加大该区域的巡查频次。",
        ),
        (
            Leaf("0101", "垃圾池满溢", "Overflowing garbage pool", "垃圾池、垃圾桶满溢未及时清运",
                 "垃圾池,垃圾桶,满溢,清运,garbage,bin,overflow",
                 ("垃圾池已经满了，垃圾溢到路面上，气味很大，请尽快安排清运。",
                  "垃圾桶满溢两天没人收，周边苍蝇很多，居民意见大。")),
            Leaf("0102", "暴露垃圾", "Exposed garbage", "路边、空地、河边堆放的生活或建筑垃圾",
                 "暴露垃圾,倾倒,建筑垃圾,dumping,litter",
                 ("路边空地有一堆生活垃圾，长期无人清理。",
                  "有人在路边倾倒建筑垃圾约两车，占了半边道路。")),
            Leaf("0103", "乱堆物堆料", "Materials piled in public space",
                 "在道路、人行道、公共场地乱堆建材杂物", "堆物,堆料,建材,杂物,obstruction",
                 ("沿街商户在人行道上堆放建材和杂物，行人只能走机动车道。",
                  "路边堆了大量沙石，晚上看不清，容易出事。")),
            Leaf("0104", "违规张贴小广告", "Illegal small advertisements",
                 "乱张贴、乱涂写、乱喷涂小广告", "小广告,牛皮癣,张贴,喷涂,flyposting,graffiti",
                 ("小区门口电线杆和墙面上贴满了办证、疏通下水道的小广告。",
                  "公交站台被喷涂了大量电话号码小广告。")),
            Leaf("0105", "道路不洁", "Dirty road surface", "渣土撒漏、路面油污、泥浆污染",
                 "道路不洁,撒漏,渣土,油污,street cleaning",
                 ("渣土车沿途撒漏，路面全是泥土，下雨天非常滑。",
                  "菜市场门口路面油污、菜叶多，长期没有清扫。")),
            Leaf("0106", "违规户外广告", "Unsafe or illegal outdoor advertising",
                 "破损、松动或未经许可设置的户外广告牌", "广告牌,门头,招牌,billboard,signboard",
                 ("商铺门头广告牌松动，大风天有掉落危险。",
                  "路边私自设置了落地广告牌，占用人行道。")),
        ),
    ),
    Branch(
        "02", "市政设施", "Municipal facilities", "道路、井盖、排水、供水、公共设施损坏",
        HOUSING, 3, 24, 4, (5, 2),
        (
            "已安排维修人员到场修复，设施恢复正常使用。",
            "已设置警示标志，并完成抢修。",
            "已联系产权单位完成维修。",
        ),
        (
            Leaf("0201", "路灯损坏", "Broken streetlight", "路灯不亮、灯杆倾斜、灯具破损",
                 "路灯,照明,灯杆,streetlight,lighting",
                 ("这段路有三盏路灯不亮，晚上出行很不安全。",
                  "路灯杆被车撞歪了，灯罩掉在地上。"), department=CITY),
            Leaf("0202", "井盖缺失破损", "Missing or broken manhole cover",
                 "窨井盖缺失、破损、移位，易致人车跌落", "井盖,窨井,雨水井,manhole,cover",
                 ("人行道上一个窨井盖不见了，只用树枝临时插着，怕有小孩掉下去。",
                  "雨水井盖破裂塌陷，车辆经过时很危险。"), urgency=URGENT),
            Leaf("0203", "道路破损", "Damaged road surface", "路面坑槽、塌陷、人行道板松动",
                 "道路,坑槽,塌陷,路面,pothole,pavement",
                 ("路面出现一个大坑，电动车经过容易摔倒。",
                  "人行道地砖松动破损一大片，老人走路容易绊倒。")),
            Leaf("0204", "下水道堵塞", "Blocked sewer", "下水道、雨水口堵塞，污水外溢",
                 "下水道,堵塞,污水,外溢,sewer,drain",
                 ("下水道堵塞，污水从井口冒出来流到路面上。",
                  "一下雨这段路就积水，排水口被垃圾堵住了。")),
            Leaf("0205", "供水管道破裂", "Burst water main", "供水管道破裂、漏水",
                 "供水,水管,爆管,漏水,water main,leak",
                 ("路边自来水管爆裂，水一直往外冒，路面已经积水。",
                  "小区供水管漏水好几天了，浪费很严重。"), urgency=URGENT),
            Leaf("0206", "公共设施损坏", "Damaged public amenities",
                 "公交站亭、公共座椅、健身器材等损坏", "健身器材,站亭,座椅,amenities,bench",
                 ("广场上的健身器材螺丝松动，常有小孩在上面玩，存在安全隐患。",
                  "公交站亭玻璃破碎，碎片散落一地。")),
        ),
    ),
    Branch(
        "03", "园林绿化", "Parks and greenery", "绿地、行道树、公园绿化的养护与保护",
        CITY, 2, 8, 4, (3, 1),
        (
            "已安排园林养护人员现场处置，绿地恢复整洁。",
            "已完成修剪清理，并加强日常养护巡查。",
            "已处置完毕，恢复正常通行。",
        ),
        (
            Leaf("0301", "树木倒伏", "Fallen tree", "树木倒伏、歪斜，阻碍通行或危及安全",
                 "倒伏,大树,倒树,fallen tree",
                 ("昨晚大风把路边一棵大树吹倒了，横在马路上，车辆无法通行。",
                  "行道树歪斜严重，树根松动，随时可能倒下。"), urgency=URGENT),
            Leaf("0302", "绿地脏乱", "Untidy green space", "绿地垃圾、杂草丛生、缺乏养护",
                 "绿地,杂草,绿化带,green space,weeds",
                 ("公园绿化带里有很多塑料袋和饮料瓶，很久没人清理。",
                  "绿化带杂草丛生，长得比人还高。")),
            Leaf("0303", "毁绿占绿", "Damage to green space", "铲绿种菜、车辆碾压、侵占绿地",
                 "毁绿,占绿,种菜,encroachment",
                 ("有居民把小区绿化带铲掉种了菜。",
                  "有人在绿化带里停车，草坪被压坏了一大片。")),
            Leaf("0304", "树木枝叶遮挡", "Overgrown branches", "枝叶遮挡路灯、交通标志或居民窗户",
                 "修剪,枝叶,遮挡,pruning,branches",
                 ("行道树枝叶太密，把路灯和交通标志都挡住了。",
                  "树枝伸到居民楼窗户边，影响采光，还有虫子进屋。")),
        ),
    ),
    Branch(
        "04", "交通秩序", "Traffic order", "占道、停车、交通设施与非法营运",
        POLICE, 1, 4, 2, (4, 1),
        (
            "已安排人员到场处置，现场恢复正常通行秩序。",
            "已依法处理，并加强该路段的巡查管控。",
            "已处置完毕，将持续跟踪。",
        ),
        (
            Leaf("0401", "占道经营", "Street vending on the road", "摊贩占用道路、人行道经营",
                 "占道经营,摊贩,夜宵,vending,street stall",
                 ("早上菜市场外马路两边摆满了菜摊，车辆根本过不去。",
                  "夜宵摊占用人行道摆桌子，影响通行还很吵。"), department=CITY),
            Leaf("0402", "乱停车", "Illegal parking", "占用消防通道、盲道、路口乱停乱放",
                 "停车,消防通道,违停,parking",
                 ("小区消防通道被私家车长期占用。",
                  "学校门口接送时间车辆乱停乱放，造成拥堵。")),
            Leaf("0403", "交通信号灯故障", "Traffic light failure", "信号灯不亮、常黄闪、配时异常",
                 "红绿灯,信号灯,故障,traffic light",
                 ("十字路口红绿灯不亮了，车辆通行很混乱。",
                  "信号灯一直闪黄灯，已经持续一天了。")),
            Leaf("0404", "交通标志标线损坏", "Damaged road signs or markings",
                 "交通标志倒伏、缺失，标线磨损", "标志,标线,斑马线,road sign,marking",
                 ("急弯处的警示标志被撞倒了，晚上很危险。",
                  "路面标线磨损看不清，斑马线几乎没有了。"), department=TRANSPORT),
            Leaf("0405", "非法营运", "Unlicensed passenger transport", "无证车辆非法载客",
                 "非法营运,黑车,拉客,unlicensed taxi",
                 ("车站附近有多辆无牌三轮车长期拉客。",
                  "有私家车在客运站门口非法揽客。"), department=TRANSPORT),
        ),
    ),
    Branch(
        "05", "农村人居环境", "Rural living environment", "村庄清洁、畜禽粪污、改厕与耕地保护",
        AGRICULTURE, 3, 24, 8, (0, 6),
        (
            "已会同村委会现场处置，问题已整改到位。",
            "已督促当事人整改，现场已清理完毕。",
            "已处置完毕，并纳入村庄清洁行动的常态巡查。",
        ),
        (
            Leaf("0501", "河塘沟渠漂浮物", "Floating debris in ponds and ditches",
                 "河道、山塘、沟渠水面垃圾和漂浮物", "漂浮物,河塘,沟渠,河长制,floating debris",
                 ("村口山塘水面上漂了很多垃圾和水葫芦。",
                  "灌溉渠里堆满了塑料瓶和秸秆，水流不动了。"), department=WATER),
            Leaf("0502", "畜禽粪污", "Livestock manure", "养殖场粪污直排、堆放",
                 "畜禽,粪污,养殖,manure,livestock",
                 ("养猪场粪水直接排到旁边的水沟里，臭味很大。",
                  "散养户的鸡鸭粪便堆在路边，周边村民反映强烈。")),
            Leaf("0503", "房前屋后乱堆乱放", "Clutter around houses", "柴草杂物占道、房前屋后脏乱",
                 "乱堆乱放,柴草,杂物,clutter",
                 ("几户村民屋前堆放柴草杂物，占用了组级公路。",
                  "废旧农机具和建材堆在房前，杂乱无章。")),
            Leaf("0504", "农村改厕问题", "Rural toilet problems", "改厕设施损坏、化粪池满溢",
                 "改厕,化粪池,厕所,toilet,septic tank",
                 ("改厕后化粪池满了没人抽，粪水外溢。",
                  "去年改的厕所冲水设备坏了，一直没人来修。"),
                 results=("已联系改厕施工队上门维修，设施恢复使用。",
                          "已安排吸粪车抽运化粪池。")),
            Leaf("0505", "村庄垃圾收运不及时", "Village garbage not collected",
                 "村组垃圾收集点未按时清运", "收运,垃圾收集点,转运,collection",
                 ("组里的垃圾收集点已经一个星期没有来收了。",
                  "垃圾转运车不按时来，垃圾桶周围堆满了垃圾。")),
            Leaf("0506", "违法占用耕地", "Illegal use of farmland", "在耕地上建房、挖塘、倾倒渣土",
                 "耕地,违建,占地,farmland",
                 ("有人在基本农田上挖地基，疑似违法建房。",
                  "有人在承包田里倾倒渣土，耕地被毁。"), department=NATURAL_RESOURCES,
                 results=("已下达责令停止违法行为通知书，督促当事人恢复耕地原状。",)),
        ),
    ),
    Branch(
        "06", "生态环境", "Ecology and environment", "焚烧、噪声、污水、废气、河道生态",
        "区生态环境分局", 2, 8, 4, (2, 3),
        (
            "执法人员已到现场调查，责令立即停止，并依法处理。",
            "已督促当事人整改，经复查问题已消除。",
            "已会同属地镇村现场劝导处置，并加强巡查。",
        ),
        (
            Leaf("0601", "焚烧秸秆", "Burning straw", "露天焚烧秸秆、垃圾、杂草",
                 "焚烧,秸秆,烟雾,straw burning,open burning",
                 ("田里有人焚烧秸秆，浓烟很大，影响附近道路视线。",
                  "山边有人烧垃圾和杂草，火势有蔓延的风险。"), urgency=URGENT),
            Leaf("0602", "噪声扰民", "Noise nuisance", "施工、娱乐、商业噪声扰民",
                 "噪声,噪音,扰民,noise",
                 ("附近工地晚上十点以后还在施工，噪声很大，影响休息。",
                  "广场舞音响声音太大，一直放到晚上十点多。")),
            Leaf("0603", "污水直排", "Sewage discharge", "未经处理的污水直接排入河道、沟渠",
                 "污水,直排,偷排,sewage,discharge",
                 ("有企业夜间往河里偷排污水，水面发黑发臭。",
                  "餐馆的污水直接排进雨水管，流到附近河沟。")),
            Leaf("0604", "餐饮油烟", "Restaurant fumes", "餐饮油烟未经净化直排",
                 "油烟,餐饮,烧烤,cooking fumes",
                 ("楼下餐馆没有安装油烟净化器，油烟直往居民家里飘。",
                  "烧烤摊油烟很大，周边居民窗户都不敢开。")),
            Leaf("0605", "工业废气异味", "Industrial fumes", "工厂废气、粉尘、刺激性气味",
                 "废气,异味,粉尘,emissions,odour",
                 ("工业园附近晚上有刺鼻的气味，闻了头晕。",
                  "砖厂烟囱冒黑烟，附近菜地的菜叶上都是灰。")),
            Leaf("0606", "非法采砂", "Illegal sand mining", "河道内无证采砂、私挖河沙",
                 "采砂,河道,挖沙,sand mining",
                 ("湘江边夜里有采砂船在作业，疑似非法采砂。",
                  "河道里有人私自挖沙，河岸已经塌了一块。"), department=WATER),
            Leaf("0607", "非法捕捞", "Illegal fishing", "禁捕水域电鱼、使用禁用渔具",
                 "禁捕,电鱼,捕捞,illegal fishing",
                 ("禁捕期间有人在湘江边用电网捕鱼。",
                  "有人在渌江里下地笼网捕鱼，属于禁用渔具。"), department=AGRICULTURE),
        ),
    ),
    Branch(
        "07", "矛盾纠纷", "Disputes", "由镇综治中心会同村（社区）调解的矛盾纠纷",
        "", 5, 24, 8, (2, 3),
        (
            "镇综治中心会同村调解委员会组织双方调解，已达成调解协议。",
            "已上门了解情况并开展调解，双方表示接受。",
            "已组织调解，双方达成一致意见，将持续跟踪回访。",
        ),
        (
            Leaf("0701", "邻里纠纷", "Neighbourhood dispute", "相邻关系、通行、排水等邻里矛盾",
                 "邻里,纠纷,调解,neighbours,dispute",
                 ("两户邻居因为排水沟的问题发生争吵，差点动手。",
                  "楼上住户长期漏水到楼下，双方协商不成。")),
            Leaf("0702", "土地山林纠纷", "Land or forest dispute", "承包地、宅基地、山林界址纠纷",
                 "土地,山林,界址,宅基地,land dispute",
                 ("两个村民小组因山林界址不清发生争执。",
                  "村民对承包地边界有争议，互相毁了对方的庄稼。")),
            Leaf("0703", "劳资纠纷", "Unpaid wages", "拖欠工资、劳动报酬纠纷",
                 "劳资,欠薪,工资,wages,labour",
                 ("十几名工人反映工地老板拖欠工资三个月。",
                  "厂里辞退员工没有支付经济补偿，员工情绪激动。")),
            Leaf("0704", "婚姻家庭纠纷", "Family dispute", "婚姻、赡养、抚养、继承纠纷",
                 "婚姻,家庭,赡养,family",
                 ("夫妻经常吵架，女方反映有家暴倾向，需要介入。",
                  "几兄弟因为赡养老人的问题闹矛盾，老人无人照顾。")),
            Leaf("0705", "征地拆迁纠纷", "Land expropriation dispute", "征地补偿、拆迁安置纠纷",
                 "征地,拆迁,补偿,安置,expropriation",
                 ("村民对征地补偿标准有异议，阻止施工队进场。",
                  "拆迁户反映安置房迟迟没有落实。")),
        ),
        handled_by_town=True,
    ),
    Branch(
        "08", "安全隐患", "Safety hazards", "消防、房屋、地灾、燃气、溺水与设备安全",
        "区应急管理局", 1, 4, 2, (3, 3),
        (
            "已现场排查，责令整改，隐患已消除。",
            "已设置警戒线和警示标志，落实专人值守监测。",
            "已会同属地镇村开展检查，隐患整改到位。",
        ),
        (
            Leaf("0801", "消防隐患", "Fire hazard", "堵塞消防通道、私拉电线、电动车违规充电",
                 "消防,火灾,电动车充电,fire hazard",
                 ("楼道里堆满杂物，还有电动车在楼道里充电。",
                  "沿街门店私拉电线，消防通道被堵塞。"),
                 urgency=URGENT, department="区消防救援大队"),
            Leaf("0802", "危房", "Dilapidated house", "房屋开裂、倾斜，仍有人居住",
                 "危房,开裂,土坯房,unsafe building",
                 ("一栋老土坯房墙体开裂，还有老人住在里面。",
                  "连续下雨后，一户村民房屋的后墙出现裂缝。"), department=HOUSING),
            Leaf("0803", "地质灾害隐患", "Geological hazard", "山体裂缝、滑坡、崩塌、落石",
                 "地质灾害,滑坡,落石,landslide",
                 ("屋后山体出现裂缝，下雨后有小面积滑坡。",
                  "公路边坡有落石，坡面土体松动。"),
                 urgency=URGENT, department=NATURAL_RESOURCES),
            Leaf("0804", "燃气安全", "Gas safety", "燃气泄漏、气瓶违规存放、管道受损",
                 "燃气,液化气,煤气,泄漏,gas leak",
                 ("餐馆里液化气罐放在灶台旁边，闻到明显的煤气味。",
                  "小区燃气管道附近有人施工挖掘，担心挖破管道。"),
                 urgency=URGENT, department=HOUSING),
            Leaf("0805", "防溺水", "Drowning prevention", "水域缺少警示与防护，未成年人私自下水",
                 "溺水,游泳,山塘,drowning",
                 ("山塘边没有警示牌和护栏，经常有小孩去玩水。",
                  "暑假有几个学生在河边游泳，没有大人看管。"), urgency=URGENT),
            Leaf("0806", "特种设备安全", "Lift and equipment safety", "电梯困人、设备超期未检",
                 "电梯,困人,特种设备,lift,elevator",
                 ("小区电梯经常停运，今天又困人了。",
                  "电梯检验合格证已经过期，仍在使用。"), department=MARKET),
            Leaf("0807", "建筑施工安全", "Construction site safety", "工地防护缺失、违规作业",
                 "工地,施工,脚手架,construction",
                 ("工地脚手架没有防护网，工人高空作业没系安全带。",
                  "塔吊下方没有设置警戒区，行人从下面经过。"), department=HOUSING),
        ),
    ),
    Branch(
        "09", "民生服务", "Public welfare services", "老人、儿童、困难群众关爱与生活保障",
        "区民政局", 3, 24, 8, (3, 3),
        (
            "已上门走访，落实帮扶措施，并纳入日常关爱对象。",
            "已协调有关单位处理，问题已解决。",
            "已向当事人解读政策，并协助办理相关手续。",
        ),
        (
            Leaf("0901", "独居老人关怀", "Care for elderly living alone",
                 "独居、空巢老人的探访与生活照料（12349）", "独居老人,空巢,12349,elderly",
                 ("组里一位八十多岁的独居老人几天没出门了，请帮忙去看看。",
                  "独居老人家里没有米了，行动不便，需要帮助。")),
            Leaf("0902", "困难帮扶", "Hardship assistance", "因病、因灾致困家庭的救助",
                 "困难,救助,低保,hardship,assistance",
                 ("一户家庭因病致贫，孩子上学有困难，希望申请救助。",
                  "一户村民房屋漏雨，家里生活困难。")),
            Leaf("0903", "停水停电", "Water or power outage", "无通知停水停电、供应不稳",
                 "停水,停电,供水,供电,outage",
                 ("小区从昨天开始停水，没有任何通知。",
                  "组里停电一整天了，冰箱里的东西都坏了。"), department=HOUSING,
                 results=("已协调供水、供电单位抢修，已恢复正常供应。",)),
            Leaf("0904", "留守儿童关爱", "Left-behind children", "留守儿童监护缺失、失学辍学",
                 "留守儿童,监护,辍学,children",
                 ("一名留守儿童跟着年迈的奶奶生活，经常不去上学。",
                  "留守儿童放学后没人看管，经常在马路边玩。")),
            Leaf("0905", "残疾人帮扶", "Support for disabled people", "残疾人补贴、辅具与康复",
                 "残疾人,辅具,补贴,disability",
                 ("一位肢体残疾的村民轮椅坏了，希望申请辅具。",
                  "残疾人反映两项补贴没有按时到账。"), department="区残疾人联合会"),
            Leaf("0906", "就业求助", "Help finding work", "就业岗位、技能培训求助",
                 "就业,培训,退捕渔民,jobs,training",
                 ("退捕渔民希望介绍就近就业的岗位。",
                  "返乡青年想参加技能培训，不知道怎么报名。"),
                 department="区人力资源和社会保障局"),
            Leaf("0907", "医保问题", "Medical insurance", "医保缴费、报销、异地就医问题",
                 "医保,报销,异地就医,medical insurance",
                 ("老人反映城乡居民医保缴费后，报销比例不清楚。",
                  "村民异地就医报销一直办不下来。"), department="区医疗保障局"),
        ),
    ),
    Branch(
        "10", "社会治安", "Public order", "可疑情况、赌博、盗窃、诈骗等治安问题",
        POLICE, 1, 4, 2, (3, 2),
        (
            "民警已到场处置，依法调查处理。",
            "已加强该区域巡逻防控，未再发现异常。",
            "已将线索移交派出所立案侦查。",
        ),
        (
            Leaf("1001", "可疑人员", "Suspicious persons", "形迹可疑人员、车辆",
                 "可疑,陌生人,suspicious",
                 ("最近有几个陌生人在村里挨家挨户推销，形迹可疑。",
                  "有人在小区里拍摄楼栋和车辆，行为可疑。")),
            Leaf("1002", "赌博", "Gambling", "聚众赌博、开设赌场",
                 "赌博,棋牌室,gambling",
                 ("有家棋牌室深夜聚集多人赌博，赌资较大。",
                  "有人在山上搭棚聚众赌博。")),
            Leaf("1003", "盗窃", "Theft", "入室盗窃、盗窃电瓶、耕牛等",
                 "盗窃,小偷,电瓶,theft",
                 ("最近组里接连有电动车电瓶被偷。",
                  "村民家的耕牛晚上被人偷走了。")),
            Leaf("1004", "电信诈骗线索", "Telecom fraud", "电话、网络诈骗线索",
                 "诈骗,电信诈骗,刷单,fraud,scam",
                 ("老人接到自称公检法的电话，要求转账到安全账户。",
                  "有人在微信群里发刷单返利信息，已有村民被骗。")),
            Leaf("1005", "聚众滋事", "Brawls and disturbances", "醉酒闹事、聚众斗殴",
                 "滋事,斗殴,醉酒,disturbance",
                 ("夜宵店门口经常有人醉酒闹事。",
                  "几名青年在广场上聚集，发生推搡打架。")),
        ),
    ),
    Branch(
        "11", "市场监管", "Market regulation", "食品安全、无证经营、价格与假冒伪劣",
        MARKET, 3, 24, 8, (3, 1),
        (
            "执法人员已现场检查，责令整改，并依法立案查处。",
            "已约谈经营者，问题已整改。",
            "已依法查处，并加强日常监管。",
        ),
        (
            Leaf("1101", "食品安全", "Food safety", "过期变质食品、无证食品作坊",
                 "食品安全,过期,作坊,food safety",
                 ("学校周边的小卖部在卖过期零食。",
                  "菜市场有摊贩售卖注水肉。")),
            Leaf("1102", "无证经营", "Unlicensed business", "未办理营业执照或许可经营",
                 "无证,执照,unlicensed",
                 ("小区里开了一家无证小作坊，生产环境脏乱。",
                  "路边流动摊贩无证销售散装白酒。")),
            Leaf("1103", "价格欺诈", "Price fraud", "标价不符、价格欺诈",
                 "价格,标价,欺诈,pricing",
                 ("超市商品标价和结账价格不一致。",
                  "加油站附近商店对外地司机高价宰客。")),
            Leaf("1104", "假冒伪劣", "Counterfeit goods", "假冒伪劣农资与商品",
                 "假冒,伪劣,农资,counterfeit",
                 ("农资店卖的化肥疑似假货，施用后禾苗不长。",
                  "有商店在卖假冒名牌酒。")),
        ),
    ),
    Branch(
        "12", "水利防汛", "Water works and flood control", "堤防、山塘水库、灌溉渠道与内涝",
        WATER, 2, 4, 2, (1, 3),
        (
            "已组织抢险队伍到场处置，落实专人巡查值守。",
            "已完成修复加固，恢复正常运行。",
            "已处置完毕，并纳入汛期重点巡查。",
        ),
        (
            Leaf("1201", "堤防险情", "Levee danger", "堤防渗水、管涌、塌坡",
                 "堤防,管涌,渗水,levee",
                 ("湘江大堤背水坡发现渗水点，有冒沙现象。",
                  "河堤护坡塌了十来米。"), urgency=CRITICAL),
            Leaf("1202", "山塘水库隐患", "Pond or reservoir hazard", "坝体裂缝、渗漏、溢洪道堵塞",
                 "山塘,水库,坝体,reservoir",
                 ("山塘坝体出现裂缝，下游有十几户人家。",
                  "水库溢洪道被杂物堵塞。"), urgency=URGENT),
            Leaf("1203", "灌溉渠道损毁", "Damaged irrigation channel", "渠道垮塌、泵站故障",
                 "灌溉,渠道,泵站,irrigation",
                 ("灌溉渠道垮了一段，下游几十亩田放不进水。",
                  "泵站设备坏了，春耕在即无法抽水。")),
            Leaf("1204", "积水内涝", "Waterlogging", "暴雨后道路、村庄积水",
                 "积水,内涝,排洪,flooding",
                 ("暴雨后低洼路段积水过膝，车辆无法通行。",
                  "村里的排洪沟被填了，一下雨水就淹到农户家门口。")),
        ),
    ),
)
# fmt: on
