//! Deterministic randomness, ids and timestamps.
//!
//! The simulator's only source of randomness is [`Rng`] (splitmix64), seeded
//! from `--seed`, so that ids, generated names and injected faults repeat from
//! run to run. Timestamps are formatted from milliseconds since the Unix epoch
//! handed in by the caller: nothing here reads the clock.

use serde::{Deserialize, Serialize};

/// A small, fast, seedable generator (splitmix64).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A version-4 UUID.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        let bytes: Vec<u8> = a.to_be_bytes().into_iter().chain(b.to_be_bytes()).collect();
        let hex: String = bytes
            .iter()
            .enumerate()
            .map(|(i, byte)| match i {
                6 => format!("{:02x}", (byte & 0x0f) | 0x40),
                8 => format!("{:02x}", (byte & 0x3f) | 0x80),
                _ => format!("{byte:02x}"),
            })
            .collect();
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// `n` lowercase hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap_or('0'))
            .collect()
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A Heroku-style generated name: `adjective-noun-1234`.
    pub fn haiku(&mut self, digits: usize) -> String {
        const ADJECTIVES: &[&str] = &[
            "agile",
            "ancient",
            "bold",
            "calm",
            "curved",
            "damp",
            "eager",
            "fierce",
            "gentle",
            "glacial",
            "hidden",
            "lively",
            "mighty",
            "quiet",
            "rugged",
            "shiny",
            "silent",
            "sleepy",
            "solid",
            "sunny",
            "tranquil",
            "vast",
            "whispering",
            "young",
        ];
        const NOUNS: &[&str] = &[
            "anchorage",
            "basin",
            "brook",
            "canyon",
            "cliffs",
            "coast",
            "crag",
            "dawn",
            "falls",
            "forest",
            "garden",
            "harbor",
            "lake",
            "meadow",
            "mesa",
            "ocean",
            "peak",
            "plains",
            "reef",
            "ridge",
            "river",
            "savannah",
            "shore",
            "springs",
            "thicket",
            "valley",
        ];
        let number: String = (0..digits)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect();
        format!("{}-{}-{number}", self.pick(ADJECTIVES), self.pick(NOUNS))
    }
}

/// `2026-11-29T19:21:26Z` from milliseconds since the Unix epoch.
pub fn timestamp(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_8601_utc() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_796_152_886_000), "2026-12-01T19:21:26Z");
        assert_eq!(timestamp(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn the_generator_repeats_from_a_seed() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.uuid(), b.uuid());
        let id = Rng::new(1).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(Rng::new(1).haiku(4), Rng::new(2).haiku(4));
    }
}
