//! `heroin diff ENV` (alias `plan`): reads the files and what Heroku has, and
//! prints the plan. Changes nothing.
//!
//! `--detailed-exitcode` exits 0 when there is nothing to change, 2 when
//! there are changes, and 1 when a change cannot be carried out (apply would
//! refuse the plan); `--json` prints the plan as `schemas/plan.schema.json`
//! describes it, with no secret value in it (as does `--format json`);
//! `--format markdown` prints it for a pull-request comment. `--out FILE`
//! also saves the plan, bound to the committed files and to what Heroku
//! had, for `heroin apply ENV --plan FILE` (see `saved`).

use crate::error::Error;
use crate::render;
use crate::saved;
use crate::session::Prepared;
use crate::ui::Stream;

/// Arguments of `heroin diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which environment and apps.
    #[command(flatten)]
    pub target: super::Target,
    /// Exit 0 when there is nothing to change, 2 when there are changes, 1 when
    /// a change cannot be carried out (apply would refuse the plan).
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// The output: the plan for people, JSON (as --json), or Markdown for a
    /// pull-request comment (secrets masked, one collapsible section per app).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Also save the plan to FILE (JSON, schemas/saved-plan.schema.json), for
    /// `heroin apply ENV --plan FILE`; the files must be committed.
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// How to reach Heroku, and which files.
    #[command(flatten)]
    pub remote: super::Remote,
}

/// The output formats of `heroin diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The plan for people.
    Text,
    /// The plan as JSON (`schemas/plan.schema.json`).
    Json,
    /// The plan as Markdown, for a pull-request comment.
    Markdown,
}

pub fn run(cx: &mut super::Context<'_>, args: &Args) -> Result<u8, Error> {
    let (cli, ui) = (cx.cli, cx.ui);
    let format = match (cli.json, args.format) {
        (false, f) => f,
        (true, Format::Text | Format::Json) => Format::Json,
        (true, Format::Markdown) => {
            return Err(Error::Usage(
                "--json and --format markdown: choose one output".into(),
            ));
        }
    };
    if format == Format::Markdown && args.target.show_secrets {
        return Err(Error::Usage(
            "--format markdown never shows secrets (a comment is read by many): drop --show-secrets".into(),
        ));
    }
    // The files a saved plan is bound to must be committed: checked before
    // anything talks to Heroku.
    let bound = match &args.out {
        Some(_) => Some(saved::file::bound_to(
            &cli.dir,
            args.remote.git_ref.as_deref(),
        )?),
        None => None,
    };
    let Prepared {
        config,
        client,
        live,
        plan: planned,
        ..
    } = cx.prepare(&args.target, &args.remote, super::READ_DEADLINE)?;
    if let (Some(out), Some(files)) = (&args.out, bound) {
        let key = client.plan_key(cx.process().get("HEROIN_PLAN_KEY").map(String::as_str));
        let made = saved::Made {
            env: &args.target.env,
            apps: &args.target.apps,
            at: super::now(),
            api_host: &client.endpoint().host,
        };
        let saved = saved::save((&config, &live, &planned), made, files, &key);
        saved::file::write(out, &saved)?;
        ui.status("Saved", &format!("the plan to {}", out.display()))?;
    }
    if format == Format::Json {
        ui.json(&render::json(&planned))?;
    } else if format == Format::Markdown {
        let text = render::markdown::markdown(&planned, &config.names());
        ui.line(Stream::Out, text.trim_end())?;
    } else {
        let names = config.names();
        let options = render::Options {
            color: ui.colors(Stream::Out),
            show_secrets: args.target.show_secrets,
        };
        ui.line(Stream::Out, &render::text(&planned, &names, options))?;
    }
    if args.detailed_exitcode {
        planned.raise_if_impossible()?;
    }
    Ok(if args.detailed_exitcode && !planned.is_empty() {
        2
    } else {
        0
    })
}
