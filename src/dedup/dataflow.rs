//! The near-duplicate engine on timely dataflow: the same results on one thread, many threads
//! or many processes across machines.
//!
//! Every worker computes the same [`crate::corpus::plan`] and reads the shards `i` with
//! `i % peers == index`; an article is named by its order key (source, byte offset), which sorts
//! like the single-process input order, and its owner is the worker that read it. Then:
//!
//! 1. each owner shingles and signs its articles and sends `(band key, band, article)` records
//!    to the worker `key % peers`, so each key's records meet on one worker;
//! 2. that worker sorts its records and links each run of equal keys with the same
//!    [`crate::lsh::banding::link_runs`] as the single-process engine;
//! 3. candidate `(a, b)` goes to `b`'s owner, which removes repeats and sends `b`'s sorted
//!    shingles and signature to `a`'s owner, which verifies the pair exactly;
//! 4. the owners of articles in a verified pair (or first in a capped bucket) send them to
//!    worker 0, which clusters and labels with the same [`super::assemble`] as the
//!    single-process engine.
//!
//! Only articles in some near-duplicate pair travel to worker 0, with their shingles.

use super::store::ShingleStore;
use super::{assemble, DedupConfig, Entry, NearDuplicates, SketchScratch, Sketcher, Verified};
use crate::corpus::{self, LoadOptions, LoadStats, Shard, Warning};
use crate::error::{Error, Result};
use crate::lsh::{self, banding::link_runs, LshParams, Similarity};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::{Operator, Probe, ToStream};
use timely::dataflow::{ProbeHandle, Scope, Stream};

/// Where worker 0 leaves the result for its thread to return.
type ResultSlot = Rc<RefCell<Option<(NearDuplicates, LoadStats)>>>;

/// Where and how the dataflow runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    /// Worker threads in this process. By default, 1.
    pub workers: usize,
    /// This process's index, from 0.
    pub process: usize,
    /// `host:port` of every process, in process order; empty for a single process.
    pub hosts: Vec<String>,
}

impl Default for Execution {
    fn default() -> Self {
        Execution {
            workers: 1,
            process: 0,
            hosts: Vec::new(),
        }
    }
}

impl Execution {
    fn config(&self) -> timely::Config {
        if self.hosts.len() <= 1 {
            return timely::Config::process(self.workers.max(1));
        }
        timely::Config {
            communication: timely::CommunicationConfig::Cluster {
                threads: self.workers.max(1),
                process: self.process,
                addresses: self.hosts.clone(),
                report: false,
                zerocopy: false,
            },
            worker: timely::WorkerConfig::default(),
        }
    }
}

/// What one worker holds per article it read.
struct Local {
    order: u64,
    entry: Entry,
    signature: Vec<u32>,
    sorted: bool,
}

impl Local {
    fn sorted_shingles(&mut self) -> &[u32] {
        if !self.sorted {
            self.entry.sort_shingles();
            self.sorted = true;
        }
        &self.entry.shingles
    }
}

/// Messages after banding, routed to the owner named by [`Step::to`].
#[derive(Clone, Debug, Serialize, Deserialize)]
enum Step {
    /// A candidate pair (order keys, `a < b`).
    Candidate(u64, u64),
    /// A bucket over the cap.
    Capped(CappedOut),
    /// `b`'s data, for `a`'s owner to verify against `a`.
    Verify {
        a: u64,
        b: u64,
        shingles: Vec<u32>,
        signature: Vec<u32>,
    },
    /// An article worker 0 needs.
    Involved(u64),
    /// A verified pair.
    Edge(u64, u64, [f64; 3]),
    /// An article's data, for worker 0.
    Article(u64, Entry, Vec<u32>),
    /// Counts from one worker: articles, empty articles, distinct candidates, load stats.
    Counts([u64; 7]),
}

/// A capped bucket, on its way to worker 0.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct CappedOut {
    band: u32,
    key: u64,
    size: u64,
    first: u64,
}

/// Which worker owns an order key: the one that read the shard holding it.
#[derive(Clone)]
struct Owners {
    starts: Arc<Vec<u64>>,
    peers: u64,
}

impl Owners {
    fn new(shards: &[Shard], peers: usize) -> Owners {
        let starts = shards
            .iter()
            .map(|s| corpus::order_key(s.source, s.range.map_or(0, |r| r.0)))
            .collect();
        Owners {
            starts: Arc::new(starts),
            peers: peers as u64,
        }
    }

