//! Where the prover's costs are paid: wall time per stage (from jolt-core's `tracing` spans),
//! proof bytes per component and committed polynomials and bits per cycle (jolt-core's
//! [`report`](jolt_core::report)) for a run that fits one shard; a sharded run reports its
//! shards.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jolt_core::pcs::CommitmentScheme;
use jolt_core::shard::{ShardEvent, ShardPlan, ShardedProof};
use tracing::span;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

use crate::error::HostError;
use crate::proof_file::Proof;
use crate::prover::Prover;
use crate::scheme::HostPcs;

/// Wall time of one span name at one nesting depth, summed over its occurrences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageTime {
    /// The span's name (jolt-core's: `trace`, `witness`, `commit`, `r1cs`, ...).
    pub name: &'static str,
    /// Nesting depth (0 = outermost).
    pub depth: usize,
    /// Total wall time.
    pub total: Duration,
    /// How many spans were closed.
    pub count: u32,
}

type StageCallback = Arc<dyn Fn(&'static str, usize) + Send + Sync>;

/// A `tracing_subscriber` layer that times every span (INFO level and above, as the
/// subscriber filters) and can report each stage as it starts (for progress displays).
#[derive(Clone, Default)]
pub struct StageTimer {
    stages: Arc<Mutex<Vec<StageTime>>>,
    on_start: Option<StageCallback>,
}

impl std::fmt::Debug for StageTimer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StageTimer")
            .field("stages", &self.stages())
            .finish_non_exhaustive()
    }
}

struct Started(Instant, usize);

impl StageTimer {
    /// A timer that also calls `on_start(name, depth)` whenever a span opens.
    pub fn with_callback(on_start: impl Fn(&'static str, usize) + Send + Sync + 'static) -> Self {
        Self {
            stages: Arc::default(),
            on_start: Some(Arc::new(on_start)),
        }
    }

    /// The stages timed so far, in the order they first started.
    pub fn stages(&self) -> Vec<StageTime> {
        self.stages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl<S> Layer<S> for StageTimer
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &span::Attributes<'_>, id: &span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let depth = span.scope().skip(1).count();
        span.extensions_mut().insert(Started(Instant::now(), depth));
        // Reserve the stage's slot now, so stages are listed in the order they start.
        let name = attrs.metadata().name();
        let mut stages = self.stages.lock().unwrap_or_else(PoisonError::into_inner);
        if !stages.iter().any(|s| s.name == name && s.depth == depth) {
            stages.push(StageTime {
                name,
                depth,
                total: Duration::ZERO,
                count: 0,
            });
        }
        drop(stages);
        if let Some(callback) = &self.on_start {
            callback(name, depth);
        }
    }

    fn on_close(&self, id: span::Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(&Started(start, depth)) = span.extensions().get::<Started>() else {
            return;
        };
        let name = span.name();
        let mut stages = self.stages.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = stages
            .iter_mut()
            .find(|s| s.name == name && s.depth == depth)
        {
            s.total += start.elapsed();
            s.count += 1;
        }
    }
}

pub use jolt_core::report::{CommittedReport, proof_sizes};

/// A proof together with what it committed to.
#[derive(Clone, Debug)]
pub struct ProfiledProof<C: CommitmentScheme> {
    /// The proof.
    pub proof: Proof<C>,
    /// Committed polynomials, elements and bits, per component ([`CommittedReport`]), for a
    /// run that fits one shard (`None` for a sharded run: each shard commits to its own
    /// columns, and [`ShardPlan`] says how many there are).
    pub committed: Option<CommittedReport>,
}

/// Proves `input` like [`Prover::prove_plan`] (no memory check: the caller has `plan` and can
/// check [`Prover::footprint`]), also reporting what was committed when the run fits one
/// shard. Wrap it in a subscriber with a [`StageTimer`] to get the per-stage times.
pub fn prove_profiled<C: HostPcs>(
    prover: &Prover<C>,
    input: &[u8],
    plan: &ShardPlan,
    progress: &mut dyn FnMut(ShardEvent),
) -> Result<ProfiledProof<C>, HostError> {
    if plan.shards.len() != 1 {
        let proof = prover.prove_plan(input, plan, progress)?;
        return Ok(ProfiledProof {
            proof,
            committed: None,
        });
    }
    // One shard: the whole-run prover gives the same proof (a one-shard proof is the
    // whole-run proof) and counts what it commits to.
    progress(ShardEvent::Planned {
        shards: 1,
        rows: plan.rows(),
    });
    let pp = prover.preprocessing();
    let (io, proof, committed) = jolt_core::prover::prove_with_report(pp, input)
        .map_err(crate::prover::explain_cycle_limit)?;
    progress(ShardEvent::Proved {
        index: 0,
        shards: 1,
        proof_bytes: proof.size_in_bytes(),
    });
    Ok(ProfiledProof {
        proof: Proof {
            io,
            proof: ShardedProof {
                boundary_pcs: Vec::new(),
                shards: vec![proof],
            },
            max_log_cycles: prover.max_log_cycles(),
            program_digest: pp.shared.digest,
        },
        committed: Some(committed),
    })
}

/// Proof bytes per component ([`proof_sizes`]), summed over the shards, with the sharded
/// encoding's own bytes (shard count, boundary pcs) as the last entry; the sizes add up to
/// [`ShardedProof::size_in_bytes`].
pub fn sharded_proof_sizes<C: CommitmentScheme>(
    proof: &ShardedProof<C>,
) -> Vec<(&'static str, usize)> {
    let mut sizes: Vec<(&'static str, usize)> = Vec::new();
    for shard in &proof.shards {
        for (name, n) in proof_sizes(shard) {
            match sizes.iter_mut().find(|(known, _)| *known == name) {
                Some((_, total)) => *total += n,
                None => sizes.push((name, n)),
            }
        }
    }
    let counted: usize = sizes.iter().map(|(_, n)| n).sum();
    sizes.push((
        "shard framing (counts, boundary pcs)",
        proof.size_in_bytes().saturating_sub(counted),
    ));
    sizes
}
