//! Which apps `heroin export --dir` exports: the apps named (each one the
//! token must see), or those of `--all` / `--team`; and the `--env APP=ENV`
//! placements. Pure: the apps the token sees are given.

use std::collections::BTreeMap;

use crate::error::Error;

/// `--env APP=ENV` as app name -> environment.
pub fn env_overrides(envs: &[String]) -> Result<BTreeMap<String, String>, Error> {
    envs.iter()
        .map(|e| {
            let (app, env) = e.split_once('=').unwrap_or((e, ""));
            let valid = !env.is_empty()
                && env
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !env.starts_with('-');
            if app.is_empty() || !valid {
                return Err(Error::Usage(format!(
                    "--env {e}: write APP=ENV, ENV of lowercase letters, digits and `-` (--env shop-api=prod)"
                )));
            }
            Ok((app.to_string(), env.to_string()))
        })
        .collect()
}

/// The apps to export, by name: `named` if any (each must be among
/// `visible`, the apps the token sees with their teams, on `host`), else
/// every visible app, or those of `team`.
pub fn apps_to_export(
    visible: &BTreeMap<String, Option<String>>,
    named: &[String],
    team: Option<&str>,
    host: &str,
) -> Result<Vec<String>, Error> {
    let names: Vec<String> = if named.is_empty() {
        visible
            .iter()
            .filter(|(_, t)| team.is_none() || t.as_deref() == team)
            .map(|(name, _)| name.to_string())
            .collect()
    } else {
        if let Some(missing) = named.iter().find(|a| !visible.contains_key(a.as_str())) {
            return Err(Error::Usage(format!(
                "there is no app `{missing}` on {host}"
            )));
        }
        named.to_vec()
    };
    if names.is_empty() {
        return Err(Error::Usage(match team {
            Some(team) => format!("the token sees no app of team `{team}`: nothing to export"),
            None => "the token sees no app: nothing to export".into(),
        }));
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible() -> BTreeMap<String, Option<String>> {
        [("a-web", Some("acme")), ("b-api", None)]
            .into_iter()
            .map(|(n, t)| (n.to_string(), t.map(str::to_string)))
            .collect()
    }

    #[test]
    fn named_apps_must_be_visible_and_all_or_a_team_filters() {
        let v = visible();
        assert_eq!(
            apps_to_export(&v, &[], None, "h").unwrap(),
            ["a-web", "b-api"]
        );
        assert_eq!(
            apps_to_export(&v, &[], Some("acme"), "h").unwrap(),
            ["a-web"]
        );
        let err = apps_to_export(&v, &[], Some("nope"), "h").unwrap_err();
        assert!(err.to_string().contains("no app of team `nope`"), "{err}");
        let err = apps_to_export(&v, &["zzz".into()], None, "api.heroku.com").unwrap_err();
        assert!(
            err.to_string().contains("no app `zzz` on api.heroku.com"),
            "{err}"
        );
    }

    #[test]
    fn placements_are_app_equals_a_lowercase_environment() {
        let ok = env_overrides(&["shop-api=prod".into()]).unwrap();
        assert_eq!(ok["shop-api"], "prod");
        for bad in [
            "shop-api",
            "=prod",
            "shop-api=Prod",
            "shop-api=-x",
            "shop-api=",
        ] {
            assert!(env_overrides(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
