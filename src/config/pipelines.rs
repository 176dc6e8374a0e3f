//! Pipeline settings in the files: a top-level `[pipelines.NAME]` table
//! (the pipeline's Heroku name) with the config vars of its `review` and
//! `test` stages (`[pipelines.NAME.stages.review.config_vars]`) and its
//! review-app configuration (`review_apps`, Heroku's field names:
//! `automatic_review_apps`, `destroy_stale_apps`, `stale_days`,
//! `wait_for_ci`, `base_name`, `deploy_target`, and `repo`, set when review
//! apps are first enabled). Read into [`PipelineSettings`], with Heroku's
//! rules for them.
//!
//! Each part follows the rule of the files: a stage or `review_apps` that
//! is absent is left as Heroku has it; a stage's `config_vars` present is
//! authoritative (what Heroku has beyond it is removed); a field of
//! `review_apps` left out is left as Heroku has it. The pipeline itself is
//! created by the apps coupled to it (`apps.KEY.pipeline`). Pure.

use std::collections::BTreeMap;

use super::located::{LText, Located};
use super::read::{Reader, join};
use super::tree::Node;
use super::vars::{ConfigVar, config_vars};
use crate::diag::{Origin, Problem, did_you_mean};
use crate::heroku;

/// One pipeline's settings, by its name.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineSettings {
    /// The pipeline's Heroku name (its key under `pipelines`).
    pub name: String,
    /// Where its table starts.
    pub at: Origin,
    /// Review-app configuration; `None` leaves it as Heroku has it.
    pub review_apps: Option<ReviewApps>,
    /// Config vars by stage (`review`, `test`), for the stages listed.
    pub stages: BTreeMap<String, Stage>,
}

/// One stage's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    /// Where the stage's table starts.
    pub at: Origin,
    /// Its config vars; `None` leaves them as Heroku has them.
    pub config_vars: Option<BTreeMap<String, ConfigVar>>,
}

/// The review-app configuration (`/pipelines/{id}/review-app-config`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewApps {
    /// Where the table starts.
    pub at: Origin,
    /// The GitHub repository (`owner/name`) review apps come from: sent when
    /// review apps are enabled, and cannot change afterwards.
    pub repo: Option<LText>,
    /// A review app for each pull request opened.
    pub automatic_review_apps: Option<Located<bool>>,
    /// Destroy review apps not deployed for `stale_days`.
    pub destroy_stale_apps: Option<Located<bool>>,
    /// Days without a deployment after which a review app is stale.
    pub stale_days: Option<Located<i64>>,
    /// Create review apps only once CI passes.
    pub wait_for_ci: Option<Located<bool>>,
    /// The prefix of review app names.
    pub base_name: Option<LText>,
    /// Where review apps are created.
    pub deploy_target: Option<DeployTarget>,
}

/// Where review apps are created: a region (`id` its name) or a Private
/// Space (`id` its UUID).
#[derive(Clone, Debug, PartialEq)]
pub struct DeployTarget {
    /// Where the table starts.
    pub at: Origin,
    /// `region` or `space`.
    pub kind: LText,
    /// The region's name or the space's id.
    pub id: LText,
}

/// The stages whose config vars Heroku keeps on the pipeline.
pub const STAGES: &[&str] = &["review", "test"];

/// The most days Heroku lets a review app stay stale (Dev Center, "Review
/// Apps": between 1 and 30).
pub const MAX_STALE_DAYS: i64 = 30;

const REVIEW_KEYS: &[&str] = &[
    "repo",
    "automatic_review_apps",
    "destroy_stale_apps",
    "stale_days",
    "wait_for_ci",
    "base_name",
    "deploy_target",
];

/// Reads `pipelines`: a table of pipelines by name.
pub fn read(reader: &mut Reader, node: &Node) -> BTreeMap<String, PipelineSettings> {
    let mut out = BTreeMap::new();
    let Some(table) = reader.table(node, "pipelines") else {
        return out;
    };
    for (name, entry) in table {
        let path = join("pipelines", name);
        let Some(t) = reader.table(&entry.node, &path) else {
            continue;
        };
        reader.unknown_keys(t, &path, &["review_apps", "stages"]);
        let review_apps = t
            .get("review_apps")
            .and_then(|e| review_apps(reader, &e.node, &join(&path, "review_apps")));
        let mut stages = BTreeMap::new();
        if let Some(e) = t.get("stages") {
            let spath = join(&path, "stages");
            if let Some(st) = reader.table(&e.node, &spath) {
                reader.unknown_keys(st, &spath, STAGES);
                for (stage, e) in st.iter().filter(|(k, _)| STAGES.contains(&k.as_str())) {
                    let path = join(&spath, stage);
                    let Some(t) = reader.table(&e.node, &path) else {
                        continue;
                    };
                    reader.unknown_keys(t, &path, &["config_vars"]);
                    let config_vars = t
                        .get("config_vars")
                        .and_then(|e| config_vars(reader, &e.node, &join(&path, "config_vars")));
                    let at = e.key_at.clone();
                    stages.insert(stage.clone(), Stage { at, config_vars });
                }
            }
        }
        let settings = PipelineSettings {
            name: name.clone(),
            at: entry.key_at.clone(),
            review_apps,
            stages,
        };
        out.insert(name.clone(), settings);
    }
    out
}

