//! The summary section: articles ranked by reliability, links, stories, outlets,
//! near-duplicates and input warnings. Empty sections say "none found".

use super::Page;
use crate::align::{DirectionBasis, LinkKind};
use crate::report::escape::html;
use crate::report::{ArticleEntry, LinkEntry, Report};
use std::fmt::Write;

/// Rows of a summary table before the rest is left to report.json.
const MAX_ROWS: usize = 1000;
/// Near-duplicate pairs and clusters listed.
const MAX_PAIRS: usize = 200;

/// Article indices, least reliable first (unscored last), then most flagged, then most
/// copied, then corpus order.
pub(crate) fn ranked(report: &Report) -> Vec<usize> {
    let mut copied = vec![0.0f64; report.articles.len()];
    for l in &report.links {
        if let Some((_, d)) = report.ends(l) {
            copied[d] += l.containment;
        }
    }
    let mut order: Vec<usize> = (0..report.articles.len()).collect();
    let score = |i: usize| {
        report.articles[i]
            .reliability
            .as_ref()
            .map_or(f64::INFINITY, |r| r.score)
    };
    order.sort_by(|&a, &b| {
        score(a)
            .total_cmp(&score(b))
            .then(
                report.articles[b]
                    .flags
                    .len()
                    .cmp(&report.articles[a].flags.len()),
            )
            .then(copied[b].total_cmp(&copied[a]))
            .then(a.cmp(&b))
    });
    order
}

/// The link kind as in report.json.
pub(crate) fn kind(l: &LinkEntry) -> &'static str {
    match l.kind {
        LinkKind::Verbatim => "verbatim",
        LinkKind::Edited => "edited",
        LinkKind::Spun => "spun",
        LinkKind::Paraphrase => "paraphrase",
        LinkKind::Aggregate => "aggregate",
        LinkKind::CommonSource => "common source",
    }
}

/// The direction's basis and first piece of evidence, escaped.
pub(crate) fn direction(l: &LinkEntry) -> String {
    let basis = match l.direction.basis {
        DirectionBasis::Published => "publication times",
        DirectionBasis::Evidence => "evidence in the text",
        DirectionBasis::Unknown => "unknown (in input order)",
    };
    match l.direction.evidence.first() {
        Some(e) => format!("{basis}: {}", html(e.trim_end_matches('.'))),
        None => basis.to_owned(),
    }
}

fn none(out: &mut String, what: &str) {
    let _ = writeln!(out, "<p class=\"none\">{what}: none found.</p>");
}

fn more(out: &mut String, total: usize, shown: usize) {
    if total > shown {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} more in report.json.</p>",
            total - shown
        );
    }
}

/// Outlet, date, author and URL of an article (URL as a link only when http or https).
pub(crate) fn article_meta(out: &mut String, a: &ArticleEntry) {
    let mut parts = Vec::new();
    if let Some(o) = &a.outlet {
        parts.push(format!("Outlet: {}", html(o)));
    }
    if let Some(p) = &a.published {
        parts.push(format!("Published: {}", html(p)));
    }
    if let Some(au) = &a.author {
        parts.push(format!("Author: {}", html(au)));
    }
    if let Some(u) = &a.url {
        let lower = u.trim_start().to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            parts.push(format!(
                "URL: <a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                html(u.trim()),
                html(u)
            ));
        } else {
            parts.push(format!("URL: <span class=\"id\">{}</span>", html(u)));
        }
    }
    parts.push(format!("File: {}", html(&a.path)));
    parts.push(format!("{} words", a.counts.words));
    if let Some(r) = &a.reliability {
        parts.push(format!(
            "Reliability: <span class=\"score\">{:.0}</span> (95% interval {:.0}–{:.0})",
            r.score, r.low, r.high
        ));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", parts.join(" · "));
}

/// Writes the summary section.
pub(crate) fn write(out: &mut String, page: &Page<'_>) {
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    articles(out, page);
    links(out, page);
    stories(out, page);
    outlets(out, page.report);
    near_duplicates(out, page);
    warnings(out, page.report);
    out.push_str("</section>\n");
}

