//! The workbench's guard, run before every handler:
//! - `Host` must name the address served (no DNS rebinding): otherwise 403;
//! - a request that changes something (`POST`) must come from the workbench's own pages
//!   (`Origin`, when given, is the served address) and carry this run's CSRF token (`?csrf=` or
//!   the `x-csrf-token` header); a JSON request without cookies is exempt from the token only;
//! - with `--listen`, a device other than this computer must first enter the access code
//!   (`/login`), except a judge, whose own code opens only the judge's sheet (`/judge`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::Workbench;
use super::layout;

/// The cookie that carries a device's access (a digest of the access code, never the code).
pub const ACCESS_COOKIE: &str = "xuncha_access";

pub async fn check(State(wb): State<Arc<Workbench>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    if !host_allowed(&wb, headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "拒绝访问：请求的主机名不是本工作台的地址（Host 不符）。请用启动时显示的地址打开。",
        );
    }
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD);
    if unsafe_method {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let ok = origin.to_str().ok().is_some_and(|o| {
                o.strip_prefix("http://").is_some_and(|host| allowed_hosts(&wb).iter().any(|h| h == host))
            });
            if !ok {
                return refuse(StatusCode::FORBIDDEN, "拒绝访问：提交来自其他网页（Origin 不符）。");
            }
        }
        let cross_site =
            headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"));
        if cross_site {
            return refuse(StatusCode::FORBIDDEN, "拒绝访问：提交来自其他网站。");
        }
        // Only the JSON check of a draft (which changes nothing) may come from a script without
        // the token; every form that writes or signs in needs it.
        let exempt = req.uri().path() == "/check" && !headers.contains_key(header::COOKIE) && wants_json(headers);
        if !exempt && !csrf_ok(&wb, &req) {
            return refuse(StatusCode::FORBIDDEN, "拒绝访问：表单已失效或来自其他网页（令牌不符）。请刷新页面后重试。");
        }
    }
    let peer = Peer(peer_of(&req));
    let mut req = req;
    req.extensions_mut().insert(peer);
    let path = req.uri().path();
    let open_path = path == "/login" || path.starts_with("/static/") || path.starts_with("/judge");
    if wb.opts.access_code.is_some() && !open_path && !from_this_computer(&req) && !has_access(&wb, req.headers()) {
        return if req.method() == Method::GET {
            Redirect::to("/login").into_response()
        } else {
            refuse(StatusCode::UNAUTHORIZED, "请先输入访问码。")
        };
    }
    let mut res = next.run(req).await;
    // Never inside another site's frame (no clickjacking); types as declared.
    let h = res.headers_mut();
    h.insert(header::X_FRAME_OPTIONS, header::HeaderValue::from_static("DENY"));
    h.insert(header::CONTENT_SECURITY_POLICY, header::HeaderValue::from_static("frame-ancestors 'none'"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
    res
}

/// The served address and its loopback spellings, as `host:port`.
pub fn allowed_hosts(wb: &Workbench) -> Vec<String> {
    let port = wb.opts.addr.port();
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")];
    let own = wb.opts.addr.to_string();
    if !hosts.contains(&own) {
        hosts.push(own);
    }
    hosts
}

fn host_allowed(wb: &Workbench, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    allowed_hosts(wb).iter().any(|h| h.eq_ignore_ascii_case(host))
}

pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("application/json"))
}

fn csrf_ok(wb: &Workbench, req: &Request) -> bool {
    let from_header = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let from_query =
        req.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("csrf=")).map(str::to_owned));
    from_header.or(from_query).is_some_and(|t| constant_eq(t.as_bytes(), wb.csrf.as_bytes()))
}

/// The address of the device the request comes from. Tests give it through axum's
/// `MockConnectInfo`.
fn peer_of(req: &Request) -> Option<IpAddr> {
    let ext = req.extensions();
    ext.get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .or_else(|| ext.get::<axum::extract::connect_info::MockConnectInfo<SocketAddr>>().map(|m| m.0.ip()))
}