fn review_apps(reader: &mut Reader, node: &Node, path: &str) -> Option<ReviewApps> {
    let t = reader.table(node, path)?;
    reader.unknown_keys(t, path, REVIEW_KEYS);
    let field = |k: &str| t.get(k).map(|e| (&e.node, join(path, k)));
    let boolean = |reader: &mut Reader, k: &str| field(k).and_then(|(n, p)| reader.boolean(n, &p));
    let text = |reader: &mut Reader, k: &str| field(k).and_then(|(n, p)| reader.text(n, &p));
    let deploy_target = field("deploy_target").and_then(|(n, p)| {
        let dt = reader.table(n, &p)?;
        reader.unknown_keys(dt, &p, &["type", "id"]);
        let mut required = |k: &str| match dt.get(k) {
            Some(e) => reader.text(&e.node, &join(&p, k)),
            None => {
                let hint = "for example { type = \"region\", id = \"us\" }";
                reader
                    .problem(Problem::new(&n.at, &p, format!("`{k}` is required")).with_hint(hint));
                None
            }
        };
        let (kind, id) = (required("type"), required("id"));
        Some(DeployTarget {
            at: n.at.clone(),
            kind: kind?,
            id: id?,
        })
    });
    Some(ReviewApps {
        at: node.at.clone(),
        repo: text(reader, "repo"),
        automatic_review_apps: boolean(reader, "automatic_review_apps"),
        destroy_stale_apps: boolean(reader, "destroy_stale_apps"),
        stale_days: field("stale_days").and_then(|(n, p)| reader.integer(n, &p)),
        wait_for_ci: boolean(reader, "wait_for_ci"),
        base_name: text(reader, "base_name"),
        deploy_target,
    })
}

/// Heroku's rules for pipeline settings.
pub fn check(settings: &PipelineSettings, out: &mut Vec<Problem>) {
    let path = join("pipelines", &settings.name);
    if !heroku::is_pipeline_name(&settings.name) {
        out.push(
            Problem::new(
                &settings.at,
                &path,
                format!("`{}` is not a valid pipeline name", settings.name),
            )
            .with_hint("3 to 30 lowercase letters, digits and dashes, starting with a letter"),
        );
    }
    for (stage, s) in &settings.stages {
        let here = format!("{path}.stages.{stage}.config_vars");
        for (name, var) in s.config_vars.iter().flatten() {
            if !heroku::is_config_var_name(name) {
                out.push(Problem::new(
                    &var.key_at,
                    join(&here, name),
                    format!("`{name}` is not a config var name Heroku accepts"),
                ));
            }
        }
    }
    let Some(r) = &settings.review_apps else {
        return;
    };
    let here = format!("{path}.review_apps");
    if let Some(repo) = &r.repo
        && let Some(v) = repo.value.known()
        && !is_repo(v)
    {
        out.push(
            Problem::new(
                &repo.at,
                join(&here, "repo"),
                format!("`{v}` is not a GitHub repository"),
            )
            .with_hint("the repository's full name, `owner/name`, as GitHub shows it"),
        );
    }
    if let Some(days) = &r.stale_days
        && !(1..=MAX_STALE_DAYS).contains(&days.value)
    {
        out.push(Problem::new(
            &days.at,
            join(&here, "stale_days"),
            format!(
                "stale_days is {}; Heroku takes 1 to {MAX_STALE_DAYS}",
                days.value
            ),
        ));
    }
    if let Some(t) = &r.deploy_target {
        let kind = t.kind.value.known();
        if let Some(k) = kind.filter(|k| !["region", "space"].contains(k)) {
            let mut p = Problem::new(
                &t.kind.at,
                format!("{here}.deploy_target.type"),
                format!("`{k}` is not a deploy target type"),
            );
            p = p.with_hint(
                did_you_mean(k, ["region", "space"]).unwrap_or("`region` or `space`".into()),
            );
            out.push(p);
        }
        // Heroku's pattern for a region target: its two-letter name.
        if let (Some("region"), Some(id)) = (kind, t.id.value.known())
            && !(id.len() == 2 && id.chars().all(|c| c.is_ascii_lowercase()))
        {
            out.push(
                Problem::new(
                    &t.id.at,
                    format!("{here}.deploy_target.id"),
                    format!("`{id}` is not a Heroku region name"),
                )
                .with_hint("a region's name, such as `us` or `eu`"),
            );
        }
    }
}

/// Whether `repo` is a GitHub full name, `owner/name`.
fn is_repo(repo: &str) -> bool {
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    matches!(repo.split_once('/'), Some((owner, name)) if ok(owner) && ok(name))
}
