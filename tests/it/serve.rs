//! The workbench (`xuncha serve`) in process: each handler through the router with tower's
//! `oneshot`, the guard's security cases one by one, the scoring session and the ledger
//! update end to end on a copy of the example round.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;
use xuncha::web::{Options, Workbench, router};

use crate::helpers::{copy_round, tmp, xuncha};

const HOST: &str = "127.0.0.1:7878";

struct App {
    router: Router,
    wb: Arc<Workbench>,
}

/// A workbench over `rounds`, reached from `peer`; `code`: listening on the LAN with that code.
fn app(rounds: &[&Path], peer: &str, code: Option<&str>) -> App {
    let addr: SocketAddr = if code.is_some() { "192.168.1.20:7878" } else { HOST }.parse().unwrap();
    let opts = Options {
        rules: None,
        framework: None,
        rounds: rounds.iter().map(|p| p.to_path_buf()).collect(),
        db: None,
        today: Some("2026-12-20".into()),
        addr,
        access_code: code.map(str::to_owned),
    };
    let wb = Arc::new(Workbench::new(opts, &|_| {}).expect("workbench"));
    let peer: SocketAddr = peer.parse().unwrap();
    App { router: router(wb.clone()).layer(MockConnectInfo(peer)), wb }
}

fn local(rounds: &[&Path]) -> App {
    app(rounds, "127.0.0.1:50000", None)
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl App {
    async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).header(header::HOST, HOST).body(Body::empty()).unwrap()).await
    }

    /// A form post from the workbench's own page (its token in the action).
    async fn form(&self, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Reply {
        let body = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut req = Request::post(format!("{path}{sep}csrf={}", self.wb.csrf))
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// A multipart body with one file field.
fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----xuncha-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn check_request(name: &str, bytes: &[u8]) -> axum::http::request::Builder {
    let (kind, _) = multipart(name, bytes);
    Request::post("/check").header(header::HOST, HOST).header(header::CONTENT_TYPE, kind)
}

fn report_bytes() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/round/reports/shuili.txt")).unwrap()
}

#[tokio::test]
async fn home_page_offers_the_draft_check() {
    let a = local(&[]);
    let r = a.get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("草稿自查") && r.body.contains("type=\"file\""), "{}", r.body);
    assert!(r.body.contains(&format!("/check?csrf={}", a.wb.csrf)));
    let css = a.get("/static/style.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn check_json_is_exactly_what_the_command_line_prints() {
    let a = local(&[]);
    let bytes = report_bytes();
    let (_, body) = multipart("shuili.txt", &bytes);
    let req = check_request("shuili.txt", &bytes).header(header::ACCEPT, "application/json").body(Body::from(body));
    let r = a.send(req.unwrap()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The command line, run where the file is named the same way.
    let dir = tmp();
    std::fs::write(dir.path().join("shuili.txt"), &bytes).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["check", "shuili.txt", "--format", "json", "--fail-on", "never"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(r.body.trim_end(), String::from_utf8_lossy(&out.stdout).trim_end());
}

#[tokio::test]
async fn check_page_marks_findings_in_the_text_and_offers_the_annotated_docx() {
    let a = local(&[]);
    // A .docx draft made from the example report, one paragraph per line.
    let text = String::from_utf8(report_bytes()).unwrap();
    let docx = docx_of(&text);
    let (_, body) = multipart("草稿.docx", &docx);
    let req = Request::post(format!("/check?csrf={}", a.wb.csrf))
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, multipart("草稿.docx", &docx).0)
        .body(Body::from(body))
        .unwrap();
    let r = a.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("草稿.docx 自查结果"));
    assert!(r.body.contains("预估得分"));
    assert!(r.body.contains("<mark class=\"sev-"), "no finding marked in the text");
    assert!(r.body.contains("id=\"f1\"") && r.body.contains("href=\"#f1\""), "finding 1 not linked to its place");
    assert!(r.body.contains("第") && r.body.contains("段"), "a .docx place is named 第N段");
    // The annotated copy: a data link whose bytes are a .docx with the findings as comments.
    let start = r.body.find("base64,").expect("annotated .docx link") + 7;
    let end = start + r.body[start..].find('"').unwrap();
    let bytes = base64_decode(&r.body[start..end]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut comments = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/comments.xml").unwrap(), &mut comments).unwrap();
    assert!(comments.contains("预估得分"), "{comments}");
}

#[tokio::test]
async fn drafts_are_checked_in_the_framework_chosen_and_unknown_ones_are_refused() {
    let a = local(&[]);
    let bytes = report_bytes();
    let send = |framework: &str| {
        let boundary = "----fw";
        let mut body =
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"framework\"\r\n\r\n{framework}\r\n")
                .into_bytes();
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(&bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Request::post("/check")
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap()
    };
    let r = a.send(send("sige")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("\"framework\": \"四个聚焦\""), "{}", &r.body[..300]);
    let r = a.send(send("五个聚焦")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("没有“五个聚焦”这个监督重点框架"), "{}", r.body);
}

#[tokio::test]
async fn a_foreign_host_is_refused() {
    let a = local(&[]);
    for host in ["evil.example:7878", "127.0.0.1:9999", "localhost"] {
        let r = a.send(Request::get("/").header(header::HOST, host).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{host}");
    }
    let r = a.send(Request::get("/").header(header::HOST, "localhost:7878").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn posts_need_the_token_and_the_workbench_origin() {
    let a = local(&[]);
    let bytes = report_bytes();
    let (kind, body) = multipart("shuili.txt", &bytes);
    // A form post without the token.
    let r = a.send(check_request("shuili.txt", &bytes).body(Body::from(body.clone())).unwrap()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // JSON with a cookie is not exempt.
    let req = check_request("shuili.txt", &bytes)
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, "x=1")
        .body(Body::from(body.clone()));
    assert_eq!(a.send(req.unwrap()).await.status, StatusCode::FORBIDDEN);
    // Another site's page, even with the right token and JSON.
    let req = Request::post(format!("/check?csrf={}", a.wb.csrf))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "http://evil.example")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, kind.clone())
        .body(Body::from(body.clone()));
    assert_eq!(a.send(req.unwrap()).await.status, StatusCode::FORBIDDEN);
    // A wrong token.
    let req = Request::post("/check?csrf=0000")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(body));
    assert_eq!(a.send(req.unwrap()).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn writing_routes_need_the_token_even_as_json_and_pages_refuse_frames() {
    let dir = tmp();
    copy_round(dir.path());
    let a = local(&[dir.path()]);
    for path in ["/round/0/ledger", "/round/0/scoring", "/round/0/scoring/save", "/judge/enter", "/login"] {
        let req = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::ACCEPT, "Application/JSON")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("judges=%E9%99%88&code=1"));
        assert_eq!(a.send(req.unwrap()).await.status, StatusCode::FORBIDDEN, "{path} without the token");
        let foreign = Request::post(format!("{path}?csrf={}", a.wb.csrf))
            .header(header::HOST, "evil.example")
            .body(Body::from("code=1"));
        assert_eq!(a.send(foreign.unwrap()).await.status, StatusCode::FORBIDDEN, "{path} with a foreign Host");
        let cross = Request::post(format!("{path}?csrf={}", a.wb.csrf))
            .header(header::HOST, HOST)
            .header("sec-fetch-site", "cross-site")
            .body(Body::from("code=1"));
        assert_eq!(a.send(cross.unwrap()).await.status, StatusCode::FORBIDDEN, "{path} from another site");
    }
    let home = a.get("/").await;
    assert_eq!(home.headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(home.headers[header::CONTENT_SECURITY_POLICY], "frame-ancestors 'none'");
    // A session with scores is not replaced by a stray second "open".
    a.form("/round/0/scoring", &[("judges", "陈某某")], None).await;
    let code = a.wb.scoring.lock().unwrap()[&0].judges[0].1.clone();
    let enter = a.form("/judge/enter", &[("code", &code)], None).await;
    let cookie = enter.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let crit = a.wb.rounds[0].session.setup().engine.pack.config.rubric.criteria.len();
    let fields: Vec<(String, String)> = (0..crit).map(|k| (format!("s-0-{k}"), "1".to_owned())).collect();
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(a.form("/judge", &borrowed, Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    let again = a.form("/round/0/scoring", &[("judges", "周某")], None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(a.wb.scoring.lock().unwrap()[&0].scores.len(), 1, "the scores survive");
    let restart = a.form("/round/0/scoring", &[("judges", "周某"), ("restart", "1")], None).await;
    assert_eq!(restart.status, StatusCode::SEE_OTHER);
    assert!(a.wb.scoring.lock().unwrap()[&0].scores.is_empty());
}

#[tokio::test]
async fn on_the_lan_a_judge_reaches_only_the_judges_sheet() {
    let dir = tmp();
    copy_round(dir.path());
    let office = app(&[dir.path()], "127.0.0.1:40000", Some("24681357"));
    let host = "192.168.1.20:7878";
    let post = |path: &str, body: &str| {
        Request::post(format!("{path}?csrf={}", office.wb.csrf))
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    office.send(post("/round/0/scoring", "judges=%E9%99%88%E6%9F%90%E6%9F%90")).await;
    let code = office.wb.scoring.lock().unwrap()[&0].judges[0].1.clone();
    // The same workbench, reached from a phone on the meeting-room network.
    let phone = App {
        router: router(office.wb.clone()).layer(MockConnectInfo("192.168.1.77:5000".parse::<SocketAddr>().unwrap())),
        wb: office.wb.clone(),
    };
    let enter = phone.send(post("/judge/enter", &format!("code={code}"))).await;
    assert_eq!(enter.status, StatusCode::SEE_OTHER);
    let cookie = enter.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let get = |path: &str| {
        Request::get(path)
            .header(header::HOST, host)
            .header(header::COOKIE, cookie.clone())
            .body(Body::empty())
            .unwrap()
    };
    let sheet = phone.send(get("/judge")).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.body.contains("评委评分：陈某某"));
    for path in ["/round/0/scoring", "/round/0/scoring/codes", "/round/0/ledger", "/round/0", "/archive", "/"] {
        let r = phone.send(get(path)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(r.headers[header::LOCATION], "/login", "{path}");
    }
    let save = phone.send(post("/round/0/scoring/save", "")).await;
    assert_eq!(save.status, StatusCode::UNAUTHORIZED);
    for secret in ["蒋国强", "韩秀英", "13812345678", "410102198001011234"] {
        assert!(!sheet.body.contains(secret));
    }
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused() {
    let a = local(&[]);
    let big = vec![b'a'; xuncha::web::UPLOAD_LIMIT + 1024];
    let (kind, body) = multipart("大.txt", &big);
    let req = Request::post("/check")
        .header(header::HOST, HOST)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(body));
    let r = a.send(req.unwrap()).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert!(r.body.contains("文件过大"), "{}", r.body);
}

#[tokio::test]
async fn no_path_reaches_files_outside_the_workbench() {
    let a = local(&[]);
    for path in [
        "/static/..%2f..%2fCargo.toml",
        "/static/../Cargo.toml",
        "/round/0/../../Cargo.toml",
        "/round/9",
        "/round/0/unit/0",
        "/static/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let r = a.get(path).await;
        assert!(r.status == StatusCode::NOT_FOUND || r.status == StatusCode::BAD_REQUEST, "{path}: {}", r.status);
        assert!(!r.body.contains("[package]") && !r.body.contains("root:"), "{path}");
    }
}

#[tokio::test]
async fn on_the_lan_other_devices_need_the_access_code() {
    let a = app(&[], "192.168.1.50:40000", Some("24681357"));
    let host = "192.168.1.20:7878";
    let get = |cookie: Option<String>| {
        let mut req = Request::get("/").header(header::HOST, host);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        req.body(Body::empty()).unwrap()
    };
    let r = a.send(get(None)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/login");
    let login = |code: &str| {
        Request::post(format!("/login?csrf={}", a.wb.csrf))
            .header(header::HOST, host)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("code={code}")))
            .unwrap()
    };
    assert_eq!(a.send(login("11111111")).await.status, StatusCode::UNAUTHORIZED);
    let ok = a.send(login("24681357")).await;
    let cookie = ok.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert!(!cookie.contains("24681357"), "the cookie must not carry the code itself");
    assert_eq!(a.send(get(Some(cookie))).await.status, StatusCode::OK);
    assert_eq!(a.send(get(Some("xuncha_access=forged".into()))).await.status, StatusCode::SEE_OTHER);
    // The office's own computer needs no code.
    let office = app(&[], "127.0.0.1:40000", Some("24681357"));
    let r = office.send(Request::get("/").header(header::HOST, host).body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn round_pages_show_ranking_and_each_tipoff_beside_the_report_and_no_informant() {
    let dir = tmp();
    copy_round(dir.path());
    let a = local(&[dir.path()]);
    let ranking = a.get("/round/0").await;
    assert_eq!(ranking.status, StatusCode::OK);
    // The same ranking as `xuncha score --format json`.
    let score = crate::helpers::json(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
    let first = score["rounds"][0]["reports"][0]["unit"].as_str().or(score["reports"][0]["unit"].as_str());
    if let Some(first) = first {
        let pos = ranking.body.find(first).expect("first unit on the page");
        assert!(ranking.body[..pos].matches("/unit/").count() == 0, "{first} is not first");
    }
    let mut pages = vec![ranking.body];
    let units = a.wb.round(0).unwrap().1.result.score.entries.len();
    let mut saw_pair = false;
    for k in 0..units {
        let r = a.get(&format!("/round/0/unit/{k}")).await;
        assert_eq!(r.status, StatusCode::OK);
        saw_pair |= r.body.contains("已反映") && r.body.contains("报告中的对应内容");
        pages.push(r.body);
    }
    assert!(saw_pair, "no tip-off shown beside a covering passage");
    // The set `xuncha round` writes: the summary at /full, every other page by its name.
    let set = &a.wb.round(0).unwrap().1.pages;
    let index = a.get("/round/0/full").await;
    assert_eq!((index.status, index.body.as_bytes()), (StatusCode::OK, set[0].1.as_slice()));
    assert_eq!(set[0].0, "index.html");
    for (name, bytes) in set {
        let r = a.get(&format!("/round/0/full/{name}")).await;
        assert_eq!((r.status, r.body.as_bytes()), (StatusCode::OK, bytes.as_slice()), "{name}");
        pages.push(r.body);
    }
    assert!(set.iter().any(|(n, _)| n == "units/1.html") && set.iter().any(|(n, _)| n == "details.html"));
    for path in ["units/99.html", "units/../index.html", "units", "../unit/0", "%2e%2e/Cargo.toml", "round.json"] {
        let r = a.get(&format!("/round/0/full/{path}")).await;
        assert!(r.status == StatusCode::NOT_FOUND || r.status == StatusCode::BAD_REQUEST, "{path}: {}", r.status);
    }
    pages.push(a.get("/round/0/ledger").await.body);
    // Informants of examples/round/signals/tipoffs.csv.
    for page in &pages {
        for secret in ["蒋国强", "韩秀英", "18600001111", "13812345678", "410102198001011234", "41010219750505431X"]
        {
            assert!(!page.contains(secret), "{secret} served");
        }
    }
}

#[tokio::test]
async fn judges_score_live_with_recusal_and_the_sheet_is_saved_with_a_backup() {
    let dir = tmp();
    copy_round(dir.path());
    let a = local(&[dir.path()]);
    let before = a.wb.round(0).unwrap().1.result.score.entries.iter().map(|e| e.unit.name.clone()).collect::<Vec<_>>();
    let r = a.form("/round/0/scoring", &[("judges", "陈某某\n王某")], None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let codes: Vec<(String, String)> =
        a.wb.scoring.lock().unwrap()[&0].judges.iter().map(|(n, c)| (n.clone(), c.clone())).collect();
    assert_eq!(codes.len(), 2);
    let office = a.get("/round/0/scoring").await;
    assert!(office.body.contains("实时排名"));
    assert!(!office.body.contains(&codes[0].1), "codes on the screen that is projected");
    let printed = a.get("/round/0/scoring/codes").await;
    assert!(printed.body.contains(&codes[0].1) && printed.body.contains(&codes[1].1));
    // A half-filled report is sent back, not dropped silently.
    let enter = a.form("/judge/enter", &[("code", &codes[0].1)], None).await;
    let chen = enter.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let half = a.form("/judge", &[("s-0-0", "5")], Some(&chen)).await;
    assert_eq!(half.status, StatusCode::BAD_REQUEST);
    assert!(half.body.contains("还有评分项没有打分"), "{}", half.body);
    let word = a.form("/judge", &[("s-0-0", "八")], Some(&chen)).await;
    assert!(word.body.contains("不是数字"), "{}", word.body);
    assert_eq!(office.headers[header::REFRESH], "5", "the live screen reloads itself");

    // 王某 is a member of 第一巡察组: its reports are not on the sheet, and refused if sent.
    let enter = a.form("/judge/enter", &[("code", &codes[1].1)], None).await;
    let wang = enter.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let sheet = a.get_with("/judge", &wang).await;
    assert!(sheet.body.contains("评委评分：王某"), "{}", sheet.body);
    assert!(!sheet.body.contains("县水利局党组（第一巡察组）"), "own group's report on the sheet");
    let round = &a.wb.round(0).unwrap().1.result.round;
    let own = round.file.units.iter().position(|u| u.group == "第一巡察组").unwrap();
    let crit = a.wb.rounds[0].session.setup().engine.pack.config.rubric.criteria.len();
    let refused = a.form("/judge", &[(format!("s-{own}-0").as_str(), "5")], Some(&wang)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("回避"));

    // Both judges score every report they may: the lowest unit in the ranking gets full marks.
    let last = before.last().unwrap().clone();
    for (name, code) in &codes {
        let enter = a.form("/judge/enter", &[("code", code)], None).await;
        let cookie = enter.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
        let mut fields = Vec::new();
        for (u, unit) in round.file.units.iter().enumerate() {
            if round.group(&unit.group).is_some_and(|g| g.has_person(name)) {
                continue;
            }
            let full = unit.name == last;
            let maxes: Vec<f64> =
                a.wb.rounds[0].session.setup().engine.pack.config.rubric.criteria.values().map(|c| c.max).collect();
            for (k, max) in maxes.iter().enumerate().take(crit) {
                let v = if full { *max } else { (max * 0.5).floor() };
                fields.push((format!("s-{u}-{k}"), v.to_string()));
            }
        }
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = a.form("/judge", &borrowed, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    // A judge sees only their own entries.
    let own_sheet = a.get_with("/judge", &wang).await;
    assert!(!own_sheet.body.contains("陈某某"));

    // The live ranking: the report both judges gave full marks has a trimmed mean of 100 and
    // moved up; 王某's group's reports have one judge (回避).
    let live = a.get("/round/0/scoring").await;
    let table = &live.body[live.body.find("id=\"live\"").unwrap()..];
    let rows: Vec<&str> = table.split("<tr>").skip(2).collect();
    let live_order: Vec<String> =
        rows.iter().map(|r| before.iter().find(|u| r.contains(u.as_str())).cloned().expect("a unit per row")).collect();
    let row = rows.iter().find(|r| r.contains(last.as_str())).unwrap();
    assert!(row.contains("<td class=\"num\">2</td><td class=\"num\">100</td>"), "{row}");
    let rank_of = |order: &[String]| order.iter().position(|u| *u == last).unwrap();
    assert!(rank_of(&live_order) < rank_of(&before), "{live_order:?} vs {before:?}");
    let own_unit = &round.file.units[own].name;
    let own_row = rows.iter().find(|r| r.contains(own_unit.as_str())).unwrap();
    assert!(own_row.contains("<td class=\"num\">1</td>"), "{own_row}");

    // Saving writes judges.csv, moves judges.xlsx into 备份/, and the round is judged again.
    let saved = a.form("/round/0/scoring/save", &[], None).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let csv = std::fs::read_to_string(dir.path().join("judges.csv")).unwrap();
    assert!(csv.contains("评委,被巡察单位,得分") && csv.contains("王某"));
    assert!(!dir.path().join("judges.xlsx").exists());
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("备份")).unwrap().collect();
    assert_eq!(backups.len(), 1);
    let rerun: Vec<String> =
        a.wb.round(0).unwrap().1.result.score.entries.iter().map(|e| e.unit.name.clone()).collect();
    assert_eq!(rerun, live_order, "the saved round ranks as the live screen did");
    // The saved sheet is what `xuncha score` now reads, in the same order.
    let run = xuncha(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let positions: Vec<usize> = live_order.iter().map(|u| run.stdout.find(&format!("\"{u}\"")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "score --format json order differs: {live_order:?}");
}

#[tokio::test]
async fn judges_codes_belong_to_one_session_and_guessing_is_stopped() {
    let dir = tmp();
    copy_round(dir.path());
    let a = local(&[dir.path()]);
    a.form("/round/0/scoring", &[("judges", "陈某某")], None).await;
    let old = a.wb.scoring.lock().unwrap()[&0].judges[0].1.clone();
    let enter = a.form("/judge/enter", &[("code", &old)], None).await;
    let cookie = enter.headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    // The office opens a new session: the old code no longer signs in, nor does its cookie post.
    a.form("/round/0/scoring", &[("judges", "陈某某")], None).await;
    let new = a.wb.scoring.lock().unwrap()[&0].judges[0].1.clone();
    assert_ne!(old, new);
    assert_eq!(a.form("/judge", &[("s-0-0", "5")], Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    // Trying codes one after another is stopped after a few wrong ones.
    let mut statuses = Vec::new();
    for guess in 0..25 {
        let code = format!("{:06}", (new.parse::<u32>().unwrap() + 1 + guess) % 1_000_000);
        statuses.push(a.form("/judge/enter", &[("code", &code)], None).await.status);
    }
    assert!(statuses.contains(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    assert_eq!(a.form("/judge/enter", &[("code", &new)], None).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Only for the device that guessed: another judge's phone still gets in.
    let other = App {
        router: router(a.wb.clone()).layer(MockConnectInfo("192.168.1.9:1".parse::<SocketAddr>().unwrap())),
        wb: a.wb.clone(),
    };
    assert_eq!(other.form("/judge/enter", &[("code", &new)], None).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_archive_is_browsed_by_unit_and_cadre() {
    let dir = tmp();
    let db = dir.path().join("档案.db");
    for (round, today) in [("examples/round-2024-1", "2024-11-30"), ("examples/round", "2026-12-20")] {
        let run = xuncha(&["archive", "add", round, "--today", today, "--db", db.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let opts = Options {
        rules: None,
        framework: None,
        rounds: vec![],
        db: Some(db.clone()),
        today: None,
        addr: HOST.parse().unwrap(),
        access_code: None,
    };
    let wb = Arc::new(Workbench::new(opts, &|_| {}).unwrap());
    let a = App { router: router(wb.clone()).layer(MockConnectInfo("127.0.0.1:1".parse::<SocketAddr>().unwrap())), wb };
    let index = a.get("/archive").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("示例县2024年第一轮巡察") && index.body.contains("示例县2026年第三轮巡察"));
    assert!(index.body.contains("<option value=\"县水利局党组\">"), "units offered to pick");
    let unit = a.get(&format!("/archive/unit?name={}", enc("县水利局党组"))).await;
    assert_eq!(unit.status, StatusCode::OK);
    assert!(unit.body.contains("2024-03-04") && unit.body.contains("2026-09-01"), "{}", unit.body);
    assert!(unit.body.contains("回头看"), "the problem that came back is pointed out");
    let cadre = a.get(&format!("/archive/cadre?name={}", enc("王某"))).await;
    assert_eq!(cadre.status, StatusCode::OK, "{}", cadre.body);
    let missing = a.get(&format!("/archive/unit?name={}", enc("县水力局党组"))).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("县水利局党组"), "a likely name is suggested: {}", missing.body);
    // Without an archive the page says how to make one.
    let none = local(&[]).get("/archive").await;
    assert!(none.body.contains("xuncha archive add"));
}

#[tokio::test]
async fn a_ledger_update_is_written_back_with_a_backup_and_judged_again() {
    let dir = tmp();
    copy_round(dir.path());
    let a = local(&[dir.path()]);
    let ledger = &a.wb.round(0).unwrap().1.result.ledger;
    let i = ledger.items.iter().position(|s| s.state.label() != "已销号").expect("an open item");
    let id = ledger.items[i].item.id.clone();
    let page = a.get("/round/0/ledger").await;
    assert!(page.body.contains("整改事项") && page.body.contains("灯"), "{}", page.body);
    let r = a
        .form(
            "/round/0/ledger",
            &[
                ("unit", &ledger.items[i].item.unit),
                ("id", &id),
                ("progress", "已完成整改，制度已印发"),
                ("done_on", "2026-12-10"),
                ("evidence", "整改会议纪要.pdf"),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let after = &a.wb.round(0).unwrap().1.result.ledger;
    let item = after.items.iter().find(|s| s.item.id == id && s.item.unit == ledger.items[i].item.unit).unwrap();
    assert_eq!(item.item.evidence, "整改会议纪要.pdf");
    assert_eq!(item.item.done_on.as_deref(), Some("2026-12-10"));
    assert!(dir.path().join("备份").read_dir().unwrap().count() == 1);
    // A directory in the evidence name is refused.
    let bad = a
        .form(
            "/round/0/ledger",
            &[("unit", &ledger.items[i].item.unit), ("id", &id), ("evidence", "../../etc/passwd")],
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

impl App {
    async fn get_with(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path).header(header::HOST, HOST).header(header::COOKIE, cookie).body(Body::empty()).unwrap(),
        )
        .await
    }
}

/// A minimal .docx with one paragraph per line of `text`.
pub fn docx_of(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut paras = String::new();
    for line in text.lines() {
        let esc = line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        paras.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{esc}</w:t></w:r></w:p>"));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let files = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned()),
        ("word/document.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{paras}</w:body></w:document>"#)),
    ];
    for (name, body) in files {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).expect("base64")
}

/// What reading the tables noticed reaches the round's page, as the command line prints it.
#[tokio::test]
async fn the_round_page_shows_what_reading_the_tables_noticed() {
    let dir = tmp();
    copy_round(dir.path());
    let cadres = dir.path().join("cadres.csv");
    let text = std::fs::read_to_string(&cadres).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (i, line) in lines.iter_mut().enumerate() {
        line.push_str(if i == 0 { ",办理状态" } else { ",已办结" });
    }
    std::fs::write(&cadres, lines.join("\n")).unwrap();
    let page = local(&[dir.path()]).get("/round/0").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("读取表格时的提示") && page.body.contains("办理状态"), "{}", page.body);
    // The example itself reads without notices: no empty box.
    let clean = tmp();
    copy_round(clean.path());
    assert!(!local(&[clean.path()]).get("/round/0").await.body.contains("读取表格时的提示"));
}
