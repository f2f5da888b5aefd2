//! The host side of `#[provable]` functions.
//!
//! `#[guest::provable] fn name(a: A, b: B) -> R` in a guest crate expands, when the crate is
//! compiled for the host, to a module `name` whose `build()` returns a
//! [`Provable`]`<(A, B), R>` wrapper with typed `prove`, `verify`, `analyze` and `run`. The
//! pieces it uses live here.
//!
//! # Which function an ELF runs
//! One ELF per function. [`ProvableSpec::build`] builds the guest crate's binary with the
//! environment variable [`ENTRY_ENV`] set to the function's name; when the macro expands for
//! RISC-V it emits the guest entry (`__jolt_user_main`: read the arguments, call, write the
//! result) only for the function named there, and records the variable with `option_env!`
//! so cargo rebuilds the crate when another function is selected. The entry calls a symbol
//! named `__jolt_provable_NAME`, which the builder looks for in the ELF before using it: an
//! ELF is never mistaken for another function's, even when builds of several functions
//! interleave. Each ELF holds one function's code only, so its bytecode (a proving cost) and
//! its preprocessing are that function's, and the proof is bound to it through the program
//! digest.
//!
//! The arguments travel as the postcard encoding of the tuple `(a, b)` (for one argument,
//! the same bytes as the argument alone); the result as the postcard encoding of `R`.

use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Mutex;

use jolt_core::pcs::Hyrax;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::build::GuestBuild;
use crate::error::HostError;
use crate::program::{Analysis, GuestProgram};
use crate::proof_file::Proof;
use crate::prover::{Prover, Verifier, preprocess};
use crate::scheme::HostPcs;
use crate::{MemoryConfig, Outcome};

/// The environment variable that selects which `#[provable]` function a guest build's entry
/// runs.
pub const ENTRY_ENV: &str = "JOLT_PROVABLE_ENTRY";

/// The prefix of the symbol each function's guest entry defines.
pub const ENTRY_SYMBOL_PREFIX: &str = "__jolt_provable_";

/// A `#[provable]` function: where its crate is and how to build and bound it (filled in by
/// the macro from the crate's manifest and the attribute's arguments).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProvableSpec {
    /// The function's name.
    pub name: &'static str,
    /// The guest crate's directory (its `CARGO_MANIFEST_DIR`).
    pub crate_dir: &'static str,
    /// The guest crate's package name.
    pub package: &'static str,
    /// The memory configuration the ELF is linked for.
    pub config: MemoryConfig,
    /// The trace-length bound ($\log_2$ of `max_trace_length`, rounded up).
    pub max_log_cycles: usize,
}

/// Serialises guest builds in this process: they share the crate's target directory.
static BUILD_LOCK: Mutex<()> = Mutex::new(());

