//! The team engine, PostgreSQL: connecting by URL (PostgreSQL's own conventions for passwords and TLS), the engine's error codes, migrations, and how a row's values are sealed so that a record seals the same on both engines.

use super::{db, Sealed};
use crate::domain::Unreached;
use crate::error::{Error, Result};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

type Pool = sqlx::PgPool;

/// The team register's schema, one file per version.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A pool on the team register at `url` (`postgres://...`; a password comes from the URL, `PGPASSWORD`,
/// the password file (`.pgpass`, `PGPASSFILE`) or a service file, as with psql).
pub(crate) async fn connect(url: &str) -> Result<Pool> {
    let options = options(url)?;
    let options = options.application_name("vetted").options([("statement_timeout", "120s"), ("lock_timeout", "10s")]);
    // One connection tried by itself first: the pool retries a refused or unanswered connection
    // until its timeout and then says only that it timed out; this says why, and at once.
    match tokio::time::timeout(CONNECT_TIMEOUT, sqlx::Connection::connect_with(&options)).await {
        Err(_) => {
            let what = format!("no answer from {} within {} s", place(&options), CONNECT_TIMEOUT.as_secs());
            return Err(Error::Unreachable { why: Unreached::NoAnswer, what });
        }
        Ok(Err(e)) => return Err(db(e)),
        Ok(Ok(first)) => {
            let first: sqlx::PgConnection = first;
            let _ = sqlx::Connection::close(first).await;
        }
    }
    PgPoolOptions::new().max_connections(4).acquire_timeout(CONNECT_TIMEOUT).connect_with(options).await.map_err(db)
}

/// The driver's options for `url`, with what PostgreSQL's conventions add (a service, the
/// certificates in `~/.postgresql/`).
fn options(url: &str) -> Result<PgConnectOptions> {
    let url = super::conninfo::resolve(url, &super::conninfo::this_machine())?;
    PgConnectOptions::from_str(&url).map_err(|e| Error::Database(format!("not a PostgreSQL connection: {e}")))
}

/// How long a connection to the team register's server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The login the server knows this connection by: who the history names.
pub(crate) async fn login(pool: &Pool) -> Result<String> {
    sqlx::query_scalar("SELECT CAST(session_user AS TEXT)").fetch_one(pool).await.map_err(db)
}

/// A team register's roles, named for its database (roles belong to the whole server, so two
/// registers on one server keep theirs apart).
pub(crate) async fn role_names(pool: &Pool) -> Result<[String; 3]> {
    let db: String = sqlx::query_scalar("SELECT CAST(current_database() AS TEXT)").fetch_one(pool).await.map_err(db)?;
    // A role's name holds at most 63 bytes: a long database name is shortened, with its hash.
    let base = if db.len() <= 40 {
        db
    } else {
        let hash = crate::hash::hex(&<sha2::Sha256 as sha2::Digest>::digest(db.as_bytes()));
        format!("{}_{}", db.chars().take(24).collect::<String>(), &hash[..12])
    };
    Ok(["admin", "editor", "viewer"].map(|r| format!("vetted_{base}_{r}")))
}

/// An identifier quoted for SQL.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Tables whose rows are never changed or removed once written (their triggers say so too).
const APPEND_ONLY: &[&str] = &[
    "history",
    "assessments",
    "register_versions",
    "evidence_files",
    "evidence_content",
    "approvals",
    "certification_readings",
    "questionnaires",
    "questionnaire_answers",
    "questionnaire_skipped",
    "risk_acceptances",
    "baselines",
    "reminders_shown",
    "register_copies",
];
/// Tables an editor changes rows of.
const EDITED: &[&str] = &["vendors", "conditions", "certification_duties", "mapping_profiles", "assessment_checks"];
/// Tables an editor removes rows of (a vendor's lists and links are rewritten; a mute is lifted).
const REWRITTEN: &[&str] = &["vendor_services", "vendor_countries", "vendor_links", "reminder_mutes"];
/// What only the administrator writes: the baselines and which one each tier is held to, and a
/// register copied in (`register_copies` lets that one transaction write others' history entries).
const ADMIN_ONLY: &[&str] = &["baselines", "baseline_use", "register_copies"];

