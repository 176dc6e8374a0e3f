//! `heroin apply ENV`: prints the plan, asks, applies it step by step,
//! checks that Heroku now matches the files, and tags the applied commit.
//!
//! Nothing is written before every check has passed: a committed tree in a
//! git repository (or `--allow-dirty`), a plan with nothing impossible, no
//! mass removal (or `--force`), and consent: once for the plan, and once more
//! for each destructive change, with the add-on's name typed back for one
//! that loses data. Without a terminal, `--yes` answers for all but data loss, which
//! needs `--allow-data-loss`. A declined change is skipped with its steps.
//!
//! The tag is the record that Heroku matched the files: it is written only
//! when the check after applying finds no difference left. An apply with a
//! declined or failed change exits 1, saying what is left, untagged.

use std::collections::{BTreeMap, BTreeSet};

mod verify;

use super::Cli;
use crate::apply::execute::{StepError, Wait, execute};
use crate::error::Error;
use crate::git::Repo;
use crate::http::HttpError;
use crate::live::read::reread;
use crate::plan::replace::{Incoming, replacement};
use crate::plan::{Action, Address, Plan, Step, mass_removals, plan};
use crate::render;
use crate::ui::{Sources, Stream, Ui};

/// Arguments of `heroin apply`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which environment and apps.
    #[command(flatten)]
    pub target: super::Target,
    /// Answer yes to every question but those about losing data.
    #[arg(long)]
    pub yes: bool,
    /// Also allow changes that destroy data (removing or replacing a database).
    #[arg(long)]
    pub allow_data_loss: bool,
    /// Apply even when the plan removes more than 30% of an app's entries.
    #[arg(long)]
    pub force: bool,
    /// Apply a working tree with uncommitted changes, or outside a git repository
    /// (such an apply is not tagged).
    #[arg(long)]
    pub allow_dirty: bool,
    /// Do not tag the applied commit.
    #[arg(long)]
    pub no_tag: bool,
    /// How to reach Heroku, and which files.
    #[command(flatten)]
    pub remote: super::Remote,
}

fn refused(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::Refused {
        message: message.into(),
        hint: hint.into(),
    }
}

