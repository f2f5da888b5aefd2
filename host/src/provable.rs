//! The host side of `#[provable]` functions.
//!
//! `#[guest::provable] fn name(a: A, b: B) -> R` in a guest crate expands, when the crate is
//! compiled for the host, to a module `name` whose `build()` returns a
//! [`Provable`]`<(A, B), R>` wrapper with typed `prove`, `verify`, `analyze` and `run`. The
//! pieces it uses live here.
//!
//! # Which function an ELF runs, and how it is linked
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
//! The entry also records the attribute's settings as absolute ELF symbols
//! (`__jolt_attr_memory_size`, ..., `__jolt_attr_max_log_cycles`; [`EntryRecord`]). A tool
//! that has only the crate and the function's name ([`build_function`], what `jolt build |
//! prove | verify --path CRATE --function NAME` calls) links with the recorded layout
//! (relinking once when its first guess was wrong) and takes the trace bound from the record,
//! so it builds, proves and verifies exactly the program the macro's host side does. Each
//! function's ELF is then copied to a path of its own, [`function_elf_path`]
//! (`<target>/riscv32im-unknown-none-elf/release/BIN.FUNCTION.elf`); cargo's own output path
//! is shared by all the functions of a crate.
//!
//! Without a selected function, a crate with `#[provable]` functions (and no
//! `guest::entry!`) does not build: [`GuestBuild::build`] fails with
//! [`BuildError::ChooseFunction`](crate::BuildError::ChooseFunction), which lists them
//! ([`list_functions`], read from the source).
//!
//! The arguments travel as the postcard encoding of the tuple `(a, b)` (for one argument,
//! the same bytes as the argument alone); the result as the postcard encoding of `R`.
//!
//! # Long runs
//! `prove` proves in shards ([`Prover`]): the attribute's `max_trace_length` is the largest
//! shard, not a bound on the run, which may run up to [`Provable::with_max_cycles`]
//! instructions ([`tracer::DEFAULT_MAX_CYCLES`] by default) with no change to the function.

use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jolt_core::pcs::Hyrax;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::build::{GuestBuild, Resolved};
use crate::error::HostError;
use crate::program::{Analysis, GuestProgram};
use crate::proof_file::Proof;
use crate::prover::{DEFAULT_MAX_LOG_CYCLES, Prover, Verifier, preprocess};
pub use crate::scan::ProvableFunction;
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

/// The prefix of the absolute symbols in which a function's entry records its attribute.
pub const ATTRIBUTE_SYMBOL_PREFIX: &str = "__jolt_attr_";

/// What the ELF of a `#[provable]` function records about itself: which function it runs,
/// and the layout and trace bound of its attribute (the library's defaults for the settings
/// the attribute leaves out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryRecord {
    /// The function's name.
    pub function: String,
    /// The memory configuration the attribute asks for.
    pub config: MemoryConfig,
    /// The trace-length bound ($\log_2$ of `max_trace_length`, rounded up).
    pub max_log_cycles: usize,
}

impl EntryRecord {
    /// Reads the record of an ELF built for a `#[provable]` function; `None` for any other
    /// ELF (one without exactly one `__jolt_provable_*` entry symbol), or bytes that are not
    /// an ELF.
    pub fn read(elf: &[u8]) -> Option<Self> {
        use object::{Object as _, ObjectSymbol as _};
        let file = object::File::parse(elf).ok()?;
        let mut functions = Vec::new();
        let mut config = MemoryConfig::default();
        let mut max_log_cycles = DEFAULT_MAX_LOG_CYCLES;
        for symbol in file.symbols() {
            let Ok(name) = symbol.name() else { continue };
            if let Some(function) = name.strip_prefix(ENTRY_SYMBOL_PREFIX) {
                functions.push(function.to_string());
            } else if let Some(field) = name.strip_prefix(ATTRIBUTE_SYMBOL_PREFIX) {
                let value = u32::try_from(symbol.address()).ok()?;
                match field {
                    "memory_size" => config.memory_size = value,
                    "stack_size" => config.stack_size = value,
                    "max_input_size" => config.max_input_size = value,
                    "max_output_size" => config.max_output_size = value,
                    "max_log_cycles" => max_log_cycles = value as usize,
                    _ => {}
                }
            }
        }
        let [function] = <[String; 1]>::try_from(functions).ok()?;
        Some(Self {
            function,
            config,
            max_log_cycles,
        })
    }
}

/// A `#[provable]` function's ELF, built with its attribute's layout ([`build_function`]).
#[derive(Clone, Debug)]
pub struct BuiltFunction {
    /// The function's own copy of the ELF ([`function_elf_path`]).
    pub elf: PathBuf,
    /// The loaded program.
    pub guest: GuestProgram,
    /// What the ELF records: the function, its layout and its trace bound.
    pub record: EntryRecord,
}

/// The `#[provable]` functions of the crate `build` names, from its source (for listing:
/// the ELF of each function says how it is built).
pub fn list_functions(build: &GuestBuild) -> Result<Vec<ProvableFunction>, HostError> {
    let target = build.resolve()?;
    Ok(crate::scan::provable_functions(&target.src_dirs))
}

/// Where the ELF of `function` of the crate `build` names is kept: one path per function
/// (`<target>/riscv32im-unknown-none-elf/release/BIN.FUNCTION.elf`).
pub fn function_elf_path(build: &GuestBuild, function: &str) -> Result<PathBuf, HostError> {
    Ok(elf_path(&build.resolve()?, function))
}

