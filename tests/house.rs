//! The house rules of `src/`, checked on the source itself so that they hold
//! after every change, not only on the day someone looked: every file opens
//! with a `//!` essay saying what it does, stays under 400 lines, and no two
//! files import each other, directly or around a loop.
//!
//! Imports are found by reading `crate::` and `super::` paths (in `use`
//! statements, with their braces expanded, and inline) and resolving each to
//! the deepest module file it names. A child naming its ancestors is not a
//! loop (a parent declares its children, the child uses the parent's shared
//! items), and `pub use` is a re-export, not a dependency of the file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// The module path of `file` (relative to `src/`), or `None` for the binary.
fn module_of(file: &Path) -> Option<Vec<String>> {
    let mut parts: Vec<String> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    match last.as_str() {
        "main.rs" if parts.is_empty() => None,
        "lib.rs" if parts.is_empty() => Some(parts),
        "mod.rs" => Some(parts),
        name => {
            parts.push(name.trim_end_matches(".rs").to_string());
            Some(parts)
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments (doc comments name paths too).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let (Some(open), Some(close)) = (tree.find('{'), tree.rfind('}')) else {
        return vec![tree];
    };
    if close < open {
        return vec![tree];
    }
    let prefix = &tree[..open];
    let inner = &tree[open + 1..close];
    let (mut items, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.is_empty())
        .flat_map(expand)
        .map(|rest| format!("{prefix}{rest}"))
        .collect()
}

/// Every `crate::`/`super::` path that `code` uses, `pub use` left out.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` statements first, braces expanded; then they are cut out.
    let mut others = String::new();
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let is_word = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let Some(end) = rest[at..].find(';').filter(|_| is_word) else {
            others.push_str(&rest[..at + 4]);
            rest = &rest[at + 4..];
            continue;
        };
        others.push_str(before);
        let lead = before.trim_end();
        // `pub use` and `pub(crate) use` re-export: not a dependency.
        let statement = rest[at + 4..at + end].trim_start();
        let ours = ["crate::", "super::", "self::"]
            .iter()
            .any(|p| statement.starts_with(p));
        if ours && !lead.ends_with("pub") && !lead.ends_with(')') {
            out.extend(expand(statement));
        }
        rest = &rest[at + end + 1..];
    }
    others.push_str(rest);
    // Inline paths: `crate::a::b` and `super::a` anywhere else.
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = others[from..].find(start) {
            let at = from + at;
            let end = others[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(others.len(), |e| at + e);
            let prefixed = at > 0
                && others[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
            if !prefixed {
                out.push(others[at..end].trim_end_matches(':').to_string());
            }
            from = end.max(at + 1);
        }
    }
    out.into_iter()
        .map(|p| p.split(" as ").next().unwrap_or_default().to_string())
        .filter(|p| p.starts_with("crate::") || p.starts_with("super::") || p.starts_with("self::"))
        .collect()
}

/// The deepest module of `modules` that `path`, written in module `from`,
/// names: `super` in `a/b.rs` (module `a::b`) and in `a/b/mod.rs` (module
/// `a::b`) alike is `a`.
fn resolve(path: &str, from: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut segments = path.split("::").peekable();
    let mut here: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    while segments.next_if_eq(&"super").is_some() {
        here.pop();
    }
    let mut best = modules.contains(&here).then(|| here.clone());
    for s in segments {
        here.push(s.to_string());
        if !modules.contains(&here) {
            break;
        }
        best = Some(here.clone());
    }
    best
}

struct House {
    files: BTreeMap<Vec<String>, (PathBuf, String)>,
}

fn house() -> House {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    rust_files(&src, &mut all);
    let mut files = BTreeMap::new();
    for path in all {
        let relative = path.strip_prefix(&src).expect("under src").to_path_buf();
        if let Some(module) = module_of(&relative) {
            let text = fs::read_to_string(&path).expect("read");
            files.insert(module, (relative, text));
        }
    }
    House { files }
}

fn edges(house: &House) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let modules: BTreeSet<Vec<String>> = house.files.keys().cloned().collect();
    let mut out = BTreeMap::new();
    for (module, (_, text)) in &house.files {
        let mut to = BTreeSet::new();
        for path in paths(&code(text)) {
            let Some(target) = resolve(&path, module, &modules) else {
                continue;
            };
            // An ancestor (or the file itself) is not a loop.
            if module.starts_with(&target) {
                continue;
            }
            to.insert(target);
        }
        out.insert(module.clone(), to);
    }
    out
}

/// The import loops among `edges`: each as the files around it.
fn loops(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<Vec<String>>> {
    // Tarjan's strongly connected components.
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<&'a Vec<String>, usize>,
        low: BTreeMap<&'a Vec<String>, usize>,
        stack: Vec<&'a Vec<String>>,
        on: BTreeSet<&'a Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let Some((w, _)) = s.edges.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[w].min(s.low[v]);
                s.low.insert(v, low);
            } else if s.on.contains(w) {
                let low = s.index[w].min(s.low[v]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn every_file_opens_with_an_essay_and_stays_small() {
    let mut problems = Vec::new();
    for (path, text) in house().files.values() {
        if !text.starts_with("//!") {
            problems.push(format!(
                "{}: does not open with a `//!` essay",
                path.display()
            ));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{}: {lines} lines (at most {MAX_LINES})",
                path.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_files_import_each_other() {
    let found = loops(&edges(&house()));
    let shown: Vec<String> = found
        .iter()
        .map(|component| {
            component
                .iter()
                .map(|m| format!("crate::{}", m.join("::")))
                .collect::<Vec<_>>()
                .join(" <-> ")
        })
        .collect();
    assert!(shown.is_empty(), "import loops:\n{}", shown.join("\n"));
}

/// The reader itself: a loop written on purpose is found, braces and
/// `super` resolved, ancestors and re-exports left out.
#[test]
fn the_loop_finder_finds_a_loop() {
    let file = |text: &str| (PathBuf::new(), text.to_string());
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    let house = House {
        files: BTreeMap::from([
            (m("a"), file("use crate::b::{self, Thing};\nuse super::c;")),
            (m("b"), file("fn f() { crate::a::x::go() }")),
            (
                m("a::x"),
                file("use super::{y, z};\npub use crate::c::Thing;"),
            ),
            (m("a::y"), file("use super::super::b;")),
            (m("c"), file("pub use crate::a::Thing;")),
        ]),
    };
    let edges = edges(&house);
    assert_eq!(edges[&m("a")], BTreeSet::from([m("b"), m("c")]));
    assert_eq!(edges[&m("a::x")], BTreeSet::from([m("a::y")]));
    assert!(edges[&m("c")].is_empty(), "a re-export is not an import");
    let found = loops(&edges);
    assert_eq!(found.len(), 1, "{found:?}");
    let members: BTreeSet<_> = found[0].iter().cloned().collect();
    assert_eq!(members, BTreeSet::from([m("a::x"), m("a::y"), m("b")]));
}
