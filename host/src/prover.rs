//! Preprocess once, then prove and verify many runs.

use std::path::Path;

use jolt_core::pcs::Hyrax;
use jolt_core::shard::{ShardEvent, ShardPlan};
use jolt_core::{ProveError, ProverPreprocessing, PublicIo, VerifierPreprocessing};

use crate::error::HostError;
use crate::footprint::{self, Footprint};
use crate::program::GuestProgram;
use crate::proof_file::{Proof, ProofFileError, Reader};
use crate::scheme::HostPcs;
use crate::statement::Expectations;

/// The default trace-length bound: $2^{20}$ rows, the largest shard the preprocessing proves.
pub const DEFAULT_MAX_LOG_CYCLES: usize = 20;

/// The default shard size ($\log_2$ rows) when it is below the trace bound: about 11 GiB of
/// prover memory per shard ([`footprint`]).
pub const DEFAULT_SHARD_LOG_ROWS: usize = 20;

/// Proves runs of one program. Made by [`preprocess`]; reusable for any number of inputs.
///
/// A run is proven in **shards** (continuations, DESIGN.md §11) of at most
/// `2^shard_log_rows - 1` trace rows each: the prover holds one shard at a time, so memory is
/// set by the shard size ([`footprint`]), not by the run's length; the verifier's work and
/// the proof grow linearly with the number of shards. A run that fits one shard gives a
/// one-shard proof, byte for byte the whole-run proof. The run's length is bounded only by
/// [`max_cycles`](Self::max_cycles) instructions.
#[derive(Clone, Debug)]
pub struct Prover<C: HostPcs = Hyrax> {
    guest: GuestProgram,
    preprocessing: ProverPreprocessing<C>,
    vk: C::VerifierKey,
    shard_log_rows: usize,
    max_cycles: u64,
}

/// Verifies proofs of one program. Made by [`preprocess`] or [`Verifier::new`].
#[derive(Clone, Debug)]
pub struct Verifier<C: HostPcs = Hyrax> {
    preprocessing: VerifierPreprocessing<C>,
}

/// Derives everything structural from the program (bytecode, memory layout, R1CS key) and
/// sets up the commitment scheme for traces of up to `2^max_log_cycles` cycles.
///
/// This is the expensive, once-per-program step; keep the [`Prover`] and [`Verifier`] (or
/// save them with [`Prover::save`] / [`Verifier::save`]).
pub fn preprocess<C: HostPcs>(
    guest: &GuestProgram,
    max_log_cycles: usize,
    params: &C::Params,
) -> Result<(Prover<C>, Verifier<C>), HostError> {
    let (pp, vp) = jolt_core::preprocess::<C>(guest.program(), max_log_cycles, params)?;
    Ok((
        Prover::from_parts(guest.clone(), pp, vp.vk.clone()),
        Verifier { preprocessing: vp },
    ))
}

impl<C: HostPcs> Prover<C> {
    /// A prover with the default shard size and cycle limit.
    fn from_parts(
        guest: GuestProgram,
        preprocessing: ProverPreprocessing<C>,
        vk: C::VerifierKey,
    ) -> Self {
        let shard_log_rows = preprocessing
            .shared
            .max_log_cycles
            .min(DEFAULT_SHARD_LOG_ROWS);
        Self {
            guest,
            preprocessing,
            vk,
            shard_log_rows,
            max_cycles: tracer::DEFAULT_MAX_CYCLES,
        }
    }

    /// Proves in shards of at most `2^shard_log_rows - 1` rows: smaller shards need less
    /// memory ([`footprint`]) and give more of them (a larger proof, a slower verifier). At
    /// most the trace bound ([`max_log_cycles`](Self::max_log_cycles)), checked when proving.
    #[must_use]
    pub fn with_shard_log_rows(mut self, shard_log_rows: usize) -> Self {
        self.shard_log_rows = shard_log_rows;
        self
    }

    /// Stops a run after `max_cycles` RV32IM instructions with [`HostError::CycleLimit`]
    /// (default [`tracer::DEFAULT_MAX_CYCLES`]).
    #[must_use]
    pub fn with_max_cycles(mut self, max_cycles: u64) -> Self {
        self.max_cycles = max_cycles;
        self
    }

    /// The shard size ($\log_2$ rows).
    pub fn shard_log_rows(&self) -> usize {
        self.shard_log_rows
    }

    /// The cycle limit (RV32IM instructions).
    pub fn max_cycles(&self) -> u64 {
        self.max_cycles
    }

    /// Runs the program on `input` and proves the run, in shards.
    ///
    /// Before proving, the peak memory of the largest shard is estimated and compared with
    /// the memory available ([`Footprint::check`]): a shard that cannot fit is an error naming
    /// a shard size that does. A guest panic is proven too (the proof shows the panic flag and
    /// message); check `proof.io.panicked`. Running out of cycles is an error naming the
    /// limit to raise.
    pub fn prove(&self, input: &[u8]) -> Result<Proof<C>, HostError> {
        let _span = tracing::info_span!("prove_run", input_len = input.len()).entered();
        let plan = self.plan(input)?;
        self.footprint(&plan).check(footprint::available_memory())?;
        self.prove_plan(input, &plan, &mut |_| {})
    }

