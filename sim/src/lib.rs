//! heroku-sim: a local, stateful Heroku Platform API.
//!
//! It keeps apps, add-ons, config vars, releases, formation and the rest in
//! memory (and, with `--state FILE`, on disk), and answers the API as the
//! official hyper-schema and Heroku's documented behaviour describe, so that
//! heroin's tests, `make demo`, and the official Heroku CLI all run against it
//! with no account and no network.
//!
//! # Layout
//!
//! - [`core`]: the pure core, `Sim::handle(Request, now) -> Response`: the
//!   protocol checks (injected 503s, `Accept`, auth, the rate-limit bucket),
//!   routing, pagination and headers. No sockets, no clock.
//! - [`api`]: one module per group of endpoints, each owning the JSON shape
//!   of its resources.
//! - [`protocol`]: requests, responses, Heroku's error bodies, `Range`.
//! - [`state`]: the resources as plain data (what `--state` saves).
//! - [`registry`]: the buildpack registry the official CLI asks before it
//!   sets a buildpack by name (public, stateless).
//! - [`catalog`]: regions, stacks, dyno sizes, add-on services and plans.
//! - [`validate`]: request bodies checked against the official schema's
//!   link schemas (compiled once), Heroku's 422 before any handler runs.
//! - [`ids`]: the seeded generator behind ids, names and faults; timestamps.
//! - [`server`]: the HTTP server around the core (axum on tokio), and
//!   loading the state file.
//! - [`persist`]: `--state FILE` written in the background, whole at every
//!   moment, and last at a clean stop.
//! - [`deploy`]: `heroku-sim deploy`, a client that gives an app a release
//!   with process types over HTTP (a slug, then a release), as a build does.

pub mod addon_faults;
pub mod api;
pub mod catalog;
pub mod core;
pub mod deploy;
pub mod ids;
pub mod persist;
pub mod protocol;
pub mod registry;
pub mod server;
pub mod shared;
pub mod state;
pub mod validate;
