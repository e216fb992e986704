//! Reading real assurance documents (`../shared/realdata/assurance`): for each, the kind its INDEX
//! gives, and each fact either read as the INDEX states it or reported missing, never wrong. Two
//! synthetic Type 2 reports made with LibreOffice (`tests/fixtures/assurance`, an English SOC 2
//! and a German C5) stand for the tests of controls and their exceptions, which no real document
//! here has.

use chrono::NaiveDate;
use vetted_core::assurance::{self, DocumentKind, Fact, Opinion, Reading};
use vetted_tests::{json, realdata, TestRegister};

/// What a careful reader takes from one file (from its INDEX); `None`: the fact is not in the text
/// (an image) or not stated, and must not be read.
struct Expected {
    file: &'static str,
    kind: DocumentKind,
    organisation: Option<&'static str>,
    auditor: Option<&'static str>,
    period: Option<(&'static str, &'static str)>,
    as_of: Option<&'static str>,
    issued: Option<&'static str>,
    expires: Option<&'static str>,
    number: Option<&'static str>,
    opinion: Option<Opinion>,
    categories: Option<&'static [&'static str]>,
    /// Facts that must be read (not only "not wrong").
    must: &'static [&'static str],
    /// Subservice organisations (name or none for "multiple ... unnamed", carved out?).
    subservices: &'static [(Option<&'static str>, bool)],
    cuecs: usize,
    /// The criteria the report leaves to its (first) subservice organisation.
    csoc: &'static [&'static str],
    /// Tests of controls: how many results, and the criteria of the exceptions noted (one each).
    exceptions: Option<(u32, &'static [&'static str])>,
    /// The kind of record the reading proposes, where the test checks it.
    proposed_kind: Option<&'static str>,
    /// A synthetic document from `tests/fixtures/assurance`.
    synthetic: bool,
}

const NONE: Expected = Expected {
    file: "",
    kind: DocumentKind::Other,
    organisation: None,
    auditor: None,
    period: None,
    as_of: None,
    issued: None,
    expires: None,
    number: None,
    opinion: None,
    categories: None,
    must: &[],
    subservices: &[],
    cuecs: 0,
    csoc: &[],
    exceptions: None,
    proposed_kind: None,
    synthetic: false,
};

