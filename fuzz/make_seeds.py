#!/usr/bin/env python3
"""Writes the small generated seeds of fuzz/corpus/ (docx, docx_xml, table_*, toml_*).

Run from the repository root: python3 fuzz/make_seeds.py. Standard library only. The real
fixtures (fixtures/drafts/trivia.docx, fixtures/docx/numbered.docx, examples/round/judges.xlsx,
round.toml, waivers.toml) are copied as they are; the rest is made here. The report_text seeds
are copies of fixtures/drafts and examples/round/reports files plus a few hand-written ones.
"""
import codecs
import io
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
SEP = b"\xff"  # part separator of the docx_xml and table_xlsx_xml targets


def out(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def src(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def read_zip(path):
    z = zipfile.ZipFile(os.path.join(ROOT, path))
    return {n: z.read(n) for n in z.namelist()}


def mk_zip(entries, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for n, d in entries.items():
            # A fixed date, so that regenerating the seeds gives the same bytes.
            z.writestr(zipfile.ZipInfo(n, date_time=(2026, 1, 1, 0, 0, 0)), d, compress_type=method)
    return b.getvalue()


# ---------------------------------------------------------------- report_text
SHORT = """关于对县某局党组巡察情况的报告

一、基本情况
县委第一巡察组于2026年9月1日至10月20日对县某局党组开展了常规巡察。

二、发现的主要问题
（一）贯彻落实党的路线方针政策方面
1.落实惠民政策打折扣。局党组书记张某某对惠农补贴资金审核把关不严，2025年违规发放补贴12.5万元，涉及农户36户，违反了财经纪律，张某某负有主要领导责任。
（1）冒领补贴问题突出。
2. 办公室电脑摆放不整齐，会议室桌椅陈旧。
（二）群众身边腐败问题和不正之风方面
１．“三重一大”事项未经集体研究，一把手说了算，民主集中制执行不到位。
三、意见建议
（一）压实主体责任。
"""
MD = """# 关于对城关镇党委巡察情况的报告

## 一、基本情况

巡察组**认真**开展巡察。

## 二、发现的主要问题

### （一）政治建设方面

1. 镇党委书记落实“第一议题”制度不到位。
2. 村级财务管理混乱，`村集体资产` 流失 *50万元*。

> 引用：群众反映强烈。

| 问题 | 金额 |
|---|---|
| 优亲厚友 | 3万元 |

```
代码块 一、不是标题
```

## 三、意见建议

- 加强监督
"""


def report_text():
    for f in ["fixtures/drafts/trivia.txt", "fixtures/drafts/strong.md",
              "fixtures/drafts/no-top-leader.txt", "fixtures/drafts/trivia-gbk.txt",
              "examples/round/reports/gongxin.txt"]:
        out("report_text", os.path.basename(f), src(f))
    out("report_text", "short.txt", SHORT)
    out("report_text", "short-bom.txt", codecs.BOM_UTF8 + SHORT.replace("\n", "\r\n").encode())
    out("report_text", "short-gb18030.txt", SHORT.encode("gb18030"))
    out("report_text", "utf16le.txt", codecs.BOM_UTF16_LE + SHORT.encode("utf-16-le"))
    out("report_text", "lone-cr.txt", SHORT.replace("\n", "\r"))
    out("report_text", "short.md", MD)
    out("report_text", "fullwidth.txt",
        "一、基本情况\n　　全年查处问题１２３件，涉及资金５，６７８．９万元，ＡＢＣ项目。\n"
        "二、存在的问题\n（一）问题线索\n1．一把手违规决策。\n（二）整改情况\n2、作风问题。\n")
    out("report_text", "headings-only.md", "#\n##\n### 二、发现的主要问题\n####### 七级\n# 一、\n")
    out("report_text", "ladder-mix.txt",
        "一、\n（一）\n1.\n（1）\n①\n第一章\n第一条\n二、发现的主要问题\n（十二）问题\n"
        "100.问题\n（二十一）问题\n一是问题。二是问题；三是问题！\n")
    out("report_text", "binaryish.txt", b"\xe4\xb8\x80\xe3\x80\x81\x00\x01\x02abc\n\xff\xfe\n")


# ---------------------------------------------------------------- docx, docx_xml
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def doc(body):
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>'.encode()


def para(text, style=None, num=None):
    ppr = ""
    if style or num:
        ppr = "<w:pPr>"
        if style:
            ppr += f'<w:pStyle w:val="{style}"/>'
        if num:
            ppr += f'<w:numPr><w:ilvl w:val="{num[0]}"/><w:numId w:val="{num[1]}"/></w:numPr>'
        ppr += "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


FEATURES = doc(
    para("关于对县某局党组的巡察情况报告", "Title")
    + para("基本情况", "Heading1", (0, 1))
    + '<w:p><w:r><w:t>巡察组</w:t></w:r><w:r><w:tab/><w:t>听取</w:t><w:br/><w:t>汇报</w:t><w:cr/>'
      '<w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
      '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
      '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r>'
      '<w:r><w:ruby><w:rt><w:r><w:t>xun</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>巡</w:t></w:r>'
      '</w:rubyBase></w:ruby></w:r></w:p>'
    + para("发现的主要问题", "Heading1", (0, 1))
    + para("贯彻落实党的路线方针政策方面", "Heading2", (1, 1))
    + '<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>'
      '<w:ins w:id="1" w:author="a"><w:r><w:t>一把手违规决策，</w:t></w:r></w:ins>'
      '<w:del w:id="2" w:author="a"><w:r><w:delText>删除的</w:delText></w:r></w:del>'
      '<w:moveTo><w:r><w:t>挪来</w:t></w:r></w:moveTo><w:moveFrom><w:r><w:t>挪走</w:t></w:r></w:moveFrom></w:p>'
      '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr><w:r><w:t>段落标记被删除，</w:t></w:r></w:p>'
    + para("与下一段合并。")
    + '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
      '<w:t>文本框一</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>'
      '<w:txbxContent><w:p><w:r><w:t>文本框回退</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>'
      '</mc:AlternateContent><w:t>锚定段</w:t></w:r></w:p>'
      '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格单元</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12万元</w:t>'
      '</w:r></w:p></w:tc></w:tr></w:tbl>'
    + para("意见建议", "Heading1", (0, 1))
    + para("加强监督。", "标题2")
)
MIN_DOC = doc(para("一、基本情况") + para("二、发现的主要问题") + para("1.问题。"))
STRICT_NS = ('<?xml version="1.0"?><x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main">'
             '<x:body><x:p><x:r><x:t>strict 命名空间</x:t></x:r></x:p></x:body></x:document>').encode()
UNDECLARED = ('<w:document><w:body><w:p><w:r><w:t>&amp;&lt;&#x4E00;&#19968;&bogus; 未声明前缀</w:t>'
              '</w:r></w:p></w:body></w:document>').encode()
PLAIN = '<w:document><w:body><w:p><w:r><w:t>一、基本情况</w:t></w:r></w:p></w:body></w:document>'


def docx():
    nd = read_zip("fixtures/docx/numbered.docx")
    td = read_zip("fixtures/drafts/trivia.docx")
    out("docx", "trivia.docx", src("fixtures/drafts/trivia.docx"))
    out("docx", "numbered.docx", src("fixtures/docx/numbered.docx"))
    out("docx", "numbered-stored.docx", mk_zip(nd, zipfile.ZIP_STORED))
    out("docx", "numbered-no-rels.docx", mk_zip({k: v for k, v in nd.items() if "rels" not in k}))
    out("docx", "trivia-document-only.docx", mk_zip({"word/document.xml": td["word/document.xml"]}))
    out("docx", "features.docx", mk_zip({
        "word/document.xml": FEATURES,
        "word/styles.xml": nd["word/styles.xml"],
        "word/numbering.xml": nd["word/numbering.xml"],
        "word/_rels/document.xml.rels": nd["word/_rels/document.xml.rels"],
        "_rels/.rels": nd["_rels/.rels"],
    }))
    out("docx", "minimal-stored.docx", mk_zip({"word/document.xml": MIN_DOC}, zipfile.ZIP_STORED))
    out("docx", "strict-ns.docx", mk_zip({"word/document.xml": STRICT_NS}))
    out("docx", "truncated.docx", src("fixtures/docx/numbered.docx")[:3000])
    out("docx", "relocated-main.docx", mk_zip({
        "word/main.xml": MIN_DOC,
        "_rels/.rels": nd["_rels/.rels"].replace(b"word/document.xml", b"word/main.xml"),
    }))
    # docx_xml: document, styles, numbering, _rels/.rels, word/_rels/document.xml.rels
    out("docx_xml", "numbered", SEP.join([nd["word/document.xml"], nd["word/styles.xml"],
                                          nd["word/numbering.xml"], nd["_rels/.rels"],
                                          nd["word/_rels/document.xml.rels"]]))
    out("docx_xml", "trivia", SEP.join([td["word/document.xml"], td["word/styles.xml"]]))
    out("docx_xml", "features", SEP.join([FEATURES, nd["word/styles.xml"], nd["word/numbering.xml"]]))
    out("docx_xml", "minimal", MIN_DOC)
    out("docx_xml", "strict-ns", STRICT_NS)
    out("docx_xml", "undeclared-prefix", UNDECLARED)
    out("docx_xml", "gbk-decl", ('<?xml version="1.0" encoding="GBK"?>' + PLAIN).encode("gbk"))
    out("docx_xml", "utf16", ('<?xml version="1.0" encoding="UTF-16"?>' + PLAIN).encode("utf-16"))


# ---------------------------------------------------------------- table_csv
JUDGES = """评委,被巡察单位,得分,备注
陈某某,县农业农村局党组,94,
周某,县农业农村局党组,92,
吴某某,县农业农村局党组,95,
郑某某,县农业农村局党组,90,
孙某,县农业农村局党组,93,
陈某某,城关镇党委,86,
孙某,城关镇党委,95,回避
陈某某,县教育局党组,88,
周某,县教育局党组,62,
"""


def table_csv():
    out("table_csv", "judges.csv", JUDGES)
    out("table_csv", "judges-bom-crlf.csv", codecs.BOM_UTF8 + JUDGES.replace("\n", "\r\n").encode())
    out("table_csv", "judges-gbk.csv", JUDGES.encode("gbk"))
    out("table_csv", "aliases-private-extra.csv",
        "序号,评审专家,单位名称,总分,举报人,政治站位,聚焦重点,说明\n"
        "1,陈某某,县水利局,８５分,王某某,12,18,\n"
        "2,周某,县水利局党组,\"1,200\",李某,13.5,19,\"带,逗号\"\n")
    out("table_csv", "custom-columns.csv",
        "评审人,报告,打分,举报人姓名\n陈某某,河寨村党支部,70,张三\n周某,河寨村,71,\n")
    out("table_csv", "quotes-multiline.csv",
        '"评委","被巡察单位","得分","备注"\n"陈某某","县教育局党组","80","第一行\n第二行"\n'
        '"周某","县教育局党组","81",""""引号"""""\n')
    out("table_csv", "errors.csv",
        "评委,被巡察单位,得分\n陈某某,不存在的单位,abc\n周某,县教育局党组,101,多出\n,,\n")
    out("table_csv", "duplicate-header.csv", "评委,评委姓名,得分,单位\n甲,县教育局党组,1,\n")
    out("table_csv", "unknown-header.csv", "评委,被巡察单位,分值\n甲,县教育局党组,1\n")
    out("table_csv", "semicolon-tabs.csv", "评委;被巡察单位;得分\n甲\t县教育局党组\t1\n")
    out("table_csv", "header-only.csv", "\ufeff评委,被巡察单位,得分\n\n")


# ---------------------------------------------------------------- table_xlsx, table_xlsx_xml
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PR}"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WB_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PR}">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
           '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
WB = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><sheets>'
      '<sheet name="评委现场评分" sheetId="1" r:id="rId1"/></sheets></workbook>')
# cellXfs: 0 general, 1 built-in date (14), 2 custom date format 164, 3 percent
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS_MAIN}">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
          '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
          '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
          '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
          '<cellXfs count="4"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/>'
          '<xf numFmtId="164" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
