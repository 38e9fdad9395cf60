//! Link-stage tests on hand-written articles (none from the sample corpus).

use super::*;
use crate::corpus::{Article, Meta};

fn art(id: &str, body: &str) -> Article {
    Article::new(id, id, Some(id), body.to_owned(), Meta::default())
}

fn run(articles: &[Article]) -> Links {
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::new(&a.text)).collect();
    link(articles, &docs, &LinkConfig::default())
}

const SOURCE: &str =
    "The council approved a new flood levee for the riverside suburb of Tarwin on Tuesday night. \
The mayor, Jo Halloran, said the decision ended a decade of argument. \
\"We have listened to every resident who lost a home in the floods,\" she said. \
Engineers estimate the levee will cost eighteen million dollars and take two years to build. \
Residents who oppose the plan say the wall will cut them off from the water. \
\"This is a wall between us and the river we love,\" said protest organiser Sam Briggs. \
The state government has promised to pay half of the cost. \
Work is due to begin in March, the council said, once the final design is approved. \
\"The first stage will protect the school and the hospital,\" Ms Halloran said.";

#[test]
fn spun_copy_is_linked_with_direction() {
    let derived = format!(
        "Unrelated opening about weather and sport. {} More filler about a football match.",
        "Engineers estimate the levee will cost eighteen million bucks and take two years to construct. \
         Residents who oppose the scheme say the wall will cut them off from the water."
    );
    let found = run(&[art("a", SOURCE), art("b", &derived)]);
    assert_eq!(found.links.len(), 1, "{:?}", found.links);
    let l = &found.links[0];
    assert_eq!(l.passages.len(), 1);
    assert!(l.passages[0].words >= 25);
    assert!(matches!(l.kind, LinkKind::Spun | LinkKind::Edited));
    assert_eq!((l.source, l.derived), (0, 1), "{:?}", l.direction);
    assert_eq!(
        l.direction.basis,
        DirectionBasis::Evidence,
        "{:?}",
        l.direction
    );
}

#[test]
fn publication_dates_decide_direction() {
    let copy = format!("Filler first. {SOURCE}");
    let mut early = art("late", &copy);
    early.meta.published = crate::corpus::Published::parse("2017-05-29").ok();
    let mut late = art("early", SOURCE);
    late.meta.published = crate::corpus::Published::parse("2017-05-30").ok();
    let found = run(&[late, early]);
    assert_eq!(found.links.len(), 1);
    assert_eq!((found.links[0].source, found.links[0].derived), (1, 0));
    assert_eq!(found.links[0].direction.basis, DirectionBasis::Published);
}

const REWRITE: &str =
    "Councillors in Tarwin backed a flood levee for the riverside suburb this week. \
Mayor Jo Halloran told reporters the vote closed ten years of dispute. \
She insisted: \"We have listened to every resident who lost a home in the floods.\" \
According to engineers, building the levee would require two years and eighteen million dollars. \
Opponents living nearby argue the wall separates them from the water. \
Organiser Sam Briggs called it \"a wall between us and the river we love\". \
Half the bill will be covered by the state government. \
Construction should start in March after the design gets final approval. \
Halloran added that \"the first stage will protect the school and the hospital\".";

#[test]
fn paraphrase_follows_publication_dates_when_known() {
    let mut first = art("rewrite", REWRITE);
    first.meta.published = crate::corpus::Published::parse("2017-05-01").ok();
    let mut second = art("src", SOURCE);
    second.meta.published = crate::corpus::Published::parse("2017-05-02").ok();
    let found = run(&[second, first]);
    let l = found
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Paraphrase)
        .expect("paraphrase");
    assert_eq!((l.source, l.derived), (1, 0));
    assert_eq!(l.direction.basis, DirectionBasis::Published);
    let text = &found_text(&l.passages[0], REWRITE);
    assert!(!text.is_empty());
}

fn found_text(p: &Passage, source_body: &str) -> String {
    let full = format!("rewrite\n\n{source_body}");
    full.get(p.source_span.range()).unwrap_or("").to_owned()
}

#[test]
fn paraphrase_is_linked_and_independent_report_is_not() {
    let rewrite = REWRITE;
    let independent = "Residents of Tarwin packed the town hall as the levee vote was taken. \
\"We have listened to every resident who lost a home in the floods,\" the mayor, Jo Halloran, told the meeting. \
Several speakers, including Sam Briggs, warned that a concrete barrier would ruin the riverbank. \
The project's budget was not discussed in detail at the meeting. \
Floods in Tarwin destroyed forty homes two winters ago, and insurers have since raised premiums. \
A spokesman for the state government declined to comment on funding.";
    let found = run(&[
        art("src", SOURCE),
        art("rewrite", rewrite),
        art("indep", independent),
    ]);
    let para: Vec<&Link> = found
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Paraphrase)
        .collect();
    assert_eq!(para.len(), 1, "{:?}", found.links);
    assert_eq!((para[0].source, para[0].derived), (0, 1));
    assert!(
        !found.links.iter().any(|l| l.source == 2 || l.derived == 2),
        "{:?}",
        found.links
    );
    assert!(found
        .stories
        .iter()
        .any(|s| s.members.contains(&0) && s.members.contains(&2)));
}

#[test]
fn shared_quote_alone_makes_no_link() {
    let other = "A different article about the vote. \
\"We have listened to every resident who lost a home in the floods,\" she said on Wednesday. \
Nothing else is shared with the council report at all.";
    let found = run(&[art("a", SOURCE), art("b", other)]);
    assert!(found.links.is_empty(), "{:?}", found.links);
}

fn bare_link(source: usize, derived: usize, basis: DirectionBasis) -> Link {
    Link {
        source,
        derived,
        kind: LinkKind::Verbatim,
        containment: 0.0,
        passages: Vec::new(),
        direction: align::Direction {
            basis,
            evidence: Vec::new(),
        },
        confidence: 0.0,
    }
}

proptest::proptest! {
    /// The per-article index of known sources lists what a scan of all links finds, in
    /// link order, for every article (and nothing for articles beyond the links).
    #[test]
    fn known_sources_match_a_scan_of_all_links(
        raw in proptest::collection::vec((0usize..12, 0usize..12, proptest::bool::ANY), 0..40)
    ) {
        let links: Vec<Link> = raw
            .iter()
            .map(|&(s, d, known)| {
                let basis = if known { DirectionBasis::Published } else { DirectionBasis::Unknown };
                bare_link(s, d, basis)
            })
            .collect();
        let index = KnownSources::new(&links);
        for x in 0..14 {
            let scan: Vec<(usize, usize)> = links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.direction.basis != DirectionBasis::Unknown && l.derived == x)
                .map(|(i, l)| (l.source, i))
                .collect();
            proptest::prop_assert_eq!(index.of(x), &scan[..]);
        }
    }
}
