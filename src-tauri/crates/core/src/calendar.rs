//! The expiry and review dates as an iCalendar (.ics, RFC 5545) file for a team's calendar: pure, the
//! time stamp is passed in.

use crate::certs::Certification;
use crate::domain::certification::CertStatus;
use crate::report::Lang;
use chrono::{DateTime, NaiveDate, Utc};

/// A vendor's next review, for the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewDate {
    pub vendor_id: i64,
    pub vendor_name: String,
    pub next_review: NaiveDate,
}

/// One all-day event per record that has a "current until" date and is not replaced by a newer
/// one (the day it lapses is the day after), and one per vendor's next review. Each event has a
/// stable UID, so importing a newer export updates the events instead of doubling them, and an
/// alarm `warning_days` before.
/// The texts are in `lang`, dates as its readers write them.
pub fn ics(certs: &[Certification], reviews: &[ReviewDate], warning_days: u32, stamp: DateTime<Utc>, lang: Lang) -> String {
    let de = lang == Lang::De;
    let day = |d: NaiveDate| crate::report::labels::date(lang, d);
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    let mut line = |s: &str| fold(&mut out, s);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Vetted//Vendor register//EN");
    line("CALSCALE:GREGORIAN");
    line(if de { "X-WR-CALNAME:Vetted: Zertifizierungen und Überprüfungen" } else { "X-WR-CALNAME:Vetted: certifications and reviews" });
    let mut event = |uid: String, day: NaiveDate, summary: String, description: String, alarm_days: Option<u32>| {
        line("BEGIN:VEVENT");
        line(&format!("UID:{uid}@vetted.app"));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
        line(&format!("DTEND;VALUE=DATE:{}", day.succ_opt().unwrap_or(day).format("%Y%m%d")));
        line(&format!("SUMMARY:{}", escape(&summary)));
        line(&format!("DESCRIPTION:{}", escape(&description)));
        line("TRANSP:TRANSPARENT");
        if let Some(days) = alarm_days.filter(|d| *d > 0) {
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line(&format!("DESCRIPTION:{}", escape(&summary)));
            line(&format!("TRIGGER:-P{days}D"));
            line("END:VALARM");
        }
        line("END:VEVENT");
    };
    for c in certs.iter().filter(|c| c.status != CertStatus::Superseded) {
        let Some(until) = c.current_until else { continue };
        let scope = if c.scope.is_empty() { String::new() } else { format!(" ({})", c.scope) };
        let lapses = until.succ_opt().unwrap_or(until);
        event(
            format!("cert-{}", c.id),
            lapses,
            if de {
                format!("{}: {}{} läuft ab", c.vendor_name, c.kind_label, scope)
            } else {
                format!("{}: {}{} lapses", c.vendor_name, c.kind_label, scope)
            },
            if de {
                format!(
                    "{} von {} ist gültig bis {}. Bitten Sie den Dienstleister um den neuen Bericht oder das neue Zertifikat.",
                    c.kind_label,
                    c.vendor_name,
                    day(until)
                )
            } else {
                format!(
                    "{} of {} is current until {}. Ask the vendor for the new report or certificate.",
                    c.kind_label,
                    c.vendor_name,
                    day(until)
                )
            },
            Some(warning_days),
        );
    }
    for r in reviews {
        event(
            format!("review-{}", r.vendor_id),
            r.next_review,
            if de {
                format!("{}: Überprüfung des Dienstleisters fällig", r.vendor_name)
            } else {
                format!("{}: vendor review due", r.vendor_name)
            },
            if de {
                format!("Die regelmäßige Überprüfung von {} ist am {} fällig.", r.vendor_name, day(r.next_review))
            } else {
                format!("The periodic review of {} is due on {}.", r.vendor_name, day(r.next_review))
            },
            Some(14),
        );
    }
    line("END:VCALENDAR");
    out
}

/// Escapes text for a TEXT value: backslash, semicolon, comma and newlines.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets (never inside a UTF-8 character), ended by CRLF.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
}

/// The calendar of a register on `today`: its certifications' lapses and its active vendors' reviews.
pub async fn export(
    store: &crate::Store,
    rules: &crate::domain::certification::ValidityRules,
    today: NaiveDate,
    stamp: DateTime<Utc>,
    lang: Lang,
) -> crate::Result<String> {
    let certs = crate::certs::list(store, None, rules, today).await?;
    let reviews: Vec<ReviewDate> = store
        .review_dates()
        .await?
        .into_iter()
        .map(|(vendor_id, vendor_name, next_review)| ReviewDate { vendor_id, vendor_name, next_review })
        .collect();
    Ok(ics(&certs, &reviews, rules.warning_days, stamp, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cert(id: i64, until: Option<&str>, status: CertStatus) -> Certification {
        serde_json::from_value(serde_json::json!({
            "id": id, "vendor_id": 3, "vendor_name": "Müller, Schmidt; Co", "kind": "soc2_type2",
            "kind_label": "SOC 2 Type II", "issuer": "", "certificate_number": "", "scope": "Cloud CX",
            "services": [], "tsc": [], "period_start": null, "period_end": null, "as_of": null, "issued": null,
            "expires": null, "opinion": null, "exceptions": "", "evidence": "attestation", "security_report": true,
            "current_until": until, "status": status, "as_of_date": "2026-11-22", "created_at": "",
            "evidence_files": [], "reminders_muted": false
        }))
        .unwrap()
    }

    #[test]
    fn events_for_lapses_and_reviews_with_stable_ids_and_rfc5545_lines() {
        let certs = [
            cert(1, Some("2026-12-31"), CertStatus::Expiring),
            cert(2, Some("2025-12-31"), CertStatus::Superseded),
            cert(3, None, CertStatus::Unverified),
        ];
        let reviews = [ReviewDate { vendor_id: 9, vendor_name: "Twilio".into(), next_review: d("2027-02-28") }];
        let stamp = DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().with_timezone(&Utc);
        let german = ics(&certs, &reviews, 90, stamp, Lang::De);
        let ics = ics(&certs, &reviews, 90, stamp, Lang::En);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "superseded and undated records have no event");
        assert!(ics.contains("UID:cert-1@vetted.app\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\n"), "lapses the day after");
        assert!(ics.contains("SUMMARY:Müller\\, Schmidt\\; Co: SOC 2 Type II (Cloud CX) lapses\r\n"));
        assert!(ics.contains("TRIGGER:-P90D"));
        assert!(ics.contains("UID:review-9@vetted.app\r\nDTSTAMP:20261122T080000Z\r\nDTSTART;VALUE=DATE:20270228"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "folded: {line:?}");
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("DESCRIPTION:SOC 2 Type II of Müller\\, Schmidt\\; Co is current until 2026-12-31."));
        // In German, words and dates as a German reader writes them; the same events and ids.
        let german = german.replace("\r\n ", "");
        assert!(german.contains("SUMMARY:Müller\\, Schmidt\\; Co: SOC 2 Type II (Cloud CX) läuft ab\r\n"), "{german}");
        assert!(german.contains("ist gültig bis 31.12.2026."), "{german}");
        assert!(german.contains("SUMMARY:Twilio: Überprüfung des Dienstleisters fällig"), "{german}");
        assert!(german.contains("UID:cert-1@vetted.app\r\n") && !german.contains("lapses"), "{german}");
    }
}