SST = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS_MAIN}" count="6" uniqueCount="6">'
       '<si><t>评委</t></si><si><t>被巡察单位</t></si><si><t>得分</t></si><si><t>陈某某</t></si>'
       '<si><r><t>县教育局</t></r><r><t>党组</t></r></si><si><t xml:space="preserve"> 备注 </t></si></sst>')


def sheet(rows):
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS_MAIN}"><sheetData>{rows}</sheetData></worksheet>'


SHEET_SST = sheet(
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>5</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>88.5</v></c><c r="D2" s="1"><v>45627</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>周某</t></is></c><c r="B3" t="s"><v>4</v></c><c r="C3" t="str"><f>80+1</f><v>81</v></c><c r="D3" t="b"><v>1</v></c></row>'
    '<row r="5"><c r="A5" t="inlineStr"><is><t>吴某</t></is></c><c r="B5" t="s"><v>4</v></c><c r="C5" t="e"><v>#DIV/0!</v></c><c r="D5" s="2"><v>1e300</v></c></row>')
SHEET_DATES = sheet(
    '<row r="2"><c r="B2" t="inlineStr"><is><t>评委</t></is></c><c r="C2" t="inlineStr"><is><t>被巡察单位</t></is></c>'
    '<c r="D2" t="inlineStr"><is><t>得分</t></is></c><c r="E2" t="inlineStr"><is><t>备注</t></is></c></row>'
    '<row r="3"><c r="B3" t="inlineStr"><is><t>郑某某</t></is></c><c r="C3" t="inlineStr"><is><t>河寨村党支部</t></is></c>'
    '<c r="D3"><v>66</v></c><c r="E3" s="2"><v>-1e20</v></c></row>'
    '<row r="4"><c r="B4" t="inlineStr"><is><t>孙某</t></is></c><c r="C4" t="inlineStr"><is><t>河寨村党支部</t></is></c>'
    '<c r="D4" s="3"><v>0.67</v></c><c r="E4" s="1"><v>59.5</v></c></row>')


