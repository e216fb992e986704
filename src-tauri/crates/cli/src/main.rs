//! `vetted`: the command line over vetted-core, for scripts and people at a terminal.
#![forbid(unsafe_code)]

/// mimalloc instead of glibc's malloc: scoring and import make many small, short-lived
/// allocations, and glibc's spent half the time of scoring 10,000 vendors (docs/benchmarks.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod output;

use args::{
    BaselineCommand, CertsCommand, Cli, Command, ConditionCommand, ExportCommand, FieldArgs, HistoryCommand, QuestionnaireCommand, RoleArg,
    TeamCommand, VendorCommand,
};
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use vetted_core::domain::approval::{ApprovalDraft, ConditionChange, ConditionDraft, ConditionState};
use vetted_core::domain::certification::CertDraft;
use vetted_core::domain::{LinkDraft, Status, VendorDraft};
use vetted_core::import::{ImportOptions, MappingProfile};
use vetted_core::register::{ListQuery, TeamRole};
use vetted_core::scoring::Baseline;
use vetted_core::{paths, Error, Register, Result, SystemContext};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let db = cli.db.unwrap_or_else(paths::default_db);
    // A restore must not open the register it replaces.
    if let Command::Restore { file, json } = &cli.command {
        let restored = Register::restore(&db, file, &SystemContext).await?;
        if *json {
            output::json(&restored);
        } else {
            output::out!(
                "Restored {} from {}: schema {}, {} history entries (verified), {} evidence files.",
                db.display(),
                file.display(),
                restored.schema_version,
                restored.history_entries,
                restored.evidence_files
            );
            if let Some(aside) = &restored.set_aside {
                output::out!("The register it replaced is kept as {}.", aside.display());
            }
        }
        return Ok(());
    }
    let register = Register::open(&db, std::sync::Arc::new(SystemContext)).await?;
    let result = dispatch(&register, cli.command).await;
    register.close().await;
    result
}

