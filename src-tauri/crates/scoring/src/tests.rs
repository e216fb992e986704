//! Scoring rules as tables of cases: one small baseline, vendors built from answers and
//! certifications, and the verdict, statuses and reasons each must get.

use super::*;
use vetted_domain::certification::{evaluate, CertFacts, CertKind};
use vetted_domain::questionnaire::ImportedAnswer;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Three controls: MFA (mandatory, questions, keywords, SOC 2/ISO), training (mandatory, a report
/// proves it only in part), review (optional).
fn baseline() -> Baseline {
    Baseline::parse(
        r#"{
  "id": "test", "version": 2,
  "name": {"en": "Test baseline", "de": "Testbasis"},
  "description": {"en": "", "de": ""},
  "controls": [
    {"id": "MFA", "title": {"en": "Multi-factor authentication", "de": "MFA"}, "description": {"en": "", "de": ""},
     "domain": "Access", "mandatory": true, "weight": 3,
     "evidence_needed": {"tier_1": "independent", "tier_2": "documented", "tier_3": "self_declared"},
     "questions": [{"template": "caiq-v4", "ids": ["IAM-14.1", "IAM-14.2"]}],
     "keywords": [["multi-factor", "mfa", "zwei-faktor"]],
     "certifications": [
       {"kinds": ["soc2_type2", "soc2_type1"], "tsc": ["security"], "criteria": ["CC6.1"]},
       {"kinds": ["iso27001_2022"], "criteria": ["8.5"], "partial": true, "note": "8.5 need not mean several factors"}
     ]},
    {"id": "TRN", "title": {"en": "Training yearly", "de": "Schulung"}, "description": {"en": "", "de": ""},
     "domain": "People", "mandatory": true, "weight": 1,
     "evidence_needed": {"tier_1": "documented", "tier_2": "documented", "tier_3": "self_declared"},
     "questions": [{"template": "caiq-v4", "ids": ["HRS-11.1"]}],
     "certifications": [{"kinds": ["soc2_type2"], "tsc": ["security"], "criteria": ["CC1.4"], "partial": true}]},
    {"id": "REV", "title": {"en": "External review", "de": "Prüfung"}, "description": {"en": "", "de": ""},
     "domain": "Assurance", "mandatory": false, "weight": 1,
     "evidence_needed": {"tier_1": "self_declared", "tier_2": "self_declared", "tier_3": "self_declared"},
     "questions": [{"template": "caiq-v4", "ids": ["A&A-02.1"]}]}
  ]
}"#,
    )
    .unwrap()
}

fn answer(id: &str, a: Answer, comment: &str) -> ImportedAnswer {
    ImportedAnswer {
        cell: format!("CAIQv4.0.3!C{}", id.len()),
        sheet: "CAIQv4.0.3".into(),
        row: 1,
        question_id: Some(id.into()),
        question: format!("question {id}"),
        answer: a,
        original: format!("{a:?}"),
        comment: comment.into(),
        control: None,
        domain: None,
    }
}