/// Makes the team register's three roles, if missing, and gives each what it may do: a viewer
/// reads; an editor also adds and edits what Vetted edits; the administrator also saves baselines
/// and chooses them per tier, and is given the role. Nobody updates, deletes or truncates what is
/// append-only, the tables' owner included. Run by a login that owns the tables and may create roles.
pub(crate) async fn init_roles(pool: &Pool) -> Result<[String; 3]> {
    let names = role_names(pool).await?;
    let [admin, editor, viewer] = names.each_ref().map(|n| ident(n));
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .map_err(db)?;
    let list = |names: &mut dyn Iterator<Item = &str>| names.map(ident).collect::<Vec<_>>().join(", ");
    let inserted = list(&mut tables.iter().map(String::as_str).filter(|t| !ADMIN_ONLY.contains(t)));
    let mut tx = pool.begin().await.map_err(db)?;
    for name in &names {
        let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
            .bind(name)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        if !exists {
            sqlx::query(&format!("CREATE ROLE {} NOLOGIN", ident(name))).execute(&mut *tx).await.map_err(db)?;
        }
    }
    let statements = [
        format!("GRANT USAGE ON SCHEMA public TO {viewer}"),
        format!("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {viewer}"),
        format!("GRANT {viewer} TO {editor}"),
        format!("GRANT {editor} TO {admin}"),
        format!("GRANT INSERT ON {inserted} TO {editor}"),
        format!("GRANT UPDATE ON {} TO {editor}", list(&mut EDITED.iter().copied())),
        format!("GRANT DELETE ON {} TO {editor}", list(&mut REWRITTEN.iter().copied())),
        format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {editor}"),
        format!("GRANT INSERT ON baselines TO {admin}"),
        format!("GRANT INSERT, UPDATE ON baseline_use TO {admin}"),
        format!("GRANT INSERT ON register_copies TO {admin}"),
        // A register copied in keeps its ids: the identities are moved past them.
        format!("GRANT UPDATE ON ALL SEQUENCES IN SCHEMA public TO {admin}"),
        format!("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM PUBLIC, CURRENT_USER", list(&mut APPEND_ONLY.iter().copied())),
        format!("GRANT {admin} TO CURRENT_USER"),
    ];
    for sql in statements {
        sqlx::query(&sql).execute(&mut *tx).await.map_err(db)?;
    }
    tx.commit().await.map_err(db)?;
    Ok(names)
}

/// Gives `login` one of the register's roles (0 administrator, 1 editor, 2 viewer), taking back
/// any other it had.
pub(crate) async fn grant(pool: &Pool, login: &str, role: usize) -> Result<()> {
    let names = role_names(pool).await?;
    let mut tx = pool.begin().await.map_err(db)?;
    for (i, name) in names.iter().enumerate() {
        let verb = if i == role {
            format!("GRANT {} TO {}", ident(name), ident(login))
        } else {
            format!("REVOKE {} FROM {}", ident(name), ident(login))
        };
        sqlx::query(&verb).execute(&mut *tx).await.map_err(db)?;
    }
    tx.commit().await.map_err(db)
}

/// Takes every role of the register from `login`.
pub(crate) async fn revoke(pool: &Pool, login: &str) -> Result<()> {
    let names = role_names(pool).await?;
    let mut tx = pool.begin().await.map_err(db)?;
    for name in &names {
        sqlx::query(&format!("REVOKE {} FROM {}", ident(name), ident(login))).execute(&mut *tx).await.map_err(db)?;
    }
    tx.commit().await.map_err(db)
}

/// The logins given a role of the register, with the role (0, 1, 2 as in `grant`), by name.
pub(crate) async fn members(pool: &Pool) -> Result<Vec<(String, usize)>> {
    let names = role_names(pool).await?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(m.rolname AS TEXT), CAST(r.rolname AS TEXT) FROM pg_auth_members a \
         JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member \
         WHERE r.rolname = ANY($1) AND m.rolcanlogin ORDER BY 1",
    )
    .bind(&names[..])
    .fetch_all(pool)
    .await
    .map_err(db)?;
    Ok(rows.into_iter().filter_map(|(login, role)| Some((login, names.iter().position(|n| *n == role)?))).collect())
}

