//! Heroku's rules for an app's webhooks: at most ten, each URL https and
//! used once, known entity types and levels.

use std::collections::BTreeSet;

use crate::config::model::App;
use crate::config::read::join;
use crate::config::webhooks::{ENTITIES, LEVELS, MAX_PER_APP, url_problem};
use crate::diag::{Problem, did_you_mean};

/// Heroku's rules for an app's webhooks.
pub fn check(app: &App, out: &mut Vec<Problem>) {
    let Some(hooks) = &app.webhooks else { return };
    let path = format!("apps.{}.webhooks", app.key);
    if hooks.len() > MAX_PER_APP {
        out.push(Problem::new(
            &hooks[MAX_PER_APP].at,
            format!("{path}[{MAX_PER_APP}]"),
            format!(
                "apps.{} has {} webhooks; Heroku allows at most {MAX_PER_APP} per app",
                app.key,
                hooks.len()
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, hook) in hooks.iter().enumerate() {
        let here = format!("{path}[{i}]");
        if let Some(url) = hook.url.value.known() {
            if let Some(why) = url_problem(url) {
                out.push(
                    Problem::new(&hook.url.at, join(&here, "url"), format!("the webhook URL {why}"))
                        .with_hint("Heroku sends webhooks only over https, for example https://hooks.example.com/heroku"),
                );
            } else if !seen.insert(url.to_string()) {
                out.push(
                    Problem::new(
                        &hook.url.at,
                        join(&here, "url"),
                        format!("`{}` is the URL of another webhook too", hook.url.value),
                    )
                    .with_hint("a webhook is known by its URL: list each URL once"),
                );
            }
        }
        if hook.include.is_empty() {
            out.push(
                Problem::new(&hook.at, join(&here, "include"), "`include` is empty")
                    .with_hint(format!("name the entity types: {}", ENTITIES.join(", "))),
            );
        }
        for (j, e) in hook.include.iter().enumerate() {
            let Some(name) = e.value.known() else {
                continue;
            };
            if !ENTITIES.contains(&name) {
                let hint = did_you_mean(name, ENTITIES.iter().copied())
                    .unwrap_or_else(|| format!("one of: {}", ENTITIES.join(", ")));
                out.push(
                    Problem::new(
                        &e.at,
                        format!("{here}.include[{j}]"),
                        format!("`{name}` is not an entity type an app webhook can include"),
                    )
                    .with_hint(hint),
                );
            }
        }
        if let Some(level) = hook.level.value.known()
            && !LEVELS.contains(&level)
        {
            out.push(
                Problem::new(
                    &hook.level.at,
                    join(&here, "level"),
                    format!("`{level}` is not a webhook level"),
                )
                .with_hint("`notify` (one delivery attempt) or `sync` (retried until it succeeds)"),
            );
        }
    }
}
