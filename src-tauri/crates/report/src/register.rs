//! The sub-processor list a DPO attaches to an RFP answer or an Art. 28 notice, in PDF, XLSX, CSV
//! and JSON; and what changed between two published versions of it. Pure: the entries are passed in.

use super::fonts::Weight;
use super::labels::{self, t, Lang};
use super::layout::*;
use super::summary::{country_names, verdict_color};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;
pub use vetted_domain::publication::*;
use vetted_domain::{Status, TransferMechanism};

/// One field of a sub-processor that differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct FieldChange {
    /// `entity`, `services`, `purpose`, `data_categories`, `countries`, `transfer_mechanism`,
    /// `serves` (`parent` in notices made before chains were links), `status`, `certifications` or `verdict`.
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A sub-processor on both versions whose entry changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct EntryChange {
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub entity: String,
    pub changes: Vec<FieldChange>,
}

/// What changed from one published version to another: the change notice a processor sends its
/// customers (`schemas/register-diff.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RegisterDiff {
    pub from_version: u32,
    pub from_published_at: String,
    pub to_version: u32,
    pub to_published_at: String,
    pub added: Vec<RegisterEntry>,
    pub removed: Vec<RegisterEntry>,
    pub changed: Vec<EntryChange>,
}

impl RegisterDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

const FIELDS: [&str; 10] = [
    "entity",
    "services",
    "purpose",
    "data_categories",
    "countries",
    "transfer_mechanism",
    "serves",
    "status",
    "certifications",
    "verdict",
];

/// A link as the list shows it: the entity served, then what for and where.
fn served_line(s: &Served) -> String {
    labels::with_parts(&s.client, [s.purpose.clone(), s.locations.join(", ")])
}

fn cert_line(c: &RegisterCert) -> String {
    match c.current_until {
        Some(d) => format!("{} (until {d}, {})", c.label, vetted_domain::wire_name(&c.status)),
        None => format!("{} ({})", c.label, vetted_domain::wire_name(&c.status)),
    }
}

/// A field's value in a language-neutral form, for comparing versions and for change notices.
fn field_value(e: &RegisterEntry, field: &str) -> String {
    match field {
        "entity" => e.entity.clone(),
        "services" => e.services.join("; "),
        "purpose" => e.purpose.clone(),
        "data_categories" => e.data_categories.join("; "),
        "countries" => e.countries.join("; "),
        "transfer_mechanism" => e.transfer_mechanism.map(|m| m.as_str().to_string()).unwrap_or_default(),
        "serves" => e.served().iter().map(served_line).collect::<Vec<_>>().join("; "),
        "status" => e.status.as_str().to_string(),
        "certifications" => e.certifications.iter().map(cert_line).collect::<Vec<_>>().join("; "),
        "verdict" => e.verdict.map(|v| vetted_domain::wire_name(&v)).unwrap_or_default(),
        _ => String::new(),
    }
}

/// What changed from `from` to `to`, sub-processors matched by vendor id.
pub fn diff(from: &RegisterList, to: &RegisterList) -> RegisterDiff {
    let before: BTreeMap<i64, &RegisterEntry> = from.entries.iter().map(|e| (e.vendor_id, e)).collect();
    let after: BTreeMap<i64, &RegisterEntry> = to.entries.iter().map(|e| (e.vendor_id, e)).collect();
    let added = to.entries.iter().filter(|e| !before.contains_key(&e.vendor_id)).cloned().collect();
    let removed = from.entries.iter().filter(|e| !after.contains_key(&e.vendor_id)).cloned().collect();
    let changed = to
        .entries
        .iter()
        .filter_map(|e| {
            let old = before.get(&e.vendor_id)?;
            let changes: Vec<FieldChange> = FIELDS
                .iter()
                .filter_map(|f| {
                    let (b, a) = (field_value(old, f), field_value(e, f));
                    (b != a).then(|| FieldChange { field: f.to_string(), before: b, after: a })
                })
                .collect();
            (!changes.is_empty()).then(|| EntryChange { vendor_id: e.vendor_id, entity: e.entity.clone(), changes })
        })
        .collect();
    RegisterDiff {
        from_version: from.version,
        from_published_at: from.published_at.clone(),
        to_version: to.version,
        to_published_at: to.published_at.clone(),
        added,
        removed,
        changed,
    }
}

