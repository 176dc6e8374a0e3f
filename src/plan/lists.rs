//! Planning buildpacks (the ordered list as a whole), features (only the
//! entries listed), domains, drains (in `drains`) and collaborators (sets:
//! what Heroku has beyond the files is removed), and the pipeline coupling.
//! Formation has its own module.

use super::sets::{known, set_diff};
use super::{Action, Cx, Section, Step};
use crate::secret::Text;

fn plain(s: &str) -> Option<Text> {
    Some(Text::Plain(s.to_string()))
}

pub(crate) fn plan_lists(cx: &mut Cx) {
    let app = cx.live.map_or_else(|| cx.name(), |l| l.name.clone());
    buildpacks(cx, &app);
    super::formation::plan_formation(cx, &app);
    features(cx, &app);
    domains(cx, &app);
    super::drains::plan_drains(cx, &app);
    collaborators(cx, &app);
    pipeline(cx, &app);
    super::webhooks::plan_webhooks(cx, &app);
    super::telemetry::plan_telemetry(cx, &app);
    super::certs::plan_certs(cx, &app);
}

fn buildpacks(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.buildpacks.as_deref().map(known) else {
        return;
    };
    let live = cx
        .live
        .and_then(|l| l.buildpacks.clone())
        .unwrap_or_default();
    // Heroku answers a registry buildpack by name and a URL by URL.
    let same = desired.len() == live.len()
        && desired
            .iter()
            .zip(&live)
            .all(|(w, h)| w == h || h.ends_with(&format!(":{w}")));
    if same {
        cx.hidden().unchanged += 1;
        return;
    }
    let action = if live.is_empty() {
        Action::Create
    } else {
        Action::Update
    };
    let before = (!live.is_empty()).then(|| Text::Plain(live.join(", ")));
    cx.change(
        Section::Buildpacks,
        None,
        action,
        before,
        Some(Text::Plain(desired.join(", "))),
    );
    cx.step(Step::SetBuildpacks {
        app: app.to_string(),
        buildpacks: desired,
    });
}

fn features(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.features.as_ref() else {
        return;
    };
    let live = cx.live.and_then(|l| l.features.clone());
    for (name, on) in desired {
        let live_value = match &live {
            Some(h) => match h.get(name) {
                Some(c) => *c,
                None => {
                    let c = cx.change(
                        Section::Features,
                        Some(name),
                        Action::Impossible,
                        None,
                        plain(&on.value.to_string()),
                    );
                    c.why = Some(format!("Heroku has no app feature `{name}`"));
                    continue;
                }
            },
            None => false,
        };
        if live_value == on.value {
            cx.hidden().unchanged += 1;
            continue;
        }
        cx.change(
            Section::Features,
            Some(name),
            Action::Update,
            plain(&live_value.to_string()),
            plain(&on.value.to_string()),
        );
        cx.step(Step::SetFeature {
            app: app.to_string(),
            feature: name.clone(),
            enabled: on.value,
        });
    }
}

fn domains(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.domains.as_deref().map(known) else {
        return;
    };
    let live = cx.live.and_then(|l| l.domains.clone()).unwrap_or_default();
    let (add, remove, same) = set_diff(&desired, &live);
    cx.hidden().unchanged += same;
    for d in add {
        cx.change(Section::Domains, Some(&d), Action::Create, None, plain(&d));
        cx.step(Step::AddDomain {
            app: app.to_string(),
            hostname: d,
        });
    }
    for d in remove {
        cx.change(Section::Domains, Some(&d), Action::Delete, plain(&d), None)
            .why = Some("not in the files".into());
        cx.step(Step::RemoveDomain {
            app: app.to_string(),
            hostname: d,
        });
    }
}

