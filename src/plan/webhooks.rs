//! Planning app webhooks: a set known by URL (Heroku gives webhooks no
//! name). A webhook of the files that Heroku lacks is created; one whose
//! `include` or `level` differ is updated in place (by id); one Heroku has
//! beyond the files is removed. Labels are the URL with its secret parts
//! masked.
//!
//! `secret` and `authorization` are write-only on Heroku: they are sent
//! with every create and update, and when nothing else changes the plan
//! cannot tell whether they did. It says so (a warning per webhook)
//! instead of claiming that nothing changed. Pure.

use super::{Action, Cx, Section, Step};
use crate::config::webhooks::Webhook;
use crate::live::webhooks::LiveWebhook;
use crate::secret::Text;
use crate::secret::url::drain;

/// A webhook step: one API call.
#[derive(Clone, Debug, PartialEq)]
pub enum WebhookStep {
    /// `POST /apps/{app}/webhooks`.
    Create {
        /// App name.
        app: String,
        /// The URL (it may hold a secret).
        url: Text,
        /// What it sends.
        settings: Settings,
    },
    /// `PATCH /apps/{app}/webhooks/{id}`.
    Update {
        /// App name.
        app: String,
        /// Heroku's id of the webhook.
        id: String,
        /// What it sends.
        settings: Settings,
    },
    /// `DELETE /apps/{app}/webhooks/{id}`.
    Remove {
        /// App name.
        app: String,
        /// Heroku's id of the webhook.
        id: String,
    },
}

/// What a create or an update sends besides the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Entity types, sorted.
    pub include: Vec<String>,
    /// `notify` or `sync`.
    pub level: String,
    /// The signing secret, when the files give one.
    pub secret: Option<Text>,
    /// The `Authorization` header, when the files give one.
    pub authorization: Option<Text>,
}

impl WebhookStep {
    /// The secret values it sends.
    pub fn texts(&self) -> Vec<&Text> {
        match self {
            WebhookStep::Create { url, settings, .. } => std::iter::once(url)
                .chain(settings.secret.iter())
                .chain(settings.authorization.iter())
                .collect(),
            WebhookStep::Update { settings, .. } => settings
                .secret
                .iter()
                .chain(settings.authorization.iter())
                .collect(),
            WebhookStep::Remove { .. } => Vec::new(),
        }
    }
}

/// How a webhook's settings show: `notify: api:build, api:release`.
fn shown(level: &str, include: &[String]) -> Text {
    Text::Plain(format!("{level}: {}", include.join(", ")))
}

/// The files' values from the environment, to recognise in Heroku's URLs.
fn env_parts(desired: &[Webhook]) -> Vec<String> {
    desired
        .iter()
        .filter_map(|w| match &w.url.value {
            Text::Secret(s) => Some(s.parts().to_vec()),
            _ => None,
        })
        .flatten()
        .collect()
}

