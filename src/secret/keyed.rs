//! Keyed hashes of secret values, for a saved plan: enough to tell whether a
//! value changed, nothing more.
//!
//! A bare SHA-256 of a short or guessable value (`true`, a four-digit PIN, a
//! word) is undone by trying candidates; an HMAC-SHA-256 under a key that is
//! not in the file is not. The key is `HEROIN_PLAN_KEY` when the process
//! environment sets one (a per-repository key of the CI system), else it is
//! derived from the Heroku token, which the job that plans and the job that
//! applies both hold and the file never does. [`Key::check`] is a hash of a
//! fixed text under the key: it tells apply that a plan was made under
//! another key, so that it says so instead of reporting every secret as
//! changed. A value is hashed with where it is ([`Key::hash_at`]): the
//! same secret in two places gets two hashes. Pure; `ring` does the cryptography.

use ring::hmac;

use super::Secret;

/// What a keyed hash is written as in a file: this prefix, then 64 hex digits.
pub const PREFIX: &str = "hmac-sha256:";

/// Which key a plan's hashes were made with, as the file says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// `HEROIN_PLAN_KEY`.
    PlanKey,
    /// Derived from the Heroku token.
    Token,
}

/// The key of a plan's hashes.
pub struct Key {
    key: hmac::Key,
    origin: Origin,
}

impl Key {
    /// The key: `plan_key` (`HEROIN_PLAN_KEY`) when given, else one derived
    /// from `token`.
    pub fn new(plan_key: Option<&str>, token: &Secret) -> Key {
        match plan_key.filter(|k| !k.trim().is_empty()) {
            Some(k) => Key::derive(k.as_bytes(), Origin::PlanKey),
            None => Key::derive(token.expose().as_bytes(), Origin::Token),
        }
    }

    /// The key of the hashes, derived from `material` for this one use.
    fn derive(material: &[u8], origin: Origin) -> Key {
        // The material itself never keys a hash written to a file: a key
        // derived for this one use does.
        let outer = hmac::Key::new(hmac::HMAC_SHA256, material);
        let derived = hmac::sign(&outer, b"heroin saved plan v1");
        Key {
            key: hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()),
            origin,
        }
    }

    /// Where the key came from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The keyed hash of `value`: `hmac-sha256:` and 64 hex digits.
    pub fn hash(&self, value: &str) -> String {
        let tag = hmac::sign(&self.key, value.as_bytes());
        let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        format!("{PREFIX}{hex}")
    }

    /// The keyed hash of `value` where it is, at `place` (`shop-web:
    /// config_vars.TOKEN`): one value in two places hashes to two hashes,
    /// so that a file does not tell either that two secrets are the same.
    pub fn hash_at(&self, place: &str, value: &str) -> String {
        self.hash(&format!("{place}\u{0}{value}"))
    }

    /// The hash of a fixed text: the same in two runs exactly when the key
    /// is.
    pub fn check(&self) -> String {
        self.hash("heroin key check")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_key_gives_the_same_hash_and_another_key_another() {
        let token = Secret::new("tok-1");
        let a = Key::new(None, &token);
        let b = Key::new(None, &Secret::new("tok-2"));
        let c = Key::new(Some("repo-key"), &token);
        assert_eq!(a.hash("2"), Key::new(None, &token).hash("2"));
        assert_ne!(a.hash("2"), a.hash("3"));
        assert_ne!(a.hash("2"), b.hash("2"));
        assert_ne!(a.check(), c.check());
        assert_eq!(c.origin(), Origin::PlanKey);
        assert!(a.hash("x").starts_with(PREFIX));
        assert_eq!(a.hash("x").len(), PREFIX.len() + 64);
        assert!(!a.hash("tok-1").contains("tok-1"));
        assert_eq!(a.hash_at("web:X", "2"), a.hash_at("web:X", "2"));
        assert_ne!(a.hash_at("web:X", "2"), a.hash_at("web:Y", "2"));
        assert_ne!(a.hash_at("web:X", "2"), a.hash("2"));
    }
}