fn from_this_computer(req: &Request) -> bool {
    peer_of(req).is_some_and(|p| p.is_loopback())
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

fn access_digest(wb: &Workbench) -> Option<String> {
    use sha2::Digest;
    let code = wb.opts.access_code.as_ref()?;
    let d = sha2::Sha256::digest(format!("{}:{code}", wb.csrf));
    Some(d.iter().map(|b| format!("{b:02x}")).collect())
}

fn has_access(wb: &Workbench, headers: &HeaderMap) -> bool {
    match (cookie(headers, ACCESS_COOKIE), access_digest(wb)) {
        (Some(c), Some(d)) => constant_eq(c.as_bytes(), d.as_bytes()),
        _ => false,
    }
}

/// Wrong codes (access or judges') allowed per minute from one device, and from all devices
/// together: a six-digit code cannot be guessed by trying them all, and one phone on the
/// meeting-room network cannot lock the others out.
const WRONG_CODES_PER_MINUTE: u32 = 20;
const WRONG_CODES_PER_MINUTE_ALL: u32 = 200;

/// The device a request comes from (set by the guard for the handlers that take codes).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub Option<IpAddr>);

/// When the current minute began, and the wrong codes per device in it.
type Window = (Option<std::time::Instant>, HashMap<Option<IpAddr>, u32>);

/// Counts wrong codes per device in the current minute.
#[derive(Default)]
pub struct Attempts(std::sync::Mutex<Window>);

impl Attempts {
    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        let mut g = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if g.0.is_none_or(|start| start.elapsed().as_secs() >= 60) {
            *g = (Some(std::time::Instant::now()), HashMap::new());
        }
        g
    }

    /// Whether `peer` may try another code now.
    pub fn allowed(&self, peer: Peer) -> bool {
        let g = self.window();
        g.1.get(&peer.0).copied().unwrap_or(0) < WRONG_CODES_PER_MINUTE
            && g.1.values().sum::<u32>() < WRONG_CODES_PER_MINUTE_ALL
    }

    pub fn failed(&self, peer: Peer) {
        *self.window().1.entry(peer.0).or_insert(0) += 1;
    }
}

pub fn too_many() -> Response {
    refuse(StatusCode::TOO_MANY_REQUESTS, "输错次数过多，请一分钟后再试。")
}

/// A fresh access code for `--listen`: eight digits, easy to read out in a meeting room.
pub fn access_code() -> String {
    let raw = u64::from_str_radix(&super::state::token(8), 16).unwrap_or(0);
    format!("{:08}", raw % 100_000_000)
}

/// Compares secrets in time independent of where they differ.
pub fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A request that cannot be done (a bad value, a missing round): a page that says so.
pub fn problem(status: StatusCode, message: &str) -> Response {
    (status, layout::page("无法完成", None, html! { p.notice.bad { (message) } p { a href="/" { "返回首页" } } }))
        .into_response()
}

pub fn refuse(status: StatusCode, message: &str) -> Response {
    (status, layout::page("拒绝访问", None, html! { p.notice.bad { (message) } })).into_response()
}

pub async fn login_page(State(wb): State<Arc<Workbench>>) -> Response {
    let body = html! {
        h1 { "输入访问码" }
        p { "本工作台开放在会议室网络上。请输入办公室电脑上显示的访问码。" }
        form method="post" action={ "/login?csrf=" (wb.csrf) } {
            label { "访问码 " input name="code" autocomplete="off" autofocus required; }
            " " button { "进入" }
        }
    };
    layout::page("输入访问码", None, body).into_response()
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    code: String,
}

pub async fn login(
    State(wb): State<Arc<Workbench>>,
    axum::Extension(peer): axum::Extension<Peer>,
    axum::Form(f): axum::Form<LoginForm>,
) -> Response {
    if !wb.attempts.allowed(peer) {
        return too_many();
    }
    let right = wb.opts.access_code.as_deref().is_some_and(|c| constant_eq(f.code.trim().as_bytes(), c.as_bytes()));
    match (right, access_digest(&wb)) {
        (true, Some(d)) => (
            [(header::SET_COOKIE, format!("{ACCESS_COOKIE}={d}; Path=/; HttpOnly; SameSite=Strict"))],
            Redirect::to("/"),
        )
            .into_response(),
        _ => {
            wb.attempts.failed(peer);
            refuse(StatusCode::UNAUTHORIZED, "访问码不对。请核对办公室电脑上显示的访问码。")
        }
    }
}