fn elf_path(target: &Resolved, function: &str) -> PathBuf {
    target
        .elf_dir()
        .join(format!("{}.{function}.elf", target.bin))
}

/// Builds the ELF of the `#[provable]` function `function` of the crate `build` names, linked
/// with the layout its attribute records (`build.config` is ignored), and keeps it at its own
/// path. What `jolt build | prove | verify --path CRATE --function NAME` does: the result is
/// the program the macro's host side (`NAME::build()`) builds.
///
/// A name the crate's source does not mark `#[provable]` is an error listing the crate's
/// functions.
pub fn build_function(build: &GuestBuild, function: &str) -> Result<BuiltFunction, HostError> {
    let target = build.resolve()?;
    let functions = crate::scan::provable_functions(&target.src_dirs);
    if !functions.iter().any(|f| f.name == function) {
        return Err(HostError::NoSuchFunction {
            function: function.to_string(),
            package: target.package,
            functions,
        });
    }
    // First guess at the layout: what this function's last ELF recorded (one link in the
    // usual case), else the defaults.
    let guess = std::fs::read(elf_path(&target, function))
        .ok()
        .and_then(|bytes| EntryRecord::read(&bytes))
        .filter(|r| r.function == function)
        .map_or_else(MemoryConfig::default, |r| r.config);
    build_entry(build, &target, function, guess)
}

/// Serialises guest builds in this process: they share the crate's target directory.
static BUILD_LOCK: Mutex<()> = Mutex::new(());

/// Builds `function`'s ELF, linked with `guess` first and then, if its record says otherwise,
/// with the recorded layout.
fn build_entry(
    build: &GuestBuild,
    target: &Resolved,
    function: &str,
    guess: MemoryConfig,
) -> Result<BuiltFunction, HostError> {
    let _guard = BUILD_LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let _span = tracing::info_span!("build_guest", function).entered();
    let own_path = elf_path(target, function);
    let mut config = guess;
    let mut last: Option<PathBuf> = None;
    // A build of another function of the same crate by another process may replace the ELF
    // between cargo's exit and our read; the entry check catches it, and we rebuild.
    for _ in 0..4 {
        let elf = build
            .clone()
            .config(config)
            .env(ENTRY_ENV, function)
            .build_resolved(target)?;
        let bytes = std::fs::read(&elf).map_err(HostError::io(&elf))?;
        last = Some(elf);
        let Some(record) = EntryRecord::read(&bytes).filter(|r| r.function == function) else {
            continue;
        };
        let guest = GuestProgram::from_elf(bytes.clone(), None, &own_path.display().to_string())?;
        if guest.config() != record.config {
            // Linked with the guess, but the attribute asks for another layout: relink.
            config = record.config;
            continue;
        }
        write_atomically(&own_path, &bytes)?;
        return Ok(BuiltFunction {
            elf: own_path,
            guest,
            record,
        });
    }
    Err(HostError::MissingEntry {
        function: function.to_string(),
        elf: last.unwrap_or_default(),
    })
}

/// Writes `bytes` to `path` through a temporary file, so a reader never sees half an ELF.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), HostError> {
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(HostError::io(path))
}

impl ProvableSpec {
    /// Builds the guest crate's ELF whose entry is this function (kept at
    /// [`function_elf_path`]), and checks that the ELF records the same layout and bound as
    /// this spec.
    pub fn build(&self) -> Result<GuestProgram, HostError> {
        let build = GuestBuild::new(self.crate_dir).package(self.package);
        let target = build.resolve()?;
        let built = build_entry(&build, &target, self.name, self.config)?;
        let ours = (self.config, self.max_log_cycles);
        let recorded = (built.record.config, built.record.max_log_cycles);
        if recorded != ours {
            return Err(HostError::RecordMismatch {
                function: self.name.to_string(),
                recorded: format!("{recorded:?}"),
                ours: format!("{ours:?}"),
            });
        }
        Ok(built.guest)
    }
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

    /// Proves in shards of at most `2^shard_log_rows - 1` rows
    /// ([`Prover::with_shard_log_rows`]; the default is the attribute's `max_trace_length`,
    /// at most $2^{20}$).
    #[must_use]
    pub fn with_shard_log_rows(mut self, shard_log_rows: usize) -> Self {
        self.prover = self.prover.with_shard_log_rows(shard_log_rows);
        self
    }

    /// Stops `prove`, `run` and `analyze` after `max_cycles` instructions
    /// ([`Prover::with_max_cycles`]).
    #[must_use]
    pub fn with_max_cycles(mut self, max_cycles: u64) -> Self {
        self.prover = self.prover.with_max_cycles(max_cycles);
        self
    }

    /// Runs the function on `args` in the emulator (no proof) and returns its result.
    pub fn run(&self, args: &A) -> Result<R, HostError> {
        let input = Self::encode_input(args)?;
        let outcome = self
            .prover
            .guest()
            .run(&input, self.prover.max_cycles())
            .map_err(crate::prover::explain_cycle_limit)?;
        decode_output(&io_of(&input, outcome), self.max_output_size())
    }

    fn max_output_size(&self) -> usize {
        self.prover.guest().config().max_output_size as usize
    }

    /// Runs the function on `args` with a trace: cycle count, instruction histogram, stack and
    /// heap use.
    pub fn analyze(&self, args: &A) -> Result<Analysis, HostError> {
        let input = Self::encode_input(args)?;
        self.prover
            .guest()
            .analyze(&input, self.prover.max_cycles())
            .map_err(crate::prover::explain_cycle_limit)
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