fn table() -> Vec<Expected> {
    use DocumentKind::*;
    vec![
        Expected {
            file: "soc2-type1-tembo-as-of-2023-11-30.pdf",
            kind: Soc2Type1,
            organisation: Some("Tembo Data Systems, Inc."),
            auditor: Some("Armanino LLP"),
            as_of: Some("2023-11-30"),
            opinion: Some(Opinion::Unqualified),
            categories: Some(&["security"]),
            must: &["organisation", "as_of", "opinion", "categories"],
            subservices: &[(Some("Amazon Web Services"), true)],
            cuecs: 8,
            csoc: &["CC6.4", "CC7.2"],
            ..NONE
        },
        Expected {
            file: "soc2-type2-northwind-synthetic.pdf",
            kind: Soc2Type2,
            organisation: Some("Northwind Traders, Inc."),
            auditor: Some("Example Assurance LLP"),
            period: Some(("2025-03-01", "2026-02-28")),
            opinion: Some(Opinion::Unqualified),
            categories: Some(&["security", "availability"]),
            must: &["organisation", "auditor", "period", "opinion", "categories"],
            subservices: &[(Some("Microsoft Azure"), true)],
            cuecs: 4,
            csoc: &["CC6.4", "A1.2"],
            exceptions: Some((7, &["CC6.2", "CC7.3"])),
            proposed_kind: Some("soc2_type2"),
            synthetic: true,
            ..NONE
        },
        Expected {
            file: "c5-type2-musterwolke-synthetic.pdf",
            kind: BsiC5,
            organisation: Some("Musterwolke GmbH"),
            auditor: Some("Beispiel Revision Wirtschaftsprüfungsgesellschaft AG"),
            period: Some(("2025-01-01", "2025-12-31")),
            opinion: Some(Opinion::Unqualified),
            must: &["organisation", "auditor", "period", "opinion"],
            exceptions: Some((3, &["IDM-08"])),
            proposed_kind: Some("bsi_c5_type2"),
            synthetic: true,
            ..NONE
        },
        Expected {
            file: "soc3-aws-2022-04-to-2022-09.pdf",
            kind: Soc3,
            organisation: Some("Amazon Web Services, Inc."),
            period: Some(("2022-04-01", "2022-09-30")),
            categories: Some(&["security", "availability", "confidentiality"]),
            // auditor and opinion are only in the scanned pages
            must: &["period", "categories"],
            ..NONE
        },
        Expected {
            file: "soc3-gcp-2022-11-to-2023-10.pdf",
            kind: Soc3,
            organisation: Some("Google LLC"),
            auditor: Some("Ernst & Young LLP"),
            period: Some(("2022-11-01", "2023-10-31")),
            opinion: Some(Opinion::Unqualified),
            categories: Some(&["security", "availability", "confidentiality", "privacy"]),
            must: &["organisation", "auditor", "period", "opinion", "categories"],
            ..NONE
        },
        Expected {
            file: "soc3-instructure-canvas-2021-07-to-2022-06.pdf",
            kind: Soc3,
            organisation: Some("Instructure"),
            period: Some(("2021-07-01", "2022-06-30")),
            opinion: Some(Opinion::Unqualified),
            categories: Some(&["security", "availability", "processing_integrity", "confidentiality", "privacy"]),
            must: &["period", "opinion", "categories"],
            subservices: &[(None, true)],
            cuecs: 7,
            ..NONE
        },
        Expected {
            file: "soc3-instructure-masteryconnect-2022-07-to-2023-06.pdf",
            kind: Soc3,
            organisation: Some("Instructure"),
            period: Some(("2022-07-01", "2023-06-30")),
            opinion: Some(Opinion::Unqualified),
            categories: Some(&["security", "availability", "confidentiality", "privacy"]),
            must: &["period", "opinion", "categories"],
            subservices: &[(Some("Amazon Web Services"), true)],
            cuecs: 2,
            ..NONE
        },
        Expected {
            file: "soc3-plivo-2024-06-to-2025-06.pdf",
            kind: Soc3, // not the "SOC 2 Type 2" of its contents page's footer
            organisation: Some("Plivo Inc"),
            period: Some(("2024-06-30", "2025-06-29")),
            opinion: Some(Opinion::Unqualified),
            categories: Some(&["security", "availability", "confidentiality"]),
            must: &["organisation", "period", "opinion", "categories"],
            ..NONE
        },
        Expected {
            file: "soc2-type1-attestation-status-kinde-2024-02.pdf",
            kind: AttestationStatus,
            organisation: Some("Kinde Pty Ltd"),
            auditor: Some("AssuranceLab"),
            issued: Some("2024-02-21"),
            number: Some("2024-03-02"),
            must: &["organisation", "issued"],
            ..NONE
        },
        Expected {
            file: "iso27001-cert-aws-2020-reissue-exp-2022.pdf",
            kind: Iso27001_2013,
            organisation: Some("Amazon Web Services, Inc."),
            auditor: Some("Ernst & Young CertifyPoint"),
            issued: Some("2019-11-05"),
            expires: Some("2022-11-07"),
            number: Some("2013-009"),
            must: &["organisation", "auditor", "issued", "expires", "number"],
            ..NONE
        },
        Expected {
            file: "iso27001-cert-instructure-2022-08-reissue.pdf",
            kind: Iso27001_2013,
            organisation: Some("Instructure, Inc."),
            auditor: Some("Cadence Assurance, LLC"),
            issued: Some("2021-12-21"),
            expires: Some("2024-12-20"),
            number: Some("ISO20220801"),
            must: &["organisation", "auditor", "issued", "expires", "number"],
            ..NONE
        },
        Expected {
            file: "iso27001-cert-aptible-2017-brooklyn.pdf",
            kind: Iso27001_2013,
            organisation: Some("Aptible, Inc."),
            auditor: Some("Coalfire ISO"),
            issued: Some("2017-09-01"),
            expires: Some("2020-09-01"),
            number: Some("201709010001-ISO"),
            must: &["organisation", "auditor", "issued", "expires", "number"],
            ..NONE
        },
        Expected { file: "iso27001-cert-aptible-2017-portland-scanned.pdf", kind: ImageOnly, ..NONE },
        Expected {
            file: "iso27001-cert-kinde-2023-exp-2026.pdf",
            kind: Iso27001_2022,
            organisation: Some("Kinde Australia Pty Ltd"),
            auditor: Some("Compass Assurance Services"),
            issued: Some("2023-04-12"),
            expires: Some("2026-04-11"),
            number: Some("4701-3145-01"),
            must: &["organisation", "issued", "expires", "number"],
            ..NONE
        },
        Expected {
            file: "iso27001-cert-crowdin-2024-temporary.pdf",
            kind: Iso27001_2022,
            organisation: Some("OÜ Crowdin"),
            auditor: Some("MSECB"),
            issued: Some("2024-01-09"),
            expires: Some("2024-11-23"),
            number: Some("C1296-ISMS483-11-21-issue3"),
            must: &["organisation", "issued", "expires", "number"],
            ..NONE
        },
        Expected {
            file: "csa-star-cert-aws-ccm4-exp-2022.pdf",
            kind: CsaStarCertification,
            organisation: Some("Amazon Web Services, Inc."),
            auditor: Some("Ernst & Young CertifyPoint"),
            issued: Some("2020-11-06"),
            expires: Some("2022-11-30"),
            number: Some("2020-026"),
            must: &["organisation", "issued", "expires", "number"],
            ..NONE
        },
        Expected { file: "csa-star-registry-instructure-level1-2022-screenshot.pdf", kind: ImageOnly, ..NONE },
        Expected {
            file: "pci-aoc-saqd-sp-instructure-2022-v3.2.1.pdf",
            kind: PciDssAoc,
            organisation: Some("Instructure, Inc."),
            auditor: Some("Cadence Assurance, LLC"),
            must: &["organisation", "auditor"],
            ..NONE
        },
        Expected {
            file: "iso9001-cert-aws-2022-exp-2025-near-miss.pdf",
            kind: Other, // named as what it is, not forced into ISO 27001
            organisation: Some("Amazon Web Services, Inc."),
            auditor: Some("Ernst & Young CertifyPoint"),
            issued: Some("2022-11-18"),
            expires: Some("2025-11-30"),
            number: Some("2014-014"),
            must: &["organisation"],
            ..NONE
        },
    ]
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A fact read must be the expected one, and carry its page and words; one expected must be read.
fn check<T: PartialEq + std::fmt::Debug>(
    file: &str,
    name: &str,
    read: &Option<Fact<T>>,
    want: Option<T>,
    must: bool,
    wrong: &mut Vec<String>,
) {
    match (read, want) {
        (Some(f), Some(w)) if f.value == w => assert!(f.page >= 1 && !f.quote.is_empty(), "{file}: {name} has no source"),
        (Some(f), want) => wrong.push(format!("{file}: {name} read {:?} (p. {} \"{}\"), expected {want:?}", f.value, f.page, f.quote)),
        (None, Some(_)) if must => wrong.push(format!("{file}: {name} not read")),
        (None, _) => {}
    }
}

#[test]
fn every_real_assurance_document_is_read_right_or_said_missing_never_wrong() {
    let Some(dir) = realdata() else { return };
    let mut wrong = Vec::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/assurance");
    for e in table() {
        let path = if e.synthetic { fixtures.join(e.file) } else { dir.join("assurance").join(e.file) };
        let bytes = std::fs::read(path).unwrap();
        let r: Reading = assurance::read(&bytes, &Default::default()).unwrap_or_else(|err| panic!("{}: {err:?}", e.file));
        assert_eq!(r.kind.value, e.kind, "{}: {:?}", e.file, r.kind);
        let must = |n: &str| e.must.contains(&n);
        check(e.file, "organisation", &r.organisation, e.organisation.map(str::to_owned), must("organisation"), &mut wrong);
        check(e.file, "auditor", &r.auditor, e.auditor.map(str::to_owned), must("auditor"), &mut wrong);
        check(e.file, "period_start", &r.period_start, e.period.map(|p| day(p.0)), must("period"), &mut wrong);
        check(e.file, "period_end", &r.period_end, e.period.map(|p| day(p.1)), must("period"), &mut wrong);
        check(e.file, "as_of", &r.as_of, e.as_of.map(day), must("as_of"), &mut wrong);
        check(e.file, "issued", &r.issued, e.issued.map(day), must("issued"), &mut wrong);
        check(e.file, "expires", &r.expires, e.expires.map(day), must("expires"), &mut wrong);
        check(e.file, "certificate_number", &r.certificate_number, e.number.map(str::to_owned), must("number"), &mut wrong);
        check(e.file, "opinion", &r.opinion, e.opinion, must("opinion"), &mut wrong);
        let cats = e.categories.map(|c| c.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        check(e.file, "categories", &r.categories, cats, must("categories"), &mut wrong);
        let subs: Vec<(Option<&str>, bool)> = r
            .subservice_organisations
            .iter()
            .map(|s| (s.value.name.as_deref(), s.value.method == Some(assurance::SubserviceMethod::CarveOut)))
            .collect();
        assert_eq!(subs, e.subservices, "{}: subservice organisations", e.file);
        assert_eq!(r.cuecs.len(), e.cuecs, "{}: {:?}", e.file, r.cuecs.iter().map(|c| &c.value).collect::<Vec<_>>());
        assert!(r.cuecs.iter().all(|c| c.value.len() > 20 && c.value.ends_with('.')), "{}: each duty whole", e.file);
        let csoc = r.subservice_organisations.first().map(|s| s.value.criteria.clone()).unwrap_or_default();
        assert_eq!(csoc, e.csoc, "{}: the criteria left to the subservice organisation", e.file);
        let exceptions = r.exceptions.as_ref().map(|x| (x.value.tests, x.value.criteria.clone(), x.value.count, x.review));
        let want =
            e.exceptions.map(|(tests, criteria)| (tests, criteria.iter().map(|c| c.to_string()).collect(), criteria.len() as u32, false));
        assert_eq!(exceptions, want, "{}: tests of controls", e.file);
        if let Some(x) = &r.exceptions {
            assert!(
                x.value.noted.iter().all(|n| n.value.text.ends_with('.') && n.value.text.len() > 40),
                "{}: each exception whole",
                e.file
            );
            let proposed = &r.proposed.as_ref().unwrap().exceptions;
            assert!(x.value.criteria.iter().all(|c| proposed.contains(c.as_str())), "{}: the record names the criteria", e.file);
        }
        if let Some(kind) = e.proposed_kind {
            assert_eq!(r.proposed.as_ref().map(|p| p.kind.as_str()), Some(kind), "{}: the record proposed", e.file);
        }
        if e.kind == DocumentKind::ImageOnly {
            assert_eq!(r.text_pages, 0, "{}", e.file);
        }
        if e.kind == DocumentKind::Other {
            assert_eq!(r.other.as_deref(), Some("ISO 9001:2015"), "{}", e.file);
        }
    }
    assert!(wrong.is_empty(), "{} facts wrong or not read:\n{}", wrong.len(), wrong.join("\n"));
}

/// Hostile or broken files are refused with a reason, never a panic.
#[test]
fn what_is_not_a_readable_pdf_is_refused_with_the_reason() {
    let limits = assurance::Limits::default();
    assert_eq!(assurance::read(b"PK\x03\x04 a zip", &limits).unwrap_err(), assurance::TextError::NotPdf);
    assert!(matches!(assurance::read(b"%PDF-1.7\n garbage", &limits).unwrap_err(), assurance::TextError::Damaged(_)));
    let small = assurance::Limits { max_bytes: 10, ..limits };
    assert_eq!(assurance::read(b"%PDF-1.7 ............", &small).unwrap_err(), assurance::TextError::TooLarge { limit: 10 });
    let Some(dir) = realdata() else { return };
    let tembo = std::fs::read(dir.join("assurance/soc2-type1-tembo-as-of-2023-11-30.pdf")).unwrap();
    let few = assurance::Limits { max_pages: 10, ..limits };
    assert_eq!(assurance::read(&tembo, &few).unwrap_err(), assurance::TextError::TooManyPages { pages: 46, limit: 10 });
}

/// `vetted certs read FILE --json` names each fact it found with its page and quote.
#[tokio::test]
async fn the_cli_reads_a_certificate_as_json() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    let file = dir.join("assurance/iso27001-cert-instructure-2022-08-reissue.pdf");
    let read = json(&reg.cli(&["certs", "read", file.to_str().unwrap(), "--json"]));
    assert_eq!(read["kind"]["value"], "iso27001_2013");
    assert_eq!(read["expires"]["value"], "2024-12-20");
    assert_eq!(read["expires"]["page"], 1);
    assert!(read["expires"]["quote"].as_str().unwrap().contains("December 20, 2024"), "{read}");
    assert_eq!(read["organisation"]["value"], "Instructure, Inc.");
    assert!(read["missing"].as_array().unwrap().is_empty(), "{read}");
    // the record it proposes, which the CLI can save as it is
    let proposed = &read["proposed"];
    assert_eq!((proposed["kind"].as_str(), proposed["expires"].as_str()), (Some("iso27001_2013"), Some("2024-12-20")));
    assert_eq!(proposed["issuer"], "Cadence Assurance, LLC");
}

/// A SOC 3 report is a kind of its own: current about 12 months after its period, like the SOC 2
/// Type II it summarises, and an independent security attestation.
#[tokio::test]
async fn a_soc3_report_is_recorded_as_what_it_is() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Plivo"]).status.success());
    let added = json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Plivo",
        "--kind",
        "soc3",
        "--period-start",
        "2024-06-30",
        "--period-end",
        "2025-06-29",
        "--json",
    ]));
    assert_eq!(added[0]["kind"], "soc3");
    assert_eq!(added[0]["current_until"], "2026-06-29");
    assert_eq!(added[0]["security_report"], true);
}

