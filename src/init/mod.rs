//! `heroin init`: the files a new project starts from.
//!
//! Pure: a project's name, format and environments in, files (name and text)
//! out. A commented base file with one app (config vars, a database, its
//! formation), one overlay per environment, a `.pre-commit-config.yaml`
//! running `heroin validate`, and the JSON Schema the files' first lines
//! point editors at. With `--from`, the base holds exported apps instead.
//! Writing the files (and refusing to overwrite any) is [`write`]'s job; this
//! module never touches the disk.

pub mod write;

use crate::export::{Export, toml, yaml};

/// The file format of the heroin files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// TOML (`heroin.toml`).
    Toml,
    /// YAML (`heroin.yaml`).
    Yaml,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Yaml => "yaml",
        }
    }

    /// The first line: where editors find the schema (taplo / Even Better
    /// TOML read `#:schema`, yaml-language-server its own comment).
    fn schema_line(self) -> &'static str {
        match self {
            Format::Toml => "#:schema ./heroin.schema.json",
            Format::Yaml => "# yaml-language-server: $schema=./heroin.schema.json",
        }
    }
}

/// A file to write: its name in the configuration directory and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// The file's name (no directory).
    pub name: String,
    /// Its whole text.
    pub text: String,
}

/// What `heroin init` starts a new project from.
#[derive(Clone, Debug)]
pub struct Project {
    /// The prefix of the apps' Heroku names (`NAME-${HEROIN_ENV}`).
    pub name: String,
    /// TOML or YAML.
    pub format: Format,
    /// The environments, one overlay each.
    pub envs: Vec<String>,
}

/// The schema file the heroin files point at.
pub const SCHEMA_FILE: &str = "heroin.schema.json";

/// The pre-commit configuration file.
pub const PRE_COMMIT_FILE: &str = ".pre-commit-config.yaml";

