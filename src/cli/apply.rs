//! `heroin apply ENV`: prints the plan, asks, applies it step by step,
//! checks that Heroku now matches the files, and tags the applied commit.
//!
//! Nothing is written before every check has passed: a committed tree in a
//! git repository (or `--allow-dirty`), a plan with nothing impossible, no
//! mass removal (or `--force`), no cost increase above the threshold (or
//! `--allow-cost-increase`, or a yes to it at the terminal; `--yes` does not
//! answer for it), and consent: once for the plan, and once more
//! for each destructive change, with the add-on's name typed back for one
//! that loses data, and a question naming the other apps for an add-on
//! attached to them too. Without a terminal, `--yes` answers for all but data
//! loss, which needs `--allow-data-loss`, and destroying an add-on other apps
//! are attached to, which needs `--detach-others`. A declined change is skipped with its steps.
//!
//! With `--plan FILE` it applies a saved plan (`heroin diff ENV --out
//! FILE`): the files, the secret values, what Heroku has, heroin's version
//! and the host must be those the plan was made from, and the plan younger
//! than `--max-age`, or nothing is applied (see `saved`). The consent rules
//! are the same; the steps are the saved ones.
//!
//! The tag is the record that Heroku matched the files: it is written only
//! when the check after applying finds no difference left and no add-on
//! still provisioning (awaited first, also with nothing to change). An apply with a
//! declined or failed change exits 1, saying what is left, untagged.

use std::collections::BTreeSet;

