//! Copying a whole register from one engine to the other, row for row with the ids, hashes and seals it has: a register file into an empty team register (`team push`, a restore) and a team register into a new register file (its backup). The team register's schema, whose columns are strictly typed, says what each value is.

use super::{db, Conn};
use crate::error::{Error, Result};
use sqlx::Row;

/// A column's values as the team register types them (a register file holds the same values
/// as integers and texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Int,
    Real,
    Day,
    Bytes,
    Text,
}

/// One value of a row in transit.
enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Day(Option<chrono::NaiveDate>),
    Bytes(Option<Vec<u8>>),
    Text(Option<String>),
}

#[derive(Debug)]
struct Table {
    name: String,
    columns: Vec<(String, Type)>,
    /// Whether rows are numbered by an `id` column (read in pages of ids) and the team register
    /// gives new ones from an identity (set past the copied ones afterwards).
    id: bool,
    identity: bool,
}

/// Tables a team register has and a register file does not: its evidence's bytes (a file keeps
/// them in the folder beside it) and the record of registers copied into it.
pub(crate) const TEAM_ONLY: &[&str] = &["evidence_content", "register_copies"];

/// Rows read and written at once: well under either engine's limit of bound values per statement.
const VALUES_PER_STATEMENT: usize = 16_000;
const ROWS_PER_PAGE: i64 = 5_000;

/// The register's tables as the team register (`pg`) has them, in an order where the rows a row
/// refers to are copied before it (a vendor referring to a later vendor is let through by the
/// copy's deferred check).
async fn tables(pg: &mut sqlx::PgConnection) -> Result<Vec<Table>> {
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(data_type AS TEXT), CAST(is_identity AS TEXT) \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations' \
         ORDER BY table_name, ordinal_position",
    )
    .fetch_all(&mut *pg)
    .await
    .map_err(db)?;
    let refs: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(conrelid::regclass AS TEXT), CAST(confrelid::regclass AS TEXT) FROM pg_constraint \
         WHERE contype = 'f' AND connamespace = 'public'::regnamespace",
    )
    .fetch_all(&mut *pg)
    .await
    .map_err(db)?;
    let mut found: Vec<Table> = Vec::new();
    for (table, column, data_type, identity) in columns {
        if TEAM_ONLY.contains(&table.as_str()) {
            continue;
        }
        let ty = match data_type.as_str() {
            "bigint" => Type::Int,
            "double precision" => Type::Real,
            "date" => Type::Day,
            "bytea" => Type::Bytes,
            "text" => Type::Text,
            other => {
                return Err(Error::Database(format!("the team register's {table}.{column} is of a type Vetted does not copy ({other})")))
            }
        };
        if found.last().is_none_or(|t| t.name != table) {
            found.push(Table { name: table.clone(), columns: Vec::new(), id: false, identity: false });
        }
        let t = found.last_mut().expect("just pushed");
        if column == "id" {
            t.id = ty == Type::Int;
            t.identity = identity == "YES";
        }
        t.columns.push((column, ty));
    }
    // Tables whose references are all copied go first, in name order.
    let mut ordered = Vec::with_capacity(found.len());
    while !found.is_empty() {
        let ready = found
            .iter()
            .position(|t| refs.iter().all(|(from, to)| *from != t.name || *to == t.name || ordered.iter().any(|o: &Table| o.name == *to)))
            .ok_or_else(|| Error::Database("the team register's tables refer to each other in a circle".into()))?;
        ordered.push(found.remove(ready));
    }
    Ok(ordered)
}

/// The columns the register file (`file`) has for `table`, which must be the team register's:
/// a value the other cannot hold is never dropped.
async fn check_file_table(file: &mut sqlx::SqliteConnection, table: &Table) -> Result<()> {
    let theirs: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY name")
        .bind(&table.name)
        .fetch_all(&mut *file)
        .await
        .map_err(db)?;
    let mut ours: Vec<String> = table.columns.iter().map(|(c, _)| c.clone()).collect();
    ours.sort();
    if theirs != ours {
        return Err(Error::Database(format!(
            "the register file's table {} has the columns {} and the team register's {}: they are not the same schema",
            table.name,
            theirs.join(", "),
            ours.join(", ")
        )));
    }
    Ok(())
}

