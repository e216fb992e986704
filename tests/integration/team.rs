//! The team register on PostgreSQL: roles the database enforces (through Vetted and through psql), the history naming the login, twenty writers at once.

use std::path::{Path, PathBuf};
use std::process::Command;
use vetted_core::domain::VendorDraft;
use vetted_core::register::TeamRole;
use vetted_core::{Register, SystemContext};
use vetted_tests::{run_sql, sql, stderr, stdout, team_server, TestRegister};

/// A login on the test server with `password`, made by its superuser (as a company's DBA would).
fn login(reg: &TestRegister, name: &str, password: &str) -> PathBuf {
    sql(&reg.db, &format!("DROP ROLE IF EXISTS {name}; CREATE ROLE {name} LOGIN PASSWORD '{password}'"));
    as_login(&reg.db, name, password)
}

/// The register's URL as `name` connects to it.
fn as_login(db: &Path, name: &str, password: &str) -> PathBuf {
    let url = db.to_str().unwrap();
    let (scheme, rest) = url.split_once("://").unwrap();
    let (_, host) = rest.split_once('@').unwrap();
    PathBuf::from(format!("{scheme}://{name}:{password}@{host}"))
}

async fn open(db: &Path) -> Register {
    Register::open(db, std::sync::Arc::new(SystemContext)).await.expect("the team register opens")
}

fn named(name: &str) -> VendorDraft {
    VendorDraft { name: name.into(), ..Default::default() }
}

