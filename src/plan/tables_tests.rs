//! Plans of the account-wide tables on hand-built `Live`s: pipeline
//! settings, team members and features, space rulesets, and the refusal to
//! take a team's admins away.

use std::collections::BTreeMap;

use crate::config::{Environment, Source, load, parse::Format};
use crate::live::Live;
use crate::live::tables::{LivePipeline, LiveReviewApps, LiveSpace, LiveTeam};
use crate::plan::pipelines::PipelineStep;
use crate::plan::tables::{SpaceStep, TeamStep};
use crate::plan::{Action, Step, Table, UnsafePlan, plan};

fn config(text: &str) -> crate::config::model::Config {
    let env = Environment {
        name: Some("prod".into()),
        base: Source {
            name: "heroin.toml".into(),
            text: text.into(),
            format: Format::Toml,
        },
        overlay: None,
    };
    let vars: BTreeMap<String, String> =
        [("REVIEW_TOKEN".to_string(), "t0ken-value".to_string())].into();
    load(&env, Some(&vars)).unwrap()
}

fn changes(p: &crate::plan::Plan) -> Vec<(String, Action)> {
    p.changes
        .iter()
        .map(|c| {
            let key = c.address.key.clone().unwrap_or_default();
            (format!("{}.{key}", c.address.section.name()), c.action)
        })
        .collect()
}

const PIPELINE: &str = r#"
[pipelines.shop.stages.review.config_vars]
RAILS_ENV = "review"
API_TOKEN = "${REVIEW_TOKEN}"
[pipelines.shop.review_apps]
repo = "acme/shop"
automatic_review_apps = true
stale_days = 5
deploy_target = { type = "region", id = "eu" }
"#;

fn pipeline_live(review: Option<LiveReviewApps>) -> Live {
    let mut live = Live::default();
    let stages = [(
        "review".to_string(),
        [
            ("RAILS_ENV".to_string(), "review".to_string()),
            ("OLD".to_string(), "x".to_string()),
        ]
        .into(),
    )]
    .into();
    let p = LivePipeline {
        id: "p-1".into(),
        review_apps: Some(review),
        stages,
    };
    live.tables.pipelines.insert("shop".into(), Some(p));
    live
}

