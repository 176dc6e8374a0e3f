//! Name resolution once per host for the life of one client.
//!
//! ureq resolves the host before every request, pooled connection or not,
//! and with a timeout set (heroin always sets one) each resolution runs on a
//! thread of its own: a diff of a thousand apps started seven thousand
//! threads and spent more time in the kernel than in heroin. A command
//! talks to one API host for seconds, so the first answer is kept and used
//! for every later request; a failed lookup is not kept, so it is tried
//! again. This module changes where a name resolves to, never which host a
//! request is for: the host checks of `endpoint` stay as they are.

use std::fmt;
use std::sync::Mutex;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// [`DefaultResolver`], each host's first answer kept.
#[derive(Default)]
pub(super) struct Remembering {
    inner: DefaultResolver,
    /// `(scheme, host and port)` and what it resolved to.
    known: Mutex<Vec<(String, ResolvedSocketAddrs)>>,
}

impl fmt::Debug for Remembering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Remembering")
    }
}

impl Resolver for Remembering {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = format!(
            "{}://{}",
            uri.scheme_str().unwrap_or_default(),
            uri.authority().map(|a| a.as_str()).unwrap_or_default()
        );
        let known = |known: &Vec<(String, ResolvedSocketAddrs)>| {
            known
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, a)| a.clone())
        };
        if let Some(addrs) = known(&self.known.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(addrs);
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let mut all = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if known(&all).is_none() {
            all.push((key, addrs.clone()));
        }
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_is_resolved_once_and_each_host_apart() {
        let resolver = Remembering::default();
        let config = ureq::Agent::config_builder().build();
        let resolve = |uri: &str| {
            let uri: Uri = uri.parse().unwrap();
            let timeout = NextTimeout {
                after: ureq::unversioned::transport::time::Duration::NotHappening,
                reason: ureq::Timeout::Resolve,
                per_read: None,
                per_write: None,
            };
            resolver.resolve(&uri, &config, timeout).unwrap()[0]
        };
        let first = resolve("http://127.0.0.1:4000/apps");
        assert_eq!(first.to_string(), "127.0.0.1:4000");
        assert_eq!(resolve("http://127.0.0.1:4000/apps/x"), first);
        assert_eq!(
            resolve("http://127.0.0.2:4001/").to_string(),
            "127.0.0.2:4001"
        );
        assert_eq!(resolver.known.lock().unwrap().len(), 2);
    }
}
