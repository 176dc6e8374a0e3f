//! Where the API is and which token to use, as the official Heroku CLI
//! decides them: `--api-url`, else `HEROKU_HOST` (a full URL, or a domain:
//! `heroku.com` means `https://api.heroku.com`), else `https://api.heroku.com`;
//! the token from `HEROKU_API_KEY`, else the `password` of the `~/.netrc`
//! entry for the API host. Plain `http://` is refused except to loopback.
//!
//! Pure: the environment and the netrc text are handed in.

use std::collections::BTreeMap;

use crate::secret::Secret;

/// What can go wrong finding the API or the token.
#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    /// The API location is not a URL heroin can use.
    #[error("the API location `{0}` is not an http(s) URL")]
    BadUrl(String),
    /// Plain HTTP to a host other than loopback.
    #[error("refusing plain http:// to {0}: the token would cross the network unencrypted")]
    PlainHttp(String),
    /// No token anywhere.
    #[error(
        "no Heroku API token: HEROKU_API_KEY is not set and {netrc} has no `machine {host}` entry with a password"
    )]
    NoToken {
        /// The netrc file looked at.
        netrc: String,
        /// The API host.
        host: String,
    },
}

/// The API's location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `https://api.heroku.com` or `http://127.0.0.1:5000`, no trailing slash.
    pub base: String,
    /// The host alone (`api.heroku.com`), the netrc machine name.
    pub host: String,
}

impl Endpoint {
    /// The API location from `--api-url` or `HEROKU_HOST`.
    pub fn resolve(
        api_url: Option<&str>,
        env: &BTreeMap<String, String>,
    ) -> Result<Endpoint, EndpointError> {
        let given = api_url.map(str::to_string).or_else(|| {
            env.get("HEROKU_HOST")
                .filter(|h| !h.trim().is_empty())
                .cloned()
        });
        let url = match given {
            None => "https://api.heroku.com".to_string(),
            Some(h) if h.starts_with("http://") || h.starts_with("https://") => h,
            Some(h) if h.contains("://") => return Err(EndpointError::BadUrl(h)),
            Some(domain) => format!("https://api.{}", domain.trim_start_matches("api.")),
        };
        let base = url.trim_end_matches('/').to_string();
        let rest = base.split_once("://").map(|(_, r)| r).unwrap_or("");
        let authority = rest.split('/').next().unwrap_or("");
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or("").to_string(),
            None => authority
                .rsplit_once(':')
                .map_or(authority, |(h, _)| h)
                .to_string(),
        };
        if host.is_empty() {
            return Err(EndpointError::BadUrl(url));
        }
        if base.starts_with("http://") && !is_loopback(&host) {
            return Err(EndpointError::PlainHttp(host));
        }
        Ok(Endpoint { base, host })
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

/// The token: `HEROKU_API_KEY`, else the netrc entry's password for `host`.
/// `netrc` is the file's text and `netrc_name` its path, for the message.
pub fn token(
    env: &BTreeMap<String, String>,
    host: &str,
    netrc: Option<&str>,
    netrc_name: &str,
) -> Result<Secret, EndpointError> {
    if let Some(key) = env
        .get("HEROKU_API_KEY")
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
    {
        return Ok(Secret::new(key));
    }
    netrc
        .and_then(|text| netrc_password(text, host))
        .map(Secret::new)
        .ok_or_else(|| EndpointError::NoToken {
            netrc: netrc_name.to_string(),
            host: host.to_string(),
        })
}

/// The password of `machine host` in a netrc file (tokens separated by any
/// white space, as netrc allows).
pub fn netrc_password(text: &str, host: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut in_machine = false;
    let mut i = 0;
    while i < words.len() {
        match words[i] {
            "machine" => {
                in_machine = words.get(i + 1) == Some(&host);
                i += 2;
            }
            "default" => {
                in_machine = false;
                i += 1;
            }
            "password" if in_machine => return words.get(i + 1).map(|p| p.to_string()),
            "login" | "password" | "account" | "macdef" => i += 2,
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_api_location_follows_heroku_host_like_the_official_cli() {
        let e = Endpoint::resolve(None, &env(&[])).unwrap();
        assert_eq!(
            (e.base.as_str(), e.host.as_str()),
            ("https://api.heroku.com", "api.heroku.com")
        );
        let e = Endpoint::resolve(None, &env(&[("HEROKU_HOST", "heroku.com")])).unwrap();
        assert_eq!(e.base, "https://api.heroku.com");
        let e =
            Endpoint::resolve(None, &env(&[("HEROKU_HOST", "http://127.0.0.1:5000/")])).unwrap();
        assert_eq!(
            (e.base.as_str(), e.host.as_str()),
            ("http://127.0.0.1:5000", "127.0.0.1")
        );
        let e = Endpoint::resolve(
            Some("http://localhost:9"),
            &env(&[("HEROKU_HOST", "x.com")]),
        )
        .unwrap();
        assert_eq!(e.host, "localhost");
        assert!(matches!(
            Endpoint::resolve(None, &env(&[("HEROKU_HOST", "http://api.example.com")])),
            Err(EndpointError::PlainHttp(_))
        ));
        assert!(Endpoint::resolve(Some("ftp://x"), &env(&[])).is_err());
    }

    use crate::secret::OWN_VARS;

    #[test]
    fn own_vars_are_the_variables_read_for_the_token_and_its_destination() {
        // Each one changes where the token comes from or where it goes.
        let base = Endpoint::resolve(None, &env(&[])).unwrap();
        let netrc = "machine api.heroku.com password from-netrc";
        let token_of = |e: &BTreeMap<String, String>| {
            token(e, "api.heroku.com", Some(netrc), "~/.netrc")
                .unwrap()
                .expose()
                .to_string()
        };
        for var in OWN_VARS {
            let set = env(&[(var, "example.com")]);
            let moved = Endpoint::resolve(None, &set).unwrap() != base;
            assert!(moved || token_of(&set) != token_of(&env(&[])), "{var}");
        }
    }

    #[test]
    fn the_token_comes_from_the_environment_then_netrc() {
        let netrc = "machine git.heroku.com login a password git\nmachine api.heroku.com\n  login me@example.com\n  password tok-123\n";
        let t = token(&env(&[]), "api.heroku.com", Some(netrc), "~/.netrc").unwrap();
        assert_eq!(t.expose(), "tok-123");
        let t = token(
            &env(&[("HEROKU_API_KEY", "env-key")]),
            "api.heroku.com",
            Some(netrc),
            "~/.netrc",
        )
        .unwrap();
        assert_eq!(t.expose(), "env-key");
        let e = token(
            &env(&[("HEROKU_API_KEY", " ")]),
            "127.0.0.1",
            Some(netrc),
            "/home/x/.netrc",
        )
        .unwrap_err();
        assert!(e.to_string().contains("machine 127.0.0.1"), "{e}");
        assert!(!e.to_string().contains("tok-123"));
    }
}