async fn dispatch(register: &Register, command: Command) -> Result<()> {
    match command {
        Command::Vendor(VendorCommand::Add { name, fields, json }) => {
            let mut draft = VendorDraft { name, ..Default::default() };
            apply(register, &mut draft, fields).await?;
            let vendor = register.create_vendor(&draft).await?;
            output::vendor_written(&vendor, "Added", json);
        }
        Command::Vendor(VendorCommand::List {
            status,
            search,
            tier,
            country,
            serves,
            verdict,
            conditions,
            archived,
            sort,
            desc,
            limit,
            json,
        }) => {
            let client_id = match serves {
                Some(p) => Some(register.resolve_vendor(&p).await?),
                None => None,
            };
            let query = ListQuery {
                search: search.unwrap_or_default(),
                status,
                tier,
                country,
                client_id,
                verdict,
                conditions,
                today: None,
                include_archived: archived,
                sort: sort.into(),
                descending: desc,
                offset: 0,
                limit,
            };
            output::list(&register.vendors(&query).await?, json);
        }
        Command::Vendor(VendorCommand::Import { file, map, dry_run, lang, json }) => {
            use vetted_core::import::subprocessors::{ListField, ListMapping};
            let mut mapping = ListMapping::new();
            for pair in &map {
                let (field, column) = pair.split_once('=').ok_or_else(|| {
                    Error::field("map", "invalid_mapping", format!("'{pair}' is not FIELD=COLUMN (e.g. countries=Location)"))
                })?;
                let field: ListField = serde_json::from_value(serde_json::Value::String(field.trim().to_owned()))
                    .map_err(|_| Error::field("map", "invalid_mapping", format!("'{}' is not a field of the register", field.trim())))?;
                mapping.insert(field, column.trim().to_owned());
            }
            let list = register.preview_vendor_list(&file, &mapping).await?;
            let added = if dry_run { None } else { Some(register.import_vendor_list(&list, lang).await?) };
            output::list_import(&list, added.as_ref(), lang, json);
        }
        Command::Vendor(VendorCommand::Imports { json }) => output::list_imports(&register.list_imports().await?, json),
        Command::Vendor(VendorCommand::UndoImport { id, json }) => {
            let id = match id {
                Some(id) => id,
                None => register
                    .list_imports()
                    .await?
                    .into_iter()
                    // The newest that added something (importing a list again may add nothing).
                    .find(|i| !i.undone && (!i.vendors.is_empty() || !i.links.is_empty()))
                    .map(|i| i.id)
                    .ok_or_else(|| Error::NotFound("there is no list import to undo".into()))?,
            };
            let archived = register.undo_list_import(id).await?;
            if json {
                output::json(&serde_json::json!({ "import": id, "archived": archived }));
            } else {
                output::out!("Undid list import {id}: {} vendor(s) archived.", archived.len());
            }
        }
        Command::Vendor(VendorCommand::Show { vendor, json }) => {
            let id = register.resolve_vendor(&vendor).await?;
            output::vendor(&register.vendor(id).await?, json);
        }
        Command::Vendor(VendorCommand::Edit { vendor, name, fields, json }) => {
            let id = register.resolve_vendor(&vendor).await?;
            let mut draft = register.vendor(id).await?.to_draft();
            if let Some(name) = name {
                draft.name = name;
            }
            apply(register, &mut draft, fields).await?;
            let vendor = register.update_vendor(id, &draft).await?;
            output::vendor_written(&vendor, "Updated", json);
        }
        Command::Vendor(VendorCommand::Approve { vendor, with_conditions, justification, json }) => {
            let id = register.resolve_vendor(&vendor).await?;
            let status = if with_conditions { Status::ApprovedWithConditions } else { Status::Approved };
            let approval = register.approve(id, &ApprovalDraft { status, justification }).await?;
            output::approval(&approval, &vendor, json);
        }
        Command::Condition(ConditionCommand::Add { vendor, title, control, owner, due, note, json }) => {
            let id = register.resolve_vendor(&vendor).await?;
            let draft = ConditionDraft { control_id: control, title, owner, due, note };
            output::condition(&register.add_condition(id, &draft).await?, "Added", json);
        }
        Command::Condition(ConditionCommand::List { vendor, open, overdue, json }) => {
            let vendor_id = match vendor {
                Some(v) => Some(register.resolve_vendor(&v).await?),
                None => None,
            };
            let today = register.today();
            let mut list = register.conditions(vendor_id, open || overdue).await?;
            if overdue {
                list.retain(|c| c.overdue(today));
            }
            output::conditions(&list, today, json);
        }
        Command::Condition(ConditionCommand::Update { id, title, owner, due, state, note, json }) => {
            let change = ConditionChange { title, owner, due, state, note, met_by: None };
            let updated = register.update_condition(id, &change).await?;
            output::condition_updated(&updated, json);
        }
        Command::Condition(ConditionCommand::Close { id, met_by, note, waive, json }) => {
            let state = if waive { ConditionState::Waived } else { ConditionState::Met };
            let change = ConditionChange { state: Some(state), met_by, note, ..Default::default() };
            let updated = register.update_condition(id, &change).await?;
            output::condition_updated(&updated, json);
        }
        Command::Vendor(VendorCommand::Archive { vendor, json }) => {
            let id = register.resolve_vendor(&vendor).await?;
            let vendor = register.archive_vendor(id).await?;
            output::vendor_written(&vendor, "Archived", json);
        }
        Command::Certs(CertsCommand::Add {
            vendor,
            kind,
            period_start,
            period_end,
            report_date,
            issued,
            expires,
            issuer,
            number,
            scope,
            tsc,
            opinion,
            exceptions,
            service,
            file,
            json,
        }) => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            let draft = CertDraft {
                kind,
                issuer: issuer.unwrap_or_default(),
                certificate_number: number.unwrap_or_default(),
                scope: scope.unwrap_or_default(),
                tsc: tsc.into_iter().collect(),
                period_start: period_start.unwrap_or_default(),
                period_end: period_end.unwrap_or_default(),
                as_of: report_date.unwrap_or_default(),
                issued: issued.unwrap_or_default(),
                expires: expires.unwrap_or_default(),
                opinion: opinion.unwrap_or_default(),
                exceptions: exceptions.unwrap_or_default(),
                services: service.iter().flat_map(|s| s.split(',')).map(str::to_owned).collect(),
            };
            let cert = register.add_certification(vendor_id, &draft, &file).await?;
            output::certifications(std::slice::from_ref(&cert), json);
            if !json {
                output::kept(&cert);
            }
        }
        Command::Certs(CertsCommand::Attach { cert, file, json }) => {
            let c = register.attach_evidence(cert, &file).await?;
            if json {
                output::json(&c);
            } else {
                let f = c.evidence_files.last().expect("just attached");
                output::out!(
                    "Attached {} ({}) to {} of {}.",
                    f.original_name,
                    vetted_core::domain::human_size(f.size),
                    c.kind_label,
                    c.vendor_name
                );
                output::kept(&c);
            }
        }
        Command::Certs(CertsCommand::Assured { vendor, as_of, json }) => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            let rows = register.assurance(vendor_id, as_of).await?;
            output::assurance(&rows, json);
        }
        Command::Certs(CertsCommand::Duties { vendor, json, lang }) => {
            let vendor_id = match vendor {
                Some(v) => Some(register.resolve_vendor(&v).await?),
                None => None,
            };
            output::duties(&register.certifications(vendor_id, None).await?, json, lang);
        }
        Command::Certs(CertsCommand::Duty { id, state, note }) => {
            let d = register.set_duty(id, &state, &note).await?;
            output::out!("Duty {} is {}.", d.id, vetted_core::domain::wire_name(&d.state).replace('_', " "));
        }
        Command::Certs(CertsCommand::Read { file, json, lang }) => {
            output::reading(&register.read_assurance(&file).await?, &file, json, lang);
        }
        Command::Certs(CertsCommand::Mute { cert, unmute }) => {
            register.set_reminders_muted(cert, !unmute).await?;
            output::out!("Reminders about certification {cert} {}.", if unmute { "resumed" } else { "muted" });
        }
        Command::Certs(CertsCommand::Calendar { out, as_of, lang }) => match out {
            Some(path) => {
                register.write_calendar(&path, as_of, lang).await?;
                output::out!("Wrote {}.", path.display());
            }
            None => output::out!("{}", register.calendar(as_of, lang).await?.trim_end()),
        },
        Command::Certs(CertsCommand::List { vendor, as_of, json }) => {
            let vendor_id = match vendor {
                Some(v) => Some(register.resolve_vendor(&v).await?),
                None => None,
            };
            let list = register.certifications(vendor_id, as_of).await?;
            output::certifications(&list, json);
        }
        Command::Certs(CertsCommand::Expiring { within, as_of, json }) => {
            output::certifications(&register.expiring(within, as_of).await?, json);
        }
        Command::Import { file, vendor, mapping, sheet, dry_run, json } => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            let mapping = match mapping {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .map_err(|e| Error::Io(format!("cannot read the mapping {}: {e}", path.display())))?;
                    Some(MappingProfile::parse(&text).map_err(|e| Error::field("mapping", "invalid_mapping", e))?)
                }
                None => None,
            };
            let opts = ImportOptions { mapping, sheet, ..Default::default() };
            // Vetted's own questionnaire: which version of its baseline the register holds now
            let baseline_now = async |p: &vetted_core::import::Preview| match &p.made_from {
                Some(made) => register.baseline(Some(&made.baseline)).await.ok().map(|b| b.version),
                None => None,
            };
            if dry_run {
                let preview = register.preview_questionnaire(file, opts, |_, _| true).await?;
                output::import(&preview, None, baseline_now(&preview).await, json);
            } else {
                let (summary, saved) = register.import_questionnaire(vendor_id, &file, &opts).await?;
                output::import(&summary, Some(&saved), baseline_now(&summary).await, json);
            }
        }
        Command::Questionnaire(QuestionnaireCommand::Make { baseline, tier, lang, vendor, out, json }) => {
            let vendor_id = match vendor {
                Some(v) => Some(register.resolve_vendor(&v).await?),
                None => None,
            };
            let request = vetted_core::register::QuestionnaireRequest { baseline, tier: tier.map(|t| t.get()), lang, vendor_id };
            let made = register.write_questionnaire(&request, &out).await?;
            output::made_questionnaire(&made, &out, json);
        }
        Command::Questionnaire(QuestionnaireCommand::List { vendor, json }) => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            output::questionnaires(&register.questionnaires(vendor_id).await?, json);
        }
        Command::Questionnaire(QuestionnaireCommand::Compare { vendor, from, to, json }) => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            let versions = register.questionnaires(vendor_id).await?; // newest first
            let pick = |n: Option<i64>, default: usize| -> Result<&vetted_core::register::QuestionnaireVersion> {
                match n {
                    Some(n) => versions
                        .iter()
                        .find(|v| v.version == n)
                        .ok_or_else(|| Error::NotFound(format!("{vendor} has no questionnaire version {n} (it has {})", versions.len()))),
                    None => versions.get(default).ok_or_else(|| {
                        Error::NotFound(format!("{vendor} has {} questionnaire version(s); comparing needs two", versions.len()))
                    }),
                }
            };
            let (old, new) = (pick(from, 1)?, pick(to, 0)?);
            let changes = register.compare_questionnaires(old.id, new.id).await?;
            output::changes(old.version, new.version, &changes, json);
        }
        Command::Score { vendor, all, as_of, baseline, json } => {
            let vendor_id = match vendor.filter(|_| !all) {
                Some(v) => Some(register.resolve_vendor(&v).await?),
                None => None,
            };
            let baseline = match baseline {
                Some(path) => Some(Baseline::read_file(&path)?),
                None => None,
            };
            if vendor_id.is_some() {
                let scored = register.assess(vendor_id, as_of, baseline).await?;
                output::scored(&scored[0], json, register.rules());
            } else {
                // Printed round by round as they are scored: a full register never waits in memory.
                let mut printer = output::ScoredList::new(json);
                register
                    .assess_each(as_of, baseline, &mut |round| {
                        printer.print(&round);
                        Ok(())
                    })
                    .await?;
                printer.finish();
            }
        }
        Command::Export(ExportCommand::Summary { vendor, out, lang, as_of }) => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            let bytes = register.write_summary(vendor_id, lang, as_of, &out).await?;
            eprintln!("Wrote {} ({} KB).", out.display(), bytes.div_ceil(1024));
        }
        Command::Export(ExportCommand::Register { format, out, status, with_verdict, lang, as_of }) => {
            let statuses = match status.trim() {
                "all" => Vec::new(),
                list => list
                    .split(',')
                    .map(|s| vetted_core::domain::Status::parse(s).map_err(|e| Error::field("status", "invalid_status", e)))
                    .collect::<Result<Vec<_>>>()?,
            };
            let filter = vetted_core::report::RegisterFilter { statuses, with_verdict };
            let p = register.write_register(&filter, format, lang, as_of, &out).await?;
            let what = if p.new { "published as version" } else { "unchanged since version" };
            eprintln!("Wrote {} ({} sub-processors, {what} {}).", out.display(), p.entries, p.version);
        }
        Command::Export(ExportCommand::Diff { from, to, format, out, lang }) => {
            let diff = register.write_diff(from, to, format, lang, &out).await?;
            eprintln!(
                "Wrote {}: {} added, {} removed, {} changed.",
                out.display(),
                diff.added.len(),
                diff.removed.len(),
                diff.changed.len()
            );
        }
        Command::Export(ExportCommand::Versions { json }) => output::register_versions(&register.register_versions().await?, json),
        Command::Baseline(BaselineCommand::Show { id, json }) => match id {
            Some(id) => output::baseline(&register.baseline(Some(&id)).await?, json),
            None => output::baselines(&register.baselines().await?, json),
        },
        Command::Baseline(BaselineCommand::Export { id, out }) => match out {
            Some(path) => {
                let baseline = register.export_baseline(id.as_deref(), &path).await?;
                output::out!("Wrote {} (version {}) to {}.", baseline.name.en, baseline.version, path.display());
            }
            None => output::out!("{}", register.baseline(id.as_deref()).await?.to_json().trim_end()),
        },
        Command::Baseline(BaselineCommand::Import { file, use_for, json }) => {
            let saved = register.import_baseline(&file, use_for).await?;
            if json {
                output::json(&saved);
            } else {
                output::out!("Saved {} as version {} ({} controls).", saved.name.en, saved.version, saved.controls.len());
            }
        }
        Command::Baseline(BaselineCommand::Use { id, tier }) => {
            register.use_baseline(tier, &id).await?;
            let whom = if tier == 0 { "Every tier without its own baseline".to_owned() } else { format!("Tier {tier}") };
            output::out!("{whom} is held to '{id}'.");
        }
        Command::AcceptRisk { vendor, control, reason, by, until, baseline, json } => {
            let vendor_id = register.resolve_vendor(&vendor).await?;
            let draft = vetted_core::register::AcceptanceDraft {
                baseline_id: baseline.unwrap_or_default(),
                control_id: control,
                reason,
                accepted_by: by,
                until,
            };
            let a = register.accept_risk(vendor_id, &draft).await?;
            if json {
                output::json(&a);
            } else {
                output::out!("Accepted: {} of {vendor} may stay unmet until {} ({}).", a.control_id, a.until, a.accepted_by);
            }
        }
        Command::History { check: Some(HistoryCommand::Verify { json }), .. } => {
            let report = register.verify_history().await?;
            if json {
                output::json(&report);
            } else {
                output::chain(&report);
            }
            if let Some(broken) = report.first_broken {
                return Err(Error::Tampered(broken.to_string()));
            }
            if let Some(first) = report.records_broken.first() {
                let more = report.records_broken.len() - 1;
                return Err(Error::Tampered(if more == 0 { first.to_string() } else { format!("{first}, and {more} more") }));
            }
        }
        Command::History { check: None, vendor, limit, json } => {
            let id = match vendor {
                Some(v) => Some(register.resolve_vendor(&v).await?),
                None => None,
            };
            output::history(&register.history(id, limit).await?, json);
        }
        Command::Backup { out, json } => {
            let written = register.backup(&out).await?;
            if json {
                output::json(&written);
            } else {
                output::out!(
                    "Backed up {} to {} ({}): {} history entries, {} evidence files.",
                    register.path().display(),
                    out.display(),
                    vetted_core::domain::human_size(written.bytes),
                    written.history_entries,
                    written.evidence_files
                );
            }
        }
        Command::Restore { .. } => unreachable!("handled before the register is opened"),
        Command::Team(TeamCommand::Init) => {
            let [admin, editor, viewer] = register.team_init().await?;
            output::out!(
                "Team register ready: roles {admin} (administrator, given to {}), {editor} (editor), {viewer} (viewer).",
                register.login().unwrap_or("you")
            );
        }
        Command::Team(TeamCommand::Grant { login, role }) => {
            let (role, shown) = match role {
                RoleArg::Admin => (TeamRole::Admin, "administrator"),
                RoleArg::Editor => (TeamRole::Editor, "editor"),
                RoleArg::Viewer => (TeamRole::Viewer, "viewer"),
            };
            register.team_grant(&login, role).await?;
            output::out!("{login} is now {shown} of this register.");
        }
        Command::Team(TeamCommand::Revoke { login }) => {
            register.team_revoke(&login).await?;
            output::out!("{login} has no role in this register any more.");
        }
        Command::Team(TeamCommand::Push { from, json }) => {
            let copied = register.team_push(&from).await?;
            if json {
                output::json(&copied);
            } else {
                output::out!(
                    "Copied {} into {}: {} rows, {} history entries and {} sealed records (verified), {} evidence files.",
                    from.display(),
                    register.path().display(),
                    copied.rows,
                    copied.history_entries,
                    copied.records_checked,
                    copied.evidence_files
                );
            }
        }
        Command::Team(TeamCommand::Members { json }) => {
            let members = register.team_members().await?;
            let role = |r: &TeamRole| match r {
                TeamRole::Admin => "admin",
                TeamRole::Editor => "editor",
                TeamRole::Viewer => "viewer",
            };
            if json {
                output::json(&members.iter().map(|(l, r)| serde_json::json!({"login": l, "role": role(r)})).collect::<Vec<_>>());
            } else {
                for (login, r) in &members {
                    output::out!("{login:<32} {}", role(r));
                }
            }
        }
        Command::Example { lang, json } => {
            let ids = register.load_example(lang).await?;
            if json {
                output::json(&ids);
            } else {
                output::out!("Loaded the example register: {} vendors.", ids.len());
            }
        }
    }
    Ok(())
}