fn certs_cell(e: &RegisterEntry, lang: Lang) -> String {
    e.certifications
        .iter()
        .map(|c| match c.current_until {
            Some(d) => format!("{} – {} ({})", c.label, labels::date(lang, d), labels::cert_status(lang, c.status)),
            None => format!("{} ({})", c.label, labels::cert_status(lang, c.status)),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether the list has a status column: not when every vendor on it is approved (the usual list).
fn shows_status(list: &RegisterList) -> bool {
    list.entries.iter().any(|e| e.status != Status::Approved)
}

/// The share of the page's width (PDF) and the width in characters (XLSX) of each of the table's
/// columns: the eight every list has, then the verdict and the status when it has them.
fn column_sizes(list: &RegisterList) -> (Vec<f32>, Vec<f64>) {
    let mut shares = vec![1.3, 1.2, 1.8, 1.5, 1.3, 1.3, 1.3, 1.8];
    let mut widths = vec![24.0, 22.0, 34.0, 24.0, 20.0, 27.0, 26.0, 30.0];
    if list.filter.with_verdict {
        shares.push(1.3);
        widths.push(14.0);
    }
    if shows_status(list) {
        shares.push(1.4);
        widths.push(22.0);
    }
    (shares, widths)
}

/// The list's columns in `lang`, and each entry's cells as text.
fn table(list: &RegisterList, lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut head = vec![
        t(lang, "entity"),
        t(lang, "services"),
        t(lang, "purpose"),
        t(lang, "data_categories"),
        t(lang, "countries"),
        t(lang, "transfer"),
        t(lang, "parent_short"),
        t(lang, "certifications"),
    ];
    if list.filter.with_verdict {
        head.push(t(lang, "verdict"));
    }
    // A list of approved vendors only (the usual one) says nothing of status; any other does, in
    // the last column: "approved with conditions" with how many are open.
    let with_status = shows_status(list);
    if with_status {
        head.push(t(lang, "status"));
    }
    let rows = list
        .entries
        .iter()
        .map(|e| {
            let mut row = vec![
                e.entity.clone(),
                e.services.join(", "),
                e.purpose.clone(),
                e.data_categories.iter().map(|c| labels::data_category(lang, c)).collect::<Vec<_>>().join(", "),
                country_names(&e.countries, lang),
                e.transfer_mechanism.map(|m| labels::transfer(lang, m).to_string()).unwrap_or_default(),
                e.served().iter().map(served_line).collect::<Vec<_>>().join("\n"),
                certs_cell(e, lang),
            ];
            if list.filter.with_verdict {
                row.push(e.verdict.map(|v| labels::verdict_short(lang, v).to_string()).unwrap_or_default());
            }
            if with_status {
                let status = labels::capitalised(labels::vendor_status(lang, e.status));
                row.push(match e.open_conditions {
                    0 => status,
                    n => format!("{status} ({})", t(lang, "with_conditions_count").replace("{n}", &n.to_string())),
                });
            }
            row
        })
        .collect();
    (head, rows)
}

fn filter_words(list: &RegisterList, lang: Lang) -> String {
    if list.filter.statuses.is_empty() {
        return t(lang, "filter_all").to_string();
    }
    list.filter.statuses.iter().map(|s| labels::vendor_status(lang, *s)).collect::<Vec<_>>().join(", ")
}

/// The list as a landscape PDF whose table continues over pages under a repeated header.
pub fn register_pdf(list: &RegisterList, made: Made<'_>) -> Result<Vec<u8>, String> {
    let lang = made.lang;
    let mut l = Layout::new(A4_LANDSCAPE);
    l.paragraph(t(lang, "sub_processors"), Style::new(Weight::Bold, 18.0, INK), 0.0);
    l.space(3.0);
    l.paragraph(&subtitle(list, lang), Style::new(Weight::Regular, 9.0, MUTED), 0.0);
    l.space(10.0);
    let (head, rows) = table(list, lang);
    let (shares, _) = column_sizes(list);
    let columns: Vec<Column> = head.iter().zip(shares).map(|(h, s)| Column::new(*h, s)).collect();
    let cells: Vec<Vec<Cell>> = rows
        .into_iter()
        .zip(&list.entries)
        .map(|(row, e)| {
            row.into_iter()
                .enumerate()
                .map(|(i, text)| match (i, e.verdict) {
                    (0, _) => Cell::bold(text),
                    (8, Some(v)) => Cell::status(text, verdict_color(v)),
                    _ => Cell::text(text),
                })
                .collect()
        })
        .collect();
    l.table(&columns, &cells, 7.5, true);
    let title = format!("{} — {} {}", t(lang, "sub_processors"), t(lang, "version"), list.version);
    let info = DocInfo { subject: t(lang, "sub_processors").to_string(), footer_center: title.clone(), title };
    l.finish(&info, &made)
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) starts with a quote
/// instead, so opening the CSV runs nothing (OWASP's CSV injection advice).
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

fn csv_bytes(head: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    // A BOM, so Excel reads the file as UTF-8.
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(head).map_err(|e| e.to_string())?;
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c))).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The list as CSV (RFC 4180, UTF-8 with a BOM), one sub-processor per row.
pub fn register_csv(list: &RegisterList, lang: Lang) -> Result<Vec<u8>, String> {
    let (head, rows) = table(list, lang);
    let rows: Vec<Vec<String>> = rows.into_iter().map(|r| r.into_iter().map(|c| c.replace('\n', "; ")).collect()).collect();
    csv_bytes(&head, &rows)
}

/// The list as JSON in the shape of `schemas/register-export.schema.json`.
pub fn register_json(list: &RegisterList) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(list).expect("a list serialises");
    out.push(b'\n');
    out
}

