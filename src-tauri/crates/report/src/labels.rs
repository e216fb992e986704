//! The words exported documents use, in English and German, and the domain's values in words.

use serde::{Deserialize, Serialize};
use vetted_domain::assessment::{ControlStatus, Verdict};
use vetted_domain::baseline::Strength;
use vetted_domain::certification::CertStatus;
use vetted_domain::vendor::{Status, TransferMechanism};

/// The language of an exported document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub fn parse(raw: &str) -> Result<Lang, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "de" | "german" | "deutsch" => Ok(Lang::De),
            other => Err(format!("'{other}' is not a language Vetted exports in (en, de)")),
        }
    }
}

/// (key, English, German)
const LABELS: &[(&str, &str, &str)] = &[
    ("vendor_summary", "Vendor summary", "Dienstleisterübersicht"),
    (
        "approval_line",
        "{status} by {who} on {date}, on the verdict “{verdict}” ({baseline} v{version}).",
        "{status} von {who} am {date}, auf die Bewertung „{verdict}“ ({baseline} v{version}).",
    ),
    ("no_approval", "No approval is on record.", "Keine Freigabe erfasst."),
    ("justification", "Justification", "Begründung"),
    ("open_conditions", "Open conditions", "Offene Auflagen"),
    ("carves_out", "Carves out {organisation}{criteria}: needs its own report", "Klammert {organisation}{criteria} aus: braucht einen eigenen Bericht"),
    ("duties_heading", "Your side: what the reports leave to you", "Ihre Seite: was die Berichte Ihnen überlassen"),
    (
        "duties_intro",
        "The complementary user entity controls of the reports kept as evidence: their controls hold only if these are in place on your side.",
        "Die ergänzenden Kontrollen beim Kunden (CUECs) aus den hinterlegten Berichten: Deren Kontrollen greifen nur, wenn diese auf Ihrer Seite umgesetzt sind.",
    ),
    ("duty", "Duty (the report's words)", "Pflicht (Wortlaut des Berichts)"),
    ("duty_state", "Where you stand", "Stand"),
    ("duty_open", "open", "offen"),
    ("duty_in_place", "in place", "umgesetzt"),
    ("duty_not_applicable", "not applicable", "nicht zutreffend"),
    ("page_short", "p.", "S."),
    ("condition", "Condition", "Auflage"),
    ("due", "Due", "Fällig am"),
    ("overdue", "overdue", "überfällig"),
    ("with_conditions_count", "{n} open", "{n} offen"),
    ("identity", "Identity and processing", "Stammdaten und Verarbeitung"),
    ("legal_name", "Legal name", "Firmenname"),
    ("services", "Services", "Dienste"),
    ("parent", "Sub-processor of", "Unterauftragsverarbeiter von"),
    ("own_sub_processors", "Its sub-processors", "Eigene Unterauftragsverarbeiter"),
    ("purpose", "Purpose", "Zweck"),
    ("data_categories", "Data categories", "Datenkategorien"),
    ("data_subjects", "Data subjects", "Betroffene Personen"),
    ("countries", "Processing countries", "Verarbeitungsländer"),
    ("transfer", "Transfer mechanism", "Übermittlungsmechanismus"),
    ("tier", "Tier", "Risikostufe"),
    ("tier_override", "set by hand", "manuell gesetzt"),
    ("status", "Status", "Status"),
    ("owner", "Owner", "Verantwortlich"),
    ("dpa_signed", "DPA signed", "AVV unterzeichnet"),
    ("renewal", "Contract renewal", "Vertragsverlängerung"),
    ("last_review", "Last review", "Letzte Prüfung"),
    ("next_review", "Next review", "Nächste Prüfung"),
    ("website", "Website", "Website"),
    ("not_recorded", "not recorded", "nicht erfasst"),
    ("certifications", "Certifications and reports", "Zertifizierungen und Prüfberichte"),
    ("no_certifications", "No certification or audit report is recorded.", "Keine Zertifizierung und kein Prüfbericht erfasst."),
    ("kind", "Kind", "Art"),
    ("period", "Period", "Zeitraum"),
    ("report_date", "As of", "Stichtag"),
    ("opinion", "Opinion", "Prüfungsurteil"),
    ("number", "No.", "Nr."),
    ("scope", "Scope", "Geltungsbereich"),
    ("issuer", "Issuer", "Aussteller"),
    ("current_until", "Current until", "Gültig bis"),
    ("verdict_heading", "Baseline verdict", "Bewertung gegen die Mindestanforderungen"),
    ("verdict", "Verdict", "Bewertung"),
    ("coverage", "coverage", "Abdeckung"),
    ("as_of", "as of", "Stand"),
    ("reasons", "Why", "Begründung"),
    ("controls", "Controls", "Kontrollen"),
    ("control", "Control", "Kontrolle"),
    ("evidence", "Evidence", "Nachweis"),
    ("needed", "needs:", "verlangt:"),
    (
        "untiered_rule",
        "No tier is set: the evidence tier 1 needs is asked for.",
        "Keine Risikostufe gesetzt: verlangt werden die Nachweise der Risikostufe 1.",
    ),
    ("mandatory", "mandatory", "Pflicht"),
    ("none", "none", "keiner"),
    ("gaps_heading", "Exceptions: accepted risks and what auditors noted", "Ausnahmen: akzeptierte Risiken und Abweichungen laut Prüfer"),
    ("accepted_risk", "Accepted risk", "Akzeptiertes Risiko"),
    ("accepted_by", "accepted by", "akzeptiert von"),
    ("until", "until", "bis"),
    ("auditor_exceptions", "Auditor exceptions", "Abweichungen laut Prüfer"),
    ("expiring_evidence", "the evidence lapses soon", "der Nachweis läuft bald ab"),
    ("provenance", "Questionnaire provenance", "Herkunft der Fragebögen"),
    ("no_questionnaire", "No questionnaire has been imported.", "Es wurde kein Fragebogen importiert."),
    ("version", "Version", "Version"),
    ("file", "File", "Datei"),
    ("imported_on", "Imported on", "Importiert am"),
    ("template", "Template", "Vorlage"),
    ("questions", "Questions", "Fragen"),
    ("generated", "generated", "erstellt am"),
    ("sub_processors", "Sub-processors", "Unterauftragsverarbeiter"),
    ("entity", "Entity", "Unternehmen"),
    ("service", "Service", "Dienst"),
    ("parent_short", "Sub-processor of", "Tätig für"),
    ("published", "published", "veröffentlicht"),
    ("entries", "sub-processors", "Unterauftragsverarbeiter"),
    ("filter_all", "all statuses except offboarded", "alle Status außer beendet"),
    ("changes_heading", "Changes to the sub-processor list", "Änderungen der Liste der Unterauftragsverarbeiter"),
    ("added", "Added", "Hinzugefügt"),
    ("removed", "Removed", "Entfernt"),
    ("changed", "Changed", "Geändert"),
    ("change", "Change", "Änderung"),
    ("field", "Field", "Feld"),
    ("before", "Before", "Vorher"),
    ("after", "After", "Nachher"),
    ("no_changes", "No changes between these versions.", "Keine Änderungen zwischen diesen Versionen."),
    (
        "from_to",
        "from version {from} ({from_date}) to version {to} ({to_date})",
        "von Version {from} ({from_date}) zu Version {to} ({to_date})",
    ),
];

