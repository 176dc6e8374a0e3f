//! The list sections on hand-built `Live`: buildpacks as one ordered list
//! (a registry name matches Heroku's `urn:buildpack:` form), features only
//! where the files list them (a name Heroku lacks is impossible), domains and
//! collaborators as sets (what Heroku has beyond the files is removed), team
//! permissions only on team apps, and the pipeline coupling created, moved
//! between stages, or replaced when the app changes pipeline.

use crate::live::{Live, LiveApp, LiveCollaborator, LiveCoupling};
use crate::plan::test_support::{actions, change, live_app, planned, planned_in};
use crate::plan::{Action, Section, Step};
use crate::secret::Text;

const APP: &str = "[apps.web]\nname = \"web-prod\"\n";

fn files(more: &str) -> String {
    format!("{APP}{more}")
}

fn with(edit: impl FnOnce(&mut LiveApp)) -> Vec<(&'static str, Option<LiveApp>)> {
    let mut app = live_app();
    edit(&mut app);
    vec![("web", Some(app))]
}

fn collaborator(email: &str, permissions: &[&str]) -> LiveCollaborator {
    LiveCollaborator {
        email: email.into(),
        permissions: permissions.iter().map(|p| p.to_string()).collect(),
    }
}

fn coupling(pipeline: &str, stage: &str) -> LiveCoupling {
    LiveCoupling {
        id: "coupling-1".into(),
        pipeline_id: format!("id-{pipeline}"),
        pipeline: pipeline.into(),
        stage: stage.into(),
    }
}

#[test]
fn buildpacks_in_heroku_s_form_are_the_same_list() {
    let p = planned(
        &files("buildpacks = [\"heroku/ruby\", \"https://example.com/bp.tgz\"]\n"),
        with(|a| {
            a.buildpacks = Some(vec![
                "urn:buildpack:heroku/ruby".into(),
                "https://example.com/bp.tgz".into(),
            ])
        }),
    );
    assert!(p.changes.is_empty(), "{:#?}", p.changes);
    assert_eq!(p.hidden["web"].unchanged, 1);
}

#[test]
fn buildpacks_are_set_as_a_whole_ordered_list() {
    let p = planned(
        &files("buildpacks = [\"heroku/nodejs\", \"heroku/ruby\"]\n"),
        with(|a| a.buildpacks = Some(vec!["heroku/ruby".into(), "heroku/nodejs".into()])),
    );
    assert_eq!(actions(&p), [(Section::Buildpacks, None, Action::Update)]);
    let c = change(&p, Section::Buildpacks, None);
    assert_eq!(
        c.before,
        Some(Text::Plain("heroku/ruby, heroku/nodejs".into()))
    );
    assert_eq!(
        p.step_list(),
        [Step::SetBuildpacks {
            app: "web-prod".into(),
            buildpacks: vec!["heroku/nodejs".into(), "heroku/ruby".into()],
        }]
    );
    let p = planned(&files("buildpacks = [\"heroku/ruby\"]\n"), with(|_| {}));
    assert_eq!(actions(&p), [(Section::Buildpacks, None, Action::Create)]);
}

#[test]
fn features_change_only_where_the_files_list_them() {
    let p = planned(
        &files("\n[apps.web.features]\npreboot = true\nspaces-dns-discovery = false\n"),
        with(|a| {
            a.features = Some(
                [
                    ("preboot".to_string(), false),
                    ("spaces-dns-discovery".to_string(), false),
                    ("runtime-dyno-metadata".to_string(), true),
                ]
                .into(),
            )
        }),
    );
    assert_eq!(
        actions(&p),
        [(Section::Features, Some("preboot".into()), Action::Update)]
    );
    assert_eq!(
        p.step_list(),
        [Step::SetFeature {
            app: "web-prod".into(),
            feature: "preboot".into(),
            enabled: true,
        }]
    );
    assert_eq!(p.hidden["web"].unchanged, 1);
}

