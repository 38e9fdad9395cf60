//! The HTML report: one self-contained page (inline CSS and SVG, no scripts, a
//! Content-Security-Policy that forbids them) for editors.
//!
//! Every id, text, reason and metadata value from the corpus is escaped with
//! [`crate::report::escape::html`]; element ids derived from article ids go through
//! [`crate::report::escape::anchor`]. Sections are capped so the page stays usable on large
//! corpora; everything is in report.json.

mod summary;
mod text;

pub(crate) use summary::{kind as kind_name, ranked};

use super::charts::ChartFile;
use super::escape::{anchor, html};
use super::{ArticleEntry, LinkEntry, Report};
use ahash::AHashMap;
use std::collections::BTreeMap;
use std::fmt::Write;
use text::Copied;

/// Article sections shown in full (the least reliable / most copied first beyond this).
pub const MAX_ARTICLES: usize = 300;
/// Links shown side by side.
pub const MAX_LINKS: usize = 300;
/// Passages shown per link.
const MAX_PASSAGES: usize = 50;

/// The page's Content-Security-Policy: nothing may load or run; only inline styles and
/// `data:` images are allowed.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// What the page renders, with lookups shared by its sections.
pub(crate) struct Page<'a> {
    pub(crate) report: &'a Report,
    pub(crate) texts: &'a [&'a str],
    /// Article id → index.
    pub(crate) index: AHashMap<&'a str, usize>,
    /// All articles, least reliable first (see [`summary::ranked`]).
    pub(crate) ranked: Vec<usize>,
    /// Articles with a full section, in display order.
    pub(crate) shown: Vec<usize>,
    /// Whether each article has a full section.
    is_shown: Vec<bool>,
    /// Links with a side-by-side view, in display order (indices into `report.links`).
    pub(crate) shown_links: Vec<usize>,
    /// For each shown article (by index), its links as derived article (indices into
    /// `report.links`), in order; empty for the others.
    by_derived: Vec<Vec<usize>>,
}

impl<'a> Page<'a> {
    fn new(report: &'a Report, texts: &'a [&'a str]) -> Page<'a> {
        let index = crate::report::id_index(report);
        let ranked = summary::ranked(report);
        let mut shown = ranked[..ranked.len().min(MAX_ARTICLES)].to_vec();
        if report.articles.len() <= MAX_ARTICLES {
            shown.sort_unstable();
        }
        let mut shown_links: Vec<usize> = (0..report.links.len()).collect();
        shown_links.sort_by(|&a, &b| {
            report.links[b]
                .copied_words
                .cmp(&report.links[a].copied_words)
                .then(a.cmp(&b))
        });
        shown_links.truncate(MAX_LINKS);
        shown_links.sort_unstable();
        let mut is_shown = vec![false; report.articles.len()];
        for &i in &shown {
            is_shown[i] = true;
        }
        let mut by_derived = vec![Vec::new(); report.articles.len()];
        for (k, l) in report.links.iter().enumerate() {
            if let Some((_, d)) = report.ends(l).filter(|&(_, d)| is_shown[d]) {
                by_derived[d].push(k);
            }
        }
        Page {
            report,
            texts,
            index,
            ranked,
            shown,
            is_shown,
            shown_links,
            by_derived,
        }
    }

    /// The text of article `i` ("" when unknown).
    pub(crate) fn text(&self, i: usize) -> &'a str {
        self.texts.get(i).copied().unwrap_or("")
    }

    /// The links whose derived article is article `i` (when it is shown), with their indices.
    pub(crate) fn links_of(&self, i: usize) -> impl Iterator<Item = (usize, &'a LinkEntry)> + '_ {
        let report = self.report;
        self.by_derived
            .get(i)
            .into_iter()
            .flatten()
            .map(move |&k| (k, &report.links[k]))
    }

    /// A link to article `id`'s section, or its escaped id when it has none.
    pub(crate) fn article_ref(&self, id: &str) -> String {
        match self.index.get(id) {
            Some(&i) if self.is_shown.get(i) == Some(&true) => {
                format!("<a href=\"#{}\">{}</a>", anchor("a", id), html(id))
            }
            _ => format!("<span class=\"id\">{}</span>", html(id)),
        }
    }

    /// A link to link `k`'s side-by-side view, when it has one.
    pub(crate) fn link_ref(&self, k: usize, text: &str) -> String {
        if self.shown_links.binary_search(&k).is_ok() {
            format!(
                "<a href=\"#{}\">{text}</a>",
                link_anchor(&self.report.links[k])
            )
        } else {
            String::new()
        }
    }
}

/// The anchor of a link's side-by-side view.
pub(crate) fn link_anchor(l: &LinkEntry) -> String {
    anchor("l", &format!("{}\u{1}{}", l.source, l.derived))
}

/// Renders the page. `texts` holds each report article's text, in report order.
pub fn render(report: &Report, texts: &[&str], charts: &[ChartFile]) -> String {
    let page = Page::new(report, texts);
    let mut out = String::with_capacity(64 * 1024);
    head(&mut out, report);
    out.push_str("<main id=\"main\">\n");
    summary::write(&mut out, &page);
    write_charts(&mut out, charts);
    write_articles(&mut out, &page);
    write_links(&mut out, &page);
    out.push_str("</main>\n<footer><p class=\"note\">Written by churn ");
    out.push_str(&html(&report.churn_version));
    out.push_str(". All data, uncapped, is in report.json.</p></footer>\n</body>\n</html>\n");
    out
}

fn head(out: &mut String, report: &Report) {
    let s = &report.summary;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>churn report: {} articles</title>\n<style>\n{}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to the report</a>\n<header>\n<h1>churn report</h1>\n\
         <p>{} articles analysed, {} skipped, {} input warnings; {} links, {} stories.</p>\n\
         <nav aria-label=\"Sections\"><ul><li><a href=\"#summary\">Summary</a></li>\
         <li><a href=\"#charts\">Charts</a></li><li><a href=\"#articles\">Articles</a></li>\
         <li><a href=\"#links\">Copied passages</a></li></ul></nav>\n</header>\n",
        s.articles,
        include_str!("style.css"),
        s.articles,
        s.skipped,
        s.warnings,
        report.links.len(),
        report.stories.len()
    );
}

fn write_charts(out: &mut String, charts: &[ChartFile]) {
    out.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
    for c in charts {
        let label = html(&c.description);
        let svg = c.svg.replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{label}\" "),
            1,
        );
        let _ = write!(
            out,
            "<figure id=\"chart-{}\">\n{svg}<figcaption><strong>{}.</strong> {label} \
             (<code>charts/{}.svg</code>, <code>charts/{}.png</code>)</figcaption>\n</figure>\n",
            c.name,
            html(c.title),
            c.name,
            c.name
        );
    }
    out.push_str("</section>\n");
}

