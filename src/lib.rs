//! heroin keeps Heroku apps in the state that TOML or YAML files in a git
//! repository describe.
//!
//! # How data flows
//!
//! Every command is a pipeline whose stages each take the previous stage's value
//! and return a new one:
//!
//! ```text
//! files --(config::files)--> sources --(config::load)--> Config
//!       --(live::read::Scope::of)--> Scope --(live::read)--> Live
//!       --(plan::plan)--> Plan --(render)--> text
//!       --(Plan::raise_if_unsafe; cli::apply: consent)--> declined changes
//!       --(apply::runner: apply::execute)--> Heroku
//!       --(apply::runner: live::read + plan::plan, verify)-->
//!       --(apply::record: git tag)
//! ```
//!
//! [`session::prepare`] is the part every command that talks to Heroku
//! shares (files to plan); `cli` only turns arguments into its plain values,
//! each command's `run` taking a `cli::Context`. What to read of Heroku is a
//! [`live::read::Scope`], never a desired `Config`, so that `export` reads
//! whole apps without pretending to manage them. Every Heroku path is
//! written once, in [`http::paths`].
//! See `docs/architecture.md` for where a new resource type or command goes.
//!
//! The core (`config` except `config::files`, `plan`, `render`, `export`, and
//! the step-to-request half of `apply`) is pure: it never touches the network,
//! the clock, the process environment or the terminal. Those live at the edges:
//! `config::files` reads the configuration directory, `http` talks to Heroku
//! (`live::read` and `apply::execute` drive it), `git` reads and tags the
//! repository, `cli` gathers the process environment and arguments, and `ui` is
//! the only module that prints or asks.
//!
//! # Modules
//!
//! - [`session`]: the start every command that talks to Heroku shares
//!   (load, select apps, client, read, plan), reporting through a trait.
//! - [`http`]: the Platform API client and its paths; [`live`]: reading what
//!   Heroku has (a scope, the requests, the decoding);
//!   [`plan`]: desired + live -> changes and steps (pure); [`render`]: the
//!   plan for people and as JSON (pure); [`apply`]: steps into requests
//!   (pure), sending them, and the runner (recovery from a refused plan
//!   change, verification; questions through a trait `ui` implements) and
//!   the record (the committed-tree check, the tag);
//!   [`export`]: a file from a live app, or a base and overlays from a whole
//!   account (pure); [`init`]: a new project's files (pure; `init::write`
//!   writes them).
//! - [`section`]: the one name of each section of an app.
//! - [`config`]: reading one environment's files into a typed, resolved model,
//!   with every value's origin, and the checks `heroin validate` runs;
//!   [`validate`]: that offline check over directories, and its report.
//! - [`secret`]: the type that keeps secret values out of every output, the
//!   rules that say what is secret (names, URL parts), and the masking of
//!   known secrets in what a server says.
//! - [`diag`]: problems found in the files, each pointing at file:line:column;
//!   [`docs`]: the section of docs/ that explains a problem, for hints.
//! - [`error`]: the one top-level error, with its exit code and hints.
//! - [`heroku`]: facts about Heroku the checks and the plan need (dyno sizes,
//!   data services, refused plan changes, ...).
//! - [`git`]: committed or not, tags of applied commits, files at a ref.
//! - [`cli`]: the command line, one file per command.
//! - [`ui`]: all output: colors, snippets, JSON.
//!
//! Names: *desired* (the files) and *live* (Heroku); an add-on's Heroku plan
//! is `addon_plan`, so that *plan* is heroin's alone.

pub mod apply;
pub mod cert;
pub mod cli;
pub mod config;
pub mod diag;
pub mod docs;
pub mod error;
pub mod export;
pub mod git;
pub mod heroku;
pub mod http;
pub mod init;
pub mod live;
pub mod plan;
pub mod render;
pub mod saved;
pub mod secret;
pub mod section;
pub mod session;
pub mod ui;
pub mod validate;
