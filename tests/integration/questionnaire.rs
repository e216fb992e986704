//! Vetted's own questionnaire: written from the baseline, filled in by real spreadsheet programs
//! (openpyxl, LibreOffice Calc saving xlsx, ods and a `;` CSV), and read back answer for answer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use vetted_core::scoring::Baseline;
use vetted_tests::{json, stderr, stdout, TestRegister};

/// How a vendor answers question `i`: the words of its language, and which cells it fills.
fn plan(baseline: &Baseline, de: bool, answer_for: impl Fn(usize, &str) -> usize) -> BTreeMap<String, [String; 3]> {
    let words = if de { ["Ja", "Teilweise", "Nein", "Nicht zutreffend"] } else { ["Yes", "Partially", "No", "Not applicable"] };
    let mut out = BTreeMap::new();
    for (i, q) in baseline.controls.iter().flat_map(|c| &c.ask).enumerate() {
        let a = answer_for(i, &q.id);
        let comment = if i % 2 == 0 { format!("Umsetzung {i}: beschrieben") } else { String::new() };
        let evidence = if i % 3 == 0 { format!("Richtlinie {i}, S. {}", i + 1) } else { String::new() };
        out.insert(q.id.clone(), [words[a].to_owned(), comment, evidence]);
    }
    out
}

/// The control statuses a DPO reads off the filled-in answers (the scoring rule in words: all
/// yes is met, some yes or partial is partially met, all no is not met, all n/a not applicable).
fn implied_statuses(baseline: &Baseline, plan: &BTreeMap<String, [String; 3]>) -> BTreeMap<String, &'static str> {
    let mut out = BTreeMap::new();
    for c in &baseline.controls {
        let kinds: Vec<usize> = c
            .ask
            .iter()
            .map(|q| match plan[&q.id][0].as_str() {
                "Ja" | "Yes" => 0,
                "Teilweise" | "Partially" => 1,
                "Nein" | "No" => 2,
                _ => 3,
            })
            .collect();
        let n = |k: usize| kinds.iter().filter(|x| **x == k).count();
        let status = if n(0) + n(1) + n(2) == 0 {
            "not_applicable"
        } else if n(0) > 0 && n(1) == 0 && n(2) == 0 {
            "met"
        } else if n(0) + n(1) > 0 {
            "partially_met"
        } else {
            "not_met"
        };
        out.insert(c.id.clone(), status);
    }
    out
}

fn python(args: &[&dyn AsRef<std::ffi::OsStr>]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/fill-questionnaire.py");
    let out = Command::new("/usr/bin/python3")
        .arg(&script)
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("Debian's python3 runs (python3-openpyxl, python3-uno: scripts/setup.sh --test installs them)");
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
}

/// Imports `file` for a new vendor named `name` and returns the score JSON and the import JSON.
fn import_and_score(reg: &TestRegister, name: &str, file: &Path) -> (serde_json::Value, serde_json::Value) {
    assert!(reg.cli(&["vendor", "add", "--name", name]).status.success());
    let imported = json(&reg.cli(&["import", file.to_str().unwrap(), "--vendor", name, "--json"]));
    let scored = json(&reg.cli(&["score", name, "--json"]));
    (imported, scored)
}

