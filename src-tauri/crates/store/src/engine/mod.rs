//! The storage engines behind one seam: `Pool` and `Conn` name SQLite or PostgreSQL, `on_pool!` and `on_conn!` run a portable query on whichever it is, and `Kind` writes the few pieces of SQL the two spell differently. What each engine does its own way (connecting, migrations, snapshots, error codes) is in `sqlite` and `postgres`.

pub(crate) mod conninfo;
pub(crate) mod copy;
pub(crate) mod postgres;
pub(crate) mod sqlite;

use crate::error::{Error, Result};

/// Which engine a register is on: what the dialect helpers write SQL for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Sqlite,
    Postgres,
}

/// A pool of connections to the register.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// One connection of the pool, in a transaction or not: what the portable helpers take.
pub(crate) enum Conn {
    SqliteTx(sqlx::Transaction<'static, sqlx::Sqlite>),
    Sqlite(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    PostgresTx(sqlx::Transaction<'static, sqlx::Postgres>),
    Postgres(sqlx::pool::PoolConnection<sqlx::Postgres>),
}

/// A write transaction (a `Conn` in a transaction).
pub(crate) type WriteTx = Conn;

/// Runs `$body` with `$c` bound to the pool's own engine type (`&SqlitePool` or `&PgPool`): the
/// body is compiled once per engine, so a portable query is written once.
macro_rules! on_pool {
    ($pool:expr, $c:ident => $body:expr) => {
        match $pool {
            $crate::engine::Pool::Sqlite($c) => $body,
            $crate::engine::Pool::Postgres($c) => $body,
        }
    };
}

/// Runs `$body` with `$c` bound to the engine's own connection (`&mut SqliteConnection` or
/// `&mut PgConnection`) of the `&mut Conn` `$conn`.
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::engine::Conn::SqliteTx(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::engine::Conn::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::engine::Conn::PostgresTx(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::engine::Conn::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use {on_conn, on_pool};

/// A pool on the register file at `path` (SQLite), created if missing.
pub(crate) async fn open_file(path: &std::path::Path) -> Result<Pool> {
    Ok(Pool::Sqlite(sqlite::connect(path).await?))
}

/// A pool that only reads the register file at `path` (`immutable`: nothing beside it is written either).
pub(crate) async fn open_file_read_only(path: &std::path::Path, immutable: bool) -> Result<Pool> {
    Ok(Pool::Sqlite(sqlite::connect_read_only(path, immutable).await?))
}

/// A pool on the team register at `url` (PostgreSQL).
pub(crate) async fn open_server(url: &str) -> Result<Pool> {
    Ok(Pool::Postgres(postgres::connect(url).await?))
}

/// The server and database of a team register's `url`, without its password.
pub(crate) fn shown(url: &str) -> String {
    postgres::shown(url)
}

/// A team register's role, as `team` grants it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamRole {
    Admin,
    Editor,
    Viewer,
}

impl TeamRole {
    const ALL: [TeamRole; 3] = [TeamRole::Admin, TeamRole::Editor, TeamRole::Viewer];
}

impl Pool {
    /// The database login of a team register's connections (none for a register file).
    pub(crate) async fn login(&self) -> Result<Option<String>> {
        match self {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(p) => postgres::login(p).await.map(Some),
        }
    }

    /// A team register's server and database as they may be shown, from the options it was
    /// opened with (a service's settings already read); none for a register file.
    pub(crate) fn team_place(&self) -> Option<String> {
        match self {
            Pool::Sqlite(_) => None,
            Pool::Postgres(p) => Some(postgres::place(&p.connect_options())),
        }
    }

    /// A team register's pool, or the refusal of what only a team register has.
    fn server(&self) -> Result<&sqlx::PgPool> {
        match self {
            Pool::Postgres(p) => Ok(p),
            Pool::Sqlite(_) => Err(Error::Io("a register file has no roles: only a team register (PostgreSQL) does".into())),
        }
    }

    /// Told of every change committed to a team register (none for a register file).
    pub(crate) async fn watch(&self) -> Result<Option<tokio::sync::mpsc::Receiver<()>>> {
        match self {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(p) => postgres::watch(p).await.map(Some),
        }
    }

    /// Whether the login may add rows to `table` (a register file: always; a team register: as
    /// the login's role allows).
    pub(crate) async fn may_insert(&self, table: &str) -> Result<bool> {
        match self {
            Pool::Sqlite(_) => Ok(true),
            Pool::Postgres(p) => sqlx::query_scalar("SELECT has_table_privilege($1, 'INSERT')").bind(table).fetch_one(p).await.map_err(db),
        }
    }

    /// Makes a team register's roles and their privileges; their names, administrator first.
    pub(crate) async fn init_roles(&self) -> Result<[String; 3]> {
        postgres::init_roles(self.server()?).await
    }

    pub(crate) async fn grant(&self, login: &str, role: TeamRole) -> Result<()> {
        postgres::grant(self.server()?, login, TeamRole::ALL.iter().position(|r| *r == role).expect("a role")).await
    }

    pub(crate) async fn revoke(&self, login: &str) -> Result<()> {
        postgres::revoke(self.server()?, login).await
    }

    pub(crate) async fn members(&self) -> Result<Vec<(String, TeamRole)>> {
        Ok(postgres::members(self.server()?).await?.into_iter().map(|(l, i)| (l, TeamRole::ALL[i])).collect())
    }

    /// The newest schema version applied, if the database holds a Vetted register at all.
    pub(crate) async fn applied_version(&self) -> Result<Option<i64>> {
        match self {
            Pool::Sqlite(p) => sqlite::applied_version(p).await,
            Pool::Postgres(p) => postgres::applied_version(p).await,
        }
    }

    /// A database encoding the register's schema cannot be made in (its name), checked before
    /// the first migration; none for a register file.
    pub(crate) async fn unusable_encoding(&self) -> Result<Option<String>> {
        match self {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(p) => postgres::unusable_encoding(p).await,
        }
    }

    /// The newest schema version this build knows for the engine.
    pub(crate) fn newest_known(&self) -> i64 {
        match self {
            Pool::Sqlite(_) => sqlite::newest_known(),
            Pool::Postgres(_) => postgres::newest_known(),
        }
    }

    /// Brings the schema up to date.
    pub(crate) async fn migrate(&self) -> Result<()> {
        match self {
            Pool::Sqlite(p) => sqlite::MIGRATOR.run(p).await,
            Pool::Postgres(p) => postgres::MIGRATOR.run(p).await,
        }
        .map_err(migration)
    }

    /// Writes a consistent copy of a register file to `target` while others go on writing.
    pub(crate) async fn snapshot_into(&self, target: &std::path::Path) -> Result<()> {
        match self {
            Pool::Sqlite(p) => sqlite::snapshot_into(p, target).await,
            // A team register is copied into a new register file, read in one snapshot.
            Pool::Postgres(_) => {
                let file = open_file(target).await?;
                let copied = async {
                    file.migrate().await?;
                    let (theirs, ours) = (self.applied_version().await?, file.applied_version().await?);
                    if theirs != ours {
                        return Err(Error::Migration(format!(
                            "the team register is at schema {} and a register file of this Vetted at {}: open the team register with this Vetted first",
                            theirs.unwrap_or(0),
                            ours.unwrap_or(0)
                        )));
                    }
                    let mut from = self.begin().await?;
                    let mut to = file.begin_write().await?;
                    copy::team_to_file(&mut from, &mut to).await?;
                    to.commit().await.map_err(db)?;
                    from.commit().await.map_err(db)
                }
                .await;
                file.close().await;
                copied
            }
        }
    }

    /// Folds everything committed into the register file (a server has nothing to fold).
    pub(crate) async fn checkpoint(&self) -> Result<()> {
        match self {
            Pool::Sqlite(p) => sqlite::checkpoint(p).await,
            Pool::Postgres(_) => Ok(()),
        }
    }

    /// The engine's own check of its pages and indexes: empty when sound. (A server checks its
    /// own pages, with checksums, and is not asked here.)
    pub(crate) async fn integrity_problems(&self) -> Result<Vec<String>> {
        match self {
            Pool::Sqlite(p) => sqlite::integrity_problems(p).await,
            Pool::Postgres(_) => Ok(Vec::new()),
        }
    }

    pub(crate) fn kind(&self) -> Kind {
        match self {
            Pool::Sqlite(_) => Kind::Sqlite,
            Pool::Postgres(_) => Kind::Postgres,
        }
    }

    /// A connection of the pool, outside any transaction (for reads that take several queries).
    pub(crate) async fn acquire(&self) -> Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await.map_err(db)?),
            Pool::Postgres(p) => Conn::Postgres(p.acquire().await.map_err(db)?),
        })
    }

