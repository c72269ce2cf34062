//! Deterministic corpus generator for the performance harness.
//!
//! Writes a round folder (round.toml, reports/, signals/tipoffs.csv, signals/sentiment.csv,
//! cadres.csv) plus `drafts/draft-20k.{txt,docx}`, a single draft of about 20,000 characters for
//! timing `xuncha check`. Everything is fictional and built from phrase tables with a small
//! seeded PRNG, so the same arguments give byte-identical files on every machine.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --out /tmp/corpus --reports 2000 \
//!     --tipoffs 200000 --sentiment 50000 --cadres 1200 --seed 1
//! ```
//!
//! Options (all optional but `--out`):
//! - `--reports N` (2000), `--tipoffs N` (200000), `--sentiment N` (50000),
//!   `--cadres N` (6 per inspection group), `--seed S` (1);
//! - `--docx N`: how many reports are written as .docx instead of .txt (reports / 50);
//! - `--gbk N`: how many .txt reports are written in GBK (0: ripgrep cannot read GBK, so the
//!   default keeps the lexical comparison fair);
//! - `--draft-chars N` (20000): length of `drafts/draft-20k.txt`.
//!
//! The benches include this file as a module (`#[path]`) to build in-memory inputs, so the
//! generation functions are `pub` and free of I/O.

#![allow(dead_code)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

// ───────────────────────────── PRNG ─────────────────────────────

/// SplitMix64: tiny, fast, good enough for test data, and identical everywhere.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut r = Rng(seed ^ 0x9E37_79B9_7F4A_7C15);
        r.next_u64();
        r
    }
    /// An independent stream for item `i` of kind `salt`, so items do not depend on each other.
    pub fn derive(seed: u64, salt: u64, i: u64) -> Self {
        Rng::new(
            seed.wrapping_mul(0xD1B5_4A32_D192_ED03)
                ^ salt.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7)
                ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        )
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Skewed toward small indices: 30% of draws go to the first tenth ("hot" units get about
    /// four times the average, the most reported unit of a 2,000-unit round a few hundred rows).
    pub fn skewed_index(&mut self, n: usize) -> usize {
        if self.chance(0.3) { self.below(n.div_ceil(10)) } else { self.below(n) }
    }
}

// ──────────────────────────── tables ────────────────────────────

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋",
    "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪",
    "范", "金", "石", "廖", "贾", "夏", "韦",
];
const GIVEN: &[&str] = &[
    "建国", "志强", "海峰", "丽华", "秀英", "卫东", "红梅", "文斌", "晓燕", "国庆", "明亮", "春生", "桂兰", "永刚",
    "立新", "玉洁", "振华", "德胜", "雪梅", "俊杰", "宏伟", "淑芬", "长江", "晓东", "敏", "静", "磊", "洋", "勇", "军",
    "杰", "涛", "超", "鹏", "霞", "婷", "斌", "浩", "宇", "琳", "子涵", "思远", "嘉欣", "一鸣", "若溪", "天佑", "瑞雪",
    "向阳", "伟民", "学军", "宝山", "金凤",
];
const PLACE_A: &[&str] = &[
    "青", "东", "西", "南", "北", "石", "清", "长", "平", "安", "永", "新", "河", "龙", "凤", "白", "柳", "桃", "杏",
    "金", "银", "松", "柏", "丰", "兴", "宁", "和", "太", "云", "黄", "红", "双",
];
const PLACE_B: &[&str] = &[
    "山", "川", "河", "桥", "泉", "溪", "坪", "岭", "庄", "湾", "营", "寨", "集", "店", "沟", "塘", "坝", "台", "城",
    "阳", "林", "田", "源", "水", "岗", "洲", "口", "堡", "埠", "屯", "铺", "冲",
];
const COMPANY_WORDS: &[&str] =
    &["宏达", "鑫源", "恒通", "瑞丰", "永盛", "华兴", "顺达", "金穗", "绿野", "兴农", "通远", "泰和"];
const COMPANY_KINDS: &[&str] = &[
    "建筑工程有限公司",
    "农业科技有限公司",
    "农机专业合作社",
    "商贸有限公司",
    "劳务有限公司",
    "工程咨询有限公司",
    "水利水电工程有限公司",
    "园林绿化有限公司",
    "种植专业合作社",
    "物业服务有限公司",
];

/// County departments: (name, sector tag, head title, deputy title).
const DEPTS: &[(&str, &str, &str)] = &[
    ("农业农村局", "agri", "局长"),
    ("水利局", "water", "局长"),
    ("教育局", "edu", "局长"),
    ("卫生健康局", "health", "局长"),
    ("交通运输局", "transport", "局长"),
    ("林业局", "forest", "局长"),
    ("民政局", "welfare", "局长"),
    ("住房和城乡建设局", "build", "局长"),
    ("自然资源局", "land", "局长"),
    ("市场监督管理局", "market", "局长"),
    ("财政局", "finance", "局长"),
    ("文化广电旅游体育局", "culture", "局长"),
    ("工业和信息化局", "industry", "局长"),
    ("人力资源和社会保障局", "hr", "局长"),
    ("医疗保障局", "medins", "局长"),
    ("乡村振兴局", "agri", "局长"),
    ("应急管理局", "safety", "局长"),
    ("商务局", "business", "局长"),
    ("发展和改革局", "business", "局长"),
    ("行政审批局", "business", "局长"),
    ("城市管理局", "build", "局长"),
    ("退役军人事务局", "welfare", "局长"),
    ("司法局", "general", "局长"),
    ("统计局", "general", "局长"),
    ("粮食和物资储备局", "agri", "局长"),
    ("供销合作社", "agri", "主任"),
    ("机关事务服务中心", "general", "主任"),
    ("融媒体中心", "culture", "主任"),
    ("残疾人联合会", "welfare", "理事长"),
    ("住房公积金管理中心", "finance", "主任"),
];
/// Second-level bodies: (name, sector).
const SUBS: &[(&str, &str)] = &[
    ("农机服务中心", "agri"),
    ("农村经营管理站", "agri"),
    ("水利工程管理站", "water"),
    ("疾病预防控制中心", "health"),
    ("人民医院", "health"),
    ("中医医院", "health"),
    ("公路养护中心", "transport"),
    ("国有林场", "forest"),
    ("不动产登记中心", "land"),
    ("社会保险事业管理中心", "hr"),
    ("城乡供水公司", "water"),
    ("第一中学", "edu"),
    ("职业技术学校", "edu"),
    ("畜牧兽医服务中心", "agri"),
    ("交通运输综合执法大队", "transport"),
    ("医疗保障事务中心", "medins"),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    County,
    Town,
    Village,
    Sub,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::County => "县直单位",
            Kind::Town => "乡镇党委",
            Kind::Village => "村级党组织",
            Kind::Sub => "二级机构",
        }
    }
    fn bit(self) -> u8 {
        match self {
            Kind::County => 1,
            Kind::Town => 2,
            Kind::Village => 4,
            Kind::Sub => 8,
        }
    }
}

/// An inspected unit with what its report needs to talk about it.
#[derive(Clone, Debug)]
pub struct UnitSpec {
    pub name: String,
    pub kind: Kind,
    pub sector: &'static str,
    /// 该局 / 该镇 / 该村 / 该中心.
    pub short: String,
    /// 党组 / 党委 / 村党支部 / 党支部.
    pub org: &'static str,
    pub leader_title: String,
    pub deputy_title: String,
    pub top_leader: String,
    pub county: String,
    pub town: String,
    pub village: String,
    pub group: usize,
    /// Index into the topic table: what tip-offs about this unit are mostly about.
    pub hot_topics: [usize; 3],
}

/// Report quality: 0 excellent … 4 poor.
#[derive(Clone, Copy, Debug)]
pub struct Quality(pub u8);

impl Quality {
    fn p_substantive(self) -> f64 {
        [0.97, 0.9, 0.7, 0.4, 0.2][self.0 as usize]
    }
    fn p_trivia(self) -> f64 {
        [0.02, 0.06, 0.18, 0.4, 0.5][self.0 as usize]
    }
    fn p_figures(self) -> f64 {
        [0.98, 0.9, 0.6, 0.3, 0.1][self.0 as usize]
    }
    fn p_qualification(self) -> f64 {
        [0.97, 0.85, 0.35, 0.15, 0.05][self.0 as usize]
    }
    fn p_responsibility(self) -> f64 {
        [0.97, 0.85, 0.3, 0.15, 0.05][self.0 as usize]
    }
    fn p_evidence(self) -> f64 {
        [1.0, 0.6, 0.2, 0.05, 0.0][self.0 as usize]
    }
    fn p_vague(self) -> f64 {
        [0.0, 0.03, 0.2, 0.35, 0.5][self.0 as usize]
    }
}

/// One problem template. Slots in braces are filled by [`Filler`].
struct Tpl {
    /// 0 A 贯彻落实, 1 B 群众身边腐败, 2 C 班子队伍, 3 D 整改落实.
    focus: u8,
    /// Sector tags this problem fits ("" = any unit).
    sectors: &'static str,
    /// Unit kinds (bit mask of [`Kind::bit`]).
    kinds: u8,
    title: &'static str,
    facts: &'static [&'static str],
}

const ALL: u8 = 15;
const COUNTY: u8 = 1 | 8;
const LOCAL: u8 = 2 | 4;