use super::apply_saved as saved_plan;
use crate::apply::record::{self, Record, Tagging};
use crate::apply::runner::{self, Options};
use crate::apply::verify;
use crate::error::Error;
use crate::git::Repo;
use crate::plan::{Action, Address, CostThreshold, Plan};
use crate::render;
use crate::session::Prepared;
use crate::ui::{Stream, Ui};

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
    /// Also allow destroying add-ons attached to other apps too, which
    /// detaches them from those apps.
    #[arg(long)]
    pub detach_others: bool,
    /// Apply even when the plan removes more than 30% of an app's entries.
    #[arg(long)]
    pub force: bool,
    /// Apply even when the plan raises the monthly cost by more than the
    /// threshold (`--max-cost-increase` and `--max-cost-increase-percent`).
    #[arg(long)]
    pub allow_cost_increase: bool,
    /// The monthly increase, in US dollars, above which apply asks (or,
    /// with --yes, refuses) when it is also above the percentage (default
    /// 100, or `[cost] max_increase` in the files).
    #[arg(long, value_name = "DOLLARS")]
    pub max_cost_increase: Option<u32>,
    /// The monthly increase, in percent of the cost now, above which apply
    /// asks when it is also above the amount (default 50, or `[cost]
    /// max_increase_percent` in the files).
    #[arg(long, value_name = "PERCENT")]
    pub max_cost_increase_percent: Option<u32>,
    /// Apply a working tree with uncommitted changes, or outside a git repository
    /// (such an apply is not tagged).
    #[arg(long)]
    pub allow_dirty: bool,
    /// Do not tag the applied commit.
    #[arg(long)]
    pub no_tag: bool,
    /// Apply the plan saved in FILE (`heroin diff ENV --out FILE`), exactly,
    /// or nothing when anything it was made from has moved.
    #[arg(long, value_name = "FILE")]
    pub plan: Option<std::path::PathBuf>,
    /// How old a saved plan may be: 90s, 30m, 12h, 2d (default 1d; also
    /// HEROIN_PLAN_MAX_AGE).
    #[arg(long, value_name = "AGE", value_parser = crate::saved::parse_age, requires = "plan")]
    pub max_age: Option<i64>,
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

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let saved = match &args.plan {
        Some(file) => Some(saved_plan::read(file, &args.target.env, ruled_out(args))?),
        None => None,
    };
    // Git first: a dirty tree is refused before any request to Heroku.
    let (repo, clean) =
        record::check_tree(&cli.dir, args.remote.git_ref.is_some(), args.allow_dirty)?;
    let target = super::Target {
        env: args.target.env.clone(),
        apps: saved
            .as_ref()
            .map_or_else(|| args.target.apps.clone(), |s| s.apps.clone()),
        show_secrets: args.target.show_secrets,
    };
    let Prepared {
        config,
        commit,
        client,
        live,
        plan: planned,
    } = cx.prepare(&target, &args.remote, super::APPLY_DEADLINE)?;
    if let (Some(saved), Some(file)) = (&saved, &args.plan) {
        // Before anything is shown or asked: the plan is the saved one, or
        // nothing is applied.
        saved_plan::holds(
            cx,
            (saved, file),
            (&config, &live, &planned),
            &client,
            args.max_age,
        )?;
    }
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
    // Rendered once: what is printed, and the tag's text (which never holds
    // a secret, nor colors); twice only when those differ.
    let text = render::text(&planned, &names, render::Options::default());
    let color = ui.colors(Stream::Out);
    if color || args.target.show_secrets {
        ui.line(Stream::Out, &shown(color))?;
    } else {
        ui.line(Stream::Out, &text)?;
    }
    let from_ref = args.remote.git_ref.clone();
    let mut record = Record {
        clean,
        commit,
        host: client.endpoint().host.clone(),
        no_tag: args.no_tag,
        facts: record::TagFacts {
            rollback: from_ref
                .as_deref()
                .is_some_and(|r| record::is_env_tag(&args.target.env, r)),
            from_ref,
            saved_plan: saved
                .as_ref()
                .map(|s| (s.files.commit.clone(), s.created_at)),
            ..Default::default()
        },
        text,
    };
    let options = Options {
        yes: args.yes,
        concurrency: args.remote.concurrency,
        wait: Default::default(),
    };
    if planned.is_empty() {
        // An add-on Heroku is still provisioning (an earlier apply stopped
        // waiting for it) is not finished: wait for it before any tag.
        runner::finish(&client, (&config, &live), options, ui)?;
        // An apply that stopped after its last step (interrupted, or its
        // check could not read Heroku) left Heroku matching files no tag
        // records: record them now. Files already recorded get no new tag.
        if record::unrecorded(repo.as_ref(), &record, &planned)? {
            record.facts.releases = record::releases(&client, &names, options.concurrency);
            tag(ui, repo.as_ref(), &record, &planned)?;
        }
        return Ok(0);
    }
    planned.raise_if_unsafe(&live, args.force)?;
    cost_consent(args, ui, &planned, threshold(args, &config))?;
    let declined = consent(args, ui, &planned)?;
    // The time for talking to Heroku starts again once the questions are
    // answered.
    client.restart_deadline();
    runner::run(&client, (&config, &live, &planned), declined, options, ui)?;
    // What `heroku releases` shows now, so that history lines up with it.
    record.facts.releases = record::releases(&client, &names, options.concurrency);
    tag(ui, repo.as_ref(), &record, &planned)?;
    Ok(0)
}

/// The argument given that `--plan` rules out, and why.
fn ruled_out(args: &Args) -> Option<&'static str> {
    if args.remote.git_ref.is_some() {
        Some("--ref: a saved plan names its commit itself")
    } else if args.allow_dirty {
        Some("--allow-dirty: a saved plan applies only to the committed files it was made from")
    } else if !args.target.apps.is_empty() {
        Some("--app: a saved plan names its apps itself (give --app to `heroin diff --out`)")
    } else {
        None
    }
}

/// The cost threshold: the flags', else the files' `[cost]`, else the
/// defaults.
fn threshold(args: &Args, config: &crate::config::model::Config) -> CostThreshold {
    let default = CostThreshold::default();
    let files = |v: &Option<crate::config::model::Located<i64>>| v.as_ref().map(|l| l.value);
    let dollars = args
        .max_cost_increase
        .map(i64::from)
        .or(files(&config.cost.max_increase));
    let percent = args
        .max_cost_increase_percent
        .map(i64::from)
        .or(files(&config.cost.max_increase_percent));
    CostThreshold {
        cents: dollars.map_or(default.cents, |d| d.saturating_mul(100)),
        percent: percent.unwrap_or(default.percent),
    }
}

