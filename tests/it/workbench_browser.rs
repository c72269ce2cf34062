//! The workbench end to end in a real browser: the built `xuncha serve` on a copy of the example
//! round, driven through Debian's chromedriver by fantoccini (WebDriver). A group leader uploads a
//! draft and sees its findings in place; the office opens a scoring session and two judges enter
//! their scores, and the live ranking changes. Screenshots are kept in the target folder
//! (`workbench-*.png`) to look at.
//!
//! `.ci/run` installs chromium and chromium-driver and sets XUNCHA_REQUIRE_BROWSER=1, so there a
//! missing browser is a failure; elsewhere the test says so and stops.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

/// Kills a child process when dropped, so a failing assertion leaves nothing running.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tools() -> Option<(&'static str, &'static str)> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().find(|p| Path::new(p).exists())?;
    let driver =
        ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].into_iter().find(|p| Path::new(p).exists())?;
    Some((chromium, driver))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `xuncha serve` and returns it with the address it printed.
fn serve(round: &Path) -> (Guard, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["serve", round.to_str().unwrap(), "--today", "2026-12-20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start xuncha serve");
    let stdout = child.stdout.take().unwrap();
    let guard = Guard(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split_once("http://").map(|(_, rest)| format!("http://{}", rest.trim())))
        .expect("serve prints its address");
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (guard, url.trim_end_matches('/').to_owned())
}

async fn browser(driver: &str, chromium: &str, profile: &Path) -> (Guard, Client) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let guard = Guard(child);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400",
                     format!("--user-data-dir={}", profile.display())],
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        if let Ok(c) = ClientBuilder::new(connector).capabilities(caps.clone()).connect(&url).await {
            return (guard, c);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

fn shot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("workbench-{name}.png"))
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(shot_path(name), png).unwrap();
}

/// The units of the live ranking, in order.
async fn live_order(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for row in c.find_all(Locator::Css("#live tbody tr")).await.unwrap() {
        let cells = row.find_all(Locator::Css("td")).await.unwrap();
        out.push(cells[1].text().await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_and_two_judges_in_a_real_browser() {
    let Some((chromium, driver)) = tools() else {
        assert!(
            std::env::var_os("XUNCHA_REQUIRE_BROWSER").is_none(),
            "Chromium and chromedriver are required here but not installed"
        );
        eprintln!("chromium or chromium-driver not installed: workbench browser test not run");
        return;
    };
    let dir = crate::helpers::tmp();
    crate::helpers::copy_round(dir.path());
    let (_server, base) = serve(dir.path());
    assert!(base.starts_with("http://127.0.0.1:"), "serves on loopback by default: {base}");
    let profile = crate::helpers::tmp();
    let (_driver, c) = browser(driver, chromium, profile.path()).await;

    // A group leader picks a draft; the page submits it and shows the findings in place.
    c.goto(&format!("{base}/")).await.unwrap();
    let draft = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/round/reports/shuili.txt");
    c.find(Locator::Css("#file")).await.unwrap().send_keys(draft.to_str().unwrap()).await.unwrap();
    let findings = c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css(".findings li.finding")).await;
    let findings = findings.expect("the findings of the draft");
    assert!(!findings.text().await.unwrap().is_empty());
    let marks = c.find_all(Locator::Css(".text mark")).await.unwrap();
    assert!(!marks.is_empty(), "no finding marked in the text");
    let score = c.find(Locator::Css(".score")).await.unwrap().text().await.unwrap();
    assert!(score.contains("预估得分"), "{score}");
    shot(&c, "draft").await;

    // The office opens a scoring session for two judges outside every group.
    c.goto(&format!("{base}/round/0/scoring")).await.unwrap();
    let area = c.find(Locator::Css("#judges")).await.unwrap();
    area.clear().await.unwrap();
    area.send_keys("陈某某\n周某").await.unwrap();
    c.find(Locator::Css("form button")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#live")).await.unwrap();
    let before = live_order(&c).await;
    // The codes are on their own page, not on the screen that is projected.
    c.goto(&format!("{base}/round/0/scoring/codes")).await.unwrap();
    let mut codes = Vec::new();
    for cell in c.find_all(Locator::Css("td.code")).await.unwrap() {
        codes.push(cell.text().await.unwrap());
    }
    assert_eq!(codes.len(), 2);
    let favourite = before.last().unwrap().clone();

    // Each judge enters a code and scores: full marks for the last report, half for the others.
    for (j, code) in codes.iter().enumerate() {
        c.goto(&format!("{base}/judge")).await.unwrap();
        if c.find(Locator::Css("input[name=code]")).await.is_err() {
            // Still signed in as the previous judge: a new code replaces the old one.
            c.delete_all_cookies().await.unwrap();
            c.goto(&format!("{base}/judge")).await.unwrap();
        }
        c.find(Locator::Css("input[name=code]")).await.unwrap().send_keys(code).await.unwrap();
        c.find(Locator::Css("form button")).await.unwrap().click().await.unwrap();
        c.wait().for_element(Locator::Css("fieldset.report")).await.unwrap();
        for set in c.find_all(Locator::Css("fieldset.report")).await.unwrap() {
            let title = set.find(Locator::Css("legend")).await.unwrap().text().await.unwrap();
            let full = title.starts_with(favourite.as_str());
            for input in set.find_all(Locator::Css("input[type=number]")).await.unwrap() {
                let max: f64 = input.attr("max").await.unwrap().unwrap().parse().unwrap();
                let v = if full { max } else { (max / 2.0).floor() };
                input.send_keys(&v.to_string()).await.unwrap();
            }
        }
        c.find(Locator::Css("form > p > button")).await.unwrap().click().await.unwrap();
        c.wait().for_element(Locator::Css("p.mine")).await.unwrap();
        if j == 1 {
            shot(&c, "judge").await;
        }
    }

    // The office's screen: the favourite has moved up.
    c.goto(&format!("{base}/round/0/scoring")).await.unwrap();
    let after = live_order(&c).await;
    shot(&c, "live").await;
    let rank = |order: &[String]| order.iter().position(|u| *u == favourite).unwrap();
    assert!(rank(&after) < rank(&before), "{favourite} did not move up: {before:?} → {after:?}");
    c.close().await.unwrap();
}
