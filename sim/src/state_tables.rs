//! The state of pipeline settings, team members and Private Spaces (see
//! `state`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Pipeline settings, team memberships and spaces.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Tables {
    /// Config vars of pipeline stages: (pipeline id, stage) -> vars.
    #[serde(default)]
    pub stage_vars: Vec<StageVars>,
    /// Review-app configurations, one per pipeline at most.
    #[serde(default)]
    pub review_configs: Vec<ReviewConfig>,
    /// Members of each team whose membership was changed: team -> members.
    /// A team not here has the members it is first seen with (the accounts
    /// as admins, its apps' collaborators as members).
    #[serde(default)]
    pub members: BTreeMap<String, Vec<Member>>,
    /// The Private Spaces that exist (declared with `--space`).
    #[serde(default)]
    pub spaces: Vec<Space>,
}

/// The config vars of one stage of one pipeline.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StageVars {
    /// The pipeline's id.
    pub pipeline_id: String,
    /// `review` or `test`.
    pub stage: String,
    /// The vars.
    pub vars: BTreeMap<String, String>,
}

/// A pipeline's review-app configuration.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReviewConfig {
    /// The pipeline's id.
    pub pipeline_id: String,
    /// The GitHub repository (`owner/name`).
    pub repo: String,
    /// Its GitHub id.
    pub repo_id: i64,
    /// Automatic review apps.
    pub automatic_review_apps: bool,
    /// Destroy stale review apps.
    pub destroy_stale_apps: bool,
    /// Days after which a review app is stale.
    pub stale_days: i64,
    /// Wait for CI.
    pub wait_for_ci: bool,
    /// Review app name prefix.
    pub base_name: Option<String>,
    /// (type, id) of where review apps go.
    pub deploy_target: Option<(String, String)>,
}

/// A team member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Email.
    pub email: String,
    /// `admin`, `member` or `viewer`.
    pub role: String,
    /// Created (ms).
    pub created_at: u64,
}

/// A Private Space.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Space {
    /// UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// The team that owns it.
    pub team: String,
    /// Region name.
    pub region: String,
    /// The inbound rules: (action, source), in order.
    pub rules: Vec<(String, String)>,
    /// The id of the current ruleset.
    pub ruleset_id: String,
    /// When the current ruleset was made (ms).
    pub ruleset_at: u64,
    /// Who made it.
    pub ruleset_by: String,
    /// Created (ms).
    pub created_at: u64,
}
