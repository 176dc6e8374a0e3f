//! The one form of pattern the schema's `patternProperties` use: a single
//! character class, repeated (`^\w+$`, `^[-\w]{1,128}$`). No regex engine.

/// A `patternProperties` pattern of the one form the schema uses:
/// `^[class]+$` or `^[class]{m,n}$` (with `\w`, ranges and escapes).
/// A pattern of any other form matches every name.
pub struct CharClass {
    allowed: Option<Vec<(char, char)>>,
    min: usize,
    max: usize,
}

impl CharClass {
    pub fn parse(pattern: &str) -> CharClass {
        let any = CharClass {
            allowed: None,
            min: 0,
            max: usize::MAX,
        };
        let Some(body) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) else {
            return any;
        };
        let (class, count) = if let Some(rest) = body.strip_prefix("\\w") {
            ("\\w", rest)
        } else if let Some(rest) = body.strip_prefix('[') {
            match rest.rfind(']') {
                Some(end) => (&rest[..end], &rest[end + 1..]),
                None => return any,
            }
        } else {
            return any;
        };
        let (min, max) = match count {
            "+" => (1, usize::MAX),
            "*" => (0, usize::MAX),
            _ => match count
                .strip_prefix('{')
                .and_then(|c| c.strip_suffix('}'))
                .and_then(|c| c.split_once(','))
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            {
                Some(range) => range,
                None => return any,
            },
        };
        let mut allowed = Vec::new();
        let chars: Vec<char> = class.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = match chars[i] {
                '\\' if chars.get(i + 1) == Some(&'w') => {
                    allowed.extend([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                    i += 2;
                    continue;
                }
                '\\' => {
                    i += 1;
                    chars.get(i).copied().unwrap_or('\\')
                }
                c => c,
            };
            if chars.get(i + 1) == Some(&'-') && i + 2 < chars.len() {
                allowed.push((c, chars[i + 2]));
                i += 3;
            } else {
                allowed.push((c, c));
                i += 1;
            }
        }
        CharClass {
            allowed: Some(allowed),
            min,
            max,
        }
    }

    pub fn matches(&self, name: &str) -> bool {
        let Some(allowed) = &self.allowed else {
            return true;
        };
        let n = name.chars().count();
        (self.min..=self.max).contains(&n)
            && name
                .chars()
                .all(|c| allowed.iter().any(|&(a, b)| (a..=b).contains(&c)))
    }
}

#[cfg(test)]
mod tests {
    use super::CharClass;

    #[test]
    fn character_classes_match_as_the_schema_means() {
        let word = CharClass::parse("^\\w+$");
        assert!(word.matches("DATABASE_URL") && !word.matches("A-B") && !word.matches(""));
        let kind = CharClass::parse("^[-\\w]{1,128}$");
        assert!(kind.matches("web-2") && !kind.matches("a.b"));
        let headers = CharClass::parse("^[A-Za-z0-9\\-_]{1,100}$");
        assert!(headers.matches("X-Key_1") && !headers.matches("X Key"));
        let dotted = CharClass::parse("^[\\w\\.\\:\\[\\]]+$");
        assert!(dotted.matches("a.b:c[0]") && !dotted.matches("a-b"));
    }
}