#[test]
fn a_feature_heroku_does_not_have_is_impossible() {
    let p = planned(
        &files("\n[apps.web.features]\npreboto = true\n"),
        with(|a| a.features = Some([("preboot".to_string(), false)].into())),
    );
    assert_eq!(
        actions(&p),
        [(
            Section::Features,
            Some("preboto".into()),
            Action::Impossible
        )]
    );
    assert!(p.step_list().is_empty());
    assert!(
        change(&p, Section::Features, Some("preboto"))
            .why
            .as_deref()
            .unwrap()
            .contains("no app feature `preboto`")
    );
}

#[test]
fn domains_are_a_set_what_heroku_has_beyond_the_files_goes() {
    let p = planned(
        &files("domains = [\"www.example.com\", \"new.example.com\"]\n"),
        with(|a| a.domains = Some(vec!["www.example.com".into(), "old.example.com".into()])),
    );
    assert_eq!(
        actions(&p),
        [
            (
                Section::Domains,
                Some("new.example.com".into()),
                Action::Create
            ),
            (
                Section::Domains,
                Some("old.example.com".into()),
                Action::Delete
            ),
        ]
    );
    assert_eq!(
        p.step_list(),
        [
            Step::AddDomain {
                app: "web-prod".into(),
                hostname: "new.example.com".into(),
            },
            Step::RemoveDomain {
                app: "web-prod".into(),
                hostname: "old.example.com".into(),
            },
        ]
    );
    assert_eq!(p.hidden["web"].unchanged, 1);
}

#[test]
fn collaborators_match_by_email_in_any_case_and_the_rest_are_removed() {
    let p = planned(
        &files(
            "collaborators = [{ email = \"Dev@Example.com\" }, { email = \"new@example.com\" }]\n",
        ),
        with(|a| {
            a.collaborators = Some(vec![
                collaborator("dev@example.com", &[]),
                collaborator("gone@example.com", &[]),
            ])
        }),
    );
    assert_eq!(
        actions(&p),
        [
            (
                Section::Collaborators,
                Some("gone@example.com".into()),
                Action::Delete
            ),
            (
                Section::Collaborators,
                Some("new@example.com".into()),
                Action::Create
            ),
        ]
    );
    assert_eq!(
        p.step_list(),
        [
            Step::AddCollaborator {
                app: "web-prod".into(),
                email: "new@example.com".into(),
                permissions: None,
            },
            Step::RemoveCollaborator {
                app: "web-prod".into(),
                email: "gone@example.com".into(),
            },
        ]
    );
}

#[test]
fn permissions_on_a_personal_app_are_impossible_with_the_fix() {
    let text =
        files("collaborators = [{ email = \"dev@example.com\", permissions = [\"view\"] }]\n");
    let p = planned(&text, with(|_| {}));
    assert_eq!(
        actions(&p),
        [(
            Section::Collaborators,
            Some("dev@example.com".into()),
            Action::Impossible
        )]
    );
    assert!(p.step_list().is_empty());
    let why = change(&p, Section::Collaborators, Some("dev@example.com"))
        .why
        .clone();
    assert!(why.unwrap().contains("remove `permissions`"));
    // A new personal app: the fix also offers a team.
    let p = planned(&text, vec![("web", None)]);
    let why = change(&p, Section::Collaborators, Some("dev@example.com"))
        .why
        .clone();
    assert!(why.unwrap().contains("give the app a `team`"));
}

#[test]
fn team_permissions_are_compared_sorted_and_set_when_they_differ() {
    let text = files(
        "team = \"acme\"\ncollaborators = [{ email = \"dev@example.com\", permissions = [\"view\", \"deploy\"] }, { email = \"ops@example.com\", permissions = [\"view\"] }]\n",
    );
    let p = planned(
        &text,
        with(|a| {
            a.team = Some("acme".into());
            a.collaborators = Some(vec![
                collaborator("dev@example.com", &["deploy", "view"]),
                collaborator("ops@example.com", &["deploy", "view"]),
            ])
        }),
    );
    assert_eq!(
        actions(&p),
        [(
            Section::Collaborators,
            Some("ops@example.com".into()),
            Action::Update
        )]
    );
    assert_eq!(
        p.step_list(),
        [Step::SetPermissions {
            app: "web-prod".into(),
            email: "ops@example.com".into(),
            permissions: vec!["view".into()],
        }]
    );
    let c = change(&p, Section::Collaborators, Some("ops@example.com"));
    assert_eq!(
        c.before,
        Some(Text::Plain("ops@example.com (deploy, view)".into()))
    );
}