    /// A transaction for reads that must see one state of the register.
    pub(crate) async fn begin(&self) -> Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::SqliteTx(p.begin().await.map_err(db)?),
            Pool::Postgres(p) => Conn::PostgresTx(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await.map_err(db)?),
        })
    }

    /// A write transaction: on SQLite it takes the write lock at once, so two writers queue on
    /// the busy timeout instead of failing halfway.
    pub(crate) async fn begin_write(&self) -> Result<Conn> {
        Ok(match self {
            Pool::Sqlite(p) => Conn::SqliteTx(sqlite::begin_write(p).await?),
            Pool::Postgres(p) => Conn::PostgresTx(postgres::begin_write(p).await?),
        })
    }

    pub(crate) async fn close(&self) {
        match self {
            Pool::Sqlite(p) => {
                sqlite::fold_wal(p).await;
                p.close().await
            }
            Pool::Postgres(p) => p.close().await,
        }
    }
}

impl Conn {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Conn::SqliteTx(_) | Conn::Sqlite(_) => Kind::Sqlite,
            Conn::PostgresTx(_) | Conn::Postgres(_) => Kind::Postgres,
        }
    }

    /// Commits the transaction (a connection outside one has nothing to commit).
    pub(crate) async fn commit(self) -> std::result::Result<(), sqlx::Error> {
        match self {
            Conn::SqliteTx(t) => t.commit().await,
            Conn::PostgresTx(t) => t.commit().await,
            Conn::Sqlite(_) | Conn::Postgres(_) => Ok(()),
        }
    }
}

