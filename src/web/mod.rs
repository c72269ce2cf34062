//! `xuncha serve`: the browser workbench (工作台). A front end like the command line: it calls
//! the same library (a [`crate::Session`] per framework, [`crate::pipeline`] for rounds), renders
//! pages on the server with maud, embeds its stylesheet and script, listens on loopback unless
//! told otherwise, and writes only what a user saves (a judges' sheet, a ledger update).
//!
//! Routes (the HTTP contract, README "工作台"):
//! - `GET /` home: drop a draft, the rounds served, the archive;
//! - `POST /check` (multipart `file`, optional `framework`): the draft's findings in place, or with
//!   `Accept: application/json` exactly what `xuncha check --format json` prints;
//! - `GET /round/{n}` ranking; `/round/{n}/unit/{k}` one report; `/round/{n}/full` the summary page
//!   `xuncha round` writes (`/round/{n}/full/{*path}` the other pages of its set, by exact name);
//!   `/round/{n}/ledger` the ledgers; `/round/{n}/scoring` judges' session;
//! - `GET|POST /judge` a judge's own score sheet (by code);
//! - `GET /archive`, `/archive/unit?name=`, `/archive/cadre?name=`.

mod archive;
mod assets;
mod draft;
pub mod guard;
mod layout;
mod ledger;
mod rounds;
mod scoring;
mod state;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use state::{Options, ServedRound, Workbench};

/// Largest upload accepted (a draft, with its pictures).
pub const UPLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// Every route of the workbench behind its guard (Host, Origin, access code, CSRF token).
pub fn router(wb: Arc<Workbench>) -> Router {
    Router::new()
        .route("/", get(draft::home))
        .route("/check", post(draft::check))
        .route("/static/{name}", get(assets::serve))
        .route("/login", get(guard::login_page).post(guard::login))
        .route("/round/{n}", get(rounds::ranking))
        .route("/round/{n}/unit/{k}", get(rounds::unit))
        .route("/round/{n}/full", get(rounds::full))
        .route("/round/{n}/full/{*path}", get(rounds::full_page))
        .route("/round/{n}/ledger", get(ledger::page).post(ledger::update))
        .route("/round/{n}/scoring", get(scoring::office).post(scoring::open))
        .route("/round/{n}/scoring/save", post(scoring::save))
        .route("/round/{n}/scoring/codes", get(scoring::codes))
        .route("/judge", get(scoring::judge_page).post(scoring::judge_submit))
        .route("/judge/enter", post(scoring::judge_enter))
        .route("/archive", get(archive::index))
        .route("/archive/unit", get(archive::unit))
        .route("/archive/cadre", get(archive::cadre))
        .layer(axum::middleware::from_fn_with_state(wb.clone(), guard::check))
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .with_state(wb)
}

/// Serves until Ctrl-C; `on_ready` gets the address actually bound.
pub async fn serve(listener: tokio::net::TcpListener, wb: Arc<Workbench>) -> std::io::Result<()> {
    let app = router(wb).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
