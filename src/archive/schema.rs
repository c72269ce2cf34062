//! The archive's schema as a list of migrations: migration N takes a database from version N−1
//! (SQLite's `user_version`) to N. Never edit a released migration; add one.

pub const MIGRATIONS: &[&str] = &[
    // 1: rounds and what they found.
    "CREATE TABLE rounds (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        start TEXT,
        end_date TEXT,
        feedback TEXT,
        framework TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        ledger_day TEXT
    );
    CREATE TABLE units (
        round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        grp TEXT NOT NULL,
        leader TEXT NOT NULL,
        top_leader TEXT NOT NULL,
        rank INTEGER,
        rule_score REAL,
        final_score REAL,
        grade TEXT,
        problems INTEGER NOT NULL,
        divergence REAL,
        report_file TEXT NOT NULL,
        report_text TEXT NOT NULL,
        PRIMARY KEY (round_id, name)
    );
    CREATE TABLE items (
        round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        seq INTEGER NOT NULL,
        workpaper TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (round_id, unit, seq)
    );
    CREATE TABLE matters (
        round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        signal TEXT NOT NULL,
        kind TEXT NOT NULL,
        person TEXT NOT NULL,
        summary TEXT NOT NULL,
        status TEXT NOT NULL,
        item INTEGER,
        matter INTEGER,
        weight REAL NOT NULL,
        top_leader INTEGER NOT NULL
    );
    CREATE TABLE cadres (
        round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        grp TEXT NOT NULL,
        role TEXT NOT NULL,
        home_unit TEXT NOT NULL,
        seconded INTEGER NOT NULL,
        total REAL NOT NULL,
        band TEXT NOT NULL,
        recommended INTEGER NOT NULL
    );
    CREATE TABLE rectification (
        round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        unit TEXT NOT NULL,
        id TEXT NOT NULL,
        problem TEXT NOT NULL,
        state TEXT NOT NULL,
        deadline TEXT,
        done_on TEXT
    );
    CREATE TABLE clues (
        round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        unit TEXT NOT NULL,
        person TEXT NOT NULL,
        rank TEXT NOT NULL,
        handed_on TEXT,
        handed_to TEXT NOT NULL,
        disposal TEXT NOT NULL,
        feedback_on TEXT,
        result TEXT NOT NULL,
        overdue INTEGER NOT NULL
    );
    CREATE INDEX units_by_name ON units(name);
    CREATE INDEX cadres_by_name ON cadres(name);
    CREATE INDEX units_by_leader ON units(leader);",
    // 2: the cadre pool (人才库).
    "CREATE TABLE pool (
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        post TEXT NOT NULL,
        politics TEXT NOT NULL,
        expertise TEXT NOT NULL,
        joined TEXT,
        training TEXT NOT NULL,
        past_units TEXT NOT NULL,
        relatives TEXT NOT NULL,
        leader_candidate INTEGER,
        career TEXT NOT NULL,
        PRIMARY KEY (name, unit)
    );",
    // 3: a unit's signals, rectification items and clues found without scanning every round's
    // (`history unit` on ten years × four rounds: 1.3 s before, a scan of 240,000 signals per
    // round). IF NOT EXISTS: an archive created at this version and marked older still migrates.
    "CREATE INDEX IF NOT EXISTS matters_by_unit ON matters(round_id, unit);
    CREATE INDEX IF NOT EXISTS rectification_by_unit ON rectification(round_id, unit);
    CREATE INDEX IF NOT EXISTS clues_by_unit ON clues(round_id, unit);",
];