/// A failed schema upgrade, with the engine's message.
pub(crate) fn migration(e: sqlx::migrate::MigrateError) -> Error {
    Error::Migration(e.to_string())
}

/// An error of either engine as the register's.
pub(crate) fn db(e: sqlx::Error) -> Error {
    let code = match &e {
        sqlx::Error::Database(d) => d.code().map(|c| c.into_owned()),
        _ => None,
    };
    // SQLite's codes are numbers, PostgreSQL's SQLSTATEs five characters with a letter.
    match code {
        Some(c) if c.chars().all(|ch| ch.is_ascii_digit()) && c.len() < 5 => sqlite::error(e, &c),
        Some(c) => postgres::error(e, &c),
        None => postgres::error_without_code(e),
    }
}

/// One value of a sealed row as its seal is fed it, tagged by kind (text and bytes length-prefixed),
/// so that no two different rows feed the same bytes; the same on either engine.
pub(crate) enum Sealed<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl Sealed<'_> {
    pub(crate) fn feed(&self, h: &mut sha2::Sha256) {
        use sha2::Digest;
        match self {
            Sealed::Null => h.update([0u8]),
            Sealed::Int(n) => {
                h.update([1u8]);
                h.update(n.to_le_bytes());
            }
            Sealed::Real(x) => {
                h.update([2u8]);
                h.update(x.to_le_bytes());
            }
            Sealed::Text(t) => {
                h.update([3u8]);
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
            Sealed::Bytes(b) => {
                h.update([4u8]);
                h.update((b.len() as u64).to_le_bytes());
                h.update(b);
            }
        }
    }
}

