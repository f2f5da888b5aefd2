//! What can go wrong: proving errors (bad programs, bad runs) name the problem and the fix;
//! verification errors say which check rejected the proof.

use ark_serialize::SerializationError;
use math::SumcheckError;
use memory_checking::MemoryCheckingError;
use pcs::PcsError;
use tracer::TracerError;

use crate::bytecode::BytecodeError;
use crate::opening::OpeningError;
use crate::r1cs::R1csError;

/// Why a proof could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ProveError {
    /// Loading or running the program failed (the tracer names the problem).
    #[error(transparent)]
    Tracer(#[from] TracerError),
    /// The program cannot be turned into bytecode.
    #[error(transparent)]
    Bytecode(#[from] BytecodeError),
    /// An executed instruction has no provable meaning.
    #[error("the instruction at pc {pc:#010x} cannot be proven: {reason}")]
    Unprovable {
        /// Where.
        pc: u32,
        /// Why.
        reason: &'static str,
    },
    /// A memory access outside the address space.
    #[error(
        "the instruction at pc {pc:#010x} accessed {address:#010x}, outside the program's memory"
    )]
    BadAccess {
        /// Where.
        pc: u32,
        /// The byte address.
        address: u32,
    },
    /// The reference semantics and the tracer disagree (a bug in one of them).
    #[error(
        "internal error: the prover's execution diverged from the tracer at cycle {cycle} \
         (pc {pc:#010x}); please report this with the program"
    )]
    Divergence {
        /// Where.
        pc: u32,
        /// Trace step.
        cycle: u64,
    },
    /// The run is longer than the preprocessing allows.
    #[error(
        "the run needs {needed} cycles (padded) but the preprocessing supports at most \
         {max}; preprocess with a larger max_trace_length"
    )]
    TraceTooLong {
        /// Padded cycles needed.
        needed: u64,
        /// The bound.
        max: u64,
    },
    /// The input is larger than the program's input region.
    #[error(
        "the input is {len} bytes but the program's layout allows at most {max}; rebuild \
         the guest with a larger max_input_size"
    )]
    InputTooLarge {
        /// Input length.
        len: usize,
        /// The bound.
        max: u32,
    },
    /// Continuation shards are too small for one instruction's rows (plus the pause row).
    #[error(
        "shards of 2^{log_rows} rows cannot hold the instruction at pc {pc:#010x} ({rows} rows \
         plus a pause row); use shards of at least 2^{min_log_rows} rows (--shard-log-rows \
         {min_log_rows})"
    )]
    ShardTooSmall {
        /// $\log_2$ of the shard size asked for.
        log_rows: usize,
        /// The instruction's pc.
        pc: u32,
        /// Its rows.
        rows: usize,
        /// The smallest $\log_2$ shard size that holds it.
        min_log_rows: usize,
    },
    /// Continuation shards larger than the preprocessing's trace bound.
    #[error(
        "shards of 2^{log_rows} rows exceed the preprocessing's bound of 2^{max} rows per \
         proof; use smaller shards (--shard-log-rows {max} or less) or preprocess with a \
         larger max_trace_length"
    )]
    ShardTooLarge {
        /// $\log_2$ of the shard size asked for.
        log_rows: usize,
        /// The preprocessing's bound.
        max: usize,
    },
    /// The final I/O region does not have the canonical form the verifier rebuilds.
    #[error("the guest left the I/O region in a non-canonical state: {0}")]
    NonCanonicalIo(&'static str),
    /// The witness violates an R1CS constraint (a bug: the debug helper names the constraint
    /// and the cycle), or the R1CS prover refused its input.
    #[error("internal error in R1CS: {0}")]
    R1cs(#[source] R1csError),
    /// A sub-protocol's prover failed (a bug).
    #[error("internal error in memory checking: {0}")]
    MemoryChecking(#[from] MemoryCheckingError),
    /// A sum-check prover failed (a bug).
    #[error("internal error in a sum-check: {0}")]
    Sumcheck(#[from] SumcheckError),
    /// Committing or opening failed.
    #[error("commitment error: {0}")]
    Pcs(#[from] PcsError),
    /// The opening accumulator failed.
    #[error("internal error in the opening: {0}")]
    Opening(#[source] OpeningError),
    /// Anything else that should not happen.
    #[error("internal error: {0}")]
    Internal(&'static str),
}

/// Why a proof was rejected.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The proof bytes do not decode.
    #[error("the proof is malformed: {0}")]
    Malformed(MalformedProof),
    /// The proof bytes decode, but are not the canonical encoding of the proof they decode to
    /// (every proof has exactly one byte string, so proofs can be hashed, deduplicated and signed).
    #[error("the proof bytes are not the canonical encoding of the proof they decode to")]
    NonCanonical,
    /// A proof field has the wrong length for the statement.
    #[error("the proof's {what} has {got} entries, the statement needs {expected}")]
    ProofShape {
        /// Which field.
        what: &'static str,
        /// Expected.
        expected: usize,
        /// Found.
        got: usize,
    },
    /// The proof claims more cycles than the preprocessing allows.
    #[error("the proof claims 2^{log_cycles} cycles, above the bound 2^{max}")]
    TraceTooLong {
        /// Claimed.
        log_cycles: usize,
        /// Bound.
        max: usize,
    },
    /// The public input does not fit the program's layout.
    #[error("the public input/output does not fit the program's layout: {0}")]
    BadStatement(&'static str),
    /// Bytecode / instruction-lookup memory checking rejected.
    #[error("read-only memory checking (bytecode, subtables) rejected: {0}")]
    ReadOnly(MemoryCheckingError),
    /// Register/RAM memory checking rejected (includes the output check).
    #[error("register/RAM memory checking rejected: {0}")]
    ReadWrite(MemoryCheckingError),
    /// A per-slot evaluation does not recombine to the memory-checking claim.
    #[error("register/RAM slot evaluations do not match the {0} claim")]
    SlotMismatch(&'static str),
    /// A Surge memory's claim does not match the query bytes or lookup flags.
    #[error("instruction lookups: memory {memory}'s {what} claim does not match")]
    LookupMemoryMismatch {
        /// Memory index.
        memory: usize,
        /// Which claim.
        what: &'static str,
    },
    /// The primary (collation) sum-check rejected.
    #[error("instruction lookups: the primary sum-check rejected: {0}")]
    PrimarySumcheck(SumcheckError),
    /// The primary sum-check's final claim does not match the openings.
    #[error("instruction lookups: the primary sum-check's final claim does not match")]
    PrimaryFinalClaim,
    /// The R1CS proof rejected (the inner error names the check).
    #[error("R1CS (Spartan) rejected: {0}")]
    R1cs(#[source] R1csError),
    /// The opening proof rejected (the inner error names the check).
    #[error("the batched opening rejected: {0}")]
    Opening(#[source] OpeningError),
    /// The components' claim lists are inconsistent (a verifier bug, never the proof's doing).
    #[error("internal verifier error: {0}")]
    Internal(&'static str),
    /// One shard of a sharded proof was rejected (the inner error names the check).
    #[error("shard {index} (of {count}, counting from 0) rejected: {source}")]
    Shard {
        /// The shard's index.
        index: usize,
        /// How many shards the proof has.
        count: usize,
        /// Why.
        #[source]
        source: Box<VerifyError>,
    },
}

impl VerifyError {
    /// The error itself, or for a rejected shard the error inside it.
    pub fn innermost(&self) -> &VerifyError {
        match self {
            VerifyError::Shard { source, .. } => source.innermost(),
            other => other,
        }
    }

    /// A short name of the rejecting component (for reports and tests).
    pub fn component(&self) -> &'static str {
        match self {
            VerifyError::Malformed(_)
            | VerifyError::NonCanonical
            | VerifyError::ProofShape { .. } => "format",
            VerifyError::TraceTooLong { .. } | VerifyError::BadStatement(_) => "statement",
            VerifyError::ReadOnly(_) => "read-only",
            VerifyError::ReadWrite(_) | VerifyError::SlotMismatch(_) => "read-write",
            VerifyError::LookupMemoryMismatch { .. }
            | VerifyError::PrimarySumcheck(_)
            | VerifyError::PrimaryFinalClaim => "lookups",
            VerifyError::R1cs(_) => "r1cs",
            VerifyError::Opening(_) => "opening",
            VerifyError::Internal(_) => "internal",
            VerifyError::Shard { source, .. } => source.component(),
        }
    }
}

/// Why proof bytes do not decode ([`VerifyError::Malformed`]).
#[derive(Debug, thiserror::Error)]
pub enum MalformedProof {
    /// More bytes than any proof can have: refused before decoding anything.
    #[error("{len} bytes is above the {max}-byte limit")]
    TooLarge {
        /// Bytes given.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The decoder refused the bytes (truncated, a length out of range, a point off the curve
    /// or outside the subgroup, a non-canonical field element).
    #[error("{0}")]
    Decode(SerializationError),
    /// A whole proof decoded, and bytes were left over.
    #[error("{0} trailing bytes")]
    TrailingBytes(usize),
}

/// Why saved preprocessing could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PreprocessingError {
    /// The bytes are not saved preprocessing of this kind and version.
    #[error(
        "not a {expected} file of this version (bad magic header): save it again with this \
         version's `to_bytes`"
    )]
    BadMagic {
        /// What was expected: "prover preprocessing" or "verifier preprocessing".
        expected: &'static str,
    },
    /// The bytes could not be decoded.
    #[error("the preprocessing file is corrupt: {0}")]
    Malformed(String),
    /// The stored program does not load (it was corrupted, or edited by hand).
    #[error("the preprocessing file holds an invalid program: {0}")]
    Program(TracerError),
    /// Re-deriving the structure from the stored program failed.
    #[error("the preprocessing file's program cannot be preprocessed: {0}")]
    Preprocess(Box<ProveError>),
    /// The structure derived from the stored program is not the one the file was made for.
    #[error(
        "the preprocessing file's digest does not match the program it holds (corrupt file, or \
         written by an incompatible version): preprocess the program again"
    )]
    DigestMismatch,
}
