//! `xuncha serve`: the browser workbench on this computer (or the meeting room's network with
//! `--listen`), until Ctrl-C.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use xuncha::pipeline;
use xuncha::web::{Options, Workbench};

use super::settings::Pack;
use super::{CliError, Exit};

pub struct Settings {
    pub rounds: Vec<PathBuf>,
    pub port: Option<u16>,
    pub listen: Option<IpAddr>,
    pub open: bool,
    pub today: Option<String>,
    pub db: PathBuf,
    pub pack: Pack,
}

pub fn run(s: Settings) -> Result<Exit, CliError> {
    let rounds = if s.rounds.is_empty() { Vec::new() } else { pipeline::expand(&s.rounds)? };
    if s.listen.is_some_and(|ip| ip.is_unspecified()) {
        return Err(CliError::Usage(
            "--listen 要写本机在会议室网络上的地址（如 192.168.1.20），不能是 0.0.0.0：评委和访问码都以这个地址为准"
                .into(),
        ));
    }
    let ip = s.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let runtime = tokio::runtime::Runtime::new().map_err(|e| CliError::Other(format!("无法启动工作台（{e}）")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(SocketAddr::new(ip, s.port.unwrap_or(0))))
        .map_err(|e| CliError::Other(bind_error(ip, s.port, &e)))?;
    let addr = listener.local_addr().map_err(|e| CliError::Other(format!("无法启动工作台（{e}）")))?;
    let access_code = s.listen.filter(|ip| !ip.is_loopback()).map(|_| xuncha::web::guard::access_code());
    let opts = Options {
        rules: s.pack.rules.clone(),
        framework: s.pack.framework.clone(),
        rounds,
        db: Some(s.db),
        today: s.today,
        addr,
        access_code: access_code.clone(),
    };
    let wb = Workbench::new(opts, &|name| eprintln!("正在汇总 {name} …"))?;
    let url = format!("http://{addr}/");
    println!("巡察工作台已启动：{url}");
    match &access_code {
        Some(code) => println!("已在会议室网络上开放。其他电脑和手机打开上面的地址后，需输入访问码：{code}"),
        None => println!("只有本机能打开（如需评委用手机评分，加 --listen 本机地址）。"),
    }
    println!("按 Ctrl+C 结束。");
    if s.open {
        open_browser(&url);
    }
    runtime
        .block_on(xuncha::web::serve(listener, Arc::new(wb)))
        .map_err(|e| CliError::Other(format!("工作台出错退出（{e}）")))?;
    println!("工作台已结束。");
    Ok(Exit::Ok)
}

fn bind_error(ip: IpAddr, port: Option<u16>, e: &std::io::Error) -> String {
    match (e.kind(), port) {
        (std::io::ErrorKind::AddrInUse, Some(p)) => {
            format!("端口 {p} 已被占用：换一个 --port，或不写 --port 让工作台自动选择")
        }
        (std::io::ErrorKind::AddrNotAvailable, _) => {
            format!("本机没有地址 {ip}：--listen 要写本机在会议室网络上的地址（如 192.168.1.20）")
        }
        _ => format!("无法在 {ip} 上启动工作台（{e}）"),
    }
}

/// Opens `url` in the default browser; if that fails the printed address still works.
fn open_browser(url: &str) {
    let spawned = if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if spawned.is_err() {
        eprintln!("未能自动打开浏览器，请手动打开上面的地址。");
    }
}
