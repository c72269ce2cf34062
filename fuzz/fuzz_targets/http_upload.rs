//! The workbench's upload (`POST /check`, multipart) with a fuzzed body, through the whole
//! router (guard, size limit, multipart parsing, decoding, the check): every request gets an
//! answer and the server never panics. The first byte picks the reply asked for (page or JSON)
//! and whether the multipart boundary is the one in the header.
#![no_main]

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, header};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;
use xuncha::web::{Options, Workbench, router};

const HOST: &str = "127.0.0.1:7878";

fn app() -> &'static (tokio::runtime::Runtime, axum::Router) {
    static APP: OnceLock<(tokio::runtime::Runtime, axum::Router)> = OnceLock::new();
    APP.get_or_init(|| {
        let opts = Options {
            rules: None,
            framework: None,
            rounds: Vec::new(),
            db: None,
            today: Some("2026-12-20".into()),
            addr: HOST.parse().unwrap(),
            access_code: None,
        };
        let wb = Arc::new(Workbench::new(opts, &|_| {}).expect("workbench"));
        let peer: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        (rt, router(wb).layer(MockConnectInfo(peer)))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else { return };
    let (rt, router) = app();
    let boundary = if flags & 2 == 0 { "XUNCHA" } else { "" };
    let mut req = Request::post("/check")
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if flags & 1 == 1 {
        req = req.header(header::ACCEPT, "application/json");
    }
    let req = req.body(Body::from(body.to_vec())).unwrap();
    let res = rt.block_on(router.clone().oneshot(req)).expect("the router always answers");
    let status = res.status();
    assert!(!status.is_server_error() || status.as_u16() == 503, "{status} for an upload");
    let bytes = rt.block_on(axum::body::to_bytes(res.into_body(), usize::MAX)).unwrap();
    std::hint::black_box(bytes);
});
