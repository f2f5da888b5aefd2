//! Where the prover's costs are paid: wall time per stage (from jolt-core's `tracing` spans),
//! proof bytes per component, and committed polynomials and bits per cycle.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use ark_serialize::{CanonicalSerialize, Compress};
use jolt_core::JoltProof;
use jolt_core::pcs::CommitmentScheme;
use jolt_core::polys::PolyLayout;
use jolt_core::preprocessing::ProgramPreprocessing;
use math::MultilinearPolynomial;
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

/// Proof bytes per component, in proof order (compressed encoding).
pub fn proof_sizes<C: CommitmentScheme>(proof: &JoltProof<C>) -> Vec<(&'static str, usize)> {
    let size = |v: &dyn Sized_| v.size();
    vec![
        ("commitments", size(&proof.commitments)),
        (
            "bytecode + lookup memories (read-only checking)",
            size(&proof.read_only),
        ),
        (
            "registers + RAM (read-write checking)",
            size(&proof.read_write),
        ),
        ("per-slot evaluations", size(&proof.slot_evaluations)),
        (
            "instruction lookups (primary sum-check)",
            size(&proof.primary),
        ),
        ("R1CS (Spartan)", size(&proof.r1cs)),
        ("batched opening", size(&proof.opening)),
    ]
}

/// Object-safe view of `CanonicalSerialize::serialized_size`.
trait Sized_ {
    fn size(&self) -> usize;
}

impl<T: CanonicalSerialize> Sized_ for T {
    fn size(&self) -> usize {
        self.serialized_size(Compress::Yes)
    }
}

/// What the prover commits to for one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommittedShape {
    /// $\log_2 T$ of the padded trace.
    pub log_cycles: usize,
    /// Committed polynomials in all.
    pub polynomials: usize,
    /// Of which per-cycle columns (length $T$).
    pub trace_columns: usize,
    /// Timestamp range-check chunk and count columns (length $4T$).
    pub range_columns: usize,
    /// Per-program columns (bytecode, subtable and memory final state), independent of $T$.
    pub fixed_columns: usize,
    /// Field-element slots committed per cycle (trace columns + 4 per range column).
    pub slots_per_cycle: usize,
    /// Bits per cycle, at each column's storage width (bool 1, u8 8, …, field 254).
    pub bits_per_cycle: usize,
}

/// Storage width in bits of a committed polynomial's entries.
fn width(p: &MultilinearPolynomial) -> usize {
    match p {
        MultilinearPolynomial::Dense(_) => 254,
        MultilinearPolynomial::Bool(_) => 1,
        MultilinearPolynomial::U8(_) => 8,
        MultilinearPolynomial::U16(_) => 16,
        MultilinearPolynomial::U32(_) => 32,
        MultilinearPolynomial::U64(_) => 64,
    }
}

/// A proof together with where its costs went.
#[derive(Clone, Debug)]
pub struct ProfiledProof<C: CommitmentScheme> {
    /// The proof.
    pub proof: Proof<C>,
    /// What was committed.
    pub shape: CommittedShape,
}

/// Proves `input` like [`Prover::prove`], also reporting the committed shape. Wrap it in a
/// subscriber with a [`StageTimer`] to get the per-stage times.
pub fn prove_profiled<C: HostPcs>(
    prover: &Prover<C>,
    input: &[u8],
) -> Result<ProfiledProof<C>, HostError> {
    let pp = prover.preprocessing();
    let execution = jolt_core::prover::execute(pp, input)?;
    let io = execution.io.clone();
    let witness = jolt_core::prover::build_witness(pp, execution)?;
    let shape = shape(&pp.shared, &witness);
    let proof = jolt_core::prover::prove_witness(pp, &io, &witness)?;
    drop(witness);
    Ok(ProfiledProof {
        proof: Proof {
            io,
            proof,
            max_log_cycles: prover.max_log_cycles(),
            program_digest: pp.shared.digest,
        },
        shape,
    })
}

fn shape(shared: &ProgramPreprocessing, witness: &jolt_core::witness::Witness) -> CommittedShape {
    let layout = PolyLayout::new(shared, witness.log_cycles);
    let range_columns = 2 * layout.range_chunks;
    let range_bits: usize = witness
        .range
        .chunks
        .iter()
        .chain(&witness.range.read_counts)
        .map(width)
        .sum();
    CommittedShape {
        log_cycles: witness.log_cycles,
        polynomials: layout.len(),
        trace_columns: layout.columns,
        range_columns,
        fixed_columns: layout.len() - layout.columns - range_columns,
        slots_per_cycle: layout.columns + 4 * range_columns,
        bits_per_cycle: witness.columns.iter().map(width).sum::<usize>() + 4 * range_bits,
    }
}
