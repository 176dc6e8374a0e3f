//! Where the documentation explains a problem: links such as
//! `docs/configuration.md#formationsize` that hints end with.
//!
//! Pure. A problem in the files is linked by its path to the field's section
//! of the reference in docs/configuration.md (`apps.web.formation.web.size`
//! is `formation.size`); an error of heroin's own (no token, no base file)
//! names its section of docs/errors.md. Anchors are GitHub's: the heading in
//! lower case, without punctuation but `-` and `_`, spaces as `-`.

/// The reference of the files.
pub const CONFIGURATION: &str = "docs/configuration.md";

/// What to do when heroin stops.
pub const ERRORS: &str = "docs/errors.md";

/// The fields of an app that have a section of their own: every key an
/// app's table may hold.
const APP_FIELDS: &[&str] = crate::config::keys::APP_KEYS;

/// The fields below a section that have a section of their own.
const SUB_FIELDS: &[(&str, &[&str])] = &[
    ("addons", &["plan", "as", "config", "attach"]),
    ("formation", &["quantity", "size"]),
    ("collaborators", &["email", "permissions"]),
    ("pipeline", &["name", "stage"]),
];

/// GitHub's anchor for a heading.
pub fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// `docs/FILE.md#anchor-of-heading`.
pub fn link(file: &str, heading: &str) -> String {
    format!("{file}#{}", anchor(heading))
}

/// The reference section of the field at `path` (a problem's path in the
/// merged document), when there is one.
pub fn field(path: &str) -> Option<String> {
    // `collaborators[0]` is a collaborator; the index does not matter.
    let segments: Vec<&str> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s))
        .collect();
    let heading = match segments.as_slice() {
        ["unset", ..] => return Some(link(CONFIGURATION, "Merge")),
        ["apps"] | ["apps", _] => "apps".to_string(),
        ["apps", _, section, rest @ ..] if APP_FIELDS.contains(section) => {
            let sub = SUB_FIELDS
                .iter()
                .find(|(s, _)| s == section)
                .and_then(|(_, fields)| {
                    // addons.KEY.plan, formation.TYPE.size, pipeline.stage,
                    // collaborators[0].permissions
                    rest.iter().find(|r| fields.contains(r))
                });
            match sub {
                Some(sub) => format!("{section}.{sub}"),
                None => section.to_string(),
            }
        }
        _ => return None,
    };
    Some(link(CONFIGURATION, &heading))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_find_their_field_s_section() {
        let f = |p: &str| field(p).map(|l| l.rsplit('#').next().unwrap().to_string());
        assert_eq!(
            f("apps.web.formation.web.size").as_deref(),
            Some("formationsize")
        );
        assert_eq!(f("apps.web.formation.web").as_deref(), Some("formation"));
        assert_eq!(f("apps.web.addons.db.plan").as_deref(), Some("addonsplan"));
        assert_eq!(
            f("apps.web.collaborators[0].permissions[1]").as_deref(),
            Some("collaboratorspermissions")
        );
        assert_eq!(f("apps.web.log_drains[2]").as_deref(), Some("log_drains"));
        assert_eq!(f("apps.web.name").as_deref(), Some("name"));
        assert_eq!(f("unset[0]").as_deref(), Some("merge"));
        assert_eq!(f("apps.web.regoin"), None);
        assert_eq!(f(""), None);
    }

    #[test]
    fn anchors_are_github_s() {
        assert_eq!(anchor("`formation.size`"), "formationsize");
        assert_eq!(anchor("No API token"), "no-api-token");
        assert_eq!(
            anchor("What `heroin validate` checks"),
            "what-heroin-validate-checks"
        );
    }
}