/// Applies the field flags given on the command line to a draft; absent flags leave fields as they are.
async fn apply(register: &Register, d: &mut VendorDraft, f: FieldArgs) -> Result<()> {
    fn set(target: &mut String, value: Option<String>) {
        if let Some(v) = value {
            *target = v;
        }
    }
    fn set_list(target: &mut Vec<String>, values: Vec<String>) {
        if !values.is_empty() {
            *target = values.iter().flat_map(|v| v.split(',')).map(str::to_owned).collect();
        }
    }
    set_list(&mut d.services, f.service);
    set_list(&mut d.countries, f.country);
    set_list(&mut d.data_categories, f.data_category);
    set_list(&mut d.data_subjects, f.data_subject);
    let client = |p: String| async move {
        register.resolve_vendor(&p).await.map_err(|e| match e {
            e @ Error::NoSuch { .. } => Error::field("serves", "unknown_parent", e.to_string()),
            other => other,
        })
    };
    if f.unlink_all {
        d.serves.clear();
    }
    for p in f.unlink {
        let id = client(p).await?;
        d.serves.retain(|l| l.client_id != id);
    }
    let split = |values: &[String]| values.iter().flat_map(|v| v.split(',')).map(|v| v.trim().to_owned()).collect::<Vec<_>>();
    for p in f.serves {
        let client_id = client(p).await?;
        let at = match d.serves.iter().position(|l| l.client_id == client_id) {
            Some(at) => at,
            None => {
                d.serves.push(LinkDraft { client_id, ..Default::default() });
                d.serves.len() - 1
            }
        };
        let link = &mut d.serves[at];
        if let Some(purpose) = &f.link_purpose {
            link.purpose = purpose.clone();
        }
        if !f.link_location.is_empty() {
            link.locations = split(&f.link_location);
        }
        if !f.link_data_category.is_empty() {
            link.data_categories = split(&f.link_data_category);
        }
    }
    set(&mut d.purpose, f.purpose);
    set(&mut d.transfer_mechanism, f.transfer);
    set(&mut d.data_sensitivity, f.sensitivity);
    set(&mut d.business_impact, f.impact);
    if f.no_tier_override {
        d.tier_override = None;
        d.tier_override_reason.clear();
    }
    if f.tier_override.is_some() {
        d.tier_override = f.tier_override;
    }
    set(&mut d.tier_override_reason, f.tier_reason);
    set(&mut d.status, f.status);
    set(&mut d.owner, f.owner);
    set(&mut d.dpa_signed, f.dpa_signed);
    set(&mut d.contract_renewal, f.renewal);
    if f.review_cycle.is_some() {
        d.review_cycle_months = f.review_cycle;
    }
    set(&mut d.last_review, f.last_review);
    set(&mut d.website, f.website);
    set(&mut d.notes, f.notes);
    Ok(())
}
