//! URLs with secret parts (log drain URLs): which parts are secret, and the
//! URL as every output shows it, with those parts masked.
//!
//! Always shown: the scheme, the host and the port (they tell drains apart).
//! Masked: the password of the userinfo; and any user name, path segment,
//! query value or fragment that holds (or is part of) a value taken from the
//! process environment, or that [looks like a key](super::looks_like_key);
//! a query value is also masked when its parameter's name
//! [looks secret](super::looks_secret_param). URLs are read with the `url`
//! crate, never by cutting strings. Pure.

use ::url::Url;

use super::{MASK, Secret, Text, looks_like_key, looks_secret_param};

/// A URL with its secret parts masked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Masked {
    /// The URL as shown: `https://host/v1/input/(sensitive)?ddsource=heroku`.
    pub shown: String,
    /// The parts masked, decoded (secret values in their own right).
    pub hidden: Vec<String>,
}

/// Percent-encodes one part of a URL (a path segment): everything but
/// letters, digits and `-_.~@`. Heroku's paths take their segments so
/// ([`crate::http::paths`]); a secret is looked for in this form too.
pub fn encode(part: &str) -> String {
    part.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'@' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Percent-decodes one part of a URL (`+` stays `+`: this is not a form).
pub fn decode(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where a secret part of a URL is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place<'a> {
    /// The user name of the userinfo.
    User,
    /// The password of the userinfo.
    Password,
    /// A path segment.
    Segment,
    /// The value of the query parameter of this name.
    Query(&'a str),
    /// The fragment.
    Fragment,
}

/// One secret part of a URL: where, and as written in the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part<'a> {
    /// Where it is.
    pub place: Place<'a>,
    /// The text as it is in the URL (percent-encoded, if it was).
    pub raw: &'a str,
}

/// `url` rebuilt with every secret part replaced by what `secret` gives for
/// it and every other piece by what `plain` gives (itself, or escaped);
/// `known` are values taken from the process environment. `None` when it is
/// not a URL with a host. Returns the text and the secret parts, decoded.
pub fn rewrite(
    url: &str,
    known: &[&str],
    secret: &mut dyn FnMut(Part) -> String,
    plain: &dyn Fn(&str) -> String,
) -> Option<(String, Vec<String>)> {
    let u = Url::parse(url).ok()?;
    let host = u.host_str().filter(|h| !h.is_empty())?;
    let from_env = |part: &str| {
        !part.is_empty()
            && known
                .iter()
                .any(|k| !k.is_empty() && (part.contains(k) || k.contains(part)))
    };
    let mut hidden = Vec::new();
    let mut piece = |raw: &str, place: Place, by_name: bool| -> String {
        let part = decode(raw);
        if !part.is_empty() && (by_name || looks_like_key(&part) || from_env(&part)) {
            hidden.push(part);
            secret(Part { place, raw })
        } else {
            plain(raw)
        }
    };
    let mut out = format!("{}://", u.scheme());
    if !u.username().is_empty() || u.password().is_some() {
        out.push_str(&piece(u.username(), Place::User, false));
        if let Some(p) = u.password() {
            out.push(':');
            out.push_str(&piece(p, Place::Password, true));
        }
        out.push('@');
    }
    let (host_shown, host_hidden) = host_masked(host, known);
    out.push_str(&plain(&host_shown));
    if let Some(port) = u.port() {
        out.push_str(&format!(":{port}"));
    }
    for segment in u.path_segments().into_iter().flatten() {
        out.push('/');
        out.push_str(&piece(segment, Place::Segment, false));
    }
    if let Some(query) = u.query() {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) => {
                    let by_name = looks_secret_param(&decode(name));
                    let value = piece(value, Place::Query(name), by_name);
                    format!("{}={value}", plain(name))
                }
                None => piece(pair, Place::Query(""), false),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    if let Some(fragment) = u.fragment() {
        out.push('#');
        out.push_str(&piece(fragment, Place::Fragment, false));
    }
    hidden.extend(host_hidden);
    Some((out, hidden))
}

/// `host` with every value of `known` it holds (a name interpolated from
/// the environment, `${TENANT}.logs.example.net`) masked, and those values.
/// Hosts are compared in lower case, as the URL parser writes them. A value
/// that holds the whole host (a whole URL from the environment) leaves it
/// shown: the host is what tells drains apart.
fn host_masked(host: &str, known: &[&str]) -> (String, Vec<String>) {
    let mut shown = host.to_string();
    let mut hidden = Vec::new();
    let mut values: Vec<String> = known
        .iter()
        .map(|k| k.to_ascii_lowercase())
        .filter(|k| !k.is_empty() && host.contains(k.as_str()))
        .collect();
    values.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in values {
        if shown.contains(k.as_str()) {
            shown = shown.replace(k.as_str(), MASK);
            hidden.push(k);
        }
    }
    (shown, hidden)
}

/// The host of a drain URL as labels show it: [`host`], with the values of
/// `known` it holds masked.
pub fn shown_host(url: &str, known: &[&str]) -> Option<String> {
    host(url).map(|h| host_masked(&h, known).0)
}

/// `url` with its secret parts masked; `known` are values taken from the
/// process environment. `None` when it is not a URL with a host.
pub fn mask(url: &str, known: &[&str]) -> Option<Masked> {
    let (shown, hidden) = rewrite(url, known, &mut |_| MASK.to_string(), &str::to_string)?;
    Some(Masked { shown, hidden })
}

/// A log drain URL as heroin keeps it: secret (shown with its secret parts
/// masked) when any part of it is, else as it is. `known` are values taken
/// from the process environment elsewhere (to recognise them in a URL that
/// Heroku has). A secret value that is not a URL stays wholly masked.
pub fn drain(value: Text, known: &[&str]) -> Text {
    match value {
        Text::Deferred(_) => value,
        Text::Plain(url) => match mask(&url, known) {
            Some(m) if !m.hidden.is_empty() => Text::Secret(Secret {
                value: url,
                parts: m.hidden,
                shown: Some(m.shown),
            }),
            _ => Text::Plain(url),
        },
        Text::Secret(s) => {
            // A secret of unknown pieces is secret as a whole.
            let whole = [s.value.as_str()];
            let pieces: &[String] = &s.parts;
            let mut env: Vec<&str> = known.to_vec();
            if pieces.is_empty() {
                env.extend(whole);
            }
            env.extend(pieces.iter().map(String::as_str));
            match mask(&s.value, &env) {
                Some(m) => {
                    let mut parts = s.parts.clone();
                    parts.extend(m.hidden);
                    Text::Secret(Secret {
                        value: s.value,
                        parts,
                        shown: Some(m.shown),
                    })
                }
                None => Text::Secret(s),
            }
        }
    }
}

/// `old` (a drain URL Heroku has, being replaced by `new`) as shown: besides
/// what [`drain`] masks, every piece of `old` where `new` has a secret piece
/// (the same path segment, query parameter, user name or fragment) is
/// masked, so a rotated key (no longer in the environment, and not shaped
/// like a key) is not printed on the side being removed.
pub fn replaced_drain(old: &str, new: &Text, known: &[&str]) -> Text {
    let plain = || drain(Text::Plain(old.to_string()), known);
    let Text::Secret(s) = new else {
        return plain();
    };
    let (Ok(o), Ok(n)) = (Url::parse(old), Url::parse(s.expose())) else {
        return plain();
    };
    let mut env: Vec<&str> = known.to_vec();
    env.extend(s.parts().iter().map(String::as_str));
    let secret = mask(s.expose(), &env).map(|m| m.hidden).unwrap_or_default();
    let is_secret = |piece: &str| secret.contains(&decode(piece));
    let mut extra: Vec<String> = Vec::new();
    let mut pair = |a: Option<&str>, b: Option<&str>| {
        if let (Some(a), Some(b)) = (a, b)
            && is_secret(b)
        {
            extra.push(decode(a));
        }
    };
    pair(Some(o.username()), Some(n.username()));
    pair(o.fragment(), n.fragment());
    let segments = |u: &Url| -> Vec<String> {
        u.path_segments()
            .map(|s| s.map(str::to_string).collect())
            .unwrap_or_default()
    };
    for (a, b) in segments(&o).iter().zip(segments(&n).iter()) {
        pair(Some(a), Some(b));
    }
    let query = |u: &Url| -> Vec<(String, String)> {
        u.query()
            .unwrap_or_default()
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let new_query = query(&n);
    for (name, value) in query(&o) {
        let b = new_query
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str());
        pair(Some(&value), b);
    }
    env.extend(extra.iter().map(String::as_str));
    drain(Text::Plain(old.to_string()), &env)
}

/// The host of a URL, to tell drains apart (`logs.example.net`).
pub fn host(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()?
        .host_str()
        .map(str::to_ascii_lowercase)
}

/// A request path as printed: a segment that is a URL (a drain URL, as
/// paths once held them) shows with its secret parts masked.
pub fn path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let decoded = decode(segment);
            match mask(&decoded, &[]) {
                Some(m) if !m.hidden.is_empty() => m.shown,
                _ => segment.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(url: &str, known: &[&str]) -> String {
        mask(url, known).unwrap().shown
    }

    #[test]
    fn secret_parts_are_masked_and_the_rest_shown() {
        assert_eq!(
            shown(
                "https://http-intake.logs.datadoghq.com/v1/input/0123456789abcdef0123456789abcdef?ddsource=heroku",
                &[]
            ),
            "https://http-intake.logs.datadoghq.com/v1/input/(sensitive)?ddsource=heroku"
        );
        assert_eq!(
            shown("syslog+tls://logs.example.net:6514", &[]),
            "syslog+tls://logs.example.net:6514"
        );
        assert_eq!(
            shown("https://heroku:pw@in.logs.example.net/v1/heroku", &[]),
            "https://heroku:(sensitive)@in.logs.example.net/v1/heroku"
        );
        assert_eq!(
            shown("https://logs.example.net/ingest?api_key=abc&tag=web#x", &[]),
            "https://logs.example.net/ingest?api_key=(sensitive)&tag=web#x"
        );
        assert_eq!(
            shown("https://logs.example.net/bulk/tok-1/tag/heroku", &["tok-1"]),
            "https://logs.example.net/bulk/(sensitive)/tag/heroku"
        );
        let whole = "https://u@logs.example.net:8443/a?b=c";
        assert_eq!(
            shown(whole, &[whole]),
            "https://(sensitive)@logs.example.net:8443/(sensitive)?b=(sensitive)"
        );
        assert!(mask("logs.example.net:514", &[]).is_none());
        assert!(mask("not a url", &[]).is_none());
    }

    #[test]
    fn drains_become_secret_when_a_part_is() {
        let t = drain(
            Text::Plain("https://h.example/in/a1b2c3d4e5f6a7b8".into()),
            &[],
        );
        assert_eq!(t.to_string(), "https://h.example/in/(sensitive)");
        assert_eq!(t.known(), Some("https://h.example/in/a1b2c3d4e5f6a7b8"));
        let Text::Secret(s) = &t else { panic!("{t:?}") };
        assert!(s.values().any(|v| v == "a1b2c3d4e5f6a7b8"));
        let plain = drain(Text::Plain("syslog://h.example:514".into()), &[]);
        assert_eq!(plain, Text::Plain("syslog://h.example:514".into()));
        let from_env = Text::Secret(Secret::with_parts(
            "https://h.example/in/key-9?x=1",
            vec!["key-9".into()],
        ));
        assert_eq!(
            drain(from_env, &[]).to_string(),
            "https://h.example/in/(sensitive)?x=1"
        );
        let odd = Text::Secret(Secret::new("no url at all"));
        assert_eq!(drain(odd, &[]).to_string(), MASK);
        assert_eq!(
            host("syslog+tls://Logs.Example.net:6514").as_deref(),
            Some("logs.example.net")
        );
    }

    #[test]
    fn paths_show_drain_urls_masked() {
        assert_eq!(
            path("/apps/acme/log-drains/https%3A%2F%2Fu%3Apw%40h.example%2Fx"),
            "/apps/acme/log-drains/https://u:(sensitive)@h.example/x"
        );
        assert_eq!(
            path("/apps/acme/log-drains/1234-abcd"),
            "/apps/acme/log-drains/1234-abcd"
        );
    }
}
