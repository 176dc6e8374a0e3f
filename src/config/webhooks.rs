//! App webhooks in the files: `[[apps.KEY.webhooks]]` tables with Heroku's
//! field names (`url`, `include`, `level`, `secret`, `authorization`), read
//! into [`Webhook`], and the rules Heroku has for them.
//!
//! A webhook is known by its URL (Heroku gives webhooks no name), so each
//! URL appears once per app. `secret` and `authorization` are write-only on
//! Heroku and always secret here, even when written literally: they are
//! never shown, and the plan says when it cannot tell whether they changed.
//! Pure.

use super::located::LText;
use super::read::{Reader, join};
use super::tree::{Node, Value};
use crate::diag::Problem;
use crate::secret::{Secret, Text};

/// One app webhook.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Where the table starts.
    pub at: crate::diag::Origin,
    /// The `https://` URL notifications go to (its identity).
    pub url: LText,
    /// The entity types notified (`api:release`, ...).
    pub include: Vec<LText>,
    /// `notify` or `sync`.
    pub level: LText,
    /// The signing secret (`Heroku-Webhook-Hmac-SHA256`); `None` leaves it
    /// as Heroku has it.
    pub secret: Option<LText>,
    /// The `Authorization` header sent with each notification; `None`
    /// leaves it as Heroku has it.
    pub authorization: Option<LText>,
}

/// The entity types an app webhook may include (Dev Center, "App Webhooks").
pub const ENTITIES: &[&str] = &[
    "api:addon-attachment",
    "api:addon",
    "api:app",
    "api:build",
    "api:collaborator",
    "api:domain",
    "api:dyno",
    "api:formation",
    "api:release",
    "api:sni-endpoint",
];

/// The delivery levels.
pub const LEVELS: &[&str] = &["notify", "sync"];

/// The most webhooks one app may have (Dev Center, "Limits").
pub const MAX_PER_APP: usize = 10;

const KEYS: &[&str] = &["url", "include", "level", "secret", "authorization"];

/// Reads `webhooks`: an array of tables.
pub fn read(reader: &mut Reader, node: &Node, path: &str) -> Option<Vec<Webhook>> {
    let items = reader.array(node, path)?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let Value::Table(table) = &item.value else {
            reader.problem(
                Problem::new(&item.at, &path, format!("must be a table, not {}", item.value.kind()))
                    .with_hint("for example { url = \"https://hooks.example.com/heroku\", include = [\"api:release\"], level = \"notify\" }"),
            );
            continue;
        };
        reader.unknown_keys(table, &path, KEYS);
        let required = |reader: &mut Reader, key: &str| match table.get(key) {
            Some(e) => Some(e),
            None => {
                reader.problem(Problem::new(
                    &item.at,
                    &path,
                    format!("`{key}` is required"),
                ));
                None
            }
        };
        let url = required(reader, "url").and_then(|e| reader.text(&e.node, &join(&path, "url")));
        let include = required(reader, "include")
            .and_then(|e| reader.text_list(&e.node, &join(&path, "include")));
        let level =
            required(reader, "level").and_then(|e| reader.text(&e.node, &join(&path, "level")));
        // Write-only on Heroku: secret whatever the files wrote.
        let mut secret = |key: &str| {
            table
                .get(key)
                .and_then(|e| reader.text(&e.node, &join(&path, key)))
                .map(always_secret)
        };
        let (secret, authorization) = (secret("secret"), secret("authorization"));
        if let (Some(url), Some(include), Some(level)) = (url, include, level) {
            out.push(Webhook {
                at: item.at.clone(),
                url,
                include,
                level,
                secret,
                authorization,
            });
        }
    }
    Some(out)
}

/// A value made secret, keeping what was secret in it on its own.
fn always_secret(t: LText) -> LText {
    let value = match t.value {
        Text::Plain(v) => Text::Secret(Secret::new(v)),
        other => other,
    };
    LText { value, at: t.at }
}

/// Why Heroku refuses `url` as a webhook's, if it does: it must be an
/// `https://` URL with a host.
pub fn url_problem(url: &str) -> Option<&'static str> {
    let Ok(parsed) = url::Url::parse(url) else {
        return Some("is not a URL");
    };
    if parsed.scheme() != "https" {
        return Some("must use https");
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Some("has no host");
    }
    None
}