/// A row whose values go into a record's seal, fed the same way on either engine.
pub(crate) trait SealRow {
    /// Feeds the columns from `from` on into `h`.
    fn seal_into(&self, from: usize, h: &mut sha2::Sha256) -> Result<()>;
}

impl SealRow for sqlx::sqlite::SqliteRow {
    fn seal_into(&self, from: usize, h: &mut sha2::Sha256) -> Result<()> {
        sqlite::hash_row(self, from, h)
    }
}

impl SealRow for sqlx::postgres::PgRow {
    fn seal_into(&self, from: usize, h: &mut sha2::Sha256) -> Result<()> {
        postgres::hash_row(self, from, h)
    }
}

/// The key type of a JSON array of keys bound as one parameter.
#[derive(Clone, Copy)]
pub(crate) enum Keys {
    Int,
    Text,
}

impl Kind {
    /// Whether the engine is a server shared by a team (not a register file).
    pub(crate) fn is_server(self) -> bool {
        self == Kind::Postgres
    }

    /// SQL that is `expr` is one of the keys in the JSON array bound at `param` (e.g. `$3`).
    pub(crate) fn in_json_array(self, expr: &str, param: &str, keys: Keys) -> String {
        match (self, keys) {
            (Kind::Sqlite, _) => format!("{expr} IN (SELECT value FROM json_each({param}))"),
            (Kind::Postgres, Keys::Int) => format!("{expr} IN (SELECT k::bigint FROM jsonb_array_elements_text({param}::jsonb) AS k)"),
            (Kind::Postgres, Keys::Text) => format!("{expr} IN (SELECT k FROM jsonb_array_elements_text({param}::jsonb) AS k)"),
        }
    }

    /// SQL that is the number of elements of the JSON array bound at `param`.
    pub(crate) fn json_array_length(self, param: &str) -> String {
        match self {
            Kind::Sqlite => format!("json_array_length({param})"),
            Kind::Postgres => format!("jsonb_array_length({param}::jsonb)"),
        }
    }

    /// SQL that aggregates `columns` of a group's rows into one JSON array of arrays (as text), in
    /// `order`: one row out for many in, where the engine hands rows over one by one at a cost.
    pub(crate) fn json_rows(self, columns: &str, order: &str) -> String {
        match self {
            Kind::Sqlite => format!("json_group_array(json_array({columns}) ORDER BY {order})"),
            Kind::Postgres => format!("CAST(json_agg(json_build_array({columns}) ORDER BY {order}) AS TEXT)"),
        }
    }

    /// SQL that aggregates the text `expr` of a group's rows into one text, in `order`, `sep` between.
    pub(crate) fn concat_rows(self, expr: &str, sep: Sep, order: &str) -> String {
        let sep = self.sep(sep);
        match self {
            Kind::Sqlite => format!("group_concat({expr}, {sep} ORDER BY {order})"),
            Kind::Postgres => format!("string_agg(CAST({expr} AS TEXT), {sep} ORDER BY {order})"),
        }
    }

    /// A separator as an SQL text.
    pub(crate) fn sep(self, sep: Sep) -> String {
        let code = match sep {
            Sep::None => return "''".into(),
            Sep::Unit => 31,
            Sep::Record => 30,
        };
        match self {
            Kind::Sqlite => format!("char({code})"),
            Kind::Postgres => format!("chr({code})"),
        }
    }