pub fn run(
    cli: &Cli,
    args: &Args,
    ui: &Ui,
    sources: &mut Sources,
    process: &BTreeMap<String, String>,
) -> Result<u8, Error> {
    // Git first: a dirty tree is refused before any request to Heroku (the
    // working tree does not matter when the files come from --ref).
    let repo = Repo::discover(&cli.dir);
    if repo.is_none() && args.remote.git_ref.is_none() && !args.allow_dirty {
        return Err(refused(
            format!(
                "{} is not in a git repository: there is no history to record this apply in",
                cli.dir.display()
            ),
            "commit the files to a git repository first, or apply with --allow-dirty (such an apply is not tagged)",
        ));
    }
    let dirty = match (&repo, &args.remote.git_ref) {
        (Some(r), None) => r.dirty()?,
        _ => Vec::new(),
    };
    if !dirty.is_empty() && !args.allow_dirty {
        return Err(refused(
            format!(
                "uncommitted changes in the configuration directory: {}",
                dirty.join(", ")
            ),
            "commit them first, or apply with --allow-dirty (such an apply is not tagged)",
        ));
    }
    let super::diff::Prepared {
        config,
        commit,
        client,
        live,
        plan: planned,
    } = super::diff::prepare(cli, &args.target, &args.remote, ui, sources, process)?;
    let names = config.names();
    let shown = |color| {
        render::text(
            &planned,
            &names,
            render::Options {
                color,
                show_secrets: args.target.show_secrets,
            },
        )
    };
    ui.line(Stream::Out, &shown(ui.colors(Stream::Out)))?;
    if planned.is_empty() {
        // An apply that stopped after its last step (interrupted, or its
        // check could not read Heroku) left Heroku matching files no tag
        // records: record them now. Files already recorded get no new tag.
        let applied = Applied {
            clean: dirty.is_empty(),
            commit,
            host: client.endpoint().host.clone(),
        };
        if unrecorded(args, &repo, &applied)? {
            tag(args, ui, &repo, &applied, &planned, &names)?;
        }
        return Ok(0);
    }
    if planned.has_impossible() {
        return Err(super::diff::impossible());
    }
    let mass = mass_removals(&planned, &live);
    if !mass.is_empty() && !args.force {
        return Err(refused(
            format!("the plan removes too much at once: {}", mass.join("; ")),
            "check the files (a broken overlay?); apply with --force if this is meant",
        ));
    }
    let skipped = consent(args, ui, &planned)?;
    // The time for talking to Heroku starts again once the questions are
    // answered.
    client.restart_deadline();
    let mut skipped = skipped;
    let mut queue = crate::apply::select(&planned, &skipped);
    let mut done = 0;
    while done < queue.len() {
        let steps: Vec<Step> = queue[done..].iter().map(|(s, _)| s.clone()).collect();
        let (offset, total) = (done, queue.len());
        let progress = ui.progress(total - offset);
        let result = execute(&client, &steps, Wait::default(), &mut |i, step| {
            progress.done(
                "Applied",
                &format!(
                    "[{}/{total}] {}",
                    offset + i + 1,
                    crate::apply::describe(step)
                ),
            );
        });
        drop(progress);
        let Err((i, e)) = result else { break };
        let at = done + i;
        let fallback = refused_plan_change(args, ui, &client, &queue[at].0, &e).map_err(|e| {
            match e {
                Error::Interrupted(_) => Error::Interrupted(format!(
                    "{at} step(s) were applied (above), {} not; Heroku does not match the files yet (not tagged)",
                    queue.len() - at
                )),
                e => e,
            }
        })?;
        match fallback {
            Fallback::Replace(steps) => {
                let address = queue[at].1.clone();
                queue.splice(at..=at, steps.into_iter().map(|s| (s, address.clone())));
                done = at;
            }
            Fallback::Skip => {
                skipped.insert(queue[at].1.clone());
                queue.remove(at);
                done = at;
            }
            Fallback::Stop(hint) => {
                let hint = refused_by_rules(&queue[at].1, &queue[at].0, &e).unwrap_or(hint);
                let mut rest: Vec<String> = queue[at + 1..]
                    .iter()
                    .map(|(s, _)| format!("\n  not attempted: {}", crate::apply::describe(s)))
                    .collect();
                if let Some(left) = crate::apply::report::replacement_left(&queue, at) {
                    rest.push(format!("\n  {left}"));
                }
                return Err(refused(
                    format!(
                        "step {} of {} failed: {}: {e}. {at} step(s) were applied (above); {} not attempted{}",
                        at + 1,
                        queue.len(),
                        crate::apply::describe(&queue[at].0),
                        queue.len() - at - 1,
                        rest.concat()
                    ),
                    hint,
                ));
            }
        }
    }
    // Verify: only a Heroku that matches the files is tagged. What was
    // declined is still a difference, and says so.
    let after = plan(
        &config,
        &reread(
            &client,
            &config,
            args.remote.concurrency.max(1),
            &live.catalogue,
        )?,
    );
    if let Some(left) = verify::left_over(&after, &skipped) {
        return Err(refused(
            format!("Heroku does not match the files yet: {left}"),
            "not tagged; run `heroin apply` again for what is left, or `heroin diff` to see it",
        ));
    }
    let applied = Applied {
        clean: dirty.is_empty(),
        commit,
        host: client.endpoint().host.clone(),
    };
    tag(args, ui, &repo, &applied, &planned, &names)?;
    Ok(0)
}

/// What to do about a failed step.
enum Fallback {
    /// Carry on with these steps in its place.
    Replace(Vec<Step>),
    /// Carry on without it (the user declined the replacement).
    Skip,
    /// Stop, with this hint.
    Stop(String),
}

