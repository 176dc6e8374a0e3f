//! The plan as Markdown, for a pull-request comment (`heroin diff ENV
//! --format markdown`): a heading, the summary line, then one collapsible
//! `<details>` section per app holding its lines as the text plan shows them
//! (in a `diff` code block, so that GitHub and GitLab color `+` and `-`), or
//! a note when nothing changes.
//!
//! Pure. Secret values are masked exactly as in the text plan (the same
//! lines, `(sensitive)`); this module never shows them. Everything that
//! comes from the files or from Heroku is escaped: HTML-escaped in headings
//! and summaries, and in code blocks fenced by more backticks than the
//! content ever holds in a row, so no value can close the block or the
//! section and break the comment's structure.

use std::collections::BTreeMap;

use super::{Options, Owner, app_lines, apps, heading, summary};
use crate::plan::Plan;

/// `<`, `>`, `&`, `"`, `'` and the Markdown specials that matter in inline
/// HTML text, as entities.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            '*' => out.push_str("&#42;"),
            '_' => out.push_str("&#95;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '\\' => out.push_str("&#92;"),
            '|' => out.push_str("&#124;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A fenced code block of `info` holding `body`: the fence is one backtick
/// longer than the longest run in `body` (and at least three), which
/// CommonMark guarantees nothing inside can close.
fn fenced(info: &str, body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{info}\n{body}\n{fence}")
}

/// One app's counts: `1 to add, 2 to change, 0 to destroy` (and waiting).
fn app_summary(plan: &Plan, owner: Owner) -> String {
    let of = |a: &crate::plan::Address| (a.table, a.app.as_str()) == owner;
    let sub = Plan {
        changes: plan
            .changes
            .iter()
            .filter(|c| of(&c.address))
            .cloned()
            .collect(),
        ..Plan::default()
    };
    let (add, change, destroy) = sub.counts();
    let waiting = plan.waiting.iter().filter(|w| of(&w.address)).count();
    let mut s = format!("{add} to add, {change} to change, {destroy} to destroy");
    if waiting > 0 {
        s.push_str(&format!(", {waiting} waiting"));
    }
    s
}

/// The plan as Markdown. `names` maps app keys to Heroku app names.
pub fn markdown(plan: &Plan, names: &BTreeMap<String, String>) -> String {
    let env = plan.env.as_deref().unwrap_or("the base files");
    let mut out = vec![
        format!("### heroin plan for <code>{}</code>", escape(env)),
        String::new(),
    ];
    if plan.matches() {
        out.push(format!(
            "**No changes.** Heroku matches the files of <code>{}</code>; applying would do nothing.",
            escape(env)
        ));
        return out.join("\n") + "\n";
    }
    out.push(format!("**{}**", escape(&summary(plan))));
    let cost = super::cost_lines(plan);
    if let Some((total, apps)) = cost.split_first() {
        out.push(String::new());
        out.push(escape(total));
        if !apps.is_empty() {
            out.push(String::new());
        }
        for line in apps {
            let line = line.trim_start().trim_start_matches("# ");
            out.push(format!("- {}", escape(line)));
        }
    }
    let plain = Options {
        color: false,
        show_secrets: false,
    };
    for (owner, part) in apps(plan) {
        let lines = app_lines(plan, owner, &part, plain);
        if lines.is_empty() {
            continue;
        }
        let (head, name) = heading(owner, names);
        let name = match name.as_str() {
            "" => String::new(),
            n => format!(" ({})", escape(n)),
        };
        // The symbol first on its line, so that a `diff` block colors it.
        let body: Vec<String> = lines
            .iter()
            .map(|l| match l.trim_start().chars().next() {
                Some('+' | '-' | '~' | '!') => l.trim_start().to_string(),
                _ => l.clone(),
            })
            .collect();
        out.push(String::new());
        out.push(format!(
            "<details><summary><code>{}</code>{name}: {}</summary>",
            escape(&head),
            app_summary(plan, owner)
        ));
        out.push(String::new());
        out.push(fenced("diff", &body.join("\n")));
        out.push(String::new());
        out.push("</details>".into());
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fence_is_longer_than_any_backtick_run_inside() {
        assert_eq!(fenced("diff", "a"), "```diff\na\n```");
        assert_eq!(fenced("", "x ```` y"), "`````\nx ```` y\n`````");
    }

    #[test]
    fn html_and_markdown_specials_are_entities() {
        assert_eq!(
            escape("</summary><b>*x*</b>`|"),
            "&lt;/summary&gt;&lt;b&gt;&#42;x&#42;&lt;/b&gt;&#96;&#124;"
        );
        assert_eq!(escape("a\nb"), "a b");
    }
}
