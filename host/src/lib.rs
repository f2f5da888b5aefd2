//! `host`: the host library and the `jolt` CLI (DESIGN.md §10).
//!
//! | step | API |
//! |---|---|
//! | build a guest crate for `riscv32im-unknown-none-elf` (installs the target if missing) | [`GuestBuild`], [`ensure_target`] |
//! | load any RV32IM ELF | [`GuestProgram::load`], [`GuestProgram::from_elf`] ([`load_elf`] for a bare [`Program`]) |
//! | run it, or analyse its cycles and memory | [`GuestProgram::run`], [`GuestProgram::analyze`] |
//! | preprocess once per program | [`preprocess`] → ([`Prover`], [`Verifier`]) |
//! | prove a run, in shards of `2^k` rows (continuations; memory set by `k`) | [`Prover::prove`] → [`Proof`] (public I/O + [`ShardedProof`]); [`Prover::with_shard_log_rows`], [`Prover::with_max_cycles`]; [`Prover::plan`] + [`Prover::prove_plan`] to watch each shard |
//! | estimate the prover's memory before proving | [`footprint`] ([`Prover::footprint`]) |
//! | verify, against the proof's statement or chosen inputs and claimed output | [`Verifier::verify`], [`Verifier::verify_output`] |
//! | insist on parts of the statement (input, output, exit code, panic) | [`Expectations`], [`Verifier::verify_expecting`]; [`Statement`] prints one in full |
//! | save / load a proof (versioned file format) | [`Proof::save`], [`Proof::load`] |
//! | save / load preprocessing | [`Prover::save`] / [`Prover::load`], [`Verifier::save`] / [`Verifier::load`] |
//! | pick the commitment scheme | `C = `[`Hyrax`](jolt_core::pcs::Hyrax) (default, transparent) or [`Zeromorph`](jolt_core::pcs::Zeromorph) with an [`SrsSource`] (a file, or the **insecure** development SRS) |
//! | `#[provable]` functions | [`provable`] (what the macro's host side calls; [`provable::build_function`] builds one from its crate and name, as the CLI does) |
//!
//! The `jolt` binary is a thin CLI over this API (`jolt new | build | run | prove | verify |
//! profile`).
//!
//! # Example
//! Prove and verify a tiny hand-assembled program that outputs one byte, with Hyrax:
//!
//! ```
//! use host::{GuestProgram, MemoryConfig, preprocess};
//! use jolt_core::pcs::{Hyrax, HyraxParams};
//! use tracer::asm::{self, reg};
//! use tracer::{Layout, Opcode};
//!
//! // A small memory keeps the committed address space (and the proof) small.
//! let config = MemoryConfig { memory_size: 16 << 10, stack_size: 4 << 10,
//!                             max_input_size: 64, max_output_size: 64 };
//! let out = Layout::new(config)?.output_start;
//! let mut code = asm::li(reg::T0, out);
//! code.extend(asm::li(6, 42));
//! code.push(asm::s(Opcode::Sw, 6, 12, reg::T0)); // output byte 0 = 42
//! code.push(asm::addi(6, 0, 1));
//! code.push(asm::s(Opcode::Sw, 6, 8, reg::T0)); // output length = 1
//! code.push(asm::s(Opcode::Sw, 6, 4, reg::T0)); // termination flag
//! code.extend(asm::exit(0));
//! let elf = asm::elf_recording_config(&asm::assemble(&code)?, &[], &config)?;
//!
//! let guest = GuestProgram::from_elf(elf, None, "tiny")?;
//! let (prover, verifier) = preprocess::<Hyrax>(&guest, 8, &HyraxParams::default())?;
//! let proof = prover.prove(&[])?;
//! assert_eq!(proof.io.output, [42]);
//! verifier.verify(&proof)?;
//! // The verifier can also be given the statement: input [] produced output [42].
//! verifier.verify_output(&[], &[42], &proof)?;
//! assert!(verifier.verify_output(&[], &[43], &proof).is_err());
//! // Or insist on parts of it only: the verifier owns the statement, not the proof file.
//! verifier.verify_expecting(&proof, &host::Expectations::new().exit_code(0))?;
//! let err = verifier.verify_expecting(&proof, &host::Expectations::new().exit_code(7));
//! assert!(err.unwrap_err().to_string().contains("exit code is 0, but 7 is required"));
//! // Proof files round-trip.
//! let bytes = proof.to_bytes();
//! verifier.verify(&host::Proof::<Hyrax>::from_bytes(&bytes)?)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
mod error;
pub mod footprint;
pub mod profile;
mod program;
mod proof_file;
pub mod provable;
mod prover;
mod scan;
mod scheme;
mod statement;

use std::path::Path;

pub use build::{BuildError, GUEST_TARGET, GuestBuild, ensure_target};
pub use error::HostError;
pub use jolt_core::shard::{ShardEvent, ShardPlan, ShardedProof};
pub use jolt_core::{self, PublicIo};
pub use program::{Analysis, GuestProgram};
pub use proof_file::{PROOF_FORMAT_VERSION, PROOF_MAGIC, Proof, ProofFileError, ProofHeader};
pub use prover::{
    DEFAULT_MAX_LOG_CYCLES, DEFAULT_SHARD_LOG_ROWS, KEY_FORMAT_VERSION, KEY_MAGIC, Prover,
    Verifier, preprocess,
};
pub use scheme::{DEV_SRS_SEED, HostPcs, PcsKind, SrsSource, srs_size};
pub use statement::{Expectations, Statement};
pub use tracer::{MemoryConfig, Outcome, Program, TracerError};

/// Why an ELF could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not a runnable RV32IM ELF.
    #[error("{path}: {source}")]
    Elf {
        /// The path given.
        path: String,
        /// What is wrong with it.
        source: TracerError,
    },
}

/// Reads an ELF file into a [`Program`], with the memory configuration recorded in the ELF
/// (or `config` when given; a mismatch is an error).
pub fn load_elf(path: &Path, config: Option<MemoryConfig>) -> Result<Program, LoadError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: display.clone(),
        source,
    })?;
    load_elf_bytes(&bytes, config, &display)
}

fn load_elf_bytes(
    bytes: &[u8],
    config: Option<MemoryConfig>,
    name: &str,
) -> Result<Program, LoadError> {
    let program = match config {
        Some(c) => Program::from_elf_with_config(bytes, c),
        None => Program::from_elf(bytes),
    };
    program.map_err(|source| LoadError::Elf {
        path: name.to_string(),
        source,
    })
}
