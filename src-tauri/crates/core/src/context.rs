//! The edges that read the outside world for a change: the OS user and the clock. Domain code is handed these, never reads them.

use crate::store::ChangeContext;

/// The OS user running Vetted, as the history records it: `$USER` (or `USERNAME`, `LOGNAME`)
/// when set, else the account's name from the OS.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(whoami::username)
}

/// A change made now by the OS user.
pub fn now() -> ChangeContext {
    ChangeContext::new(os_user(), chrono::Utc::now())
}

/// Today's date in the local time zone: what "today" means to the person at the desk.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The language of the OS locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), e.g. `de` for `de_DE.UTF-8`; `en` when unset.
pub fn os_language() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty() && v != "C" && v != "POSIX"))
        .and_then(|v| v.split(['_', '.', '-']).next().map(str::to_lowercase))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "en".to_owned())
}

/// The context of a person at their desk: the OS user, the system clock, the local date.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemContext;

impl crate::register::Context for SystemContext {
    fn actor(&self) -> String {
        os_user()
    }
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
    fn today(&self) -> chrono::NaiveDate {
        today()
    }
}
