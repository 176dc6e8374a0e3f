//! The dependencies between planned steps, on plans built by hand.

use std::collections::BTreeMap;

use super::after;
use crate::plan::tables::TeamStep;
use crate::plan::{AddonRef, Address, Planned, Section, Step, Table};

fn at(app: &str, section: Section, step: Step) -> Planned {
    Planned {
        step,
        change: Address {
            table: Table::Apps,
            app: app.into(),
            section,
            key: None,
        },
    }
}

fn create(name: &str) -> Step {
    Step::CreateApp {
        name: name.into(),
        region: None,
        stack: None,
        team: None,
        space: None,
    }
}

fn addon(app: &str, attachment: &str) -> Step {
    Step::CreateAddon {
        app: app.into(),
        addon_plan: "heroku-postgresql:essential-0".into(),
        attachment: attachment.into(),
        config: BTreeMap::new(),
    }
}

fn config(app: &str) -> Step {
    Step::PatchConfig {
        app: app.into(),
        set: BTreeMap::new(),
        unset: vec!["OLD".into()],
    }
}

fn domain(app: &str) -> Step {
    Step::AddDomain {
        app: app.into(),
        hostname: format!("{app}.example.com"),
    }
}

#[test]
fn two_apps_proceed_independently() {
    let steps = vec![
        at("web", Section::App, create("shop-web")),
        at("api", Section::App, create("shop-api")),
        at("web", Section::ConfigVars, config("shop-web")),
        at("api", Section::ConfigVars, config("shop-api")),
    ];
    assert_eq!(after(&steps), vec![vec![], vec![], vec![0], vec![1]]);
}

#[test]
fn an_app_s_sections_wait_for_the_app_and_for_their_own_lane_only() {
    let steps = vec![
        at("web", Section::App, create("shop-web")),
        at("web", Section::Addons, addon("shop-web", "DATABASE")),
        at("web", Section::Addons, addon("shop-web", "REDIS")),
        at("web", Section::ConfigVars, config("shop-web")),
        at("web", Section::Domains, domain("shop-web")),
    ];
    let deps = after(&steps);
    // One add-on create at a time, the PATCH after both.
    assert_eq!(deps[1], vec![0]);
    assert_eq!(deps[2], vec![0, 1]);
    assert_eq!(deps[3], vec![0, 2]);
    // A domain needs the app, not its add-ons.
    assert_eq!(deps[4], vec![0]);
}

#[test]
fn an_attachment_of_another_app_s_add_on_waits_for_its_add_on_steps() {
    let steps = vec![
        at("web", Section::Addons, addon("shop-web", "DATABASE")),
        at("api", Section::Domains, domain("shop-api")),
        at(
            "api",
            Section::Addons,
            Step::Attach {
                app: "shop-api".into(),
                addon: AddonRef::attached("shop-web", "DATABASE"),
                attachment: "DATABASE".into(),
            },
        ),
        at("web", Section::ConfigVars, config("shop-web")),
    ];
    let deps = after(&steps);
    assert_eq!(deps[1], Vec::<usize>::new());
    assert_eq!(deps[2], vec![0]);
    // The owner's lane now holds the attachment too.
    assert_eq!(deps[3], vec![2]);
}

#[test]
fn team_steps_are_barriers_of_the_whole_plan() {
    let member = Planned {
        step: Step::Team(TeamStep::SetMember {
            team: "acme".into(),
            email: "dev@example.com".into(),
            role: "member".into(),
        }),
        change: Address {
            table: Table::Teams,
            app: "acme".into(),
            section: Section::Members,
            key: Some("dev@example.com".into()),
        },
    };
    let collaborator = Step::AddCollaborator {
        app: "shop-web".into(),
        email: "dev@example.com".into(),
        permissions: None,
    };
    let steps = vec![
        at("web", Section::App, create("shop-web")),
        at("api", Section::App, create("shop-api")),
        member,
        at("web", Section::Collaborators, collaborator),
        at("api", Section::Domains, domain("shop-api")),
    ];
    let deps = after(&steps);
    assert_eq!(deps[2], vec![0, 1]);
    assert_eq!(deps[3], vec![0, 2]);
    assert_eq!(deps[4], vec![1, 2]);
}

#[test]
fn a_pipeline_is_created_before_its_couplings() {
    let steps = vec![
        at(
            "web",
            Section::Pipeline,
            Step::CreatePipeline {
                name: "shop".into(),
            },
        ),
        at(
            "api",
            Section::Pipeline,
            Step::Couple {
                app: "shop-api".into(),
                pipeline: "shop".into(),
                stage: "production".into(),
            },
        ),
    ];
    assert_eq!(after(&steps), vec![vec![], vec![0]]);
}

#[test]
fn the_plan_order_is_always_one_the_dependencies_allow() {
    let steps = vec![
        at("web", Section::App, create("shop-web")),
        at("web", Section::Addons, addon("shop-web", "DATABASE")),
        at("web", Section::ConfigVars, config("shop-web")),
        at("web", Section::Domains, domain("shop-web")),
    ];
    for (i, deps) in after(&steps).iter().enumerate() {
        assert!(deps.iter().all(|&j| j < i), "{i}: {deps:?}");
    }
}
