//! App webhooks as Heroku has them, from `GET /apps/{app}/webhooks`.
//!
//! Heroku never answers a webhook's `secret` or `authorization` (they are
//! write-only), so the live model has no place for them: what heroin knows
//! of them is what the files say. Pure.

use serde_json::Value;

use super::shape::{Shape, each, list, string};

/// One app webhook.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct LiveWebhook {
    /// The URL notifications go to.
    pub url: String,
    /// Heroku's id (updates and removals go by it).
    pub id: String,
    /// The entity types notified, sorted.
    pub include: Vec<String>,
    /// `notify` or `sync`.
    pub level: String,
}

/// The app's webhooks, sorted by URL.
pub fn webhooks_from(items: &[Value]) -> Result<Vec<LiveWebhook>, Shape> {
    let mut hooks = each(items, |w| {
        let mut include = each(list(w, &["include"])?, |e| string(e, &[]))
            .map_err(|e| format!("`include`, {e}"))?;
        include.sort();
        include.dedup();
        Ok(LiveWebhook {
            url: string(w, &["url"])?,
            id: string(w, &["id"])?,
            include,
            level: string(w, &["level"])?,
        })
    })?;
    hooks.sort();
    Ok(hooks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn webhooks_are_read_sorted_with_their_entity_types() {
        let items = [
            json!({"id": "w-2", "url": "https://b.example/h", "include": ["api:release", "api:build"], "level": "sync"}),
            json!({"id": "w-1", "url": "https://a.example/h", "include": ["api:app"], "level": "notify"}),
        ];
        let hooks = webhooks_from(&items).unwrap();
        assert_eq!(hooks[0].id, "w-1");
        assert_eq!(hooks[1].include, ["api:build", "api:release"]);
        let bad = [
            json!({"id": "w", "url": "https://a.example", "include": "api:app", "level": "notify"}),
        ];
        assert!(webhooks_from(&bad).unwrap_err().contains("include"));
    }
}