/// The server and database of `url` as a user may see them: never its password.
pub(crate) fn shown(url: &str) -> String {
    options(url).map_or_else(|_| "the team register".to_owned(), |o| place(&o))
}

/// The server and database a connection's options name (never its password).
pub(crate) fn place(o: &PgConnectOptions) -> String {
    format!("{}:{}/{}", o.get_host(), o.get_port(), o.get_database().unwrap_or(""))
}

/// The key of the register's writer lock (an advisory lock, scoped to the database by the server).
const WRITER_LOCK: i64 = 0x7665_7474_6564; // "vetted"

/// A write transaction holding the register's writer lock until it ends: writers queue as on
/// SQLite (waiting at most the connection's `lock_timeout`), so the history's chain stays one
/// line and every write reads the state the last one left. Readers never wait for it.
pub(crate) async fn begin_write(pool: &Pool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut tx = pool.begin().await.map_err(db)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITER_LOCK).execute(&mut *tx).await.map_err(db)?;
    Ok(tx)
}

/// An error of the engine with its SQLSTATE as the register's: a serialization failure, a deadlock
/// or a lock not had in time (`lock_timeout`) is `Busy`, for a retry; anything else keeps the
/// engine's message.
/// A privilege the login lacks (42501) is `NotPermitted`; a connection lost or refused by the
/// server (class 08, and 57P01-57P03: the server shutting down or starting), or a statement the
/// server did not finish within the connection's `statement_timeout` (57014), is `Unreachable`,
/// with the server's words; a sign-in refused (class 28: no such login, a wrong password, no valid
/// client certificate, no rule for the address) is `SignInRefused`; a write refused because the
/// server is a standby or the database read-only (25006) is `ReadOnly`.
pub(crate) fn error(e: sqlx::Error, code: &str) -> Error {
    let words = || e.as_database_error().map(|d| d.message().to_owned()).unwrap_or_else(|| e.to_string());
    match code {
        "40001" | "40P01" | "55P03" => Error::Busy,
        "57014" => Error::Unreachable { why: Unreached::StatementTimeout, what: words() },
        "57P03" => Error::Unreachable { why: Unreached::ServerStarting, what: words() },
        "42501" => Error::NotPermitted(words()),
        "25006" => Error::ReadOnly(words()),
        c if c.starts_with("28") => Error::SignInRefused(words()),
        c if c.starts_with("08") || matches!(c, "57P01" | "57P02") => Error::Unreachable { why: Unreached::ConnectionLost, what: words() },
        _ => Error::Database(e.to_string()),
    }
}

/// An error without a SQLSTATE: the connection's own (refused, cut, timed out, TLS), with its cause.
pub(crate) fn error_without_code(e: sqlx::Error) -> Error {
    let why = match &e {
        sqlx::Error::Io(io) => io_cause(io),
        sqlx::Error::Tls(_) => Unreached::Tls,
        sqlx::Error::PoolTimedOut => Unreached::NoAnswer,
        sqlx::Error::PoolClosed | sqlx::Error::Protocol(_) => Unreached::ConnectionLost,
        _ => return Error::Database(e.to_string()),
    };
    Error::Unreachable { why, what: e.to_string() }
}

/// Why a connection's input or output failed.
fn io_cause(io: &std::io::Error) -> Unreached {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::ConnectionRefused => Unreached::Refused,
        K::TimedOut | K::HostUnreachable | K::NetworkUnreachable => Unreached::NoAnswer,
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof | K::NotConnected => Unreached::ConnectionLost,
        // A name the resolver does not know has no kind of its own; the standard library's words
        // say it.
        _ if io.to_string().starts_with("failed to lookup address information") => Unreached::UnknownHost,
        _ => Unreached::Other,
    }
}

/// The channel every change of the register is told on (`history_told`, a trigger).
const CHANGES: &str = "vetted_changes";