def xlsx(sheet_xml, sst=None, styles=STYLES):
    e = {"[Content_Types].xml": CT, "_rels/.rels": RELS, "xl/_rels/workbook.xml.rels": WB_RELS,
         "xl/workbook.xml": WB, "xl/worksheets/sheet1.xml": sheet_xml, "xl/styles.xml": styles}
    if sst:
        e["xl/sharedStrings.xml"] = sst
    return mk_zip(e)


def tables_xlsx():
    out("table_xlsx", "judges.xlsx", src("examples/round/judges.xlsx"))
    out("table_xlsx", "shared-strings.xlsx", xlsx(SHEET_SST, SST))
    out("table_xlsx", "dates-offset.xlsx", xlsx(SHEET_DATES))
    jx = read_zip("examples/round/judges.xlsx")
    # table_xlsx_xml: sheet1.xml, sharedStrings.xml, styles.xml, workbook.xml
    out("table_xlsx_xml", "judges", SEP.join([jx["xl/worksheets/sheet1.xml"], b"", jx["xl/styles.xml"]]))
    out("table_xlsx_xml", "shared-strings", SEP.join([SHEET_SST.encode(), SST.encode(), STYLES.encode()]))
    out("table_xlsx_xml", "dates-offset", SEP.join([SHEET_DATES.encode(), b"", STYLES.encode()]))
    out("table_xlsx_xml", "sheet-only", SHEET_DATES)


