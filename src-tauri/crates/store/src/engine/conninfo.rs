//! PostgreSQL's client conventions the driver leaves out, so that a team register is reached as psql reaches it: a connection service (`?service=NAME` or `PGSERVICE`) read from the service file (`PGSERVICEFILE` or `~/.pg_service.conf`, else `pg_service.conf` in `PGSYSCONFDIR`), and the client certificate, key and root CA found in `~/.postgresql/`.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What a connection's settings are looked up in: the environment, files, the home folder.
/// Passed in, so that the rules below are tested without touching this machine's.
pub(crate) struct Surroundings<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub read: &'a dyn Fn(&Path) -> Option<String>,
    pub exists: &'a dyn Fn(&Path) -> bool,
    pub home: Option<PathBuf>,
}

/// This process's surroundings.
pub(crate) fn this_machine() -> Surroundings<'static> {
    Surroundings {
        var: &|name| std::env::var(name).ok().filter(|v| !v.is_empty()),
        read: &|path| std::fs::read_to_string(path).ok(),
        exists: &|path| path.is_file(),
        home: std::env::var_os("HOME").map(PathBuf::from),
    }
}

/// The settings a service may hold, by libpq's names (all the driver knows).
const SETTINGS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "application_name",
    "options",
];

/// `url` with what PostgreSQL's conventions add to it: the settings of its service that the URL
/// does not give itself (the URL wins, as with psql), and the client certificate and key (and the
/// root CA) in `~/.postgresql/` when no setting names others. The result may hold a password from
/// the service file: it is handed to the driver, never shown.
pub(crate) fn resolve(url: &str, around: &Surroundings) -> Result<String> {
    let mut parsed = url::Url::parse(url).map_err(|e| Error::Database(format!("not a PostgreSQL connection: {e}")))?;
    let given: Vec<(String, String)> = parsed.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let service = given.iter().find(|(k, _)| k == "service").map(|(_, v)| v.clone()).or_else(|| (around.var)("PGSERVICE"));
    let mut added: Vec<(String, String)> = Vec::new();
    let set_by_url = |key: &str, added: &[(String, String)]| {
        added.iter().any(|(k, _)| k == key)
            || given.iter().any(|(k, _)| k == key)
            || match key {
                "host" | "hostaddr" => parsed.host_str().is_some_and(|h| !h.is_empty()),
                "port" => parsed.port().is_some(),
                "user" => !parsed.username().is_empty(),
                "password" => parsed.password().is_some(),
                "dbname" => !parsed.path().trim_start_matches('/').is_empty(),
                _ => false,
            }
    };
    if let Some(name) = &service {
        for (key, value) in service_settings(name, around)? {
            if !set_by_url(&key, &added) {
                added.push((key, value));
            }
        }
    }
    // libpq's own files, when nothing names others (the environment's PGSSLCERT and the like
    // are the driver's to read).
    if let Some(dir) = around.home.as_ref().map(|h| h.join(".postgresql")) {
        for (key, file, env) in [
            ("sslcert", "postgresql.crt", "PGSSLCERT"),
            ("sslkey", "postgresql.key", "PGSSLKEY"),
            ("sslrootcert", "root.crt", "PGSSLROOTCERT"),
        ] {
            let path = dir.join(file);
            if !set_by_url(key, &added) && (around.var)(env).is_none() && (around.exists)(&path) {
                added.push((key.to_owned(), path.to_string_lossy().into_owned()));
            }
        }
    }
    let kept: Vec<(String, String)> = given.into_iter().filter(|(k, _)| k != "service").collect();
    if kept.is_empty() && added.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept.iter().chain(&added));
    }
    Ok(parsed.into())
}

/// The settings of service `name`: from the user's service file if it defines it, else from the
/// system's. A service defined nowhere, or a setting Vetted cannot use, is an error naming it.
fn service_settings(name: &str, around: &Surroundings) -> Result<Vec<(String, String)>> {
    let user_file = (around.var)("PGSERVICEFILE").map(PathBuf::from).or_else(|| around.home.as_ref().map(|h| h.join(".pg_service.conf")));
    let system_file =
        PathBuf::from((around.var)("PGSYSCONFDIR").unwrap_or_else(|| "/etc/postgresql-common".to_owned())).join("pg_service.conf");
    for file in user_file.iter().chain([&system_file]) {
        let Some(text) = (around.read)(file) else { continue };
        if let Some(settings) = section(&text, name) {
            let settings =
                settings.map_err(|line| Error::Database(format!("{}, line {line}: not a setting (key=value)", file.display())))?;
            if let Some((key, _)) = settings.iter().find(|(k, _)| !SETTINGS.contains(&k.as_str())) {
                return Err(Error::Database(format!(
                    "{}: service \"{name}\" sets \"{key}\", which Vetted does not use (it uses {})",
                    file.display(),
                    SETTINGS.join(", ")
                )));
            }
            return Ok(settings);
        }
    }
    Err(Error::Database(format!(
        "service \"{name}\" is not defined in {} or {}",
        user_file.map_or_else(|| "~/.pg_service.conf".to_owned(), |f| f.display().to_string()),
        system_file.display()
    )))
}