fn copied_passages<'r>(page: &Page<'r>, i: usize) -> Vec<Copied<'r>> {
    let mut slots: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (k, l) in page.links_of(i) {
        let next = slots.len();
        let slot = *slots.entry(l.source.as_str()).or_insert(next);
        if page.shown_links.binary_search(&k).is_err() {
            continue;
        }
        for p in &l.passages {
            out.push(Copied {
                span: p.derived_span,
                link_anchor: link_anchor(l),
                source: l.source.as_str(),
                slot,
            });
        }
    }
    out
}

fn write_articles(out: &mut String, page: &Page<'_>) {
    out.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n");
    let report = page.report;
    if report.articles.len() > page.shown.len() {
        let _ = writeln!(
            out,
            "<p class=\"note\">The {} least reliable or most copied of {} articles are shown; all are in report.json.</p>",
            page.shown.len(),
            report.articles.len()
        );
    }
    for &i in &page.shown {
        write_article(out, page, i);
    }
    out.push_str("</section>\n");
}

fn write_article(out: &mut String, page: &Page<'_>, i: usize) {
    let a = &page.report.articles[i];
    let text = page.text(i);
    let _ = write!(
        out,
        "<article class=\"article\" id=\"{}\" aria-labelledby=\"{}-h\">\n<h3 id=\"{}-h\">{}</h3>\n",
        anchor("a", &a.id),
        anchor("a", &a.id),
        anchor("a", &a.id),
        html(&a.id)
    );
    summary::article_meta(out, a);
    let sources: Vec<(usize, &LinkEntry)> = page.links_of(i).collect();
    if sources.is_empty() {
        out.push_str("<p>Sources of its passages: <span class=\"none\">none found</span>.</p>\n");
    } else {
        out.push_str("<p>Sources of its passages:</p>\n<ul>\n");
        for (k, l) in sources {
            let _ = writeln!(
                out,
                "<li>{} ({}, {:.0}% of its body, {} words) {}</li>",
                page.article_ref(&l.source),
                summary::kind(l),
                l.containment * 100.0,
                l.copied_words,
                page.link_ref(k, "side by side")
            );
        }
        out.push_str("</ul>\n");
    }
    let copied = copied_passages(page, i);
    let _ = writeln!(
        out,
        "<div class=\"text\">{}</div>",
        text::article_text(a, text, &copied)
    );
    write_notes(out, page, a);
    out.push_str("</article>\n");
}