/// The label for `key` in `lang`; the key itself when there is none (a test keeps that from
/// happening).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match LABELS.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, de)) => match lang {
            Lang::En => en,
            Lang::De => de,
        },
        None => {
            debug_assert!(false, "no label for {key}");
            "?"
        }
    }
}

/// `en` or `de`, as `lang` asks.
pub fn pick(lang: Lang, en: &'static str, de: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::De => de,
    }
}

/// `text` with its first letter in upper case: a value that starts a sentence or a table cell.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub fn vendor_status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Proposed => pick(lang, "proposed", "vorgeschlagen"),
        Status::InReview => pick(lang, "in review", "in Prüfung"),
        Status::Approved => pick(lang, "approved", "freigegeben"),
        Status::ApprovedWithConditions => pick(lang, "approved with conditions", "freigegeben mit Auflagen"),
        Status::Rejected => pick(lang, "rejected", "abgelehnt"),
        Status::Offboarded => pick(lang, "offboarded", "beendet"),
    }
}

pub fn transfer(lang: Lang, m: TransferMechanism) -> &'static str {
    match m {
        TransferMechanism::NoTransfer => pick(lang, "no transfer (stays in the EEA)", "keine Übermittlung (bleibt im EWR)"),
        TransferMechanism::Adequacy => pick(lang, "adequacy decision (Art. 45)", "Angemessenheitsbeschluss (Art. 45)"),
        TransferMechanism::EuUsDpf => pick(lang, "EU-US Data Privacy Framework", "EU-US Data Privacy Framework"),
        TransferMechanism::Sccs => pick(lang, "standard contractual clauses (Art. 46)", "Standardvertragsklauseln (Art. 46)"),
        TransferMechanism::Bcrs => {
            pick(lang, "binding corporate rules (Art. 47)", "verbindliche interne Datenschutzvorschriften (Art. 47)")
        }
        TransferMechanism::None => pick(lang, "none: a transfer without a mechanism", "keiner: Übermittlung ohne Grundlage"),
    }
}

