//! An assessment's facts in words, English or German: the reasons for a verdict, the evidence a
//! control rests on, what is missing. The scorer gives codes and values; the documents and the
//! CLI word them here (the UI has the same words in its catalogs, `ui/src/lib/facts.ts`).

use crate::labels::{self, pick, Lang};
use vetted_domain::assessment::{Assessment, CitedAnswer, ControlResult, Evidence, Missing, Reason, ReasonCode, Source, Weakness};
use vetted_domain::baseline::Strength;
use vetted_domain::certification::{TrustCriterion, ValidityRules};

/// A trust services criterion's name.
pub fn criterion(lang: Lang, c: TrustCriterion) -> &'static str {
    match c {
        TrustCriterion::Security => pick(lang, "Security", "Sicherheit"),
        TrustCriterion::Availability => pick(lang, "Availability", "Verfügbarkeit"),
        TrustCriterion::ProcessingIntegrity => pick(lang, "Processing Integrity", "Verarbeitungsintegrität"),
        TrustCriterion::Confidentiality => pick(lang, "Confidentiality", "Vertraulichkeit"),
        TrustCriterion::Privacy => pick(lang, "Privacy", "Datenschutz"),
    }
}

/// A strength of evidence as the object of a sentence ("rests on …", "needs …").
pub fn strength_phrase(lang: Lang, s: Strength) -> &'static str {
    match s {
        Strength::SelfDeclared => pick(lang, "the vendor's bare answer", "die bloße Antwort des Dienstleisters"),
        Strength::Documented => pick(lang, "the vendor's answer with its description", "die Antwort des Dienstleisters mit Beschreibung"),
        Strength::Limited => pick(lang, "limited independent evidence", "eingeschränkte unabhängige Nachweise"),
        Strength::Independent => pick(lang, "an independent attestation", "eine unabhängige Prüfung"),
    }
}

fn and(lang: Lang) -> &'static str {
    pick(lang, " and ", " und ")
}

fn criteria(lang: Lang, list: &[TrustCriterion]) -> String {
    list.iter().map(|&c| criterion(lang, c)).collect::<Vec<_>>().join(and(lang))
}

/// A control as a sentence names it: "BL-07 Access control".
pub fn control_name(lang: Lang, c: &ControlResult) -> String {
    let title = if lang == Lang::De && !c.title_de.is_empty() { &c.title_de } else { &c.title };
    format!("{} {title}", c.id)
}

/// One reason for the verdict, as a sentence (without the final stop).
pub fn reason(lang: Lang, a: &Assessment, r: &Reason) -> String {
    let control = r.control_id.as_deref().and_then(|id| a.controls.iter().find(|c| &*c.id == id));
    let name = control.map(|c| control_name(lang, c)).unwrap_or_default();
    match (r.code, lang) {
        (ReasonCode::NoEvidence, _) => pick(
            lang,
            "no questionnaire answer or current certification speaks to any control",
            "weder eine Antwort im Fragebogen noch eine gültige Zertifizierung belegt eine der Kontrollen",
        )
        .to_owned(),
        (ReasonCode::MandatoryNotMet, Lang::En) => format!("{name} is not met"),
        (ReasonCode::MandatoryNotMet, Lang::De) => format!("{name} ist nicht erfüllt"),
        (ReasonCode::MandatoryUnknown, Lang::En) => format!("nothing shows {name} is met"),
        (ReasonCode::MandatoryUnknown, Lang::De) => format!("nichts belegt, dass {name} erfüllt ist"),
        (ReasonCode::PartiallyMet, Lang::En) => format!("{name} is only partially met"),
        (ReasonCode::PartiallyMet, Lang::De) => format!("{name} ist nur teilweise erfüllt"),
        (ReasonCode::WeakEvidence, _) => {
            let (has, needed) = control
                .map_or((Strength::SelfDeclared, Strength::Independent), |c| (c.strength.unwrap_or(Strength::SelfDeclared), c.needed));
            match lang {
                Lang::En => format!("{name} rests on {}; the tier needs {}", strength_phrase(lang, has), strength_phrase(lang, needed)),
                Lang::De => {
                    format!(
                        "{name} stützt sich auf {}; die Risikostufe verlangt {}",
                        strength_phrase(lang, has),
                        strength_phrase(lang, needed)
                    )
                }
            }
        }
        (ReasonCode::ExpiringEvidence, Lang::En) => format!("{name} rests on a record that lapses within the warning window"),
        (ReasonCode::ExpiringEvidence, Lang::De) => format!("{name} stützt sich auf einen Nachweis, der innerhalb der Vorwarnzeit abläuft"),
        (ReasonCode::AcceptedRisk, _) => {
            let Some((c, acc)) = control.and_then(|c| c.accepted.as_ref().map(|acc| (c, acc))) else {
                return name;
            };
            let status = crate::labels::control_status(lang, c.status);
            match lang {
                Lang::En => format!("{name}: {status} — risk accepted by {} until {}: {}", acc.accepted_by, acc.until, acc.reason),
                Lang::De => {
                    format!(
                        "{name}: {status} – Risiko akzeptiert von {} bis {}: {}",
                        acc.accepted_by,
                        labels::date(lang, acc.until),
                        acc.reason
                    )
                }
            }
        }
    }
}