/// Every table of the register file, to be sure each is one the copy knows.
async fn file_tables(file: &mut sqlx::SqliteConnection) -> Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *file)
    .await
    .map_err(db)
}

macro_rules! read_row {
    ($row:expr, $columns:expr) => {{
        let row = $row;
        $columns
            .iter()
            .enumerate()
            .map(|(i, (_, ty))| {
                Ok(match ty {
                    Type::Int => Value::Int(row.try_get(i).map_err(db)?),
                    Type::Real => Value::Real(row.try_get(i).map_err(db)?),
                    Type::Day => Value::Day(row.try_get(i).map_err(db)?),
                    Type::Bytes => Value::Bytes(row.try_get(i).map_err(db)?),
                    Type::Text => Value::Text(row.try_get(i).map_err(db)?),
                })
            })
            .collect::<Result<Vec<Value>>>()
    }};
}

macro_rules! bind_value {
    ($query:expr, $value:expr) => {
        match $value {
            Value::Int(v) => $query.bind(v),
            Value::Real(v) => $query.bind(v),
            Value::Day(v) => $query.bind(v),
            Value::Bytes(v) => $query.bind(v),
            Value::Text(v) => $query.bind(v),
        }
    };
}

/// `SELECT` of a table's columns: a page of ids after `$1`, or every row.
fn select(table: &Table) -> String {
    let columns = table.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    if table.id {
        format!("SELECT {columns} FROM \"{}\" WHERE id > $1 ORDER BY id LIMIT {ROWS_PER_PAGE}", table.name)
    } else {
        let order = (1..=table.columns.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
        format!("SELECT {columns} FROM \"{}\" ORDER BY {order}", table.name)
    }
}

/// `INSERT` of `rows` rows of a table.
fn insert(table: &Table, rows: usize) -> String {
    let n = table.columns.len();
    let columns = table.columns.iter().map(|(c, _)| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let values = (0..rows)
        .map(|r| format!("({})", (1..=n).map(|c| format!("${}", r * n + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ");
    format!("INSERT INTO \"{}\" ({columns}) VALUES {values}", table.name)
}

/// Reads every row of `table` from `$from` (a connection of one engine) and writes it into `$to`
/// (the other's), a statement per batch; the number of rows.
macro_rules! copy_table {
    ($from:expr, $to:expr, $table:expr) => {{
        let table: &Table = $table;
        let per_statement = (VALUES_PER_STATEMENT / table.columns.len().max(1)).max(1);
        let sql = select(table);
        let mut after = 0i64;
        let mut copied = 0u64;
        loop {
            let query = sqlx::query(&sql);
            let query = if table.id { query.bind(after) } else { query };
            let rows = query.fetch_all(&mut *$from).await.map_err(db)?;
            let page = rows.len();
            let values = rows.iter().map(|row| read_row!(row, table.columns)).collect::<Result<Vec<Vec<Value>>>>()?;
            if let Some(last) = rows.last() {
                after = last.try_get("id").unwrap_or(after);
            }
            drop(rows);
            let mut values = values.into_iter().peekable();
            while values.peek().is_some() {
                let batch: Vec<Vec<Value>> = values.by_ref().take(per_statement).collect();
                let statement = insert(table, batch.len());
                let mut query = sqlx::query(&statement);
                for value in batch.into_iter().flatten() {
                    query = bind_value!(query, value);
                }
                query.execute(&mut *$to).await.map_err(db)?;
            }
            copied += page as u64;
            if !table.id || page < ROWS_PER_PAGE as usize {
                break copied;
            }
        }
    }};
}

/// Copies every row of the register file read by `from` into the team register written by `to`
/// (both in their transactions; the team register's tables empty), then moves the team register's
/// identities past the copied ids. The number of rows copied.
pub(crate) async fn file_to_team(from: &mut Conn, to: &mut Conn, tables: &Tables) -> Result<u64> {
    let (Conn::SqliteTx(file), Conn::PostgresTx(pg)) = (from, to) else {
        return Err(Error::Io("a register is copied from a register file into a team register".into()));
    };
    let (file, pg): (&mut sqlx::SqliteConnection, &mut sqlx::PgConnection) = (&mut **file, &mut **pg);
    let tables = &tables.0;
    check_same_tables(file, tables).await?;
    // A vendor may name a later vendor as its client: checked when the copy commits.
    sqlx::query("SET CONSTRAINTS ALL DEFERRED").execute(&mut *pg).await.map_err(db)?;
    let mut copied = 0;
    for table in tables {
        copied += copy_table!(file, pg, table);
        if table.identity {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('\"{0}\"', 'id'), m) FROM (SELECT MAX(id) AS m FROM \"{0}\") t WHERE m IS NOT NULL",
                table.name
            ))
            .execute(&mut *pg)
            .await
            .map_err(db)?;
        }
    }
    Ok(copied)
}

/// Copies every row of the team register read by `from` into the new, empty register file written
/// by `to` (both in their transactions). The number of rows copied.
pub(crate) async fn team_to_file(from: &mut Conn, to: &mut Conn) -> Result<u64> {
    let (Conn::PostgresTx(pg), Conn::SqliteTx(file)) = (from, to) else {
        return Err(Error::Io("a team register is copied into a register file".into()));
    };
    let (pg, file): (&mut sqlx::PgConnection, &mut sqlx::SqliteConnection) = (&mut **pg, &mut **file);
    let tables = tables(pg).await?;
    check_same_tables(file, &tables).await?;
    sqlx::query("PRAGMA defer_foreign_keys = ON").execute(&mut *file).await.map_err(db)?;
    let mut copied = 0;
    for table in &tables {
        copied += copy_table!(pg, file, table);
    }
    Ok(copied)
}

/// The register file has exactly the team register's tables, each with its columns.
async fn check_same_tables(file: &mut sqlx::SqliteConnection, tables: &[Table]) -> Result<()> {
    let in_file = file_tables(file).await?;
    if let Some(extra) = in_file.iter().find(|t| !tables.iter().any(|o| o.name == **t)) {
        return Err(Error::Database(format!("the register file has a table {extra} the team register has not: not the same schema")));
    }
    for table in tables {
        if !in_file.contains(&table.name) {
            return Err(Error::Database(format!("the register file has no table {}: not the same schema", table.name)));
        }
        check_file_table(file, table).await?;
    }
    Ok(())
}

/// The tables a copy into a team register writes, read once from its schema.
pub(crate) struct Tables(Vec<Table>);

impl Tables {
    /// The tables of the team register `to` (in its copying transaction).
    pub(crate) async fn of_team(to: &mut Conn) -> Result<Tables> {
        let Conn::PostgresTx(pg) = to else { return Err(Error::Io("only a team register is copied into".into())) };
        Ok(Tables(tables(pg).await?))
    }

    /// The first of them that holds a row, if any: a register is copied only into empty ones.
    pub(crate) async fn first_not_empty(&self, to: &mut Conn) -> Result<Option<String>> {
        let Conn::PostgresTx(pg) = to else { return Err(Error::Io("only a team register is copied into".into())) };
        let pg: &mut sqlx::PgConnection = pg;
        for table in &self.0 {
            let any: bool =
                sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM \"{}\")", table.name)).fetch_one(&mut *pg).await.map_err(db)?;
            if any {
                return Ok(Some(table.name.clone()));
            }
        }
        Ok(None)
    }
}