    /// Pass 1: runs the program on `input` and cuts the run into shards (nothing is proven).
    pub fn plan(&self, input: &[u8]) -> Result<ShardPlan, HostError> {
        let max_log_cycles = self.max_log_cycles();
        if self.shard_log_rows > max_log_cycles {
            return Err(HostError::ShardTooLarge {
                shard_log_rows: self.shard_log_rows,
                max_log_cycles,
            });
        }
        jolt_core::shard::plan(
            &self.preprocessing,
            input,
            self.shard_log_rows,
            self.max_cycles,
        )
        .map_err(explain_cycle_limit)
    }

    /// The estimated peak memory of proving `plan`'s largest shard.
    pub fn footprint(&self, plan: &ShardPlan) -> Footprint {
        Footprint::of_plan(&self.preprocessing, plan)
    }

    /// Pass 2: proves the run `plan` (made by [`plan`](Self::plan) on the same `input`), one
    /// shard at a time, telling `progress` about each shard. Checks no memory.
    pub fn prove_plan(
        &self,
        input: &[u8],
        plan: &ShardPlan,
        progress: &mut dyn FnMut(ShardEvent),
    ) -> Result<Proof<C>, HostError> {
        progress(ShardEvent::Planned {
            shards: plan.shards.len(),
            rows: plan.rows(),
        });
        let proof = jolt_core::shard::prove_plan(&self.preprocessing, input, plan, progress)
            .map_err(explain_cycle_limit)?;
        Ok(Proof {
            io: plan.io.clone(),
            proof,
            max_log_cycles: self.max_log_cycles(),
            program_digest: self.preprocessing.shared.digest,
        })
    }

    /// The program.
    pub fn guest(&self) -> &GuestProgram {
        &self.guest
    }

    /// The trace-length bound ($\log_2$; at least jolt-core's minimum).
    pub fn max_log_cycles(&self) -> usize {
        self.preprocessing.shared.max_log_cycles
    }

    /// The jolt-core preprocessing.
    pub fn preprocessing(&self) -> &ProverPreprocessing<C> {
        &self.preprocessing
    }

    /// The verifier for the same program and bound.
    pub fn verifier(&self) -> Verifier<C> {
        Verifier {
            preprocessing: VerifierPreprocessing {
                program: self.preprocessing.program.clone(),
                shared: self.preprocessing.shared.clone(),
                vk: self.vk.clone(),
            },
        }
    }

    /// Writes the prover's preprocessing to `path` (jolt-core's encoding, which re-derives
    /// the structure on load and checks it against the stored digest, plus the verifier
    /// key so [`verifier`](Self::verifier) works after loading).
    pub fn save(&self, path: &Path) -> Result<(), HostError> {
        let mut out = key_header::<C>(KeyRole::Prover);
        push_sized(&mut out, &self.preprocessing.to_bytes());
        push_sized(&mut out, &jolt_core::pcs::encode(&self.vk));
        std::fs::write(path, out).map_err(HostError::io(path))
    }

    /// Reads what [`save`](Self::save) wrote, with the default shard size and cycle limit
    /// (they are choices of a run, not part of the preprocessing).
    pub fn load(path: &Path) -> Result<Self, HostError> {
        let bytes = std::fs::read(path).map_err(HostError::io(path))?;
        let mut r = read_key_header::<C>(&bytes, KeyRole::Prover)?;
        let pp = r.sized(8, MAX_KEY_FIELD, "prover preprocessing")?;
        let vk = r.sized(8, MAX_KEY_FIELD, "verifier key")?;
        r.finish()?;
        let preprocessing = ProverPreprocessing::<C>::from_bytes(pp)?;
        let vk = jolt_core::pcs::decode(vk).map_err(|_| ProofFileError::Invalid("verifier key"))?;
        Ok(Self::from_parts(
            GuestProgram::from_program(preprocessing.program.clone()),
            preprocessing,
            vk,
        ))
    }
}

impl<C: HostPcs> Verifier<C> {
    /// The verifier alone: derives the preprocessing from the program, as a verifier must.
    pub fn new(
        guest: &GuestProgram,
        max_log_cycles: usize,
        params: &C::Params,
    ) -> Result<Self, HostError> {
        Ok(preprocess::<C>(guest, max_log_cycles, params)?.1)
    }

    /// Checks `proof` for the statement it carries (`proof.io`), with this verifier's program
    /// and trace bound: the caller should look at `proof.io` (or use
    /// [`verify_expecting`](Self::verify_expecting)).
    pub fn verify(&self, proof: &Proof<C>) -> Result<(), HostError> {
        self.verify_io(&proof.io, proof)
    }

    /// Checks `proof`, and that its statement is what `expect` requires (the error shows
    /// both values of the first part that differs).
    pub fn verify_expecting(
        &self,
        proof: &Proof<C>,
        expect: &Expectations,
    ) -> Result<(), HostError> {
        expect.check(&proof.io)?;
        self.verify_io(&proof.io, proof)
    }