fn collaborators(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.collaborators.as_ref() else {
        return;
    };
    let live = cx
        .live
        .and_then(|l| l.collaborators.clone())
        .unwrap_or_default();
    let team = cx.live.map_or(cx.app.team.is_some(), |l| l.team.is_some());
    team_not_in_files(cx, app);
    for c in desired {
        let Some(email) = c.email.value.known() else {
            continue;
        };
        let mut perms: Option<Vec<String>> = c.permissions.as_deref().map(known);
        if let Some(p) = perms.as_mut() {
            p.sort();
        }
        if let (Some(p), false) = (&perms, team) {
            let before = live
                .iter()
                .find(|h| h.email.eq_ignore_ascii_case(email))
                .map(|h| Text::Plain(h.email.clone()));
            let after = plain(&format!("{email} ({})", p.join(", ")));
            let (what, fix) = if cx.live.is_some() {
                ("is", "remove `permissions` from this collaborator")
            } else {
                (
                    "is to be created as",
                    "remove `permissions` from this collaborator, or give the app a `team` to be created in",
                )
            };
            cx.change(
                Section::Collaborators,
                Some(email),
                Action::Impossible,
                before,
                after,
            )
            .why = Some(format!(
                "permissions exist only on team apps, and {app} {what} a personal app: {fix}"
            ));
            continue;
        }
        let show = |e: &str, p: &Option<Vec<String>>| match p {
            Some(p) if team => format!("{e} ({})", p.join(", ")),
            _ => e.to_string(),
        };
        match live.iter().find(|h| h.email.eq_ignore_ascii_case(email)) {
            None => {
                cx.change(
                    Section::Collaborators,
                    Some(email),
                    Action::Create,
                    None,
                    plain(&show(email, &perms)),
                );
                let permissions = if team { perms.clone() } else { None };
                cx.step(Step::AddCollaborator {
                    app: app.to_string(),
                    email: email.to_string(),
                    permissions,
                });
            }
            Some(h) => match perms {
                Some(p) if team && p != h.permissions => {
                    let before = show(email, &Some(h.permissions.clone()));
                    cx.change(
                        Section::Collaborators,
                        Some(email),
                        Action::Update,
                        plain(&before),
                        plain(&show(email, &Some(p.clone()))),
                    );
                    cx.step(Step::SetPermissions {
                        app: app.to_string(),
                        email: email.to_string(),
                        permissions: p,
                    });
                }
                _ => cx.hidden().unchanged += 1,
            },
        }
    }
    for h in live.iter().filter(|h| {
        !desired.iter().any(|w| {
            w.email
                .value
                .known()
                .is_some_and(|e| e.eq_ignore_ascii_case(&h.email))
        })
    }) {
        cx.change(
            Section::Collaborators,
            Some(&h.email),
            Action::Delete,
            plain(&h.email),
            None,
        )
        .why = Some("not in the files".into());
        cx.step(Step::RemoveCollaborator {
            app: app.to_string(),
            email: h.email.clone(),
        });
    }
}

/// Permissions in the files of an app they give no team, which Heroku has in
/// a team: they work, but `heroin validate` cannot know it; the team belongs
/// in the files.
fn team_not_in_files(cx: &mut Cx, app: &str) {
    let Some(team) = cx.live.and_then(|l| l.team.clone()) else {
        return;
    };
    let permissions = cx
        .app
        .collaborators
        .iter()
        .flatten()
        .any(|c| c.permissions.is_some());
    if cx.app.team.is_none() && permissions {
        let message = format!(
            "Heroku has {app} in team {team}, which the files do not say (so `heroin validate` warns about its permissions): add `team = \"{team}\"` to apps.{}",
            cx.key
        );
        cx.warn(Section::Collaborators, None, message);
    }
}

fn pipeline(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.pipeline.as_ref() else {
        return;
    };
    let (Some(name), Some(stage)) = (desired.name.value.known(), desired.stage.value.known())
    else {
        return;
    };
    let after = format!("{name} ({stage})");
    let coupling = cx.live.and_then(|l| l.pipeline.clone()).flatten();
    let ensure_pipeline = |cx: &mut Cx| {
        let planned = cx
            .out
            .steps
            .iter()
            .any(|s| matches!(&s.step, Step::CreatePipeline { name: n } if n == name));
        if !cx.pipelines.contains_key(name) && !planned {
            cx.step(Step::CreatePipeline {
                name: name.to_string(),
            });
        }
    };
    match coupling {
        None => {
            cx.change(Section::Pipeline, None, Action::Create, None, plain(&after));
            ensure_pipeline(cx);
            cx.step(Step::Couple {
                app: app.to_string(),
                pipeline: name.to_string(),
                stage: stage.to_string(),
            });
        }
        Some(c) if c.pipeline == name && c.stage == stage => cx.hidden().unchanged += 1,
        Some(c) if c.pipeline == name => {
            cx.change(
                Section::Pipeline,
                None,
                Action::Update,
                plain(&format!("{} ({})", c.pipeline, c.stage)),
                plain(&after),
            );
            cx.step(Step::SetStage {
                app: app.to_string(),
                coupling: c.id,
                stage: stage.to_string(),
            });
        }
        Some(c) => {
            let ch = cx.change(
                Section::Pipeline,
                None,
                Action::Replace,
                plain(&format!("{} ({})", c.pipeline, c.stage)),
                plain(&after),
            );
            ch.why = Some("an app is in one pipeline at a time: it leaves the other".into());
            ensure_pipeline(cx);
            cx.step(Step::Uncouple {
                app: app.to_string(),
                coupling: c.id,
            });
            cx.step(Step::Couple {
                app: app.to_string(),
                pipeline: name.to_string(),
                stage: stage.to_string(),
            });
        }
    }
}
