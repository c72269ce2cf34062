//! The page shell every workbench page shares: title, navigation, stylesheet and script.

use maud::{DOCTYPE, Markup, html};

/// The navigation of round pages: (round index, round name, the tab shown).
pub struct RoundNav<'a> {
    pub n: usize,
    pub name: &'a str,
    pub tab: &'a str,
}

pub fn page(title: &str, nav: Option<RoundNav<'_>>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 巡察工作台" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#main" { "跳到正文" }
                header.top {
                    a.brand href="/" { "巡察工作台" }
                    nav aria-label="主菜单" {
                        a href="/" { "草稿自查" }
                        a href="/archive" { "巡察档案" }
                    }
                }
                @if let Some(n) = nav {
                    nav.tabs aria-label=(n.name) {
                        strong { (n.name) }
                        @for (tab, href, label) in round_tabs(n.n) {
                            @if tab == n.tab {
                                a href=(href) aria-current="page" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                        }
                    }
                }
                main #main { (body) }
            }
        }
    }
}

fn round_tabs(n: usize) -> [(&'static str, String, &'static str); 4] {
    [
        ("ranking", format!("/round/{n}"), "排名与报告"),
        ("scoring", format!("/round/{n}/scoring"), "评委现场评分"),
        ("ledger", format!("/round/{n}/ledger"), "整改与线索台账"),
        ("full", format!("/round/{n}/full/index.html"), "一页汇总（干部、统计、调度）"),
    ]
}

/// A number as the other outputs show it: one decimal, no trailing ".0".
pub fn num(x: f64) -> String {
    format!("{}", crate::util::number::round1(x))
}

/// A table from a header and rows of text (the archive's and ledgers' views).
pub fn table(caption: &str, header: &[String], rows: &[Vec<String>]) -> Markup {
    html! {
        table {
            caption { (caption) }
            thead { tr { @for h in header { th scope="col" { (h) } } } }
            tbody { @for r in rows { tr { @for c in r { td { (c) } } } } }
        }
    }
}
