//! `heroin apply ENV`: prints the plan, asks, applies it step by step,
//! checks that Heroku now matches the files, and tags the applied commit.
//!
//! Nothing is written before every check has passed: a committed tree in a
//! git repository (or `--allow-dirty`), a plan with nothing impossible, no
//! mass removal (or `--force`), and consent: once for the plan, and once more
//! for each destructive change, with the add-on's name typed back for one
//! that loses data, and a question naming the other apps for an add-on
//! attached to them too. Without a terminal, `--yes` answers for all but data
//! loss, which needs `--allow-data-loss`, and destroying an add-on other apps
//! are attached to, which needs `--detach-others`. A declined change is skipped with its steps.
//!
//! The tag is the record that Heroku matched the files: it is written only
//! when the check after applying finds no difference left and no add-on
//! still provisioning (awaited first, also with nothing to change). An apply with a
//! declined or failed change exits 1, saying what is left, untagged.

use std::collections::{BTreeMap, BTreeSet};

use crate::apply::runner::{self, Options};
use crate::apply::verify;
use crate::error::Error;
use crate::git::Repo;
use crate::plan::{Action, Address, Plan};
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

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
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
    let Prepared {
        config,
        commit,
        client,
        live,
        plan: planned,
    } = cx.prepare(&args.target, &args.remote, super::APPLY_DEADLINE)?;
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
        // An add-on Heroku is still provisioning (an earlier apply stopped
        // waiting for it) is not finished: wait for it before any tag.
        let options = Options {
            yes: args.yes,
            concurrency: args.remote.concurrency,
            wait: Default::default(),
        };
        runner::finish(&client, (&config, &live), options, ui)?;
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
    planned.raise_if_unsafe(&live, args.force)?;
    let declined = consent(args, ui, &planned)?;
    // The time for talking to Heroku starts again once the questions are
    // answered.
    client.restart_deadline();
    let options = Options {
        yes: args.yes,
        concurrency: args.remote.concurrency,
        wait: Default::default(),
    };
    runner::run(&client, (&config, &live, &planned), declined, options, ui)?;
    let applied = Applied {
        clean: dirty.is_empty(),
        commit,
        host: client.endpoint().host.clone(),
    };
    tag(args, ui, &repo, &applied, &planned, &names)?;
    Ok(0)
}

/// Asks for consent; returns the changes declined.
fn consent(args: &Args, ui: &Ui, planned: &Plan) -> Result<BTreeSet<Address>, Error> {
    let losing: Vec<String> = planned
        .changes
        .iter()
        .filter(|c| c.loses_data())
        .filter_map(|c| c.destroys.as_ref().map(ToString::to_string))
        .collect();
    let mut skipped = BTreeSet::new();
    if args.yes {
        if !losing.is_empty() && !args.allow_data_loss {
            return Err(Error::DataLoss(losing));
        }
        if let Some(shared) = shared_refused(args, planned) {
            return Err(shared);
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
            skipped.insert(c.address.clone());
        }
    }
    Ok(skipped)
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
    let Some(env) = planned.env.as_deref() else {
        return ui.status("Not tagged", "the plan names no environment");
    };
    let message = crate::apply::report::tag_message(env, planned, names, &applied.host);
    let commit = match &applied.commit {
        Some(c) => c.clone(),
        None => repo.head()?,
    };
    let name = repo.tag(env, &commit, &message)?;
    ui.status("Tagged", &name)
}
