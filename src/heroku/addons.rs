//! What Heroku does with add-ons that the plan must know beforehand: the
//! config vars an attachment owns on its app, the services whose add-ons
//! hold data, and the plan changes Heroku refuses in place. Each rule says
//! where it comes from; an unknown case is never guessed. Pure.

/// The config var names an attachment named `attachment` of an add-on of
/// `service` owns on its app. Every add-on sets `<NAME>_URL`; some set more
/// (their providers' documented variables, re-prefixed with the attachment
/// name, as Heroku does).
pub fn attachment_vars(service: &str, attachment: &str) -> Vec<String> {
    let suffixes: &[&str] = match service {
        "heroku-redis" => &["_URL", "_TLS_URL"],
        "papertrail" => &["_API_TOKEN"],
        "sendgrid" => &["_API_KEY", "_USERNAME", "_PASSWORD"],
        "scheduler" => &[],
        _ => &["_URL"],
    };
    suffixes
        .iter()
        .map(|s| format!("{attachment}{s}"))
        .collect()
}

/// Services whose add-ons hold data: removing or replacing one loses it.
pub const DATA_SERVICES: &[&str] = &[
    "heroku-postgresql",
    "heroku-redis",
    "heroku-kafka",
    "heroku-data-for-redis",
];

/// The tier of a Heroku Postgres plan (`essential` of `essential-0`), for
/// the plans whose tier is known: the essential tier (and its retired names
/// `mini` and `basic`), and the standard, premium, private and shield tiers
/// (Dev Center, "Heroku Postgres Plans").
fn postgres_tier(plan: &str) -> Option<&'static str> {
    let family = plan.split('-').next()?;
    match family {
        "essential" | "mini" | "basic" => Some("essential"),
        "standard" => Some("standard"),
        "premium" => Some("premium"),
        "private" => Some("private"),
        "shield" => Some("shield"),
        _ => None,
    }
}

/// Why Heroku refuses to change an add-on from plan `from` to `to` in place,
/// when a known rule refuses exactly these two plans: Heroku Postgres moves
/// between the essential tier and the others (standard, premium, private,
/// shield) only by copying the data into a new database (Dev Center,
/// "Changing the Plan or Infrastructure of a Heroku Postgres Database").
/// `None` when no rule is known to refuse them (a plan of an unknown tier
/// included): the reason given is never a guess.
pub fn plan_change_refused(from: &str, to: &str) -> Option<String> {
    let (service, a) = from.split_once(':')?;
    let (other, b) = to.split_once(':')?;
    if service != other || service != "heroku-postgresql" {
        return None;
    }
    let (ta, tb) = (postgres_tier(a)?, postgres_tier(b)?);
    ((ta == "essential") != (tb == "essential")).then(|| {
        format!(
            "{service} plans change in place only within the essential tier or among the others, and {a} is in the {ta} tier, {b} in the {tb} tier (moving across needs a new database and a copy of the data)"
        )
    })
}
