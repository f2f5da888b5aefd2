//! What can go wrong in the host library. Every message names the fix; "the proof was
//! rejected" ([`HostError::Rejected`]) is kept apart from "the caller or the run went wrong".

use std::path::PathBuf;

use jolt_core::{PreprocessingError, ProveError, VerifyError};

use crate::LoadError;
use crate::build::BuildError;
use crate::footprint::human_bytes;
use crate::proof_file::ProofFileError;

/// An error of the host library.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// Building the guest failed (missing target, compile error, ...).
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The ELF could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Running or proving the program failed (stack overflow, cycle limit, oversized input,
    /// ...: the message names the fix).
    #[error(transparent)]
    Prove(#[from] ProveError),
    /// The verifier rejected the proof; [`VerifyError::component`] names the check.
    #[error("the proof was rejected by the {} check: {source}", source.component())]
    Rejected {
        /// The verifier's reason.
        #[from]
        source: VerifyError,
    },
    /// Saved preprocessing does not decode or does not reproduce its digest.
    #[error("the saved preprocessing is unusable: {0}; preprocess the program again")]
    Preprocessing(#[from] PreprocessingError),
    /// A proof or preprocessing file is unreadable, corrupt or of another version.
    #[error(transparent)]
    File(#[from] ProofFileError),
    /// The run did not exit within the cycle limit (an infinite loop, or a long run).
    #[error(
        "cycle limit reached: the guest ran {limit} instructions without exiting; raise the \
         limit (jolt prove --max-cycles N, Prover::with_max_cycles, \
         Provable::with_max_cycles) or check the guest for an infinite loop"
    )]
    CycleLimit {
        /// Instructions run.
        limit: u64,
    },
    /// The shard size is above the preprocessing's trace bound (the largest shard it can
    /// prove).
    #[error(
        "shards of 2^{shard_log_rows} rows are larger than the preprocessing's trace bound \
         2^{max_log_cycles}: use --shard-log-rows {max_log_cycles} or less, or preprocess with \
         --max-log-cycles {shard_log_rows}"
    )]
    ShardTooLarge {
        /// The shard size asked for ($\log_2$).
        shard_log_rows: usize,
        /// The preprocessing's bound ($\log_2$).
        max_log_cycles: usize,
    },
    /// Proving one shard would need more memory than the machine has available
    /// ([`Footprint::check`](crate::footprint::Footprint::check)).
    #[error(
        "proving a shard of 2^{log_rows} rows needs about {} of memory ({} B per row, at least \
         {}, plus {} for the address space), but only {} is available: {}",
        human_bytes(*needed),
        crate::footprint::BYTES_PER_ROW,
        human_bytes(crate::footprint::FIXED_BYTES),
        human_bytes(*space),
        human_bytes(*available),
        match fits {
            Some(k) => format!(
                "prove with --shard-log-rows {k} (more, smaller shards; \
                 Prover::with_shard_log_rows({k}) in the library)"
            ),
            None => format!(
                "even the smallest shards (--shard-log-rows {}) do not fit: free memory, or \
                 build the guest with a smaller memory_size",
                jolt_core::witness::MIN_LOG_CYCLES
            ),
        }
    )]
    OutOfMemory {
        /// The shard's padded rows ($\log_2$).
        log_rows: usize,
        /// Estimated peak bytes.
        needed: u64,
        /// Of which the address space.
        space: u64,
        /// Available bytes.
        available: u64,
        /// The largest shard size ($\log_2$) that fits, if any.
        fits: Option<usize>,
    },
    /// The proof was made for another trace-length bound than the verifier's. The bound is
    /// the verifier's (from the program's configuration or its caller), never the file's; the
    /// file's copy only makes this message possible.
    #[error(
        "the proof was made with a trace bound of 2^{proof_bound} cycles, this verifier's bound \
         is 2^{our_bound}: verify with the bound the program is proved with (--max-log-cycles \
         {proof_bound}, or #[provable(max_trace_length = ...)]) if you accept that bound"
    )]
    WrongBound {
        /// The bound the proof file states ($\log_2$).
        proof_bound: usize,
        /// The verifier's bound.
        our_bound: usize,
    },
    /// The proof was made for another program or memory layout.
    #[error(
        "the proof is for another program: its program digest is {proof_digest}, this \
         program's is {our_digest} (the ELF's code, data or memory layout differ): verify with \
         the ELF it was proved with"
    )]
    WrongProgram {
        /// The proof file's digest (hex).
        proof_digest: String,
        /// The verifier's digest (hex).
        our_digest: String,
    },
    /// The proof's statement is not the one the verifier insists on
    /// ([`Expectations`](crate::Expectations)).
    #[error("the proof's {what} is {found}, but {expected} is required")]
    Unexpected {
        /// Which part of the statement.
        what: &'static str,
        /// What the verifier requires.
        expected: String,
        /// What the proof states.
        found: String,
    },
    /// The guest panicked; the message is the guest's own.
    #[error(
        "the guest panicked: {message}\n(the run is still provable: prove it to show the \
         panic, or fix the guest)"
    )]
    GuestPanicked {
        /// The guest's panic message.
        message: String,
    },
    /// The guest exited with a non-zero code without panicking.
    #[error("the guest exited with code {code} without writing a result")]
    GuestExit {
        /// The exit code.
        code: u32,
    },
    /// The built ELF does not contain the `#[provable]` function's entry.
    #[error(
        "{elf} has no entry for the #[provable] function {function}: is `{function}` marked \
         #[provable] in the guest crate's lib.rs, and does the crate's src/main.rs link the \
         library (`use CRATE as _;`)?"
    )]
    MissingEntry {
        /// The function.
        function: String,
        /// The ELF built.
        elf: PathBuf,
    },
    /// The crate has no `#[provable]` function of that name.
    #[error(
        "package {package} has no #[provable] function {function:?}; choose one of:\n{}",
        crate::scan::describe(functions)
    )]
    NoSuchFunction {
        /// The name asked for.
        function: String,
        /// The guest crate's package.
        package: String,
        /// Its functions.
        functions: Vec<crate::scan::ProvableFunction>,
    },
    /// The ELF's recorded attribute disagrees with the macro's host side (a stale build).
    #[error(
        "the ELF of {function} records (layout, bound) {recorded}, the host side of \
         #[provable] says {ours}: rebuild the host crate (cargo clean -p on the guest crate)"
    )]
    RecordMismatch {
        /// The function.
        function: String,
        /// What the ELF records.
        recorded: String,
        /// What the host side says.
        ours: String,
    },
    /// The arguments could not be encoded for the guest.
    #[error("encoding the arguments for the guest failed: {0}")]
    EncodeInput(String),
    /// The guest's output does not decode as the function's return type.
    #[error(
        "the guest's output ({len} bytes) does not decode as {ty}: {reason}; the host and \
         the guest disagree on the function's signature (rebuild both)"
    )]
    DecodeOutput {
        /// Output length.
        len: usize,
        /// The expected type.
        ty: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// The KZG structured reference string could not be loaded or is too small.
    #[error("the Zeromorph SRS {path}: {reason}")]
    Srs {
        /// The SRS file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl HostError {
    /// Whether this is a verdict on the proof (rejected: it does not prove the statement the
    /// verifier asked about) rather than a failure to get that far.
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            Self::Rejected { .. }
                | Self::WrongBound { .. }
                | Self::WrongProgram { .. }
                | Self::Unexpected { .. }
                | Self::File(_)
        )
    }

    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