/// Whether `env` is a valid environment name (the overlay rule: lowercase
/// letters, digits and dashes, starting with a letter or a digit).
pub fn valid_env(env: &str) -> bool {
    env.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && env
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A Heroku-name prefix from a directory's name: lowercase letters, digits
/// and single dashes, starting with a letter, short enough that
/// `PREFIX-ENV` stays within Heroku's 30 characters for every env given.
pub fn name_from(dir_name: &str, envs: &[String]) -> String {
    let mut name = String::new();
    for c in dir_name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    let longest = envs.iter().map(String::len).max().unwrap_or(0);
    let room = 30usize.saturating_sub(longest + 1).max(3);
    let mut name: String = name.chars().take(room).collect();
    while name.ends_with('-') {
        name.pop();
    }
    if name.len() < 3 { "app".into() } else { name }
}

/// Whether an environment is a production one (it gets the bigger plan and
/// dynos in the starting overlay).
fn is_production(env: &str) -> bool {
    matches!(env, "prod" | "production" | "live")
}

/// The files of a new project.
pub fn files(project: &Project, schema: &str) -> Vec<File> {
    let ext = project.format.extension();
    let mut files = vec![File {
        name: format!("heroin.{ext}"),
        text: base(project),
    }];
    for env in &project.envs {
        files.push(File {
            name: format!("heroin.{env}.{ext}"),
            text: overlay(project.format, env),
        });
    }
    files.extend(common(schema));
    files
}

/// The files for apps that exist already: the exported apps in the base,
/// one overlay (`env`) with nothing in it yet.
pub fn from_exports(format: Format, env: &str, exports: &[Export], schema: &str) -> Vec<File> {
    let document = crate::export::tables::combine(exports);
    let ext = format.extension();
    let body = match format {
        Format::Toml => toml(&document),
        Format::Yaml => yaml(&document),
    };
    let base = format!(
        "{}\n{}\n{}",
        format.schema_line(),
        comment_block(&[
            &format!("heroin.{ext}: the apps as Heroku had them (`heroin init --from`)."),
            &format!("`heroin diff {env}` shows no changes until you edit a file; the reference"),
            "of every field is docs/configuration.md of heroin.",
            "Secret-looking values are ${NAME} placeholders: set those variables first.",
            "Before adding another environment, give it apps of its own: move `name`",
            "into each overlay (or write `name = \"...-${HEROIN_ENV}\"` here).",
        ]),
        body.trim_start()
    );
    let mut files = vec![File {
        name: format!("heroin.{ext}"),
        text: base,
    }];
    files.push(File {
        name: format!("heroin.{env}.{ext}"),
        text: format!(
            "{}\n{}\n",
            format.schema_line(),
            comment_block(&[&format!(
                "heroin.{env}.{ext}: what differs in {env}; empty: the base is the whole of it."
            )])
        ),
    });
    files.extend(common(schema));
    files
}

/// The schema and the pre-commit configuration, shared by both starts.
fn common(schema: &str) -> Vec<File> {
    vec![
        File {
            name: SCHEMA_FILE.into(),
            text: format!("{}\n", schema.trim_end()),
        },
        File {
            name: PRE_COMMIT_FILE.into(),
            text: PRE_COMMIT.into(),
        },
    ]
}

fn comment_block(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| format!("# {l}").trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn base(project: &Project) -> String {
    let ext = project.format.extension();
    let overlays: Vec<String> = project
        .envs
        .iter()
        .map(|e| format!("heroin.{e}.{ext}"))
        .collect();
    let head = comment_block(&[
        &format!("heroin.{ext}: the base every environment shares. Each overlay"),
        &format!(
            "({}) changes only what differs there.",
            if overlays.is_empty() {
                format!("heroin.ENV.{ext}")
            } else {
                overlays.join(", ")
            }
        ),
        "`heroin diff ENV` shows what would change on Heroku; `heroin apply ENV` does it.",
        "Every field is in docs/configuration.md of heroin; editors read the schema.",
    ]);
    let body = match project.format {
        Format::Toml => TOML_BASE,
        Format::Yaml => YAML_BASE,
    }
    .replace("{name}", &project.name);
    format!("{}\n{head}\n{body}", project.format.schema_line())
}

fn overlay(format: Format, env: &str) -> String {
    let ext = format.extension();
    let head = comment_block(&[
        &format!("heroin.{ext} merged with this file is {env}: tables merge key by key,"),
        "values and lists here replace the base's. `unset = [\"apps.web.config_vars.X\"]`",
        "removes something the base sets.",
    ]);
    let body = match (format, is_production(env)) {
        (Format::Toml, true) => TOML_PRODUCTION,
        (Format::Toml, false) => TOML_OTHER,
        (Format::Yaml, true) => YAML_PRODUCTION,
        (Format::Yaml, false) => YAML_OTHER,
    };
    format!("{}\n{head}\n{body}", format.schema_line())
}

const TOML_BASE: &str = r#"
# The app. "web" is heroin's key for it, the same in every environment;
# `name` is its name on Heroku (HEROIN_ENV is the environment's name).
[apps.web]
name = "{name}-${HEROIN_ENV}"
region = "us"                     # set when heroin creates the app, never changed
stack = "heroku-24"

# Config vars. Present means authoritative: a config var Heroku has and the
# files lack is removed (never those of add-ons, such as DATABASE_URL).
# A value read from the environment is secret, masked in every output:
#   SECRET_KEY_BASE = "${SECRET_KEY_BASE}"
[apps.web.config_vars]
LOG_LEVEL = "info"
WEB_CONCURRENCY = 2               # numbers are set as strings ("2")

# A Postgres database, attached as DATABASE (Heroku sets DATABASE_URL).
[apps.web.addons.database]
plan = "heroku-postgresql:essential-0"

# Dynos per process type of the Procfile; only the types listed are managed.
# A type waits until a deploy declares it.
[apps.web.formation]
web = { quantity = 1, size = "basic" }
"#;

const TOML_PRODUCTION: &str = r#"
[apps.web.config_vars]
LOG_LEVEL = "warn"

# Another plan of the same service is changed in place.
[apps.web.addons.database]
plan = "heroku-postgresql:standard-0"

[apps.web.formation]
web = { quantity = 2, size = "standard-1x" }
"#;

const TOML_OTHER: &str = r#"
[apps.web.config_vars]
LOG_LEVEL = "debug"
"#;

const YAML_BASE: &str = r#"
apps:
  # The app. "web" is heroin's key for it, the same in every environment;
  # `name` is its name on Heroku (HEROIN_ENV is the environment's name).
  web:
    name: "{name}-${HEROIN_ENV}"
    region: us                    # set when heroin creates the app, never changed
    stack: heroku-24

    # Config vars. Present means authoritative: a config var Heroku has and the
    # files lack is removed (never those of add-ons, such as DATABASE_URL).
    # A value read from the environment is secret, masked in every output:
    #   SECRET_KEY_BASE: "${SECRET_KEY_BASE}"
    config_vars:
      LOG_LEVEL: info
      WEB_CONCURRENCY: 2          # numbers are set as strings ("2")

    # A Postgres database, attached as DATABASE (Heroku sets DATABASE_URL).
    addons:
      database:
        plan: heroku-postgresql:essential-0

    # Dynos per process type of the Procfile; only the types listed are managed.
    # A type waits until a deploy declares it.
    formation:
      web: { quantity: 1, size: basic }
"#;

const YAML_PRODUCTION: &str = r#"
apps:
  web:
    config_vars:
      LOG_LEVEL: warn
    # Another plan of the same service is changed in place.
    addons:
      database:
        plan: heroku-postgresql:standard-0
    formation:
      web: { quantity: 2, size: standard-1x }
"#;

const YAML_OTHER: &str = r#"
apps:
  web:
    config_vars:
      LOG_LEVEL: debug
"#;

const PRE_COMMIT: &str = r#"# pre-commit (https://pre-commit.com): `pre-commit install` once, and every
# commit that changes a heroin file runs `heroin validate` on it first
# (offline: no token, no variables needed).
#
# This runs the heroin on PATH (heroin's `heroin-validate-system` hook). To
# build heroin from source instead, use heroin's repository as the hook
# repository: `repo: <heroin's URL>`, `rev: <a tag>`, `id: heroin-validate`.
repos:
  - repo: local
    hooks:
      - id: heroin-validate-system
        name: heroin validate
        entry: heroin validate
        language: system
        files: (^|/)heroin(\.[a-z0-9][a-z0-9-]*)?\.(toml|ya?ml)$
        require_serial: true
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_herokus_rules_for_every_environment() {
        let envs = vec!["staging".to_string(), "production".to_string()];
        assert_eq!(name_from("Acme Shop!", &envs), "acme-shop");
        assert_eq!(name_from("2024_billing--api", &envs), "billing-api");
        assert_eq!(name_from("日本", &envs), "app");
        let long = name_from("a-very-long-project-name-indeed", &envs);
        assert!(long.len() + "-production".len() <= 30, "{long}");
        assert!(!long.ends_with('-'));
    }

    #[test]
    fn production_overlays_get_the_bigger_plan() {
        let project = Project {
            name: "acme".into(),
            format: Format::Toml,
            envs: vec!["staging".into(), "prod".into()],
        };
        let files = files(&project, "{}");
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "heroin.toml",
                "heroin.staging.toml",
                "heroin.prod.toml",
                SCHEMA_FILE,
                PRE_COMMIT_FILE
            ]
        );
        assert!(files[2].text.contains("standard-0"));
        assert!(!files[1].text.contains("standard-0"));
    }
}
