//! Heroku's fixed catalogues: regions, stacks, dyno sizes, add-on services and
//! plans, app features, team permissions.
//!
//! The entries are realistic (the names real Heroku uses today) and say which
//! plan changes Heroku refuses and which add-ons create a log drain. Their ids
//! are stable UUIDs derived from their names, so they never change between
//! runs. Pure data.

use crate::ids::Rng;

/// A stable UUID for a catalogue entry, derived from its name.
pub fn stable_id(name: &str) -> String {
    // FNV-1a, then the generator, so similar names give unrelated ids.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    Rng::new(hash).uuid()
}

/// A region: name, description, country, locale, whether Private Spaces only.
pub struct Region {
    /// `us`, `eu`, ...
    pub name: &'static str,
    /// Human description.
    pub description: &'static str,
    /// Country.
    pub country: &'static str,
    /// Locale.
    pub locale: &'static str,
    /// The cloud region behind it.
    pub provider_region: &'static str,
    /// Only for Private Spaces.
    pub private_only: bool,
}

/// Heroku's regions.
pub const REGIONS: &[Region] = &[
    Region {
        name: "us",
        description: "United States",
        country: "United States",
        locale: "Virginia",
        provider_region: "us-east-1",
        private_only: false,
    },
    Region {
        name: "eu",
        description: "Europe",
        country: "Ireland",
        locale: "Dublin",
        provider_region: "eu-west-1",
        private_only: false,
    },
    Region {
        name: "virginia",
        description: "Virginia, United States",
        country: "United States",
        locale: "Virginia",
        provider_region: "us-east-1",
        private_only: true,
    },
    Region {
        name: "oregon",
        description: "Oregon, United States",
        country: "United States",
        locale: "Oregon",
        provider_region: "us-west-2",
        private_only: true,
    },
    Region {
        name: "frankfurt",
        description: "Frankfurt, Germany",
        country: "Germany",
        locale: "Frankfurt",
        provider_region: "eu-central-1",
        private_only: true,
    },
    Region {
        name: "tokyo",
        description: "Tokyo, Japan",
        country: "Japan",
        locale: "Tokyo",
        provider_region: "ap-northeast-1",
        private_only: true,
    },
];

/// Stacks: name, state, whether the default.
pub const STACKS: &[(&str, &str, bool)] = &[
    ("heroku-22", "supported", false),
    ("heroku-24", "supported", true),
    ("container", "supported", false),
];

/// The default stack.
pub const DEFAULT_STACK: &str = "heroku-24";

/// A dyno size.
pub struct DynoSize {
    /// Its name as Heroku spells it (`standard-1X`); compared case-insensitively.
    pub name: &'static str,
    /// Compute units.
    pub compute: i64,
    /// Memory in GB.
    pub memory: f64,
    /// Dedicated hardware.
    pub dedicated: bool,
    /// Cost in cents per month.
    pub cents: i64,
    /// Which family: eco and basic cannot be mixed with standard or performance.
    pub family: Family,
}

/// Dyno families that Heroku does not mix in one app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Eco and Basic.
    Hobby,
    /// Standard and Performance.
    Professional,
}

/// Cedar-generation dyno sizes, with the prices Heroku publishes (US cents
/// a month, the most a dyno costs running all month):
/// - Basic $7, Standard-1X $25, Standard-2X $50, Performance-M $250,
///   Performance-L $500: the table of Heroku Dev Center's "Usage & Billing"
///   (devcenter.heroku.com/articles/usage-and-billing);
/// - Performance-L-RAM $500, Performance-XL $750, Performance-2XL $1,500:
///   Heroku's pricing page (heroku.com/pricing), the dyno table;
/// - Eco: 0 a dyno, as the API gives it: Eco is a flat $5 a month for the
///   account's pool of 1000 dyno hours ("Eco Dyno Hours"), not a price of
///   each dyno.
pub const DYNO_SIZES: &[DynoSize] = &[
    DynoSize {
        name: "eco",
        compute: 1,
        memory: 0.5,
        dedicated: false,
        cents: 0,
        family: Family::Hobby,
    },
    DynoSize {
        name: "basic",
        compute: 1,
        memory: 0.5,
        dedicated: false,
        cents: 700,
        family: Family::Hobby,
    },
    DynoSize {
        name: "standard-1X",
        compute: 1,
        memory: 0.5,
        dedicated: false,
        cents: 2500,
        family: Family::Professional,
    },
    DynoSize {
        name: "standard-2X",
        compute: 4,
        memory: 1.0,
        dedicated: false,
        cents: 5000,
        family: Family::Professional,
    },
    DynoSize {
        name: "performance-M",
        compute: 12,
        memory: 2.5,
        dedicated: true,
        cents: 25000,
        family: Family::Professional,
    },
    DynoSize {
        name: "performance-L",
        compute: 50,
        memory: 14.0,
        dedicated: true,
        cents: 50000,
        family: Family::Professional,
    },
    DynoSize {
        name: "performance-L-RAM",
        compute: 24,
        memory: 30.0,
        dedicated: true,
        cents: 50000,
        family: Family::Professional,
    },
    DynoSize {
        name: "performance-XL",
        compute: 50,
        memory: 62.0,
        dedicated: true,
        cents: 75000,
        family: Family::Professional,
    },
    DynoSize {
        name: "performance-2XL",
        compute: 100,
        memory: 126.0,
        dedicated: true,
        cents: 150000,
        family: Family::Professional,
    },
];