/// A plan that raises the monthly cost above `threshold` goes on only with
/// `--allow-cost-increase` or the person's yes at the terminal, seeing the
/// figures; `--yes` does not answer for it.
fn cost_consent(
    args: &Args,
    ui: &Ui,
    planned: &Plan,
    threshold: CostThreshold,
) -> Result<(), Error> {
    if args.yes || !ui.can_ask() {
        return Ok(planned.raise_if_costly(threshold, args.allow_cost_increase)?);
    }
    let Some(increase) = planned.cost_increase(threshold) else {
        return Ok(());
    };
    if args.allow_cost_increase {
        return Ok(());
    }
    let question = format!(
        "This plan raises the monthly cost of {} {increase}. Apply it anyway?",
        args.target.env
    );
    if ui.confirm(&question)? {
        Ok(())
    } else {
        Err(Error::Declined)
    }
}

/// Asks for consent; returns the changes declined.
fn consent(args: &Args, ui: &Ui, planned: &Plan) -> Result<BTreeSet<Address>, Error> {
    let losing: Vec<String> = planned
        .changes
        .iter()
        .filter(|c| c.loses_data())
        .filter_map(|c| c.destroys.as_ref().map(ToString::to_string))
        .collect();
    let mut declined = BTreeSet::new();
    if args.yes {
        if !losing.is_empty() && !args.allow_data_loss {
            return Err(Error::DataLoss(losing));
        }
        if let Some(shared) = shared_refused(args, planned) {
            return Err(shared);
        }
        return Ok(declined);
    }
    if !ui.can_ask() {
        return Err(refused(
            "apply needs a terminal to ask before it changes anything",
            "run it in a terminal, or pass --yes (and --allow-data-loss for data-losing changes)",
        ));
    }
    if !ui.confirm(&format!("Apply this plan to {}?", args.target.env))? {
        return Err(Error::Declined);
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
        if ok && c.detaches_others() && !args.detach_others {
            let d = c.destroys.as_ref().map_or_else(Default::default, |d| {
                format!("{} is also attached to {}", d.addon, d.others())
            });
            ok = ui.confirm(&format!(
                "{d}: destroying it detaches it from those apps. Detach and destroy it?"
            ))?;
        }
        if ok && c.loses_data() && !args.allow_data_loss {
            let name = c.destroys.as_ref().map_or("", |d| d.addon.as_str());
            ok = ui.type_back(&format!("Type {name} to destroy it and its data"), name)?;
            if !ok {
                ui.line(Stream::Err, "The name does not match: skipped.")?;
            }
        }
        if !ok {
            declined.insert(c.address.clone());
        }
    }
    Ok(declined)
}

/// Under `--yes`, the refusal of a plan that destroys add-ons other apps are
/// attached to, unless `--detach-others` agrees to detach them.
fn shared_refused(args: &Args, planned: &Plan) -> Option<Error> {
    if args.detach_others {
        return None;
    }
    let shared: Vec<String> = planned
        .changes
        .iter()
        .filter_map(|c| c.destroys.as_ref().filter(|_| c.detaches_others()))
        .map(|d| format!("{} (also attached to {})", d.addon, d.others()))
        .collect();
    (!shared.is_empty()).then(|| {
        refused(
            format!(
                "the plan destroys add-ons other apps are attached to: {}",
                shared.join("; ")
            ),
            "apply with --detach-others to detach them from those apps and destroy them, or keep them in the files",
        )
    })
}

/// Tags the commit applied (see [`record::tag`]) and says so.
fn tag(ui: &Ui, repo: Option<&Repo>, record: &Record, planned: &Plan) -> Result<(), Error> {
    match record::tag(repo, record, planned)? {
        Tagging::Tagged(name) => ui.status("Tagged", &name),
        Tagging::NotTagged(why) => ui.status("Not tagged", why),
    }
}