    /// A join the engine must take in the order written (SQLite's `CROSS JOIN` tells its planner
    /// so; PostgreSQL's planner needs no telling).
    pub(crate) fn join_in_order(self) -> &'static str {
        match self {
            Kind::Sqlite => "CROSS JOIN",
            Kind::Postgres => "JOIN",
        }
    }

    /// A join of the one row of `table` (as `alias`, with `columns`) that `on` finds by its key,
    /// for each row before it, written so the key's index answers it: PostgreSQL's planner, from
    /// statistics that may say the table is empty (a large write just made, or one rolled back and
    /// analysed), otherwise took the condition as a filter over the whole table for every row.
    pub(crate) fn join_by_key(self, table: &str, alias: &str, columns: &str, on: &str) -> String {
        match self {
            Kind::Sqlite => format!("JOIN {table} {alias} ON {on}"),
            Kind::Postgres => format!("CROSS JOIN LATERAL (SELECT {columns} FROM {table} {alias} WHERE {on} OFFSET 0) {alias}"),
        }
    }

    /// SQL that is `expr` matches the `LIKE` pattern at `param` (a prefix, `\` escaping), ignoring
    /// case, as the name index can answer it: SQLite's `LIKE` ignores ASCII case; on PostgreSQL the
    /// index is on `lower(name)`.
    pub(crate) fn starts_like(self, expr: &str, param: &str) -> String {
        match self {
            Kind::Sqlite => format!("{expr} LIKE {param} ESCAPE '\\'"),
            Kind::Postgres => format!("lower({expr}) LIKE lower({param}) ESCAPE '\\'"),
        }
    }

    /// The function that is the position (from 1; 0 when absent) of its second text in its first.
    pub(crate) fn position(self) -> &'static str {
        match self {
            Kind::Sqlite => "instr",
            Kind::Postgres => "strpos",
        }
    }

    /// SQL that is 1 when `expr` holds more than white space (Unicode's, as Rust's `trim` reads it), else 0.
    pub(crate) fn not_blank(self, expr: &str) -> String {
        const SPACE: [u32; 25] = [
            9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196, 8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239,
            8287, 12288,
        ];
        let codes = SPACE.map(|c| c.to_string()).join(", ");
        match self {
            Kind::Sqlite => format!("(trim({expr}, char({codes})) <> '')"),
            Kind::Postgres => {
                let chars = SPACE.map(|c| format!("chr({c})")).join(" || ");
                format!("(CASE WHEN btrim({expr}, {chars}) <> '' THEN 1 ELSE 0 END)")
            }
        }
    }
}

/// A separator between aggregated texts.
#[derive(Clone, Copy)]
pub(crate) enum Sep {
    None,
    /// U+001F, between the items of a list.
    Unit,
    /// U+001E, between an item's parts.
    Record,
}

/// One imported answer as the engine's bulk path takes it: its id and version, its question as
/// the catalog keeps it (with the catalog key), and what was answered.
pub(crate) struct BulkAnswer<'a> {
    pub id: i64,
    pub questionnaire_id: i64,
    pub key: i64,
    pub question: crate::catalog::Content<'a>,
    pub answer: &'a str,
    pub original: &'a str,
    pub comment: &'a str,
    pub cell: &'a str,
}

impl Conn {
    /// Whether the engine writes an import's answers in bulk (`stage_answers`, then
    /// `move_staged_answers` before the version's record): PostgreSQL, with `COPY`. SQLite's
    /// answers are inserted where they come, its statements being function calls.
    pub(crate) fn stages_answers(&self) -> bool {
        self.kind() == Kind::Postgres
    }
}

/// Adds `rows` to the transaction's staged answers (`first`: the first rows of the import).
pub(crate) async fn stage_answers(conn: &mut Conn, rows: &[BulkAnswer<'_>], first: bool) -> Result<()> {
    match conn {
        Conn::PostgresTx(t) => postgres::stage_answers(t, rows, first).await,
        Conn::Postgres(c) => postgres::stage_answers(c, rows, first).await,
        Conn::SqliteTx(_) | Conn::Sqlite(_) => Err(Error::Database("the register file's engine stages no answers".into())),
    }
}

/// Writes the staged answers into the register (their questions into the catalog unless there)
/// and returns their catalog entries, in id order.
pub(crate) async fn move_staged_answers(conn: &mut Conn) -> Result<Vec<i64>> {
    match conn {
        Conn::PostgresTx(t) => postgres::move_staged_answers(t).await,
        Conn::Postgres(c) => postgres::move_staged_answers(c).await,
        Conn::SqliteTx(_) | Conn::Sqlite(_) => Err(Error::Database("the register file's engine stages no answers".into())),
    }
}
