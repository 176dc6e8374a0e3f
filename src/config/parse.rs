//! Reads the text of one TOML or YAML file into a [`Node`] tree with origins.
//!
//! Both formats end in the same tree, so the merge, interpolation and checks
//! never know which format a value came from. A file that is not valid TOML or
//! YAML becomes one [`Problem`] with the parser's position. This module does no
//! I/O: it takes text and a file name.

use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::de::{DeTable, DeValue};

use super::tree::{Entry, LineIndex, Node, Table, Value};
use crate::diag::{Origin, Problem};

/// The two file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.toml`
    Toml,
    /// `.yaml` or `.yml`
    Yaml,
}

impl Format {
    /// The format a file extension names, if any.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext {
            "toml" => Some(Format::Toml),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// Parses `text` (the contents of `file`) into a tree whose root is a table.
pub fn parse(file: &Arc<str>, text: &str, format: Format) -> Result<Node, Problem> {
    let index = LineIndex::new(text);
    let at = |offset: usize| origin(file, &index, offset, None);
    let root = match format {
        Format::Toml => parse_toml(file, &index, text)?,
        Format::Yaml => parse_yaml(file, &index, text)?,
    };
    match root.value {
        Value::Table(_) => Ok(root),
        // An empty YAML document (or one of only comments) is an empty table.
        Value::Null => Ok(Node {
            value: Value::Table(Table::new()),
            at: at(0),
        }),
        other => Err(Problem::new(
            &root.at,
            "",
            format!(
                "the file must hold a table of settings, not {}",
                other.kind()
            ),
        )),
    }
}

fn origin(file: &Arc<str>, index: &LineIndex, start: usize, end: Option<usize>) -> Origin {
    let (line, column) = index.position(start);
    Origin {
        file: file.clone(),
        line,
        column,
        span: Some((narrow(start), narrow(end.unwrap_or(start)))),
    }
}

/// A byte offset as an origin holds it (files are far smaller than 4 GiB).
fn narrow(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

fn parse_toml(file: &Arc<str>, index: &LineIndex, text: &str) -> Result<Node, Problem> {
    let doc = DeTable::parse(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start);
        let at = origin(file, index, start, e.span().map(|s| s.end));
        Problem::new(&at, "", format!("not valid TOML: {}", e.message().trim()))
    })?;
    let span = doc.span();
    let at = origin(file, index, span.start, Some(span.end));
    let table = toml_table(file, index, doc.get_ref())?;
    Ok(Node {
        value: Value::Table(table),
        at,
    })
}

fn toml_table(file: &Arc<str>, index: &LineIndex, table: &DeTable) -> Result<Table, Problem> {
    // Collected, then sorted once (inserting one by one would move every
    // later key at each step).
    table
        .iter()
        .map(|(key, value)| {
            let key_span = key.span();
            let entry = Entry {
                key_at: origin(file, index, key_span.start, Some(key_span.end)),
                node: toml_node(file, index, value)?,
            };
            Ok((key.get_ref().to_string(), entry))
        })
        .collect()
}

fn toml_node(
    file: &Arc<str>,
    index: &LineIndex,
    value: &toml::Spanned<DeValue>,
) -> Result<Node, Problem> {
    let span = value.span();
    let at = origin(file, index, span.start, Some(span.end));
    let value = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => return Err(Problem::new(&at, "", "integer out of range")),
        },
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(n) => Value::Float(n),
            Err(_) => return Err(Problem::new(&at, "", "not a valid number")),
        },
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => {
            return Err(Problem::new(&at, "", "dates and times are not supported")
                .with_hint("quote the value to make it a string"));
        }
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| toml_node(file, index, item))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(t) => Value::Table(toml_table(file, index, t)?),
    };
    Ok(Node { value, at })
}

fn parse_yaml(file: &Arc<str>, index: &LineIndex, text: &str) -> Result<Node, Problem> {
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    }) {
        return Ok(Node {
            value: Value::Null,
            at: origin(file, index, 0, None),
        });
    }
    let doc: serde_saphyr::Spanned<YamlValue> = serde_saphyr::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        let start = index.offset(line as u32, column as u32);
        let at = origin(file, index, start, None);
        Problem::new(&at, "", format!("not valid YAML: {}", yaml_message(&e)))
    })?;
    Ok(yaml_node(file, index, doc))
}