# ---------------------------------------------------------------- toml_*
def toml_round():
    out("toml_round", "example.toml", src("examples/round/round.toml"))
    # Units pointing at the files the target creates in its scratch round folder.
    out("toml_round", "scratch-files.toml", """[round]
name = "测试轮次"
end = "2026-11-20"

[[groups]]
name = "第一组"
leader = "甲"
deputies = ["乙"]
members = ["丙"]

[[units]]
name = "县某局党组"
kind = "县直单位"
group = "第一组"
report = "r1.txt"

[[units]]
name = "某镇党委"
kind = "乡镇党委"
group = "第一组"
report = "./r2.md"
recommended = true

[[units]]
name = "某村党支部"
kind = "村级党组织"
group = "第一组"
report = "reports/a.txt"

[columns]
"打分" = "score"

[stats]
"移交问题线索" = 12
"问责人数" = 3.5
""")
    out("toml_round", "errors.toml", """[round]
name = "x"
[[groups]]
name = "第一组"
leader = " "
[[units]]
name = "单位"
kind = "县直单位 "
group = "第1组"
report = "../外面.txt"
unknown = 1
""")
    out("toml_round", "inline.toml", 'round = { name = "轮次" }\nunits = [ { name = "甲", kind = "二级机构", group = "g", report = "r3.docx" } ]\ngroups = [ { name = "g", leader = "组长" } ]\n')


