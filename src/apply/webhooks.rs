//! App webhook steps as the requests Heroku receives, and how progress
//! names them (by app, never by a URL that may hold a secret). The bodies
//! hold the secret and authorization in clear: they exist only to be sent.
//! Pure.

use serde_json::{Value, json};

use super::Request;
use crate::http::paths;
use crate::plan::webhooks::{Settings, WebhookStep};

fn body(settings: &Settings) -> Value {
    let mut body = json!({"include": settings.include, "level": settings.level});
    if let Some(s) = &settings.secret {
        body["secret"] = json!(s.known().unwrap_or_default());
    }
    if let Some(a) = &settings.authorization {
        body["authorization"] = json!(a.known().unwrap_or_default());
    }
    body
}

/// The request of `step`.
pub fn request(step: &WebhookStep) -> Request {
    match step {
        WebhookStep::Create { app, url, settings } => {
            let mut body = body(settings);
            body["url"] = json!(url.known().unwrap_or_default());
            Request {
                method: "POST",
                path: paths::webhooks(app),
                body,
            }
        }
        WebhookStep::Update { app, id, settings } => Request {
            method: "PATCH",
            path: paths::webhook(app, id),
            body: body(settings),
        },
        WebhookStep::Remove { app, id } => Request {
            method: "DELETE",
            path: paths::webhook(app, id),
            body: Value::Null,
        },
    }
}

/// One line saying what `step` does.
pub fn describe(step: &WebhookStep) -> String {
    match step {
        WebhookStep::Create { app, .. } => format!("add a webhook to {app}"),
        WebhookStep::Update { app, .. } => format!("update a webhook of {app}"),
        WebhookStep::Remove { app, .. } => format!("remove a webhook from {app}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{Secret, Text};

    #[test]
    fn a_webhook_create_sends_heroku_s_fields_and_its_secret() {
        let step = WebhookStep::Create {
            app: "acme".into(),
            url: Text::Plain("https://hooks.example.com/h".into()),
            settings: Settings {
                include: vec!["api:release".into()],
                level: "notify".into(),
                secret: Some(Text::Secret(Secret::new("s"))),
                authorization: None,
            },
        };
        let r = request(&step);
        assert_eq!((r.method, r.path.as_str()), ("POST", "/apps/acme/webhooks"));
        assert_eq!(
            r.body,
            json!({"url": "https://hooks.example.com/h", "include": ["api:release"], "level": "notify", "secret": "s"})
        );
        assert!(!describe(&step).contains("hooks.example.com"));
    }
}
