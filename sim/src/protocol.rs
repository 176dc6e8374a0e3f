//! The HTTP protocol as Heroku speaks it, without sockets: requests,
//! responses, error bodies, and `Range` pagination.
//!
//! Pure data and functions; `core` drives them and `server` moves them over
//! the wire.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Value, json};

/// A request, as the core sees it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, percent-encoded as sent, without the query.
    pub path: String,
    /// The query string, without `?`.
    pub query: String,
    /// Headers, names in lower case.
    pub headers: BTreeMap<String, String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A request with the headers every Heroku client sends.
    pub fn new(method: &str, path: &str, token: &str) -> Request {
        let mut headers = BTreeMap::new();
        headers.insert(
            "accept".into(),
            "application/vnd.heroku+json; version=3".into(),
        );
        headers.insert("authorization".into(), format!("Bearer {token}"));
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        Request {
            method: method.into(),
            path: path.into(),
            query: query.into(),
            headers,
            body: Vec::new(),
        }
    }

    /// The same request with a JSON body.
    pub fn json(mut self, body: Value) -> Request {
        self.body = body.to_string().into_bytes();
        self.headers
            .insert("content-type".into(), "application/json".into());
        self
    }

    /// The same request with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.insert(name.to_ascii_lowercase(), value.into());
        self
    }

    /// A header's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// A response, as the core produces it.
#[derive(Clone, Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// JSON body.
    pub body: Value,
}

impl Response {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A Heroku error: status, id, message, and optional extras.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Heroku's error id (`not_found`, `invalid_params`, ...).
    pub id: &'static str,
    /// The message.
    pub message: String,
    /// The resource, on `not_found`.
    pub resource: Option<&'static str>,
    /// An extra response header (`X-Confirmation-Required`).
    pub header: Option<(&'static str, String)>,
}

impl ApiError {
    /// An error with status, id and message.
    pub fn new(status: u16, id: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            id,
            message: message.into(),
            resource: None,
            header: None,
        }
    }

    /// 404 `not_found` for `resource`.
    pub fn not_found(resource: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            resource: Some(resource),
            ..ApiError::new(404, "not_found", message)
        }
    }

    /// 422 `invalid_params`.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(422, "invalid_params", message)
    }

    /// The same error under another id.
    pub fn with_id(mut self, id: &'static str) -> ApiError {
        self.id = id;
        self
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(403, "forbidden", message)
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        let mut body = json!({"id": self.id, "message": self.message});
        if let Some(resource) = self.resource {
            body["resource"] = json!(resource);
        }
        body
    }
}

/// What a handler answers.
#[derive(Debug)]
pub enum Reply {
    /// 200 with a body.
    Ok(Value),
    /// 201 with the created resource.
    Created(Value),
    /// 201 with the created resource and a header of its own (a new
    /// webhook's generated `Heroku-Webhook-Secret`).
    CreatedWithHeader(Value, (&'static str, String)),
    /// 202 with the resource (asynchronous work under way).
    Accepted(Value),
    /// 200 or 206 with a page of a list.
    List(Vec<Value>),
}

/// A handler's result.
pub type ApiResult = Result<Reply, ApiError>;

/// A parsed `Range` header.
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    /// The field to sort on.
    pub field: String,
    /// The first value, and whether it is excluded (`]value..`).
    pub start: Option<(String, bool)>,
    /// The last value (inclusive).
    pub end: Option<String>,
    /// Page size.
    pub max: usize,
    /// Descending order.
    pub desc: bool,
}

/// Heroku's default page size.
pub const DEFAULT_PAGE: usize = 200;
/// The largest page a client may ask for.
pub const MAX_PAGE: usize = 1000;

impl Range {
    /// The range used when the client sends none.
    pub fn default_for(page: usize) -> Range {
        Range {
            field: "id".into(),
            start: None,
            end: None,
            max: page,
            desc: false,
        }
    }

