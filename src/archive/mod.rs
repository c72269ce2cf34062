//! The office's memory across rounds: an embedded SQLite database (巡察档案库) of finished
//! rounds — units, report scores and problem items, divergence matters, cadre evaluations and
//! ledgers — and the cadre pool (人才库). Never any informant data: only what the round's own
//! outputs show is stored.
//!
//! One file, opened with [`Archive::open`]: a new file gets the current schema; an older one is
//! copied aside (`…db.v1.bak`) and migrated; a newer one is refused. Every write is one
//! transaction, so a killed run leaves the database as it was.

mod history;
mod pool;
mod record;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

pub use history::{
    CadreHistory, CadreRound, LeaderHistory, LeaderRound, Reappeared, UnitHistory, UnitRound, not_found,
};
pub use pool::{PoolImport, PoolRow};
pub use record::{RoundRecord, record};

/// The default archive in the current folder.
pub const DEFAULT_FILE: &str = "巡察档案.db";

/// Why the archive could not be used. The path is always named.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}：无法打开巡察档案库（{reason}）", path.display())]
    Open { path: PathBuf, reason: String },
    #[error(
        "{}：档案库由更新版本的 xuncha 建立（结构版本 {found}，本版本最高支持 {supported}），为免损坏不予修改，请升级 xuncha",
        path.display()
    )]
    Newer { path: PathBuf, found: i64, supported: i64 },
    #[error("{}：升级档案库前备份到 {} 失败（{reason}），档案库未改动", path.display(), backup.display())]
    Backup { path: PathBuf, backup: PathBuf, reason: String },
    #[error("{}：读写巡察档案库出错（{reason}）", path.display())]
    Sql { path: PathBuf, reason: String },
}

/// A round as listed by `archive list`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RoundRow {
    pub name: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub units: i64,
    pub items: i64,
    pub cadres: i64,
    pub rectification: i64,
    pub clues: i64,
}

/// What `add` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    /// A round of the same name was already archived and is now replaced.
    Replaced,
}

pub struct Archive {
    conn: Connection,
    path: PathBuf,
}

impl Archive {
    /// Opens (or creates) the archive at `path`, migrating an older schema after a backup copy.
    pub fn open(path: &Path) -> Result<Self, ArchiveError> {
        let existed = path.exists();
        let conn =
            Connection::open(path).map_err(|e| ArchiveError::Open { path: path.to_owned(), reason: e.to_string() })?;
        let mut archive = Self { conn, path: path.to_owned() };
        // Another xuncha (or the workbench) may be writing: wait a little rather than fail.
        archive.conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| archive.sql(e))?;
        archive.conn.pragma_update(None, "foreign_keys", true).map_err(|e| archive.sql(e))?;
        // A file that is not SQLite fails here, not on the first query.
        let version: i64 = archive
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| ArchiveError::Open { path: path.to_owned(), reason: not_a_database(&e) })?;
        let supported = schema::MIGRATIONS.len() as i64;
        if version > supported {
            return Err(ArchiveError::Newer { path: path.to_owned(), found: version, supported });
        }
        if version < supported {
            if existed && version > 0 {
                archive.backup(version)?;
            }
            archive.migrate(version)?;
        }
        Ok(archive)
    }

    fn sql(&self, e: rusqlite::Error) -> ArchiveError {
        ArchiveError::Sql { path: self.path.clone(), reason: reason(&e) }
    }

    /// `巡察档案.db` → `巡察档案.db.v1.bak`, through SQLite's own backup (consistent even while
    /// another process reads the file).
    fn backup(&self, version: i64) -> Result<(), ArchiveError> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".v{version}.bak"));
        let backup = PathBuf::from(name);
        let fail = |reason: String| ArchiveError::Backup { path: self.path.clone(), backup: backup.clone(), reason };
        if backup.exists() {
            std::fs::remove_file(&backup).map_err(|e| fail(e.to_string()))?;
        }
        self.conn.execute("VACUUM INTO ?1", params![backup.to_string_lossy()]).map_err(|e| fail(e.to_string()))?;
        Ok(())
    }

    /// Applies the migrations after `from`, each in its own transaction with its version.
    fn migrate(&mut self, from: i64) -> Result<(), ArchiveError> {
        for (k, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self
                .conn
                .transaction()
                .map_err(|e| ArchiveError::Sql { path: self.path.clone(), reason: e.to_string() })?;
            tx.execute_batch(sql)
                .and_then(|()| tx.pragma_update(None, "user_version", k as i64 + 1))
                .and_then(|()| tx.commit())
                .map_err(|e| ArchiveError::Sql {
                    path: self.path.clone(),
                    reason: format!("升级到结构版本 {} 失败：{e}", k + 1),
                })?;
        }
        Ok(())
    }

    /// Stores a round in one transaction; a round of the same name is replaced.
    pub fn add(&mut self, r: &RoundRecord) -> Result<Added, ArchiveError> {
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| ArchiveError::Sql { path: path.clone(), reason: e.to_string() };
        let tx = self.conn.transaction().map_err(fail)?;
        let replaced = tx.execute("DELETE FROM rounds WHERE name = ?1", params![r.name]).map_err(fail)? > 0;
        record::insert(&tx, r).map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(if replaced { Added::Replaced } else { Added::New })
    }

    /// Every archived round, oldest first (by start date, then name).
    pub fn rounds(&self) -> Result<Vec<RoundRow>, ArchiveError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT r.name, r.start, r.end_date,
                   (SELECT count(*) FROM units u WHERE u.round_id = r.id),
                   (SELECT count(*) FROM items i WHERE i.round_id = r.id),
                   (SELECT count(*) FROM cadres c WHERE c.round_id = r.id),
                   (SELECT count(*) FROM rectification x WHERE x.round_id = r.id),
                   (SELECT count(*) FROM clues l WHERE l.round_id = r.id)
                 FROM rounds r ORDER BY r.start IS NULL, r.start, r.name",
            )
            .map_err(|e| self.sql(e))?;
        st.query_map([], |row| {
            Ok(RoundRow {
                name: row.get(0)?,
                start: row.get(1)?,
                end: row.get(2)?,
                units: row.get(3)?,
                items: row.get(4)?,
                cadres: row.get(5)?,
                rectification: row.get(6)?,
                clues: row.get(7)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| self.sql(e))
    }
}

/// SQLite's English, in the words an office understands where it is the user's to act on.
fn reason(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            "档案库正被另一个程序使用，请稍后再试".to_owned()
        }
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied) => "没有写入权限".to_owned(),
        Some(rusqlite::ErrorCode::DiskFull) => "磁盘已满".to_owned(),
        _ => e.to_string(),
    }
}

fn not_a_database(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "这不是巡察档案库文件（不是 SQLite 数据库）".to_owned(),
        _ => e.to_string(),
    }
}