#[test]
fn stage_vars_are_authoritative_secrets_masked_and_review_apps_enabled_with_their_repo() {
    let p = plan(&config(PIPELINE), &pipeline_live(None));
    assert_eq!(
        changes(&p),
        [
            ("review_apps.automatic_review_apps".into(), Action::Create),
            ("review_apps.deploy_target".into(), Action::Create),
            ("review_apps.repo".into(), Action::Create),
            ("review_apps.stale_days".into(), Action::Create),
            ("stages.review.config_vars.API_TOKEN".into(), Action::Create),
            ("stages.review.config_vars.OLD".into(), Action::Delete),
        ]
    );
    assert!(
        p.changes
            .iter()
            .all(|c| c.address.table == Table::Pipelines)
    );
    assert!(!format!("{:?}", p.changes).contains("t0ken-value"));
    let steps: Vec<&PipelineStep> = p
        .steps
        .iter()
        .filter_map(|s| match &s.step {
            Step::Pipeline(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(steps.len(), 2, "{steps:?}");
    let PipelineStep::StageVars { set, unset, .. } = steps[0] else {
        panic!("{steps:?}")
    };
    assert!(set["API_TOKEN"].is_secret());
    assert_eq!(unset, &["OLD"]);
    assert!(matches!(steps[1], PipelineStep::EnableReviewApps { repo, .. } if repo == "acme/shop"));
}

#[test]
fn review_apps_change_in_place_and_the_repository_cannot_be_told() {
    let live = LiveReviewApps {
        repo_id: Some(7),
        automatic_review_apps: true,
        destroy_stale_apps: false,
        stale_days: 3,
        wait_for_ci: false,
        base_name: None,
        deploy_target: Some(("region".into(), "eu".into())),
    };
    let p = plan(&config(PIPELINE), &pipeline_live(Some(live)));
    let review: Vec<(String, Action)> = changes(&p)
        .into_iter()
        .filter(|(k, _)| k.starts_with("review_apps"))
        .collect();
    assert_eq!(review, [("review_apps.stale_days".into(), Action::Update)]);
    assert!(
        p.warnings[0].1.contains("heroin cannot tell"),
        "{:?}",
        p.warnings
    );
    let update = p.steps.iter().find_map(|s| match &s.step {
        Step::Pipeline(PipelineStep::UpdateReviewApps { settings, .. }) => Some(settings),
        _ => None,
    });
    assert_eq!(update.unwrap().stale_days, Some(5));
    assert_eq!(update.unwrap().automatic_review_apps, None, "unchanged");
}

#[test]
fn a_pipeline_nothing_creates_is_impossible() {
    let p = plan(&config(PIPELINE), &Live::default());
    assert_eq!(changes(&p), [("stages.".into(), Action::Impossible)]);
    assert!(
        p.changes[0]
            .why
            .as_ref()
            .unwrap()
            .contains("no pipeline shop")
    );
}

const TEAM: &str = r#"
[teams.acme.members]
"ops@example.com" = "admin"
"dev@example.com" = "member"
[teams.acme.features]
org-access-controls = true
"#;

fn team_live(members: &[(&str, &str)], me: &str) -> Live {
    let mut live = Live::default();
    let t = LiveTeam {
        members: Some(
            members
                .iter()
                .map(|(e, r)| (e.to_string(), r.to_string()))
                .collect(),
        ),
        features: Some([("org-access-controls".to_string(), false)].into()),
    };
    live.tables.teams.insert("acme".into(), Some(t));
    live.tables.account = Some(me.into());
    live
}

#[test]
fn team_members_are_set_and_removed_and_features_cannot_change() {
    let live = team_live(
        &[
            ("ops@example.com", "admin"),
            ("old@example.com", "viewer"),
            ("dev@example.com", "viewer"),
        ],
        "ops@example.com",
    );
    let p = plan(&config(TEAM), &live);
    assert_eq!(
        changes(&p),
        [
            ("features.org-access-controls".into(), Action::Impossible),
            ("members.dev@example.com".into(), Action::Update),
            ("members.old@example.com".into(), Action::Delete),
        ]
    );
    let steps: Vec<&Step> = p.steps.iter().map(|s| &s.step).collect();
    assert_eq!(steps.len(), 2, "{steps:?}");
    assert!(matches!(steps[0], Step::Team(TeamStep::SetMember { role, .. }) if role == "member"));
    assert!(
        matches!(steps[1], Step::Team(TeamStep::RemoveMember { email, .. }) if email == "old@example.com")
    );
    assert!(p.raise_if_impossible().is_err());
}

#[test]
fn removing_the_account_heroin_runs_as_or_every_admin_needs_force() {
    let files = r#"
[teams.acme.members]
"new@example.com" = "admin"
"#;
    let live = team_live(&[("me@example.com", "admin")], "me@example.com");
    let p = plan(&config(files), &live);
    let Err(UnsafePlan::TeamAccess(why)) = p.raise_if_unsafe(&live, false) else {
        panic!("not refused");
    };
    assert_eq!(
        why,
        [
            "removes or demotes every admin team acme has now (me@example.com)",
            "removes me@example.com, the account heroin runs as, from the admins of team acme",
        ]
    );
    assert_eq!(p.raise_if_unsafe(&live, true), Ok(()));
    let kept = team_live(&[("me@example.com", "admin")], "me@example.com");
    let files =
        "[teams.acme.members]\n\"me@example.com\" = \"admin\"\n\"b@example.com\" = \"member\"\n";
    assert_eq!(
        plan(&config(files), &kept).raise_if_unsafe(&kept, false),
        Ok(())
    );
}

#[test]
fn a_space_ruleset_is_sent_whole_and_changes_rule_by_rule() {
    let files = r#"
[spaces.acme-eu]
inbound_ruleset = [
  { action = "allow", source = "203.0.113.0/24" },
  { action = "deny", source = "198.51.100.7/32" },
]
"#;
    let mut live = Live::default();
    let rules = vec![
        ("allow".to_string(), "0.0.0.0/0".to_string()),
        ("allow".to_string(), "198.51.100.7/32".to_string()),
    ];
    live.tables.spaces.insert(
        "acme-eu".into(),
        Some(LiveSpace {
            inbound_ruleset: rules,
        }),
    );
    let p = plan(&config(files), &live);
    assert_eq!(
        changes(&p),
        [
            ("inbound_ruleset.0.0.0.0/0".into(), Action::Delete),
            ("inbound_ruleset.198.51.100.7/32".into(), Action::Update),
            ("inbound_ruleset.203.0.113.0/24".into(), Action::Create),
        ]
    );
    let [step] = p.step_list().try_into().unwrap();
    let Step::Space(SpaceStep::SetInboundRuleset { rules, .. }) = step else {
        panic!()
    };
    assert_eq!(rules[0], ("allow".into(), "203.0.113.0/24".into()));
    let none = plan(&config(files), &Live::default());
    assert_eq!(none.changes[0].action, Action::Impossible);
}