/// What weakens a certification as evidence.
pub fn weakness(lang: Lang, w: &Weakness) -> String {
    match (w, lang) {
        (Weakness::DatesUnverified, _) => {
            pick(lang, "its dates do not show it is current", "seine Daten zeigen nicht, dass er gültig ist").to_owned()
        }
        (Weakness::CriteriaUnstated { criteria: c }, Lang::En) => format!("it does not say whether {} is in scope", criteria(lang, c)),
        (Weakness::CriteriaUnstated { criteria: c }, Lang::De) => format!("er sagt nicht, ob {} im Prüfumfang ist", criteria(lang, c)),
        (Weakness::QualifiedOpinion, _) => pick(lang, "qualified opinion", "eingeschränktes Prüfungsurteil").to_owned(),
        (Weakness::Exceptions { criteria: c }, Lang::En) => format!("the auditor noted exceptions on {}", c.join(", ")),
        (Weakness::Exceptions { criteria: c }, Lang::De) => format!("der Prüfer vermerkte Abweichungen zu {}", c.join(", ")),
        (Weakness::ServicesNotCovered { services }, Lang::En) => format!("its scope does not cover {}", services.join(", ")),
        (Weakness::ServicesNotCovered { services }, Lang::De) => format!("sein Geltungsbereich umfasst nicht {}", services.join(", ")),
        (Weakness::BridgeOnly, _) => pick(lang, "current only through a bridge letter", "nur durch einen Bridge Letter gültig").to_owned(),
        (Weakness::CarvedOut { organisation, criteria: c }, Lang::En) => {
            format!("it carves out {organisation}, on which {} rests; that one needs its own report", c.join(", "))
        }
        (Weakness::CarvedOut { organisation, criteria: c }, Lang::De) => {
            format!("er klammert {organisation} aus, worauf {} beruht; dieser braucht einen eigenen Bericht", c.join(", "))
        }
    }
}

fn cited(lang: Lang, a: &CitedAnswer) -> String {
    let id = a.question_id.as_deref().unwrap_or(pick(lang, "question", "Frage"));
    let said = if a.said.is_empty() { pick(lang, "no answer", "keine Antwort") } else { &a.said };
    format!("{id}: {said}, {} {}", pick(lang, "sheet", "Zelle"), a.cell)
}

/// A piece of evidence in one line: the record or the answers it rests on, and what weakens it.
pub fn evidence(lang: Lang, e: &Evidence, rules: &ValidityRules) -> String {
    if let Some(words) = &e.recorded {
        return words.clone();
    }
    match &e.source {
        Source::Certification { kind, criteria: c, current_until, weakened, partly, partly_de, .. } => {
            let mut out = rules.rule(*kind).label.clone();
            if !c.is_empty() {
                out.push_str(", ");
                out.push_str(&criteria(lang, c));
                out.push_str(pick(lang, " in scope", " im Prüfumfang"));
            }
            match current_until {
                Some(d) => out.push_str(&format!("{}{}", pick(lang, ", current until ", ", gültig bis "), labels::date(lang, *d))),
                None => out.push_str(pick(lang, ", no date shows until when it is current", ", kein Datum zeigt, bis wann er gültig ist")),
            }
            if !weakened.is_empty() {
                let notes: Vec<String> = weakened.iter().map(|w| weakness(lang, w)).collect();
                out.push_str(&format!(" ({})", notes.join("; ")));
            }
            let partly = if lang == Lang::De { partly_de.as_ref().or(partly.as_ref()) } else { partly.as_ref() };
            if let Some(note) = partly {
                out.push_str(pick(lang, "; partly: ", "; teilweise: "));
                out.push_str(note);
            }
            out
        }
        Source::Questionnaire { template, answers, .. } => {
            let cited: Vec<String> = answers.iter().map(|a| cited(lang, a)).collect();
            format!("{template} {}", cited.join("; "))
        }
    }
}