pub(crate) fn plan_webhooks(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.webhooks.as_ref() else {
        return;
    };
    let on_heroku: Vec<LiveWebhook> = cx.live.and_then(|l| l.webhooks.clone()).unwrap_or_default();
    let env = env_parts(desired);
    let env: Vec<&str> = env.iter().map(String::as_str).collect();
    let label = |url: &Text| drain(url.clone(), &env).to_string();
    for w in desired {
        let (Some(url), Some(level)) = (w.url.value.known(), w.level.value.known()) else {
            continue;
        };
        let mut include: Vec<String> = w
            .include
            .iter()
            .filter_map(|e| e.value.known().map(str::to_string))
            .collect();
        include.sort();
        include.dedup();
        let key = label(&w.url.value);
        let settings = Settings {
            include: include.clone(),
            level: level.to_string(),
            secret: w.secret.as_ref().map(|s| s.value.clone()),
            authorization: w.authorization.as_ref().map(|s| s.value.clone()),
        };
        match on_heroku.iter().find(|h| h.url == url) {
            None => {
                cx.change(
                    Section::Webhooks,
                    Some(&key),
                    Action::Create,
                    None,
                    Some(shown(level, &include)),
                );
                cx.step(Step::Webhook(WebhookStep::Create {
                    app: app.to_string(),
                    url: w.url.value.clone(),
                    settings,
                }));
            }
            Some(h) if h.include == include && h.level == level => {
                cx.hidden().unchanged += 1;
                let unknowable: Vec<&str> = [
                    w.secret.as_ref().map(|_| "secret"),
                    w.authorization.as_ref().map(|_| "authorization"),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !unknowable.is_empty() {
                    let what = unknowable.join(" and ");
                    cx.warn(
                        Section::Webhooks,
                        Some(&key),
                        format!(
                            "the {what} of webhook {key} cannot be read back from Heroku; heroin cannot tell whether it changed (it is sent with every create and update of the webhook: see docs/configuration.md#webhookssecret)"
                        ),
                    );
                }
            }
            Some(h) => {
                cx.change(
                    Section::Webhooks,
                    Some(&key),
                    Action::Update,
                    Some(shown(&h.level, &h.include)),
                    Some(shown(level, &include)),
                );
                cx.step(Step::Webhook(WebhookStep::Update {
                    app: app.to_string(),
                    id: h.id.clone(),
                    settings,
                }));
            }
        }
    }
    for h in on_heroku
        .iter()
        .filter(|h| !desired.iter().any(|w| w.url.value.known() == Some(&h.url)))
    {
        let key = label(&Text::Plain(h.url.clone()));
        cx.change(
            Section::Webhooks,
            Some(&key),
            Action::Delete,
            Some(shown(&h.level, &h.include)),
            None,
        )
        .why = Some("not in the files".into());
        cx.step(Step::Webhook(WebhookStep::Remove {
            app: app.to_string(),
            id: h.id.clone(),
        }));
    }
}

#[cfg(test)]
mod tests {

    use super::WebhookStep;

    use crate::live::webhooks::LiveWebhook;
    use crate::live::{Live, LiveApp};
    use crate::plan::{Action, Step, plan};

    fn config(text: &str) -> crate::config::model::Config {
        crate::plan::test_support::config_of(text, &[("HOOK_SECRET", "s3cr3t-value")])
    }

    fn live(hooks: Vec<LiveWebhook>) -> Live {
        let app = LiveApp {
            name: "web-prod".into(),
            webhooks: Some(hooks),
            ..LiveApp::default()
        };
        Live {
            apps: [("web".to_string(), Some(app))].into(),
            ..Live::default()
        }
    }

    const FILES: &str = r#"[apps.web]
name = "web-${HEROIN_ENV}"
[[apps.web.webhooks]]
url = "https://hooks.example.com/deploys"
include = ["api:release", "api:build"]
level = "notify"
secret = "${HOOK_SECRET}"
[[apps.web.webhooks]]
url = "https://hooks.example.com/new"
include = ["api:app"]
level = "sync"
"#;

    #[test]
    fn webhooks_are_created_updated_by_id_and_removed_and_secrets_never_shown() {
        let hook = |id: &str, url: &str, include: &[&str], level: &str| LiveWebhook {
            id: id.into(),
            url: url.into(),
            include: include.iter().map(|s| s.to_string()).collect(),
            level: level.into(),
        };
        let p = plan(
            &config(FILES),
            &live(vec![
                hook(
                    "w-1",
                    "https://hooks.example.com/deploys",
                    &["api:build"],
                    "notify",
                ),
                hook("w-2", "https://old.example.com/x", &["api:app"], "notify"),
            ]),
        );
        let actions: Vec<(String, Action)> = p
            .changes
            .iter()
            .map(|c| (c.address.key.clone().unwrap_or_default(), c.action))
            .collect();
        assert_eq!(
            actions,
            [
                (
                    "https://hooks.example.com/deploys".to_string(),
                    Action::Update
                ),
                ("https://hooks.example.com/new".to_string(), Action::Create),
                ("https://old.example.com/x".to_string(), Action::Delete),
            ]
        );
        assert_eq!(
            p.changes[0].after.as_ref().unwrap().to_string(),
            "notify: api:build, api:release"
        );
        let update = p.steps.iter().find_map(|s| match &s.step {
            Step::Webhook(WebhookStep::Update { id, settings, .. }) => Some((id, settings)),
            _ => None,
        });
        let (id, settings) = update.expect("an update");
        assert_eq!(id, "w-1");
        assert!(settings.secret.as_ref().is_some_and(|s| s.is_secret()));
        assert!(!format!("{p:?}").contains("s3cr3t-value"), "{p:?}");
        assert!(p.warnings.is_empty(), "an update sends the secret");
    }

    #[test]
    fn an_unchanged_webhook_with_a_secret_says_heroin_cannot_tell() {
        let hooks = vec![
            LiveWebhook {
                id: "w-1".into(),
                url: "https://hooks.example.com/deploys".into(),
                include: vec!["api:build".into(), "api:release".into()],
                level: "notify".into(),
            },
            LiveWebhook {
                id: "w-3".into(),
                url: "https://hooks.example.com/new".into(),
                include: vec!["api:app".into()],
                level: "sync".into(),
            },
        ];
        let p = plan(&config(FILES), &live(hooks));
        assert!(p.changes.is_empty(), "{:?}", p.changes);
        assert_eq!(p.warnings.len(), 1, "only the webhook with a secret");
        assert!(
            p.warnings[0].1.contains("cannot tell whether it changed"),
            "{:?}",
            p.warnings
        );
    }
}