/// The list as an XLSX workbook: the sub-processors, and their certifications with dates as
/// dates; frozen header, autofilter and column widths on both sheets.
pub fn register_xlsx(list: &RegisterList, lang: Lang) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let head_fmt = Format::new().set_bold().set_background_color(0xE8ECF1).set_text_wrap().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date_fmt = Format::new().set_num_format(if lang == Lang::De { "dd.mm.yyyy" } else { "yyyy-mm-dd" }).set_align(FormatAlign::Top);
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let muted_fmt = Format::new().set_font_color(0x5B6472);
    let title = t(lang, "sub_processors");
    // Above each table: what it is, which version, when and for which filter (rows 0-1), a blank
    // row, then the header that the table's filter and every printed page repeat.
    let titled = |sheet: &mut rust_xlsxwriter::Worksheet| -> Result<(), String> {
        sheet.write_string_with_format(0, 0, title, &title_fmt).map_err(err)?;
        sheet.write_string_with_format(1, 0, subtitle(list, lang), &muted_fmt).map_err(err)?;
        sheet.set_landscape();
        sheet.set_paper_size(9); // A4
        sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        sheet.set_print_fit_to_pages(1, 0); // one page wide, as many long as it takes
        sheet.set_repeat_rows(HEAD_ROW, HEAD_ROW).map_err(err)?;
        sheet.set_header(format!("&L&8{}", xlsx_escape(title)));
        sheet.set_footer(format!("&L&8{} {}&R&8&P / &N", t(lang, "version"), list.version));
        sheet.set_freeze_panes(HEAD_ROW + 1, 0).map_err(err)?;
        Ok(())
    };

    let (head, rows) = table(list, lang);
    let sheet = book.add_worksheet().set_name(t(lang, "sub_processors")).map_err(err)?;
    titled(sheet)?;
    let (_, widths) = column_sizes(list);
    for (col, title) in head.iter().enumerate() {
        sheet.write_string_with_format(HEAD_ROW, col as u16, *title, &head_fmt).map_err(err)?;
        sheet.set_column_width(col as u16, widths[col]).map_err(err)?;
    }
    sheet.set_row_height(HEAD_ROW, row_height(&head, &widths)).map_err(err)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string_with_format(HEAD_ROW + 1 + r as u32, c as u16, text, &wrap).map_err(err)?;
        }
        sheet.set_row_height(HEAD_ROW + 1 + r as u32, row_height(row, &widths)).map_err(err)?;
    }
    sheet.autofilter(HEAD_ROW, 0, HEAD_ROW + rows.len() as u32, head.len() as u16 - 1).map_err(err)?;

    let certs = book.add_worksheet().set_name(t(lang, "certifications").split(' ').next().unwrap_or("Certifications")).map_err(err)?;
    titled(certs)?;
    let cert_head = [t(lang, "entity"), t(lang, "kind"), t(lang, "scope"), t(lang, "current_until"), t(lang, "status")];
    for (col, (title, width)) in cert_head.iter().zip([28.0, 24.0, 40.0, 14.0, 16.0]).enumerate() {
        certs.write_string_with_format(HEAD_ROW, col as u16, *title, &head_fmt).map_err(err)?;
        certs.set_column_width(col as u16, width).map_err(err)?;
    }
    let mut row = HEAD_ROW + 1;
    for e in &list.entries {
        for c in &e.certifications {
            certs.set_row_height(row, row_height(&[&e.entity, &c.label, &c.scope], &[28.0, 24.0, 40.0])).map_err(err)?;
            certs.write_string_with_format(row, 0, &e.entity, &wrap).map_err(err)?;
            certs.write_string_with_format(row, 1, &c.label, &wrap).map_err(err)?;
            certs.write_string_with_format(row, 2, &c.scope, &wrap).map_err(err)?;
            if let Some(d) = c.current_until {
                certs.write_date_with_format(row, 3, d, &date_fmt).map_err(err)?;
            }
            certs.write_string_with_format(row, 4, labels::cert_status(lang, c.status), &wrap).map_err(err)?;
            row += 1;
        }
    }
    certs.autofilter(HEAD_ROW, 0, row.saturating_sub(1).max(HEAD_ROW + 1), 4).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// The row of the XLSX tables' header: below the title, the line that says what the list is, and a blank row.
