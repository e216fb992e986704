//! What the CLI prints: one JSON document with --json, else short lines for people.

use serde::Serialize;
use std::io::Write;

/// Prints a line to stdout, control characters shown as U+FFFD (a vendor's text from an
/// imported list must not drive the terminal); a closed pipe (`vetted ... | head`) ends the
/// program quietly.
macro_rules! out {
    ($($arg:tt)*) => {{
        let text = format!($($arg)*);
        let line = $crate::output::printable(&text);
        if let Err(e) = writeln!(std::io::stdout().lock(), "{line}") {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}
pub(crate) use out;

/// `text` with every control character but line breaks and tabs replaced by U+FFFD: escape
/// sequences in a vendor's data are shown, never obeyed.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if text.chars().all(shown) {
        text.into()
    } else {
        text.chars().map(|c| if shown(c) { c } else { '\u{FFFD}' }).collect::<String>().into()
    }
}
use vetted_core::certs::Certification;
use vetted_core::domain::Vendor;
use vetted_core::register::{ChainReport, HistoryAction, HistoryEntry, ListPage};

pub fn json<T: Serialize>(value: &T) {
    out!("{}", serde_json::to_string_pretty(value).expect("outputs serialise"));
}

pub fn vendor_written(v: &Vendor, verb: &str, as_json: bool) {
    if as_json {
        json(v);
    } else {
        out!("{verb} vendor {}: {}", v.id, v.name);
    }
}

pub fn vendor(v: &Vendor, as_json: bool) {
    if as_json {
        return json(v);
    }
    let opt = |o: Option<String>| o.unwrap_or_else(|| "-".into());
    let list = |l: &[String]| if l.is_empty() { "-".to_owned() } else { l.join(", ") };
    let tier = match (v.tier, v.tier_override) {
        (Some(t), Some(_)) => format!("{} (overridden: {})", t.get(), v.tier_override_reason.clone().unwrap_or_default()),
        (Some(t), None) => t.get().to_string(),
        (None, _) => "- (rate sensitivity and impact)".into(),
    };
    let rows = [
        ("id", v.id.to_string()),
        ("name", v.name.clone()),
        ("status", v.status.as_str().into()),
        ("services", list(&v.services)),
        ("sub-processor of", links(&v.serves, |l| &l.client_name)),
        ("sub-processors", links(&v.sub_processors, |l| &l.vendor_name)),
        ("purpose", if v.purpose.is_empty() { "-".into() } else { v.purpose.clone() }),
        ("data categories", list(&v.data_categories)),
        ("data subjects", list(&v.data_subjects)),
        ("countries", list(&v.countries)),
        ("transfer", opt(v.transfer_mechanism.map(|m| m.as_str().into()))),
        ("tier", tier),
        ("owner", if v.owner.is_empty() { "-".into() } else { v.owner.clone() }),
        ("DPA signed", opt(v.dpa_signed.map(|d| d.to_string()))),
        ("renewal", opt(v.contract_renewal.map(|d| d.to_string()))),
        ("review cycle", opt(v.review_cycle_months.map(|m| format!("{m} months")))),
        ("last review", opt(v.last_review.map(|d| d.to_string()))),
        ("next review", opt(v.next_review.map(|d| d.to_string()))),
        ("website", opt(v.website.clone())),
        ("notes", if v.notes.is_empty() { "-".into() } else { v.notes.clone() }),
    ];
    for (k, val) in rows {
        out!("{k:>17}: {val}");
    }
}

/// Links of the chain, one per line: the vendor at the other end, what for, which data, where.
fn links(links: &[vetted_core::domain::Link], other: fn(&vetted_core::domain::Link) -> &String) -> String {
    if links.is_empty() {
        return "-".into();
    }
    let lines: Vec<String> = links.iter().map(|l| vetted_core::report::labels::link(vetted_core::report::Lang::En, other(l), l)).collect();
    lines.join(&format!("\n{:>19}", ""))
}

pub fn list(page: &ListPage, as_json: bool) {
    if as_json {
        return json(&page.rows);
    }
    out!("{:>5}  {:<40}  {:<24}  {:>4}  {:<12}  {:<12}  SUB-PROCESSOR OF", "ID", "NAME", "STATUS", "TIER", "VERDICT", "COUNTRIES");
    for r in &page.rows {
        out!(
            "{:>5}  {:<40}  {:<24}  {:>4}  {:<12}  {:<12}  {}",
            r.id,
            truncate(&r.name, 40),
            r.status.as_str(),
            r.tier.map(|t| t.get().to_string()).unwrap_or_else(|| "-".into()),
            r.verdict.map(|v| vetted_core::domain::wire_name(&v)).unwrap_or_else(|| "-".into()),
            truncate(&r.countries.join(","), 12),
            if r.serves.is_empty() { "-".into() } else { r.serves.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ") },
        );
    }
    out!("{} of {} vendors", page.rows.len(), page.total);
}

pub fn certifications(certs: &[Certification], as_json: bool) {
    if as_json {
        return json(&certs);
    }
    out!("{:>5}  {:<32}  {:<32}  {:<11}  CURRENT UNTIL", "ID", "VENDOR", "KIND", "STATUS");
    for c in certs {
        let status = vetted_core::domain::wire_name(&c.status);
        out!(
            "{:>5}  {:<32}  {:<32}  {:<11}  {}",
            c.id,
            truncate(&c.vendor_name, 32),
            truncate(&c.kind_label, 32),
            status,
            c.current_until.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
        );
    }
}

pub fn assurance(rows: &[vetted_core::certs::Assurance], as_json: bool) {
    if as_json {
        return json(&rows);
    }
    out!("{:<40}  {:<13}  BY", "SERVICE", "ASSURED UNTIL");
    for a in rows {
        out!(
            "{:<40}  {:<13}  {}",
            truncate(a.service.as_deref().unwrap_or("(the vendor as a whole)"), 40),
            a.assured_through.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            a.by_label.as_deref().unwrap_or("nothing covers it")
        );
    }
}

/// An import's summary: with `--json`, one object with the template, counts and skipped rows.
/// What `questionnaire make` wrote.
pub fn made_questionnaire(m: &vetted_core::register::MadeQuestionnaire, path: &std::path::Path, as_json: bool) {
    if as_json {
        return json(&serde_json::json!({ "file": path, "made_from": m.made_from, "questions": m.questions, "bytes": m.bytes }));
    }
    let f = &m.made_from;
    out!(
        "Wrote {}: {} questions of \"{}\" version {} for tier {} ({}).",
        path.display(),
        m.questions,
        m.baseline_name.en,
        f.version,
        f.tier,
        f.lang
    );
}

/// An import's preview or result; `baseline_now` is the version of the baseline a Vetted
/// questionnaire was made from as the register holds it now.
pub fn import(
    p: &vetted_core::import::Preview,
    saved: Option<&vetted_core::register::QuestionnaireVersion>,
    baseline_now: Option<u32>,
    as_json: bool,
) {
    if as_json {
        return json(&serde_json::json!({
            "file": p.file_name,
            "sha256": p.sha256,
            "format": p.format,
            "template": p.template,
            "template_name": p.template_name,
            "template_label": p.template_label(),
            "template_version": p.template_version,
            "variant": p.variant,
            "guessed": p.guessed,
            "sheets": p.sheets,
            "columns": p.columns,
            "questions": p.questions,
            "answers": p.answers,
            "skipped_rows": p.skipped_rows,
            "made_from": p.made_from,
            "baseline_version_now": baseline_now,
            "saved": saved,
        }));
    }
    if p.guessed {
        out!("{}: a layout Vetted does not know (\"{}\") – a best guess: check the columns below", p.file_name, p.template_label());
    } else {
        out!("{}: {}", p.file_name, p.template_label());
    }
    if let Some(f) = &p.made_from {
        out!("  made from baseline {} version {} for tier {} ({})", f.baseline, f.version, f.tier, f.lang);
        match baseline_now {
            Some(now) if now != f.version => {
                out!("  note: the baseline is now version {now}; the answers are read by the question ids they share with it")
            }
            None => out!("  note: this register has no baseline '{}'; the answers are read by their question ids", f.baseline),
            _ => {}
        }
    }
    for c in &p.columns {
        let header = c.header.as_deref().map(|h| format!(" \"{}\"", h.chars().take(40).collect::<String>())).unwrap_or_default();
        let basis = match c.basis {
            vetted_core::import::ColumnBasis::Template => "",
            vetted_core::import::ColumnBasis::HeaderWord => " (by its header)",
            vetted_core::import::ColumnBasis::Content => " (by its cells: check it)",
        };
        out!("  {}: column {}{header} is the {}{basis}", c.sheet, c.column, vetted_core::domain::wire_name(&c.role).replace('_', " "));
    }
    for s in &p.sheets {
        let header = s.header_row.map(|h| format!("header row {h}, ")).unwrap_or_default();
        out!("  sheet {}: {header}rows {}-{}, {} questions", s.sheet, s.first_row, s.last_row, s.questions);
    }
    let a = &p.answers;
    out!("{} questions: {} yes, {} no, {} partial, {} not applicable, {} unknown", p.questions, a.yes, a.no, a.partial, a.na, a.unknown);
    if !p.skipped_rows.is_empty() {
        out!("{} rows skipped:", p.skipped_rows.len());
        for s in p.skipped_rows.iter().take(20) {
            out!("  {}!{}: {}", s.sheet, s.row, s.reason);
        }
        if p.skipped_rows.len() > 20 {
            out!("  ... and {} more (see --json)", p.skipped_rows.len() - 20);
        }
    }
    match saved {
        Some(v) => out!("Saved as version {} of the vendor's questionnaire.", v.version),
        None => out!("Dry run: nothing saved."),
    }
}

pub fn list_import(
    list: &vetted_core::import::subprocessors::ListPreview,
    import: Option<&vetted_core::register::ListImport>,
    lang: vetted_core::report::Lang,
    as_json: bool,
) {
    let added: &[i64] = import.map_or(&[], |i| &i.vendors);
    if as_json {
        return json(&serde_json::json!({
            "file": list.file_name, "mapping": list.mapping, "unused": list.unused, "rows": list.rows,
            "to_add": list.to_add, "chain": list.chain, "added": added,
            "linked": import.map_or(&[][..], |i| &i.links), "import": import.map(|i| i.id),
        }));
    }
    for (field, column) in &list.mapping {
        out!("  {} <- \"{column}\"", vetted_core::domain::wire_name(field));
    }
    for r in &list.rows {
        match (&r.skip, &r.serves) {
            (Some(why), _) => out!("  row {}: skipped: {why}", r.row),
            (None, Some(link)) => {
                let state = if link.known { "already linked" } else { "new link" };
                let purpose = if link.purpose.is_empty() { String::new() } else { format!(" ({})", link.purpose) };
                out!("  row {}: {} serves {}{purpose}: {state}", r.row, r.draft.name, link.client);
            }
            (None, None) => {
                out!("  row {}: {} ({}), {}", r.row, r.draft.name, r.draft.countries.join(", "), r.draft.status);
                for note in &r.notes {
                    out!("    {}", vetted_core::report::labels::list_note(lang, note));
                }
            }
        }
    }
    if let Some(c) = &list.chain {
        out!(
            "A chain of {} companies and {} sub-processors: {} new vendor(s), {} new link(s), {} link(s) already in the register.",
            c.companies,
            c.sub_processors,
            c.new_vendors.len(),
            c.new_links,
            c.known_links
        );
    }
    match import {
        None => out!("Dry run: {} vendor(s) would be added; nothing saved.", list.to_add),
        Some(i) if list.chain.is_some() => out!(
            "Added {} vendor(s) and {} link(s) from {} (import {}; `vetted vendor undo-import {}` undoes it).",
            added.len(),
            i.links.len(),
            list.file_name,
            i.id,
            i.id
        ),
        Some(i) => out!(
            "Added {} vendor(s) from {} (import {}; `vetted vendor undo-import {}` undoes it).",
            added.len(),
            list.file_name,
            i.id,
            i.id
        ),
    }
}

pub fn list_imports(imports: &[vetted_core::register::ListImport], as_json: bool) {
    if as_json {
        return json(&imports);
    }
    if imports.is_empty() {
        out!("No list was imported.");
    }
    for i in imports {
        let undone = if i.undone { ", undone" } else { "" };
        out!("{:>6}  {}  {}  by {}: {} vendor(s){undone}", i.id, i.at, i.file_name, i.by, i.vendors.len());
    }
}

pub fn questionnaires(versions: &[vetted_core::register::QuestionnaireVersion], as_json: bool) {
    if as_json {
        return json(&versions);
    }
    for v in versions {
        let version = v.template_version.as_deref().map(|t| format!(" v{t}")).unwrap_or_default();
        out!(
            "v{:<3} {}{}  {}  {} questions  {}  {}",
            v.version,
            v.template_name,
            version,
            v.file_name,
            v.questions,
            &v.imported_at[..16.min(v.imported_at.len())].replace('T', " "),
            v.imported_by
        );
    }
}

pub fn changes(from: i64, to: i64, changes: &[vetted_core::import::AnswerChange], as_json: bool) {
    if as_json {
        return json(&serde_json::json!({ "from": from, "to": to, "changes": changes }));
    }
    use vetted_core::import::ChangeKind;
    out!("From version {from} to {to}: {} question(s) differ.", changes.len());
    let word = |a: Option<vetted_core::import::Answer>| a.map(|a| vetted_core::domain::wire_name(&a)).unwrap_or_else(|| "-".into());
    for c in changes {
        let kind = match c.kind {
            ChangeKind::Changed => "changed",
            ChangeKind::Reworded => "reworded",
            ChangeKind::Added => "new",
            ChangeKind::Removed => "removed",
        };
        out!(
            "{:<9} {:<12} {:>7} -> {:<7} {}",
            kind,
            c.question_id.as_deref().unwrap_or(""),
            word(c.before),
            word(c.after),
            truncate(&c.question, 70)
        );
    }
}

pub fn chain(report: &ChainReport) {
    let head = report.head.as_deref().unwrap_or("none");
    match &report.first_broken {
        None => {
            out!("History verified: {} entries, each matching its hash and the one before it.\nNewest entry's hash: {head}", report.entries)
        }
        Some(b) => out!("History NOT verified ({} entries checked): {b}.", report.entries),
    }
    if report.records_broken.is_empty() {
        out!("Records verified: {}, each as its history entry sealed it.", report.records_checked);
    } else {
        out!("Records NOT verified ({} checked):", report.records_checked);
        for r in &report.records_broken {
            out!("  {r}");
        }
    }
}

pub fn history(entries: &[HistoryEntry], as_json: bool) {
    if as_json {
        return json(&entries);
    }
    for e in entries {
        let or_empty = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).unwrap_or("(empty)").to_owned();
        let what = match (e.action, e.field.as_deref()) {
            (HistoryAction::Create, _) => "created".to_owned(),
            (HistoryAction::Approve, Some(status)) => format!("{} on the verdict {}", status.replace('_', " "), or_empty(&e.after)),
            (HistoryAction::AddCondition, Some(field)) => {
                format!("added condition {}: {}", field.split(':').nth(1).unwrap_or("?"), or_empty(&e.after))
            }
            (HistoryAction::ReadDocument, _) => format!("read the facts of {}", or_empty(&e.after)),
            (HistoryAction::UpdateDuty, Some(field)) => {
                let mut parts = field.split(':').skip(1);
                let (id, name) = (parts.next().unwrap_or("?"), parts.next().unwrap_or("?"));
                format!("duty {id} {name}: {} -> {}", or_empty(&e.before), or_empty(&e.after))
            }
            (HistoryAction::UpdateCondition, Some(field)) => {
                let mut parts = field.split(':').skip(1);
                let (id, name) = (parts.next().unwrap_or("?"), parts.next().unwrap_or("?").replace('_', " "));
                format!("condition {id} {name}: {} -> {}", or_empty(&e.before), or_empty(&e.after))
            }
            (_, Some(field)) => format!("{field}: {} -> {}", or_empty(&e.before), or_empty(&e.after)),
            (_, None) => "changed".to_owned(),
        };
        let whose = if e.vendor_id.is_some() { e.vendor_name.as_str() } else { "(the register)" };
        out!("{}  {:<12}  {}  {}", &e.at[..16.min(e.at.len())].replace('T', " "), e.actor, whose, what);
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}

/// One vendor's assessment as `vetted score` prints it (JSON: the assessment with the vendor beside it).
#[derive(Serialize)]
struct ScoredJson<'a> {
    vendor_id: i64,
    vendor: &'a str,
    saved: bool,
    #[serde(flatten)]
    assessment: &'a vetted_core::scoring::Assessment,
}

/// Writes `text` to stdout as it is (no line end added); a closed pipe ends the program quietly.
fn put(text: &str) {
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Every vendor's verdict, printed as the rounds of scoring come in: a line each, or one JSON
/// array written element by element.
pub struct ScoredList {
    as_json: bool,
    count: usize,
    as_of: Option<chrono::NaiveDate>,
}

impl ScoredList {
    pub fn new(as_json: bool) -> ScoredList {
        ScoredList { as_json, count: 0, as_of: None }
    }

    pub fn print(&mut self, round: &[vetted_core::assess::Scored]) {
        use vetted_core::domain::wire_name as word;
        for s in round {
            if self.as_json {
                let row = ScoredJson { vendor_id: s.vendor.id, vendor: &s.vendor.name, saved: s.saved, assessment: &s.assessment };
                let text = serde_json::to_string_pretty(&row).expect("outputs serialise").replace('\n', "\n  ");
                put(&format!("{}  {text}", if self.count == 0 { "[\n" } else { ",\n" }));
            } else {
                out!("{:<12} {:>6.1}%  {}", word(&s.assessment.verdict), s.assessment.coverage, s.vendor.name);
            }
            self.as_of = Some(s.assessment.as_of);
            self.count += 1;
        }
    }

    pub fn finish(self) {
        if self.as_json {
            put(if self.count == 0 { "[]\n" } else { "\n]\n" });
        } else {
            out!("{} vendors scored as of {}.", self.count, self.as_of.map_or(String::new(), |d| d.to_string()));
        }
    }
}

/// One vendor's assessment: its verdict, reasons and every control, or the JSON of it.
pub fn scored(s: &vetted_core::assess::Scored, as_json: bool, rules: &vetted_core::domain::certification::ValidityRules) {
    use vetted_core::domain::wire_name as word;
    if as_json {
        return json(&ScoredJson { vendor_id: s.vendor.id, vendor: &s.vendor.name, saved: s.saved, assessment: &s.assessment });
    }
    let a = &s.assessment;
    out!("{}: {} ({:.1}% coverage)", s.vendor.name, word(&a.verdict), a.coverage);
    out!("  {} v{}, as of {}{}", a.baseline_name, a.baseline_version, a.as_of, if s.saved { "; saved as a snapshot" } else { "" });
    use vetted_core::report::{words, Lang};
    for r in &a.reasons {
        out!("  - {}", words::reason(Lang::En, a, r));
    }
    for c in &a.controls {
        let strength = c.strength.map_or("-".to_owned(), |s| word(&s));
        let mark = if c.mandatory { "*" } else { " " };
        out!("  {mark}{:<6} {:<15} {:<14} {}", c.id, word(&c.status), strength, truncate(&c.title, 60));
        if let Some(e) = c.evidence.first() {
            out!("           {}", truncate(&words::evidence(Lang::En, e, rules), 110));
        }
        for m in &c.missing {
            out!("           missing: {}", words::missing(Lang::En, m));
        }
    }
}

pub fn baselines(list: &[vetted_core::register::BaselineSummary], as_json: bool) {
    if as_json {
        return json(&list);
    }
    for b in list {
        let used: Vec<String> = b.used_for.iter().map(|t| if *t == 0 { "default".to_owned() } else { format!("tier {t}") }).collect();
        let used = if used.is_empty() { String::new() } else { format!("  [{}]", used.join(", ")) };
        out!("{:<28} v{:<3} {}{used}", b.id, b.version, b.name);
    }
}

pub fn baseline(b: &vetted_core::scoring::Baseline, as_json: bool) {
    if as_json {
        return json(b);
    }
    out!("{} ({} v{}): {} controls", b.name.en, b.id, b.version, b.controls.len());
    use vetted_core::domain::wire_name;
    for c in &b.controls {
        let mark = if c.mandatory { "*" } else { " " };
        out!("  {mark}{:<6} w{:<3} {:<16} {}", c.id, c.weight, c.domain, c.title.en);
        let needed = &c.evidence_needed;
        out!(
            "           needs: tier 1 {}, tier 2 {}, tier 3 {}",
            wire_name(&needed.tier_1),
            wire_name(&needed.tier_2),
            wire_name(&needed.tier_3)
        );
        for q in &c.questions {
            out!("           {}: {}", q.template, q.ids.join(", "));
        }
        for r in &c.certifications {
            let kinds: Vec<String> = r.kinds.iter().map(wire_name).collect();
            let part = if r.partial { " (in part)" } else { "" };
            out!("           {} {}{part}", kinds.join("/"), r.criteria.join(", "));
        }
    }
    out!("  (* mandatory; `vetted baseline export` writes the whole baseline as JSON)");
}

pub fn register_versions(versions: &[vetted_core::register::RegisterVersion], as_json: bool) {
    if as_json {
        return json(&versions);
    }
    if versions.is_empty() {
        out!("No list has been published yet: `vetted export register` publishes one.");
        return;
    }
    out!("{:>7}  {:<24} {:<12} {:>8}  filter", "version", "published", "as of", "entries");
    for v in versions {
        let filter = if v.filter.statuses.is_empty() {
            "all but offboarded".to_string()
        } else {
            v.filter.statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
        };
        let verdict = if v.filter.with_verdict { ", with verdicts" } else { "" };
        out!("{:>7}  {:<24} {:<12} {:>8}  {filter}{verdict}", v.version, v.published_at, v.as_of.to_string(), v.entries);
    }
}

/// An approval just recorded.
pub fn approval(a: &vetted_core::domain::approval::Approval, vendor: &str, as_json: bool) {
    use vetted_core::domain::wire_name as word;
    if as_json {
        return json(a);
    }
    out!(
        "{vendor}: {} by {} at {}, on the verdict \"{}\" ({} v{}){}",
        word(&a.status).replace('_', " "),
        a.approved_by,
        a.approved_at,
        word(&a.verdict),
        a.baseline_id,
        a.baseline_version,
        if a.open_conditions > 0 { format!(", {} open condition(s)", a.open_conditions) } else { String::new() }
    );
    if !a.justification.is_empty() {
        out!("  justification: {}", a.justification);
    }
}

fn condition_line(c: &vetted_core::domain::approval::Condition, today: chrono::NaiveDate) -> String {
    use vetted_core::domain::wire_name as word;
    let due = c.due.map(|d| format!(" due {d}{}", if c.overdue(today) { " (overdue)" } else { "" })).unwrap_or_default();
    let control = c.control_id.as_deref().map(|k| format!(" [{k}]")).unwrap_or_default();
    let owner = if c.owner.is_empty() { String::new() } else { format!(" owner {}", c.owner) };
    format!("#{} {}: {}{control} – {}{owner}{due}", c.id, c.vendor_name, c.title, word(&c.state).replace('_', " "))
}

/// A condition just written.
pub fn condition(c: &vetted_core::domain::approval::Condition, verb: &str, as_json: bool) {
    if as_json {
        return json(c);
    }
    out!("{verb} condition {}", condition_line(c, chrono::NaiveDate::MIN));
}

/// A condition changed, and whether the vendor can now move to "approved".
pub fn condition_updated(u: &vetted_core::register::ConditionUpdated, as_json: bool) {
    if as_json {
        return json(u);
    }
    let c = &u.condition;
    out!("Updated condition {}", condition_line(c, chrono::NaiveDate::MIN));
    if let Some(m) = c.met_by {
        out!("  met by {}", m.key());
    }
    if u.offer_approved {
        out!("  that was {}'s last open condition: `vetted vendor approve {}` moves it to approved", c.vendor_name, c.vendor_id);
    }
}

pub fn conditions(list: &[vetted_core::domain::approval::Condition], today: chrono::NaiveDate, as_json: bool) {
    if as_json {
        return json(&list);
    }
    if list.is_empty() {
        out!("No conditions.");
    }
    for c in list {
        out!("{}", condition_line(c, today));
    }
}

/// A document's kind as read, with what an unnamed kind calls itself.
fn kind_text(r: &vetted_core::assurance::Reading) -> String {
    let kind = vetted_core::domain::wire_name(&r.kind.value);
    match &r.other {
        Some(other) => format!("{kind} ({other})"),
        None => kind,
    }
}

/// What an assurance document says, fact by fact with its page, in English or German.
pub fn reading(r: &vetted_core::assurance::Reading, path: &std::path::Path, as_json: bool, lang: vetted_core::report::Lang) {
    use vetted_core::report::labels::pick;
    if as_json {
        return json(r);
    }
    let w = |en, de| pick(lang, en, de);
    out!("{}: {}, {} {} ({} {})", path.display(), kind_text(r), r.pages, w("pages", "Seiten"), r.text_pages, w("with text", "mit Text"));
    if r.text_pages > 0 {
        return reading_facts(r, lang);
    }
    match &r.recognised {
        Some(recognised) => {
            out!(
                "  {}",
                w(
                    "no text in the PDF (a scan or a screenshot); its words were recognised in the image: check every fact",
                    "kein Text im PDF (ein Scan oder Bildschirmfoto); die Wörter wurden im Bild erkannt: jede Angabe prüfen"
                )
            );
            reading_facts(recognised, lang);
        }
        None => out!(
            "  {}",
            w(
                "no text to read (a scan or a screenshot): type the facts in",
                "kein lesbarer Text (ein Scan oder Bildschirmfoto): bitte die Angaben eintippen"
            )
        ),
    }
}

fn reading_facts(r: &vetted_core::assurance::Reading, lang: vetted_core::report::Lang) {
    use vetted_core::assurance::{Fact, SubserviceMethod};
    use vetted_core::domain::certification::TrustCriterion;
    use vetted_core::report::{labels, labels::pick, words, Lang};
    let de = lang == Lang::De;
    let w = |en, de| pick(lang, en, de);
    let check = w(" (check it)", " (bitte prüfen)");
    let page = w("p.", "S.");
    if r.ocr {
        out!("  {}: {}{check}", w("recognised as", "erkannt als"), kind_text(r));
    }
    // one fact: its name, its value in words, whether to check it, its page and words
    fn line<T>(name: &str, fact: &Option<Fact<T>>, value: impl Fn(&T) -> String, check: &str, page: &str) {
        if let Some(f) = fact {
            let doubt = if f.review { check } else { "" };
            out!("  {name}: {}{doubt} – {page} {}: \"{}\"", value(&f.value), f.page, f.quote.chars().take(90).collect::<String>());
        }
    }
    let text = |v: &String| format!("\"{v}\"");
    let day = |d: &chrono::NaiveDate| if de { labels::date(lang, *d) } else { d.to_string() };
    line(w("organisation", "Organisation"), &r.organisation, text, check, page);
    line(w("auditor", "Prüfer oder Zertifizierungsstelle"), &r.auditor, text, check, page);
    line(w("period start", "Beginn des Zeitraums"), &r.period_start, day, check, page);
    line(w("period end", "Ende des Zeitraums"), &r.period_end, day, check, page);
    line(w("as of", "Stichtag"), &r.as_of, day, check, page);
    line(w("issued", "ausgestellt"), &r.issued, day, check, page);
    line(w("expires", "gültig bis"), &r.expires, day, check, page);
    line(w("certificate number", "Zertifikatsnummer"), &r.certificate_number, text, check, page);
    line(w("opinion", "Prüfungsurteil"), &r.opinion, |o| labels::opinion(lang, *o).to_owned(), check, page);
    // in German the criteria's names; in English their codes, as the JSON has them
    let category = |c: &String| match serde_json::from_value::<TrustCriterion>(serde_json::Value::String(c.clone())) {
        Ok(k) if de => words::criterion(lang, k).to_owned(),
        _ => c.replace('_', " "),
    };
    line(w("categories", "Kategorien"), &r.categories, |v| v.iter().map(category).collect::<Vec<_>>().join(", "), check, page);
    for s in &r.subservice_organisations {
        let method = match s.value.method {
            Some(SubserviceMethod::CarveOut) => w("carved out: needs its own report", "ausgeklammert: braucht einen eigenen Bericht"),
            Some(SubserviceMethod::Inclusive) => w("included in this report", "in diesen Bericht einbezogen"),
            None => w("method not stated (check it)", "Behandlung nicht angegeben (bitte prüfen)"),
        };
        let criteria = if s.value.criteria.is_empty() {
            String::new()
        } else {
            format!(", {} {}", w("left", "überlässt ihm"), s.value.criteria.join(", "))
        };
        out!(
            "  {}: {} ({}) – {method}{criteria} – {page} {}",
            w("subservice organisation", "Subdienstleister"),
            s.value.name.as_deref().unwrap_or(w("several, not named", "mehrere, nicht genannt")),
            s.value.service.as_deref().unwrap_or(w("service not stated", "Leistung nicht angegeben")),
            s.page
        );
    }
    if !r.cuecs.is_empty() {
        out!(
            "  {}: {}",
            w("the customer's duties (complementary user entity controls)", "Pflichten des Kunden (ergänzende Kontrollen, CUECs)"),
            r.cuecs.len()
        );
        for c in &r.cuecs {
            out!("    - {} ({page} {})", c.value, c.page);
        }
    }
    if let Some(x) = &r.exceptions {
        let doubt = if x.review { w(" (check the criteria)", " (Kriterien bitte prüfen)") } else { "" };
        out!(
            "  {}: {} {}, {} {}{doubt}",
            w("tests of controls", "Prüfung der Kontrollen"),
            x.value.tests,
            w("results", "Ergebnisse"),
            x.value.count,
            w("exceptions", "Abweichungen")
        );
        for n in &x.value.noted {
            out!("    - {}: {} ({page} {})", n.value.criterion.as_deref().unwrap_or("?"), n.value.text, n.page);
        }
    }
    if !r.missing.is_empty() {
        let name = |m: &String| -> String {
            if !de {
                return m.replace('_', " ");
            }
            match m.as_str() {
                "organisation" => "Organisation",
                "auditor" => "Prüfer oder Zertifizierungsstelle",
                "period" => "Zeitraum oder Stichtag",
                "opinion" => "Prüfungsurteil",
                "categories" => "Kategorien",
                "issued" => "Ausstellungsdatum",
                "expires" => "Ablaufdatum",
                "certificate_number" => "Zertifikatsnummer",
                "exceptions" => "Ergebnisse der Prüfung der Kontrollen",
                other => other,
            }
            .to_owned()
        };
        out!("  {}: {}", w("not found", "nicht gefunden"), r.missing.iter().map(name).collect::<Vec<_>>().join(", "));
    }
}

/// What was read from a record's evidence and kept with it: its carve-outs and the customer's duties.
pub fn kept(c: &vetted_core::certs::Certification) {
    if !c.read_from_document {
        return;
    }
    for o in &c.carve_outs {
        out!("  {}", vetted_core::report::labels::carve_out(vetted_core::report::Lang::En, o));
    }
    if !c.duties.is_empty() {
        out!("  {} duties for you (complementary user entity controls): see `vetted certs duties`", c.duties.len());
    }
}

pub fn duties(certs: &[vetted_core::certs::Certification], as_json: bool, lang: vetted_core::report::Lang) {
    use vetted_core::report::labels::{self, pick};
    let duties: Vec<&vetted_core::domain::certification::Duty> = certs.iter().flat_map(|c| &c.duties).collect();
    if as_json {
        return json(&duties);
    }
    let w = |en, de| pick(lang, en, de);
    if duties.is_empty() {
        out!(
            "{}",
            w(
                "No duties: no report kept with these records leaves controls to the customer.",
                "Keine Pflichten: kein hinterlegter Bericht dieser Einträge überlässt dem Kunden Kontrollen."
            )
        );
        return;
    }
    for c in certs.iter().filter(|c| !c.duties.is_empty()) {
        out!("{} – {} ({} {})", c.vendor_name, c.kind_label, c.duties.len(), w("duties", "Pflichten"));
        for d in &c.duties {
            let note = if d.note.is_empty() { String::new() } else { format!(" – {}", d.note) };
            out!("  {:>5}  {:<16}  {} ({} {}){note}", d.id, labels::duty_state(lang, d.state), d.text, w("p.", "S."), d.page);
        }
    }
}