/// What would be needed to meet a control fully.
pub fn missing(lang: Lang, m: &Missing) -> String {
    match (m, lang) {
        (Missing::FullEvidence, _) => {
            pick(lang, "evidence that the control is met in full", "ein Nachweis, dass die Kontrolle vollständig erfüllt ist").to_owned()
        }
        (Missing::NotInPlace, _) => {
            pick(lang, "the vendor says the control is not in place", "der Dienstleister gibt an, dass die Kontrolle nicht umgesetzt ist")
                .to_owned()
        }
        (Missing::Certification, _) => {
            pick(lang, "a current certification that covers it", "eine gültige Zertifizierung, die sie abdeckt").to_owned()
        }
        (Missing::AnswerOrCertification, _) => pick(
            lang,
            "an answer to its questions or a current certification that covers it",
            "eine Antwort auf ihre Fragen oder eine gültige Zertifizierung, die sie abdeckt",
        )
        .to_owned(),
        (Missing::StrongerEvidence { tier, needed, has }, Lang::En) => {
            let (needed, has) = (strength_phrase(lang, *needed), strength_phrase(lang, *has));
            match tier {
                Some(t) => format!("tier {} needs {needed}; this rests on {has}", t.get()),
                None => format!("a vendor without a tier is held to tier 1, which needs {needed}; this rests on {has}"),
            }
        }
        (Missing::StrongerEvidence { tier, needed, has }, Lang::De) => {
            let (needed, has) = (strength_phrase(lang, *needed), strength_phrase(lang, *has));
            match tier {
                Some(t) => format!("Risikostufe {} verlangt {needed}; vorhanden ist {has}", t.get()),
                None => {
                    format!(
                        "ein Dienstleister ohne Risikostufe wird wie Risikostufe 1 behandelt, die {needed} verlangt; vorhanden ist {has}"
                    )
                }
            }
        }
        (Missing::Recorded { text }, _) => text.clone(),
        (Missing::NewerReport, _) => {
            pick(lang, "a newer report: the one used lapses soon", "ein neuerer Bericht: der verwendete läuft bald ab").to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use vetted_domain::assessment::{ControlStatus, Evidence};
    use vetted_domain::certification::CertKind;

    fn cert(weakened: Vec<Weakness>) -> Evidence {
        Evidence {
            source: Source::Certification {
                certification_id: 1,
                kind: CertKind::Soc2Type2,
                criteria: vec![TrustCriterion::Security],
                current_until: NaiveDate::from_ymd_opt(2027, 3, 31),
                weakened,
                partly: None,
                partly_de: None,
            },
            strength: Strength::Independent,
            status: ControlStatus::Met,
            expiring: false,
            recorded: None,
        }
    }

    #[test]
    fn evidence_reads_as_a_dpo_would_cite_it_in_english_and_german() {
        let rules = ValidityRules::default_rules();
        assert_eq!(evidence(Lang::En, &cert(vec![]), &rules), "SOC 2 Type II, Security in scope, current until 2027-03-31");
        assert_eq!(evidence(Lang::De, &cert(vec![]), &rules), "SOC 2 Type II, Sicherheit im Prüfumfang, gültig bis 31.03.2027");
        let weak = cert(vec![Weakness::QualifiedOpinion, Weakness::Exceptions { criteria: vec!["CC6.1".into()] }]);
        assert_eq!(
            evidence(Lang::De, &weak, &rules),
            "SOC 2 Type II, Sicherheit im Prüfumfang, gültig bis 31.03.2027 (eingeschränktes Prüfungsurteil; der Prüfer vermerkte Abweichungen zu CC6.1)"
        );
        let answers = Evidence {
            source: Source::Questionnaire {
                questionnaire_id: 7,
                template: "CAIQ".into(),
                answers: vec![
                    CitedAnswer { question_id: Some("IAM-14.1".into()), said: "Yes".into(), cell: "CAIQv4.0.3!C8".into() },
                    CitedAnswer { question_id: None, said: String::new(), cell: "CAIQv4.0.3!C9".into() },
                ],
            },
            strength: Strength::SelfDeclared,
            status: ControlStatus::Met,
            expiring: false,
            recorded: None,
        };
        assert_eq!(
            evidence(Lang::En, &answers, &rules),
            "CAIQ IAM-14.1: Yes, sheet CAIQv4.0.3!C8; question: no answer, sheet CAIQv4.0.3!C9"
        );
        assert_eq!(
            evidence(Lang::De, &answers, &rules),
            "CAIQ IAM-14.1: Yes, Zelle CAIQv4.0.3!C8; Frage: keine Antwort, Zelle CAIQv4.0.3!C9"
        );
        let m = Missing::StrongerEvidence { tier: None, needed: Strength::Independent, has: Strength::SelfDeclared };
        assert_eq!(
            missing(Lang::En, &m),
            "a vendor without a tier is held to tier 1, which needs an independent attestation; this rests on the vendor's bare answer"
        );
        assert!(missing(Lang::De, &m).starts_with("ein Dienstleister ohne Risikostufe wird wie Risikostufe 1 behandelt"));
    }
}
