//! Benchmark: scoring every vendor of a generated 10,000-vendor register against the default
//! baseline (each vendor with a 261-answer CAIQ and three certifications), and one vendor alone;
//! the pure scoring function, then one vendor end to end through the store.

use chrono::NaiveDate;

/// The allocator the shipped binaries use (see src-tauri/src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use vetted_core::certs::Certification;
use vetted_core::domain::certification::{CertKind, CertStatus, EvidenceLevel, Opinion, TrustCriterion, ValidityRules};
use vetted_core::domain::questionnaire::GivenAnswer;
use vetted_core::domain::Tier;
use vetted_core::import::extract::ImportedAnswer;
use vetted_core::import::{self, Answer, ImportOptions};
use vetted_core::scoring::{Baseline, QuestionnaireFacts, Scorer, Subject};
use vetted_tests::{realdata, time_ms};

const VENDORS: usize = 10_000;
/// Distinct questionnaires, assigned round-robin (10,000 copies would only measure memory).
const VARIANTS: usize = 100;

/// The real CAIQ's 261 answers when ../shared is present, else 261 made-up CAIQ v4 answers that
/// name every id the baseline asks about.
fn caiq_answers() -> Vec<ImportedAnswer> {
    if let Some(dir) = realdata() {
        let p = import::preview(&dir.join("caiq-v4.0.3-instructure.xlsx"), &ImportOptions::default(), import::profile::shipped()).unwrap();
        return p.rows;
    }
    let baseline = Baseline::default_baseline();
    let mut ids: Vec<String> =
        baseline.controls.iter().flat_map(|c| c.questions.iter()).filter(|q| q.template == "caiq-v4").flat_map(|q| q.ids.clone()).collect();
    ids.extend((ids.len()..261).map(|i| format!("XXX-{i:02}.1")));
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| ImportedAnswer {
            cell: format!("CAIQv4.0.3!C{}", i + 3),
            sheet: "CAIQv4.0.3".into(),
            row: i as u32 + 3,
            question_id: Some(id),
            question: "Are policies and procedures established, documented, approved, communicated and applied?".into(),
            answer: Answer::Yes,
            original: "Yes".into(),
            comment: "Described in our information security policy, reviewed yearly.".into(),
            control: None,
            domain: None,
        })
        .collect()
}

fn cert(id: i64, kind: CertKind, label: &str, until: &str, evidence: EvidenceLevel) -> Certification {
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Certification {
        id,
        vendor_id: id / 3,
        vendor_name: String::new(),
        kind,
        kind_label: label.into(),
        issuer: "Auditor LLP".into(),
        certificate_number: String::new(),
        scope: "The service".into(),
        services: vec![],
        tsc: vec![TrustCriterion::Security, TrustCriterion::Availability, TrustCriterion::Confidentiality],
        period_start: Some(day("2025-10-01")),
        period_end: Some(day("2026-09-30")),
        as_of: None,
        issued: Some(day("2025-01-10")),
        expires: None,
        opinion: Some(Opinion::Unqualified),
        exceptions: "CC7.2: one alert not followed up".into(),
        evidence,
        security_report: true,
        current_until: Some(day(until)),
        status: CertStatus::Current,
        as_of_date: day("2026-11-22"),
        created_at: String::new(),
        evidence_files: vec![],
        reminders_muted: false,
        read_from_document: false,
        carve_outs: vec![],
        duties: vec![],
    }
}

fn main() {
    let rules = ValidityRules::default_rules();
    let baseline = Baseline::default_baseline();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let base = caiq_answers();
    let variants: Vec<Vec<GivenAnswer>> = (0..VARIANTS)
        .map(|v| {
            let mut answers = base.clone();
            for (i, a) in answers.iter_mut().enumerate() {
                if (i + v) % 17 == 0 {
                    a.answer = Answer::No;
                } else if (i + v) % 29 == 0 {
                    a.answer = Answer::Unknown;
                }
            }
            answers.iter().map(GivenAnswer::from).collect()
        })
        .collect();
    let certs: Vec<Vec<Certification>> = (0..VENDORS as i64)
        .map(|v| {
            vec![
                cert(v * 3, CertKind::Soc2Type2, "SOC 2 Type II", "2027-09-30", EvidenceLevel::Attestation),
                cert(v * 3 + 1, CertKind::Iso27001_2022, "ISO/IEC 27001:2022", "2028-01-09", EvidenceLevel::Attestation),
                cert(v * 3 + 2, CertKind::PenTest, "Penetration test", "2027-03-01", EvidenceLevel::PointInTime),
            ]
        })
        .collect();
    let services = vec!["The service".to_owned()];
    let subjects: Vec<Subject> = (0..VENDORS)
        .map(|v| Subject {
            tier: Some(Tier::new(1 + (v % 3) as u8).unwrap()),
            services: &services,
            questionnaire: Some(QuestionnaireFacts {
                id: v as i64,
                template: "caiq-v4",
                template_name: "CSA CAIQ",
                answers: &variants[v % VARIANTS],
            }),
            certifications: &certs[v],
            accepted: &[],
        })
        .collect();
    println!("scoring: {} vendors, {} answers each, 3 certifications each, {} controls", VENDORS, base.len(), baseline.controls.len());

    let mut verdicts = [0usize; 4];
    let (all_med, all_p95) = time_ms(2, 15, || {
        let scorer = Scorer::new(&baseline);
        verdicts = [0; 4];
        for a in scorer.assess_all(&subjects, today, &rules) {
            verdicts[a.verdict as usize] += 1;
        }
    });
    println!("  all {VENDORS} vendors: median {all_med:.1} ms, p95 {all_p95:.1} ms  (target < 200 ms; verdicts meets/conditional/fails/insufficient {verdicts:?})");
    let (one_med, one_p95) = time_ms(50, 2001, || {
        std::hint::black_box(vetted_core::scoring::assess(&baseline, &subjects[1], today, &rules));
    });
    println!("  one vendor (baseline prepared each time): median {:.3} ms, p95 {:.3} ms  (target < 1 ms)", one_med, one_p95);

    // One vendor end to end: read from a real register file, score, compare with the last snapshot.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (store, vendor) = rt.block_on(async {
        let store = vetted_core::Store::open(&dir.path().join("bench.db")).await.unwrap();
        let draft = vetted_core::domain::VendorDraft {
            name: "Bench".into(),
            services: services.clone(),
            data_sensitivity: "high".into(),
            business_impact: "high".into(),
            ..Default::default()
        };
        let v = store.create_vendor(&vetted_tests::ctx("bench", 0), &draft.parse().unwrap()).await.unwrap();
        (store, v.id)
    });
    if let Some(dir) = realdata() {
        rt.block_on(async {
            let profiles = import::profiles(&store).await.unwrap();
            import::import_file(
                &store,
                &vetted_tests::ctx("bench", 1),
                vendor,
                &dir.join("caiq-v4.0.3-instructure.xlsx"),
                &ImportOptions::default(),
                profiles,
            )
            .await
            .unwrap();
        });
    }
    let options = vetted_core::assess::ScoreOptions { as_of: today, today, baseline: None, keep: true };
    let (e2e_med, e2e_p95) = time_ms(5, 101, || {
        rt.block_on(vetted_core::assess::score(&store, &vetted_tests::ctx("bench", 2), &rules, Some(vendor), &options)).unwrap();
    });
    println!("  one vendor end to end (store read, score, snapshot check): median {e2e_med:.2} ms, p95 {e2e_p95:.2} ms");
}
