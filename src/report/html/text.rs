//! Article text with flagged spans and copied passages marked, and the side-by-side view of
//! a link's passages. All offsets are byte offsets into the article text; bad offsets
//! (out of range, inside a character, reversed) are clamped, never trusted.

use crate::report::escape::{anchor, html, shorten};
use crate::report::{ArticleEntry, EditEntry, LinkEntry, PassageEntry};
use crate::score::Flag;
use crate::text::Span;
use std::fmt::Write;

/// The nearest char boundary at or after `i`, within `text`.
pub(crate) fn boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text[start..end]` with both ends moved onto char boundaries ("" when reversed).
pub(crate) fn slice(text: &str, start: usize, end: usize) -> &str {
    let (s, e) = (boundary(text, start), boundary(text, end));
    text.get(s..e.max(s)).unwrap_or("")
}

/// A copied passage of the article: its bytes, the link anchor and the source id.
pub(crate) struct Copied<'a> {
    pub(crate) span: Span,
    pub(crate) link_anchor: String,
    pub(crate) source: &'a str,
    pub(crate) slot: usize,
}

/// Anchor of flag note `k` (1-based) of article `id`.
pub(crate) fn note_anchor(id: &str, k: usize) -> String {
    format!("{}-{k}", anchor("n", id))
}

/// The flag kind's name as in report.json.
pub(crate) fn kind_name(f: &Flag) -> &'static str {
    crate::report::charts::style::flag_name(f.kind)
}

/// The article text as HTML: copied passages underlined (with a link to the source at their
/// start), flagged spans in `<mark>`s that show the reason on hover or focus, and a numbered
/// reference after each flag pointing to its footnote.
pub(crate) fn article_text(a: &ArticleEntry, text: &str, copied: &[Copied<'_>]) -> String {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    let flags: Vec<(usize, usize)> = a
        .flags
        .iter()
        .map(|f| (boundary(text, f.start), boundary(text, f.end.max(f.start))))
        .collect();
    let spans: Vec<(usize, usize)> = copied
        .iter()
        .map(|c| {
            (
                boundary(text, c.span.start as usize),
                boundary(text, c.span.end as usize),
            )
        })
        .collect();
    for &(s, e) in flags.iter().chain(&spans) {
        cuts.push(s);
        cuts.push(e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 5 / 4);
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        for (k, c) in copied.iter().enumerate() {
            if spans[k].0 == s && spans[k].1 > s {
                let _ = write!(
                    out,
                    "<a class=\"from\" href=\"#{}\" title=\"copied from {}\">[from {}]</a>",
                    c.link_anchor,
                    html(c.source),
                    html(&shorten(c.source, 24))
                );
            }
        }
        let piece = html(slice(text, s, e));
        let active: Vec<usize> = (0..flags.len())
            .filter(|&k| flags[k].0 <= s && e <= flags[k].1 && flags[k].0 < flags[k].1)
            .collect();
        let passage = (0..spans.len()).find(|&k| spans[k].0 <= s && e <= spans[k].1);
        if let Some(k) = passage {
            let _ = write!(out, "<span class=\"copied s{}\">", copied[k].slot % 8);
        }
        if active.is_empty() {
            out.push_str(&piece);
        } else {
            let tip: Vec<String> = active
                .iter()
                .map(|&k| {
                    let f = &a.flags[k];
                    let mut tip = format!("[{}] {}: {}", k + 1, kind_name(f), f.reason);
                    if !f.evidence.text.is_empty() {
                        tip.push_str(&format!(" Evidence: “{}”", shorten(&f.evidence.text, 120)));
                        if let Some(id) = &f.evidence.article {
                            tip.push_str(&format!(" in {}", shorten(id, 40)));
                        }
                    }
                    tip
                })
                .collect();
            let tip = html(&tip.join(" | "));
            // The tip shows on hover and keyboard focus (CSS, from `data-tip`); screen readers
            // read the numbered notes instead. No `title`: it would show a second tooltip.
            let notes: Vec<String> = active.iter().map(|&k| note_anchor(&a.id, k + 1)).collect();
            let _ = write!(
                out,
                "<mark tabindex=\"0\" class=\"flag {}\" aria-describedby=\"{}\" data-tip=\"{tip}\">{piece}</mark>",
                kind_name(&a.flags[active[0]]),
                notes.join(" ")
            );
        }
        if passage.is_some() {
            out.push_str("</span>");
        }
        for (k, &(fs, fe)) in flags.iter().enumerate() {
            if fe == e && fs < fe {
                let _ = write!(
                    out,
                    "<sup class=\"ref\"><a href=\"#{}\">{}</a></sup>",
                    note_anchor(&a.id, k + 1),
                    k + 1
                );
            }
        }
    }
    out
}

/// Which side of a passage to render.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Source,
    Derived,
}

/// One side of a passage with its edit script marked: substituted words in `<del>`/`<ins>`
/// with class `sub`, deleted (source only) and inserted (derived only) words likewise.
pub(crate) fn passage_side(p: &PassageEntry, text: &str, side: Side) -> String {
    let (span, pick): (Span, fn(&EditEntry) -> Span) = match side {
        Side::Source => (p.source_span, |e| e.source),
        Side::Derived => (p.derived_span, |e| e.derived),
    };
    let (start, end) = (span.start as usize, span.end as usize);
    let mut out = String::new();
    let mut cursor = start;
    for e in &p.edits {
        let s = pick(e);
        let (es, ee) = ((s.start as usize).max(cursor), (s.end as usize).min(end));
        if ee <= es {
            continue;
        }
        out.push_str(&html(slice(text, cursor, es)));
        let piece = html(slice(text, es, ee));
        use crate::align::EditOp::*;
        match (e.op, side) {
            (Equal, _) => out.push_str(&piece),
            (Substitute, Side::Source) => {
                let _ = write!(out, "<del class=\"sub\">{piece}</del>");
            }
            (Substitute, Side::Derived) => {
                let _ = write!(out, "<ins class=\"sub\">{piece}</ins>");
            }
            (Delete, _) => {
                let _ = write!(out, "<del>{piece}</del>");
            }
            (Insert, _) => {
                let _ = write!(out, "<ins>{piece}</ins>");
            }
        }
        cursor = ee;
    }
    if cursor < end {
        out.push_str(&html(slice(text, cursor, end)));
    }
    out
}

/// The side-by-side table of a link's passages (at most `max` passages).
pub(crate) fn side_by_side(l: &LinkEntry, source: &str, derived: &str, max: usize) -> String {
    let mut out = String::from("<table class=\"sbs\"><thead><tr><th scope=\"col\">Source: ");
    let _ = write!(
        out,
        "{}</th><th scope=\"col\">Derived: {}</th></tr></thead><tbody>",
        html(&l.source),
        html(&l.derived)
    );
    for p in l.passages.iter().take(max) {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            passage_side(p, source, Side::Source),
            passage_side(p, derived, Side::Derived)
        );
    }
    out.push_str("</tbody></table>");
    if l.passages.len() > max {
        let _ = write!(
            out,
            "<p class=\"note\">{} more passages are in report.json.</p>",
            l.passages.len() - max
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::EditOp;
    use crate::score::{Evidence, FlagKind, Severity};

    fn flag(start: usize, end: usize, reason: &str) -> Flag {
        Flag {
            kind: FlagKind::Spin,
            start,
            end,
            text: String::new(),
            reason: reason.into(),
            evidence: Evidence::default(),
            severity: Severity::Low,
        }
    }

    fn entry(flags: Vec<Flag>) -> ArticleEntry {
        ArticleEntry {
            id: "<x>".into(),
            path: String::new(),
            headline: String::new(),
            outlet: None,
            published: None,
            url: None,
            author: None,
            counts: Default::default(),
            bytes: 0,
            story: None,
            reliability: None,
            flags,
            originality: None,
        }
    }

    #[test]
    fn flags_are_marked_and_text_escaped() {
        let text = "a <b>said</b> c";
        let mut f = flag(5, 9, "swap <i>");
        f.evidence.text = "<said>".into();
        f.evidence.article = Some("<src>".into());
        let a = entry(vec![f]);
        let h = article_text(&a, text, &[]);
        assert!(h.starts_with("a &lt;b&gt;<mark tabindex=\"0\" class=\"flag spin\""));
        assert!(h.contains(">said</mark><sup class=\"ref\">"));
        assert!(h.contains("swap &lt;i&gt;"));
        assert!(h.contains("Evidence: “&lt;said&gt;” in &lt;src&gt;"));
        assert!(!h.contains("<b>") && !h.contains("<i>"));
        // One tooltip (data-tip), and the mark is described by its numbered note.
        assert!(!h.contains("title="), "{h}");
        let note = note_anchor("<x>", 1);
        assert!(h.contains(&format!("aria-describedby=\"{note}\"")), "{h}");
        assert!(h.contains(&format!("href=\"#{note}\"")), "{h}");
    }

    #[test]
    fn bad_offsets_never_panic() {
        let text = "héllo wörld";
        let a = entry(vec![
            flag(2, 200, "r"),
            flag(9, 3, "reversed"),
            flag(2, 2, "empty"),
        ]);
        let h = article_text(&a, text, &[]);
        assert!(h.contains("llo"));
        let p = PassageEntry {
            source_span: Span { start: 2, end: 900 },
            derived_span: Span { start: 0, end: 3 },
            words: 1,
            edits: vec![EditEntry {
                op: EditOp::Substitute,
                source: Span { start: 7, end: 2 },
                derived: Span { start: 0, end: 2 },
            }],
        };
        let _ = passage_side(&p, text, Side::Source);
        assert_eq!(
            passage_side(&p, text, Side::Derived),
            "<ins class=\"sub\">h\u{e9}</ins>"
        );
    }

    #[test]
    fn substitutions_are_marked_on_both_sides() {
        let (src, der) = ("they said no", "they stated no");
        let p = PassageEntry {
            source_span: Span { start: 0, end: 12 },
            derived_span: Span { start: 0, end: 14 },
            words: 3,
            edits: vec![
                EditEntry {
                    op: EditOp::Equal,
                    source: Span { start: 0, end: 4 },
                    derived: Span { start: 0, end: 4 },
                },
                EditEntry {
                    op: EditOp::Substitute,
                    source: Span { start: 5, end: 9 },
                    derived: Span { start: 5, end: 11 },
                },
                EditEntry {
                    op: EditOp::Equal,
                    source: Span { start: 10, end: 12 },
                    derived: Span { start: 12, end: 14 },
                },
            ],
        };
        assert_eq!(
            passage_side(&p, src, Side::Source),
            "they <del class=\"sub\">said</del> no"
        );
        assert_eq!(
            passage_side(&p, der, Side::Derived),
            "they <ins class=\"sub\">stated</ins> no"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_offsets_render_without_panic_or_raw_markup(
            text in "[a-z <>&\"é\u{1F600}\n]{0,60}",
            spans in proptest::collection::vec((0usize..80, 0usize..80), 0..5),
        ) {
            let flags = spans.iter().map(|&(s, e)| flag(s, e, "<r>")).collect();
            let copied: Vec<Copied<'_>> = spans
                .iter()
                .map(|&(s, e)| Copied {
                    span: Span { start: s as u32, end: e as u32 },
                    link_anchor: "l-x".into(),
                    source: "<s>",
                    slot: 3,
                })
                .collect();
            let h = article_text(&entry(flags), &text, &copied);
            let stripped = h
                .replace("<mark ", "").replace("</mark>", "")
                .replace("<span ", "").replace("</span>", "")
                .replace("<sup ", "").replace("</sup>", "")
                .replace("<a ", "").replace("</a>", "");
            proptest::prop_assert!(!stripped.contains('<'), "raw markup in {}", h);
            let p = PassageEntry {
                source_span: Span { start: 0, end: text.len() as u32 },
                derived_span: Span { start: 0, end: text.len() as u32 },
                words: 0,
                edits: spans
                    .iter()
                    .map(|&(s, e)| EditEntry {
                        op: EditOp::Substitute,
                        source: Span { start: s as u32, end: e as u32 },
                        derived: Span { start: e as u32, end: s as u32 },
                    })
                    .collect(),
            };
            for side in [Side::Source, Side::Derived] {
                let h = passage_side(&p, &text, side);
                let stripped = h.replace("<del class=\"sub\">", "").replace("</del>", "")
                    .replace("<ins class=\"sub\">", "").replace("</ins>", "");
                proptest::prop_assert!(!stripped.contains('<'));
            }
        }
    }
}
