//! `churn compare A B`: two articles side by side, aligned passages highlighted.

use super::output::Output;
use super::CompareArgs;
use anyhow::{bail, Context};
use churn::align::{self, EditOp, Link, Passage};
use churn::corpus::{self, Article, LoadOptions};
use churn::report::link_entries;
use churn::text::{Doc, Span};
use std::io::IsTerminal;
use std::path::PathBuf;

pub fn run(args: CompareArgs, out: &Output) -> anyhow::Result<()> {
    let (a, b) = load_pair(&args, out)?;
    let corpus = corpus::Corpus::from_articles(vec![a, b]);
    let analysis = churn::pipeline::analyse(&corpus, &churn::pipeline::Config::default());
    let docs = &analysis.docs;
    let link = analysis
        .links
        .first()
        .cloned()
        .unwrap_or_else(|| unlinked(&docs[0], &docs[1]));
    let linked = !analysis.links.is_empty();
    if args.json {
        let entry = link_entries(&corpus, docs, std::slice::from_ref(&link));
        let value = serde_json::json!({
            "a": corpus.articles[0].id,
            "b": corpus.articles[1].id,
            "linked": linked,
            "link": entry.first(),
        });
        out.stdout(&serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    let colour = std::io::stdout().is_terminal()
        && !std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = args
        .width
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(100)
        .max(40);
    out.stdout(&render(
        &corpus.articles,
        docs,
        &link,
        linked,
        colour,
        width,
    ));
    Ok(())
}

/// The passages of A → B below the link thresholds, as a pseudo-link for display.
fn unlinked(a: &Doc, b: &Doc) -> Link {
    Link {
        source: 0,
        derived: 1,
        kind: align::LinkKind::Edited,
        containment: 0.0,
        passages: align::align_pair(a, b, &align::AlignConfig::default()),
        direction: align::Direction {
            basis: align::DirectionBasis::Unknown,
            evidence: vec![],
        },
        confidence: 0.0,
    }
}

fn load_pair(args: &CompareArgs, out: &Output) -> anyhow::Result<(Article, Article)> {
    let opts = LoadOptions::default();
    if let Some(dir) = &args.corpus {
        let mut c = corpus::load(std::slice::from_ref(dir), &opts, |w| out.warning(w))
            .with_context(|| format!("loading {}", dir.display()))?;
        let mut take = |id: &str| -> anyhow::Result<Article> {
            let at = c
                .articles
                .iter()
                .position(|x| x.id == id || x.id.starts_with(&format!("{id}_")));
            match at {
                Some(i) => Ok(c.articles.remove(i)),
                None => bail!("no article with id {id:?} in {}", dir.display()),
            }
        };
        let a = take(&args.a)?;
        let b = take(&args.b)?;
        return Ok((a, b));
    }
    let one = |p: &str| -> anyhow::Result<Article> {
        let path = PathBuf::from(p);
        let c = corpus::load(std::slice::from_ref(&path), &opts, |w| out.warning(w))
            .with_context(|| format!("loading {p}"))?;
        match c.articles.into_iter().next() {
            Some(a) if path.is_file() => Ok(a),
            _ => bail!("{p} is not an article file (give two files, or ids with --corpus DIR)"),
        }
    };
    Ok((one(&args.a)?, one(&args.b)?))
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Same,
    Changed,
    Only,
}

fn render(
    articles: &[Article],
    docs: &[Doc],
    link: &Link,
    linked: bool,
    colour: bool,
    width: usize,
) -> String {
    let (s, d) = (link.source, link.derived);
    let mut out = vec![format!(
        "source  {}\nderived {}",
        articles[s].id, articles[d].id
    )];
    if linked {
        out.push(format!(
            "link: {}, {:.0}% of the derived body, confidence {:.2}; direction {}: {}",
            label(&link.kind),
            100.0 * link.containment,
            link.confidence,
            label(&link.direction.basis),
            link.direction.evidence.join("; ")
        ));
    } else {
        out.push("no link (passages below, if any, are too weak or only shared quotes)".to_owned());
    }
    for (k, p) in link.passages.iter().enumerate() {
        out.push(format!(
            "\n── passage {} · {} words · source bytes {}..{} · derived bytes {}..{}",
            k + 1,
            p.words,
            p.source_span.start,
            p.source_span.end,
            p.derived_span.start,
            p.derived_span.end
        ));
        let left = styled(&articles[s].text, &docs[s], p, true);
        let right = styled(&articles[d].text, &docs[d], p, false);
        let col = (width - 3) / 2;
        let (l, r) = (
            wrap(&left, col, colour, true),
            wrap(&right, col, colour, false),
        );
        for i in 0..l.len().max(r.len()) {
            let lc = l.get(i).cloned().unwrap_or_default();
            let rc = r.get(i).cloned().unwrap_or_default();
            out.push(format!("{} │ {}", pad(&lc, col), rc.0));
        }
    }
    if !colour {
        out.push("\n[word] substituted  +word only in derived  -word only in source".to_owned());
    }
    out.join("\n")
}

/// The report's name of an enum value (`common-source`, `evidence`, ...).
fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// Whitespace-separated chunks of a passage side with the style of their first token.
fn styled(text: &str, doc: &Doc, p: &Passage, source: bool) -> Vec<(String, Style)> {
    let span: Span = if source {
        p.source_span
    } else {
        p.derived_span
    };
    let mut styles: Vec<(Span, Style)> = Vec::new();
    for e in &p.edits {
        let r = if source { &e.source } else { &e.derived };
        let style = match e.op {
            EditOp::Equal => Style::Same,
            EditOp::Substitute => Style::Changed,
            _ => Style::Only,
        };
        if let Some(span) = doc.token_span(r) {
            styles.push((span, style));
        }
    }
    let mut chunks = Vec::new();
    let base = span.start as usize;
    let slice = span.slice(text);
    let mut pos = 0;
    for word in slice.split_whitespace() {
        let at = slice[pos..].find(word).map_or(pos, |i| pos + i);
        pos = at + word.len();
        let byte = (base + at) as u32;
        let style = styles
            .iter()
            .find(|(s, _)| s.start <= byte && byte < s.end.max(s.start + 1))
            .map_or(Style::Plain, |x| x.1);
        chunks.push((word.to_owned(), style));
    }
    chunks
}

/// Lines of at most `width` visible characters: `(text with codes, visible length)`.
fn wrap(
    chunks: &[(String, Style)],
    width: usize,
    colour: bool,
    source: bool,
) -> Vec<(String, usize)> {
    let mut lines = Vec::new();
    let (mut line, mut len) = (String::new(), 0);
    for (word, style) in chunks {
        let (shown, visible) = decorate(word, *style, colour, source);
        if len > 0 && len + 1 + visible > width {
            lines.push((std::mem::take(&mut line), len));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(&shown);
        len += visible;
    }
    if len > 0 {
        lines.push((line, len));
    }
    lines
}

fn decorate(word: &str, style: Style, colour: bool, source: bool) -> (String, usize) {
    let n = word.chars().count();
    match (style, colour) {
        (Style::Plain | Style::Same, _) => (word.to_owned(), n),
        (Style::Changed, true) => (format!("\x1b[1;33m{word}\x1b[0m"), n),
        (Style::Only, true) => (
            format!("\x1b[{}m{word}\x1b[0m", if source { "31" } else { "32" }),
            n,
        ),
        (Style::Changed, false) => (format!("[{word}]"), n + 2),
        (Style::Only, false) => (format!("{}{word}", if source { '-' } else { '+' }), n + 1),
    }
}

fn pad(cell: &(String, usize), width: usize) -> String {
    format!("{}{}", cell.0, " ".repeat(width.saturating_sub(cell.1)))
}