impl ProvableSpec {
    /// Builds the guest crate's ELF whose entry is this function.
    pub fn build(&self) -> Result<GuestProgram, HostError> {
        let _guard = BUILD_LOCK
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _span = tracing::info_span!("build_guest", function = self.name).entered();
        let symbol = format!("\0{ENTRY_SYMBOL_PREFIX}{}\0", self.name);
        let mut last: Option<PathBuf> = None;
        // A build of another function of the same crate by another process may replace the
        // ELF between cargo's exit and our read; the symbol check catches it, and we rebuild.
        for _ in 0..3 {
            let elf = GuestBuild::new(self.crate_dir)
                .package(self.package)
                .config(self.config)
                .env(ENTRY_ENV, self.name)
                .build()?;
            let bytes = std::fs::read(&elf).map_err(HostError::io(&elf))?;
            if contains(&bytes, symbol.as_bytes()) {
                return GuestProgram::from_elf(bytes, None, &elf.display().to_string());
            }
            last = Some(elf);
        }
        Err(HostError::MissingEntry {
            function: self.name,
            elf: last.unwrap_or_default(),
        })
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A `#[provable]` function compiled and preprocessed: prove, verify, analyse and run it with
/// typed arguments `A` (a tuple) and result `R`.
#[derive(Debug)]
pub struct Provable<A, R, C: HostPcs = Hyrax> {
    prover: Prover<C>,
    verifier: Verifier<C>,
    types: PhantomData<fn(A) -> R>,
}

impl<A: Serialize, R: Serialize + DeserializeOwned, C: HostPcs> Provable<A, R, C> {
    /// Builds the ELF and preprocesses it with the commitment scheme's `params`.
    pub fn build(spec: &ProvableSpec, params: &C::Params) -> Result<Self, HostError> {
        let guest = spec.build()?;
        Self::from_guest(&guest, spec.max_log_cycles, params)
    }

    /// Preprocesses an already built ELF of the function.
    pub fn from_guest(
        guest: &GuestProgram,
        max_log_cycles: usize,
        params: &C::Params,
    ) -> Result<Self, HostError> {
        let (prover, verifier) = preprocess::<C>(guest, max_log_cycles, params)?;
        Ok(Self {
            prover,
            verifier,
            types: PhantomData,
        })
    }

    /// The postcard encoding of the arguments: the guest's input.
    pub fn encode_input(args: &A) -> Result<Vec<u8>, HostError> {
        postcard::to_allocvec(args).map_err(|e| HostError::EncodeInput(e.to_string()))
    }

    /// Proves the function on `args`, returning its result and the proof. A guest panic is an
    /// error carrying the guest's message.
    pub fn prove(&self, args: &A) -> Result<(R, Proof<C>), HostError> {
        let proof = self.prover.prove(&Self::encode_input(args)?)?;
        let output = decode_output::<R>(&proof.io, self.max_output_size())?;
        Ok((output, proof))
    }

    /// Checks that `proof` proves that the function, on `args`, returned `output`.
    pub fn verify(&self, args: &A, output: &R, proof: &Proof<C>) -> Result<(), HostError> {
        let output =
            postcard::to_allocvec(output).map_err(|e| HostError::EncodeInput(e.to_string()))?;
        self.verifier
            .verify_output(&Self::encode_input(args)?, &output, proof)
    }

    /// Runs the function on `args` in the emulator (no proof) and returns its result.
    pub fn run(&self, args: &A) -> Result<R, HostError> {
        let input = Self::encode_input(args)?;
        let max_log_cycles = self.prover.max_log_cycles();
        let outcome = self
            .prover
            .guest()
            .run(&input, 1 << max_log_cycles)
            .map_err(|e| crate::prover::explain_cycle_limit(e, max_log_cycles))?;
        decode_output(&io_of(&input, outcome), self.max_output_size())
    }

    fn max_output_size(&self) -> usize {
        self.prover.guest().config().max_output_size as usize
    }

    /// Runs the function on `args` with a trace: cycle count, instruction histogram, stack and
    /// heap use.
    pub fn analyze(&self, args: &A) -> Result<Analysis, HostError> {
        let input = Self::encode_input(args)?;
        let max_log_cycles = self.prover.max_log_cycles();
        self.prover
            .guest()
            .analyze(&input, 1 << max_log_cycles)
            .map_err(|e| crate::prover::explain_cycle_limit(e, max_log_cycles))
    }

    /// The prover.
    pub fn prover(&self) -> &Prover<C> {
        &self.prover
    }

    /// The verifier.
    pub fn verifier(&self) -> &Verifier<C> {
        &self.verifier
    }
}

fn io_of(input: &[u8], outcome: Outcome) -> jolt_core::PublicIo {
    jolt_core::PublicIo {
        input: input.to_vec(),
        output: outcome.output,
        panicked: outcome.panicked,
        terminated: outcome.terminated,
        exit_code: outcome.exit_code,
    }
}

/// The typed result of a run, or the guest's panic message / exit code as an error
/// (`max_output_size` tells whether the message was cut).
pub fn decode_output<R: DeserializeOwned>(
    io: &jolt_core::PublicIo,
    max_output_size: usize,
) -> Result<R, HostError> {
    if io.panicked {
        let mut message = String::from_utf8_lossy(&io.output).into_owned();
        if io.output.len() == max_output_size {
            message.push_str(&format!(
                " [cut at max_output_size = {max_output_size} bytes: raise max_output_size to \
                 read the whole message]"
            ));
        }
        return Err(HostError::GuestPanicked { message });
    }
    if io.exit_code != 0 {
        return Err(HostError::GuestExit { code: io.exit_code });
    }
    postcard::from_bytes(&io.output).map_err(|e| HostError::DecodeOutput {
        len: io.output.len(),
        ty: std::any::type_name::<R>(),
        reason: e.to_string(),
    })
}

/// `ceil(log2(max_trace_length))`, for the macro's `max_trace_length` attribute.
pub const fn log_cycles_for(max_trace_length: u64) -> usize {
    if max_trace_length <= 1 {
        0
    } else {
        (u64::BITS - (max_trace_length - 1).leading_zeros()) as usize
    }
}
