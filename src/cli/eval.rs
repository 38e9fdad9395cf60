//! `churn eval passages`: passage and link detection scored on generated cases.

use super::output::Output;
use super::{EvalArgs, EvalTarget};
use anyhow::Context;
use churn::eval::passages::{self, name};
use churn::pipeline::Config;

pub fn run(args: EvalArgs, out: &Output) -> anyhow::Result<()> {
    match args.target {
        EvalTarget::Flags(a) => super::score::eval_flags(a, out),
        EvalTarget::Corpus(a) => {
            use std::io::Write;
            let file = std::fs::File::create(&a.out)
                .with_context(|| format!("creating {}", a.out.display()))?;
            let mut w = std::io::BufWriter::new(file);
            for (id, text, copy_of) in
                churn::eval::synth::random_articles(a.articles, a.copies, a.seed)
            {
                let line = serde_json::json!({ "id": id, "text": text, "copy_of": copy_of });
                writeln!(w, "{line}")?;
            }
            w.flush()?;
            out.summary(&format!(
                "wrote {} articles to {}",
                a.articles,
                a.out.display()
            ));
            Ok(())
        }
        EvalTarget::Passages(a) => {
            let text = std::fs::read_to_string(&a.from)
                .with_context(|| format!("reading source articles from {}", a.from.display()))?;
            let started = std::time::Instant::now();
            let m = passages::run(&text, a.cases, a.seed, &Config::default());
            out.detail(&format!("evaluated in {:.2?}", started.elapsed()));
            if a.json {
                out.stdout(&serde_json::to_string_pretty(&m)?);
                return Ok(());
            }
            let mut lines = vec![
                format!("cases {} ({} articles), seed {}", m.cases, m.articles, a.seed),
                format!(
                    "passages: precision {:.3}  recall {:.3}  granularity {:.3}  plagdet {:.3}",
                    m.precision, m.recall, m.granularity, m.plagdet
                ),
                format!(
                    "links: precision {:.3}  recall {:.3}  false links {} (negative articles in a false link: {:.1}%)",
                    m.link_precision,
                    m.link_recall,
                    m.false_links,
                    100.0 * m.false_link_rate
                ),
                format!(
                    "direction of found links: {} right, {} unknown, {} wrong",
                    m.direction.0, m.direction.1, m.direction.2
                ),
            ];
            for (kind, found, all) in &m.recall_by_kind {
                lines.push(format!("  link recall {:<11} {found}/{all}", name(*kind)));
            }
            lines.push(format!(
                "  paraphrase cases linked as kind paraphrase (the rest as copies): {}",
                m.paraphrase_kind
            ));
            out.stdout(&lines.join("\n"));
            Ok(())
        }
    }
}
