//! The store on a real SQLite file: round trips, history, archive, uniqueness, the parent chain, list filters, concurrent writers.

use vetted_core::domain::assessment::Verdict;
use vetted_core::domain::certification::{CertStatus, ValidityRules};
use vetted_core::domain::{Level, LinkDraft, Status, Tier, TransferMechanism, VendorDraft};
use vetted_core::store::{HistoryAction, ListQuery, SortKey};
use vetted_core::{example, Error, Store};
use vetted_tests::{at, ctx, named, TestRegister};

fn full_draft() -> VendorDraft {
    VendorDraft {
        name: "Google Cloud EMEA Ltd".into(),
        services: vec!["Dialogflow CX (europe-west3)".into(), "Speech-to-Text".into()],
        purpose: "Virtual agent for the contact center".into(),
        data_categories: vec!["communications".into(), "health".into()],
        data_subjects: vec!["customers".into()],
        countries: vec!["de".into(), "IE".into()],
        transfer_mechanism: "sccs".into(),
        data_sensitivity: "high".into(),
        business_impact: "low".into(),
        tier_override: Some(1),
        tier_override_reason: "voice recordings of patients".into(),
        status: "in_review".into(),
        owner: "Customer Service".into(),
        dpa_signed: "2024-05-02".into(),
        contract_renewal: "2027-01-31".into(),
        review_cycle_months: Some(12),
        last_review: "2026-01-31".into(),
        website: "cloud.google.com".into(),
        notes: "Łódź, Ærø, 株式会社".into(),
        based_on: None,
        serves: vec![],
    }
}

fn codes(e: Error) -> Vec<String> {
    match e {
        Error::Invalid(v) => v.0.into_iter().map(|f| f.code).collect(),
        other => vec![other.code().to_string()],
    }
}

#[tokio::test]
async fn every_field_round_trips_through_the_file() {
    let reg = TestRegister::new().await;
    let created = reg.add(full_draft()).await;
    // A second handle on the same file, as after a restart.
    reg.store().close().await;
    let reopened = Store::open(&reg.db).await.unwrap();
    let v = reopened.vendor(created.id).await.unwrap();
    assert_eq!(v, created);
    assert_eq!(v.services, ["Dialogflow CX (europe-west3)", "Speech-to-Text"]);
    assert_eq!(v.countries, ["DE", "IE"]);
    assert_eq!(v.transfer_mechanism, Some(TransferMechanism::Sccs));
    assert_eq!((v.data_sensitivity, v.business_impact), (Some(Level::High), Some(Level::Low)));
    assert_eq!((v.computed_tier, v.tier), (Some(Tier::HIGH), Some(Tier::CRITICAL)));
    assert!(v.special_categories, "health is an Art. 9 category");
    assert_eq!(v.next_review.unwrap().to_string(), "2027-01-31");
    assert_eq!(v.website.as_deref(), Some("https://cloud.google.com"));
    assert_eq!(v.notes, "Łódź, Ærø, 株式会社");
    assert_eq!(v.created_at, "2026-11-22T09:00:00.000Z");
    assert_eq!(v.to_draft().parse().unwrap(), full_draft().parse().unwrap());
}