pub const XLSX_HEAD_ROW: u32 = 3;
const HEAD_ROW: u32 = XLSX_HEAD_ROW;

/// The height (points) a row of wrapped cells needs in columns of `widths` (characters): a
/// spreadsheet program does not grow the rows of a written file by itself, so their wrapped lines
/// would print over each other.
pub(crate) fn row_height<S: AsRef<str>>(cells: &[S], widths: &[f64]) -> f64 {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(text, width)| {
            let per_line = (width * 1.05).max(1.0) as usize;
            text.as_ref().split('\n').map(|line| wrapped_lines(line, per_line) as f64).sum::<f64>()
        })
        .fold(1.0, f64::max);
    15.0 * lines
}

/// Lines `text` takes when wrapped at spaces to `width` characters (a longer word breaks).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let (mut lines, mut used) = (1, 0);
    for word in text.split(' ').map(|w| w.chars().count()) {
        let need = if used == 0 { word } else { used + 1 + word };
        if need <= width {
            used = need;
        } else {
            lines += if used == 0 { 0 } else { 1 } + word.saturating_sub(1) / width;
            used = word % width;
        }
    }
    lines
}

/// An `&` in a header or footer text is a code there: written `&&`.
fn xlsx_escape(text: &str) -> String {
    text.replace('&', "&&")
}

/// "Version 3 · published … · as of … · 12 entries · approved": what a list is, in one line.
fn subtitle(list: &RegisterList, lang: Lang) -> String {
    format!(
        "{} {}  ·  {} {}  ·  {} {}  ·  {} {}  ·  {}",
        t(lang, "version"),
        list.version,
        t(lang, "published"),
        labels::date_text(lang, &list.published_at),
        t(lang, "as_of"),
        labels::date(lang, list.as_of),
        list.entries.len(),
        t(lang, "entries"),
        filter_words(list, lang),
    )
}

fn field_label(lang: Lang, field: &str) -> &'static str {
    match field {
        "transfer_mechanism" => t(lang, "transfer"),
        "parent" | "serves" => t(lang, "parent_short"),
        "countries" => t(lang, "countries"),
        other => t(lang, other),
    }
}