/// The `key=value` lines of section `[name]` of a service file (an INI file; `#` and `;` begin
/// comments), or the number of a line that is none; `None` when there is no such section.
fn section(text: &str, name: &str) -> Option<std::result::Result<Vec<(String, String)>, usize>> {
    let mut inside = false;
    let mut found = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = header.trim() == name;
            found |= inside;
            continue;
        }
        if inside {
            match line.split_once('=') {
                Some((key, value)) => out.push((key.trim().to_owned(), value.trim().to_owned())),
                None => return Some(Err(i + 1)),
            }
        }
    }
    found.then_some(Ok(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn resolved(url: &str, vars: &[(&str, &str)], files: &[(&str, &str)]) -> Result<String> {
        let vars: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let files: HashMap<PathBuf, String> = files.iter().map(|(k, v)| (PathBuf::from(k), v.to_string())).collect();
        let around = Surroundings {
            var: &|name| vars.get(name).cloned(),
            read: &|path| files.get(path).cloned(),
            exists: &|path| files.contains_key(path),
            home: Some(PathBuf::from("/home/anna")),
        };
        resolve(url, &around)
    }

    const SERVICES: &str = "# the company's registers\n[vendors]\nhost=db.example.com\nport = 6432\ndbname=vendor_register\n\
                            user=anna\nsslmode=verify-full\n\n[other]\nhost=elsewhere\n";

    #[test]
    fn a_service_fills_in_what_the_url_leaves_out_and_the_url_wins() {
        let files = [("/home/anna/.pg_service.conf", SERVICES)];
        assert_eq!(
            resolved("postgres:///?service=vendors", &[], &files).unwrap(),
            "postgres:///?host=db.example.com&port=6432&dbname=vendor_register&user=anna&sslmode=verify-full"
        );
        // Named by the environment instead, and the URL's own user and database kept.
        assert_eq!(
            resolved("postgres:///audit?user=bob", &[("PGSERVICE", "vendors")], &files).unwrap(),
            "postgres:///audit?user=bob&host=db.example.com&port=6432&sslmode=verify-full"
        );
        // The user's file first; the system's when the user's does not define it.
        let files = [("/home/anna/.pg_service.conf", "[other]\nhost=mine\n"), ("/etc/sys/pg_service.conf", SERVICES)];
        assert_eq!(
            resolved("postgres://h/?service=other&sslmode=require", &[("PGSYSCONFDIR", "/etc/sys")], &files).unwrap(),
            "postgres://h/?sslmode=require"
        );
        assert!(resolved("postgres://?service=vendors", &[("PGSYSCONFDIR", "/etc/sys")], &files).unwrap().contains("host=db.example.com"));
        // PGSERVICEFILE names the user's file.
        let files = [("/srv/services", SERVICES)];
        assert!(resolved("postgres://?service=other", &[("PGSERVICEFILE", "/srv/services")], &files).unwrap().contains("host=elsewhere"));
    }

    #[test]
    fn a_missing_service_or_a_setting_vetted_cannot_use_is_said() {
        let e = resolved("postgres://?service=nope", &[], &[("/home/anna/.pg_service.conf", SERVICES)]).unwrap_err();
        assert!(
            e.to_string()
                .contains("service \"nope\" is not defined in /home/anna/.pg_service.conf or /etc/postgresql-common/pg_service.conf"),
            "{e}"
        );
        let files = [("/home/anna/.pg_service.conf", "[vendors]\nhost=db\ntarget_session_attrs=read-write\n")];
        let e = resolved("postgres://?service=vendors", &[], &files).unwrap_err();
        assert!(e.to_string().contains("sets \"target_session_attrs\", which Vetted does not use"), "{e}");
        let files = [("/home/anna/.pg_service.conf", "[vendors]\nhost db\n")];
        let e = resolved("postgres://?service=vendors", &[], &files).unwrap_err();
        assert!(e.to_string().contains(".pg_service.conf, line 2: not a setting"), "{e}");
    }

    #[test]
    fn the_client_certificate_in_the_home_folder_is_used_unless_another_is_named() {
        let files = [("/home/anna/.postgresql/postgresql.crt", ""), ("/home/anna/.postgresql/postgresql.key", "")];
        assert_eq!(
            resolved("postgres://anna@db/r", &[], &files).unwrap(),
            "postgres://anna@db/r?sslcert=%2Fhome%2Fanna%2F.postgresql%2Fpostgresql.crt&sslkey=%2Fhome%2Fanna%2F.postgresql%2Fpostgresql.key"
        );
        assert_eq!(
            resolved("postgres://anna@db/r?sslcert=/c.crt&sslkey=/c.key", &[], &files).unwrap(),
            "postgres://anna@db/r?sslcert=%2Fc.crt&sslkey=%2Fc.key"
        );
        assert_eq!(
            resolved("postgres://anna@db/r", &[("PGSSLCERT", "/e.crt"), ("PGSSLKEY", "/e.key")], &files).unwrap(),
            "postgres://anna@db/r"
        );
        // Nothing there, nothing added.
        assert_eq!(resolved("postgres://anna@db/r", &[], &[]).unwrap(), "postgres://anna@db/r");
    }
}