    fn of(&self, order: u64) -> u64 {
        let shard = self
            .starts
            .partition_point(|&s| s <= order)
            .saturating_sub(1);
        shard as u64 % self.peers
    }

    fn route(&self, step: &Step) -> u64 {
        match step {
            Step::Candidate(_, b) => self.of(*b),
            Step::Capped(c) => self.of(c.first),
            Step::Verify { a, .. } => self.of(*a),
            Step::Involved(o) => self.of(*o),
            Step::Edge(..) | Step::Article(..) | Step::Counts(_) => 0,
        }
    }
}

/// Runs the engine over `inputs` on timely dataflow.
///
/// Returns the result on the process that hosts worker 0 and `None` on the others.
/// `on_connected` is called once every process has connected and the workers have started.
///
/// # Errors
///
/// Bad parameters, unreadable inputs, a warning under `--strict`, or a failure to start the
/// workers (e.g. a process address that cannot be bound).
pub fn run(
    inputs: &[PathBuf],
    options: &LoadOptions,
    config: &DedupConfig,
    execution: &Execution,
    on_warning: Arc<dyn Fn(&Warning) + Send + Sync>,
    on_connected: impl FnOnce(),
) -> Result<Option<(NearDuplicates, LoadStats)>> {
    let params = lsh::optimal_params(config.threshold, config.num_perm, config.bands, config.rows)?;
    let shared = Arc::new((inputs.to_vec(), options.clone(), config.clone()));
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let worker_errors = errors.clone();
    let guards = timely::execute(execution.config(), move |worker| {
        let (inputs, options, config) = &*shared;
        let index = worker.index();
        let peers = worker.peers();
        let result = Rc::new(RefCell::new(None));
        let shards = match corpus::plan(inputs, options, peers) {
            Ok(shards) => shards,
            Err(e) => {
                lock(&worker_errors).push(e.to_string());
                Vec::new()
            }
        };
        let owners = Owners::new(&shards, peers);
        let (locals, stats) = match read_mine(&shards, index, peers, options, config, &on_warning) {
            Ok(read) => read,
            Err(e) => {
                lock(&worker_errors).push(e.to_string());
                (Vec::new(), LoadStats::default())
            }
        };
        let probe = ProbeHandle::new();
        let sink = result.clone();
        worker.dataflow::<u64, _, _>(|scope| {
            let sink = (index == 0).then_some(sink);
            build(scope, locals, stats, owners, config.clone(), params, sink).probe_with(&probe);
        });
        while !probe.done() {
            worker.step();
        }
        let found = result.borrow_mut().take();
        found
    })
    .map_err(|e| Error::Input(format!("could not start the dataflow workers: {e}")))?;
    on_connected();
    let mut found = None;
    for guard in guards.join() {
        match guard {
            Ok(Some(out)) => found = Some(out),
            Ok(None) => {}
            Err(e) => lock(&errors).push(format!("a worker failed: {e}")),
        }
    }
    if let Some(first) = lock(&errors).first() {
        return Err(Error::Input(first.clone()));
    }
    Ok(found)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Reads this worker's shards and shingles and signs their articles.
fn read_mine(
    shards: &[Shard],
    index: usize,
    peers: usize,
    options: &LoadOptions,
    config: &DedupConfig,
    on_warning: &Arc<dyn Fn(&Warning) + Send + Sync>,
) -> Result<(Vec<Local>, LoadStats)> {
    let sketcher = Sketcher::new(config);
    let mut scratch = SketchScratch::default();
    let mut locals = Vec::new();
    let mut total = LoadStats::default();
    for shard in shards.iter().skip(index).step_by(peers) {
        let stats = corpus::read_shard(
            shard,
            options,
            |batch| {
                for (order, article) in batch {
                    let mut signature = vec![0u32; config.num_perm];
                    let entry = Entry::of(&article, &sketcher, &mut scratch, &mut signature);
                    locals.push(Local {
                        order,
                        entry,
                        signature,
                        sorted: false,
                    });
                }
                Ok(())
            },
            |w| on_warning(w),
        )?;
        total.articles += stats.articles;
        total.skipped += stats.skipped;
        total.warnings += stats.warnings;
        total.bytes += stats.bytes;
    }
    Ok((locals, total))
}

/// Builds the dataflow; its output is empty, and the worker given a `sink` (worker 0) leaves
/// the result there.
fn build<'s>(
    scope: Scope<'s, u64>,
    locals: Vec<Local>,
    stats: LoadStats,
    owners: Owners,
    config: DedupConfig,
    params: LshParams,
    sink: Option<ResultSlot>,
) -> Stream<'s, u64, Vec<Step>> {
    let mut records = Vec::new();
    for l in locals.iter().filter(|l| !l.entry.shingles.is_empty()) {
        for band in 0..params.bands {
            let slots = &l.signature[band * params.rows..(band + 1) * params.rows];
            records.push((lsh::banding::band_key(band, slots), band as u32, l.order));
        }
    }
    let empty = locals
        .iter()
        .filter(|l| l.entry.shingles.is_empty())
        .count();
    let counts = [
        locals.len() as u64,
        empty as u64,
        0,
        stats.articles as u64,
        stats.skipped as u64,
        stats.warnings as u64,
        stats.bytes,
    ];
    let table = Rc::new(RefCell::new(locals));
    let cap = config.max_bucket.max(2);
    let threshold = config.threshold;
    let route = move |o: &Owners| {
        let o = o.clone();
        move |s: &Step| o.route(s)
    };
    let bucketed = stage(
        records.to_stream(scope),
        |r: &(u64, u32, u64)| r.0,
        "Bucket",
        move |r| bucket(r, cap),
    );
    let attached = stage(bucketed, route(&owners), "Attach", {
        let table = table.clone();
        move |steps| attach(steps, &table, counts)
    });
    let verified = stage(attached, route(&owners), "Verify", {
        let table = table.clone();
        move |steps| verify(steps, &table, threshold)
    });
    let collected = stage(verified, route(&owners), "Collect", move |steps| {
        collect(steps, &table)
    });
    stage(collected, route(&owners), "Assemble", move |steps| {
        if let Some(sink) = &sink {
            *sink.borrow_mut() = Some(finish(steps, config.clone(), params));
        }
        Vec::new()
    })
}