fn articles(out: &mut String, page: &Page<'_>) {
    let report = page.report;
    out.push_str("<h3>Articles by reliability</h3>\n");
    if report.articles.is_empty() {
        return none(out, "Articles");
    }
    out.push_str("<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Article</th><th scope=\"col\">Headline</th><th scope=\"col\">Outlet</th><th scope=\"col\">Reliability (95% interval)</th><th scope=\"col\">Flags</th><th scope=\"col\">Words</th></tr></thead><tbody>\n");
    let order = &page.ranked;
    for (rank, &i) in order.iter().take(MAX_ROWS).enumerate() {
        let a = &report.articles[i];
        let score = a.reliability.as_ref().map_or_else(
            || "<span class=\"none\">not scored</span>".to_owned(),
            crate::report::model::score_with_interval,
        );
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{score}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            rank + 1,
            page.article_ref(&a.id),
            html(&crate::report::escape::shorten(&a.headline, 120)),
            html(a.outlet.as_deref().unwrap_or("")),
            a.flags.len(),
            a.counts.words
        );
    }
    out.push_str("</tbody></table>\n");
    more(out, order.len(), MAX_ROWS);
}

fn links(out: &mut String, page: &Page<'_>) {
    let report = page.report;
    out.push_str("<h3>Links (source → derived)</h3>\n");
    if report.links.is_empty() {
        return none(out, "Links");
    }
    // In report order when all fit; else the links with most copied words first.
    let mut order: Vec<usize> = (0..report.links.len()).collect();
    if order.len() > MAX_ROWS {
        let words = |k: usize| std::cmp::Reverse(report.links[k].copied_words);
        order.sort_by_key(|&k| (words(k), k));
        order.truncate(MAX_ROWS);
        let _ = writeln!(
            out,
            "<p class=\"note\">The {MAX_ROWS} links with most copied words are listed.</p>"
        );
    }
    out.push_str("<table><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Derived</th><th scope=\"col\">Kind</th><th scope=\"col\">Share copied</th><th scope=\"col\">Words</th><th scope=\"col\">Confidence</th><th scope=\"col\">Direction</th><th scope=\"col\">Passages</th></tr></thead><tbody>\n");
    for (k, l) in order.into_iter().map(|k| (k, &report.links[k])) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td><td>{}</td><td>{}</td></tr>",
            page.article_ref(&l.source),
            page.article_ref(&l.derived),
            kind(l),
            l.containment * 100.0,
            l.copied_words,
            l.confidence,
            direction(l),
            page.link_ref(k, &format!("{} side by side", l.passages.len()))
        );
    }
    out.push_str("</tbody></table>\n");
    more(out, report.links.len(), MAX_ROWS);
}

fn stories(out: &mut String, page: &Page<'_>) {
    let report = page.report;
    out.push_str("<h3>Stories</h3>\n");
    if report.stories.is_empty() {
        return none(out, "Stories");
    }
    out.push_str("<ul>\n");
    for s in report.stories.iter().take(MAX_ROWS) {
        let members: Vec<String> = s
            .members
            .iter()
            .take(50)
            .map(|m| page.article_ref(m))
            .collect();
        let extra = s.members.len().saturating_sub(50);
        let _ = writeln!(
            out,
            "<li><strong>Story {}</strong> ({}): {}{}</li>",
            s.id,
            html(&s.terms.join(", ")),
            members.join(", "),
            if extra > 0 {
                format!(" and {extra} more")
            } else {
                String::new()
            }
        );
    }
    out.push_str("</ul>\n");
    more(out, report.stories.len(), MAX_ROWS);
}