/// When Heroku refuses a plan change the plan expected to work: offer the
/// replacement on a terminal (it loses data: the name must be typed), or
/// stop with the error.
fn refused_plan_change(
    args: &Args,
    ui: &Ui,
    client: &crate::http::Client,
    step: &Step,
    e: &StepError,
) -> Result<Fallback, Error> {
    let rerun = "run `heroin apply` again: it plans exactly what is left".to_string();
    let (
        Step::ChangePlan { app, addon, plan },
        StepError::Http(HttpError::Api {
            status, message, ..
        }),
    ) = (step, e)
    else {
        return Ok(Fallback::Stop(rerun));
    };
    if !(400..500).contains(status) || *status == 429 {
        return Ok(Fallback::Stop(rerun));
    }
    if args.yes || !ui.can_ask() {
        return Ok(Fallback::Stop(
            "Heroku refused the plan change; run `heroin apply` on a terminal, without --yes, to replace the add-on instead (it loses its data)".into(),
        ));
    }
    let current = client.get(&format!(
        "/apps/{}/addons/{}",
        crate::apply::segment(app),
        crate::apply::segment(addon)
    ))?;
    let name = current["name"].as_str().unwrap_or_default().to_string();
    let old = current["plan"]["name"].as_str().unwrap_or_default();
    let attachment = addon.rsplit("::").next().unwrap_or(addon).to_string();
    ui.line(
        Stream::Err,
        &format!("Heroku refused to change {name} from {old} to {plan}: {message}"),
    )?;
    let question = format!("Replace it instead? That destroys {name} ({old}) and all its data");
    if ui.confirm(&question)?
        && ui.type_back(&format!("Type {name} to destroy it and its data"), &name)?
    {
        return Ok(Fallback::Replace(replace_refused(
            client,
            app,
            &attachment,
            plan,
            &current,
        )?));
    }
    ui.line(Stream::Err, "Not replaced: the add-on keeps its plan.")?;
    Ok(Fallback::Skip)
}

/// The steps that replace `current` (whose plan change Heroku refused) by a
/// new add-on of `plan`: the new one first, the old one destroyed last.
fn replace_refused(
    client: &crate::http::Client,
    app: &str,
    attachment: &str,
    plan: &str,
    current: &serde_json::Value,
) -> Result<Vec<Step>, Error> {
    let id = current["id"].as_str().unwrap_or_default();
    let attachments = client.list(&format!(
        "/addons/{}/addon-attachments",
        crate::apply::segment(id)
    ))?;
    let app_id = current["app"]["id"].as_str().unwrap_or_default();
    let (found, _) = crate::live::addons_of(app_id, std::slice::from_ref(current), &attachments)
        .map_err(|(path, e)| client.malformed("GET", path, &e))?;
    let old = found.into_iter().next().ok_or_else(|| {
        refused(
            format!("{attachment} on {app} is attached to no add-on any more"),
            "run `heroin apply` again: it plans exactly what is left",
        )
    })?;
    let incoming = Incoming::Create {
        plan,
        config: BTreeMap::new(),
    };
    Ok(replacement(app, attachment, &old, incoming))
}

/// Asks for consent; returns the changes declined.
fn consent(args: &Args, ui: &Ui, planned: &Plan) -> Result<BTreeSet<Address>, Error> {
    let losing: Vec<String> = planned
        .changes
        .iter()
        .filter(|c| c.loses_data())
        .map(|c| c.destroys.clone().unwrap_or_default())
        .collect();
    let mut skipped = BTreeSet::new();
    if args.yes {
        if !losing.is_empty() && !args.allow_data_loss {
            return Err(refused(
                format!("the plan loses data: {}", losing.join("; ")),
                "review it, then apply with --allow-data-loss (or without --yes, to confirm each by name)",
            ));
        }
        return Ok(skipped);
    }
    if !ui.can_ask() {
        return Err(refused(
            "apply needs a terminal to ask before it changes anything",
            "run it in a terminal, or pass --yes (and --allow-data-loss for data-losing changes)",
        ));
    }
    if !ui.confirm(&format!("Apply this plan to {}?", args.target.env))? {
        return Err(refused(
            "declined: nothing was changed",
            "run `heroin diff` to review the plan",
        ));
    }
    for c in planned.changes.iter().filter(|c| c.is_destructive()) {
        let what = format!(
            "{} {}",
            if c.action == Action::Replace {
                "replace"
            } else {
                "remove"
            },
            verify::address(&c.address)
        );
        let mut ok = ui.confirm(&format!(
            "{what}?{}",
            c.destroys
                .as_ref()
                .map(|d| format!(" It {d}."))
                .unwrap_or_default()
        ))?;
        if ok && c.loses_data() && !args.allow_data_loss {
            let name = c
                .destroys
                .as_deref()
                .and_then(|d| d.strip_prefix("destroys "))
                .and_then(|d| d.split(' ').next())
                .unwrap_or_default();
            ok = ui.type_back(&format!("Type {name} to destroy it and its data"), name)?;
            if !ok {
                ui.line(Stream::Err, "The name does not match: skipped.")?;
            }
        }
        if !ok {
            skipped.insert(c.address.clone());
        }
    }
    Ok(skipped)
}