/// A receiver told of every change committed to the team register (by anyone: a colleague, a
/// command, psql), soon after its commit; a connection of its own listens, and reconnects after a
/// cut (a notice sent meanwhile is lost; the next one is told). Ends when the receiver is dropped.
pub(crate) async fn watch(pool: &Pool) -> Result<tokio::sync::mpsc::Receiver<()>> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await.map_err(db)?;
    listener.listen(CHANGES).await.map_err(db)?;
    let (tell, told) = tokio::sync::mpsc::channel(1);
    tokio::spawn(async move {
        loop {
            match listener.recv().await {
                // A notice already waiting says the same as this one.
                Ok(_) => {
                    if let Err(tokio::sync::mpsc::error::TrySendError::Closed(())) = tell.try_send(()) {
                        return;
                    }
                }
                Err(_) if tell.is_closed() => return,
                Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    });
    Ok(told)
}

/// The newest schema version this build knows.
pub(crate) fn newest_known() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest schema version applied to the database, if it holds a Vetted register at all.
pub(crate) async fn applied_version(pool: &Pool) -> Result<Option<i64>> {
    let has_table: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL").fetch_one(pool).await.map_err(db)?;
    if !has_table {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(pool).await.map_err(db)
}

/// The database's encoding when ICU collations cannot be used in it (SQL_ASCII, for one), which
/// the schema's `nocase` collation and name order need: ICU is there (the catalog lists its
/// collations) but none is usable in this encoding.
pub(crate) async fn unusable_encoding(pool: &Pool) -> Result<Option<String>> {
    let (encoding, usable): (String, bool) = sqlx::query_as(
        "SELECT current_setting('server_encoding'), \
         NOT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') \
         OR EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i' AND collencoding IN (-1, pg_char_to_encoding(current_setting('server_encoding'))) \
                    AND pg_collation_is_visible(oid))",
    )
    .fetch_one(pool)
    .await
    .map_err(db)?;
    Ok((!usable).then_some(encoding))
}

/// Feeds the columns of `row` from `from` on into `h` exactly as the SQLite engine feeds the same
/// values (a date as its ISO text, a boolean as an integer), so a record seals the same on both.
pub(crate) fn hash_row(row: &sqlx::postgres::PgRow, from: usize, h: &mut sha2::Sha256) -> Result<()> {
    use sqlx::{Row, TypeInfo, ValueRef};
    for i in from..row.len() {
        let raw = row.try_get_raw(i).map_err(db)?;
        if raw.is_null() {
            Sealed::Null.feed(h);
            continue;
        }
        match raw.type_info().name() {
            "INT8" => Sealed::Int(row.try_get(i).map_err(db)?).feed(h),
            "INT4" => Sealed::Int(row.try_get::<i32, _>(i).map_err(db)?.into()).feed(h),
            "INT2" => Sealed::Int(row.try_get::<i16, _>(i).map_err(db)?.into()).feed(h),
            "BOOL" => Sealed::Int(row.try_get::<bool, _>(i).map_err(db)?.into()).feed(h),
            "FLOAT8" => Sealed::Real(row.try_get(i).map_err(db)?).feed(h),
            "BYTEA" => Sealed::Bytes(&row.try_get::<Vec<u8>, _>(i).map_err(db)?).feed(h),
            "DATE" => Sealed::Text(&row.try_get::<chrono::NaiveDate, _>(i).map_err(db)?.format("%Y-%m-%d").to_string()).feed(h),
            _ => Sealed::Text(&row.try_get::<String, _>(i).map_err(db)?).feed(h),
        }
    }
    Ok(())
}

/// Stages `rows` of an import with `COPY` into a table of the transaction's own (made with the
/// first rows, dropped at its end): one round trip's worth of rows streamed in COPY's text format,
/// not a statement with a parameter per value.
pub(crate) async fn stage_answers(conn: &mut sqlx::PgConnection, rows: &[super::BulkAnswer<'_>], first: bool) -> Result<()> {
    if first {
        sqlx::query(
            "CREATE TEMPORARY TABLE vetted_staged_answers (id BIGINT, questionnaire_id BIGINT, key BIGINT, sheet TEXT, \
             question_id TEXT, question TEXT, control TEXT, domain TEXT, answer TEXT, original TEXT, comment TEXT, cell TEXT) \
             ON COMMIT DROP",
        )
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    let mut text = String::with_capacity(rows.len() * 160);
    for r in rows {
        use std::fmt::Write;
        let _ = write!(text, "{}\t{}\t{}\t", r.id, r.questionnaire_id, r.key);
        for (i, field) in [
            Some(r.question.sheet),
            r.question.question_id,
            Some(r.question.question),
            r.question.control,
            r.question.domain,
            Some(r.answer),
            Some(r.original),
            Some(r.comment),
            Some(r.cell),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                text.push('\t');
            }
            copy_text(&mut text, field);
        }
        text.push('\n');
    }
    let mut copy = conn.copy_in_raw("COPY vetted_staged_answers FROM STDIN").await.map_err(db)?;
    if let Err(e) = copy.send(text.into_bytes()).await {
        let _ = copy.abort("the import failed").await;
        return Err(db(e));
    }
    copy.finish().await.map_err(db)?;
    Ok(())
}

/// A value in COPY's text format: `\N` for none; a backslash, tab, newline or carriage return escaped.
fn copy_text(out: &mut String, value: Option<&str>) {
    let Some(value) = value else {
        out.push_str("\\N");
        return;
    };
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Writes the staged answers (the staging table goes with the transaction): each question into the catalog unless there (in file order, as
/// SQLite's import numbers them), then each answer with its catalog entry found by key, in one
/// statement each. Returns the answers' catalog entries in id order.
pub(crate) async fn move_staged_answers(conn: &mut sqlx::PgConnection) -> Result<Vec<i64>> {
    // Statistics first, so the planner sees how many answers there are against the catalog's
    // size (a temporary table has none of its own): of the key only, what both joins below
    // are on (of every column, four times as long).
    sqlx::query("ANALYZE vetted_staged_answers (key)").execute(&mut *conn).await.map_err(db)?;
    // A question asked twice in the file is added once, by its first row. Those the catalog
    // has (nearly all, for a questionnaire of a kind seen before) are left out by a join first:
    // a conflict found row by row costs five times as much; it stays for a question added by a
    // colleague's import meanwhile.
    sqlx::query(
        "INSERT INTO question_catalog (key, sheet, question_id, question, control, domain) \
         SELECT key, sheet, question_id, question, control, domain FROM vetted_staged_answers s \
         WHERE NOT EXISTS (SELECT 1 FROM question_catalog c WHERE c.key = s.key) ORDER BY id \
         ON CONFLICT (key) DO NOTHING",
    )
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    // The entries come back for the version's seal. Its text counts each value's length in
    // characters, as `length` does in every server encoding but SQL_ASCII, which the schema's
    // ICU collation refuses (a register cannot be made there).
    sqlx::query_scalar(
        "WITH written AS (INSERT INTO questionnaire_answers (id, questionnaire_id, entry, answer, original, comment, cell) \
         SELECT s.id, s.questionnaire_id, c.id, s.answer, s.original, s.comment, s.cell \
         FROM vetted_staged_answers s JOIN question_catalog c ON c.key = s.key ORDER BY s.id RETURNING id, entry) \
         SELECT COALESCE(array_agg(entry ORDER BY id), '{}') FROM written",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(db)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error as IoError, ErrorKind};

    fn why(e: sqlx::Error) -> Option<Unreached> {
        match error_without_code(e) {
            Error::Unreachable { why, .. } => Some(why),
            _ => None,
        }
    }

    #[test]
    fn a_failed_connection_says_why_as_a_code() {
        assert_eq!(why(sqlx::Error::Io(IoError::from(ErrorKind::ConnectionRefused))), Some(Unreached::Refused));
        assert_eq!(why(sqlx::Error::Io(IoError::from(ErrorKind::ConnectionReset))), Some(Unreached::ConnectionLost));
        assert_eq!(why(sqlx::Error::Io(IoError::from(ErrorKind::UnexpectedEof))), Some(Unreached::ConnectionLost));
        assert_eq!(why(sqlx::Error::Io(IoError::from(ErrorKind::TimedOut))), Some(Unreached::NoAnswer));
        assert_eq!(why(sqlx::Error::PoolTimedOut), Some(Unreached::NoAnswer));
        assert_eq!(why(sqlx::Error::Io(IoError::other("something else"))), Some(Unreached::Other));
        assert_eq!(why(sqlx::Error::RowNotFound), None);
        // The resolver's own failure, as the driver gets it.
        let unknown = std::net::ToSocketAddrs::to_socket_addrs("no-such-host.invalid:5432").expect_err("a reserved name");
        assert_eq!(why(sqlx::Error::Io(unknown)), Some(Unreached::UnknownHost));
    }
}