def toml_pack():
    out("toml_pack", "default-pack.toml", src("rules/pack.toml"))
    out("toml_pack", "override.toml", """extends = "default"
name = "某县规则包"
version = "1"
framework = "sige"

[structure]
problem_titles = ["问题"]
problem_title_excludes = []

[rubric]
total = 100

[rubric.criteria.form]
name = "文稿规范"
max = 7
floor = 2

[judges]
trim_from = 3
trim = 1
rules_weight = 0.7
spread_flag = 10
departure_flag = 15

[rules."report/length"]
enabled = false

[rules."report/trivia".params]
max_share = 0.5

[rules."report/problem-elements"]
severity = "提示"
points = 1.5
max_points = 3
""")
    out("toml_pack", "judges-trim.toml", "[judges]\ntrim_from = 1\ntrim = 4\nrules_weight = -1\nspread_flag = 0\ndeparture_flag = 0\n")
    out("toml_pack", "grades.toml", "[[rubric.grades]]\nname = \"满分\"\nmin = 100\n")
    out("toml_pack", "params-types.toml", '[rules."report/length".params]\nmin_chars = "三千"\nmax_chars = -1\n[rules."report/evidence".params]\nmin_share = 2.0\nmax_points = 0\n')
    out("toml_pack", "framework.toml", 'framework = "mine"\n[frameworks.mine]\nname = "自定义"\nfocuses = [ { id = "A", name = "一", areas = ["policy", "top-leader"] } ]\n')
    out("toml_pack", "nan-rubric.toml", "[rubric]\ntotal = nan\n[rubric.criteria.form]\nname = \"文稿规范\"\nmax = inf\nfloor = -inf\n[[rubric.grades]]\nname = \"优秀\"\nmin = nan\n")
    out("toml_pack", "no-extends.toml", 'extends = "none"\nname = "x"\n')


def toml_waivers():
    out("toml_waivers", "example.toml", src("examples/round/waivers.toml"))
    out("toml_waivers", "variants.toml", """[[waivers]]
rule = "report/trivia"
unit = "县教育局党组"
reason = "试点"
approved_by = "巡察办"

[[waivers]]
rule = "report/length"
unit = "县工业和信息化局党组"
reason = "从简"
approved_by = "领导小组"
expires = "2026-11-20"

[[waivers]]
rule = "report/structure"
unit = "县教育局党组"
reason = " "
approved_by = "x"
expires = "2026-1-1"
""")
    out("toml_waivers", "empty.toml", "")
    out("toml_waivers", "bad.toml", 'waivers = [ { rule = "report/lenght", unit = "县教育局", reason = "r", approved_by = "a", extra = 1 } ]\n')


# ---------------------------------------------------------------- dictionaries
def dict_line(token):
    b = token.encode() if isinstance(token, str) else token
    esc = "".join(chr(c) if 0x20 <= c < 0x7F and c not in (0x22, 0x5C) else f"\\x{c:02X}" for c in b)
    return f'"{esc}"'


def write_dict(name, tokens):
    d = os.path.join(ROOT, "fuzz", "dicts")
    os.makedirs(d, exist_ok=True)
    seen, lines = set(), [f"# libFuzzer dictionary for {name}; generated by fuzz/make_seeds.py"]
    for t in tokens:
        if t and t not in seen:
            seen.add(t)
            lines.append(dict_line(t))
    with open(os.path.join(d, f"{name}.dict"), "w") as f:
        f.write("\n".join(lines) + "\n")


STRUCTURE_TOKENS = [
    "一、", "二、", "三、", "十一、", "（一）", "（二）", "(一)", "（十二）", "1.", "2．", "１．", "3、",
    "（1）", "(2)", "①", "一是", "二是", "第一", "\n", "\r\n", "\r", "\t", "\u3000", "\ufeff",
    "。", "；", "！", "？", "：", "，", "“", "”", "# ", "## ", "### ", "#### ", "- ", "* ", "> ",
    "```", "|", "基本情况", "发现的主要问题", "存在的问题", "主要问题", "问题线索", "整改情况",
    "意见建议", "意见和建议", "总体评价", "万元", "元", "件", "人", "%", "％", "2026年", "张某某",
]