fn outlets(out: &mut String, report: &Report) {
    out.push_str("<h3>Outlets</h3>\n");
    if report.outlets.is_empty() {
        return none(out, "Outlet scores");
    }
    out.push_str("<table><thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Articles</th><th scope=\"col\">Reliability (95% interval)</th></tr></thead><tbody>\n");
    for o in report.outlets.iter().take(MAX_ROWS) {
        let r = &o.reliability;
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            html(&o.outlet),
            o.articles,
            crate::report::model::score_with_interval(r)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn near_duplicates(out: &mut String, page: &Page<'_>) {
    out.push_str("<h3>Near-duplicates</h3>\n");
    let Some(nd) = &page.report.near_duplicates else {
        return none(out, "Near-duplicates (stage not run)");
    };
    let _ = writeln!(
        out,
        "<p>LSH with {} bands of {} rows; Jaccard threshold {:.2}; {} pairs, {} clusters.</p>",
        nd.bands,
        nd.rows,
        nd.threshold,
        nd.pairs.len(),
        nd.clusters.len()
    );
    if nd.pairs.is_empty() {
        return none(out, "Near-duplicate pairs");
    }
    out.push_str("<table><thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th><th scope=\"col\">Jaccard</th><th scope=\"col\">A in B</th><th scope=\"col\">B in A</th><th scope=\"col\">MinHash estimate (95% interval)</th></tr></thead><tbody>\n");
    for p in nd.pairs.iter().take(MAX_PAIRS) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3} ({:.3}–{:.3})</td></tr>",
            page.article_ref(&p.a),
            page.article_ref(&p.b),
            p.jaccard,
            p.a_in_b,
            p.b_in_a,
            p.estimate,
            p.ci_low,
            p.ci_high
        );
    }
    out.push_str("</tbody></table>\n");
    more(out, nd.pairs.len(), MAX_PAIRS);
    if nd.clusters.is_empty() {
        return;
    }
    out.push_str("<h4>Largest clusters</h4>\n<ul>\n");
    for c in nd.clusters.iter().take(MAX_PAIRS) {
        let members: Vec<String> = c
            .members
            .iter()
            .take(20)
            .map(|m| format!("{} ({:.2})", page.article_ref(&m.id), m.jaccard))
            .collect();
        let _ = writeln!(
            out,
            "<li>{} articles around {}: {}{}</li>",
            c.members.len() + 1,
            page.article_ref(&c.representative),
            members.join(", "),
            if c.members.len() > 20 { " …" } else { "" }
        );
    }
    out.push_str("</ul>\n");
}

fn warnings(out: &mut String, report: &Report) {
    out.push_str("<h3>Input warnings</h3>\n");
    if report.warnings.is_empty() {
        return none(out, "Input warnings");
    }
    out.push_str("<ul>\n");
    for w in report.warnings.iter().take(MAX_ROWS) {
        let _ = writeln!(
            out,
            "<li><code>{}</code>: {}</li>",
            html(&w.location),
            html(&w.message)
        );
    }
    out.push_str("</ul>\n");
    more(out, report.warnings.len(), MAX_ROWS);
}

#[cfg(test)]
mod tests {
    use crate::report::testdata;

    #[test]
    fn long_link_tables_list_the_strongest_links_first() {
        let (corpus, mut report) = testdata::sample(8);
        let template = report.links[0].clone();
        report.links = (0..super::MAX_ROWS + 5)
            .map(|k| {
                let mut l = template.clone();
                l.copied_words = k;
                l
            })
            .collect();
        let texts = crate::report::texts_of(&report, &corpus);
        let html = super::super::render(&report, &texts, &[]);
        let table = &html[html.find("Links (source → derived)").unwrap()..];
        assert!(table.contains("links with most copied words are listed"));
        let first_row = &table[table.find("<tbody>").unwrap()..];
        let first_row = &first_row[..first_row.find("</tr>").unwrap()];
        let top = format!("<td class=\"num\">{}</td>", super::MAX_ROWS + 4);
        assert!(first_row.contains(&top), "{first_row}");
        assert!(!table.contains("<td class=\"num\">4</td><td class=\"num\">"));
    }
}