fn write_notes(out: &mut String, page: &Page<'_>, a: &ArticleEntry) {
    if a.flags.is_empty() {
        out.push_str("<p>Flags: <span class=\"none\">none found</span>.</p>\n");
        return;
    }
    out.push_str("<h4>Flags</h4>\n<ol class=\"notes\">\n");
    for (k, f) in a.flags.iter().enumerate() {
        let ev = &f.evidence;
        let mut evidence = String::new();
        if !ev.text.is_empty() {
            let _ = write!(evidence, " Evidence: “{}”", html(&ev.text));
        }
        if let Some(id) = &ev.article {
            let _ = write!(evidence, " in {}", page.article_ref(id));
        }
        if let Some(lex) = &ev.lexicon {
            let _ = write!(evidence, " (lexicon: {})", html(lex));
        }
        let _ = writeln!(
            out,
            "<li id=\"{}\"><span class=\"kind\">{}</span> ({:?}) on “{}”: {}{}</li>",
            text::note_anchor(&a.id, k + 1),
            text::kind_name(f),
            f.severity,
            html(&super::escape::shorten(&f.text, 160)),
            html(&f.reason),
            evidence
        );
    }
    out.push_str("</ol>\n");
}

fn write_links(out: &mut String, page: &Page<'_>) {
    out.push_str("<section id=\"links\">\n<h2>Copied passages, side by side</h2>\n");
    let report = page.report;
    if report.links.is_empty() {
        out.push_str("<p class=\"none\">No copied passages found.</p>\n</section>\n");
        return;
    }
    if report.links.len() > page.shown_links.len() {
        let _ = writeln!(
            out,
            "<p class=\"note\">The {} links with most copied words of {} are shown.</p>",
            page.shown_links.len(),
            report.links.len()
        );
    }
    out.push_str("<p class=\"note\">Substituted words are struck through on the source side and bold on the derived side; deleted and inserted words are shaded.</p>\n");
    for &k in &page.shown_links {
        let l = &report.links[k];
        let ends = report.ends(l);
        let _ = writeln!(
            out,
            "<section class=\"link\" id=\"{}\">\n<h3>{} → {}</h3>\n<p>{}, {:.0}% of the derived body, {} words, confidence {:.2}; direction: {}.</p>",
            link_anchor(l),
            page.article_ref(&l.source),
            page.article_ref(&l.derived),
            summary::kind(l),
            l.containment * 100.0,
            l.copied_words,
            l.confidence,
            summary::direction(l)
        );
        let source = ends.map_or("", |(s, _)| page.text(s));
        let derived = ends.map_or("", |(_, d)| page.text(d));
        out.push_str(&text::side_by_side(l, source, derived, MAX_PASSAGES));
        out.push_str("\n</section>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    fn page(n: usize) -> String {
        let (corpus, report) = testdata::sample(n);
        let texts = crate::report::texts_of(&report, &corpus);
        render(&report, &texts, &[])
    }

    /// Every `href="#x"` has an element with `id="x"`.
    fn assert_links_resolve(html: &str) {
        for part in html.split("href=\"#").skip(1) {
            let target = &part[..part.find('"').unwrap()];
            assert!(
                html.contains(&format!("id=\"{target}\"")),
                "dangling link #{target}"
            );
        }
    }

    #[test]
    fn hostile_ids_and_texts_are_escaped() {
        let html = page(6);
        assert!(!html.to_ascii_lowercase().contains("<script"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;/../x"));
        assert!(html.contains(CSP));
        assert_links_resolve(&html);
    }

    #[test]
    fn flags_links_and_substitutions_are_shown() {
        let html = page(8);
        assert!(html.contains("<mark tabindex=\"0\" class=\"flag spin\""));
        assert!(html.contains("<ins class=\"sub\">stated</ins>"));
        assert!(html.contains("<del class=\"sub\">said</del>"));
        assert!(html.contains("class=\"from\""));
        assert!(html.contains("<ol class=\"notes\">"));
    }

    #[test]
    fn large_reports_are_capped() {
        let html = page(MAX_ARTICLES + 40);
        assert_eq!(
            html.matches("<article class=\"article\"").count(),
            MAX_ARTICLES
        );
        assert!(html.matches("<section class=\"link\"").count() <= MAX_LINKS);
        assert_links_resolve(&html);
    }

    #[test]
    fn empty_sections_say_none_found() {
        let (corpus, report) = testdata::bare(3);
        let texts = crate::report::texts_of(&report, &corpus);
        let html = render(&report, &texts, &[]);
        for what in [
            "Links: none found",
            "Stories: none found",
            "Outlet scores: none found",
        ] {
            assert!(html.contains(what), "{what}");
        }
        assert!(html.contains("No copied passages found."));
        assert_links_resolve(&html);
    }

    #[test]
    fn only_http_urls_become_links() {
        let (corpus, mut report) = testdata::bare(2);
        report.articles[0].url = Some("javascript:alert(1)".into());
        report.articles[1].url = Some("https://example.org/a?b=1&c=\"2\"".into());
        let texts = crate::report::texts_of(&report, &corpus);
        let html = render(&report, &texts, &[]);
        assert!(!html.contains("href=\"javascript"));
        assert!(html.contains("href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\""));
    }
}
