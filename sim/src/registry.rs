//! The buildpack registry the official CLI asks before it sets a buildpack
//! by name (`HEROKU_BUILDPACK_REGISTRY_URL`): `GET /buildpacks/{namespace}%2F{name}`,
//! with no token, answering the buildpack and the `blob_url` the CLI then
//! puts into the app's buildpack installations. It knows the common
//! buildpacks of the public registry; any other is 404 `not_found`. Pure:
//! a path in, a reply out, no state.

use serde_json::{Value, json};

use crate::protocol::{ApiError, ApiResult, Reply};

/// The public registry's buildpacks the simulator knows: (id, description).
pub const KNOWN: &[(&str, &str)] = &[
    ("heroku/clojure", "Official Heroku buildpack for Clojure"),
    ("heroku/go", "Official Heroku buildpack for Go"),
    ("heroku/gradle", "Official Heroku buildpack for Gradle"),
    ("heroku/java", "Official Heroku buildpack for Java"),
    ("heroku/jvm", "Official Heroku buildpack for the JVM"),
    (
        "heroku/metrics",
        "Official Heroku buildpack for language metrics",
    ),
    ("heroku/nodejs", "Official Heroku buildpack for Node.js"),
    ("heroku/php", "Official Heroku buildpack for PHP"),
    ("heroku/python", "Official Heroku buildpack for Python"),
    ("heroku/ruby", "Official Heroku buildpack for Ruby"),
    ("heroku/scala", "Official Heroku buildpack for Scala"),
    ("heroku-community/apt", "Install Ubuntu packages with apt"),
    (
        "heroku-community/inline",
        "Use the app itself as its buildpack",
    ),
    (
        "heroku-community/multi-procfile",
        "A Procfile per app from one repository",
    ),
    ("heroku-community/nginx", "Run NGINX in front of the app"),
    ("hashnuke/elixir", "Heroku buildpack for Elixir"),
    ("emk/rust", "Heroku buildpack for Rust"),
    (
        "jontewks/puppeteer",
        "Installs the dependencies Puppeteer needs",
    ),
    (
        "mars/create-react-app",
        "Deploy React apps made with create-react-app",
    ),
];

/// Where the registry keeps a buildpack's archive: the URL it answers as
/// `blob_url`, and the one the CLI maps back to the name.
pub fn blob_url(id: &str) -> String {
    format!("https://buildpack-registry.s3.amazonaws.com/buildpacks/{id}.tgz")
}

/// The registry id of one of its archive URLs (`blob_url`'s inverse).
pub fn id_of_blob_url(url: &str) -> Option<&str> {
    url.strip_prefix("https://buildpack-registry.s3.amazonaws.com/buildpacks/")?
        .strip_suffix(".tgz")
        .filter(|id| id.split('/').count() == 2)
}

/// Whether a request is the registry's rather than the Platform API's:
/// the Platform API has no `/buildpacks` resource.
pub fn handles(method: &str, path: &str) -> bool {
    method == "GET" && path.starts_with("/buildpacks/")
}

/// Answers `GET /buildpacks/{id}` (the id's `/` escaped as `%2F`, or not).
pub fn answer(path: &str) -> ApiResult {
    let rest = path.strip_prefix("/buildpacks/").unwrap_or_default();
    let id = rest.replace("%2F", "/").replace("%2f", "/");
    KNOWN
        .iter()
        .find(|(known, _)| *known == id)
        .map(|(known, description)| Reply::Ok(view(known, description)))
        .ok_or_else(|| ApiError::not_found("buildpack", "Buildpack not found."))
}

fn view(id: &str, description: &str) -> Value {
    let (namespace, name) = id.split_once('/').unwrap_or((id, ""));
    json!({
        "id": crate::ids::Rng::new(stable_seed(id)).uuid(),
        "namespace": namespace,
        "name": name,
        "description": description,
        "blob_url": blob_url(id),
        "category": "languages",
        "license": "MIT",
        "two_factor_authentication": false,
        "support": {"method": "website", "url": format!("https://github.com/{namespace}")},
        "source": {"type": "github", "owner": namespace, "repo": format!("heroku-buildpack-{name}")},
        "created_at": "2018-01-01T00:00:00Z",
        "updated_at": "2018-01-01T00:00:00Z",
    })
}

/// A seed from the id, so a buildpack's uuid is the same on every run.
fn stable_seed(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}