/// One stage: routes records to workers, waits until all have arrived, and hands them to
/// `logic` once (also when none arrived, so every worker reports its counts).
fn stage<'s, T: timely::ExchangeData>(
    input: Stream<'s, u64, Vec<T>>,
    route: impl Fn(&T) -> u64 + 'static,
    name: &str,
    mut logic: impl FnMut(Vec<T>) -> Vec<Step> + 'static,
) -> Stream<'s, u64, Vec<Step>> {
    input
        .unary_frontier(Exchange::new(route), name, move |capability, _| {
            let mut stash = Vec::new();
            let mut capability = Some(capability);
            move |(input, frontier), output| {
                input.for_each(|_, data| stash.append(data));
                if frontier.is_empty() {
                    if let Some(c) = capability.take() {
                        let mut session = output.session(&c);
                        for step in logic(std::mem::take(&mut stash)) {
                            session.give(step);
                        }
                    }
                }
            }
        })
        .container::<Vec<Step>>()
}

/// Step 2: sorts band records and links runs of equal keys, band by band.
fn bucket(mut records: Vec<(u64, u32, u64)>, cap: usize) -> Vec<Step> {
    records.sort_unstable_by_key(|&(key, band, order)| (band, key, order));
    let (mut out, mut capped) = (Vec::new(), Vec::new());
    for run in records.chunk_by(|x, y| x.1 == y.1) {
        let band = run[0].1;
        let keyed: Vec<(u64, u64)> = run.iter().map(|&(key, _, order)| (key, order)).collect();
        let mut capped_keys = keyed
            .chunk_by(|x, y| x.0 == y.0)
            .filter(|r| r.len() > cap)
            .map(|r| r[0].0);
        link_runs(
            &keyed,
            cap,
            |a, b| out.push(Step::Candidate(a, b)),
            |size, first| {
                let key = capped_keys
                    .next()
                    .expect("link_runs reports each oversized run once, in order");
                capped.push(Step::Capped(CappedOut {
                    band,
                    key,
                    size: size as u64,
                    first,
                }));
            },
        );
    }
    out.append(&mut capped);
    out
}

/// Finds a local article by order key.
fn find(table: &mut [Local], order: u64) -> Option<&mut Local> {
    let i = table.binary_search_by_key(&order, |l| l.order).ok()?;
    table.get_mut(i)
}