pub fn cert_status(lang: Lang, s: CertStatus) -> &'static str {
    match s {
        CertStatus::Current => pick(lang, "current", "gültig"),
        CertStatus::Expiring => pick(lang, "expiring soon", "läuft bald ab"),
        CertStatus::Lapsed => pick(lang, "lapsed", "abgelaufen"),
        CertStatus::Superseded => pick(lang, "superseded", "ersetzt"),
        CertStatus::Unverified => pick(lang, "dates unknown", "Daten unbekannt"),
    }
}

pub fn verdict(lang: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Meets => pick(lang, "Meets the baseline", "Erfüllt die Mindestanforderungen"),
        Verdict::Conditional => pick(lang, "Meets with conditions", "Erfüllt unter Auflagen"),
        Verdict::Fails => pick(lang, "Fails the baseline", "Erfüllt die Mindestanforderungen nicht"),
        // Not a failing grade ("unzureichend" reads as one): too little is known to judge.
        Verdict::Insufficient => pick(lang, "Not enough information", "Zu wenig Informationen"),
    }
}

pub fn verdict_short(lang: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Meets => pick(lang, "meets", "erfüllt"),
        Verdict::Conditional => pick(lang, "conditional", "unter Auflagen"),
        Verdict::Fails => pick(lang, "fails", "nicht erfüllt"),
        Verdict::Insufficient => pick(lang, "not enough information", "zu wenig Informationen"),
    }
}

pub fn control_status(lang: Lang, s: ControlStatus) -> &'static str {
    match s {
        ControlStatus::Met => pick(lang, "met", "erfüllt"),
        ControlStatus::PartiallyMet => pick(lang, "partially met", "teilweise erfüllt"),
        ControlStatus::NotMet => pick(lang, "not met", "nicht erfüllt"),
        ControlStatus::NotApplicable => pick(lang, "not applicable", "nicht anwendbar"),
        ControlStatus::Unknown => pick(lang, "unknown", "unbekannt"),
    }
}

pub fn strength(lang: Lang, s: Strength) -> &'static str {
    match s {
        Strength::SelfDeclared => pick(lang, "self-declared", "Selbstauskunft"),
        Strength::Documented => pick(lang, "documented", "dokumentiert"),
        Strength::Limited => pick(lang, "limited assurance", "eingeschränkt geprüft"),
        Strength::Independent => pick(lang, "independent", "unabhängig geprüft"),
    }
}

/// A link of the chain in words: the vendor at its other end (`name`), then what for, which
/// data (in words) and where, as far as the link records them.
pub fn link(lang: Lang, name: &str, l: &vetted_domain::Link) -> String {
    let data = l.data_categories.iter().map(|c| data_category(lang, c)).collect::<Vec<_>>().join(", ");
    with_parts(name, [l.purpose.clone(), data, l.locations.join(", ")])
}

/// `name`, then in brackets the `parts` that are not empty, joined by "; ".
pub(crate) fn with_parts<const N: usize>(name: &str, parts: [String; N]) -> String {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({})", parts.join("; "))
    }
}

/// A data category in words: the register's own categories (`call_recordings`) by name, any other
/// text as the user wrote it. The words are the app's (`ui/src/lib/i18n`).
pub fn data_category(lang: Lang, category: &str) -> &str {
    match category {
        "identification" => pick(lang, "Identification data", "Identifikationsdaten"),
        "contact" => pick(lang, "Contact data", "Kontaktdaten"),
        "account" => pick(lang, "Account data", "Kontodaten"),
        "communications" => pick(lang, "Communication content", "Kommunikationsinhalte"),
        "call_recordings" => pick(lang, "Call recordings", "Gesprächsaufzeichnungen"),
        "usage" => pick(lang, "Usage data", "Nutzungsdaten"),
        "device" => pick(lang, "Device data", "Gerätedaten"),
        "location" => pick(lang, "Location data", "Standortdaten"),
        "financial" => pick(lang, "Financial data", "Finanzdaten"),
        "employment" => pick(lang, "Employment data", "Beschäftigtendaten"),
        "racial_or_ethnic_origin" => pick(lang, "Racial or ethnic origin", "Rassische oder ethnische Herkunft"),
        "political_opinions" => pick(lang, "Political opinions", "Politische Meinungen"),
        "religious_or_philosophical_beliefs" => {
            pick(lang, "Religious or philosophical beliefs", "Religiöse oder weltanschauliche Überzeugungen")
        }
        "trade_union_membership" => pick(lang, "Trade union membership", "Gewerkschaftszugehörigkeit"),
        "genetic" => pick(lang, "Genetic data", "Genetische Daten"),
        "biometric" => pick(lang, "Biometric data", "Biometrische Daten"),
        "health" => pick(lang, "Health data", "Gesundheitsdaten"),
        "sex_life_or_orientation" => pick(lang, "Sex life or sexual orientation", "Sexualleben oder sexuelle Orientierung"),
        "criminal_convictions" => pick(lang, "Criminal convictions and offences", "Strafrechtliche Verurteilungen und Straftaten"),
        other => other,
    }
}

