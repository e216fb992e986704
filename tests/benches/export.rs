//! Benchmark: one vendor's summary PDF (a real CAIQ, two certifications, a Unicode name) and the
//! sub-processor list of a 1,000-vendor register as PDF, XLSX and CSV, with the files' sizes.
//! Rendering only (the store's reads are measured by the scoring and list benchmarks), warm: the
//! fonts are parsed once per process, and the first document pays for that.

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chrono::NaiveDate;
use vetted_core::domain::certification::ValidityRules;
use vetted_core::export::{self, ExportFormat, ExportOptions};
use vetted_core::report::{Lang, RegisterFilter};
use vetted_core::store::QuestionnaireVersion;
use vetted_core::{assess, certs};
use vetted_tests::{ctx, realdata, synthetic_register, time_ms, TestRegister};

#[tokio::main]
async fn main() {
    let reg = TestRegister::new().await;
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let options = ExportOptions { as_of: day, today: day, lang: Lang::En };
    let rules = ValidityRules::default_rules();
    let c = ctx("bench", 0);

    // One vendor, everything a summary shows.
    let name = "Łódź Ærø 株式会社 Speech Analytics sp. z o.o.";
    let add = |args: &[&str]| assert!(reg.cli(args).status.success());
    add(&["vendor", "add", "--name", name, "--sensitivity", "high", "--impact", "high", "--country", "PL,JP", "--status", "approved"]);
    add(&[
        "certs",
        "add",
        "--vendor",
        name,
        "--kind",
        "soc2_type2",
        "--period-start",
        "2025-10-01",
        "--period-end",
        "2026-09-30",
        "--tsc",
        "security",
    ]);
    add(&["certs", "add", "--vendor", name, "--kind", "iso27001_2022", "--issued", "2024-02-01", "--expires", "2027-01-31"]);
    if let Some(dir) = realdata() {
        add(&["import", dir.join("caiq-v4.0.3-instructure.xlsx").to_str().unwrap(), "--vendor", name]);
    }
    let id = reg.store().resolve_vendor(name).await.unwrap();
    let vendor = reg.store().vendor(id).await.unwrap();
    let certifications = certs::list(reg.store(), Some(id), &rules, day).await.unwrap();
    let score = assess::ScoreOptions { as_of: day, today: day, baseline: None, keep: true };
    let assessment = assess::score(reg.store(), &c, &rules, Some(id), &score).await.unwrap().remove(0).assessment;
    let questionnaires: Vec<QuestionnaireVersion> = reg.store().questionnaires(id).await.unwrap();
    let input = vetted_core::report::SummaryInput {
        vendor: &vendor,
        certifications: &certifications,
        assessment: &assessment,
        questionnaires: &questionnaires,
        rules: &rules,
        approval: None,
        open_conditions: &[],
        made: vetted_core::report::Made { lang: Lang::En, generated_on: day, generated_at: 0, app_version: export::APP_VERSION },
    };
    let cold = std::time::Instant::now();
    let pdf = vetted_core::report::vendor_summary(&input).unwrap();
    println!("vendor summary, first in the process (fonts parsed): {:.1} ms", cold.elapsed().as_secs_f64() * 1e3);
    let (median, p95) = time_ms(3, 30, || {
        vetted_core::report::vendor_summary(&input).unwrap();
    });
    println!("vendor summary: median {median:.1} ms, p95 {p95:.1} ms, {:.1} KB", pdf.len() as f64 / 1024.0);

    // Through the store too: the vendor, its records, scoring and the questionnaires.
    let (median, p95) = time_ms(1, 10, || {
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(export::summary_pdf(reg.store(), &c, &rules, id, &options)).unwrap();
        });
    });
    println!("vendor summary with the store: median {median:.1} ms, p95 {p95:.1} ms");

    // A 1,000-vendor register, every active vendor on the list.
    let big = TestRegister::new().await;
    big.store().create_vendors(&c, &synthetic_register(1000)).await.unwrap();
    let filter = RegisterFilter { statuses: vec![], with_verdict: true };
    let (list, _) = export::publish_register(big.store(), &c, &rules, &filter, &options).await.unwrap();
    for format in [ExportFormat::Pdf, ExportFormat::Xlsx, ExportFormat::Csv, ExportFormat::Json] {
        let bytes = export::render_register(&list, format, &c, &options).unwrap();
        let (median, p95) = time_ms(1, 5, || {
            export::render_register(&list, format, &c, &options).unwrap();
        });
        println!(
            "register of {} vendors as {}: median {median:.0} ms, p95 {p95:.0} ms, {:.0} KB",
            list.entries.len(),
            format.extension(),
            bytes.len() as f64 / 1024.0
        );
    }
    let (median, _) = time_ms(1, 5, || {
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(export::register_entries(big.store(), &c, &rules, &filter, &options)).unwrap();
        });
    });
    println!("reading and scoring the 1,000-vendor list from the store: median {median:.0} ms");
}