/// A changed value in words where the stored form is a code (a status, a transfer mechanism).
fn display_value(lang: Lang, field: &str, raw: &str) -> String {
    match field {
        "status" => Status::parse(raw).map(|s| labels::vendor_status(lang, s).to_string()).unwrap_or_else(|_| raw.to_string()),
        "transfer_mechanism" => {
            TransferMechanism::parse(raw).map(|m| labels::transfer(lang, m).to_string()).unwrap_or_else(|_| raw.to_string())
        }
        _ => raw.to_string(),
    }
}

/// The change notice as rows: change, entity, field, before, after.
fn diff_rows(d: &RegisterDiff, lang: Lang) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    for e in &d.added {
        rows.push([t(lang, "added").into(), e.entity.clone(), String::new(), String::new(), e.services.join(", ")]);
    }
    for e in &d.removed {
        rows.push([t(lang, "removed").into(), e.entity.clone(), String::new(), e.services.join(", "), String::new()]);
    }
    for c in &d.changed {
        for f in &c.changes {
            let (before, after) = (display_value(lang, &f.field, &f.before), display_value(lang, &f.field, &f.after));
            rows.push([t(lang, "changed").into(), c.entity.clone(), field_label(lang, &f.field).into(), before, after]);
        }
    }
    rows
}

fn diff_head(lang: Lang) -> [&'static str; 5] {
    [t(lang, "change"), t(lang, "entity"), t(lang, "field"), t(lang, "before"), t(lang, "after")]
}

/// The change notice as CSV: one row per added or removed sub-processor and per changed field.
pub fn diff_csv(d: &RegisterDiff, lang: Lang) -> Result<Vec<u8>, String> {
    let rows: Vec<Vec<String>> = diff_rows(d, lang).into_iter().map(Vec::from).collect();
    csv_bytes(&diff_head(lang), &rows)
}

pub fn diff_json(d: &RegisterDiff) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(d).expect("a diff serialises");
    out.push(b'\n');
    out
}