/// A viewer reads and is refused every change, by the database itself (through Vetted and through
/// psql); an editor changes vendors but not baselines; the administrator saves baselines; nobody
/// changes or removes history, whoever they are; the history names the login.
#[tokio::test]
async fn the_database_enforces_who_may_do_what_and_the_history_names_the_login() {
    if team_server().is_none() {
        eprintln!("skipped: a team register's roles need its server (VETTED_TEST_ENGINE=postgres)");
        return;
    }
    let reg = TestRegister::new().await;
    let init = reg.cli(&["team", "init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    assert!(stdout(&init).contains("_admin (administrator"), "{}", stdout(&init));
    let suffix = std::process::id();
    let (viewer, editor, admin) = (format!("viewer_{suffix}"), format!("editor_{suffix}"), format!("admin_{suffix}"));
    let viewer_db = login(&reg, &viewer, "pw-viewer");
    let editor_db = login(&reg, &editor, "pw-editor");
    let admin_db = login(&reg, &admin, "pw-admin");
    for (who, role) in [(&viewer, "viewer"), (&editor, "editor"), (&admin, "admin")] {
        let granted = reg.cli(&["team", "grant", who, "--role", role]);
        assert!(granted.status.success(), "{}", stderr(&granted));
    }
    let members = vetted_tests::json(&reg.cli(&["team", "members", "--json"]));
    assert!(members.as_array().unwrap().iter().any(|m| m["login"] == editor.as_str() && m["role"] == "editor"), "{members}");
    reg.register.create_vendor(&named("Genesys Cloud Services, Inc.")).await.unwrap();

    // The viewer reads the register and is refused any change: by the server, with its words.
    let as_viewer = open(&viewer_db).await;
    assert_eq!(as_viewer.vendors(&Default::default()).await.unwrap().total, 1);
    let refused = as_viewer.create_vendor(&named("Twilio Inc.")).await.unwrap_err();
    assert_eq!(refused.code().as_str(), "not_permitted", "{refused}");
    let dto = vetted_core::ErrorDto::from(refused);
    assert!(dto.details.values["what"].contains("permission denied"), "{:?}", dto.details);
    // The app's daily scoring asks nothing of the database a viewer may not do.
    let refreshed = as_viewer.refresh_assessments().await.expect("a viewer's daily scoring is no error");
    assert_eq!((refreshed.scored, refreshed.saved), (0, 0));
    let cli = vetted_tests::vetted(&viewer_db, &["vendor", "add", "--name", "Twilio Inc."]);
    assert!(!cli.status.success() && stderr(&cli).contains("does not allow this change for your login"), "{}", stderr(&cli));
    let by_hand = run_sql(&viewer_db, "INSERT INTO vendors (name, status, created_at, updated_at) VALUES ('x', 'proposed', '', '')");
    assert!(!by_hand.status.success() && stderr(&by_hand).contains("permission denied"), "{}", stderr(&by_hand));

    // The editor adds and edits vendors; saving or choosing a baseline is the administrator's.
    let as_editor = open(&editor_db).await;
    let twilio = as_editor.create_vendor(&named("Twilio Inc.")).await.unwrap();
    let baseline = reg.dir.path().join("baseline.json");
    let exported = vetted_tests::vetted(&editor_db, &["baseline", "export", "--out", baseline.to_str().unwrap()]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let imported = vetted_tests::vetted(&editor_db, &["baseline", "import", baseline.to_str().unwrap()]);
    assert!(!imported.status.success() && stderr(&imported).contains("permission denied for table baselines"), "{}", stderr(&imported));
    let chosen = vetted_tests::vetted(&editor_db, &["baseline", "use", "minimum-sub-processors", "--tier", "3"]);
    assert!(!chosen.status.success() && stderr(&chosen).contains("permission denied"), "{}", stderr(&chosen));
    let imported = vetted_tests::vetted(&admin_db, &["baseline", "import", baseline.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));

    // The history names the login, set by the server: an entry naming anyone else is refused.
    let history = as_editor.history(Some(twilio.id), 10).await.unwrap();
    assert!(history.iter().all(|e| e.actor == editor), "{history:?}");
    let forged = run_sql(
        &editor_db,
        "INSERT INTO history (id, vendor_id, at, actor, action) VALUES ((SELECT MAX(id) + 1 FROM history), NULL, '2026-01-01T00:00:00Z', 'ciso', 'update')",
    );
    assert!(!forged.status.success() && stderr(&forged).contains("history names who wrote it"), "{}", stderr(&forged));

    // Nobody changes or removes history: not an editor, not the administrator (no privilege), not
    // the server's superuser (the triggers), not even by emptying the table.
    for db in [&editor_db, &admin_db] {
        for statement in ["UPDATE history SET actor = 'mallory'", "DELETE FROM history", "TRUNCATE history"] {
            let out = run_sql(db, statement);
            assert!(!out.status.success() && stderr(&out).contains("permission denied"), "{statement}: {}", stderr(&out));
        }
    }
    for (statement, said) in
        [("UPDATE history SET actor = 'mallory'", "history is append-only"), ("TRUNCATE history", "history is append-only")]
    {
        let out = run_sql(&reg.db, statement);
        assert!(!out.status.success() && stderr(&out).contains(said), "{statement}: {}", stderr(&out));
    }
    let verified = reg.cli(&["history", "verify"]);
    assert!(verified.status.success(), "{}", stdout(&verified));

    // A login whose role is taken back cannot even read the register any more.
    assert!(reg.cli(&["team", "revoke", &editor]).status.success());
    let after = Register::open(&editor_db, std::sync::Arc::new(SystemContext)).await.err().expect("refused");
    assert_eq!(after.code().as_str(), "not_permitted", "{after}");
    assert_eq!(reg.register.team_members().await.unwrap().iter().filter(|(_, r)| *r == TeamRole::Editor).count(), 0);
}

/// Twenty Vetted processes write 200 changes each to one team register at once: every change is
/// there, no process saw an error, and the history's chain holds (one line, in order).
#[test]
fn twenty_writers_at_once_lose_nothing_and_the_chain_holds() {
    if std::env::var("VETTED_TEAM_WRITER").is_ok() {
        return; // a writer process runs `writer` below, not this
    }
    if team_server().is_none() {
        eprintln!("skipped: twenty clients need the team register's server (VETTED_TEST_ENGINE=postgres)");
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reg = runtime.block_on(TestRegister::new());
    let (writers, changes) = (20, 200);
    let started = std::time::Instant::now();
    let children: Vec<_> = (0..writers)
        .map(|w| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "team::writer", "--nocapture", "--test-threads", "1"])
                .env("VETTED_TEAM_WRITER", format!("{w}"))
                .env("VETTED_TEAM_CHANGES", changes.to_string())
                .env("VETTED_TEAM_DB", &reg.db)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a writer failed: {}{}", stdout(&out), stderr(&out));
    }
    let took = started.elapsed();
    eprintln!(
        "{writers} writers x {changes} changes: {:.1} s, {:.0} changes/s",
        took.as_secs_f64(),
        (writers * changes) as f64 / took.as_secs_f64()
    );
    let vendors: usize = sql(&reg.db, "SELECT count(*) FROM vendors").parse().unwrap();
    assert_eq!(vendors, writers * changes / 2, "every vendor added");
    let edits: usize = sql(&reg.db, "SELECT count(*) FROM history WHERE action = 'update'").parse().unwrap();
    assert_eq!(edits, writers * changes / 2, "every edit recorded");
    let verified = reg.cli(&["history", "verify", "--json"]);
    let report = vetted_tests::json(&verified);
    assert_eq!(report["entries"].as_u64().unwrap() as usize, writers * changes, "{report}");
    assert!(report["first_broken"].is_null(), "{report}");
}

/// One writer process of the test above: half its changes add a vendor, half edit the one it added.
#[test]
fn writer() {
    let Ok(w) = std::env::var("VETTED_TEAM_WRITER") else { return };
    let changes: usize = std::env::var("VETTED_TEAM_CHANGES").unwrap().parse().unwrap();
    let db = PathBuf::from(std::env::var("VETTED_TEAM_DB").unwrap());
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let register = open(&db).await;
        for i in 0..changes / 2 {
            let v = register.create_vendor(&named(&format!("Writer {w} vendor {i}"))).await.unwrap();
            let mut d = v.to_draft();
            d.owner = format!("owner {w}.{i}");
            register.update_vendor(v.id, &d).await.unwrap();
        }
    });
}

/// A questionnaire of `rows` answers as a CSV, long enough to be cut midway.
fn long_questionnaire(path: &Path, rows: usize) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["Question ID", "Question", "Answer", "Comment"]).unwrap();
    for i in 0..rows {
        w.write_record([
            format!("Q-{i}"),
            format!("Is control {i} in place?"),
            ["Yes", "No"][i % 2].into(),
            format!("line\twith\\tab {i}"),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

/// Starts `vetted import` of `file` for vendor 1 of `db`; waits until its transaction has written
/// (the server gave it a transaction id), then returns it running.
fn import_under_way(db: &Path, file: &Path) -> std::process::Child {
    let mut child = Command::new(vetted_tests::vetted_bin())
        .arg("--db")
        .arg(db)
        .args(["import", file.to_str().unwrap(), "--vendor", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(60) {
        let writing = sql(
            db,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vetted' AND datname = current_database() \
             AND backend_xid IS NOT NULL",
        );
        if writing != "0" {
            return child;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the import never began writing");
}

/// What an interrupted import must leave: no questionnaire, no answers, the history as it was.
fn unchanged(db: &Path, history: &str) {
    assert_eq!(sql(db, "SELECT count(*) FROM questionnaires"), "0");
    assert_eq!(sql(db, "SELECT count(*) FROM questionnaire_answers"), "0");
    assert_eq!(sql(db, "SELECT count(*) FROM history"), history);
}

/// The import's connection cut by the server (`pg_terminate_backend`) midway: the command says the
/// team register cannot be reached, within seconds, and nothing of the import is kept.
#[test]
fn a_connection_cut_mid_import_keeps_nothing_and_names_the_cause() {
    if team_server().is_none() {
        eprintln!("skipped: a cut connection needs the team register's server (VETTED_TEST_ENGINE=postgres)");
        return;
    }
    let reg = tokio::runtime::Runtime::new().unwrap().block_on(TestRegister::new());
    assert!(reg.cli(&["vendor", "add", "--name", "Genesys"]).status.success());
    let history = sql(&reg.db, "SELECT count(*) FROM history");
    let file = reg.dir.path().join("long.csv");
    long_questionnaire(&file, 100_000);
    let child = import_under_way(&reg.db, &file);
    let cut = std::time::Instant::now();
    sql(
        &reg.db,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vetted' AND datname = current_database()",
    );
    let out = child.wait_with_output().unwrap();
    assert!(cut.elapsed() < std::time::Duration::from_secs(10), "the error took {:?}", cut.elapsed());
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(stderr(&out).contains("the team register cannot be reached"), "{}", stderr(&out));
    unchanged(&reg.db, &history);
    // And the register goes on: the same file imports whole afterwards (once the server has seen
    // the cut connection's end: its backend ends after the command has its error).
    let gone = std::time::Instant::now();
    while sql(&reg.db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vetted' AND datname = current_database()") != "0"
        && gone.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The server's statistics now say the tables are empty, as autovacuum finds them after the
    // rollback: the import's seal must not be planned from them (it once took past the timeout).
    sql(&reg.db, "ANALYZE");
    let again = reg.cli(&["import", file.to_str().unwrap(), "--vendor", "1"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(sql(&reg.db, "SELECT count(*) FROM questionnaire_answers"), "100000");
    assert_eq!(
        sql(&reg.db, "SELECT comment FROM questionnaire_answers ORDER BY id LIMIT 1"),
        "line\twith\\tab 0",
        "tabs and backslashes kept"
    );
}

/// A PostgreSQL server of a test's own (`scripts/pg.sh` in a temporary folder), for a test that
/// stops it or makes a standby of it; stopped and removed when dropped.
struct OwnServer {
    cluster: tempfile::TempDir,
    /// What `pg.sh start` printed: `export NAME='value'` lines.
    exports: String,
}

impl OwnServer {
    fn start(prefix: &str) -> OwnServer {
        let cluster = tempfile::Builder::new().prefix(prefix).tempdir_in("/tmp").unwrap();
        let mut own = OwnServer { cluster, exports: String::new() };
        own.exports = own.pg("start");
        own
    }

    /// `pg.sh VERB` on this server; what it printed.
    fn pg(&self, verb: &str) -> String {
        let out = self.run(verb);
        assert!(out.status.success(), "pg.sh {verb}: {}", stderr(&out));
        stdout(&out)
    }

    fn run(&self, verb: &str) -> std::process::Output {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg.sh");
        Command::new("bash").arg(&script).arg(verb).arg(self.cluster.path().join("pg")).output().unwrap()
    }

    fn value(&self, name: &str) -> String {
        let line = self.exports.lines().find_map(|l| l.strip_prefix(&format!("export {name}='"))).unwrap();
        line.trim_end_matches('\'').to_owned()
    }

    /// Its superuser's URL with the password in it (from the password file pg.sh wrote).
    fn superuser(&self) -> String {
        let pgpass = std::fs::read_to_string(self.value("PGPASSFILE")).unwrap();
        let password = pgpass.lines().next().unwrap().rsplit(':').next().unwrap().to_owned();
        self.value("VETTED_TEST_PG").replace("vetted_test@", &format!("vetted_test:{password}@"))
    }

    /// A new database on it, made by its superuser; its URL (with the password).
    fn database(&self) -> PathBuf {
        PathBuf::from(vetted_tests::new_team_database(&self.superuser()))
    }
}

impl Drop for OwnServer {
    fn drop(&mut self) {
        self.run("stop");
    }
}

/// The server stopped (as a crash would) in the middle of an import: the command says the team
/// register cannot be reached, within seconds; once the server is back, nothing of it was kept.
#[test]
fn the_server_stopped_mid_import_keeps_nothing_and_names_the_cause() {
    if team_server().is_none() {
        eprintln!("skipped: stopping a server needs one of its own (VETTED_TEST_ENGINE=postgres)");
        return;
    }
    // A server of this test's own, since it is stopped.
    let own = OwnServer::start("vetted-fault-pg");
    let (cluster, pg) = (&own.cluster, |verb: &str| own.pg(verb));
    let db = own.database();
    let run = |args: &[&str]| vetted_tests::vetted(&db, args);
    assert!(run(&["vendor", "add", "--name", "Genesys"]).status.success());
    let file = cluster.path().join("long.csv");
    long_questionnaire(&file, 300_000);
    let history = sql(&db, "SELECT count(*) FROM history");
    let child = import_under_way(&db, &file);
    let stopped = std::time::Instant::now();
    pg("halt");
    let out = child.wait_with_output().unwrap();
    assert!(stopped.elapsed() < std::time::Duration::from_secs(10), "the error took {:?}", stopped.elapsed());
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(stderr(&out).contains("the team register cannot be reached"), "{}", stderr(&out));
    // While the server is down, a command says so at once, and does not hang.
    let down = run(&["vendor", "list"]);
    assert!(!down.status.success() && stderr(&down).contains("the team register cannot be reached"), "{}", stderr(&down));
    pg("resume");
    unchanged(&db, &history);
}

/// Every table's rows of the register at `db` in `columns`' order (the register file's), one line
/// per row with `|` between values, sorted: read with the sqlite3 shell or psql, as a person would.
fn rows_of(db: &Path, table: &str, columns: &str) -> String {
    let query = format!("SELECT {columns} FROM \"{table}\" ORDER BY 1, 2");
    let out = match db.to_str().filter(|d| vetted_core::register::is_team_url(d)) {
        Some(url) => Command::new("psql").arg(url).args(["-v", "ON_ERROR_STOP=1", "-qAt", "-F", "|", "-c", &query]).output().unwrap(),
        None => vetted_tests::sqlite3(db).args(["-cmd", ".mode list"]).arg(&query).output().unwrap(),
    };
    assert!(out.status.success(), "{query}: {}", stderr(&out));
    stdout(&out)
}

/// The register file `file` and the register at `other` hold the same rows in every one of the
/// file's tables, field by field.
fn same_field_by_field(file: &Path, other: &Path) {
    let tables = sql(
        file,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY 1",
    );
    assert!(tables.lines().count() > 20, "{tables}");
    for table in tables.lines() {
        // Bytes (a name's sort key) as hexadecimal on both: the shells print them differently.
        let typed = sql(file, &format!("SELECT name, type FROM pragma_table_info('{table}')"));
        let columns = |hex: &dyn Fn(&str) -> String| {
            typed
                .lines()
                .map(|l| l.split_once('|').unwrap())
                .map(|(name, kind)| if kind == "BLOB" { hex(&format!("\"{name}\"")) } else { format!("\"{name}\"") })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let theirs = if vetted_core::register::is_team_url(other.to_str().unwrap()) {
            columns(&|c| format!("upper(encode({c}, 'hex'))"))
        } else {
            columns(&|c| format!("hex({c})"))
        };
        let (ours, theirs) = (rows_of(file, table, &columns(&|c| format!("hex({c})"))), rows_of(other, table, &theirs));
        // A whole number in a REAL column: sqlite3 prints 100.0, psql 100.
        let fields = |rows: &str| -> Vec<String> {
            rows.lines()
                .map(|l| {
                    l.split('|')
                        .map(|f| f.strip_suffix(".0").filter(|n| n.parse::<i64>().is_ok()).unwrap_or(f))
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect()
        };
        let (ours, theirs) = (fields(&ours), fields(&theirs));
        assert_eq!(ours.len(), theirs.len(), "{table}: {} rows against {}", ours.len(), theirs.len());
        if let Some((a, b)) = ours.iter().zip(&theirs).find(|(a, b)| a != b) {
            panic!("{table} differs:\n{a}\n{b}");
        }
    }
}

/// A register file (the example, a real CAIQ, a certificate with its PDF, a score, a published
/// list) pushed into an empty team register: verified, and the same field by field; its evidence
/// is the same file. A second push, or a push by an editor, is refused. The team register's backup
/// restores into a new register file and into a new team register, the same again.
#[test]
fn a_register_file_pushed_into_a_team_register_is_the_same_field_by_field_and_backs_up_both_ways() {
    let Some(server) = team_server() else {
        eprintln!("skipped: a team register's push needs its server (VETTED_TEST_ENGINE=postgres)");
        return;
    };
    let Some(realdata) = vetted_tests::realdata() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("vetted.db");
    let on = |db: &Path, args: &[&str]| {
        let out = vetted_tests::vetted(db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    on(&file, &["example"]);
    let caiq = realdata.join("caiq-v4.0.3-instructure.xlsx");
    on(&file, &["vendor", "add", "--name", "Instructure, Inc."]);
    on(&file, &["import", caiq.to_str().unwrap(), "--vendor", "Instructure, Inc."]);
    let pdf = realdata.join("assurance/iso27001-cert-instructure-2022-08-reissue.pdf");
    on(
        &file,
        &["certs", "add", "--vendor", "Instructure, Inc.", "--kind", "iso27001_2013", "--issued", "2022-08-01", "--expires", "2025-07-31"],
    );
    on(
        &file,
        &[
            "certs",
            "add",
            "--vendor",
            "Instructure, Inc.",
            "--kind",
            "soc2_type2",
            "--period-start",
            "2025-10-01",
            "--period-end",
            "2026-09-30",
            "--file",
            pdf.to_str().unwrap(),
        ],
    );
    on(&file, &["score", "--all"]);
    on(&file, &["export", "register", "--format", "csv", "-o", dir.path().join("list.csv").to_str().unwrap()]);
    let file_chain = vetted_tests::json(&vetted_tests::vetted(&file, &["history", "verify", "--json"]));

    let team = PathBuf::from(vetted_tests::new_team_database(&server));
    on(&team, &["team", "init"]);
    let pushed = vetted_tests::json(&vetted_tests::vetted(&team, &["team", "push", "--from", file.to_str().unwrap(), "--json"]));
    assert_eq!(pushed["history_entries"], file_chain["entries"], "{pushed}");
    assert_eq!(pushed["evidence_files"], 1, "{pushed}");
    let team_chain = vetted_tests::json(&vetted_tests::vetted(&team, &["history", "verify", "--json"]));
    assert_eq!((&team_chain["entries"], &team_chain["head"]), (&file_chain["entries"], &file_chain["head"]));
    assert_eq!(team_chain["records_checked"], file_chain["records_checked"]);
    same_field_by_field(&file, &team);
    // The history still names who wrote each entry in the file; the copy names who made it.
    let actors = sql(&team, "SELECT string_agg(DISTINCT actor, ',') FROM history");
    assert!(!actors.contains("vetted_test"), "{actors}");
    assert_eq!(
        sql(&team, "SELECT by_login || ' ' || history_entries FROM register_copies"),
        format!("vetted_test {}", file_chain["entries"])
    );
    // The evidence is the same file: its bytes in the database, hashing to its name.
    let sha = sql(&file, "SELECT sha256 FROM evidence_files");
    let expected = format!("{sha}|{}", std::fs::metadata(&pdf).unwrap().len());
    assert_eq!(sql(&team, "SELECT encode(sha256(content), 'hex') || '|' || length(content) FROM evidence_content"), expected);

    // Pushed once: a second push into the now full register is refused, and changes nothing.
    let again = vetted_tests::vetted(&team, &["team", "push", "--from", file.to_str().unwrap()]);
    assert!(!again.status.success() && stderr(&again).contains("already holds a register"), "{}", stderr(&again));
    same_field_by_field(&file, &team);

    // Only an administrator copies a register in: an editor is refused by the database.
    let empty = PathBuf::from(vetted_tests::new_team_database(&server));
    on(&empty, &["team", "init"]);
    let editor = format!("pusher_{}", std::process::id());
    sql(&empty, &format!("DROP ROLE IF EXISTS {editor}; CREATE ROLE {editor} LOGIN PASSWORD 'pw'"));
    on(&empty, &["team", "grant", &editor, "--role", "editor"]);
    let as_editor = vetted_tests::vetted(&as_login(&empty, &editor, "pw"), &["team", "push", "--from", file.to_str().unwrap()]);
    assert!(!as_editor.status.success() && stderr(&as_editor).contains("permission denied"), "{}", stderr(&as_editor));
    assert_eq!(sql(&empty, "SELECT count(*) FROM history"), "0");
    // A register file whose history was altered is not spread: nothing is copied.
    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&file, &tampered).unwrap();
    vetted_tests::without_trigger(&tampered, "history", "history_append_only_update", "UPDATE history SET actor = 'mallory' WHERE id = 2");
    let refused = vetted_tests::vetted(&empty, &["team", "push", "--from", tampered.to_str().unwrap()]);
    assert!(!refused.status.success() && stderr(&refused).contains("history entry 2 does not match"), "{}", stderr(&refused));
    assert_eq!(sql(&empty, "SELECT count(*) FROM vendors"), "0");

    // The team register's backup is the same zip as a file's: it restores into a new register
    // file and into the empty team register, each the same as the file pushed.
    let zip = dir.path().join("team-backup.zip");
    on(&team, &["backup", "-o", zip.to_str().unwrap()]);
    let restored = dir.path().join("restored/vetted.db");
    on(&restored, &["restore", zip.to_str().unwrap()]);
    same_field_by_field(&file, &restored);
    let evidence = std::fs::read_dir(restored.parent().unwrap().join("evidence")).unwrap().count();
    assert_eq!(evidence, 1);
    on(&restored, &["history", "verify"]);
    let said = on(&empty, &["restore", zip.to_str().unwrap()]);
    assert!(said.contains("history entries"), "{said}");
    same_field_by_field(&file, &empty);
    on(&empty, &["history", "verify"]);
}

/// TLS with `sslmode=verify-full` against the test server's CA (`scripts/pg.sh` makes one): reached
/// by the name its certificate is for, the team register is used; reached by another name, or
/// checked against a CA that did not sign it, it is refused before anything is sent, and Vetted says
/// the team register cannot be reached, and why.
#[test]
fn tls_verify_full_checks_the_servers_certificate_and_its_name() {
    let Some(server) = team_server() else {
        eprintln!("skipped: TLS needs the team register's server (VETTED_TEST_ENGINE=postgres)");
        return;
    };
    let ca = PathBuf::from(std::env::var("VETTED_TEST_PG_CA").expect("scripts/pg.sh prints VETTED_TEST_PG_CA"));
    let other_ca = ca.with_file_name("other-ca.crt");
    let db = vetted_tests::new_team_database(&server);
    let port = std::env::var("VETTED_TEST_PG_PORT").unwrap();
    let name = db.rsplit('/').next().unwrap();
    let url = |host: &str, ca: &Path| {
        PathBuf::from(format!("postgres://vetted_test@{host}:{port}/{name}?sslmode=verify-full&sslrootcert={}", ca.display()))
    };
    let added = vetted_tests::vetted(&url("localhost", &ca), &["vendor", "add", "--name", "Genesys Cloud Services, Inc."]);
    assert!(added.status.success(), "{}", stderr(&added));
    for (wrong, why) in [(url("127.0.0.1", &ca), "not valid for name \"127.0.0.1\""), (url("localhost", &other_ca), "UnknownIssuer")] {
        let refused = vetted_tests::vetted(&wrong, &["vendor", "list"]);
        assert!(!refused.status.success(), "{}", stdout(&refused));
        let said = stderr(&refused);
        assert!(said.contains("the team register cannot be reached") && said.contains(why), "{said}");
    }
    assert_eq!(sql(Path::new(&db), "SELECT count(*) FROM vendors"), "1");
}

/// A login that signs in with a client certificate instead of a password (`scripts/pg.sh`'s server
/// asks one of `vetted_cert`): named in the URL, found in `~/.postgresql/` as psql finds it, or
/// given by a connection service in `~/.pg_service.conf`. Without one the server refuses the
/// sign-in, and Vetted says so as a refused sign-in with the server's words.
#[test]
fn a_client_certificate_and_a_connection_service_sign_in_as_psql_would() {
    let Some(server) = team_server() else {
        eprintln!("skipped: client certificates need the team register's server (VETTED_TEST_ENGINE=postgres)");
        return;
    };
    let ca = PathBuf::from(std::env::var("VETTED_TEST_PG_CA").expect("scripts/pg.sh prints VETTED_TEST_PG_CA"));
    let (cert, key) = (ca.with_file_name("client.crt"), ca.with_file_name("client.key"));
    let db = PathBuf::from(vetted_tests::new_team_database(&server));
    let port = std::env::var("VETTED_TEST_PG_PORT").unwrap();
    let name = db.to_str().unwrap().rsplit('/').next().unwrap().to_owned();
    sql(&db, "DO $$ BEGIN CREATE ROLE vetted_cert LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    for args in [&["team", "init"][..], &["team", "grant", "vetted_cert", "--role", "editor"]] {
        let done = vetted_tests::vetted(&db, args);
        assert!(done.status.success(), "{}", stderr(&done));
    }
    let home = tempfile::tempdir().unwrap();
    let run = |url: &str, env: &[(&str, &Path)], args: &[&str]| {
        let mut cmd = Command::new(vetted_tests::vetted_bin());
        cmd.arg("--db").arg(url).args(args).env("HOME", home.path()).env_remove("PGSERVICE").env_remove("PGSERVICEFILE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("vetted runs")
    };
    let url = format!("postgres://vetted_cert@localhost:{port}/{name}?sslmode=verify-full&sslrootcert={}", ca.display());

    // No certificate: the server refuses the sign-in, and that is what Vetted says.
    let refused = run(&url, &[], &["vendor", "list"]);
    assert!(!refused.status.success());
    let said = stderr(&refused);
    assert!(said.contains("the team register refused the sign-in") && said.contains("certificate"), "{said}");

    // The certificate and key named in the URL: an editor's change, the history naming the login.
    let with_cert = format!("{url}&sslcert={}&sslkey={}", cert.display(), key.display());
    let added = run(&with_cert, &[], &["vendor", "add", "--name", "Twilio Inc."]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert_eq!(sql(&db, "SELECT actor FROM history ORDER BY id DESC LIMIT 1"), "vetted_cert");

    // The same files where psql looks for them: the URL needs no more.
    let own = home.path().join(".postgresql");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::copy(&cert, own.join("postgresql.crt")).unwrap();
    std::fs::copy(&key, own.join("postgresql.key")).unwrap();
    let listed = run(&url, &[], &["vendor", "list"]);
    assert!(listed.status.success() && stdout(&listed).contains("Twilio Inc."), "{}{}", stdout(&listed), stderr(&listed));
    std::fs::remove_dir_all(&own).unwrap();

    // A connection service gives the whole connection; the URL names only the service.
    let services = home.path().join("services.conf");
    std::fs::write(
        &services,
        format!(
            "# the company's registers\n[vendors]\nhost=localhost\nport={port}\ndbname={name}\nuser=vetted_cert\n\
             sslmode=verify-full\nsslrootcert={}\nsslcert={}\nsslkey={}\n",
            ca.display(),
            cert.display(),
            key.display()
        ),
    )
    .unwrap();
    let listed = run("postgres:///?service=vendors", &[("PGSERVICEFILE", &services)], &["vendor", "list"]);
    assert!(listed.status.success() && stdout(&listed).contains("Twilio Inc."), "{}{}", stdout(&listed), stderr(&listed));
    std::fs::copy(&services, home.path().join(".pg_service.conf")).unwrap();
    let listed = run("postgres:///?service=vendors", &[], &["vendor", "list"]);
    assert!(listed.status.success() && stdout(&listed).contains("Twilio Inc."), "{}{}", stdout(&listed), stderr(&listed));
    let missing = run("postgres:///?service=elsewhere", &[], &["vendor", "list"]);
    assert!(!missing.status.success() && stderr(&missing).contains("service \"elsewhere\" is not defined"), "{}", stderr(&missing));
}

/// A team register whose server accepts no changes (a standby during a failover, or a database its
/// administrator made read-only, as here): the register is read as ever; a change is refused
/// with its own code and the server's words, nothing is saved; writable again, it takes changes.
#[tokio::test]
async fn a_read_only_team_register_is_read_and_refuses_changes_saying_why() {
    if team_server().is_none() {
        eprintln!("skipped: a read-only server is a team register's (VETTED_TEST_ENGINE=postgres)");
        return;
    }
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Genesys"]).status.success());
    let history = sql(&reg.db, "SELECT count(*) FROM history");
    let database = reg.db.to_str().unwrap().rsplit('/').next().unwrap().to_owned();
    // Set from the server's own database: one set read-only no longer takes ALTER DATABASE.
    let server = PathBuf::from(team_server().unwrap());
    sql(&server, &format!("ALTER DATABASE {database} SET default_transaction_read_only = on"));

    // Through the front door as the app uses it, and through the CLI.
    let read_only = open(&reg.db).await;
    assert_eq!(read_only.vendors(&Default::default()).await.unwrap().total, 1);
    let refused = read_only.create_vendor(&named("Neu GmbH")).await.unwrap_err();
    assert_eq!(refused.code().as_str(), "register_read_only", "{refused}");
    assert!(refused.to_string().contains("read-only transaction"), "the server's words: {refused}");
    read_only.close().await;
    let listed = reg.cli(&["vendor", "list"]);
    assert!(listed.status.success() && stdout(&listed).contains("Genesys"), "{}", stderr(&listed));
    let added = reg.cli(&["vendor", "add", "--name", "Neu GmbH"]);
    assert!(!added.status.success());
    assert!(stderr(&added).contains("the team register accepts no changes"), "{}", stderr(&added));
    assert_eq!(sql(&reg.db, "SELECT count(*) FROM history"), history, "nothing saved");
    assert_eq!(sql(&reg.db, "SELECT count(*) FROM vendors"), "1");

    sql(&server, &format!("ALTER DATABASE {database} RESET default_transaction_read_only"));
    let again = reg.cli(&["vendor", "add", "--name", "Neu GmbH"]);
    assert!(again.status.success(), "{}", stderr(&again));
    let verify = reg.cli(&["history", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
}

/// A failover: a hot standby streams from the team register's server; while it is a standby, the
/// register is read there and every change refused as read-only; then the primary stops (as a
/// crash would), the standby is promoted, and the register, now at the new primary's address, holds
/// everything committed before, verifies, and takes changes again.
#[test]
fn after_a_failover_the_promoted_standby_holds_the_register_and_it_verifies() {
    if team_server().is_none() {
        eprintln!("skipped: a failover needs servers of its own (VETTED_TEST_ENGINE=postgres)");
        return;
    }
    let own = OwnServer::start("vetted-failover-pg");
    let (cluster, pg) = (&own.cluster, |verb: &str| own.pg(verb));
    let db = own.database();
    let run = vetted_tests::vetted;
    assert!(run(&db, &["vendor", "add", "--name", "Genesys"]).status.success());
    let file = cluster.path().join("answers.csv");
    long_questionnaire(&file, 2_000);
    let imported = run(&db, &["import", file.to_str().unwrap(), "--vendor", "Genesys"]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert!(run(&db, &["score", "--all"]).status.success());

    let standby_port = pg("standby").trim().to_owned();
    let port = own.value("VETTED_TEST_PG_PORT");
    let standby = PathBuf::from(db.to_str().unwrap().replace(&format!(":{port}/"), &format!(":{standby_port}/")));
    // Committed on the primary after the standby was made, to be streamed to it.
    assert!(run(&db, &["vendor", "add", "--name", "Dialogflow"]).status.success());
    let wanted = sql(&db, "SELECT pg_current_wal_lsn()");
    let caught_up = std::time::Instant::now();
    while sql(&standby, &format!("SELECT pg_last_wal_replay_lsn() >= '{wanted}'")) != "t" {
        assert!(caught_up.elapsed() < std::time::Duration::from_secs(30), "the standby did not catch up");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let before = vetted_tests::table_rows(&db);

    // The standby, before it is promoted: read as ever, every change refused as read-only.
    let listed = run(&standby, &["vendor", "list"]);
    assert!(listed.status.success() && stdout(&listed).contains("Dialogflow"), "{}", stderr(&listed));
    let refused = run(&standby, &["vendor", "add", "--name", "Neu GmbH"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("the team register accepts no changes"), "{}", stderr(&refused));

    // The primary gone at once, the standby promoted: everything committed is there, and verifies.
    pg("halt");
    let gone = run(&db, &["vendor", "list"]);
    assert!(stderr(&gone).contains("the team register cannot be reached"), "{}", stderr(&gone));
    pg("promote");
    let promoted = std::time::Instant::now();
    while sql(&standby, "SELECT pg_is_in_recovery()") != "f" {
        assert!(promoted.elapsed() < std::time::Duration::from_secs(30), "the standby was not promoted");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(vetted_tests::table_rows(&standby), before, "the promoted standby holds what the primary committed");
    let verify = run(&standby, &["history", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    let added = run(&standby, &["vendor", "add", "--name", "Neu GmbH"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let verify = run(&standby, &["history", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
}

/// A team register in a database that is not UTF-8 (LATIN1, as an older company server may have
/// it): German text goes in and reads back as written, and each import's seal, made from the
/// values written with each length in characters, holds when `history verify` reads the answers
/// back (the server converts them to LATIN1 and back). SQL_ASCII (where PostgreSQL offers no ICU
/// collation, and lengths are bytes) is refused with the reason before anything is written.
#[test]
fn a_team_register_in_a_latin1_database_keeps_umlauts_and_its_seals_hold() {
    let Some(server) = team_server() else {
        eprintln!("skipped: a database's encoding is a team register's (VETTED_TEST_ENGINE=postgres)");
        return;
    };
    let base = server.rsplit_once('/').unwrap().0.to_owned();
    let made = |encoding: &str| {
        let name = format!("vt_{}_{}", encoding.to_lowercase(), std::process::id());
        let sql = format!("CREATE DATABASE {name} ENCODING '{encoding}' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
        let out = Command::new("psql").arg(&server).args(["-q", "-v", "ON_ERROR_STOP=1", "-c", &sql]).output().unwrap();
        assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
        PathBuf::from(format!("{base}/{name}"))
    };
    let latin1 = made("LATIN1");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("fragebogen.csv");
    let mut text = String::from("Frage-ID,Frage,Antwort,Kommentar\n");
    for n in 1..=80 {
        text.push_str(&format!(
            "F-{n},Verschlüsselung Nr. {n} geprüft?,\"Ja, größtenteils\",\"Prüfung {n}: Schlüssel\trotiert\\n täglich; Größe ÄÖÜß\"\n"
        ));
    }
    std::fs::write(&csv, &text).unwrap();
    for args in
        [&["vendor", "add", "--name", "Müller Rechenzentrum"][..], &["import", csv.to_str().unwrap(), "--vendor", "Müller Rechenzentrum"]]
    {
        let out = vetted_tests::vetted(&latin1, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let verified = vetted_tests::vetted(&latin1, &["history", "verify"]);
    assert!(verified.status.success(), "{}{}", stdout(&verified), stderr(&verified));
    assert!(stdout(&verified).contains("Records verified: 1,"), "{}", stdout(&verified));
    // Read back as a UTF-8 client reads it (psql would otherwise speak the locale's encoding).
    let utf8 = |query: &str| {
        let out = Command::new("psql")
            .arg(latin1.to_str().unwrap())
            .args(["-qAt", "-c", query])
            .env("PGCLIENTENCODING", "UTF8")
            .output()
            .unwrap();
        assert!(out.status.success(), "{query}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    assert_eq!(utf8("SELECT DISTINCT original FROM questionnaire_answers"), "Ja, größtenteils");
    assert_eq!(
        utf8("SELECT comment FROM questionnaire_answers ORDER BY id LIMIT 1"),
        "Prüfung 1: Schlüssel\trotiert\\n täglich; Größe ÄÖÜß"
    );

    let ascii = made("SQL_ASCII");
    let out = vetted_tests::vetted(&ascii, &["vendor", "add", "--name", "Acme", "--json"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("is encoded in SQL_ASCII") && stderr(&out).contains("ENCODING 'UTF8'"), "{}", stderr(&out));
    assert_eq!(sql(&ascii, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'vendors'"), "0");
}