/// The parser's message without its own position and snippet (ours come first).
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("").trim();
    // Drop a trailing " at line N, column M" that repeats our own position.
    match first.find(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

fn yaml_node(
    file: &Arc<str>,
    index: &LineIndex,
    spanned: serde_saphyr::Spanned<YamlValue>,
) -> Node {
    let at = yaml_origin(file, index, &spanned.referenced);
    let value = match spanned.value {
        YamlValue::Str(s) => Value::Str(s),
        YamlValue::Int(n) => Value::Int(n),
        YamlValue::Float(n) => Value::Float(n),
        YamlValue::Bool(b) => Value::Bool(b),
        YamlValue::Null => Value::Null,
        YamlValue::Seq(items) => Value::Array(
            items
                .into_iter()
                .map(|item| yaml_node(file, index, item))
                .collect(),
        ),
        YamlValue::Map(entries) => {
            let table: Table = entries
                .into_iter()
                .map(|(key, value)| {
                    let key_at = yaml_origin(file, index, &key.referenced);
                    let node = yaml_node(file, index, value);
                    (key.value.0, Entry { key_at, node })
                })
                .collect();
            Value::Table(table)
        }
    };
    Node { value, at }
}

fn yaml_origin(file: &Arc<str>, index: &LineIndex, loc: &serde_saphyr::Location) -> Origin {
    let line = u32::try_from(loc.line()).unwrap_or(u32::MAX).max(1);
    let column = u32::try_from(loc.column()).unwrap_or(u32::MAX).max(1);
    let start = index.offset(line, column);
    let len = usize::try_from(loc.span().len()).unwrap_or(0);
    Origin {
        file: file.clone(),
        line,
        column,
        span: Some((narrow(start), narrow(start + len))),
    }
}

/// A YAML value as the deserializer hands it over, before origins become ours.
enum YamlValue {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    Seq(Vec<serde_saphyr::Spanned<YamlValue>>),
    Map(
        Vec<(
            serde_saphyr::Spanned<YamlKey>,
            serde_saphyr::Spanned<YamlValue>,
        )>,
    ),
}

/// A mapping key: YAML allows scalars of any type; heroin reads them as text.
struct YamlKey(String);

struct YamlValueVisitor;

impl<'de> Visitor<'de> for YamlValueVisitor {
    type Value = YamlValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<YamlValue, E> {
        Ok(YamlValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<YamlValue, E> {
        Ok(YamlValue::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YamlValue, E> {
        i64::try_from(v)
            .map(YamlValue::Int)
            .map_err(|_| E::custom("integer out of range"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<YamlValue, E> {
        Ok(YamlValue::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<YamlValue, E> {
        Ok(YamlValue::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<YamlValue, E> {
        Ok(YamlValue::Str(v))
    }
    fn visit_unit<E>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_none<E>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YamlValue, D::Error> {
        YamlValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
        let mut entries: Vec<(serde_saphyr::Spanned<YamlKey>, _)> = Vec::new();
        while let Some(key) = map.next_key::<serde_saphyr::Spanned<YamlKey>>()? {
            if entries.iter().any(|(k, _)| k.value.0 == key.value.0) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{}`",
                    key.value.0
                )));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(YamlValue::Map(entries))
    }
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlValueVisitor)
    }
}

impl<'de> Deserialize<'de> for YamlKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match YamlValue::deserialize(d)? {
            YamlValue::Str(s) => Ok(YamlKey(s)),
            YamlValue::Int(n) => Ok(YamlKey(n.to_string())),
            YamlValue::Bool(b) => Ok(YamlKey(b.to_string())),
            YamlValue::Float(n) => Ok(YamlKey(n.to_string())),
            _ => Err(de::Error::custom("a mapping key must be a plain scalar")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(node: &Node) -> &Table {
        match &node.value {
            Value::Table(t) => t,
            other => panic!("not a table: {other:?}"),
        }
    }

    #[test]
    fn toml_values_know_their_line_and_column() {
        let file: Arc<str> = "heroin.toml".into();
        let text = "[apps.web]\nname = \"acme\"\n\n[apps.web.config_vars]\nN = 4\n";
        let root = parse(&file, text, Format::Toml).unwrap();
        let apps = table(&table(&root)["apps"].node);
        let web = table(&apps["web"].node);
        assert_eq!(web["name"].node.value, Value::Str("acme".into()));
        assert_eq!((web["name"].key_at.line, web["name"].key_at.column), (2, 1));
        assert_eq!(
            (web["name"].node.at.line, web["name"].node.at.column),
            (2, 8)
        );
        let vars = table(&web["config_vars"].node);
        assert_eq!(vars["N"].node.value, Value::Int(4));
        assert_eq!((vars["N"].node.at.line, vars["N"].node.at.column), (5, 5));
    }

    #[test]
    fn yaml_values_know_their_line_and_column() {
        let file: Arc<str> = "heroin.yaml".into();
        let text = "apps:\n  web:\n    name: acme\n    maintenance: false\n    buildpacks:\n      - heroku/ruby\n";
        let root = parse(&file, text, Format::Yaml).unwrap();
        let apps = table(&table(&root)["apps"].node);
        let web = table(&apps["web"].node);
        assert_eq!(web["name"].node.value, Value::Str("acme".into()));
        assert_eq!((web["name"].key_at.line, web["name"].key_at.column), (3, 5));
        assert_eq!(
            (web["name"].node.at.line, web["name"].node.at.column),
            (3, 11)
        );
        assert_eq!(web["maintenance"].node.value, Value::Bool(false));
        let Value::Array(bps) = &web["buildpacks"].node.value else {
            panic!("array expected")
        };
        assert_eq!((bps[0].at.line, bps[0].at.column), (6, 9));
    }

    #[test]
    fn broken_files_report_the_parser_position() {
        let file: Arc<str> = "heroin.toml".into();
        let p = parse(&file, "[apps.web]\nname = \n", Format::Toml).unwrap_err();
        let at = p.at.unwrap();
        assert_eq!(at.line, 2, "{}", p.message);
        assert!(p.message.starts_with("not valid TOML"), "{}", p.message);

        let file: Arc<str> = "heroin.yaml".into();
        let p = parse(&file, "apps:\n  web: [1, 2\n", Format::Yaml).unwrap_err();
        assert!(p.message.starts_with("not valid YAML"), "{}", p.message);
        assert!(p.at.unwrap().line >= 2);
    }

    #[test]
    fn empty_yaml_is_an_empty_table_and_scalars_are_refused() {
        let file: Arc<str> = "heroin.yaml".into();
        let root = parse(&file, "# nothing yet\n", Format::Yaml).unwrap();
        assert!(table(&root).is_empty());
        assert!(parse(&file, "just text\n", Format::Yaml).is_err());
    }

    #[test]
    fn yaml_duplicate_keys_are_errors() {
        let file: Arc<str> = "heroin.yaml".into();
        let p = parse(&file, "apps:\n  web: {}\n  web: {}\n", Format::Yaml).unwrap_err();
        assert!(p.message.contains("duplicate"), "{}", p.message);
    }
}
