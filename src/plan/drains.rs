//! Planning log drains: a set (what Heroku has beyond the files is removed),
//! compared by URL, shown with the secret parts of each URL masked and
//! labelled by host, never by a URL that may hold a secret. Removals are by
//! id. Pure.

use std::collections::BTreeMap;

use super::sets::{known, set_diff};
use super::{Action, Cx, Section, Step};
use crate::live::LiveDrain;
use crate::secret::url::{drain, replaced_drain, shown_host};
use crate::secret::{MASK, Text};

/// Drains are labelled by host (a URL may hold a secret); at one host, a
/// drain to remove and one to add are one replacement (a rotated key), and
/// more than one of either are numbered `host#1`, `host#2`, ...
pub(crate) fn plan_drains(cx: &mut Cx, app: &str) {
    let Some(desired) = cx.app.log_drains.as_ref() else {
        return;
    };
    let live = cx.live.and_then(|l| l.drains.clone()).unwrap_or_default();
    // The files' values from the environment, to recognise in Heroku's URLs.
    let env: Vec<String> = desired
        .iter()
        .filter_map(|w| match &w.value {
            Text::Secret(s) => Some(s.parts().to_vec()),
            _ => None,
        })
        .flatten()
        .collect();
    let env: Vec<&str> = env.iter().map(String::as_str).collect();
    let live_urls: Vec<String> = live.iter().map(|d| d.url.clone()).collect();
    let (add, remove, same) = set_diff(&known(desired), &live_urls);
    cx.hidden().unchanged += same;
    let label = |url: &str| shown_host(url, &env).unwrap_or_else(|| MASK.to_string());
    let mut by_host: BTreeMap<String, (Vec<Text>, Vec<LiveDrain>)> = BTreeMap::new();
    for url in &add {
        let value = desired
            .iter()
            .find(|w| w.value.known() == Some(url))
            .map_or_else(|| Text::Plain(url.clone()), |w| w.value.clone());
        by_host.entry(label(url)).or_default().0.push(value);
    }
    for drain in live.iter().filter(|d| remove.contains(&d.url)) {
        by_host
            .entry(label(&drain.url))
            .or_default()
            .1
            .push(drain.clone());
    }
    for (host, (adds, removes)) in by_host {
        let n = adds.len().max(removes.len());
        for k in 0..n {
            let key = if n == 1 {
                host.clone()
            } else {
                format!("{host}#{}", k + 1)
            };
            let before = removes.get(k).map(|d| match adds.get(k) {
                Some(new) => replaced_drain(&d.url, new, &env),
                None => drain(Text::Plain(d.url.clone()), &env),
            });
            let action = match (adds.get(k), &before) {
                (Some(_), Some(_)) => Action::Replace,
                (Some(_), None) => Action::Create,
                _ => Action::Delete,
            };
            let after = adds.get(k).cloned();
            let change = cx.change(Section::LogDrains, Some(&key), action, before, after);
            change.why = match action {
                Action::Replace => Some("Heroku cannot change a drain's URL: the new drain is added, then the old one removed".into()),
                Action::Delete => Some("not in the files".into()),
                _ => None,
            };
            if let Some(url) = adds.get(k) {
                cx.step(Step::AddDrain {
                    app: app.to_string(),
                    url: url.clone(),
                });
            }
            if let Some(old) = removes.get(k) {
                cx.step(Step::RemoveDrain {
                    app: app.to_string(),
                    id: old.id.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {

    use crate::live::{Live, LiveApp, LiveDrain};
    use crate::plan::{Action, Step, plan};

    #[test]
    fn drains_pair_by_host_number_the_rest_and_mask_both_sides() {
        let text = r#"[apps.web]
name = "web-${HEROIN_ENV}"
log_drains = [
  "https://in.example.io/bulk/${TOKEN}/a",
  "https://in.example.io/bulk/${TOKEN}/b",
  "syslog+tls://logs.example.net:6514",
]
"#;
        let config = crate::plan::test_support::config_of(text, &[("TOKEN", "tok-1")]);
        let drain = |id: &str, url: &str| LiveDrain {
            id: id.into(),
            url: url.into(),
        };
        let app = LiveApp {
            name: "web-prod".into(),
            drains: Some(vec![
                drain("d-1", "https://in.example.io/bulk/tok-1/old"),
                drain("d-2", "syslog+tls://logs.example.net:6514"),
            ]),
            ..LiveApp::default()
        };
        let live = Live {
            apps: [("web".to_string(), Some(app))].into(),
            ..Live::default()
        };
        let p = plan(&config, &live);
        let shown: Vec<(String, Action, String, String)> = p
            .changes
            .iter()
            .map(|c| {
                let v = |t: &Option<crate::secret::Text>| {
                    t.as_ref().map(ToString::to_string).unwrap_or_default()
                };
                let key = c.address.key.clone().unwrap_or_default();
                (key, c.action, v(&c.before), v(&c.after))
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "in.example.io#1".to_string(),
                    Action::Replace,
                    "https://in.example.io/bulk/(sensitive)/old".to_string(),
                    "https://in.example.io/bulk/(sensitive)/a".to_string()
                ),
                (
                    "in.example.io#2".to_string(),
                    Action::Create,
                    String::new(),
                    "https://in.example.io/bulk/(sensitive)/b".to_string()
                ),
            ]
        );
        let ids: Vec<&str> = p
            .steps
            .iter()
            .map(|s| &s.step)
            .filter_map(|s| match s {
                Step::RemoveDrain { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["d-1"], "removed by id");
        assert!(
            matches!(p.step_list()[0], Step::AddDrain { .. }),
            "added first"
        );
        assert!(!format!("{p:?}").contains("tok-1"), "{p:?}");
    }
}
