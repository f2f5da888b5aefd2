//! The public statement and how it enters the transcript (step 1 of the schedule): a proof is
//! bound to one program (its digest), one input, one output, the panic and termination flags,
//! the exit code and the trace length, before any commitment or challenge; then its place in
//! the run ([`ShardStatement`]: shard count, index, boundary pcs, initial-memory commitment).

use ark_serialize::CanonicalSerialize;
use math::Transcript;
use pcs::CommitmentScheme;

use crate::memory::PublicIo;
use crate::preprocessing::ProgramPreprocessing;

/// Smallest $\log T$ a statement may have (keeps every sum-check at least a few rounds).
pub const MIN_LOG_CYCLES: usize = 4;

/// $B$ for the timestamp range check of a statement of $2^{\log T}$ cycles: gaps are below
/// $4T$.
pub fn timestamp_bits(log_cycles: usize) -> usize {
    log_cycles + 2
}

/// The transcript's domain separator.
pub const DOMAIN: &[u8] = b"jolt-rv32im-proof-v1";

/// Absorbs the statement.
pub fn absorb(t: &mut Transcript, shared: &ProgramPreprocessing, io: &PublicIo, log_cycles: usize) {
    t.append_bytes(b"program_digest", &shared.digest);
    t.append_bytes(b"input", &io.input);
    t.append_bytes(b"output", &io.output);
    t.append_u64(b"panicked", u64::from(io.panicked));
    t.append_u64(b"terminated", u64::from(io.terminated));
    t.append_u64(b"exit_code", u64::from(io.exit_code));
    t.append_u64(b"log_cycles", log_cycles as u64);
}

/// Where one proof sits in its run: a run is proven as a sequence of **shards**
/// ([`crate::shard`]); a run proven in one piece is the one shard `0 of 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShardStatement {
    /// How many shards the run has (at least 1).
    pub count: u32,
    /// This shard's index (`< count`).
    pub index: u32,
    /// The pc of the shard's first instruction (the program's entry for shard 0).
    pub start_pc: u32,
    /// The pc after the shard's last instruction, where the next shard starts; `None` for the
    /// run's last shard, which ends at the exit.
    pub end_pc: Option<u32>,
}

impl ShardStatement {
    /// The statement of a run proven in one piece.
    pub fn whole_run(entry: u32) -> Self {
        Self {
            count: 1,
            index: 0,
            start_pc: entry,
            end_pc: None,
        }
    }

    /// Whether this is the run's last shard (it ends at the exit and carries the output check).
    pub fn is_last(&self) -> bool {
        self.end_pc.is_none()
    }
}

/// Absorbs a shard's place in its run and, after the first shard, the commitment of its
/// initial memory (the previous shard's final memory) — right after [`absorb`].
pub fn absorb_shard<C: CommitmentScheme>(
    t: &mut Transcript,
    shard: &ShardStatement,
    initial_memory: Option<&C::Commitment>,
) {
    t.append_u64(b"shard_count", u64::from(shard.count));
    t.append_u64(b"shard_index", u64::from(shard.index));
    t.append_u64(b"shard_start_pc", u64::from(shard.start_pc));
    t.append_u64(b"shard_is_last", u64::from(shard.is_last()));
    t.append_u64(b"shard_end_pc", u64::from(shard.end_pc.unwrap_or(0)));
    if let Some(c) = initial_memory {
        let mut bytes = Vec::new();
        c.serialize_compressed(&mut bytes)
            .expect("serialising into a Vec cannot fail");
        t.append_bytes(b"shard_initial_memory", &bytes);
    }
}

/// Absorbs every commitment (compressed encodings), in order.
pub fn absorb_commitments<C: CommitmentScheme>(t: &mut Transcript, commitments: &[C::Commitment]) {
    t.append_u64(b"num_commitments", commitments.len() as u64);
    let mut bytes = Vec::new();
    for c in commitments {
        bytes.clear();
        c.serialize_compressed(&mut bytes)
            .expect("serialising into a Vec cannot fail");
        t.append_bytes(b"commitment", &bytes);
    }
}