/// What the tag records besides the plan.
struct Applied {
    /// The working tree was committed.
    clean: bool,
    /// The commit applied, when it came from --ref (else HEAD).
    commit: Option<String>,
    /// The API host.
    host: String,
}

/// Whether the files applied differ from those of the newest tag of the
/// environment (or it has none), and would be tagged.
fn unrecorded(args: &Args, repo: &Option<Repo>, applied: &Applied) -> Result<bool, Error> {
    let Some(repo) = repo else {
        return Ok(false);
    };
    if args.no_tag || !applied.clean {
        return Ok(false);
    }
    let current = match &applied.commit {
        Some(c) => c.clone(),
        None => repo.head()?,
    };
    let Some(newest) = repo.history(&args.target.env)?.applied.into_iter().next() else {
        return Ok(true);
    };
    Ok(repo.files_at(&newest.commit)?.1 != repo.files_at(&current)?.1)
}

fn tag(
    args: &Args,
    ui: &Ui,
    repo: &Option<Repo>,
    applied: &Applied,
    planned: &Plan,
    names: &BTreeMap<String, String>,
) -> Result<(), Error> {
    let Some(repo) = repo else {
        return ui.status(
            "Not tagged",
            "the configuration directory is not in a git repository",
        );
    };
    if args.no_tag {
        return ui.status("Not tagged", "--no-tag");
    }
    if !applied.clean {
        return ui.status(
            "Not tagged",
            "the working tree had uncommitted changes (--allow-dirty)",
        );
    }
    let text = render::text(planned, names, render::Options::default());
    let message = format!(
        "heroin apply {}\n\n{text}\n\nAPI: {}\nheroin {}\n",
        args.target.env,
        applied.host,
        env!("CARGO_PKG_VERSION")
    );
    let commit = match &applied.commit {
        Some(c) => c.clone(),
        None => repo.head()?,
    };
    let name = repo.tag(&args.target.env, &commit, &message)?;
    ui.status("Tagged", &name)
}

/// The hint for a step Heroku refused by its rules (422): running apply again
/// would send the same request and fail the same way, so it names the entry
/// of the files to change instead. `None` for other failures, which another
/// run may well get past, and for a refused plan change, which has its own
/// way out (the replacement).
fn refused_by_rules(address: &Address, step: &Step, e: &StepError) -> Option<String> {
    let StepError::Http(HttpError::Api { status: 422, .. }) = e else {
        return None;
    };
    if matches!(step, Step::ChangePlan { .. }) {
        return None;
    }
    let entry = format!(
        "apps.{}.{}{}",
        address.app,
        address.section.name(),
        address
            .key
            .as_ref()
            .map(|k| format!(".{k}"))
            .unwrap_or_default()
    );
    let rule = match step {
        Step::Scale { .. } => {
            " (Heroku does not mix Eco/Basic with professional dyno sizes: give every process type a size of one tier)"
        }
        _ => "",
    };
    Some(format!(
        "Heroku refuses this by its rules, so applying again fails the same way: change {entry} in the files as Heroku's message says{rule}, then apply"
    ))
}