    /// Parses a `Range` header: `field [start]..[end][; max=n][, order=asc|desc]`,
    /// lenient about `,` / `;` separators and spaces.
    pub fn parse(header: &str, page: usize) -> Result<Range, ApiError> {
        let bad = || {
            ApiError::new(
                416,
                "requested_range_not_satisfiable",
                format!("Invalid Range header: {header}"),
            )
        };
        let header = header.trim();
        let (field, rest) = header
            .split_once(char::is_whitespace)
            .unwrap_or((header, ".."));
        if field.is_empty() || !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad());
        }
        let mut parts = rest
            .split([';', ','])
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let span = parts.next().unwrap_or("..");
        let (start, end) = span.split_once("..").ok_or_else(bad)?;
        let start = match start.trim() {
            "" => None,
            s => Some(match s.strip_prefix(']') {
                Some(v) => (v.to_string(), true),
                None => (s.to_string(), false),
            }),
        };
        let end = Some(end.trim().to_string()).filter(|e| !e.is_empty());
        let mut range = Range {
            field: field.to_string(),
            start,
            end,
            max: page,
            desc: false,
        };
        for part in parts {
            match part.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
                Some(("max", n)) => {
                    range.max = n.parse::<usize>().map_err(|_| bad())?.clamp(1, MAX_PAGE)
                }
                Some(("order", "asc")) => range.desc = false,
                Some(("order", "desc")) => range.desc = true,
                _ => return Err(bad()),
            }
        }
        Ok(range)
    }

    /// The page of `items` this range selects, and the headers to send:
    /// `Content-Range`, `Accept-Ranges` and, when more remain, `Next-Range`.
    pub fn page(&self, mut items: Vec<Value>) -> (Vec<Value>, bool, Vec<(String, String)>) {
        items.sort_by(|a, b| compare(&a[&self.field], &b[&self.field]));
        if self.desc {
            items.reverse();
        }
        let before = |v: &Value, bound: &str| {
            let o = compare(v, &typed_like(v, bound));
            if self.desc {
                o == Ordering::Greater
            } else {
                o == Ordering::Less
            }
        };
        let selected: Vec<Value> = items
            .into_iter()
            .filter(|item| {
                let v = &item[&self.field];
                let after_start = match &self.start {
                    None => true,
                    Some((s, exclusive)) => {
                        let at_start = compare(v, &typed_like(v, s)) == Ordering::Equal;
                        !(before(v, s) || (*exclusive && at_start))
                    }
                };
                let before_end = match &self.end {
                    None => true,
                    Some(e) => {
                        let o = compare(v, &typed_like(v, e));
                        if self.desc {
                            o != Ordering::Less
                        } else {
                            o != Ordering::Greater
                        }
                    }
                };
                after_start && before_end
            })
            .collect();
        let more = selected.len() > self.max;
        let page: Vec<Value> = selected.into_iter().take(self.max).collect();
        let mut headers = vec![("Accept-Ranges".to_string(), "id, name".to_string())];
        if let (Some(first), Some(last)) = (page.first(), page.last()) {
            let (f, l) = (plain(&first[&self.field]), plain(&last[&self.field]));
            headers.push(("Content-Range".into(), format!("{} {f}..{l}", self.field)));
            if more {
                let order = if self.desc { ", order=desc" } else { "" };
                headers.push((
                    "Next-Range".into(),
                    format!("{} ]{l}..; max={}{order}", self.field, self.max),
                ));
            }
        }
        (page, more, headers)
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A bound parsed as the same type as the field's values.
fn typed_like(sample: &Value, bound: &str) -> Value {
    match sample {
        Value::Number(_) => bound
            .parse::<f64>()
            .map_or(Value::String(bound.into()), |n| json!(n)),
        _ => Value::String(bound.into()),
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ => a.to_string().cmp(&b.to_string()),
    }
}

/// An identity in a request body: a plain string, or an object with `id` or
/// `name` (the official CLI sends objects, other clients strings).
pub fn ident(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("id"))
            .or_else(|| o.get("email"))
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    }
}

/// The parameters of a query string, decoded.
pub fn query_params(query: &str) -> BTreeMap<String, String> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (
                percent_decode(&k.replace('+', " ")),
                percent_decode(&v.replace('+', " ")),
            )
        })
        .collect()
}

/// Decodes `%XX` escapes in a path segment.
pub fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_leniently() {
        let r = Range::parse("id ..", 200).unwrap();
        assert_eq!((r.field.as_str(), r.max, r.desc), ("id", 200, false));
        let r = Range::parse("name ..; order=desc,max=10;", 200).unwrap();
        assert_eq!((r.field.as_str(), r.max, r.desc), ("name", 10, true));
        let r = Range::parse("version ..; max=1, order=desc", 200).unwrap();
        assert_eq!((r.max, r.desc), (1, true));
        let r = Range::parse("id ]abc..; max=5000", 200).unwrap();
        assert_eq!((r.start, r.max), (Some(("abc".into(), true)), 1000));
        assert!(Range::parse("id ..; max=x", 200).is_err());
        assert!(Range::parse("id; drop", 200).is_err());
    }

    #[test]
    fn pages_follow_next_range_to_the_end() {
        let items: Vec<Value> = (0..25)
            .map(|i| json!({"id": format!("{i:03}"), "version": i}))
            .collect();
        let mut range = Range::parse("id ..; max=10", 200).unwrap();
        let mut seen = Vec::new();
        loop {
            let (page, more, headers) = range.page(items.clone());
            seen.extend(page.iter().map(|v| v["id"].as_str().unwrap().to_string()));
            let next = headers
                .iter()
                .find(|(k, _)| k == "Next-Range")
                .map(|(_, v)| v.clone());
            assert_eq!(more, next.is_some());
            match next {
                Some(n) => range = Range::parse(&n, 200).unwrap(),
                None => break,
            }
        }
        assert_eq!(seen.len(), 25);
        assert_eq!(seen.first().unwrap(), "000");
        let r = Range::parse("version ..; max=1, order=desc", 200).unwrap();
        let (page, _, _) = r.page(items);
        assert_eq!(page[0]["version"], 24);
    }

    #[test]
    fn body_identities_are_strings_or_objects() {
        assert_eq!(ident(&json!("web")), Some("web".into()));
        assert_eq!(ident(&json!({"name": "web"})), Some("web".into()));
        assert_eq!(ident(&json!({"id": "1"})), Some("1".into()));
        assert_eq!(ident(&json!(1)), None);
        assert_eq!(percent_decode("syslog%3A%2F%2Fx"), "syslog://x");
    }
}
