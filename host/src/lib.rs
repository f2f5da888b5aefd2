//! `host`: the host library and the `jolt` CLI.
//!
//! Today it builds guests and runs them:
//! - [`GuestBuild`] compiles a guest crate for `riscv32im-unknown-none-elf` with the jolt
//!   linker script for a [`MemoryConfig`] (installing the target with rustup if missing) and
//!   returns the ELF's path;
//! - [`load_elf`] reads any RV32IM ELF into a [`Program`], and [`tracer::run`] /
//!   [`tracer::trace`] execute it;
//! - the `jolt` binary wraps both (`jolt build`, `jolt run --elf FILE --input HEX`).
//!
//! Proving, verifying and the `#[provable]` surface arrive with `jolt-core` (DESIGN.md §10).

mod build;

use std::path::Path;

pub use build::{BuildError, GUEST_TARGET, GuestBuild, ensure_target};
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
    let program = match config {
        Some(c) => Program::from_elf_with_config(&bytes, c),
        None => Program::from_elf(&bytes),
    };
    program.map_err(|source| LoadError::Elf {
        path: display,
        source,
    })
}