/// A group of data subjects in words: the register's own (`customers`) by name, any other as written.
pub fn data_subject(lang: Lang, subject: &str) -> &str {
    match subject {
        "customers" => pick(lang, "Customers", "Kunden"),
        "end_users" => pick(lang, "End users", "Endnutzer"),
        "employees" => pick(lang, "Employees", "Beschäftigte"),
        "prospects" => pick(lang, "Prospects", "Interessenten"),
        "patients" => pick(lang, "Patients", "Patienten"),
        "children" => pick(lang, "Children", "Kinder"),
        "website_visitors" => pick(lang, "Website visitors", "Website-Besucher"),
        other => other,
    }
}

/// A day as a reader of `lang` writes it: 2026-12-05 in English documents (unambiguous across
/// English locales), 05.12.2026 in German ones.
pub fn date(lang: Lang, day: chrono::NaiveDate) -> String {
    match lang {
        Lang::En => day.format("%Y-%m-%d").to_string(),
        Lang::De => day.format("%d.%m.%Y").to_string(),
    }
}

/// A day written as `date`, from its ISO text (a stored timestamp's first ten characters);
/// text that is not a day stays as it is.
pub fn date_text(lang: Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d") {
        Ok(day) => date(lang, day),
        Err(_) => iso.to_owned(),
    }
}

/// A share with one decimal and its sign: "45.6 %" in English, "45,6 %" in German.
/// A text of an imported list kept as written, as the vendor's notes say it.
pub fn list_note(lang: Lang, note: &vetted_domain::ListNote) -> String {
    use vetted_domain::ListNote;
    match note {
        ListNote::Location { value } => format!("{} {value}", pick(lang, "Location as listed:", "Standort laut Liste:")),
        ListNote::Transfer { value } => {
            format!("{} {value}", pick(lang, "Transfer mechanism as listed:", "Übermittlungsgarantie laut Liste:"))
        }
        ListNote::Status { value } => format!("{} {value}", pick(lang, "Status as listed:", "Status laut Liste:")),
    }
}

/// An auditor's opinion in words.
/// Where the customer stands on a duty a report leaves to it.
pub fn duty_state(lang: Lang, s: vetted_domain::certification::DutyState) -> &'static str {
    use vetted_domain::certification::DutyState;
    t(
        lang,
        match s {
            DutyState::Open => "duty_open",
            DutyState::InPlace => "duty_in_place",
            DutyState::NotApplicable => "duty_not_applicable",
        },
    )
}

/// A subservice organisation a report carves out, and the criteria it leaves to it.
pub fn carve_out(lang: Lang, o: &vetted_domain::certification::CarveOut) -> String {
    let criteria = if o.criteria.is_empty() { String::new() } else { format!(" ({})", o.criteria.join(", ")) };
    t(lang, "carves_out").replace("{organisation}", &o.organisation).replace("{criteria}", &criteria)
}

pub fn opinion(lang: Lang, o: vetted_domain::certification::Opinion) -> &'static str {
    use vetted_domain::certification::Opinion;
    match o {
        Opinion::Unqualified => pick(lang, "unqualified", "uneingeschränkt"),
        Opinion::Qualified => pick(lang, "qualified", "eingeschränkt"),
        Opinion::Adverse => pick(lang, "adverse", "versagt"),
        Opinion::Disclaimer => pick(lang, "disclaimer", "Nichtabgabe"),
    }
}

/// "and 2 more:" before the ids of the reasons not shown in full.
pub fn more_reasons(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::En, 1) => "and 1 more:".to_owned(),
        (Lang::En, n) => format!("and {n} more:"),
        (Lang::De, 1) => "und 1 weiterer Grund:".to_owned(),
        (Lang::De, n) => format!("und {n} weitere Gründe:"),
    }
}

pub fn percent(lang: Lang, value: f64) -> String {
    let text = format!("{value:.1} %");
    match lang {
        Lang::En => text,
        Lang::De => text.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages_and_keys_are_unique() {
        let mut keys = std::collections::HashSet::new();
        for (key, en, de) in LABELS {
            assert!(keys.insert(key), "{key} twice");
            assert!(!en.is_empty() && !de.is_empty(), "{key}");
        }
        assert_eq!(t(Lang::De, "certifications"), "Zertifizierungen und Prüfberichte");
        assert_eq!(Lang::parse("DE"), Ok(Lang::De));
        assert!(Lang::parse("fr").is_err());
    }
}