XML_TOKENS = [
    "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", '<w:t xml:space="preserve">',
    "<w:pPr>", "</w:pPr>", "<w:rPr>", "</w:rPr>", '<w:pStyle w:val="', '<w:outlineLvl w:val="',
    "<w:numPr>", '<w:ilvl w:val="', '<w:numId w:val="', "<w:tab/>", "<w:br/>", "<w:cr/>",
    "<w:noBreakHyphen/>", "<w:vanish/>", "<w:ins>", "</w:ins>", "<w:del>", "</w:del>",
    "<w:moveTo>", "<w:moveFrom>", "<w:delText>", "<w:instrText>", "<w:fldChar", "<w:ruby>",
    "<w:rt>", "<w:rubyBase>", "<w:txbxContent>", "</w:txbxContent>", "<mc:AlternateContent>",
    "<mc:Choice", "<mc:Fallback>", "<w:tbl>", "<w:tr>", "<w:tc>", "<w:style", "w:styleId=",
    "<w:basedOn", "<w:name w:val=", "heading 1", "标题 2", "Title", "<w:abstractNum",
    "w:abstractNumId=", "<w:num ", "w:numId=", "<w:lvl", "w:ilvl=", "<w:start w:val=",
    "<w:numFmt w:val=", "decimal", "chineseCounting", "taiwaneseCountingThousand",
    "ideographTraditional", "decimalEnclosedCircle", "upperRoman", "<w:lvlText w:val=",
    "%1", "%2、", "（%3）", "<w:lvlOverride", "<w:startOverride", "<w:abstractNumId w:val=",
    "xmlns:w=", "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/markup-compatibility/2006", "<Relationship ",
    "Target=", "Type=", "officeDocument", "styles", "numbering", "&amp;", "&lt;", "&#",
    "<![CDATA[", "]]>", "<!--", "-->", "<?xml", 'encoding="GBK"', "/>", b"\xff",
]

XLSX_TOKENS = [
    "<row", "</row>", "<c ", "</c>", 'r="A1"', 't="s"', 't="inlineStr"', 't="str"',
    't="b"', 't="e"', 't="d"', 't="n"', 's="1"', 's="2"', "<v>", "</v>", "<is>", "<t>",
    "</t>", "<si>", "</si>", "<f>", "<sheetData>", "<dimension ref=", "<mergeCell ref=",
    "<numFmt numFmtId=", "formatCode=", "yyyy-mm-dd", "[h]:mm:ss", "<xf numFmtId=",
    "<cellXfs", "<sheet name=", "r:id=", "1e308", "-1e308", "NaN", "2958465", "#DIV/0!",
    "评委", "被巡察单位", "得分", "备注", "举报人", b"\xff",
]

TOML_TOKENS = [
    "extends", "default", "[rubric]", "[rubric.criteria.", "[[rubric.grades]]", "[judges]",
    "trim_from", "trim", "rules_weight", "spread_flag", "departure_flag", "[structure]",
    "problem_titles", "problem_title_excludes", "[frameworks.", "focuses", "areas",
    "framework", '[rules."report/', '".params]', "enabled", "severity", "criterion",
    "points", "max_points", "floor", "max", "min", "total", "nan", "inf", "-inf", "1e308",
    "[[units]]", "[[groups]]", "[round]", "[columns]", "[stats]", "[[waivers]]", "rule",
    "unit", "reason", "approved_by", "expires", "leader", "deputies", "members", "kind",
    "report", "recommended", "top_leader", "县直单位", "乡镇党委", "村级党组织", "二级机构",
    "错误", "警告", "提示", '"""', "'''", "= [", "= {", "1979-05-27T07:32:00Z",
]


def dicts():
    import glob
    import tomllib
    terms = []
    for f in sorted(glob.glob(os.path.join(ROOT, "rules", "lexicon", "*.toml"))):
        with open(f, "rb") as fh:
            for area in tomllib.load(fh).get("areas", {}).values():
                terms += area.get("terms", [])
    write_dict("report_text", STRUCTURE_TOKENS + terms)
    write_dict("docx_xml", XML_TOKENS + STRUCTURE_TOKENS[:20])
    write_dict("table_xlsx_xml", XLSX_TOKENS)
    write_dict("toml", TOML_TOKENS)


if __name__ == "__main__":
    dicts()
    report_text()
    docx()
    table_csv()
    tables_xlsx()
    toml_round()
    toml_pack()
    toml_waivers()
