//! `report.md`: a short Markdown summary with the charts linked, for repositories and chat.
//! Every corpus value is escaped with [`crate::report::escape::markdown`].

use super::charts::ChartFile;
use super::escape::markdown as md;
use super::Report;
use std::fmt::Write;

/// Rows per table before the rest is left to report.json.
const MAX_ROWS: usize = 50;

/// Renders `report.md`.
pub fn render(report: &Report, charts: &[ChartFile]) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# churn report\n");
    let _ = writeln!(
        out,
        "{} articles analysed, {} skipped, {} input warnings; {} links, {} stories. \
         The full data is in [report.json](report.json) (schema: `docs/report-schema.md` in the \
         churn repository); the browsable report is [index.html](index.html).\n",
        s.articles,
        s.skipped,
        s.warnings,
        report.links.len(),
        report.stories.len()
    );
    out.push_str("## Charts\n\n");
    for c in charts {
        let _ = writeln!(
            out,
            "### {}\n\n![{}](charts/{}.svg)\n\n{} ([SVG](charts/{}.svg), [PNG](charts/{}.png))\n",
            c.title,
            md(&c.description),
            c.name,
            md(&c.description),
            c.name,
            c.name
        );
    }
    articles(&mut out, report);
    links(&mut out, report);
    stories(&mut out, report);
    near_duplicates(&mut out, report);
    out
}

fn articles(out: &mut String, report: &Report) {
    out.push_str("## Articles by reliability\n\n");
    if report.articles.is_empty() {
        out.push_str("None found.\n\n");
        return;
    }
    out.push_str(
        "| # | Article | Reliability (95% interval) | Flags | Words |\n|---:|---|---:|---:|---:|\n",
    );
    let order = super::html::ranked(report);
    for (rank, &i) in order.iter().take(MAX_ROWS).enumerate() {
        let a = &report.articles[i];
        let score = a.reliability.as_ref().map_or_else(
            || "not scored".to_owned(),
            crate::report::model::score_with_interval,
        );
        let _ = writeln!(
            out,
            "| {} | {} | {score} | {} | {} |",
            rank + 1,
            md(&a.id),
            a.flags.len(),
            a.counts.words
        );
    }
    more(out, order.len());
}

fn links(out: &mut String, report: &Report) {
    out.push_str("## Links (source → derived)\n\n");
    if report.links.is_empty() {
        out.push_str("None found.\n\n");
        return;
    }
    out.push_str("| Source | Derived | Kind | Share copied | Words | Confidence |\n|---|---|---|---:|---:|---:|\n");
    for l in report.links.iter().take(MAX_ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0}% | {} | {:.2} |",
            md(&l.source),
            md(&l.derived),
            super::html::kind_name(l),
            l.containment * 100.0,
            l.copied_words,
            l.confidence
        );
    }
    more(out, report.links.len());
}

fn stories(out: &mut String, report: &Report) {
    out.push_str("## Stories\n\n");
    if report.stories.is_empty() {
        out.push_str("None found.\n\n");
        return;
    }
    for s in report.stories.iter().take(MAX_ROWS) {
        let members: Vec<String> = s.members.iter().take(20).map(|m| md(m)).collect();
        let _ = writeln!(
            out,
            "- Story {} ({}): {} article(s): {}{}",
            s.id,
            md(&s.terms.join(", ")),
            s.members.len(),
            members.join(", "),
            if s.members.len() > 20 { ", …" } else { "" }
        );
    }
    out.push('\n');
    more(out, report.stories.len());
}

fn near_duplicates(out: &mut String, report: &Report) {
    out.push_str("## Near-duplicates\n\n");
    let Some(nd) = &report.near_duplicates else {
        out.push_str("None found (stage not run).\n");
        return;
    };
    let _ = writeln!(
        out,
        "LSH with {} bands of {} rows, Jaccard threshold {:.2}: {} pairs, {} clusters.\n",
        nd.bands,
        nd.rows,
        nd.threshold,
        nd.pairs.len(),
        nd.clusters.len()
    );
    if nd.pairs.is_empty() {
        return;
    }
    out.push_str("| A | B | Jaccard | Estimate (95% interval) |\n|---|---|---:|---:|\n");
    for p in nd.pairs.iter().take(MAX_ROWS) {
        let _ = writeln!(
            out,
            "| {} | {} | {:.3} | {:.3} ({:.3}–{:.3}) |",
            md(&p.a),
            md(&p.b),
            p.jaccard,
            p.estimate,
            p.ci_low,
            p.ci_high
        );
    }
    more(out, nd.pairs.len());
}

fn more(out: &mut String, total: usize) {
    if total > MAX_ROWS {
        let _ = writeln!(out, "\n{} more in report.json.", total - MAX_ROWS);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn escapes_ids_and_lists_every_chart() {
        let (_, report) = testdata::sample(6);
        let charts: Vec<ChartFile> = ["provenance", "network"]
            .into_iter()
            .map(|name| ChartFile {
                name,
                title: "T",
                description: "D".into(),
                svg: String::new(),
            })
            .collect();
        let md = render(&report, &charts);
        for c in &charts {
            assert!(md.contains(&format!("(charts/{}.svg)", c.name)));
        }
        assert!(!md.contains("<script>"));
        assert!(md.contains("&lt;script&gt;"));
        assert!(md.contains("## Links"));
    }

    #[test]
    fn empty_sections_say_none_found() {
        let (_, report) = testdata::bare(2);
        let md = render(&report, &[]);
        assert!(md.contains("## Links (source → derived)\n\nNone found."));
        assert!(md.contains("None found (stage not run)."));
    }
}
