//! Traditional-script texts read as simplified, with every byte offset kept: each pair maps one
//! three-byte CJK character to another, so a span into the folded copy is a span into the
//! original. Enough of the script for the vocabulary of inspection notices; not a converter.

const TRADITIONAL: &str = "並亂佔來係個們備傳債傷傾僅價億儘償優兇內兩別則創劃劍勁動務勞勢勵勸匯區協厭厲參員問喪單嚮嚴國圍圓圖團執堅報場壓壞夠夢奪奮婦孫學實寧審寫寶將專尋對導屆層屬岡崗巔巖師帶幣幫幹幾庫廟廠廢廣廳張強彈彙後從復徵徹惡態懇應懲懷懸戰戲戶採揮撥擊擔據擬擴攜敗敵數斂斷於時晉暢曆書會東條棄業極構槍樂樓標樹橋機檔檢權歡歲歷歸殘殺毀氣汙決沒況淺渙減測湧準滅滯滿漢漲潔潤澤濃濟濫濱灣災為無燈營爐爭牆狀獄獎獨獲現瑣環產畝畢畫異當瘋療發盡監盤眾睜確礎礙礦禍禦禮稅種稱積穩窮競筆節範簡籌粵糧糾紀約紅純紙級紛紡細紹終組結絕絡給統經綜綠維綱網緊緒線緣編緩縣縮縱總績織繳續罰羅義習聖聯聲職聽肅脫腦膽臨與興舉舊莊華萬薦藍藝藥蘇處虛蟲衆術衛衝補裝裡製襲見規視親覺覽觀訂計訊討訓託記訪設許訴診評詞詢試話詳誇誌認誠誡誤說課調談請論諮謀講謹證識譜議護讀變讓豐貞負財貢貧貨販貪貫責貴買貸費貼賂賃賄資賈賓賜賞賠賣賤賦質賬賴購贏趕趨跡踐蹤車軍軟較載輔輕輛輪輸轄轉辦辭辯農這連週進運過達違遠遲遷選遺還邊邏郵鄉鄧鄰醜醫釋針鉤銀銜銳銷鋼錄錢錯鍵鎖鎮鐵鑑鑒長門閉開閒間閱闊關闡陣陸陽隊階際隨險隱雙雜雞離難電靈響頁項須預頒頓領頭頻題額願類顧顯風飛飲養餘館饋驅驗骯體髮鬆鬥鬧魚鳥麗麼黃點黨齊齒齡龍";
const SIMPLIFIED: &str = "并乱占来系个们备传债伤倾仅价亿尽偿优凶内两别则创划剑劲动务劳势励劝汇区协厌厉参员问丧单向严国围圆图团执坚报场压坏够梦夺奋妇孙学实宁审写宝将专寻对导届层属冈岗巅岩师带币帮干几库庙厂废广厅张强弹汇后从复征彻恶态恳应惩怀悬战戏户采挥拨击担据拟扩携败敌数敛断于时晋畅历书会东条弃业极构枪乐楼标树桥机档检权欢岁历归残杀毁气污决没况浅涣减测涌准灭滞满汉涨洁润泽浓济滥滨湾灾为无灯营炉争墙状狱奖独获现琐环产亩毕画异当疯疗发尽监盘众睁确础碍矿祸御礼税种称积稳穷竞笔节范简筹粤粮纠纪约红纯纸级纷纺细绍终组结绝络给统经综绿维纲网紧绪线缘编缓县缩纵总绩织缴续罚罗义习圣联声职听肃脱脑胆临与兴举旧庄华万荐蓝艺药苏处虚虫众术卫冲补装里制袭见规视亲觉览观订计讯讨训托记访设许诉诊评词询试话详夸志认诚诫误说课调谈请论咨谋讲谨证识谱议护读变让丰贞负财贡贫货贩贪贯责贵买贷费贴赂赁贿资贾宾赐赏赔卖贱赋质账赖购赢赶趋迹践踪车军软较载辅轻辆轮输辖转办辞辩农这连周进运过达违远迟迁选遗还边逻邮乡邓邻丑医释针钩银衔锐销钢录钱错键锁镇铁鉴鉴长门闭开闲间阅阔关阐阵陆阳队阶际随险隐双杂鸡离难电灵响页项须预颁顿领头频题额愿类顾显风飞饮养余馆馈驱验肮体发松斗闹鱼鸟丽么黄点党齐齿龄龙";

/// `text` with traditional characters replaced by their simplified forms; same length and
/// offsets.
pub fn simplified(text: &str) -> String {
    // Looked up in a sorted table built once: searching TRADITIONAL itself for every character
    // of every report was a tenth of a round's CPU time (memcmp and `str::contains` in perf).
    static PAIRS: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(|| {
        let mut v: Vec<(char, char)> = TRADITIONAL.chars().zip(SIMPLIFIED.chars()).collect();
        v.sort_unstable();
        v
    });
    let lookup = |c: char| -> Option<char> {
        if c < '\u{4e00}' {
            return None;
        }
        PAIRS.binary_search_by_key(&c, |p| p.0).ok().map(|i| PAIRS[i].1)
    };
    if !text.chars().any(|c| lookup(c).is_some()) {
        return text.to_owned();
    }
    text.chars().map(|c| lookup(c).unwrap_or(c)).collect()
}

/// `text` without the pinyin glosses some mirror sites insert after a character
/// ("根據(jù)" → "根據"), and for each byte of the result (plus one past the end) its offset in
/// `text`: a span `a..b` of the result is `map[a]..map[b - 1] + 1` of `text`. `None` when there
/// are none.
pub fn without_glosses(text: &str) -> Option<(String, Vec<usize>)> {
    let is_pinyin = |c: char| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňḿ".contains(c);
    let gloss_len = |at: usize| -> Option<usize> {
        let rest = text[at..].strip_prefix('(')?;
        let n: usize = rest.chars().take_while(|&c| is_pinyin(c)).map(char::len_utf8).sum();
        let letters = rest[..n].chars().count();
        ((1..=6).contains(&letters) && rest[n..].starts_with(')')).then_some(n + 2)
    };
    let mut clean = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut prev_cjk = false;
    let mut found = false;
    let mut i = 0;
    while i < text.len() {
        if prev_cjk {
            if let Some(n) = gloss_len(i) {
                i += n;
                found = true;
                prev_cjk = false;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        clean.push(c);
        map.extend(i..i + c.len_utf8());
        prev_cjk = ('\u{4e00}'..='\u{9fff}').contains(&c);
        i += c.len_utf8();
    }
    map.push(text.len());
    found.then_some((clean, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets() {
        assert_eq!(TRADITIONAL.chars().count(), SIMPLIFIED.chars().count());
        let t = "巡察組反饋：黨委主體責任落實不到位，2019年";
        let s = simplified(t);
        assert_eq!(s, "巡察组反馈：党委主体责任落实不到位，2019年");
        assert_eq!(s.len(), t.len());
    }

    #[test]
    fn drops_glosses() {
        let t = "根據(jù)市委部署，鎮(zhèn)黨委(1)";
        let (clean, map) = without_glosses(t).unwrap();
        assert_eq!(clean, "根據市委部署，鎮黨委(1)");
        let at = clean.find("鎮").unwrap();
        assert_eq!(&t[map[at]..map[at + 2] + 1], "鎮");
        assert_eq!(map[clean.len()], t.len());
    }
}
