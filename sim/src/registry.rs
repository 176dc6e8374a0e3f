//! The buildpack registry the official CLI asks before it sets a buildpack
//! by name (`HEROKU_BUILDPACK_REGISTRY_URL`): `GET /buildpacks/{namespace}%2F{name}`,
//! with no token, answering the buildpack and the `blob_url` the CLI then
//! puts into the app's buildpack installations. Also what `buildpacks:info`,
//! `buildpacks:versions` and `buildpacks:search` read: a buildpack's
//! revisions (one, published) and readme, and the search by namespace, name
//! or words of the description. It knows the common buildpacks of the
//! public registry; any other is 404 `not_found`. Read-only (publishing is
//! not simulated). Pure: a path in, a reply out, no state.

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
    method == "GET" && (path == "/buildpacks" || path.starts_with("/buildpacks/"))
}

/// Answers `GET /buildpacks?QUERY` (a search), `GET /buildpacks/{id}`, and
/// `.../revisions`, `.../revisions/{revision}`, `.../readme` (the id's `/`
/// escaped as `%2F`, or not).
pub fn answer(path: &str, query: &str) -> ApiResult {
    let Some(rest) = path.strip_prefix("/buildpacks/") else {
        return Ok(Reply::List(search(query)));
    };
    let rest = rest.replace("%2F", "/").replace("%2f", "/");
    let parts: Vec<&str> = rest.split('/').collect();
    let (id, tail) = parts.split_at(parts.len().min(2));
    let id = id.join("/");
    let Some((known, description)) = KNOWN.iter().find(|(known, _)| *known == id) else {
        return Err(ApiError::not_found("buildpack", "Buildpack not found."));
    };
    match tail {
        [] => Ok(Reply::Ok(view(known, description))),
        ["revisions"] => Ok(Reply::List(vec![revision(known)])),
        ["revisions", r] if *r == "1" || revision(known)["id"] == *r => {
            Ok(Reply::Ok(revision(known)))
        }
        ["revisions", _] => Err(ApiError::not_found("revision", "Revision not found.")),
        ["readme"] => Ok(Reply::Ok(readme(known, description))),
        _ => Err(ApiError::not_found("buildpack", "Buildpack not found.")),
    }
}

/// The registry's search: `in[namespace][]=N` and `in[name][]=N` (any of
/// the values given, exactly), `like[description]=WORDS` (a part of the
/// description, in any case); every kind given must match. No parameter:
/// every buildpack.
fn search(query: &str) -> Vec<Value> {
    let mut namespaces = Vec::new();
    let mut names = Vec::new();
    let mut like = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = crate::protocol::percent_decode(key);
        let value = crate::protocol::percent_decode(&value.replace('+', " "));
        match key.as_str() {
            "in[namespace][]" | "in[namespace]" => namespaces.push(value),
            "in[name][]" | "in[name]" => names.push(value),
            "like[description]" => like.push(value.to_lowercase()),
            _ => {}
        }
    }
    KNOWN
        .iter()
        .filter(|(id, description)| {
            let (namespace, name) = id.split_once('/').unwrap_or((id, ""));
            (namespaces.is_empty() || namespaces.iter().any(|n| n == namespace))
                && (names.is_empty() || names.iter().any(|n| n == name))
                && like
                    .iter()
                    .all(|w| description.to_lowercase().contains(w.as_str()))
        })
        .map(|(id, description)| view(id, description))
        .collect()
}

/// The one revision the simulator knows of a buildpack: release 1,
/// published.
fn revision(id: &str) -> Value {
    json!({
        "id": crate::ids::Rng::new(stable_seed(&format!("{id}#1"))).uuid(),
        "buildpack_id": crate::ids::Rng::new(stable_seed(id)).uuid(),
        "release": 1,
        "status": "published",
        "license": "MIT",
        "checksum": format!("sha256:{:016x}", stable_seed(id)),
        "tarball": blob_url(id),
        "published_by": "buildpack-registry@heroku.com",
        "created_at": "2018-01-01T00:00:00Z",
        "updated_at": "2018-01-01T00:00:00Z",
    })
}

/// A buildpack's readme, base64-encoded as the registry sends it.
fn readme(id: &str, description: &str) -> Value {
    let text = format!("# {id}\n\n{description}.\n");
    json!({"content": base64(text.as_bytes()), "encoding": "base64"})
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads_as_the_standard_does() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"user:sim-token"), "dXNlcjpzaW0tdG9rZW4=");
    }
}