/// Made in German and in English for tier 1, filled in with openpyxl and with LibreOffice Calc
/// (saved as xlsx, ods and a `;` CSV): every answer lands on its control, cited by its cell, with
/// the vendor's comment and evidence; the statuses and the verdict are those the answers imply.
#[tokio::test]
async fn the_questionnaire_round_trips_through_real_spreadsheet_programs() {
    let reg = TestRegister::new().await;
    let work = reg.dir.path();
    let baseline = Baseline::default_baseline();
    let questions: usize = baseline.controls.iter().map(|c| c.ask.len()).sum();
    for (lang, de) in [("de", true), ("en", false)] {
        let blank = work.join(format!("fragebogen-{lang}.xlsx"));
        let made = json(&reg.cli(&["questionnaire", "make", "--tier", "1", "--lang", lang, "-o", blank.to_str().unwrap(), "--json"]));
        assert_eq!(made["questions"].as_u64(), Some(questions as u64), "{made}");
        assert_eq!(made["made_from"]["version"].as_u64(), Some(baseline.version as u64));

        // A mix of every answer, MFA (mandatory) answered "no": the vendor fails on it.
        let mixed = plan(&baseline, de, |i, id| if id == "BL-08.1" { 2 } else { [0, 0, 1, 0, 3, 0, 2][i % 7] });
        let plan_file = work.join(format!("plan-{lang}.json"));
        std::fs::write(&plan_file, serde_json::to_string(&mixed).unwrap()).unwrap();
        let by_openpyxl = work.join(format!("openpyxl-{lang}.xlsx"));
        python(&[&"openpyxl", &blank, &by_openpyxl, &plan_file]);
        let calc_dir = work.join(format!("calc-{lang}"));
        std::fs::create_dir_all(&calc_dir).unwrap();
        python(&[&"calc", &blank, &calc_dir, &plan_file]);
        let csv =
            std::fs::read_dir(&calc_dir).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "csv")).unwrap();
        let filled: Vec<PathBuf> = vec![by_openpyxl, calc_dir.join("filled.xlsx"), calc_dir.join("filled.ods"), csv];

        let want = implied_statuses(&baseline, &mixed);
        for file in &filled {
            let name = format!("{lang} {}", file.file_name().unwrap().to_string_lossy());
            let (imported, scored) = import_and_score(&reg, &name, file);
            assert_eq!(imported["template"], "vetted", "{name}: recognised as Vetted's own, not guessed");
            assert_eq!(imported["made_from"]["lang"], lang, "{name}");
            assert_eq!(imported["questions"].as_u64(), Some(questions as u64), "{name}");
            assert_eq!(imported["skipped_rows"].as_array().map(Vec::len), Some(0), "{name}");
            // each answer on its control, cited by the cell it was given in (column E, "Antwort")
            let vendor = reg.store().resolve_vendor(&name).await.unwrap();
            let version = &reg.store().questionnaires(vendor).await.unwrap()[0];
            let answers = reg.register.answers(version.id).await.unwrap();
            assert_eq!(answers.len(), questions, "{name}");
            for a in &answers {
                let id = a.question_id.as_deref().unwrap();
                let [said, comment, evidence] = &mixed[id];
                assert_eq!(&a.original, said, "{name} {id}");
                assert!(a.cell.split('!').nth(1).is_some_and(|c| c.starts_with('E')), "{name} {id}: {}", a.cell);
                assert_eq!(a.control.as_deref().map(|c| c.split(' ').next().unwrap()), id.rsplit_once('.').map(|p| p.0), "{name}");
                assert!(a.comment.contains(comment.as_str()), "{name} {id}: {:?}", a.comment);
                if !evidence.is_empty() {
                    let header = if de { "Nachweis" } else { "Evidence" };
                    assert!(a.comment.contains(&format!("{header}: {evidence}")), "{name} {id}: {:?}", a.comment);
                }
            }
            let controls = scored["controls"].as_array().unwrap();
            for c in controls {
                let id = c["id"].as_str().unwrap();
                assert_eq!(c["status"], want[id], "{name} {id}: {c}");
                let cited: Vec<&str> =
                    c["evidence"][0]["answers"].as_array().unwrap().iter().map(|a| a["question_id"].as_str().unwrap()).collect();
                let asked: Vec<&str> = baseline.controls.iter().find(|b| b.id == id).unwrap().ask.iter().map(|q| q.id.as_str()).collect();
                assert_eq!(cited, asked, "{name} {id}: every question of the control, no other");
            }
            assert_eq!(scored["verdict"], "fails", "{name}: MFA answered no");
            assert!(scored["reasons"].as_array().unwrap().iter().any(|r| r["code"] == "mandatory_not_met" && r["control_id"] == "BL-08"));
        }

        // Everything in place, described: met throughout, and conditional for tier 1, whose
        // controls need an independent report a questionnaire cannot be.
        let all_yes = plan(&baseline, de, |_, _| 0);
        std::fs::write(&plan_file, serde_json::to_string(&all_yes).unwrap()).unwrap();
        let filled = work.join(format!("all-yes-{lang}.xlsx"));
        python(&[&"openpyxl", &blank, &filled, &plan_file]);
        let (_, scored) = import_and_score(&reg, &format!("{lang} all yes"), &filled);
        assert!(scored["controls"].as_array().unwrap().iter().all(|c| c["status"] == "met"), "{scored}");
        assert_eq!(scored["verdict"], "conditional", "{scored}");
    }
}

/// A questionnaire made from an older version of the baseline still imports, and says so.
#[tokio::test]
async fn a_questionnaire_from_an_older_baseline_version_imports_and_says_so() {
    let reg = TestRegister::new().await;
    let work = reg.dir.path();
    let blank = work.join("old.xlsx");
    assert!(reg.cli(&["questionnaire", "make", "--lang", "en", "-o", blank.to_str().unwrap()]).status.success());
    // the baseline changes after the questionnaire went out
    let mut edited = Baseline::default_baseline();
    edited.controls[0].ask[0].text.en = "Do you run an information security programme?".into();
    let file = work.join("edited.json");
    std::fs::write(&file, edited.to_json()).unwrap();
    assert!(reg.cli(&["baseline", "import", file.to_str().unwrap()]).status.success());

    let plan = plan(&edited, false, |_, _| 0);
    let plan_file = work.join("plan.json");
    std::fs::write(&plan_file, serde_json::to_string(&plan).unwrap()).unwrap();
    let filled = work.join("filled.xlsx");
    python(&[&"openpyxl", &blank, &filled, &plan_file]);
    assert!(reg.cli(&["vendor", "add", "--name", "Late Co"]).status.success());
    let preview = reg.cli(&["import", filled.to_str().unwrap(), "--vendor", "Late Co", "--dry-run"]);
    let text = stdout(&preview);
    let old = edited.version;
    assert!(text.contains(&format!("made from baseline minimum-sub-processors version {old}")), "{text}");
    assert!(text.contains(&format!("the baseline is now version {}", old + 1)), "{text}");
    let imported = json(&reg.cli(&["import", filled.to_str().unwrap(), "--vendor", "Late Co", "--json"]));
    assert_eq!(imported["baseline_version_now"].as_u64(), Some(old as u64 + 1));
    let scored = json(&reg.cli(&["score", "Late Co", "--json"]));
    assert!(scored["controls"].as_array().unwrap().iter().all(|c| c["status"] == "met"), "{scored}");
}
