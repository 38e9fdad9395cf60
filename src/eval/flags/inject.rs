//! The generator's injections: Moby swaps, near misses, quotes, furniture, spun copies.

use super::{Label, Rng};
use crate::corpus::{Article, Meta, Published};
use crate::score::{lexicon::lexicon, FlagKind};
use crate::text::tokenize;
use std::collections::BTreeMap;

/// The Moby thesaurus (generator only; the scorer never reads it).
pub(super) fn moby() -> BTreeMap<&'static str, Vec<&'static str>> {
    include_str!("../../../data/lexicon/synonyms-moby.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (h, r) = l.split_once('\t')?;
            Some((h, r.split('|').collect()))
        })
        .collect()
}

/// Straight-quoted spans of a line with an attribution "Mr/Ms/Dr Name said" or "said Mr/Ms
/// Name" in the same sentence, found by the generator's own rule: (quote, speaker surname).
pub(super) fn attributed_quotes(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let parts: Vec<&str> = line.split('"').collect();
    for i in (1..parts.len()).step_by(2) {
        let quote = parts[i].trim().trim_end_matches([',', '.']);
        if quote.split_whitespace().count() < 6 {
            continue;
        }
        let after: Vec<&str> = parts
            .get(i + 1)
            .map_or(vec![], |a| a.split_whitespace().take(4).collect());
        let title = |w: &str| matches!(w, "Mr" | "Ms" | "Mrs" | "Dr");
        let name = match after.as_slice() {
            [t, n, s, ..] if title(t) && s.starts_with("said") => Some(*n),
            [s, t, n, ..] if *s == "said" && title(t) => Some(n.trim_end_matches(['.', ','])),
            _ => None,
        };
        if let Some(n) = name.filter(|n| n.chars().all(char::is_alphabetic)) {
            out.push((quote.to_owned(), n.to_owned()));
        }
    }
    out
}

/// A near-miss spelling of `word` that is another word, if one exists.
pub(super) fn near_miss(word: &str, rng: &mut Rng) -> Option<String> {
    const APOSTROPHE: [(&str, &str); 6] = [
        ("were", "we're"),
        ("its", "it's"),
        ("your", "you're"),
        ("whose", "who's"),
        ("well", "we'll"),
        ("lets", "let's"),
    ];
    if let Some((_, c)) = APOSTROPHE.iter().find(|(w, _)| *w == word) {
        return Some((*c).to_owned());
    }
    let lex = lexicon();
    let chars: Vec<char> = word.chars().collect();
    let mut cands = Vec::new();
    for i in 0..chars.len() {
        for l in 'a'..='z' {
            if l != chars[i] {
                let mut t = chars.clone();
                t[i] = l;
                cands.push(t.into_iter().collect::<String>());
            }
        }
        if i + 1 < chars.len() {
            let mut t = chars.clone();
            t.swap(i, i + 1);
            cands.push(t.into_iter().collect());
        }
    }
    cands.retain(|c| {
        c != word
            && lex.in_word_list(c)
            && lex.unigram(c) > 100_000
            && !c.starts_with(word)
            && !word.starts_with(c.as_str())
    });
    (!cands.is_empty()).then(|| cands.swap_remove(rng.below(cands.len())))
}

/// A Moby synonym of a content word that Moby lists back as its own first synonym (a
/// Moby-internal test of a strong pair; WordNet is never consulted).
pub(super) fn strong_synonym(word: &str, moby: &BTreeMap<&str, Vec<&str>>) -> Option<String> {
    if lexicon().is_very_common(word) {
        return None;
    }
    let cands = moby.get(word)?;
    cands
        .iter()
        .take(3)
        .find(|s| {
            !lexicon().is_very_common(s) && moby.get(*s).and_then(|l| l.first()) == Some(&word)
        })
        .map(|s| (*s).to_owned())
}

/// Assembles text from pieces, labelling the pieces that carry a label.
pub(super) fn assemble(
    pieces: &[(String, Option<FlagKind>)],
    article: usize,
    labels: &mut Vec<Label>,
) -> String {
    let mut text = String::new();
    for (p, kind) in pieces {
        if let Some(k) = kind {
            let body = p.trim();
            let start = text.len() + (p.len() - p.trim_start().len());
            labels.push((article, start..start + body.len(), Some(*k)));
        }
        text.push_str(p);
    }
    text
}