#[tokio::test]
async fn history_records_who_changed_which_field_from_what_to_what() {
    let reg = TestRegister::new().await;
    let v = reg.add(named("Twilio Ireland Limited")).await;
    let mut d = v.to_draft();
    d.status = "approved".into();
    d.countries = vec!["IE".into(), "US".into()];
    let updated = reg.store().update_vendor(&ctx("bob", 5), v.id, &d.parse().unwrap()).await.unwrap();
    assert_eq!(updated.status, Status::Approved);
    assert_eq!(updated.updated_at, "2026-11-22T09:05:00.000Z");

    // Saving the same values again records nothing.
    reg.store().update_vendor(&ctx("bob", 6), v.id, &d.parse().unwrap()).await.unwrap();

    let h = reg.store().history(Some(v.id), 100).await.unwrap();
    let (alice, bob) = (vetted_tests::actor_of("alice"), vetted_tests::actor_of("bob"));
    let got: Vec<_> = h.iter().map(|e| (e.actor.as_str(), e.action, e.field.as_deref(), e.before.as_deref(), e.after.as_deref())).collect();
    assert_eq!(
        got,
        [
            (bob.as_str(), HistoryAction::Update, Some("status"), Some("proposed"), Some("approved")),
            (bob.as_str(), HistoryAction::Update, Some("countries"), Some(""), Some("IE, US")),
            (alice.as_str(), HistoryAction::Create, None, None, Some("Twilio Ireland Limited")),
        ]
    );
    assert_eq!(h[0].at, at(5).to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
    assert_eq!(h[0].vendor_name, "Twilio Ireland Limited");
}

#[tokio::test]
async fn archived_vendors_leave_the_list_but_stay_in_the_register() {
    let reg = TestRegister::new().await;
    let a = reg.add(named("Sentry")).await;
    reg.add(named("Datadog")).await;
    let archived = reg.store().archive_vendor(&ctx("carol", 1), a.id).await.unwrap();
    assert_eq!(archived.status, Status::Offboarded);

    let active = reg.store().list_vendors(&ListQuery::default()).await.unwrap();
    assert_eq!(active.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Datadog"]);
    let all = reg.store().list_vendors(&ListQuery { include_archived: true, ..Default::default() }).await.unwrap();
    assert_eq!(all.total, 2);
    let h = reg.store().history(Some(a.id), 10).await.unwrap();
    assert_eq!((h[0].action, h[0].field.as_deref(), h[0].after.as_deref()), (HistoryAction::Archive, Some("status"), Some("offboarded")));

    let again = reg.store().archive_vendor(&ctx("carol", 2), a.id).await.unwrap_err();
    assert_eq!(again.code(), "conflict");
    assert_eq!(reg.store().vendor_count().await.unwrap(), 2);
}

#[tokio::test]
async fn names_are_unique_ignoring_case() {
    let reg = TestRegister::new().await;
    let first = reg.add(named("Twilio Inc.")).await;
    let err = reg.store().create_vendor(&ctx("a", 0), &named("TWILIO inc.").parse().unwrap()).await.unwrap_err();
    assert_eq!(codes(err), ["name_taken"]);
    // Renaming to the same name in another case is fine.
    let mut d = first.to_draft();
    d.name = "TWILIO INC.".into();
    assert_eq!(reg.store().update_vendor(&ctx("a", 1), first.id, &d.parse().unwrap()).await.unwrap().name, "TWILIO INC.");
    assert_eq!(reg.store().vendor_count().await.unwrap(), 1);
    // Another vendor renamed to that name, in another case or written another way: refused;
    // an edit that keeps its own name is not.
    let second = reg.add(named("Datadog Inc.")).await;
    for taken in ["twilio inc.", "Twilio Incorporated"] {
        let mut d = second.to_draft();
        d.name = taken.into();
        let err = reg.store().update_vendor(&ctx("a", 2), second.id, &d.parse().unwrap()).await.unwrap_err();
        assert_eq!(codes(err), ["name_taken"], "{taken}");
    }
    let mut d = second.to_draft();
    d.purpose = "Monitoring".into();
    assert_eq!(reg.store().update_vendor(&ctx("a", 3), second.id, &d.parse().unwrap()).await.unwrap().purpose, "Monitoring");

    // Many added at once are checked against each other and the register alike: one clash
    // refuses them all, with the vendor it clashes with named.
    for (batch, with) in
        [(["Acme Ltd", "ACME Limited"], "written another way: 'Acme Ltd'"), (["Acme Ltd", "twilio inc."], "'twilio inc.' is already")]
    {
        let drafts: Vec<_> = batch.iter().map(|n| (named(n).parse().unwrap(), None)).collect();
        let err = reg.store().create_vendors(&ctx("a", 4), &drafts).await.unwrap_err();
        let text = err.to_string();
        assert_eq!(codes(err), ["name_taken"], "{batch:?}");
        assert!(text.contains(with), "{text}");
    }
    assert_eq!(reg.store().vendor_count().await.unwrap(), 2, "nothing of a refused batch is written");

    // A vendor is found by its name as adding one compares names: in any case, or written
    // another way; a name no vendor has, even one sharing a first word, is not found.
    for (key, id) in [("twilio inc.", first.id), ("Twilio Incorporated", first.id), (" datadog, inc ", second.id)] {
        assert_eq!(reg.store().resolve_vendor(key).await.unwrap(), id, "{key}");
    }
    for unknown in ["Twilio", "Twilio Ireland Ltd", "Acme Ltd"] {
        let err = reg.store().resolve_vendor(unknown).await.unwrap_err();
        assert_eq!(err.code(), vetted_core::domain::ErrorCode::NotFound, "{unknown}");
    }

    // Names whose first words differ only by dots, or by the case of a letter beyond ASCII, are
    // compared too (a register file's NOCASE and LIKE fold ASCII letters only).
    let morgan = reg.add(named("J.P. Morgan SE")).await;
    let aerzte = reg.add(named("Ärztekammer IT GmbH")).await;
    for (taken, with) in [("JP Morgan SE", morgan.id), ("ärztekammer it gmbh", aerzte.id)] {
        let err = reg.store().create_vendor(&ctx("a", 5), &named(taken).parse().unwrap()).await.unwrap_err();
        let text = err.to_string();
        assert_eq!(codes(err), ["name_taken"], "{taken}");
        assert!(text.contains(&format!("(id {with})")), "{text}");
    }
    assert_eq!(reg.store().resolve_vendor("JP Morgan SE").await.unwrap(), morgan.id);
    assert_eq!(reg.store().resolve_vendor("ärztekammer it gmbh").await.unwrap(), aerzte.id);
}

fn serving(client: i64, purpose: &str, at: &[&str]) -> LinkDraft {
    LinkDraft { client_id: client, purpose: purpose.into(), data_categories: vec![], locations: at.iter().map(|s| s.to_string()).collect() }
}

#[tokio::test]
async fn the_chain_is_a_graph_that_refuses_unknown_clients_and_loops() {
    let reg = TestRegister::new().await;
    let genesys = reg.add(named("Genesys")).await;
    let twilio = reg.add(named("Twilio")).await;
    // One sub-processor of two vendors, each link with its own purpose and place.
    let aws = VendorDraft {
        serves: vec![serving(genesys.id, "Hosts the call recordings", &["Frankfurt"]), serving(twilio.id, "Hosts the logs", &["Dublin"])],
        ..named("Amazon Web Services EMEA SARL")
    };
    let aws = reg.add(aws).await;
    let deep = reg.add(VendorDraft { serves: vec![serving(aws.id, "", &[])], ..named("A sub-sub-processor") }).await;
    let served: Vec<_> = aws.serves.iter().map(|l| (l.client_name.as_str(), l.purpose.as_str(), l.locations.clone())).collect();
    assert_eq!(
        served,
        [("Genesys", "Hosts the call recordings", vec!["Frankfurt".to_string()]), ("Twilio", "Hosts the logs", vec!["Dublin".to_string()])]
    );
    let genesys_now = reg.store().vendor(genesys.id).await.unwrap();
    assert_eq!(genesys_now.sub_processors.iter().map(|l| l.vendor_name.as_str()).collect::<Vec<_>>(), ["Amazon Web Services EMEA SARL"]);
    assert_eq!(genesys_now.sub_processors[0].locations, ["Frankfurt"]);
    // The register's column and filter.
    let page = reg.store().list_vendors(&ListQuery { client_id: Some(twilio.id), ..Default::default() }).await.unwrap();
    assert_eq!(page.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Amazon Web Services EMEA SARL"]);
    assert_eq!(page.rows[0].serves.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Genesys", "Twilio"]);
    let facets = reg.store().facets().await.unwrap();
    assert_eq!(facets.clients.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Amazon Web Services EMEA SARL", "Genesys", "Twilio"]);

    let unknown = VendorDraft { serves: vec![serving(999, "", &[])], ..named("Orphan") };
    assert_eq!(codes(reg.store().create_vendor(&ctx("a", 0), &unknown.parse().unwrap()).await.unwrap_err()), ["unknown_parent"]);
    let twice = VendorDraft { serves: vec![serving(genesys.id, "", &[]), serving(genesys.id, "again", &[])], ..named("Twice") };
    assert_eq!(codes(twice.parse().map_err(Error::Invalid).unwrap_err()), ["invalid_link"]);

    for (vendor, client) in [(genesys.id, deep.id), (twilio.id, aws.id), (genesys.id, genesys.id)] {
        let mut d = reg.store().vendor(vendor).await.unwrap().to_draft();
        d.serves.push(serving(client, "", &[]));
        let err = reg.store().update_vendor(&ctx("a", 1), vendor, &d.parse().unwrap()).await.unwrap_err();
        assert_eq!(codes(err), ["parent_cycle"]);
    }
    assert!(reg.store().vendor(genesys.id).await.unwrap().serves.is_empty());

    // A link changed is one history entry with the links before and after.
    let mut d = reg.store().vendor(aws.id).await.unwrap().to_draft();
    d.serves.retain(|l| l.client_id == genesys.id);
    d.serves[0].locations = vec!["Frankfurt".into(), "Paris".into()];
    reg.store().update_vendor(&ctx("b", 2), aws.id, &d.parse().unwrap()).await.unwrap();
    let history = reg.store().history(Some(aws.id), 100).await.unwrap();
    let change = history
        .iter()
        .find(|h| h.field.as_deref() == Some("serves") && h.actor == vetted_tests::actor_of("b"))
        .expect("the change is in the history");
    assert_eq!(change.before.as_deref(), Some("Genesys (Hosts the call recordings | Frankfurt); Twilio (Hosts the logs | Dublin)"));
    assert_eq!(change.after.as_deref(), Some("Genesys (Hosts the call recordings | Frankfurt, Paris)"));
}

#[tokio::test]
async fn the_whole_chain_below_a_vendor_reads_as_a_tree() {
    let reg = TestRegister::new().await;
    let genesys = reg.add(named("Genesys")).await;
    let twilio = reg.add(named("Twilio")).await;
    let serving_all = |clients: &[(i64, &str)]| clients.iter().map(|(c, p)| serving(*c, p, &[])).collect::<Vec<_>>();
    let aws = reg.add(VendorDraft { serves: serving_all(&[(genesys.id, "Hosting"), (twilio.id, "Logs")]), ..named("AWS") }).await;
    let google = reg.add(VendorDraft { serves: serving_all(&[(genesys.id, "Speech")]), ..named("Google") }).await;
    reg.add(VendorDraft { serves: serving_all(&[(aws.id, "Data centre"), (google.id, "Colocation")]), ..named("Equinix") }).await;
    reg.add(VendorDraft { serves: serving_all(&[(aws.id, "Support")]), ..named("Acme Support") }).await;
    let chain = reg.register.chain_below(genesys.id).await.unwrap();
    let read: Vec<(u32, &str, &str, &str)> =
        chain.iter().map(|s| (s.depth, s.link.vendor_name.as_str(), s.link.client_name.as_str(), s.link.purpose.as_str())).collect();
    assert_eq!(
        read,
        [
            (1, "AWS", "Genesys", "Hosting"),
            (2, "Acme Support", "AWS", "Support"),
            (2, "Equinix", "AWS", "Data centre"),
            (1, "Google", "Genesys", "Speech"),
            (2, "Equinix", "Google", "Colocation"),
        ]
    );
    assert!(reg.register.chain_below(aws.id).await.unwrap().iter().all(|s| s.depth == 1));
    // A client's sub-processors read by name, whatever place the link has among each one's own.
    reg.add(VendorDraft { serves: serving_all(&[(google.id, "Backups")]), ..named("Zeta Backup") }).await;
    let subs = reg.store().vendor(google.id).await.unwrap().sub_processors;
    assert_eq!(subs.iter().map(|l| l.vendor_name.as_str()).collect::<Vec<_>>(), ["Equinix", "Zeta Backup"]);
    // Every vendor read at once (exports, the published list) gives each client's sub-processors
    // in the order the vendor read alone gives them, on either engine: a name beginning with an
    // umlaut too (the engine's order, which for it differs between the two).
    reg.add(VendorDraft { serves: serving_all(&[(google.id, "Translation")]), ..named("Übersetzungsbüro Meyer") }).await;
    reg.add(VendorDraft { serves: serving_all(&[(google.id, "Archive")]), ..named("archiv-Dienst") }).await;
    let alone: Vec<String> = reg.store().vendor(google.id).await.unwrap().sub_processors.into_iter().map(|l| l.vendor_name).collect();
    assert_eq!(alone.len(), 4);
    assert_eq!(alone, ["archiv-Dienst", "Equinix", "Übersetzungsbüro Meyer", "Zeta Backup"]);
    let all = reg.store().vendors(&[]).await.unwrap();
    let together: Vec<String> =
        all.into_iter().find(|v| v.id == google.id).unwrap().sub_processors.into_iter().map(|l| l.vendor_name).collect();
    assert_eq!(together, alone);
}

#[tokio::test]
async fn names_are_listed_with_umlauts_and_accents_among_their_letters_on_either_engine() {
    let reg = TestRegister::new().await;
    for name in
        ["Zeta Hosting", "Übersetzungsbüro Meyer", "archiv-Dienst", "Ärztekammer IT", "Éclair SAS", "Ubuntu One", "Öko-Cloud", "Oracle"]
    {
        reg.add(named(name)).await;
    }
    let sorted =
        ["archiv-Dienst", "Ärztekammer IT", "Éclair SAS", "Öko-Cloud", "Oracle", "Übersetzungsbüro Meyer", "Ubuntu One", "Zeta Hosting"];
    let names = |q: ListQuery| {
        let store = reg.store().clone();
        async move { store.list_vendors(&q).await.unwrap().rows.into_iter().map(|r| r.name).collect::<Vec<_>>() }
    };
    // The list, both ways and a window of it; every vendor read at once (exports, the published
    // list); the vendors scoring goes through: one order, the one `name_order` gives.
    assert_eq!(names(ListQuery::default()).await, sorted);
    let mut backwards = sorted.to_vec();
    backwards.reverse();
    assert_eq!(names(ListQuery { descending: true, ..Default::default() }).await, backwards);
    assert_eq!(names(ListQuery { offset: 2, limit: 3, ..Default::default() }).await, sorted[2..5]);
    let all: Vec<String> = reg.store().vendors(&[]).await.unwrap().into_iter().map(|v| v.name).collect();
    assert_eq!(all, sorted);
    let scored: Vec<String> = reg.store().vendor_tiers(None).await.unwrap().into_iter().map(|(v, _)| v.name).collect();
    assert_eq!(scored, sorted);
    let mut by_rust = sorted.to_vec();
    by_rust.sort_by(|a, b| vetted_core::domain::name_order(a, b));
    assert_eq!(by_rust, sorted);
    // Which names are one is unchanged: the same name in capitals is refused as taken.
    assert!(reg.register.create_vendor(&named("ZETA HOSTING")).await.is_err());
}

#[tokio::test]
async fn a_sub_processor_found_in_a_report_is_linked_when_the_register_has_it_and_added_when_not() {
    let reg = TestRegister::new().await;
    let tembo = reg.add(named("Tembo Inc.")).await;
    let aws = reg.add(VendorDraft { notes: "our own contract".into(), ..named("Amazon Web Services, Inc.") }).await;
    let carved = |name: &str| VendorDraft {
        serves: vec![serving(tembo.id, "Subservice organisation", &[])],
        notes: "carved out".into(),
        ..named(name)
    };
    // Written another way: the vendor there is linked, its own fields kept.
    let linked = reg.register.add_sub_processor(&carved("Amazon Web Services Inc")).await.unwrap();
    assert_eq!((linked.id, linked.notes.as_str()), (aws.id, "our own contract"));
    assert_eq!(
        linked.serves.iter().map(|l| (l.client_name.as_str(), l.purpose.as_str())).collect::<Vec<_>>(),
        [("Tembo Inc.", "Subservice organisation")]
    );
    // Asked again: nothing changes.
    assert_eq!(reg.register.add_sub_processor(&carved("AMAZON WEB SERVICES, INC.")).await.unwrap().serves.len(), 1);
    let added = reg.register.add_sub_processor(&carved("Microsoft Azure")).await.unwrap();
    assert_ne!(added.id, aws.id);
    assert_eq!((added.notes.as_str(), added.serves[0].client_id), ("carved out", tembo.id));
    assert_eq!(reg.store().vendor(tembo.id).await.unwrap().sub_processors.len(), 2);
}

#[tokio::test]
async fn the_list_filters_sorts_and_windows_in_sql() {
    let reg = TestRegister::new().await;
    example::load(reg.store(), &ctx("a", 0), &ValidityRules::default_rules(), at(0).date_naive(), vetted_core::report::Lang::En)
        .await
        .unwrap();
    let names = |q: ListQuery| {
        let store = reg.store().clone();
        async move { store.list_vendors(&q).await.unwrap().rows.into_iter().map(|r| r.name).collect::<Vec<_>>() }
    };
    assert_eq!(
        names(ListQuery { search: "dialogflow".into(), ..Default::default() }).await,
        ["Google Cloud EMEA Ltd"],
        "search finds services"
    );
    assert_eq!(
        names(ListQuery { search: "SMS".into(), ..Default::default() }).await,
        ["Twilio Ireland Limited"],
        "search finds purposes and services, ignoring case"
    );
    assert_eq!(names(ListQuery { search: "100%_".into(), ..Default::default() }).await, Vec::<String>::new());
    assert_eq!(
        names(ListQuery { search: "error TRACKING".into(), ..Default::default() }).await,
        ["Functional Software, Inc. (Sentry)"],
        "search finds purposes"
    );
    assert_eq!(
        names(ListQuery { country: Some("us".into()), ..Default::default() }).await,
        ["Functional Software, Inc. (Sentry)", "Genesys Cloud Services, Inc.", "Twilio Ireland Limited"]
    );
    assert_eq!(
        names(ListQuery { status: Some(Status::Approved), tier: Some(Tier::CRITICAL), ..Default::default() }).await,
        ["Amazon Web Services EMEA SARL", "Genesys Cloud Services, Inc.", "Microsoft Ireland Operations Ltd"]
    );
    let genesys = reg.store().resolve_vendor("genesys cloud services, inc.").await.unwrap();
    assert_eq!(
        names(ListQuery { client_id: Some(genesys), ..Default::default() }).await,
        ["Amazon Web Services EMEA SARL", "Google Cloud EMEA Ltd"]
    );
    assert_eq!(
        names(ListQuery { sort: SortKey::Tier, descending: true, ..Default::default() }).await[0],
        "Functional Software, Inc. (Sentry)"
    );
    let page = reg.store().list_vendors(&ListQuery { offset: 2, limit: 2, ..Default::default() }).await.unwrap();
    assert_eq!((page.total, page.offset, page.rows.len()), (6, 2, 2));
    assert_eq!(page.rows[0].name, "Genesys Cloud Services, Inc.");

    let facets = reg.store().facets().await.unwrap();
    assert_eq!(facets.countries, ["DE", "IE", "NL", "US"]);
    assert_eq!(facets.clients.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Genesys Cloud Services, Inc."]);
}

#[tokio::test]
async fn search_ignores_case_beyond_ascii_and_follows_renames() {
    let reg = TestRegister::new().await;
    let v = reg.add(VendorDraft { services: vec!["Ærø Färjan".into()], ..named("Łódź Hosting Sp. z o.o.") }).await;
    let find = |s: &str| {
        let (store, s) = (reg.store().clone(), s.to_owned());
        async move { store.list_vendors(&ListQuery { search: s, ..Default::default() }).await.unwrap().total }
    };
    assert_eq!((find("łódź").await, find("ÆRØ").await, find("FÄRJAN").await), (1, 1, 1));
    let mut d = v.to_draft();
    d.name = "Renamed GmbH".into();
    d.services.clear();
    reg.store().update_vendor(&ctx("a", 1), v.id, &d.parse().unwrap()).await.unwrap();
    assert_eq!((find("łódź").await, find("ærø").await, find("renamed").await), (0, 0, 1));
}

#[tokio::test]
async fn the_example_register_loads_once() {
    let reg = TestRegister::new().await;
    let ids = reg.register.load_example(vetted_core::report::Lang::En).await.unwrap();
    assert!(ids.len() >= 4);
    let google = reg.store().vendor(reg.store().resolve_vendor("Google Cloud EMEA Ltd").await.unwrap()).await.unwrap();
    assert_eq!(google.serves.iter().map(|l| l.client_name.as_str()).collect::<Vec<_>>(), ["Genesys Cloud Services, Inc."]);
    assert!(google.services.iter().any(|s| s.contains("Dialogflow")));
    // A first user sees real verdicts: a current SOC 2 Type II makes Google conditional (its
    // report cannot show every frequency), Sentry's German questionnaire meets tier 3's baseline.
    let verdict = |name: &'static str| {
        let register = &reg.register;
        async move {
            let id = register.store().resolve_vendor(name).await.unwrap();
            register.assessment_history(id).await.unwrap().first().map(|s| s.assessment.verdict)
        }
    };
    assert_eq!(verdict("Google Cloud EMEA Ltd").await, Some(Verdict::Conditional));
    assert_eq!(verdict("Functional Software, Inc. (Sentry)").await, Some(Verdict::Meets));
    assert_eq!(verdict("Twilio Ireland Limited").await, Some(Verdict::Insufficient));
    let certs = reg.register.certifications(None, None).await.unwrap();
    assert_eq!(
        certs.iter().map(|c| (c.vendor_name.as_str(), c.status)).collect::<Vec<_>>(),
        [("Google Cloud EMEA Ltd", CertStatus::Current)]
    );
    let again = reg.register.load_example(vetted_core::report::Lang::En).await.unwrap_err();
    assert_eq!(again.code(), "conflict");
    assert_eq!(reg.store().vendor_count().await.unwrap() as usize, ids.len(), "nothing half-loaded");
}

#[tokio::test]
async fn two_handles_write_the_same_file_at_once_and_lose_nothing() {
    let reg = TestRegister::new().await;
    let other = Store::open(&reg.db).await.unwrap();
    let write = |store: Store, prefix: &'static str| {
        tokio::spawn(async move {
            for i in 0..100 {
                let d = named(&format!("{prefix} {i}")).parse().unwrap();
                store.create_vendor(&ctx(prefix, i), &d).await.unwrap();
            }
        })
    };
    let (a, b) = (write(reg.store().clone(), "app"), write(other.clone(), "cli"));
    a.await.unwrap();
    b.await.unwrap();
    assert_eq!(reg.store().vendor_count().await.unwrap(), 200);
    assert_eq!(reg.store().history(None, 1000).await.unwrap().len(), 200);
}

#[tokio::test]
async fn the_synthetic_benchmark_register_is_valid_and_loads() {
    let reg = TestRegister::new().await;
    let vendors = vetted_tests::synthetic_register(200);
    reg.store().create_vendors(&ctx("bench", 0), &vendors).await.unwrap();
    assert_eq!(reg.store().vendor_count().await.unwrap(), 200);
    let page = reg.store().list_vendors(&ListQuery { search: "cloud".into(), ..Default::default() }).await.unwrap();
    assert!(page.total > 0 && page.rows.iter().all(|r| r.name.contains("Cloud") || r.services.iter().any(|s| s.contains("Cloud"))));
}

/// A picker's search lists the vendors whose name matches first (the whole name, its start, then
/// anywhere), then those found by their purpose or services: typing "Genesys" to choose a parent
/// offers Genesys before AWS, whose purpose names Genesys.
#[tokio::test]
async fn a_pickers_search_lists_name_matches_before_matches_in_other_text() {
    let reg = TestRegister::new().await;
    let with_purpose =
        |name: &str, purpose: &str| vetted_core::domain::VendorDraft { name: name.into(), purpose: purpose.into(), ..Default::default() };
    reg.add(with_purpose("Amazon Web Services EMEA SARL", "Hosts Genesys Cloud recordings in Frankfurt")).await;
    reg.add(with_purpose("Acme Genesys Integrations", "")).await;
    reg.add(with_purpose("Genesys Cloud Services, Inc.", "Contact center platform")).await;
    reg.add(with_purpose("genesys", "")).await;
    let q = ListQuery { search: "Genesys".into(), sort: vetted_core::store::SortKey::Relevance, ..Default::default() };
    let names: Vec<String> = reg.store().list_vendors(&q).await.unwrap().rows.into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["genesys", "Genesys Cloud Services, Inc.", "Acme Genesys Integrations", "Amazon Web Services EMEA SARL"]);
}

/// Two people open one vendor's form from the same state: the first save lands; the second, begun
/// before it, is refused as a conflict naming the fields and who changed them, and changes nothing;
/// begun again from the vendor as it now is, it saves. A new verdict or certification meanwhile is
/// no conflict: only a change of the vendor's own fields is.
#[tokio::test]
async fn an_edit_begun_before_a_colleagues_change_is_refused_naming_the_fields_and_who() {
    use vetted_core::FixedContext;
    let reg = TestRegister::new().await;
    let person = |who: &str| std::sync::Arc::new(FixedContext { actor: who.into(), at: at(10), today: at(10).date_naive() });
    let anna = vetted_core::Register::open(&reg.db, person("anna")).await.unwrap();
    let ben = vetted_core::Register::open(&reg.db, person("ben")).await.unwrap();
    let v = anna.create_vendor(&named("Twilio Inc.")).await.unwrap();

    let mut annas = anna.vendor(v.id).await.unwrap().to_draft();
    let mut bens = ben.vendor(v.id).await.unwrap().to_draft();
    assert_eq!(annas.based_on, bens.based_on);
    annas.purpose = "SMS notifications".into();
    annas.owner = "Anna".into();
    anna.update_vendor(v.id, &annas).await.unwrap();
    // Unrelated to the form's fields: a certification recorded by someone else is no conflict.
    let added = reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Twilio Inc.",
        "--kind",
        "iso27001_2022",
        "--issued",
        "2024-02-01",
        "--expires",
        "2027-01-31",
    ]);
    assert!(added.status.success(), "{}", vetted_tests::stderr(&added));

    bens.notes = "Ask for the pen test".into();
    let refused = ben.update_vendor(v.id, &bens).await.unwrap_err();
    assert_eq!(refused.code().as_str(), "conflict", "{refused}");
    let dto = vetted_core::ErrorDto::from(refused);
    assert_eq!(dto.details.values["reason"], "changed_meanwhile", "{:?}", dto.details);
    assert_eq!(dto.details.values["fields"], "purpose, owner", "{:?}", dto.details);
    assert_eq!(dto.details.values["by"], vetted_tests::actor_of("anna"), "{:?}", dto.details);
    let now = ben.vendor(v.id).await.unwrap();
    assert_eq!((now.purpose.as_str(), now.notes.as_str()), ("SMS notifications", ""), "nothing of the stale edit was saved");

    // Begun again from the vendor as it is now, Ben's change saves and keeps Anna's.
    let mut again = now.to_draft();
    again.notes = "Ask for the pen test".into();
    let saved = ben.update_vendor(v.id, &again).await.unwrap();
    assert_eq!((saved.purpose.as_str(), saved.notes.as_str()), ("SMS notifications", "Ask for the pen test"));
    assert!(saved.version > now.version);
    anna.close().await;
    ben.close().await;
}