/// The dyno size called `name`, case-insensitively.
pub fn dyno_size(name: &str) -> Option<&'static DynoSize> {
    DYNO_SIZES
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name))
}

/// An add-on service.
pub struct Service {
    /// `heroku-postgresql`.
    pub name: &'static str,
    /// `Heroku Postgres`.
    pub human_name: &'static str,
    /// Plans: name (without service), human name, cents per month, tier.
    pub plans: &'static [(&'static str, &'static str, i64, &'static str)],
    /// The plan used when only the service is named.
    pub default_plan: &'static str,
    /// The provider's config var suffixes (`URL` becomes `DATABASE_URL`).
    pub vars: &'static [&'static str],
    /// The attachment name used when none is asked for.
    pub default_attachment: &'static str,
    /// The prefix of generated add-on names (`postgresql-curved-12345`).
    pub name_prefix: &'static str,
    /// Can be attached to other apps.
    pub supports_sharing: bool,
    /// Plan changes between different tiers are refused (Postgres: essential
    /// to standard or premium needs a data copy).
    pub tiered_upgrades: bool,
    /// Provisioning it adds a log drain owned by the add-on.
    pub log_drain: bool,
    /// Postgres colour attachments (`HEROKU_POSTGRESQL_<COLOR>`).
    pub colour_attachments: bool,
}

/// The add-on catalogue.
pub const SERVICES: &[Service] = &[
    Service {
        name: "heroku-postgresql",
        human_name: "Heroku Postgres",
        // Heroku Postgres plans: elements.heroku.com/addons/heroku-postgresql
        // (Essential-0 $5, Essential-1 $9, Essential-2 $20, Standard-0 $50,
        // Standard-2 $200, Premium-0 $200 a month).
        plans: &[
            ("essential-0", "Essential 0", 500, "essential"),
            ("essential-1", "Essential 1", 900, "essential"),
            ("essential-2", "Essential 2", 2000, "essential"),
            ("standard-0", "Standard 0", 5000, "standard"),
            ("standard-2", "Standard 2", 20000, "standard"),
            ("premium-0", "Premium 0", 20000, "premium"),
        ],
        default_plan: "essential-0",
        vars: &["URL"],
        default_attachment: "DATABASE",
        name_prefix: "postgresql",
        supports_sharing: true,
        tiered_upgrades: true,
        log_drain: false,
        colour_attachments: true,
    },
    Service {
        name: "heroku-redis",
        human_name: "Heroku Key-Value Store",
        // Heroku Key-Value Store plans: elements.heroku.com/addons/heroku-redis
        // (Mini $3, Premium-0 $15, Premium-1 $30 a month).
        plans: &[
            ("mini", "Mini", 300, "mini"),
            ("premium-0", "Premium 0", 1500, "premium"),
            ("premium-1", "Premium 1", 3000, "premium"),
        ],
        default_plan: "mini",
        vars: &["URL", "TLS_URL"],
        default_attachment: "REDIS",
        name_prefix: "redis",
        supports_sharing: true,
        tiered_upgrades: false,
        log_drain: false,
        colour_attachments: false,
    },
    Service {
        name: "papertrail",
        human_name: "Papertrail",
        // Papertrail plans: elements.heroku.com/addons/papertrail (Choklad
        // free, Fixa $7, Volmar $18 a month).
        plans: &[
            ("choklad", "Choklad", 0, "free"),
            ("fixa", "Fixa", 700, "paid"),
            ("volmar", "Volmar", 1800, "paid"),
        ],
        default_plan: "choklad",
        vars: &["API_TOKEN"],
        default_attachment: "PAPERTRAIL",
        name_prefix: "papertrail",
        supports_sharing: true,
        tiered_upgrades: false,
        log_drain: true,
        colour_attachments: false,
    },
    Service {
        name: "sendgrid",
        human_name: "Twilio SendGrid",
        // Twilio SendGrid plans: elements.heroku.com/addons/sendgrid (Starter
        // free, Bronze $19.95 a month).
        plans: &[
            ("starter", "Starter", 0, "free"),
            ("bronze", "Bronze", 1995, "paid"),
        ],
        default_plan: "starter",
        vars: &["API_KEY", "USERNAME", "PASSWORD"],
        default_attachment: "SENDGRID",
        name_prefix: "sendgrid",
        supports_sharing: true,
        tiered_upgrades: false,
        log_drain: false,
        colour_attachments: false,
    },
    Service {
        name: "scheduler",
        human_name: "Heroku Scheduler",
        // Heroku Scheduler: elements.heroku.com/addons/scheduler (free; the
        // dynos it runs are billed as dynos).
        plans: &[("standard", "Standard", 0, "free")],
        default_plan: "standard",
        vars: &[],
        default_attachment: "SCHEDULER",
        name_prefix: "scheduler",
        supports_sharing: false,
        tiered_upgrades: false,
        log_drain: false,
        colour_attachments: false,
    },
];