/// A report attached as evidence is read and kept with its record: the facts (all of them, as
/// read), the organisation it carves out (which weakens the report for the controls that rest on
/// it, and is sealed: changed behind Vetted's back, `verify` says so) and the customer's duties as
/// a checklist whose every change is in the history.
#[tokio::test]
async fn a_report_kept_as_evidence_keeps_its_facts_carve_outs_and_duties() {
    use vetted_core::domain::assessment::{Source, Weakness};
    use vetted_core::domain::certification::{CertDraft, DutyState};
    let reg = TestRegister::new().await;
    let report = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/assurance/soc2-type2-northwind-synthetic.pdf");
    let vendor = reg
        .add(vetted_core::domain::VendorDraft {
            name: "Northwind".into(),
            tier_override: Some(1),
            tier_override_reason: "hosts the ledger".into(),
            ..Default::default()
        })
        .await;
    let proposed = reg.register.read_assurance(&report).await.unwrap().proposed.unwrap();
    let cert = reg.register.add_certification(vendor.id, &proposed, std::slice::from_ref(&report)).await.unwrap();
    assert!(cert.read_from_document);
    assert_eq!(cert.carve_outs.len(), 1);
    assert_eq!(
        (cert.carve_outs[0].organisation.as_str(), cert.carve_outs[0].criteria.clone()),
        ("Microsoft Azure", vec!["CC6.4".into(), "A1.2".into()])
    );
    let duties: Vec<(&str, DutyState)> = cert.duties.iter().map(|d| (d.text.as_str(), d.state)).collect();
    assert_eq!(duties.len(), 4);
    assert_eq!(duties[1], ("Reviewing user access to the Ledger Platform at least quarterly.", DutyState::Open));
    // the whole reading, as read
    let kept = reg.register.cert_readings(cert.id).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].exceptions.as_ref().map(|x| x.value.criteria.clone()), Some(vec!["CC6.2".to_owned(), "CC7.3".to_owned()]));
    assert_eq!(kept[0], reg.register.read_assurance(&report).await.unwrap());

    // the scoring reads the carve-out and the exceptions as the reasons they are
    let scored = reg.register.assess(Some(vendor.id), Some(day("2026-06-01")), None).await.unwrap();
    let weakened = |control: &str| -> Vec<Weakness> {
        let c = scored[0].assessment.controls.iter().find(|c| &*c.id == control).unwrap();
        c.evidence
            .iter()
            .find_map(|e| match &e.source {
                Source::Certification { weakened, .. } => Some(weakened.clone()),
                _ => None,
            })
            .unwrap_or_default()
    };
    assert_eq!(weakened("BL-10"), [Weakness::CarvedOut { organisation: "Microsoft Azure".into(), criteria: vec!["A1.2".into()] }]);
    assert_eq!(weakened("BL-07"), [Weakness::Exceptions { criteria: vec!["CC6.2".into()] }]);
    assert_eq!(weakened("BL-08"), []);

    // the checklist: where the customer stands, in the history
    let done = reg.register.set_duty(cert.duties[1].id, "in_place", "Quarterly review in our IAM tool").await.unwrap();
    assert_eq!(done.state, DutyState::InPlace);
    let again = reg.register.certifications(Some(vendor.id), None).await.unwrap();
    assert_eq!(again[0].duties[1].state, DutyState::InPlace);
    assert_eq!(again[0].duties[1].note, "Quarterly review in our IAM tool");
    let history = reg.register.history(Some(vendor.id), 50).await.unwrap();
    let fields: Vec<String> = history.iter().filter_map(|h| h.field.clone()).collect();
    let id = cert.duties[1].id;
    assert!(fields.contains(&format!("duty:{id}:state")) && fields.contains(&format!("duty:{id}:note")), "{fields:?}");
    assert!(history.iter().any(|h| h.field.as_deref() == Some("reading")));
    let bad = reg.register.set_duty(cert.duties[0].id, "done", "").await.unwrap_err();
    assert_eq!(bad.code(), vetted_core::domain::ErrorCode::InvalidInput);

    // the same record from a hand-typed draft with a text PDF that is not a report keeps its facts too,
    // and a file that is not a PDF keeps none
    let plain = reg
        .register
        .add_certification(vendor.id, &CertDraft { kind: "pen_test".into(), as_of: "2026-01-10".into(), ..Default::default() }, &[])
        .await
        .unwrap();
    assert!(!plain.read_from_document && plain.duties.is_empty());

    // the summary PDF, in German: the carve-out beside the report, the checklist with where the customer stands
    let pdf = reg.dir.path().join("summary-de.pdf");
    reg.register.write_summary(vendor.id, vetted_core::report::Lang::De, Some(day("2026-06-01")), &pdf).await.unwrap();
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Klammert Microsoft Azure (CC6.4, A1.2) aus: braucht einen eigenen Bericht"), "{text}");
    assert!(text.contains("Ihre Seite: was die Berichte Ihnen überlassen"), "{text}");
    assert!(
        text.contains("Reviewing user access to the Ledger Platform at least quarterly. (S. 3) Quarterly review in our IAM tool umgesetzt"),
        "{text}"
    );
    assert_eq!(text.matches("(S. 3) offen SOC 2 Type II").count(), 3, "three duties still open: {text}");

    // the CLI in German: the report read, and the checklist
    let read = reg.cli(&["certs", "read", "--lang", "de", report.to_str().unwrap()]);
    let said = vetted_tests::stdout(&read);
    for line in [
        "Ende des Zeitraums: 28.02.2026 – S. 1",
        "Prüfungsurteil: uneingeschränkt – S. 2",
        "Subdienstleister: Microsoft Azure (cloud hosting services) – ausgeklammert: braucht einen eigenen Bericht, überlässt ihm CC6.4, A1.2 – S. 2",
        "Prüfung der Kontrollen: 7 Ergebnisse, 2 Abweichungen",
        "- CC7.3: Exceptions noted. For 1 of 12 sampled incidents, the post-incident review was not documented. (S. 4)",
    ] {
        assert!(said.contains(line), "{line} not in:\n{said}");
    }
    let duties = vetted_tests::stdout(&reg.cli(&["certs", "duties", "--vendor", "Northwind", "--lang", "de"]));
    assert!(duties.contains("Northwind – SOC 2 Type II (4 Pflichten)") && duties.contains("umgesetzt"), "{duties}");
    assert_eq!(duties.matches(" offen ").count(), 3, "{duties}");

    // sealed: a carve-out removed behind Vetted's back is found
    assert!(reg.register.verify_history().await.unwrap().records_broken.is_empty());
    reg.register.close().await;
    vetted_tests::without_trigger(
        &reg.db,
        "certification_readings",
        "certification_readings_never_updated",
        "UPDATE certification_readings SET carve_outs = '[]'",
    );
    let verify = reg.cli(&["history", "verify"]);
    assert!(!verify.status.success());
    let said = vetted_tests::stderr(&verify);
    assert!(said.contains(&format!("record reading:{} was changed after it was written", 1)), "{said}");
}