/// Splits a line into sentences at ". " followed by a capital or a quote.
pub(super) fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = line.as_bytes();
    for i in 1..b.len().saturating_sub(1) {
        if b[i - 1] == b'.' && b[i] == b' ' && (b[i + 1].is_ascii_uppercase() || b[i + 1] == b'"') {
            out.push(&line[start..i]);
            start = i + 1;
        }
    }
    out.push(&line[start..]);
    out
}

pub(super) fn article(id: String, text: String, day: u32) -> Article {
    let meta = Meta {
        published: Published::parse(&format!("2001-01-{day:02}")).ok(),
        ..Meta::default()
    };
    if text.contains('\n') {
        // A headline line (the first words) keeps later lines, such as furniture, in the body.
        let head: String = text
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
        Article::new(&id, &id, Some(&head), text, meta)
    } else {
        // One line: all body, so token indices match the line's.
        Article::new(&id, &id, None, text, meta)
    }
}

/// Builds a spun copy of `text` with its edit script: Moby swaps (spin), near misses
/// (garble) and unrelated words (paraphrase). Returns (text, substituted token indices
/// with their label kind).
pub(super) fn spun_copy(
    text: &str,
    rng: &mut Rng,
    moby: &BTreeMap<&str, Vec<&str>>,
    pool: &[&str],
) -> (String, Vec<(usize, Option<FlagKind>)>) {
    let tokens = tokenize(text);
    let mut order: Vec<usize> = (1..tokens.len()).collect();
    rng.shuffle(&mut order);
    let mut plan: Vec<(usize, String, Option<FlagKind>)> = Vec::new();
    let mut want = vec![
        Some(FlagKind::Spin),
        Some(FlagKind::Spin),
        Some(FlagKind::Garble),
        None,
    ];
    for i in order {
        let Some(kind) = want.last().copied() else {
            break;
        };
        let raw = tokens[i].span.slice(text);
        if !raw.chars().all(|c| c.is_ascii_lowercase())
            || raw.len() < 4
            || plan.iter().any(|p| p.0.abs_diff(i) < 2)
        {
            continue;
        }
        let new = match kind {
            Some(FlagKind::Spin) => strong_synonym(raw, moby),
            Some(_) => near_miss(raw, rng),
            None => Some(pool[rng.below(pool.len())].to_owned()),
        };
        if let Some(n) = new.filter(|n| tokenize(n).len() == 1 && n != raw) {
            plan.push((i, n, kind));
            want.pop();
        }
    }
    plan.sort_by_key(|p| p.0);
    let mut out = String::new();
    let mut last = 0;
    for (i, new, _) in &plan {
        let s = tokens[*i].span;
        out.push_str(&text[last..s.start as usize]);
        out.push_str(new);
        last = s.end as usize;
    }
    out.push_str(&text[last..]);
    (out, plan.into_iter().map(|(i, _, k)| (i, k)).collect())
}

/// True when the text before a word leaves a quotation open: its last straight quote mark
/// follows a space or starts the text (an opening mark), the generator's own rule.
pub(super) fn inside_quote(before: &str) -> bool {
    before
        .rfind('"')
        .is_some_and(|i| i == 0 || before.as_bytes()[i - 1].is_ascii_whitespace())
}

/// Furniture lines, written for the generator independently of `data/boilerplate.txt`.
pub(super) fn furniture(rng: &mut Rng, other: &str) -> String {
    let head: String = other
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ");
    match rng.below(6) {
        0 => "Share this article".to_owned(),
        1 => format!("Read more: {head}"),
        2 => format!("More news: {head}"),
        3 => "Photo: Dean Lewins/AAP".to_owned(),
        4 => format!("Related: {head}"),
        _ => "Share".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_rules_work_on_small_text() {
        let q = attributed_quotes(
            r#"He spoke. "We will fight them on every single beach," Mr Smith said. Then left."#,
        );
        assert_eq!(
            q,
            [(
                "We will fight them on every single beach".to_owned(),
                "Smith".to_owned()
            )]
        );
        let mut rng = Rng::new(1);
        assert_eq!(near_miss("were", &mut rng).as_deref(), Some("we're"));
        assert_eq!(
            sentences("One here. Two there. three"),
            ["One here.", "Two there. three"]
        );
    }
}