const PROBLEMS: &[Tpl] = &[
    // ── A: 贯彻落实党的路线方针政策和党中央决策部署 ──
    Tpl {
        focus: 0,
        sectors: "agri,land",
        kinds: ALL,
        title: "耕地保护政策执行打折扣，向撂荒和非农化地块发放耕地地力保护补贴",
        facts: &[
            "{y}年至{y2}年，{short}在核定耕地地力保护补贴面积时直接沿用承包合同面积，未与年度国土变更调查成果比对。巡察组抽取{k}个乡镇比对发现，已撂荒或已建设厂房的地块{mu}仍在补贴范围内，向{h}发放补贴资金{ms}。",
            "全县{y2}年排查出的撂荒地复耕任务仅完成{pct}，{k}个乡镇未按要求建立耕地“非农化”“非粮化”动态巡查台账。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "agri",
        kinds: ALL,
        title: "落实乡村振兴决策部署不到位，产业项目“重建轻管”，部分项目闲置",
        facts: &[
            "{y}年以来，{short}实施乡村振兴产业项目{n}个，投入衔接资金{m}。巡察组实地查看发现，{proj}等{k}个项目建成后长期闲置，涉及资金{m}，带动增收效果不明显。",
            "项目立项前未开展可行性论证，{k}个项目由{lead}个人拍板确定，联农带农机制未落实，{h}脱贫户未获得约定分红。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "agri,water",
        kinds: ALL,
        title: "高标准农田建设质量不高，工程验收走过场",
        facts: &[
            "{y}年，{short}组织实施高标准农田建设项目{mu}，总投资{m}。巡察组随机抽查{k}个标段发现，{n}处灌溉渠道存在开裂渗漏，田间道路压实度不达标，但项目均通过验收。",
            "施工单位{co}在未完成全部工程量的情况下申请拨付工程款{m}，{short}未经审核即同意支付。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "safety,transport,build",
        kinds: ALL,
        title: "安全生产责任落实不力，重大隐患整改不彻底",
        facts: &[
            "{y}年{mon}月以来，{short}排查出安全隐患{nn}处，其中重大隐患{k}处，至巡察时仍有{n}处未完成整改，整改率仅为{pct}。",
            "对辖区{n}家企业的执法检查以“口头提醒”代替行政处罚，{y}年全年立案数为零。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "business,market,industry,finance",
        kinds: COUNTY,
        title: "优化营商环境措施落实打折扣，拖欠企业账款问题突出",
        facts: &[
            "截至巡察时，{short}仍拖欠{n}家民营企业工程款和货款共计{m}，最长拖欠时间达{k}年，企业多次反映未得到解决。",
            "行政审批事项承诺时限为{k}个工作日，巡察组抽查{nn}件办件发现{pct}超时办结，部分事项存在“体外循环”。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "forest,land,water",
        kinds: ALL,
        title: "生态环境保护责任落实不到位，河道采砂和林地监管缺位",
        facts: &[
            "{y}年以来，辖区内非法采砂、违规占用林地问题多发，{short}共接到群众举报{n}件，仅查处{k}件。巡察组实地查看发现，{v}附近河道采砂坑{n}处、被毁林地{mu}未恢复。",
            "中央生态环境保护督察反馈的{k}个问题中，有{k}个整改进度滞后，{short}上报的“已完成”与实际情况不符。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "",
        kinds: ALL,
        title: "意识形态工作责任制落实不到位，理论学习中心组学习流于形式",
        facts: &[
            "{y}年至{y2}年，{short}理论学习中心组应开展集中学习{n}次，实际开展{k}次，其中{k}次以传达文件代替研讨，“第一议题”制度落实不严格。",
            "对意识形态领域风险研判不足，{y}年{mon}月网络平台出现涉及{short}的负面舆情，{k}天后才作出回应。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "agri,welfare",
        kinds: ALL,
        title: "防止返贫动态监测和帮扶工作落实不精准",
        facts: &[
            "巡察组比对民政、医保、残联等部门数据发现，{h}因病因灾收入骤减的农户未纳入防止返贫监测对象，其中{k}户已出现返贫风险。",
            "已纳入监测的{nn}户中，有{n}户帮扶措施仅填写“政策宣传”，帮扶责任人入户走访记录存在补填现象。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "agri",
        kinds: ALL,
        title: "全面深化改革任务推进迟缓，农村集体产权制度改革后续工作滞后",
        facts: &[
            "全县{nn}个村（社区）已完成集体经济组织登记赋码，但仍有{n}个村股份经济合作社未建立成员大会和理事会运行机制，“空壳”运行。",
            "{y2}年全县集体经营性收入低于5万元的村占{pct}，{short}作为牵头部门{k}年来仅召开1次专题推进会。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "water",
        kinds: ALL,
        title: "农田灌溉和农村饮水安全工程建管不到位，群众用水难问题未解决",
        facts: &[
            "{y}年实施的{k}处农村饮水工程中，{k}处水质检测不达标，{v}等{n}个村群众反映自来水经常停水、浑浊。",
            "{y}年下达的农田水利设施维修养护资金{m}，至巡察时仅使用{pct}，{n}条灌溉渠道淤塞未清理，影响灌溉面积{mu}。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "transport",
        kinds: ALL,
        title: "交通运输监管不力，农村公路养护资金使用不规范",
        facts: &[
            "{y}年至{y2}年，{short}拨付农村公路养护资金{m}，巡察组抽查{n}条路段发现，{k}条路段未实际养护但养护台账记载“已完成”，涉及资金{ms}。",
            "超限超载治理“以罚代管”，{y}年对同一货运企业重复处罚{n}次，未依法吊销相关车辆营运证。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "forest",
        kinds: ALL,
        title: "林业生态建设弄虚作假，造林成活率不达标",
        facts: &[
            "{y}年完成造林任务{mu}，巡察组抽查{n}个小班发现，成活率低于85%的有{k}个，部分地块重复上报造林面积{mu}，涉及补助资金{ms}。",
            "生态护林员选聘不规范，{n}名护林员年龄超过65周岁或长期外出务工，仍按月领取护林员工资。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "health,agri",
        kinds: ALL,
        title: "爱国卫生运动和农村人居环境整治重形式轻实效，改厕“重建轻管”",
        facts: &[
            "{y}年至{y2}年，组织实施农村户厕改造{nn}户，投入资金{m}。巡察组随机入户抽查{nn}户，其中{n}户存在化粪池渗漏、无法正常使用等问题，占{pct}。",
            "已建成的{k}个粪污抽运服务站未配备车辆和人员，群众反映“厕所改了用不上”。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "edu",
        kinds: ALL,
        title: "义务教育控辍保学和学生资助政策落实不精准",
        facts: &[
            "{y}年秋季学期，{n}名建档立卡家庭学生未享受生活补助，同时向{k}名已转学、辍学学生发放资助资金{yuan}。",
            "营养改善计划供餐企业{co}存在以次充好问题，{y}年{mon}月抽检的{n}批次食材中{k}批次不合格。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "medins,health",
        kinds: ALL,
        title: "医保基金监管不严，定点医疗机构违规结算问题多发",
        facts: &[
            "巡察组调取{y}年医保结算数据发现，{k}家定点医疗机构通过分解住院、挂床住院等方式违规结算医保基金{m}，{short}在日常稽核中均未发现。",
            "对上级反馈的{n}条疑点数据，{short}仅核查{k}条，追回违规资金{ms}。",
        ],
    },
    Tpl {
        focus: 0,
        sectors: "",
        kinds: LOCAL,
        title: "上级决策部署在基层打折扣、搞变通，中心工作推进不力",
        facts: &[
            "{y}年县委部署的人居环境整治、移风易俗等{k}项重点任务中，{short}有{k}项未按期完成，向上报送的材料与实际情况不符。",
            "{t}{v}等{n}个村的产业发展规划照搬照抄，未结合实际，{y}年集体经济收入为零的村仍有{k}个。",
        ],
    },
    // ── B: 群众身边腐败问题和不正之风 ──
    Tpl {
        focus: 1,
        sectors: "agri",
        kinds: ALL,
        title: "农机购置和作业补贴审核流于形式，合作社虚报冒领套取补贴资金",
        facts: &[
            "{y}年至{y2}年，共审核兑付农机深松作业补助资金{m}。巡察组调取作业监测终端数据比对发现，{k}家农机专业合作社通过重复上传作业轨迹等方式虚报作业面积{mu}，套取补助资金{ms}。",
            "{co}以同一台农机具在{k}个年度重复申领购置补贴{ms}，审核人员仅核对汇总表，未调取原始数据。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "welfare",
        kinds: ALL,
        title: "低保、特困供养审核把关不严，优亲厚友、“人情保”“关系保”问题突出",
        facts: &[
            "巡察组比对工商、车辆、房产登记信息发现，{h}不符合条件的家庭仍在享受低保，其中{k}户为村干部亲属，{y}年以来共领取低保金{ms}。",
            "{y}年{mon}月，{v}党支部书记{p}将其兄弟纳入低保，民主评议记录系事后补写；同期{n}户符合条件的困难群众未被纳入。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "",
        kinds: ALL,
        title: "截留挪用惠农补贴资金，侵害群众切身利益",
        facts: &[
            "{y}年，{short}以“统筹使用”为名截留应发放到户的惠农补贴资金{ms}，用于弥补办公经费和偿还工程欠款，涉及农户{h}。",
            "通过“一卡通”发放的{k}类补贴中，有{n}笔资金发放到已死亡人员或重复户名账户，金额{yuan}。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "",
        kinds: ALL,
        title: "违反中央八项规定精神问题仍有发生，公款吃喝、违规收受礼品礼金",
        facts: &[
            "{y}年春节前后，{short}{n}名干部接受管理服务对象宴请{k}次，并收受购物卡共计{ms}。",
            "以“业务培训”名义在县外景区召开会议{k}次，列支费用{ms}；公务接待超标准、无公函接待{n}次，违规报销费用{yuan}。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "build,water,transport,land",
        kinds: ALL,
        title: "工程项目招投标不规范，存在围标串标和利益输送风险",
        facts: &[
            "{y}年至{y2}年，{short}实施的{n}个工程项目中，{k}个项目化整为零规避公开招标，涉及金额{m}；{k}个项目中标单位系同一实际控制人控制的关联企业。",
            "{proj}由{co}中标，该公司实际控制人系{dep}的亲属，{dep}未申请回避并参与评审。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "",
        kinds: 4 | 2,
        title: "村级“三资”管理混乱，侵占挪用集体资金",
        facts: &[
            "{v}{y}年至{y2}年集体资产发包未经“四议两公开”程序，{k}宗集体土地以明显低于市场价发包给村干部亲属，造成集体收入损失{ms}。",
            "村报账员{p}利用职务便利挪用集体资金{ms}用于个人消费，至巡察时仅归还{yuan}；村账乡代管流于形式，镇经管站未发现。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "",
        kinds: ALL,
        title: "违规发放津贴补贴，虚列支出套取财政资金",
        facts: &[
            "{y}年以来，{short}以加班费、值班费名义违规发放津贴补贴{ms}，涉及干部职工{n}人。",
            "通过虚列会议费、培训费支出套取财政资金{ms}设立“小金库”，用于发放福利和支付招待费用。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "build,welfare",
        kinds: ALL,
        title: "农村危房改造和住房保障工作优亲厚友，补助资金发放不规范",
        facts: &[
            "{y}年实施危房改造{nn}户，巡察组入户核查发现，{k}户住房安全等级鉴定系“人情鉴定”，{n}户改造后仍无人居住，涉及补助资金{ms}。",
            "保障性住房分配中，{n}户家庭收入和住房条件不符合要求仍获得配租，其中{k}户与经办人员存在亲属关系。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "",
        kinds: ALL,
        title: "服务群众“吃拿卡要”，群众办事难问题仍然存在",
        facts: &[
            "巡察期间，巡察组收到反映{short}工作人员办事“吃拿卡要”的来信来电{n}件，经核查，{k}名工作人员在办理业务时收取“好处费”{yuan}。",
            "群众办理{k}类高频事项平均需跑{k}次，{y}年办件满意度仅为{pct}，群众反映强烈。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "edu,health",
        kinds: ALL,
        title: "违规收取费用，加重群众负担",
        facts: &[
            "{y}年秋季学期，{n}所学校以“资料费”“课后服务费”名义违规收取费用{ms}，涉及学生{nn}人。",
            "{k}家卫生院在医保结算外另行收取检查费用{yuan}，群众多次投诉未得到处理。",
        ],
    },
    Tpl {
        focus: 1,
        sectors: "forest,agri,water",
        kinds: ALL,
        title: "专项资金管理使用不规范，挤占挪用问题突出",
        facts: &[
            "{y}年至{y2}年，{short}将{ms}专项资金挪用于办公楼维修和购置车辆，{k}个项目因资金不到位停工。",
            "项目资金拨付未按进度执行，{y}年末结余的{m}专项资金长期沉淀，未及时发挥效益。",
        ],
    },
    // ── C: 基层党组织领导班子和干部队伍建设 ──
    Tpl {
        focus: 2,
        sectors: "",
        kinds: ALL,
        title: "“一把手”个人说了算，“三重一大”事项集体决策流于形式",
        facts: &[
            "{y}年以来，{short}应提交集体研究的“三重一大”事项{nn}项，其中{n}项由{lead}个人决定后交办，涉及金额{m}。",
            "在{org}会议上，{lead}多次在议题讨论前先行表态定调，{k}名班子成员在谈话中反映“提了不同意见也不会被采纳”，存在“一把手”变“一霸手”倾向。",
        ],
    },
    Tpl {
        focus: 2,
        sectors: "",
        kinds: ALL,
        title: "民主集中制执行不到位，领导班子凝聚力不强",
        facts: &[
            "{y}年至{y2}年，{org}会议研究议题{nn}项，其中{n}项会前未征求班子成员意见，{k}项“先干后定”。",
            "班子成员之间沟通少、合力弱，民主生活会批评与自我批评“辣味”不足，查摆问题{n}条中有{k}条为工作性问题。",
        ],
    },
    Tpl {
        focus: 2,
        sectors: "",
        kinds: COUNTY | 2,
        title: "选人用人不严格，干部选拔任用程序不规范",
        facts: &[
            "{y}年{mon}月，在机构改革方案下发前1个月内，{org}集中调整干部{n}名，其中{k}名不符合任职年限要求，{k}名未经考察即任职。",
            "干部人事档案专项审核不彻底，{n}名干部出生日期、参加工作时间存在涂改，未按规定认定和处理。",
        ],
    },
    Tpl {
        focus: 2,
        sectors: "",
        kinds: ALL,
        title: "落实全面从严治党主体责任不力，监督执纪“宽松软”",
        facts: &[
            "{y}年以来，{short}系统有{n}名干部受到党纪政务处分，但{org}对苗头性、倾向性问题开展谈话提醒仅{k}人次，未召开警示教育会。",
            "{org}书记{lead}作为第一责任人，{y}年全年未专题研究党风廉政建设工作，与班子成员开展廉政谈话{k}次。",
        ],
    },
    Tpl {
        focus: 2,
        sectors: "",
        kinds: 4 | 2,
        title: "基层党组织软弱涣散，组织力欠缺",
        facts: &[
            "{v}党支部{y}年以来“三会一课”应开展{nn}次，实际开展{n}次，{k}次组织生活会未开展批评和自我批评。",
            "发展党员不规范，{y}年至{y2}年发展的{n}名党员中{k}名未经培养考察即确定为发展对象；流动党员{n}名长期失联。",
        ],
    },
    Tpl {
        focus: 2,
        sectors: "",
        kinds: ALL,
        title: "干部队伍管理宽松，作风不实问题突出",
        facts: &[
            "巡察组抽查考勤发现，{y}年{n}名干部长期“走读”、工作日脱岗，{k}名干部在外兼职取酬{ms}，{org}未严格管理。",
            "{n}名借调人员长期在外，仍占用编制并领取工资，{short}未按规定清理。",
        ],
    },
    Tpl {
        focus: 2,
        sectors: "",
        kinds: ALL,
        title: "不敬畏组织、不敬畏法纪，个别领导干部独断专行",
        facts: &[
            "{lead}在{y}年{mon}月的{proj}中不按程序报批，擅自决定追加投资{m}，事后补办{org}会议记录。",
            "{dep}长期插手工程项目，{k}次打招呼为特定关系人承揽业务，涉及金额{m}。",
        ],
    },
    // ── D: 巡视巡察和各项监督检查反馈问题整改落实 ──
    Tpl {
        focus: 3,
        sectors: "",
        kinds: ALL,
        title: "对上轮巡察反馈问题“选择性整改”，整改不到位",
        facts: &[
            "{y}年县委巡察组向{short}反馈问题{n}个，{short}报告已全部整改。巡察组逐项复核发现，{k}个问题未整改到位：应追回的违规资金{ms}仅追回{yuan}。",
            "要求建立的{k}项制度中有{k}项未执行，整改存在“重销号、轻实效”。",
        ],
    },
    Tpl {
        focus: 3,
        sectors: "",
        kinds: ALL,
        title: "审计发现问题整改不彻底，虚假整改、敷衍整改",
        facts: &[
            "{y}年审计指出的{n}个问题中，{k}个问题整改材料系“纸面整改”，涉及资金{m}至巡察时仍未收回。",
            "对审计指出的{proj}闲置问题，{short}上报已投入运营，巡察组实地查看发现仍处于闲置状态。",
        ],
    },
    Tpl {
        focus: 3,
        sectors: "",
        kinds: ALL,
        title: "巡视反馈问题整改台账不实，部分问题反弹回潮",
        facts: &[
            "对照市委巡视反馈问题整改台账，{short}承担的{n}项整改任务中，{k}项整改措施空泛，{k}项已销号问题出现反弹。",
            "“四风”问题整改后，{y2}年{mon}月又发生违规公务接待{k}次，涉及金额{yuan}。",
        ],
    },
];

/// Trivial items (细枝末节) as problem titles.
const TRIVIA: &[&str] = &[
    "会议记录不规范，部分会议记录不完整",
    "文件存档有遗漏，资料归档不及时",
    "学习笔记不完整，部分干部学习心得体会流于形式",
    "部分文件缺签字，审批单签字不全",
    "部分学习活动缺照片资料，痕迹资料不齐全",
    "档案装订不整齐，页码不连续",
    "办公室卫生不达标，办公场所管理不到位",
    "公务用车台账不细致，出车记录不全",
    "宣传栏内容更新不及时，制度上墙不规范",
    "考勤记录不全，会议签到表缺失",
    "公务接待清单填写不规范",
    "办公用品登记表不完整",
    "门卫值班登记不规范",
    "文件传阅单传阅不及时",
    "党费登记簿记录不规范",
    "信息报送不及时，报送格式不规范",
];

/// Vague problems (空泛表述).
const VAGUE_TITLES: &[&str] = &[
    "党建工作有待加强",
    "制度执行不够到位",
    "理论学习不够深入",
    "作风建设存在一定差距",
    "财务管理不够规范",
    "干部队伍建设有待进一步加强",
    "廉政风险防控不够扎实",
    "业务工作推进不够有力",
];
const VAGUE_SENTENCES: &[&str] = &[
    "个别干部思想认识有待提高，工作积极性有所欠缺。",
    "部分制度执行不够严格，落实存在一定差距。",
    "在一定程度上存在重业务轻党建的现象，相关工作有待进一步加强。",
    "部分环节管理不够规范，监督还不够有力。",
    "工作作风有所松懈，服务意识有待改进。",
    "统筹谋划不够深入，存在薄弱环节，仍需加强。",
    "对相关政策理解不够到位，宣传还不够及时。",
];
const TRIVIA_FACTS: &[&str] = &[
    "巡察组查阅{y}年以来的会议记录，发现{k}本记录本存在记录不完整、缺少参会人员签字的情况。",
    "部分干部学习笔记内容雷同，学习心得体会篇幅较短。",
    "部分档案资料装订不整齐，个别文件存档有遗漏。",
    "办公室卫生不达标，部分办公用品摆放杂乱。",
    "考勤登记和值班登记记录本填写不规范，有涂改现象。",
    "宣传栏内容更新不及时，制度汇编未按要求更新。",
];

/// Closing sentences of a trivial item.
const TRIVIA_TAILS: &[&str] =
    &["上述问题反映出基础工作不够扎实。", "相关人员表示将立即整改。", "巡察期间已督促整改。", "需进一步规范。"];
/// What weaker reports write about the unit's work before the problems.
const ACHIEVEMENTS: &[&str] = &[
    "坚持把政治建设摆在首位，{y}年以来召开党组（党委）会议{n}次，专题学习习近平新时代中国特色社会主义思想{n}次，开展主题党日活动{n}次，干部职工政治意识进一步增强。",
    "扎实推进中心工作，{y2}年完成固定资产投资{m}，实施重点项目{n}个，各项经济指标稳中有进，群众满意度稳步提升。",
    "持续改善民生，{y2}年发放各类惠民资金{m}，惠及群众{h}，办理民生实事{n}件，群众获得感、幸福感不断增强。",
    "加强基层组织建设，新建党群服务中心{k}个，发展党员{n}名，培训党员干部{nn}人次，基层党组织战斗堡垒作用有效发挥。",
    "狠抓作风建设，开展作风纪律专项整治{k}次，查纠问题{n}个，机关工作效率和服务水平明显提高。",
    "深化改革创新，推行“一窗受理”“最多跑一次”改革，办理审批事项{nn}件，按时办结率达{pct}。",
    "强化安全稳定，排查化解矛盾纠纷{n}起，开展安全检查{n}次，未发生重大安全事故和群体性事件。",
    "抓好宣传思想工作，在县级以上媒体刊发信息{n}篇，营造了干事创业的良好氛围。",
];

/// Qualifications per focus (A, B, C, D).
const CITATIONS: [&[&str]; 4] = [
    &[
        "上述问题不符合党中央关于耕地保护和粮食安全的决策部署，违反《中国共产党纪律处分条例》第五十九条关于贯彻党中央决策部署只表态不落实的规定，属于打折扣、搞变通",
        "上述问题不符合《中共中央 国务院关于做好全面推进乡村振兴重点工作的意见》的要求，属于落实上级决策部署不到位",
        "上述问题不符合《安全生产法》关于生产经营单位主体责任的规定，属于履职不到位",
        "上述问题违背新发展理念，不符合《优化营商环境条例》第六十一条关于不得拖欠市场主体账款的规定",
        "上述问题不符合财政部、农业农村部关于补贴对象和补贴标准的相关规定，政策落实存在偏差",
    ],
    &[
        "上述问题违反《中国共产党纪律处分条例》第一百二十二条关于侵害群众利益行为的规定",
        "上述问题违反中央八项规定及其实施细则精神和《中国共产党廉洁自律准则》的要求",
        "上述问题违反《中国共产党纪律处分条例》第一百零二条关于违规发放津贴补贴的规定",
        "上述问题违反《中华人民共和国招标投标法》第四条关于不得将依法必须进行招标的项目化整为零的规定，涉嫌利益输送",
        "上述问题不符合《农村低保对象认定办法》关于家庭经济状况核查的规定，属于优亲厚友",
    ],
    &[
        "上述问题违反《中国共产党纪律处分条例》第七十七条关于民主集中制原则的规定",
        "上述问题违背了《中国共产党章程》第十条关于民主集中制的规定，不符合《中国共产党党组工作条例》关于党组讨论和决定重大事项的规定",
        "上述问题不符合《党政领导干部选拔任用工作条例》关于任职资格和考察程序的规定",
        "上述问题不符合《党委（党组）落实全面从严治党主体责任规定》的要求",
        "上述问题不符合《中国共产党支部工作条例（试行）》关于组织生活制度的规定",
    ],
    &[
        "上述问题不符合《中国共产党巡视工作条例》关于被巡视党组织落实整改主体责任的规定",
        "上述问题违反《中国共产党纪律处分条例》关于对巡视巡察整改敷衍应付、虚假整改的规定",
        "上述问题不符合《关于加强巡视巡察上下联动的意见》关于整改落实的要求，属于整改不到位",
    ],
];
const WEAK_QUALIFICATIONS: &[&str] =
    &["上述问题不符合有关规定", "这些问题反映出相关工作存在短板", "以上情况说明管理上存在漏洞"];
const RESPONSIBILITIES: &[&str] = &[
    "{sec}负有直接责任，{dep}负有领导责任，{org}负有主体责任。",
    "{lead}作为第一责任人负有主要领导责任，其他班子成员未能有效履行“一岗双责”，负有重要领导责任。",
    "{sec}负有直接责任，{org}落实全面从严治党主体责任不到位，派驻纪检监察组监督责任落实不力。",
    "具体经办人员负有直接责任，{dep}把关不严，负有领导责任。",
];
const SECTIONS_OF: &[&str] =
    &["财务股", "办公室", "计划财务股", "项目股", "人事股", "综合股", "业务股", "经管站", "社会事务办"];
const EVIDENCE: &[&str] = &[
    "以上情况经查阅{docs}，并与{n}名{who}谈话核实（见问题底稿{doc}）。",
    "以上情况经调取{docs}、实地查看{k}处现场核实（见问题底稿{doc}、{doc2}）。",
    "以上情况经入户走访{nn}户、比对{docs}核实（见问题底稿{doc}）。",
    "经核查{docs}，并与{k}名相关人员个别谈话，事实清楚（见问题底稿{doc}）。",
];
const DOCS: &[&str] = &[
    "会议记录和会计凭证",
    "补贴发放清册和银行流水",
    "项目档案和付款凭证",
    "干部任免呈报表和考察材料",
    "整改台账和佐证材料",
    "作业监测终端原始数据",
    "招投标文件和合同",
    "低保审批档案",
];
const WHO: &[&str] = &["干部职工", "村组干部", "群众", "班子成员", "中层干部", "经办人员", "企业负责人"];
const PROJECTS: &[&str] = &[
    "现代农业产业园项目",
    "农产品冷链仓储项目",
    "乡村旅游综合体项目",
    "农村供水保障工程",
    "高标准农田建设项目",
    "农村公路提档升级工程",
    "办公楼维修改造工程",
    "智慧校园建设项目",
    "污水处理厂提标改造工程",
    "特色种植基地项目",
    "光伏扶贫电站项目",
    "便民服务中心建设项目",
];
const EXTRA_FACTS: &[&str] = &[
    "群众对此反映强烈，巡察期间共收到相关信访件{n}件。",
    "截至巡察时，上述问题仍未得到纠正。",
    "{short}在自查报告中未提及上述问题。",
    "同类问题在上轮巡察中已被指出，但未引起足够重视。",
    "巡察组延伸走访{t}{k}个村，发现类似情况{n}起，涉及金额{ms}。",
    "相关人员对问题事实无异议，已作出书面说明。",
    "经测算，上述问题造成财政资金损失{ms}，影响群众{h}。",
    "巡察组随机抽取{k}个样本复核，问题发生率达{pct}，具有普遍性。",
    "该问题在{y}年内部审计中已有反映，{short}仅作了口头整改。",
    "部分经办人员在谈话中承认“按惯例办理”，对相关规定不掌握。",
    "与相邻{t}同类工作比较，{short}相关指标排名靠后，差距明显。",
    "相关资金拨付凭证缺少审批签字和验收资料，程序倒置。",
    "问题持续时间长、涉及人员多，群众获得感受到影响。",
];

const FOCUS_HEADINGS: [&[&str]; 4] = [
    &["贯彻落实党的路线方针政策和党中央决策部署方面", "贯彻落实党中央决策部署和上级工作要求方面"],
    &["群众身边腐败问题和不正之风方面", "群众身边的腐败问题和不正之风方面"],
    &["基层党组织领导班子和干部队伍建设方面", "领导班子和干部队伍建设方面"],
    &["巡视巡察和各项监督检查反馈问题整改落实方面", "巡视巡察、审计等监督发现问题整改落实方面"],
];
const WEAK_GROUP_HEADINGS: &[&str] = &["党建工作方面", "业务工作方面", "日常管理方面"];

const SUGGESTIONS: [&[&str]; 4] = [
    &[
        "建议{org}组织专题学习党中央有关决策部署，{y2}年底前全面清查问题涉及的资金和项目，逐项建立整改台账，对账销号。",
        "建议督促{short}对闲置项目限期盘活，对违规发放的补贴资金{ms}全部追缴，并完善项目论证和绩效评价机制。",
    ],
    &[
        "建议对套取、截留的{ms}资金全部追缴，对相关责任人严肃问责；建立补贴资金“系统比对＋实地抽验＋公示公开”的审核机制。",
        "建议派驻纪检监察组对{short}资金审核环节开展专项监督，对违反中央八项规定精神问题从严查处，问题线索按规定移交。",
    ],
    &[
        "建议县委对{lead}进行提醒谈话，督促其带头严格执行民主集中制；{org}修订议事规则，制定“三重一大”事项清单和金额标准。",
        "建议县委组织部对干部选拔任用问题开展专项检查，对不符合条件的任职予以纠正，责令{org}限期整改。",
    ],
    &[
        "建议对未整改到位的问题重新制定整改方案，逐项明确责任人和时限，剩余资金限期追回；县委巡察办将{short}列为整改重点督办单位。",
        "建议县纪委监委和县委组织部对整改不力、虚假整改问题严肃问责，整改情况于3个月内报县委巡察办。",
    ],
];
const GENERIC_SUGGESTIONS: &[&str] = &[
    "建议进一步提高政治站位，加强理论学习，提高思想认识，切实加强党的建设。",
    "建议进一步加强制度建设，不断提升工作水平，持续加强作风建设。",
    "建议进一步强化责任意识，夯实基础工作，增强服务意识，改进工作作风。",
];

// ─────────────────────────── text filling ───────────────────────────

/// Fills template slots for one unit; figures vary per call.
pub struct Filler<'a> {
    pub rng: &'a mut Rng,
    pub unit: &'a UnitSpec,
    pub full_width: bool,
    pub year: u32,
    pub next_doc: &'a mut u32,
}

impl Filler<'_> {
    fn digits(&self, s: String) -> String {
        if !self.full_width {
            return s;
        }
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    fn money(&mut self, lo: f64, hi: f64) -> String {
        let v = lo + (hi - lo) * self.rng.unit().powi(2);
        let s = if v >= 10000.0 {
            format!("{:.2}亿元", v / 10000.0)
        } else if v >= 100.0 {
            format!("{:.0}万元", v)
        } else {
            format!("{:.1}万元", v)
        };
        self.digits(s)
    }

    fn fill(&mut self, tpl: &str) -> String {
        let mut out = String::with_capacity(tpl.len() + 64);
        let mut rest = tpl;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let Some(j) = rest[i..].find('}') else {
                out.push_str(&rest[i..]);
                return out;
            };
            let slot = &rest[i + 1..i + j];
            let value = self.slot(slot);
            out.push_str(&value);
            rest = &rest[i + j + 1..];
        }
        out.push_str(rest);
        out
    }

    fn slot(&mut self, slot: &str) -> String {
        let u = self.unit;
        match slot {
            "y" => {
                let y = self.year - self.rng.range(2, 3) as u32;
                self.digits(y.to_string())
            }
            "y2" => self.digits((self.year - 1).to_string()),
            "mon" => {
                let v = self.rng.range(1, 12).to_string();
                self.digits(v)
            }
            "m" => self.money(20.0, 900.0),
            "ms" => self.money(0.5, 60.0),
            "yuan" => {
                let v = format!("{}元", self.rng.range(800, 98000));
                self.digits(v)
            }
            "h" => {
                let v = format!("{}户", self.rng.range(3, 320));
                self.digits(v)
            }
            "n" => {
                let v = self.rng.range(3, 36).to_string();
                self.digits(v)
            }
            "nn" => {
                let v = self.rng.range(40, 900).to_string();
                self.digits(v)
            }
            "k" => {
                let v = self.rng.range(2, 9).to_string();
                self.digits(v)
            }
            "pct" => {
                let v = format!("{:.1}%", 5.0 + self.rng.unit() * 60.0);
                self.digits(v)
            }
            "mu" => {
                let v = format!("{}亩", self.rng.range(50, 9000));
                self.digits(v)
            }
            "p" => anon_person(self.rng),
            "lead" => format!("{}{}", u.leader_title, u.top_leader),
            "dep" => format!("{}{}", u.deputy_title, anon_person(self.rng)),
            "v" => {
                if u.village.is_empty() {
                    place_name(self.rng, "村")
                } else {
                    u.village.clone()
                }
            }
            "t" => {
                if u.town.is_empty() {
                    place_name(self.rng, "镇")
                } else {
                    u.town.clone()
                }
            }
            "co" => company(self.rng),
            "short" => u.short.clone(),
            "org" => u.org.to_owned(),
            "unit" => u.name.clone(),
            "proj" => self.rng.pick(PROJECTS).to_string(),
            "sec" => self.rng.pick(SECTIONS_OF).to_string(),
            "docs" => self.rng.pick(DOCS).to_string(),
            "who" => self.rng.pick(WHO).to_string(),
            "doc" | "doc2" => {
                *self.next_doc += 1 + self.rng.below(2) as u32;
                self.digits(format!("第{}号", *self.next_doc))
            }
            other => format!("{{{other}}}"),
        }
    }
}

pub fn anon_person(rng: &mut Rng) -> String {
    let s = rng.pick(SURNAMES);
    if rng.chance(0.5) { format!("{s}某") } else { format!("{s}某某") }
}

pub fn real_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

pub fn place_name(rng: &mut Rng, suffix: &str) -> String {
    format!("{}{}{}", rng.pick(PLACE_A), rng.pick(PLACE_B), suffix)
}

fn company(rng: &mut Rng) -> String {
    format!("{}{}{}", rng.pick(PLACE_A), rng.pick(COMPANY_WORDS), rng.pick(COMPANY_KINDS))
}

/// 0 → 一, 9 → 十, 10 → 十一, 19 → 二十, 104 → 一百零五 (the number `i + 1` in Chinese, up to 9999).
fn cn_index(i: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let n = i + 1;
    if n < 10 {
        return DIGITS[n].to_owned();
    }
    if n < 20 {
        return format!("十{}", if n % 10 == 0 { "" } else { DIGITS[n % 10] });
    }
    let mut out = String::new();
    let mut zero = false;
    for (value, unit) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = n / value % 10;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push_str(DIGITS[d]);
        out.push_str(unit);
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

// ──────────────────────────── units ────────────────────────────

/// The topics tip-offs and sentiment talk about: (label, sample content, problem category).
pub const TOPICS: &[(&str, &str, &str)] = &[
    ("惠农补贴", "截留惠农补贴资金，补贴资金没有发放到户", "群众纪律"),
    ("低保", "低保评定优亲厚友，村干部亲属吃低保", "群众纪律"),
    ("三资", "村集体资产低价发包，集体资金去向不明", "廉洁纪律"),
    ("工程项目", "工程项目招投标暗箱操作，利益输送", "廉洁纪律"),
    ("吃喝", "公款吃喝，违规收受礼品礼金", "廉洁纪律"),
    ("一把手", "一把手个人说了算，独断专行", "组织纪律"),
    ("选人用人", "提拔干部搞亲亲疏疏，选人用人不公", "组织纪律"),
    ("作风", "工作人员吃拿卡要，办事推诿扯皮", "群众纪律"),
    ("农机补贴", "农机合作社虚报作业面积套取补贴", "廉洁纪律"),
    ("危房改造", "危房改造名额给了关系户", "群众纪律"),
    ("环境", "河道非法采砂无人管，垃圾长期堆放", "工作纪律"),
    ("饮水", "自来水经常停水，饮水工程质量差", "工作纪律"),
    ("医保", "卫生院违规收费，医保报销不规范", "群众纪律"),
    ("教育收费", "学校乱收费，营养餐克扣", "群众纪律"),
    ("生活作风", "干部生活作风不检点", "生活纪律"),
    ("涉法", "干部插手经济纠纷，涉嫌违法", "涉法行为"),
];

/// Which topics a problem template speaks to (for tip-off/report agreement).
fn topic_of_problem(idx: usize) -> Option<usize> {
    let title = PROBLEMS[idx].title;
    let table: &[(&str, usize)] = &[
        ("惠农补贴", 0),
        ("耕地地力", 0),
        ("低保", 1),
        ("三资", 2),
        ("招投标", 3),
        ("八项规定", 4),
        ("一把手", 5),
        ("选人用人", 6),
        ("吃拿卡要", 7),
        ("农机", 8),
        ("危房", 9),
        ("生态环境", 10),
        ("饮水", 11),
        ("医保", 12),
        ("收取费用", 13),
        ("控辍保学", 13),
    ];
    table.iter().find(|(k, _)| title.contains(k)).map(|&(_, t)| t)
}

/// Generates `n` units with unique names, spread over `groups` inspection groups.
pub fn units(seed: u64, n: usize, groups: usize) -> Vec<UnitSpec> {
    let mut rng = Rng::derive(seed, 1, 0);
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut counties: Vec<String> = Vec::new();
    while out.len() < n {
        // A new county every ~120 units, so names stay plausible (one county has ~40 departments).
        if counties.is_empty() || rng.chance(1.0 / 120.0) {
            let c = loop {
                let c = place_name(&mut rng, "县");
                if !counties.contains(&c) {
                    break c;
                }
            };
            counties.push(c);
        }
        let county = rng.pick(&counties).clone();
        let roll = rng.unit();
        let kind = if roll < 0.35 {
            Kind::County
        } else if roll < 0.5 {
            Kind::Town
        } else if roll < 0.9 {
            Kind::Village
        } else {
            Kind::Sub
        };
        let leader = anon_person(&mut rng);
        let hot = [rng.below(TOPICS.len()), rng.below(TOPICS.len()), rng.below(TOPICS.len())];
        let spec = match kind {
            Kind::County => {
                let &(dept, sector, head) = rng.pick(DEPTS);
                let short = if dept.ends_with('局') {
                    "该局"
                } else if dept.ends_with("中心") {
                    "该中心"
                } else {
                    "该单位"
                };
                UnitSpec {
                    name: format!("{county}{dept}党组"),
                    kind,
                    sector,
                    short: short.into(),
                    org: "党组",
                    leader_title: format!("党组书记、{head}"),
                    deputy_title: format!("分管副{head}"),
                    top_leader: leader,
                    county: county.clone(),
                    town: String::new(),
                    village: String::new(),
                    group: 0,
                    hot_topics: hot,
                }
            }
            Kind::Town => {
                let suffix = if rng.chance(0.6) { "镇" } else { "乡" };
                let town = place_name(&mut rng, suffix);
                UnitSpec {
                    name: format!("{county}{town}党委"),
                    kind,
                    sector: "agri",
                    short: format!("该{suffix}"),
                    org: "党委",
                    leader_title: format!("{suffix}党委书记"),
                    deputy_title: format!("分管副{suffix}长"),
                    top_leader: leader,
                    county: county.clone(),
                    town,
                    village: String::new(),
                    group: 0,
                    hot_topics: hot,
                }
            }
            Kind::Village => {
                let suffix = if rng.chance(0.6) { "镇" } else { "乡" };
                let town = place_name(&mut rng, suffix);
                let village = place_name(&mut rng, "村");
                UnitSpec {
                    name: format!("{county}{town}{village}党支部"),
                    kind,
                    sector: "village",
                    short: "该村".into(),
                    org: "村党支部",
                    leader_title: "村党支部书记、村委会主任".into(),
                    deputy_title: "村委会副主任".into(),
                    top_leader: leader,
                    county: county.clone(),
                    town,
                    village,
                    group: 0,
                    hot_topics: hot,
                }
            }
            Kind::Sub => {
                let &(sub, sector) = rng.pick(SUBS);
                UnitSpec {
                    name: format!("{county}{sub}党支部"),
                    kind,
                    sector,
                    short: "该单位".into(),
                    org: "党支部",
                    leader_title: "党支部书记、主任".into(),
                    deputy_title: "副主任".into(),
                    top_leader: leader,
                    county: county.clone(),
                    town: String::new(),
                    village: String::new(),
                    group: 0,
                    hot_topics: hot,
                }
            }
        };
        if seen.insert(spec.name.clone()) {
            out.push(spec);
        }
    }
    for (i, u) in out.iter_mut().enumerate() {
        u.group = i % groups.max(1);
    }
    out
}

pub fn group_name(i: usize) -> String {
    format!("第{}巡察组", cn_index(i))
}

/// A deterministic quality for report `i` (a realistic spread: few excellent, few poor).
pub fn quality_of(seed: u64, i: usize) -> Quality {
    let mut rng = Rng::derive(seed, 2, i as u64);
    let r = rng.unit();
    Quality(if r < 0.15 {
        0
    } else if r < 0.4 {
        1
    } else if r < 0.7 {
        2
    } else if r < 0.9 {
        3
    } else {
        4
    })
}

// ──────────────────────────── reports ────────────────────────────

/// Writes one report of about `target` characters (6,000–20,000 in the corpus).
pub fn report_text(seed: u64, index: usize, unit: &UnitSpec, quality: Quality, target: usize) -> String {
    let mut rng = Rng::derive(seed, 3, index as u64);
    let year = 2026;
    let full_width = rng.chance(0.04);
    let mut doc_no = 0u32;
    let group = group_name(unit.group);
    let q = quality;

    let mut head = String::new();
    let _ = writeln!(head, "关于对{}的巡察情况报告\n", unit.name);
    head.push_str("县委巡察工作领导小组：\n\n");
    {
        let mut f = Filler { rng: &mut rng, unit, full_width, year, next_doc: &mut doc_no };
        let intro = f.fill(&format!(
            "　　按照县委{year}年第三轮巡察工作安排，县委{group}于{year}年9月1日至10月30日对{}开展了常规巡察。巡察组坚持以“三个聚焦”为监督重点，同步检查巡视巡察、审计等监督发现问题整改落实情况。巡察期间，共个别谈话{{nn}}人次，召开座谈会{{k}}场，受理来信来访来电{{n}}件（次），调阅文件资料{{nn}}余份，抽查会计凭证{{n}}册，下沉走访{{k}}个村、入户走访{{nn}}户，形成问题底稿{{n}}份。现将巡察情况报告如下。\n\n",
            unit.name
        ));
        head.push_str(&intro);
        head.push_str("一、基本情况和总体评价\n\n");
        let basics = f.fill(&format!(
            "　　{}现有班子成员{{k}}名，在职干部职工{{nn}}人，党员{{n}}名。{{y}}年1月至{{y2}}年12月，共管理使用各类资金{{m}}，涉及项目{{n}}个。\n\n",
            unit.short
        ));
        head.push_str(&basics);
        let mut eval = String::from("　　巡察组认为，");
        eval.push_str(&f.fill(&format!(
            "{}{}能够贯彻落实党中央决策部署和县委工作要求，各项工作取得一定成效。",
            unit.short, unit.org
        )));
        if q.0 <= 1 {
            eval.push_str(&f.fill(
                "同时也要看到，{org}政治意识和责任意识有所弱化，{lead}个人决策色彩较浓，“三重一大”事项集体决策执行不严；资金监管薄弱，群众身边腐败问题多发；对上轮巡察和审计反馈问题存在“选择性整改”。本次巡察开展民主测评，收回有效测评表{n}份，评价“一般”及以下的占{pct}。",
            ));
            let ecology = *f.rng.pick(&["总体呈恶化态势", "总体呈持平态势", "总体呈好转态势，但仍不容乐观"]);
            eval.push_str(&format!(
                "综合民主测评、个别谈话、信访举报和审计等部门提供的情况分析，巡察组认为，{}政治生态{}，须引起高度重视。\n\n",
                unit.short, ecology
            ));
        } else if q.0 <= 3 {
            eval.push_str("但也存在一些问题和不足，政治生态总体较好。\n\n");
        } else {
            eval.push_str("工作总体较好。\n\n");
        }
        head.push_str(&eval);
        // Weaker reports spend pages on the unit's achievements before any problem.
        if q.0 >= 2 {
            for (i, a) in ACHIEVEMENTS.iter().enumerate().take(2 + 2 * q.0 as usize) {
                let _ = writeln!(head, "　　{}是{}\n", cn_index(i), f.fill(a));
            }
        }
    }

    // Problems, grouped by focus.
    let weak_groups = q.0 == 4 && rng.chance(0.5);
    let nfocus = if rng.chance(0.6) { 4 } else { 3 };
    let mut problems_text: Vec<Vec<String>> = vec![Vec::new(); nfocus];
    let mut used = vec![false; PROBLEMS.len()];
    let mut covered_focus = [false; 4];
    let mut total_problems = 0usize;
    let tail_estimate = 500 + nfocus * 240;
    let mut current = chars(&head) + 20 + tail_estimate;
    let fits: Vec<usize> = (0..PROBLEMS.len())
        .filter(|&i| {
            let t = &PROBLEMS[i];
            t.kinds & unit.kind.bit() != 0 && (t.sectors.is_empty() || t.sectors.split(',').any(|s| s == unit.sector))
        })
        .collect();
    // The top leader is covered by good reports; weak ones avoid him.
    let mut order: Vec<usize> = Vec::new();
    let covers_hot = q.0 <= 1 || (q.0 == 2 && rng.chance(0.5));
    if covers_hot {
        for &t in &unit.hot_topics {
            if let Some(p) = fits.iter().copied().find(|&p| topic_of_problem(p) == Some(t)) {
                order.push(p);
            }
        }
    }
    // Weak reports do not list hundreds of trivia: past the cap (per 10,000 characters) the report
    // stays shorter than its target.
    let max_problems = (target as f64 / 10_000.0 * [24.0, 28.0, 32.0, 38.0, 46.0][q.0 as usize]).ceil() as usize;
    while current < target && total_problems < max_problems {
        let roll = rng.unit();
        let focus_slot;
        let mut body = String::new();
        let title: String;
        let mut f = Filler { rng: &mut rng, unit, full_width, year, next_doc: &mut doc_no };
        if roll < q.p_substantive() || total_problems == 0 && q.0 <= 2 {
            let p = if let Some(p) = order.pop() {
                p
            } else {
                let fresh: Vec<usize> = fits.iter().copied().filter(|&p| !used[p]).collect();
                if fresh.is_empty() { *f.rng.pick(&fits) } else { *f.rng.pick(&fresh) }
            };
            let again = std::mem::replace(&mut used[p], true);
            let tpl = &PROBLEMS[p];
            focus_slot = (tpl.focus as usize).min(nfocus - 1);
            covered_focus[tpl.focus as usize] = true;
            title = if again {
                // Same template again on another matter: vary the title a little.
                format!("{}（{}）", tpl.title, f.fill("{t}"))
            } else {
                tpl.title.to_owned()
            };
            // Phenomenon: one or two fact paragraphs, sometimes stretched.
            let nfacts = if f.rng.chance(0.95) { 2 } else { 1 };
            for fact in tpl.facts.iter().take(nfacts) {
                let mut para = String::from("　　");
                let text = f.fill(fact);
                if f.rng.chance(q.p_figures()) {
                    para.push_str(&text);
                } else {
                    // Without figures: the same matter told vaguely.
                    para.push_str(&strip_figures(&text));
                }
                for p_extra in [0.7, 0.35] {
                    if f.rng.chance(p_extra) {
                        let extra = *f.rng.pick(EXTRA_FACTS);
                        para.push_str(&f.fill(extra));
                    }
                }
                body.push_str(&para);
                body.push_str("\n\n");
            }
            let mut judgement = String::from("　　");
            if f.rng.chance(q.p_qualification()) {
                judgement.push_str(f.rng.pick::<&str>(CITATIONS[tpl.focus as usize]));
                judgement.push('。');
            } else if f.rng.chance(0.5) {
                judgement.push_str(f.rng.pick::<&str>(WEAK_QUALIFICATIONS));
                judgement.push('。');
            }
            if f.rng.chance(q.p_responsibility()) {
                let r = *f.rng.pick(RESPONSIBILITIES);
                judgement.push_str(&f.fill(r));
            }
            if f.rng.chance(q.p_evidence()) {
                let e = *f.rng.pick(EVIDENCE);
                judgement.push_str(&f.fill(e));
            }
            if f.rng.chance(q.p_vague()) {
                judgement.push_str(f.rng.pick::<&str>(VAGUE_SENTENCES));
            }
            if judgement.chars().count() > 2 {
                body.push_str(&judgement);
                body.push_str("\n\n");
            }
        } else if roll < q.p_substantive() + q.p_trivia() {
            focus_slot = f.rng.below(nfocus);
            title = f.rng.pick(TRIVIA).to_string();
            body.push_str("　　");
            let first = f.rng.below(TRIVIA_FACTS.len());
            let second = (first + 1 + f.rng.below(TRIVIA_FACTS.len() - 1)) % TRIVIA_FACTS.len();
            for t in [first, second] {
                body.push_str(&f.fill(TRIVIA_FACTS[t]));
            }
            body.push_str(f.rng.pick::<&str>(TRIVIA_TAILS));
            body.push_str("\n\n");
        } else {
            focus_slot = f.rng.below(nfocus);
            title = f.rng.pick(VAGUE_TITLES).to_string();
            body.push_str("　　");
            for _ in 0..2 + f.rng.below(2) {
                body.push_str(f.rng.pick::<&str>(VAGUE_SENTENCES));
            }
            body.push_str("\n\n");
        }
        total_problems += 1;
        // Numbered when the groups are put together (numbers run on across groups).
        let item = if rng.chance(0.1) {
            // Run-in heading: 1.标题。正文……
            let body_one = body.trim_start_matches('　').replace("\n\n　　", "");
            format!("{title}。{body_one}")
        } else {
            format!("{title}\n\n{body}")
        };
        current += chars(&item) + 3;
        problems_text[focus_slot].push(item);
    }

    // Clues.
    let mut clues = String::from("三、问题线索\n\n");
    {
        let mut f = Filler { rng: &mut rng, unit, full_width, year, next_doc: &mut doc_no };
        if q.0 <= 2 {
            clues.push_str(&f.fill("　　巡察期间，巡察组共发现问题线索{k}件，涉及科级干部{k}人、其他干部{n}人，主要涉及虚报冒领、利益输送、违规收受礼品礼金等问题。巡察组已另形成专题报告，拟移交县纪委监委{k}件、县委组织部1件。巡察期间督促立行立改问题{n}个，追回违规资金{ms}。\n\n"));
            if f.rng.chance(0.3) {
                clues.push_str(&f.fill("　　对群众反映的{v}集体资金被截留问题，巡察组调取账目核查，经核实该问题不属实，已向反映人所在村组作出说明。\n\n"));
            }
        } else {
            clues.push_str("　　巡察期间未发现需要移交的问题线索。\n\n");
        }
        if f.rng.chance(0.005) {
            // A leak of the informant's identity (一票否决): a few reports in a large round do it.
            let who = anon_person(f.rng);
            let phone = format!("139{:08}", f.rng.range(0, 99_999_999));
            let _ = writeln!(clues, "　　另，举报人{who}（电话{phone}）反映的问题已转县纪委监委。\n");
        }
    }

    // Suggestions.
    let mut sugg = String::new();
    let has_suggestions = !(q.0 == 4 && rng.chance(0.4));
    if has_suggestions {
        sugg.push_str("四、意见建议\n\n");
        let mut f = Filler { rng: &mut rng, unit, full_width, year, next_doc: &mut doc_no };
        for (i, covered) in covered_focus.iter().enumerate().take(nfocus) {
            let _ = writeln!(sugg, "（{}）针对{}的问题\n", cn_index(i), FOCUS_HEADINGS[i][0].trim_end_matches("方面"));
            sugg.push_str("　　");
            if q.0 <= 1 && *covered {
                for s in SUGGESTIONS[i] {
                    sugg.push_str(&f.fill(s));
                }
            } else {
                sugg.push_str(f.rng.pick::<&str>(GENERIC_SUGGESTIONS));
            }
            sugg.push_str("\n\n");
        }
    }

    let mut out = head;
    out.push_str("二、发现的主要问题\n\n");
    let mut number = 0;
    for (i, items) in problems_text.iter().enumerate() {
        if items.is_empty() {
            continue;
        }
        let heading = if weak_groups {
            WEAK_GROUP_HEADINGS[i % WEAK_GROUP_HEADINGS.len()]
        } else {
            FOCUS_HEADINGS[i][rng.below(FOCUS_HEADINGS[i].len())]
        };
        let _ = writeln!(out, "（{}）{}\n", cn_index(i), heading);
        for item in items {
            number += 1;
            let _ = write!(out, "{number}.{item}");
        }
    }
    out.push_str(&clues);
    out.push_str(&sugg);
    let _ = writeln!(out, "县委{group}\n{year}年11月{}日", rng.range(1, 28));
    out
}

/// The same matter with its figures taken out ("金额较大", "部分农户").
fn strip_figures(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            while chars.peek().is_some_and(|d| d.is_ascii_digit() || ('０'..='９').contains(d) || *d == '.') {
                chars.next();
            }
            // Swallow the unit that followed the figure.
            let unit: String = chars.clone().take(2).collect();
            let known = ["万元", "亿元", "元", "户", "亩", "%", "人", "名", "个", "件", "次", "年", "月"];
            if !known.iter().any(|u| unit.starts_with(u)) {
                out.push_str("若干");
            }
            for u in known {
                if unit.starts_with(u) {
                    for _ in 0..u.chars().count() {
                        chars.next();
                    }
                    out.push_str(match u {
                        "万元" | "亿元" | "元" => "一定数额",
                        "户" => "部分农户",
                        "年" => "近年",
                        "月" => "某月",
                        _ => "部分",
                    });
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out.replace("近年至近年", "近年来").replace("近年以来", "近年来")
}

/// Picks a report length: 6,000–20,000 characters, most of them 8,000–14,000.
pub fn report_length(seed: u64, i: usize) -> usize {
    let mut rng = Rng::derive(seed, 4, i as u64);
    let a = rng.range(6000, 20000);
    let b = rng.range(6000, 20000);
    ((a + b) / 2) as usize
}

/// Generates a report and trims it to the 6,000–20,000 range if the estimate overshot.
pub fn report_in_range(seed: u64, i: usize, unit: &UnitSpec, q: Quality, lo: usize, hi: usize) -> String {
    let mut target = report_length(seed, i).clamp(lo, hi);
    for _ in 0..8 {
        let text = report_text(seed, i, unit, q, target);
        let n = chars(&text);
        if n > hi {
            target -= (n - hi + 200).min(target / 4);
        } else if n < lo {
            target += lo - n + 200;
        } else {
            return text;
        }
    }
    report_text(seed, i, unit, q, target)
}

// ──────────────────────────── .docx ────────────────────────────

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A minimal WordprocessingML package: one `w:p` per line of `text`.
pub fn docx_bytes(text: &str) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut body = String::with_capacity(text.len() * 2);
    body.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#);
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        body.push_str(r#"<w:p><w:r><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t xml:space="preserve">"#);
        body.push_str(&xml_escape(line));
        body.push_str("</w:t></w:r></w:p>");
    }
    body.push_str("<w:sectPr/></w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    let files: [(&str, &str); 3] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", &body),
    ];
    for (name, content) in files {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(content.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

// ──────────────────────────── tables ────────────────────────────

fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn csv_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push('\n');
}

fn date(rng: &mut Rng, year: u32, from_month: u64, to_month: u64) -> String {
    format!("{year}-{:02}-{:02}", rng.range(from_month, to_month), rng.range(1, 28))
}

fn fake_id(rng: &mut Rng) -> String {
    // Shaped like an ID number; region 999 and the check digit do not exist.
    format!(
        "999{:03}{}{:02}{:02}{:03}{}",
        rng.range(0, 999),
        rng.range(1955, 2000),
        rng.range(1, 12),
        rng.range(1, 28),
        rng.range(0, 999),
        if rng.chance(0.1) { "X".to_owned() } else { rng.range(0, 9).to_string() }
    )
}

/// tipoffs.csv: 编号,被反映单位,被反映人,职级,受理日期,来源渠道,是否署名,是否重复,问题类别,反映内容,举报人,联系电话,身份证号
pub fn tipoffs_csv(seed: u64, units: &[UnitSpec], n: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut rng = Rng::derive(seed, 5, 0);
    let mut buf = String::with_capacity(1 << 20);
    csv_row(
        &mut buf,
        &[
            "编号",
            "被反映单位",
            "被反映人",
            "职级",
            "受理日期",
            "来源渠道",
            "是否署名",
            "是否重复",
            "问题类别",
            "反映内容",
            "举报人",
            "联系电话",
            "身份证号",
        ],
    );
    // A shuffled view so the most reported units are spread over the round.
    let perm: Vec<usize> = {
        let mut p: Vec<usize> = (0..units.len()).collect();
        for i in (1..p.len()).rev() {
            let j = rng.below(i + 1);
            p.swap(i, j);
        }
        p
    };
    for i in 0..n {
        // Every row names a unit of the round (xuncha refuses tip-offs about units it does not
        // know); hot units draw several times more than the others.
        let pick = rng.skewed_index(units.len());
        let u = &units[perm[pick]];
        let unit_name = if u.kind == Kind::County && rng.chance(0.15) {
            // Written without the party-organisation suffix, as many exports do (still unique).
            u.name.trim_end_matches("党组").to_owned()
        } else {
            u.name.clone()
        };
        let unit = Some(u);
        let topic = match unit {
            Some(u) if rng.chance(0.7) => u.hot_topics[rng.below(3)],
            _ => rng.below(TOPICS.len()),
        };
        let (label, content, category) = TOPICS[topic];
        let person = match unit {
            Some(u) if rng.chance(0.4) => format!("{}{}", u.leader_title, u.top_leader),
            _ => anon_person(&mut rng),
        };
        let rank = *rng.pick(&["县处级", "乡科级", "乡科级", "一般干部", "一般干部", "农村干部", "其他"]);
        let channel = *rng.pick(&["来信", "来访", "来电", "网络", "网络", "12388"]);
        let signed = if rng.chance(0.35) { "是" } else { "否" };
        let repeated = if rng.chance(0.2) { "是" } else { "否" };
        let detail = match rng.below(4) {
            0 => format!("反映{unit_name}{person}{content}，涉及金额约{}万元。", rng.range(1, 300)),
            1 => format!("群众反映{unit_name}{content}，{}户群众受影响，多次反映未解决。", rng.range(2, 80)),
            2 => format!("反映{person}在{label}方面存在问题：{content}，希望组织调查处理。"),
            _ => format!("匿名反映{unit_name}{content}。"),
        };
        let informant = if signed == "是" { real_name(&mut rng) } else { String::new() };
        let phone = if signed == "是" || rng.chance(0.3) {
            format!("1{}{:09}", rng.range(3, 9), rng.range(0, 999_999_999))
        } else {
            String::new()
        };
        let id = if signed == "是" && rng.chance(0.6) { fake_id(&mut rng) } else { String::new() };
        let no = format!("XF{}-{:06}", 2026, i + 1);
        let date = date(&mut rng, 2026, 1, 8);
        csv_row(
            &mut buf,
            &[
                &no, &unit_name, &person, rank, &date, channel, signed, repeated, category, &detail, &informant,
                &phone, &id,
            ],
        );
        if buf.len() > (1 << 20) {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())
}

/// sentiment.csv: 编号,单位,来源,发布时间,标题,摘要,倾向,热度
pub fn sentiment_csv(seed: u64, units: &[UnitSpec], n: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut rng = Rng::derive(seed, 6, 0);
    let mut buf = String::with_capacity(1 << 20);
    csv_row(&mut buf, &["编号", "单位", "来源", "发布时间", "标题", "摘要", "倾向", "热度"]);
    for i in 0..n {
        let pick = rng.skewed_index(units.len());
        let u = units.get(pick);
        let name = u.map_or_else(|| "某县".to_owned(), |u| u.name.clone());
        let polarity = *rng.pick(&["负面", "负面", "中性", "中性", "中性", "正面"]);
        let topic = match u {
            Some(u) if rng.chance(0.6) => u.hot_topics[rng.below(3)],
            _ => rng.below(TOPICS.len()),
        };
        let (label, content, _) = TOPICS[topic];
        let (title, summary) = match polarity {
            "负面" => (
                format!("网友反映{name}{label}问题"),
                format!("有网友发帖称{content}，帖子引发关注，部分网友跟帖表示类似情况在当地并不少见。"),
            ),
            "正面" => (
                format!("{name}扎实推进{label}领域问题整治"),
                format!("{name}聚焦群众急难愁盼，开展专项整治，群众满意度明显提升。"),
            ),
            _ => (
                format!("关于{name}{label}工作的情况说明"),
                format!("{name}就网民关注的{label}问题作出回应，表示将认真核查并及时公布结果。"),
            ),
        };
        let source = *rng.pick(&["微博", "微信公众号", "抖音", "今日头条", "本地论坛", "新闻网站", "领导留言板"]);
        let time = format!("{} {:02}:{:02}", date(&mut rng, 2026, 1, 10), rng.range(0, 23), rng.range(0, 59));
        let heat = (10.0 * (rng.unit() * 11.0).exp()) as u64;
        csv_row(
            &mut buf,
            &[&format!("YQ{}-{:06}", 2026, i + 1), &name, source, &time, &title, &summary, polarity, &heat.to_string()],
        );
        if buf.len() > (1 << 20) {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    out.write_all(buf.as_bytes())
}

/// One inspection group's people.
pub struct GroupSpec {
    pub name: String,
    pub leader: String,
    pub deputies: Vec<String>,
    pub members: Vec<String>,
}

/// `n` cadres spread round-robin over `groups` groups: first 组长, second 副组长, then 组员.
pub fn groups(seed: u64, groups: usize, cadres: usize) -> Vec<GroupSpec> {
    let mut rng = Rng::derive(seed, 7, 0);
    let mut seen = HashSet::new();
    let mut out: Vec<GroupSpec> = (0..groups)
        .map(|i| GroupSpec { name: group_name(i), leader: String::new(), deputies: Vec::new(), members: Vec::new() })
        .collect();
    for i in 0..cadres.max(groups) {
        let name = loop {
            let n = real_name(&mut rng);
            if seen.insert(n.clone()) {
                break n;
            }
            if seen.len() > 2500 {
                // The name table is exhausted: add a distinguishing character.
                let n = format!("{}{}", n, rng.pick(GIVEN));
                if seen.insert(n.clone()) {
                    break n;
                }
            }
        };
        let g = &mut out[i % groups];
        if g.leader.is_empty() {
            g.leader = name;
        } else if g.deputies.is_empty() {
            g.deputies.push(name);
        } else {
            g.members.push(name);
        }
    }
    out
}

/// cadres.csv: 姓名,巡察组,角色,派出单位,是否抽调,发现问题数,移交线索数,专题报告数,立行立改数,信息宣传数,基础工作分,问卷满意度,组内评价
pub fn cadres_csv(
    seed: u64,
    groups: &[GroupSpec],
    units: &[UnitSpec],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut rng = Rng::derive(seed, 8, 0);
    let mut buf = String::new();
    csv_row(
        &mut buf,
        &[
            "姓名",
            "巡察组",
            "角色",
            "派出单位",
            "是否抽调",
            "发现问题数",
            "移交线索数",
            "专题报告数",
            "立行立改数",
            "信息宣传数",
            "基础工作分",
            "问卷满意度",
            "组内评价",
        ],
    );
    for g in groups {
        let people = std::iter::once((&g.leader, "组长"))
            .chain(g.deputies.iter().map(|d| (d, "副组长")))
            .chain(g.members.iter().map(|m| (m, "组员")));
        for (name, role) in people {
            if name.is_empty() {
                continue;
            }
            let home = if units.is_empty() {
                "县委巡察办".to_owned()
            } else {
                let u = rng.pick(units);
                u.name.trim_end_matches("党组").trim_end_matches("党委").trim_end_matches("党支部").to_owned()
            };
            let seconded = if role == "组长" || rng.chance(0.3) { "否" } else { "是" };
            let good = rng.unit();
            let found = (good * 30.0) as u64 + rng.range(0, 6);
            let clues = (good * 6.0) as u64;
            let special = rng.range(0, 3);
            let fixed = (good * 10.0) as u64 + rng.range(0, 3);
            let info = rng.range(0, 6);
            let base = 60 + (good * 38.0) as u64 + rng.range(0, 2);
            let survey = format!("{:.1}", 80.0 + good * 19.0 + rng.unit());
            let peer = if good > 0.85 {
                "优秀"
            } else if good > 0.3 {
                "称职"
            } else if good > 0.08 {
                "基本称职"
            } else {
                "不称职"
            };
            csv_row(
                &mut buf,
                &[
                    name,
                    &g.name,
                    role,
                    &home,
                    seconded,
                    &found.to_string(),
                    &clues.to_string(),
                    &special.to_string(),
                    &fixed.to_string(),
                    &info.to_string(),
                    &base.to_string(),
                    &survey,
                    peer,
                ],
            );
        }
    }
    out.write_all(buf.as_bytes())
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// round.toml for the generated units and groups.
pub fn round_toml(units: &[UnitSpec], groups: &[GroupSpec], files: &[String], seed: u64) -> String {
    let mut rng = Rng::derive(seed, 9, 0);
    let mut s = String::new();
    let _ = writeln!(s, "# 生成的基准测试语料（gen_corpus，seed = {seed}）：单位、人名、数字均为虚构。");
    s.push_str("[round]\nname = \"基准测试县2026年第三轮巡察\"\nstart = \"2026-09-01\"\nend = \"2026-11-20\"\nframework = \"三个聚焦\"\n\n");
    for g in groups {
        s.push_str("[[groups]]\n");
        let _ = writeln!(s, "name = {}", toml_str(&g.name));
        let _ = writeln!(s, "leader = {}", toml_str(&g.leader));
        let list = |v: &[String]| v.iter().map(|x| toml_str(x)).collect::<Vec<_>>().join(", ");
        let _ = writeln!(s, "deputies = [{}]", list(&g.deputies));
        let _ = writeln!(s, "members = [{}]\n", list(&g.members));
    }
    for (u, file) in units.iter().zip(files) {
        s.push_str("[[units]]\n");
        let _ = writeln!(s, "name = {}", toml_str(&u.name));
        let _ = writeln!(s, "kind = {}", toml_str(u.kind.label()));
        let _ = writeln!(s, "top_leader = {}", toml_str(&u.top_leader));
        let _ = writeln!(s, "group = {}", toml_str(&groups[u.group].name));
        let _ = writeln!(s, "report = {}", toml_str(file));
        if rng.chance(0.1) {
            s.push_str("recommended = true\n");
        }
        s.push('\n');
    }
    s
}

// ──────────────────────────── main ────────────────────────────

pub struct Args {
    pub out: PathBuf,
    pub reports: usize,
    pub tipoffs: usize,
    pub sentiment: usize,
    pub cadres: Option<usize>,
    pub seed: u64,
    pub docx: Option<usize>,
    pub gbk: usize,
    pub draft_chars: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        out: PathBuf::new(),
        reports: 2000,
        tipoffs: 200_000,
        sentiment: 50_000,
        cadres: None,
        seed: 1,
        docx: None,
        gbk: 0,
        draft_chars: 20_000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.replace('_', "").parse::<usize>().map_err(|e| format!("{v}: {e}"));
        match flag.as_str() {
            "--out" => a.out = PathBuf::from(value()?),
            "--reports" => a.reports = num(value()?)?,
            "--tipoffs" => a.tipoffs = num(value()?)?,
            "--sentiment" => a.sentiment = num(value()?)?,
            "--cadres" => a.cadres = Some(num(value()?)?),
            "--seed" => a.seed = num(value()?)? as u64,
            "--docx" => a.docx = Some(num(value()?)?),
            "--gbk" => a.gbk = num(value()?)?,
            "--draft-chars" => a.draft_chars = num(value()?)?,
            "-h" | "--help" => {
                return Err("usage: gen_corpus --out DIR [--reports N] [--tipoffs N] [--sentiment N] [--cadres N] [--seed S] [--docx N] [--gbk N] [--draft-chars N]".into());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    if a.reports == 0 {
        return Err("--reports must be at least 1".into());
    }
    Ok(a)
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)
}

pub fn generate(a: &Args) -> std::io::Result<()> {
    let started = std::time::Instant::now();
    let ngroups = a.reports.div_ceil(10).max(1);
    let cadres = a.cadres.unwrap_or(ngroups * 6);
    let units = units(a.seed, a.reports, ngroups);
    let groups = groups(a.seed, ngroups, cadres);
    let docx = a.docx.unwrap_or(a.reports / 50).min(a.reports);
    let gbk = a.gbk.min(a.reports - docx);

    if a.out.join("round.toml").exists() {
        // Regenerating over an old corpus: stale reports would be unclaimed files.
        let _ = std::fs::remove_dir_all(a.out.join("reports"));
    }
    std::fs::create_dir_all(a.out.join("reports"))?;
    std::fs::create_dir_all(a.out.join("signals"))?;
    std::fs::create_dir_all(a.out.join("drafts"))?;

    // Reports, on all cores (each report has its own PRNG stream, so the order does not matter).
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let files: Vec<String> = (0..a.reports)
        .map(|i| {
            // Spread the .docx and GBK reports over the round.
            let ext = if docx > 0 && i % (a.reports / docx).max(1) == 0 && i / (a.reports / docx).max(1) < docx {
                "docx"
            } else {
                "txt"
            };
            format!("reports/r{:05}.{ext}", i + 1)
        })
        .collect();
    let gbk_every = a.reports.checked_div(gbk).map_or(usize::MAX, |d| d.max(1));
    let total_chars = std::sync::atomic::AtomicUsize::new(0);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let result: std::io::Result<()> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| -> std::io::Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= a.reports {
                            return Ok(());
                        }
                        let text = report_in_range(a.seed, i, &units[i], quality_of(a.seed, i), 6000, 20000);
                        total_chars.fetch_add(chars(&text), std::sync::atomic::Ordering::Relaxed);
                        let path = a.out.join(&files[i]);
                        if files[i].ends_with(".docx") {
                            write_file(&path, &docx_bytes(&text))?;
                        } else if gbk > 0 && (i + 1) % gbk_every == 0 && (i + 1) / gbk_every <= gbk {
                            let (bytes, _, _) = encoding_rs::GBK.encode(&text);
                            write_file(&path, &bytes)?;
                        } else {
                            write_file(&path, text.as_bytes())?;
                        }
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().expect("generator thread")?;
        }
        Ok(())
    });
    result?;

    write_file(&a.out.join("round.toml"), round_toml(&units, &groups, &files, a.seed).as_bytes())?;
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(a.out.join("signals/tipoffs.csv"))?);
        tipoffs_csv(a.seed, &units, a.tipoffs, &mut w)?;
        w.flush()?;
        let mut w = std::io::BufWriter::new(std::fs::File::create(a.out.join("signals/sentiment.csv"))?);
        sentiment_csv(a.seed, &units, a.sentiment, &mut w)?;
        w.flush()?;
        let mut w = std::io::BufWriter::new(std::fs::File::create(a.out.join("cadres.csv"))?);
        cadres_csv(a.seed, &groups, &units, &mut w)?;
        w.flush()?;
    }

    // The lone draft for `xuncha check` timings: a good report close to draft_chars characters.
    let draft = draft_text(a.seed, a.draft_chars);
    write_file(&a.out.join("drafts/draft-20k.txt"), draft.as_bytes())?;
    write_file(&a.out.join("drafts/draft-20k.docx"), &docx_bytes(&draft))?;

    eprintln!(
        "gen_corpus: {} reports ({} .docx, {} GBK, {:.1} M characters), {} groups, {} cadres, {} tip-offs, {} sentiment rows, draft {} chars -> {} in {:.1} s",
        a.reports,
        docx,
        gbk,
        total_chars.into_inner() as f64 / 1e6,
        ngroups,
        cadres.max(ngroups),
        a.tipoffs,
        a.sentiment,
        chars(&draft),
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A good county-department report of at most `n` characters and close to it.
pub fn draft_text(seed: u64, n: usize) -> String {
    let units = units(seed ^ 0xD4AF7, 1, 1);
    let mut unit = units[0].clone();
    unit.kind = Kind::County;
    unit.sector = "agri";
    unit.name = "示例县农业农村局党组".into();
    unit.short = "该局".into();
    unit.org = "党组";
    unit.leader_title = "党组书记、局长".into();
    unit.deputy_title = "分管副局长".into();
    let lo = n.saturating_sub(n / 40).max(1);
    let mut target = n;
    let mut best = String::new();
    for _ in 0..40 {
        let text = report_text(seed, usize::MAX / 2, &unit, Quality(1), target);
        let c = chars(&text);
        if c <= n && c >= lo {
            return text;
        }
        if c <= n && c > chars(&best) {
            best = text;
        }
        if c > n {
            target -= (c - n).max(50);
        } else {
            target += (lo - c).max(50);
        }
    }
    if best.is_empty() { report_text(seed, 0, &unit, Quality(1), n / 2) } else { best }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("gen_corpus: {e}");
        std::process::exit(1);
    }
}
