//! Where the API is and which token to use, as the official Heroku CLI
//! decides them: `--api-url`, else `HEROKU_HOST` (a full URL, or a domain:
//! `heroku.com` means `https://api.heroku.com`), else `https://api.heroku.com`;
//! the token from `HEROKU_API_KEY`, else the `password` of the `~/.netrc`
//! entry for the API host.
//!
//! The location goes through a real URL parser, and the URL heroin then uses
//! is the parser's own serialization: what is checked is what is requested.
//! A URL with a user name or password is refused (the host is what follows
//! the `@`, easy to misread), and plain `http://` is refused except to a
//! loopback host: `localhost`, `::1` or an address in 127.0.0.0/8, never a
//! name that merely starts with `127.`.
//!
//! Pure: the environment and the netrc text are handed in.

use std::collections::BTreeMap;

use crate::secret::Secret;

/// What can go wrong finding the API or the token.
#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    /// The API location is not a URL heroin can use.
    #[error("the API location `{url}` (from {from}) is not a URL heroin can use: {reason}")]
    BadUrl {
        /// The URL as heroin would have used it (without any user or password).
        url: String,
        /// Where it came from: `--api-url`, `HEROKU_HOST`.
        from: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Plain HTTP to a host other than loopback.
    #[error("refusing `{0}`: over plain http:// the token would cross the network unencrypted")]
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
        let (given, from) = match api_url {
            Some(u) => (Some(u.trim().to_string()), "--api-url"),
            None => (
                env.get("HEROKU_HOST")
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty()),
                "HEROKU_HOST",
            ),
        };
        let text = match given {
            None => "https://api.heroku.com".to_string(),
            Some(h) if h.contains("://") => h,
            Some(domain) => format!("https://api.{}", domain.trim_start_matches("api.")),
        };
        let bad = |url: &str, reason: &str| EndpointError::BadUrl {
            url: url.to_string(),
            from,
            reason: reason.to_string(),
        };
        let mut url =
            url::Url::parse(&text).map_err(|e| bad(&without_userinfo(&text), &e.to_string()))?;
        if !url.username().is_empty() || url.password().is_some() {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            return Err(bad(
                url.as_str().trim_end_matches('/'),
                "it holds a user name or password (before an @); heroin sends the token itself, and the host is what follows the @",
            ));
        }
        if !matches!(url.scheme(), "http" | "https") {
            return Err(bad(url.as_str(), "only http:// and https:// are supported"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad(
                url.as_str(),
                "it has a query or fragment (after ? or #)",
            ));
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            None => return Err(bad(url.as_str(), "it names no host")),
        };
        let base = url.as_str().trim_end_matches('/').to_string();
        if url.scheme() == "http" && !is_loopback(url.host()) {
            return Err(EndpointError::PlainHttp(base));
        }
        Ok(Endpoint { base, host })
    }
}

/// Loopback as the parser sees it: the name `localhost`, `::1`, or an IPv4
/// address in 127.0.0.0/8 (a domain such as `127.example.com` is none).
fn is_loopback(host: Option<url::Host<&str>>) -> bool {
    match host {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(a)) => a.is_loopback(),
        Some(url::Host::Ipv6(a)) => a.is_loopback(),
        None => false,
    }
}

/// `text` with anything between `://` and an `@` in the authority dropped,
/// for messages about a URL that did not parse (it may hold a password).
fn without_userinfo(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => text.to_string(),
    }
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

    fn at(host: &str) -> Result<Endpoint, EndpointError> {
        Endpoint::resolve(None, &env(&[("HEROKU_HOST", host)]))
    }

    #[test]
    fn plain_http_goes_only_to_a_loopback_host_the_parser_found() {
        for (given, base, host) in [
            (
                "http://localhost:5000",
                "http://localhost:5000",
                "localhost",
            ),
            (
                "http://LOCALHOST:5000/",
                "http://localhost:5000",
                "localhost",
            ),
            (
                "http://127.0.0.1:5000",
                "http://127.0.0.1:5000",
                "127.0.0.1",
            ),
            (
                "http://127.5.5.5:8080",
                "http://127.5.5.5:8080",
                "127.5.5.5",
            ),
            ("http://[::1]:5000", "http://[::1]:5000", "::1"),
            // Shorthand IPv4 is read as the parser reads it, and that address
            // (not the text) is what heroin requests.
            ("http://0x7f.1:5000", "http://127.0.0.1:5000", "127.0.0.1"),
            (
                "http://2130706433:5000",
                "http://127.0.0.1:5000",
                "127.0.0.1",
            ),
        ] {
            let e = at(given).unwrap_or_else(|e| panic!("{given}: {e}"));
            assert_eq!((e.base.as_str(), e.host.as_str()), (base, host), "{given}");
        }
        for given in [
            "http://127.attacker.example:8080",
            "http://127.0.0.1.attacker.example:8080",
            "http://localhost.attacker.example",
            "http://128.0.0.1:8080",
            "http://[::2]:8080",
            "http://[::ffff:8.8.8.8]:8080",
            "http://0.0.0.0:8080",
        ] {
            assert!(
                matches!(at(given), Err(EndpointError::PlainHttp(_))),
                "{given}: {:?}",
                at(given)
            );
        }
    }

    #[test]
    fn a_url_with_a_user_or_password_is_refused_without_showing_it() {
        for given in [
            "http://127.0.0.1@evil.example:8080",
            "http://127.0.0.1:5000@evil.example",
            "https://user:hunter2@api.heroku.com",
            "http://localhost@127.0.0.1:5000",
        ] {
            let e = at(given).unwrap_err();
            let text = e.to_string();
            assert!(
                matches!(e, EndpointError::BadUrl { .. }) && text.contains("user name or password"),
                "{given}: {text}"
            );
            assert!(
                !text.contains("hunter2") && !text.contains(given),
                "{given}: {text}"
            );
            assert!(text.contains("HEROKU_HOST"), "{text}");
        }
        let e = Endpoint::resolve(Some("https://u:hunter2@exa mple.com"), &env(&[])).unwrap_err();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        assert!(e.to_string().contains("--api-url"), "{e}");
    }

    #[test]
    fn what_is_not_a_url_is_named_as_heroin_read_it() {
        for (given, named) in [
            ("http://", "`http://`"),
            ("https://exa mple.com", "`https://exa mple.com`"),
            ("ftp://x", "`ftp://x/`"),
            ("not a host", "`https://api.not a host`"),
            (
                "https://api.example.com/?x=1",
                "`https://api.example.com/?x=1`",
            ),
        ] {
            let e = at(given).unwrap_err();
            assert!(matches!(e, EndpointError::BadUrl { .. }), "{given}: {e}");
            assert!(e.to_string().contains(named), "{given}: {e}");
        }
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