/// A scan has no text layer and is reported as such; with Tesseract and pdftoppm on the machine
/// (`npm test` installs them; for a user they are optional), its words are recognised and the
/// facts read from them beside it, each marked for review; a screenshot of a STAR registry
/// listing is named the self-assessment it is.
#[tokio::test]
async fn scans_are_read_by_text_recognition_every_fact_marked_for_review() {
    let Some(dir) = realdata() else { return };
    if !vetted_core::recognise::available() {
        panic!("text recognition needs pdftoppm (poppler-utils) and tesseract (tesseract-ocr): scripts/setup.sh --test installs them");
    }
    let reg = TestRegister::new().await;
    let read = reg.register.read_assurance(&dir.join("assurance/iso27001-cert-aptible-2017-portland-scanned.pdf")).await.unwrap();
    // the document is what it is, a scan with no text; what was recognised in its image is beside it
    assert_eq!((read.kind.value, read.text_pages, read.proposed.is_none()), (DocumentKind::ImageOnly, 0, true));
    let scan = read.recognised.expect("the words recognised");
    assert!(scan.ocr);
    assert_eq!(scan.kind.value, DocumentKind::Iso27001_2013);
    let facts = [&scan.organisation, &scan.auditor, &scan.certificate_number];
    assert_eq!(
        facts.map(|f| f.as_ref().map(|f| f.value.as_str())),
        [Some("Aptible, Inc."), Some("Coalfire ISO"), Some("201709010001-ISO")]
    );
    assert_eq!(
        (scan.issued.as_ref().map(|f| f.value), scan.expires.as_ref().map(|f| f.value)),
        (Some(day("2017-09-01")), Some(day("2020-09-01")))
    );
    assert!(facts.iter().all(|f| f.as_ref().unwrap().review) && scan.issued.as_ref().unwrap().review && scan.kind.review);
    assert_eq!(scan.proposed.as_ref().map(|p| p.kind.as_str()), Some("iso27001_2013"));

    let listing =
        reg.register.read_assurance(&dir.join("assurance/csa-star-registry-instructure-level1-2022-screenshot.pdf")).await.unwrap();
    assert_eq!(listing.kind.value, DocumentKind::ImageOnly);
    let listing = listing.recognised.expect("the words recognised");
    assert_eq!(listing.kind.value, DocumentKind::CsaStarRegistry, "a self-assessment, not a certification");
    assert_eq!(listing.proposed.as_ref().map(|p| p.kind.as_str()), Some("csa_star_l1"));

    // the CLI says so too
    let out = reg.cli(&["certs", "read", dir.join("assurance/iso27001-cert-aptible-2017-portland-scanned.pdf").to_str().unwrap()]);
    assert!(vetted_tests::stdout(&out).contains("issued: 2017-09-01 (check it)"), "{}", vetted_tests::stdout(&out));
}
