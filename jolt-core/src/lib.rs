//! `jolt-core`: prove and verify whole RV32IM executions (DESIGN.md §6, §8).
//!
//! A program runs in the tracer; its trace becomes committed columns ([`columns`],
//! [`witness`]); four components prove the run correct, sharing those commitments and one
//! transcript:
//! - **bytecode** ([`bytecode`]): read-only memory checking of every fetched row against the
//!   program's expanded bytecode;
//! - **registers, RAM and I/O** ([`memory`]): read-write memory checking with a timestamp
//!   range check and an output check that binds inputs, outputs, panic and termination flags;
//! - **instruction lookups** ([`surge`]): Surge's primary sum-check plus read-only memory
//!   checking of every (subtable, chunk) memory, batched with the bytecode's;
//! - **R1CS** ([`constraints`], [`r1cs`]): the per-cycle constraint block and the cross-cycle
//!   control-flow constraints, proven by a uniform Spartan-style zero-check.
//!
//! Every claim lands in one opening accumulator ([`opening`]). The verifier derives every
//! structural object — bytecode, layout, R1CS key, subtables — from the program
//! ([`preprocessing`]); the proof carries only commitments, sum-check messages and evaluations.
//! [`report`] counts what each component commits to and adds to the proof. [`shard`] proves
//! a run of any length as a sequence of shards (continuations).

pub mod bytecode;
pub mod columns;
pub mod constraints;
mod error;
pub mod memory;
pub mod opening;
pub mod polys;
pub mod preprocessing;
pub mod proof;
pub mod prover;
pub mod r1cs;
pub mod report;
pub mod shard;
pub mod statement;
pub mod surge;
pub mod verifier;
pub mod witness;

pub use error::{MalformedProof, PreprocessingError, ProveError, VerifyError};
pub use memory::PublicIo;
pub use pcs;
pub use preprocessing::{ProverPreprocessing, VerifierPreprocessing, preprocess};
pub use proof::JoltProof;
pub use prover::{prove, prove_with_report};
pub use shard::{ShardedProof, prove_sharded, verify_sharded};
pub use verifier::verify;