#[test]
fn a_team_heroku_knows_and_the_files_do_not_is_a_warning() {
    let p = planned(
        &files("collaborators = [{ email = \"dev@example.com\", permissions = [\"view\"] }]\n"),
        with(|a| {
            a.team = Some("acme".into());
            a.collaborators = Some(vec![collaborator("dev@example.com", &["view"])]);
        }),
    );
    assert!(p.changes.is_empty(), "{:#?}", p.changes);
    assert_eq!(p.warnings.len(), 1);
    assert!(
        p.warnings[0]
            .1
            .contains("add `team = \"acme\"` to apps.web")
    );
}

#[test]
fn an_app_in_no_pipeline_is_coupled_creating_the_pipeline_once() {
    let text = "[apps.web]\nname = \"web-prod\"\npipeline = { name = \"shop\", stage = \"production\" }\n\n[apps.api]\nname = \"api-prod\"\npipeline = { name = \"shop\", stage = \"production\" }\n";
    let p = planned(text, vec![("web", None), ("api", None)]);
    let creates = p
        .step_list()
        .into_iter()
        .filter(|s| matches!(s, Step::CreatePipeline { name } if name == "shop"))
        .count();
    assert_eq!(creates, 1);
    // A pipeline the account has already is not created again.
    let mut live = Live {
        apps: [("web".to_string(), Some(live_app()))].into(),
        ..Live::default()
    };
    live.pipelines = [("shop".to_string(), "id-shop".to_string())].into();
    let p = planned_in(
        &files("pipeline = { name = \"shop\", stage = \"production\" }\n"),
        live,
    );
    assert_eq!(actions(&p), [(Section::Pipeline, None, Action::Create)]);
    assert_eq!(
        p.step_list(),
        [Step::Couple {
            app: "web-prod".into(),
            pipeline: "shop".into(),
            stage: "production".into(),
        }]
    );
}

#[test]
fn a_coupling_changes_stage_in_place_and_pipeline_by_replacing() {
    let text = files("pipeline = { name = \"shop\", stage = \"production\" }\n");
    let p = planned(
        &text,
        with(|a| a.pipeline = Some(Some(coupling("shop", "production")))),
    );
    assert!(p.changes.is_empty());
    let p = planned(
        &text,
        with(|a| a.pipeline = Some(Some(coupling("shop", "staging")))),
    );
    assert_eq!(actions(&p), [(Section::Pipeline, None, Action::Update)]);
    assert_eq!(
        p.step_list(),
        [Step::SetStage {
            app: "web-prod".into(),
            coupling: "coupling-1".into(),
            stage: "production".into(),
        }]
    );
    let p = planned(
        &text,
        with(|a| a.pipeline = Some(Some(coupling("legacy", "production")))),
    );
    assert_eq!(actions(&p), [(Section::Pipeline, None, Action::Replace)]);
    let c = change(&p, Section::Pipeline, None);
    assert_eq!(c.before, Some(Text::Plain("legacy (production)".into())));
    assert!(c.why.as_deref().unwrap().contains("one pipeline at a time"));
    let steps = p.step_list();
    assert!(steps.contains(&Step::Uncouple {
        app: "web-prod".into(),
        coupling: "coupling-1".into(),
    }));
    assert!(steps.contains(&Step::CreatePipeline {
        name: "shop".into()
    }));
    let uncouple = steps
        .iter()
        .position(|s| matches!(s, Step::Uncouple { .. }));
    let couple = steps.iter().position(|s| matches!(s, Step::Couple { .. }));
    assert!(uncouple < couple, "{steps:#?}");
}

#[test]
fn sections_the_files_leave_out_are_unmanaged() {
    let p = planned(
        APP,
        with(|a| {
            a.buildpacks = Some(vec!["heroku/ruby".into()]);
            a.domains = Some(vec!["www.example.com".into()]);
            a.collaborators = Some(vec![collaborator("dev@example.com", &[])]);
            a.pipeline = Some(Some(coupling("shop", "staging")));
        }),
    );
    assert!(p.changes.is_empty(), "{:#?}", p.changes);
    assert!(p.step_list().is_empty());
}