/// The service called `name`.
pub fn service(name: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.name == name)
}

/// Resolves `heroku-postgresql:essential-0`, `heroku-postgresql` (its
/// default plan), or a plan id, to (service, plan name).
pub fn plan(ident: &str) -> Option<(&'static Service, &'static str)> {
    let (svc, plan) = match ident.split_once(':') {
        Some((s, p)) => (service(s)?, p),
        None => match service(ident) {
            Some(s) => (s, s.default_plan),
            None => {
                return SERVICES.iter().find_map(|s| {
                    s.plans
                        .iter()
                        .find(|p| stable_id(&format!("{}:{}", s.name, p.0)) == ident)
                        .map(|p| (s, p.0))
                });
            }
        },
    };
    svc.plans.iter().find(|p| p.0 == plan).map(|p| (svc, p.0))
}

/// The tier of a plan (`essential`, `standard`, ...).
pub fn tier(service: &Service, plan: &str) -> &'static str {
    service
        .plans
        .iter()
        .find(|p| p.0 == plan)
        .map_or("", |p| p.3)
}

/// Postgres colour names, for `HEROKU_POSTGRESQL_<COLOR>` attachments.
pub const COLOURS: &[&str] = &[
    "AMBER", "AQUA", "BLACK", "BLUE", "BRONZE", "BROWN", "CHARCOAL", "COBALT", "COPPER", "CRIMSON",
    "CYAN", "GOLD", "GRAY", "GREEN", "JADE", "LIME", "MAROON", "NAVY", "OLIVE", "ONYX", "ORANGE",
    "PINK", "PURPLE", "RED", "ROSE", "SILVER", "TEAL", "WHITE", "YELLOW",
];

/// App features: name, display name, description, state.
pub const FEATURES: &[(&str, &str, &str, &str)] = &[
    (
        "preboot",
        "Preboot",
        "Provide seamless web dyno deploys.",
        "general",
    ),
    (
        "runtime-dyno-metadata",
        "Runtime Dyno Metadata",
        "Provide dyno metadata in environment variables.",
        "beta",
    ),
    (
        "log-runtime-metrics",
        "Log Runtime Metrics",
        "Emit dyno resource usage information into app logs.",
        "beta",
    ),
    (
        "http-session-affinity",
        "HTTP Session Affinity",
        "Route requests of a session to the same dyno.",
        "general",
    ),
    (
        "runtime-heroku-metrics",
        "Runtime Heroku Metrics",
        "Emit language metrics for the app.",
        "beta",
    ),
];

/// Team-app permissions: name and description.
pub const PERMISSIONS: &[(&str, &str)] = &[
    ("view", "Can view the app."),
    ("deploy", "Can deploy the app."),
    ("operate", "Can operate the app's dynos and add-ons."),
    ("manage", "Can manage the app's settings and collaborators."),
];