    /// Checks that `proof` proves that the program, on `input`, returned `output` normally
    /// (no panic, exit code 0): the statement is the caller's, not the proof file's.
    pub fn verify_output(
        &self,
        input: &[u8],
        output: &[u8],
        proof: &Proof<C>,
    ) -> Result<(), HostError> {
        self.verify_expecting(proof, &Expectations::success().input(input).output(output))
    }

    /// Checks that `proof` proves the statement `io`, for this verifier's program and trace
    /// bound: every shard in its place, each starting from the previous one's final memory
    /// (`jolt_core::verify_sharded`; linear in the number of shards). A rejected shard is
    /// named with the check it fails. The proof file's bound and digest are only compared
    /// with ours, so that a mismatch is named (with both values) rather than failing a
    /// sum-check.
    pub fn verify_io(&self, io: &PublicIo, proof: &Proof<C>) -> Result<(), HostError> {
        let _span = tracing::info_span!("verify").entered();
        let shared = &self.preprocessing.shared;
        if proof.max_log_cycles != shared.max_log_cycles {
            return Err(HostError::WrongBound {
                proof_bound: proof.max_log_cycles,
                our_bound: shared.max_log_cycles,
            });
        }
        if proof.program_digest != shared.digest {
            return Err(HostError::WrongProgram {
                proof_digest: hex::encode(proof.program_digest),
                our_digest: hex::encode(shared.digest),
            });
        }
        jolt_core::verify_sharded(&self.preprocessing, io, &proof.proof)?;
        Ok(())
    }

    /// The trace-length bound ($\log_2$).
    pub fn max_log_cycles(&self) -> usize {
        self.preprocessing.shared.max_log_cycles
    }

    /// The jolt-core preprocessing.
    pub fn preprocessing(&self) -> &VerifierPreprocessing<C> {
        &self.preprocessing
    }

    /// Writes the verifier's preprocessing to `path` (jolt-core's encoding: the program,
    /// the bound, the digest and the verifier key; the structure is re-derived on load).
    pub fn save(&self, path: &Path) -> Result<(), HostError> {
        let mut out = key_header::<C>(KeyRole::Verifier);
        push_sized(&mut out, &self.preprocessing.to_bytes());
        std::fs::write(path, out).map_err(HostError::io(path))
    }

    /// Reads what [`save`](Self::save) wrote.
    pub fn load(path: &Path) -> Result<Self, HostError> {
        let bytes = std::fs::read(path).map_err(HostError::io(path))?;
        let mut r = read_key_header::<C>(&bytes, KeyRole::Verifier)?;
        let vp = r.sized(8, MAX_KEY_FIELD, "verifier preprocessing")?;
        r.finish()?;
        Ok(Self {
            preprocessing: VerifierPreprocessing::<C>::from_bytes(vp)?,
        })
    }
}

/// The first bytes of a key (preprocessing) file.
pub const KEY_MAGIC: [u8; 8] = *b"JOLTKEY\0";

/// The key file format version: a header naming the scheme and the role, then jolt-core's
/// own preprocessing encoding (`ProverPreprocessing::to_bytes` /
/// `VerifierPreprocessing::to_bytes`, which re-derive the structure from the stored program
/// and check it against the stored digest on load), and for a prover the verifier key.
pub const KEY_FORMAT_VERSION: u16 = 2;

#[derive(Clone, Copy)]
enum KeyRole {
    Prover,
    Verifier,
}

impl KeyRole {
    fn tag(self) -> u8 {
        match self {
            KeyRole::Prover => 1,
            KeyRole::Verifier => 2,
        }
    }
}

/// Largest field a key file may hold (1 GiB).
const MAX_KEY_FIELD: u64 = 1 << 30;

fn key_header<C: HostPcs>(role: KeyRole) -> Vec<u8> {
    let mut out = KEY_MAGIC.to_vec();
    out.extend_from_slice(&KEY_FORMAT_VERSION.to_le_bytes());
    out.push(C::KIND.tag());
    out.push(role.tag());
    out
}

fn push_sized(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn read_key_header<C: HostPcs>(bytes: &[u8], role: KeyRole) -> Result<Reader<'_>, HostError> {
    let mut r = Reader::new(bytes);
    r.magic(
        &KEY_MAGIC,
        "jolt preprocessing file",
        "JOLTKEY\\0",
        "host::Prover::save / host::Verifier::save",
    )?;
    r.version("preprocessing file", KEY_FORMAT_VERSION)?;
    let kind = r.kind()?;
    if kind != C::KIND {
        return Err(ProofFileError::WrongScheme {
            found: kind,
            expected: C::KIND,
        }
        .into());
    }
    if r.take(1, "header")?[0] != role.tag() {
        return Err(ProofFileError::Invalid("role (prover or verifier preprocessing)").into());
    }
    Ok(r)
}

/// The tracer's cycle-limit error, restated with the limit to raise.
pub(crate) fn explain_cycle_limit(e: impl Into<HostError>) -> HostError {
    match e.into() {
        HostError::Prove(ProveError::Tracer(tracer::TracerError::CycleLimit { limit })) => {
            HostError::CycleLimit { limit }
        }
        other => other,
    }
}