/// A record as the register would hold it, evaluated among `all` on `as_of`.
struct Rec {
    kind: CertKind,
    tsc: Vec<TrustCriterion>,
    dates: CertDates,
    opinion: Option<Opinion>,
    exceptions: &'static str,
    services: Vec<String>,
    /// (organisation, criteria) the report carves out.
    carve_outs: Vec<(&'static str, &'static [&'static str])>,
}

fn soc2(period_end: &str) -> Rec {
    Rec {
        kind: CertKind::Soc2Type2,
        tsc: vec![TrustCriterion::Security],
        dates: CertDates {
            period_start: Some(d(period_end) - chrono::Duration::days(180)),
            period_end: Some(d(period_end)),
            ..Default::default()
        },
        opinion: Some(Opinion::Unqualified),
        exceptions: "",
        services: vec![],
        carve_outs: vec![],
    }
}

fn evaluated(recs: &[Rec], as_of: NaiveDate) -> Vec<Certification> {
    let rules = ValidityRules::default_rules();
    let facts: Vec<CertFacts> = recs.iter().map(|r| CertFacts { kind: r.kind, scope: String::new(), dates: r.dates.clone() }).collect();
    recs.iter()
        .zip(evaluate(&facts, as_of, &rules))
        .enumerate()
        .map(|(i, (r, (current_until, status)))| Certification {
            id: i as i64 + 1,
            vendor_id: 1,
            vendor_name: "Acme".into(),
            kind: r.kind,
            kind_label: rules.rule(r.kind).label.clone(),
            issuer: String::new(),
            certificate_number: String::new(),
            scope: String::new(),
            services: r.services.clone(),
            tsc: r.tsc.clone(),
            period_start: r.dates.period_start,
            period_end: r.dates.period_end,
            as_of: r.dates.as_of,
            issued: r.dates.issued,
            expires: r.dates.expires,
            opinion: r.opinion,
            exceptions: r.exceptions.into(),
            evidence: rules.rule(r.kind).evidence,
            security_report: rules.rule(r.kind).security_report,
            current_until,
            status,
            as_of_date: as_of,
            created_at: String::new(),
            evidence_files: vec![],
            reminders_muted: false,
            read_from_document: !r.carve_outs.is_empty(),
            carve_outs: r
                .carve_outs
                .iter()
                .map(|(o, c)| vetted_domain::certification::CarveOut {
                    organisation: o.to_string(),
                    service: None,
                    criteria: c.iter().map(|c| c.to_string()).collect(),
                    page: 2,
                })
                .collect(),
            duties: vec![],
        })
        .collect()
}

struct Case {
    name: &'static str,
    tier: Option<u8>,
    template: &'static str,
    answers: Vec<ImportedAnswer>,
    certs: Vec<Rec>,
    accepted: Vec<(&'static str, &'static str)>, // (control, until)
    as_of: &'static str,
    verdict: Verdict,
    /// MFA, TRN, REV
    statuses: [ControlStatus; 3],
    /// The MFA control's strength.
    mfa_strength: Option<Strength>,
    /// Reason codes, in order.
    reasons: &'static [&'static str],
    coverage: f64,
    /// What weakens the MFA control's certification evidence, when the case says.
    mfa_weakened: Option<Vec<Weakness>>,
}

fn yes_to_all() -> Vec<ImportedAnswer> {
    vec![
        answer("IAM-14.1", Answer::Yes, "MFA for all admins"),
        answer("IAM-14.2", Answer::Yes, ""),
        answer("HRS-11.1", Answer::Yes, "yearly, with a quiz"),
        answer("A&A-02.1", Answer::Yes, ""),
    ]
}

fn run(c: Case) {
    use ControlStatus::*;
    let _ = (Met, PartiallyMet);
    let rules = ValidityRules::default_rules();
    let as_of = d(c.as_of);
    let certs = evaluated(&c.certs, as_of);
    let accepted: Vec<RiskAcceptance> = c
        .accepted
        .iter()
        .enumerate()
        .map(|(i, (control, until))| RiskAcceptance {
            id: i as i64,
            vendor_id: 1,
            baseline_id: "test".into(),
            control_id: control.to_string(),
            reason: "compensating VPN".into(),
            accepted_by: "CISO".into(),
            until: d(until),
            recorded_at: String::new(),
            recorded_by: String::new(),
        })
        .collect();
    let services = vec!["Cloud CX".to_owned()];
    let given: Vec<GivenAnswer> = c.answers.iter().map(GivenAnswer::from).collect();
    let subject = Subject {
        tier: c.tier.map(|t| Tier::new(t).unwrap()),
        services: &services,
        questionnaire: (!c.answers.is_empty()).then_some(QuestionnaireFacts {
            id: 7,
            template: c.template,
            template_name: "CSA CAIQ",
            answers: &given,
        }),
        certifications: &certs,
        accepted: &accepted,
    };
    let got = assess(&baseline(), &subject, as_of, &rules);
    // Scoring reads only the answers the baseline can use (`Scorer::reads`): the same assessment.
    let baseline = baseline();
    let scorer = Scorer::new(&baseline);
    let read: Vec<GivenAnswer> =
        given.iter().filter(|a| scorer.reads(&[c.template], a.question_id.as_deref(), &a.question)).cloned().collect();
    let from_read = Subject { questionnaire: subject.questionnaire.map(|q| QuestionnaireFacts { answers: &read, ..q }), ..subject };
    assert_eq!(scorer.assess(&from_read, as_of, &rules), got, "{}: scored from the answers it reads", c.name);
    let statuses: Vec<ControlStatus> = got.controls.iter().map(|r| r.status).collect();
    let codes: Vec<String> = got.reasons.iter().map(|r| vetted_domain::wire_name(&r.code)).collect();
    assert_eq!(got.verdict, c.verdict, "{}: verdict; reasons {:?}", c.name, got.reasons);
    assert_eq!(statuses, c.statuses, "{}: statuses", c.name);
    assert_eq!(got.controls[0].strength, c.mfa_strength, "{}: MFA strength; {:?}", c.name, got.controls[0].evidence);
    assert_eq!(codes, c.reasons, "{}: reasons {:?}", c.name, got.reasons);
    assert_eq!(got.coverage, c.coverage, "{}: coverage", c.name);
    if let Some(want) = c.mfa_weakened {
        let weakened = got.controls[0].evidence.iter().find_map(|e| match &e.source {
            vetted_domain::assessment::Source::Certification { weakened, .. } => Some(weakened.clone()),
            _ => None,
        });
        assert_eq!(weakened, Some(want), "{}: what weakens the report", c.name);
    }
}

#[test]
fn verdicts_statuses_and_reasons() {
    use ControlStatus::*;
    use Verdict::*;
    let base = || Case {
        name: "",
        tier: Some(3),
        template: "caiq-v4",
        answers: yes_to_all(),
        certs: vec![],
        accepted: vec![],
        as_of: "2026-06-01",
        verdict: Meets,
        statuses: [Met, Met, Met],
        mfa_strength: Some(Strength::Documented),
        reasons: &[],
        coverage: 100.0,
        mfa_weakened: None,
    };
    let cases = vec![
        Case {
            name: "nothing at all",
            answers: vec![],
            verdict: Insufficient,
            statuses: [Unknown; 3],
            mfa_strength: None,
            reasons: &["no_evidence"],
            coverage: 0.0,
            ..base()
        },
        Case { name: "yes to all, tier 3", ..base() },
        Case {
            name: "a mandatory no fails",
            answers: vec![answer("IAM-14.1", Answer::No, ""), answer("HRS-11.1", Answer::Yes, ""), answer("A&A-02.1", Answer::Yes, "")],
            verdict: Fails,
            statuses: [NotMet, Met, Met],
            mfa_strength: Some(Strength::SelfDeclared),
            reasons: &["mandatory_not_met"],
            coverage: 40.0,
            ..base()
        },
        Case {
            name: "an unanswered mandatory control fails",
            answers: vec![answer("HRS-11.1", Answer::Yes, ""), answer("A&A-02.1", Answer::Unknown, "")],
            verdict: Fails,
            statuses: [Unknown, Met, Unknown],
            mfa_strength: None,
            reasons: &["mandatory_unknown"],
            coverage: 20.0,
            ..base()
        },
        Case {
            name: "yes and no is partial, and conditional",
            answers: vec![answer("IAM-14.1", Answer::Yes, "x"), answer("IAM-14.2", Answer::No, ""), answer("HRS-11.1", Answer::Yes, "")],
            verdict: Conditional,
            statuses: [PartiallyMet, Met, Unknown],
            reasons: &["partially_met"],
            coverage: 50.0,
            ..base()
        },
        Case {
            name: "n/a is left out of coverage",
            answers: vec![answer("IAM-14.1", Answer::Yes, ""), answer("HRS-11.1", Answer::Yes, ""), answer("A&A-02.1", Answer::Na, "")],
            statuses: [Met, Met, NotApplicable],
            mfa_strength: Some(Strength::SelfDeclared),
            ..base()
        },
        Case {
            name: "tier 1 on the vendor's word is conditional",
            tier: Some(1),
            verdict: Conditional,
            reasons: &["weak_evidence"],
            ..base()
        },
        Case { name: "an unknown tier is held to tier 1", tier: None, verdict: Conditional, reasons: &["weak_evidence"], ..base() },
        Case {
            name: "tier 1 with a current SOC 2 Type II meets",
            tier: Some(1),
            certs: vec![soc2("2026-03-31")],
            mfa_strength: Some(Strength::Independent),
            ..base()
        },
        Case {
            name: "the same report within the warning window is conditional",
            tier: Some(1),
            certs: vec![soc2("2025-06-30")],
            as_of: "2026-06-01",
            verdict: Conditional,
            mfa_strength: Some(Strength::Independent),
            reasons: &["expiring_evidence"],
            ..base()
        },
        Case {
            name: "a lapsed report no longer counts",
            tier: Some(1),
            certs: vec![soc2("2025-03-31")],
            verdict: Conditional,
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "a SOC 2 alone: MFA met, training only in part, review unknown (optional)",
            tier: Some(1),
            answers: vec![],
            certs: vec![soc2("2026-03-31")],
            verdict: Conditional,
            statuses: [Met, PartiallyMet, Unknown],
            mfa_strength: Some(Strength::Independent),
            reasons: &["partially_met"],
            coverage: 70.0,
            ..base()
        },
        Case {
            name: "a Type I is limited",
            tier: Some(1),
            answers: vec![],
            certs: vec![Rec {
                kind: CertKind::Soc2Type1,
                dates: CertDates { as_of: Some(d("2026-01-31")), ..Default::default() },
                ..soc2("2026-01-31")
            }],
            verdict: Fails,
            statuses: [Met, Unknown, Unknown],
            mfa_strength: Some(Strength::Limited),
            reasons: &["mandatory_unknown", "weak_evidence"],
            coverage: 60.0,
            ..base()
        },
        Case {
            name: "auditor exceptions on CC6.1 weaken the report, on CC6.10 they do not",
            tier: Some(1),
            certs: vec![Rec { exceptions: "Exception noted: CC6.1 - two leavers kept access", ..soc2("2026-03-31") }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Limited),
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "exceptions on another criterion leave it independent",
            tier: Some(1),
            certs: vec![Rec { exceptions: "CC6.10 and CC7.2 deviations", ..soc2("2026-03-31") }],
            mfa_strength: Some(Strength::Independent),
            ..base()
        },
        Case {
            name: "a report that carves out the organisation CC6.1 rests on is limited for it",
            tier: Some(1),
            certs: vec![Rec { carve_outs: vec![("Okta, Inc.", &["CC6.1", "CC6.2"])], ..soc2("2026-03-31") }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Limited),
            reasons: &["weak_evidence"],
            mfa_weakened: Some(vec![Weakness::CarvedOut { organisation: "Okta, Inc.".into(), criteria: vec!["CC6.1".into()] }]),
            ..base()
        },
        Case {
            name: "a carve-out of the data centres (CC6.4) leaves MFA independent",
            tier: Some(1),
            certs: vec![Rec { carve_outs: vec![("Amazon Web Services", &["CC6.4", "A1.2"])], ..soc2("2026-03-31") }],
            mfa_strength: Some(Strength::Independent),
            mfa_weakened: Some(vec![]),
            ..base()
        },
        Case {
            name: "a qualified opinion is limited, an adverse one does not count",
            tier: Some(1),
            certs: vec![Rec { opinion: Some(Opinion::Qualified), ..soc2("2026-03-31") }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Limited),
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "an adverse opinion does not count",
            tier: Some(1),
            certs: vec![Rec { opinion: Some(Opinion::Adverse), ..soc2("2026-03-31") }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Documented),
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "a report without Security in scope does not count",
            tier: Some(1),
            certs: vec![Rec { tsc: vec![TrustCriterion::Availability], ..soc2("2026-03-31") }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Documented),
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "a scope that leaves out the vendor's service is limited",
            tier: Some(1),
            certs: vec![Rec { services: vec!["Workforce".into()], ..soc2("2026-03-31") }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Limited),
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "a report current only through a bridge letter is limited",
            tier: Some(1),
            certs: vec![
                soc2("2025-03-31"),
                Rec {
                    kind: CertKind::BridgeLetter,
                    tsc: vec![],
                    dates: CertDates { period_start: Some(d("2025-04-01")), period_end: Some(d("2026-03-31")), ..Default::default() },
                    opinion: None,
                    exceptions: "",
                    services: vec![],
                    carve_outs: vec![],
                },
            ],
            as_of: "2026-04-15",
            verdict: Conditional,
            mfa_strength: Some(Strength::Limited),
            reasons: &["weak_evidence", "expiring_evidence"],
            ..base()
        },
        Case {
            name: "ISO 27001 alone proves MFA in part; the answer completes it on the vendor's word",
            tier: Some(1),
            certs: vec![Rec {
                kind: CertKind::Iso27001_2022,
                tsc: vec![],
                dates: CertDates { issued: Some(d("2025-01-10")), expires: Some(d("2028-01-09")), ..Default::default() },
                opinion: None,
                exceptions: "",
                services: vec![],
                carve_outs: vec![],
            }],
            verdict: Conditional,
            mfa_strength: Some(Strength::Documented),
            reasons: &["weak_evidence"],
            ..base()
        },
        Case {
            name: "an accepted risk turns a failure into a condition",
            answers: vec![answer("IAM-14.1", Answer::No, ""), answer("HRS-11.1", Answer::Yes, ""), answer("A&A-02.1", Answer::Yes, "")],
            accepted: vec![("MFA", "2026-06-30")],
            verdict: Conditional,
            statuses: [NotMet, Met, Met],
            mfa_strength: Some(Strength::SelfDeclared),
            reasons: &["accepted_risk"],
            coverage: 40.0,
            ..base()
        },
        Case {
            name: "and lapses by itself",
            answers: vec![answer("IAM-14.1", Answer::No, ""), answer("HRS-11.1", Answer::Yes, ""), answer("A&A-02.1", Answer::Yes, "")],
            accepted: vec![("MFA", "2026-05-31")],
            verdict: Fails,
            statuses: [NotMet, Met, Met],
            mfa_strength: Some(Strength::SelfDeclared),
            reasons: &["mandatory_not_met"],
            coverage: 40.0,
            ..base()
        },
        Case {
            name: "a home-made sheet is read by keywords",
            template: "custom",
            answers: vec![
                ImportedAnswer {
                    question_id: None,
                    question: "Nutzen Sie Zwei-Faktor-Authentisierung?".into(),
                    ..answer("1", Answer::Yes, "")
                },
                ImportedAnswer { question_id: None, question: "Is email filtered?".into(), ..answer("2", Answer::No, "") },
            ],
            verdict: Fails,
            statuses: [Met, Unknown, Unknown],
            mfa_strength: Some(Strength::SelfDeclared),
            reasons: &["mandatory_unknown"],
            coverage: 60.0,
            ..base()
        },
    ];
    for c in cases {
        run(c);
    }
}

#[test]
fn evidence_reads_as_a_dpo_would_cite_it() {
    let rules = ValidityRules::default_rules();
    let as_of = d("2026-06-01");
    let certs = evaluated(&[soc2("2026-03-31")], as_of);
    let answers: Vec<GivenAnswer> = yes_to_all().iter().map(GivenAnswer::from).collect();
    let subject = Subject {
        tier: Some(Tier::new(1).unwrap()),
        services: &[],
        questionnaire: Some(QuestionnaireFacts { id: 7, template: "caiq-v4", template_name: "CSA CAIQ", answers: &answers }),
        certifications: &certs,
        accepted: &[],
    };
    let got = assess(&baseline(), &subject, as_of, &rules);
    let mfa = &got.controls[0];
    // Facts, not sentences: the record, its criteria and date; the answers with their cells.
    assert_eq!(
        mfa.evidence[0].source,
        Source::Certification {
            certification_id: 1,
            kind: CertKind::Soc2Type2,
            criteria: vec![TrustCriterion::Security],
            current_until: Some(d("2027-03-31")),
            weakened: vec![],
            partly: None,
            partly_de: None,
        }
    );
    let cited = |id: &str| CitedAnswer { question_id: Some(id.into()), said: "Yes".into(), cell: "CAIQv4.0.3!C8".into() };
    assert_eq!(
        mfa.evidence[1].source,
        Source::Questionnaire { questionnaire_id: 7, template: "CAIQ".into(), answers: vec![cited("IAM-14.1"), cited("IAM-14.2")] }
    );
    let training = &got.controls[1];
    assert_eq!(training.status, ControlStatus::Met);
    assert_eq!(training.strength, Some(Strength::Documented), "the frequency rests on the answer");
    assert_eq!((got.baseline_id.as_str(), got.baseline_version), ("test", 2));
}

#[test]
fn criteria_are_found_as_whole_tokens() {
    for (text, criterion, found) in [
        ("Exception on CC6.1.", "CC6.1", true),
        ("CC6.10 deviation", "CC6.1", false),
        ("see A.8.7 and 5.1", "8.7", true),
        ("Annex A 8.7", "8.7", true),
        ("A.18.7", "8.7", false),
        ("8.70", "8.7", false),
        ("8.7.1", "8.7", false),
        ("", "8.7", false),
    ] {
        assert_eq!(mentions(&text.to_lowercase(), &criterion.to_lowercase()), found, "{criterion} in {text:?}");
    }
}

#[test]
fn scoring_reads_the_questions_a_baseline_names_and_those_its_keywords_match() {
    let baseline = baseline();
    let scorer = Scorer::new(&baseline);
    // Named by id for the CAIQ (any case), not another template's id.
    assert!(scorer.reads(&["caiq-v4"], Some("IAM-14.1"), "Anything"));
    assert!(scorer.reads(&["caiq-v4"], Some("iam-14.1"), "Anything"));
    assert!(!scorer.reads(&["caiq-v4"], Some("ZZZ-01"), "Do you water the plants?"));
    // A home-made sheet: the keywords of every control that names no question of it.
    assert!(scorer.reads(&["generic"], None, "Is multi-factor authentication enforced for all admins?"));
    assert!(!scorer.reads(&["generic"], None, "Do you water the plants?"));
    assert!(!scorer.reads(&[], Some("IAM-14.1"), "Is multi-factor authentication enforced?"));
}

#[test]
fn the_shipped_baseline_reads_german_compounds_in_a_home_made_sheet() {
    let baseline = Baseline::default_baseline();
    let scorer = Scorer::new(&baseline);
    let controls = |question: &str| -> Vec<String> {
        let mut out = Vec::new();
        for (i, c) in baseline.controls.iter().enumerate() {
            let mut text = String::new();
            scorer.controls_of(None, &[i], None, question, &mut text, &mut |_| out.push(c.id.to_string()));
        }
        out
    };
    // the keyword is the last part of a compound, or follows a prefix ("ge-löscht")
    assert!(controls("Werden die Sicherheitsrichtlinien jährlich überprüft?").contains(&"BL-04".to_owned()));
    assert!(controls("Gibt es einen Prozess zur Behandlung von Sicherheitsvorfällen?").contains(&"BL-11".to_owned()));
    assert!(controls("Werden Kundendaten am Ende der Zusammenarbeit gelöscht?").contains(&"BL-13".to_owned()));
    assert!(controls("Werden Entwickler in sicherer Softwareentwicklung geschult?").contains(&"BL-03".to_owned()));
    // a keyword without `*` still has to start a word: "ids" is not found in "provides"
    assert!(!controls("Which services does the vendor provide?").contains(&"BL-06".to_owned()));
    assert!(controls("Do you run an IDS?").contains(&"BL-06".to_owned()));
    assert!(controls("Haben Sie eine Kantine?").is_empty());
}

#[test]
fn vetted_s_own_questionnaire_is_read_by_its_question_ids_only() {
    let baseline = Baseline::default_baseline();
    let scorer = Scorer::new(&baseline);
    for c in &baseline.controls {
        for q in &c.ask {
            assert!(scorer.reads(&[OWN_TEMPLATE], Some(&q.id), "anything"), "{} is read", q.id);
            let mut found = Vec::new();
            let mut text = String::new();
            let by_keywords = scorer.keyword_controls(OWN_TEMPLATE);
            assert!(by_keywords.is_empty(), "no control of the shipped baseline is guessed by keywords");
            scorer
                .controls_of(scorer.questions.get(OWN_TEMPLATE), &by_keywords, Some(&q.id), "anything", &mut text, &mut |i| found.push(i));
            let ids: Vec<&str> = found.iter().map(|&i| baseline.controls[i].id.as_str()).collect();
            assert_eq!(ids, [c.id.as_str()], "{} answers its own control only", q.id);
        }
    }
    // no keyword guessing: every control of the shipped baseline asks its own questions
    assert!(!scorer.reads(&[OWN_TEMPLATE], Some("ZZ-1"), "Is multi-factor authentication enforced for admins?"));
}