/// Step 3a, at `b`'s owner: removes repeated candidates and sends `b`'s data to `a`'s owner.
fn attach(steps: Vec<Step>, table: &RefCell<Vec<Local>>, mut counts: [u64; 7]) -> Vec<Step> {
    let mut table = table.borrow_mut();
    let mut pairs = Vec::new();
    let mut out = Vec::new();
    for step in steps {
        match step {
            Step::Candidate(a, b) => pairs.push((a, b)),
            Step::Capped(c) => {
                out.push(Step::Involved(c.first));
                out.push(Step::Capped(c));
            }
            other => out.push(other),
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    counts[2] = pairs.len() as u64;
    out.push(Step::Counts(counts));
    for (a, b) in pairs {
        if let Some(local) = find(&mut table, b) {
            let shingles = local.sorted_shingles().to_vec();
            out.push(Step::Verify {
                a,
                b,
                shingles,
                signature: local.signature.clone(),
            });
        }
    }
    out
}

/// Step 3b, at `a`'s owner: exact similarity; pairs at or above the threshold go on.
fn verify(steps: Vec<Step>, table: &RefCell<Vec<Local>>, threshold: f64) -> Vec<Step> {
    let mut table = table.borrow_mut();
    let mut out = Vec::new();
    for step in steps {
        match step {
            Step::Verify { a, b, shingles, .. } => {
                let Some(local) = find(&mut table, a) else {
                    continue;
                };
                let s = Similarity::of(local.sorted_shingles(), &shingles);
                if s.jaccard >= threshold {
                    out.push(Step::Edge(
                        a,
                        b,
                        [s.jaccard, s.containment_a_in_b, s.containment_b_in_a],
                    ));
                    out.push(Step::Involved(a));
                    out.push(Step::Involved(b));
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Step 4, at each owner: sends every article worker 0 needs, once.
fn collect(steps: Vec<Step>, table: &RefCell<Vec<Local>>) -> Vec<Step> {
    let mut table = table.borrow_mut();
    let mut wanted = Vec::new();
    let mut out = Vec::new();
    for step in steps {
        match step {
            Step::Involved(order) => wanted.push(order),
            other => out.push(other),
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    for order in wanted {
        if let Some(local) = find(&mut table, order) {
            local.sorted_shingles();
            out.push(Step::Article(
                order,
                local.entry.clone(),
                local.signature.clone(),
            ));
        }
    }
    out
}

/// Step 5, at worker 0: the same assembly as the single-process engine.
fn finish(steps: Vec<Step>, config: DedupConfig, params: LshParams) -> (NearDuplicates, LoadStats) {
    let mut articles = Vec::new();
    let mut edges = Vec::new();
    let mut capped = Vec::new();
    let mut totals = [0u64; 7];
    for step in steps {
        match step {
            Step::Article(order, entry, signature) => articles.push((order, entry, signature)),
            Step::Edge(a, b, s) => edges.push((a, b, s)),
            Step::Capped(c) => capped.push(c),
            Step::Counts(c) => totals.iter_mut().zip(c).for_each(|(t, c)| *t += c),
            _ => {}
        }
    }
    articles.sort_unstable_by_key(|a| a.0);
    let dense = |order: u64| {
        articles
            .binary_search_by_key(&order, |a| a.0)
            .expect("every article in an edge or capped bucket was collected") as u32
    };
    let pairs = edges
        .iter()
        .map(|&(a, b, s)| {
            let similarity = Similarity {
                jaccard: s[0],
                containment_a_in_b: s[1],
                containment_b_in_a: s[2],
            };
            (dense(a), dense(b), similarity)
        })
        .collect();
    capped.sort_unstable_by_key(|c| (c.band, c.key));
    let capped = capped
        .iter()
        .map(|c| (c.band as usize, c.size as usize, dense(c.first)))
        .collect();
    let entries: Vec<Entry> = articles.into_iter().map(|a| a.1).collect();
    let mut shingles = ShingleStore::default();
    for e in &entries {
        shingles.push(&e.shingles);
    }
    let found = assemble(Verified {
        config,
        params,
        articles: totals[0] as usize,
        empty: totals[1] as usize,
        candidates: totals[2] as usize,
        entries: &entries,
        shingles: &shingles,
        pairs,
        capped,
    });
    let stats = LoadStats {
        articles: totals[3] as usize,
        skipped: totals[4] as usize,
        warnings: totals[5] as usize,
        bytes: totals[6],
    };
    (found, stats)
}