/// The change notice as a PDF.
pub fn diff_pdf(d: &RegisterDiff, made: Made<'_>) -> Result<Vec<u8>, String> {
    let lang = made.lang;
    let mut l = Layout::new(A4_PORTRAIT);
    l.paragraph(t(lang, "changes_heading"), Style::new(Weight::Bold, 16.0, INK), 0.0);
    l.space(3.0);
    let span = t(lang, "from_to")
        .replace("{from}", &d.from_version.to_string())
        .replace("{from_date}", d.from_published_at.get(..10).unwrap_or(&d.from_published_at))
        .replace("{to}", &d.to_version.to_string())
        .replace("{to_date}", d.to_published_at.get(..10).unwrap_or(&d.to_published_at));
    l.paragraph(&span, Style::new(Weight::Regular, 9.5, MUTED), 0.0);
    if d.is_empty() {
        l.space(10.0);
        l.paragraph(t(lang, "no_changes"), BODY, 0.0);
    }
    let entry_rows = |entries: &[RegisterEntry]| -> Vec<Vec<Cell>> {
        entries
            .iter()
            .map(|e| {
                vec![
                    Cell::bold(&e.entity),
                    Cell::text(e.services.join(", ")),
                    Cell::text(&e.purpose),
                    Cell::text(country_names(&e.countries, lang)),
                ]
            })
            .collect()
    };
    let entry_cols = [
        Column::new(t(lang, "entity"), 1.3),
        Column::new(t(lang, "services"), 1.3),
        Column::new(t(lang, "purpose"), 2.0),
        Column::new(t(lang, "countries"), 1.3),
    ];
    for (key, entries) in [("added", &d.added), ("removed", &d.removed)] {
        if !entries.is_empty() {
            l.heading(&format!("{} ({})", t(lang, key), entries.len()), 30.0);
            l.table(&entry_cols, &entry_rows(entries), 8.5, true);
        }
    }
    if !d.changed.is_empty() {
        l.heading(&format!("{} ({})", t(lang, "changed"), d.changed.len()), 30.0);
        let cols = [
            Column::new(t(lang, "entity"), 1.2),
            Column::new(t(lang, "field"), 1.0),
            Column::new(t(lang, "before"), 2.0),
            Column::new(t(lang, "after"), 2.0),
        ];
        let rows: Vec<Vec<Cell>> = d
            .changed
            .iter()
            .flat_map(|c| {
                c.changes.iter().map(move |f| {
                    let (before, after) = (display_value(lang, &f.field, &f.before), display_value(lang, &f.field, &f.after));
                    vec![Cell::bold(&c.entity), Cell::muted(field_label(lang, &f.field)), Cell::text(before), Cell::text(after)]
                })
            })
            .collect();
        l.table(&cols, &rows, 8.5, true);
    }
    let info = DocInfo {
        title: t(lang, "changes_heading").to_string(),
        subject: span,
        footer_center: format!("{} {} → {}", t(lang, "version"), d.from_version, d.to_version),
    };
    l.finish(&info, &made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn entry(id: i64, name: &str) -> RegisterEntry {
        RegisterEntry {
            vendor_id: id,
            entity: name.into(),
            services: vec!["Hosting".into()],
            purpose: "Runs the platform".into(),
            data_categories: vec!["contact data".into()],
            countries: vec!["DE".into()],
            transfer_mechanism: Some(TransferMechanism::NoTransfer),
            serves: vec![],
            parent: None,
            status: Status::Approved,
            certifications: vec![],
            verdict: None,
            open_conditions: 0,
        }
    }

    fn list(version: u32, entries: Vec<RegisterEntry>) -> RegisterList {
        RegisterList {
            version,
            published_at: format!("2026-11-{:02}T10:00:00Z", version),
            published_by: "dpo".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, version).unwrap(),
            filter: RegisterFilter::default(),
            entries,
        }
    }

    #[test]
    fn a_diff_names_added_removed_and_each_changed_field() {
        let a = list(1, vec![entry(1, "Alpha"), entry(2, "Beta")]);
        let mut beta = entry(2, "Beta");
        beta.countries.push("US".into());
        beta.transfer_mechanism = Some(TransferMechanism::Sccs);
        let b = list(2, vec![beta, entry(3, "Gamma")]);
        let d = diff(&a, &b);
        assert_eq!(d.added.iter().map(|e| e.entity.as_str()).collect::<Vec<_>>(), ["Gamma"]);
        assert_eq!(d.removed.iter().map(|e| e.entity.as_str()).collect::<Vec<_>>(), ["Alpha"]);
        assert_eq!(d.changed.len(), 1);
        let fields: Vec<_> = d.changed[0].changes.iter().map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str())).collect();
        assert_eq!(fields, [("countries", "DE", "DE; US"), ("transfer_mechanism", "no_transfer", "sccs")]);
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn a_diff_compares_the_links_of_the_chain_and_reads_a_list_published_with_one_parent() {
        let mut old = entry(1, "AWS");
        old.parent = Some("Genesys".into());
        let mut new = entry(1, "AWS");
        let served = |client: &str, purpose: &str, at: &str| Served {
            client: client.into(),
            purpose: purpose.into(),
            locations: if at.is_empty() { vec![] } else { vec![at.into()] },
        };
        new.serves = vec![served("Genesys", "", ""), served("Twilio", "Hosts the logs", "Dublin")];
        let d = diff(&list(1, vec![old.clone()]), &list(2, vec![new.clone()]));
        let fields: Vec<_> = d.changed[0].changes.iter().map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str())).collect();
        assert_eq!(fields, [("serves", "Genesys", "Genesys; Twilio (Hosts the logs; Dublin)")]);
        // The same link written the old way and the new way is no change.
        new.serves.pop();
        assert!(diff(&list(1, vec![old]), &list(2, vec![new])).is_empty());
    }

    #[test]
    fn csv_cells_that_look_like_formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2"), "'-2");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("Hosting"), "Hosting");
        let bytes = register_csv(&list(1, vec![entry(1, "=cmd|' /C calc'!A0")]), Lang::En).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.contains("\"'=cmd|' /C calc'!A0\"") || text.contains("'=cmd|' /C calc'!A0"), "{text}");
        assert!(text.contains("\r\n"));
    }
}
