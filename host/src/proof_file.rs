//! The proof file: the public I/O and the proof, behind a versioned header.
//!
//! | field | bytes |
//! |---|---|
//! | magic `JOLTPRF\0` | 8 |
//! | format version ([`PROOF_FORMAT_VERSION`]), LE | 2 |
//! | commitment scheme (1 = Hyrax, 2 = Zeromorph) | 1 |
//! | trace-length bound $\log_2$ (the prover's; informational) | 1 |
//! | program digest (the preprocessing's) | 32 |
//! | input: length (u32 LE) and bytes | 4 + n |
//! | output: length (u32 LE) and bytes | 4 + n |
//! | flags: bit 0 panicked, bit 1 terminated | 1 |
//! | exit code (u32 LE) | 4 |
//! | proof: length (u64 LE) and `ShardedProof::to_bytes` | 8 + n |
//!
//! The proof field (version 2) is a [`ShardedProof`]: the run proven as a sequence of shards
//! (DESIGN.md §11) in arkworks' compressed canonical encoding — the boundary pcs
//! $pc_1, \dots, pc_{n-1}$ (a u64 LE count, then u32 LE each), then the shards (a u64 LE
//! count, then each shard's `JoltProof` encoding), capped at
//! [`MAX_SHARDED_PROOF_BYTES`](jolt_core::shard::MAX_SHARDED_PROOF_BYTES) and decoded only in
//! its canonical form. A run that fits one shard has no boundary pcs and one shard, the
//! whole-run proof. Version 1 held a single `JoltProof`; such files are refused with a
//! version error (re-prove them).
//!
//! Nothing structural is taken from the file: the verifier derives the program's
//! preprocessing from the ELF it is given, with a trace bound of its own (the program's
//! configuration, or its caller's choice). The bound and the digest in the file are only
//! compared with the verifier's, so that a mismatch is named with both values ("made with a
//! trace bound of 2^13, this verifier's is 2^12"; "this proof is for another program")
//! instead of failing a sum-check. Decoding is total: any byte string gives
//! a proof or a [`ProofFileError`], never a panic, and lengths are capped before allocating.

use std::path::Path;

use jolt_core::pcs::CommitmentScheme;
use jolt_core::shard::{MAX_SHARDED_PROOF_BYTES, ShardedProof};
use jolt_core::{PublicIo, VerifyError};

use crate::error::HostError;
use crate::scheme::{HostPcs, PcsKind};

/// The first bytes of every proof file.
pub const PROOF_MAGIC: [u8; 8] = *b"JOLTPRF\0";
/// The proof file format this library writes and reads.
/// Version 2: the proof is a [`ShardedProof`] (version 1: one `JoltProof`).
pub const PROOF_FORMAT_VERSION: u16 = 2;

/// Why a proof or key file could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum ProofFileError {
    /// The file does not start with the expected magic.
    #[error("not a {what} (it does not start with {magic}); pass a file written by {writer}")]
    BadMagic {
        /// What was expected.
        what: &'static str,
        /// The expected magic.
        magic: &'static str,
        /// What writes such files.
        writer: &'static str,
    },
    /// A format version this build does not read.
    #[error(
        "the {what} has format version {found}, this build reads version {supported}; use the \
         jolt version that wrote it, or re-create it"
    )]
    Version {
        /// What was read.
        what: &'static str,
        /// Version in the file.
        found: u16,
        /// Version this build reads.
        supported: u16,
    },
    /// An unknown commitment-scheme tag.
    #[error("the file names an unknown commitment scheme (tag {0}); it is corrupt")]
    UnknownScheme(u8),
    /// The file uses another scheme than the caller's.
    #[error("the file was made with {found}, not {expected}; load it with --pcs {found}")]
    WrongScheme {
        /// In the file.
        found: PcsKind,
        /// Asked for.
        expected: PcsKind,
    },
    /// The file ends in the middle of a field.
    #[error("the file is truncated (it ends inside the {0}); it is corrupt or incomplete")]
    Truncated(&'static str),
    /// A length field is beyond any valid value.
    #[error("the file's {what} claims {len} bytes, above the {max}-byte limit; it is corrupt")]
    TooLarge {
        /// Which field.
        what: &'static str,
        /// Claimed length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// Bytes after the last field.
    #[error("the file has {0} unexpected trailing bytes; it is corrupt")]
    TrailingBytes(usize),
    /// A field has an impossible value.
    #[error("the file's {0} is invalid; it is corrupt")]
    Invalid(&'static str),
    /// The embedded proof does not decode.
    #[error("the proof inside the file does not decode: {0}")]
    Proof(VerifyError),
}

/// A proof with the statement it proves: the public I/O, the trace bound and the program
/// digest. What `jolt prove` writes and `jolt verify` reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Proof<C: CommitmentScheme> {
    /// The public input and output (panic flag, termination flag, exit code).
    pub io: PublicIo,
    /// The proof proper: one proof per shard of the run.
    pub proof: ShardedProof<C>,
    /// The trace-length bound ($\log_2$) the prover preprocessed with. A verifier never uses
    /// it: it compares it with its own bound.
    pub max_log_cycles: usize,
    /// The digest of the preprocessing (program, layout, R1CS, bound).
    pub program_digest: [u8; 32],
}

impl<C: HostPcs> Proof<C> {
    /// The file encoding (see the module docs).
    pub fn to_bytes(&self) -> Vec<u8> {
        let proof = self.proof.to_bytes();
        let mut out = Vec::with_capacity(64 + self.io.input.len() + self.io.output.len());
        out.extend_from_slice(&PROOF_MAGIC);
        out.extend_from_slice(&PROOF_FORMAT_VERSION.to_le_bytes());
        out.push(C::KIND.tag());
        out.push(u8::try_from(self.max_log_cycles).expect("max_log_cycles is at most 26"));
        out.extend_from_slice(&self.program_digest);
        for bytes in [&self.io.input, &self.io.output] {
            out.extend_from_slice(
                &u32::try_from(bytes.len())
                    .expect("I/O is bounded by the layout")
                    .to_le_bytes(),
            );
            out.extend_from_slice(bytes);
        }
        out.push(u8::from(self.io.panicked) | (u8::from(self.io.terminated) << 1));
        out.extend_from_slice(&self.io.exit_code.to_le_bytes());
        out.extend_from_slice(&(proof.len() as u64).to_le_bytes());
        out.extend_from_slice(&proof);
        out
    }

    /// Decodes a proof file; never panics on any bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProofFileError> {
        let header = ProofHeader::parse(bytes)?;
        if header.kind != C::KIND {
            return Err(ProofFileError::WrongScheme {
                found: header.kind,
                expected: C::KIND,
            });
        }
        let mut r = Reader::new(&bytes[HEADER_LEN..]);
        let max_io = u64::from(tracer::layout::MAX_IO_SIZE);
        let input = r.sized(4, max_io, "input")?.to_vec();
        let output = r.sized(4, max_io, "output")?.to_vec();
        let flags = r.take(1, "flags")?[0];
        if flags > 3 {
            return Err(ProofFileError::Invalid("flags byte"));
        }
        let exit_code = r.u32("exit code")?;
        let proof_bytes = r.sized(8, MAX_SHARDED_PROOF_BYTES as u64, "proof")?;
        r.finish()?;
        let proof = ShardedProof::from_bytes(proof_bytes).map_err(ProofFileError::Proof)?;
        Ok(Self {
            io: PublicIo {
                input,
                output,
                panicked: flags & 1 != 0,
                terminated: flags & 2 != 0,
                exit_code,
            },
            proof,
            max_log_cycles: header.max_log_cycles,
            program_digest: header.program_digest,
        })
    }

    /// Writes the proof file.
    pub fn save(&self, path: &Path) -> Result<(), HostError> {
        std::fs::write(path, self.to_bytes()).map_err(HostError::io(path))
    }

    /// Reads a proof file.
    pub fn load(path: &Path) -> Result<Self, HostError> {
        let bytes = std::fs::read(path).map_err(HostError::io(path))?;
        Ok(Self::from_bytes(&bytes)?)
    }
}

const HEADER_LEN: usize = 8 + 2 + 1 + 1 + 32;

/// The fixed-size start of a proof file: the scheme, and the prover's bound and digest (for
/// messages; a verifier preprocesses with its own bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProofHeader {
    /// The commitment scheme.
    pub kind: PcsKind,
    /// The trace-length bound ($\log_2$).
    pub max_log_cycles: usize,
    /// The preprocessing digest.
    pub program_digest: [u8; 32],
}

impl ProofHeader {
    /// Reads the header of a proof file.
    pub fn parse(bytes: &[u8]) -> Result<Self, ProofFileError> {
        let mut r = Reader::new(bytes);
        r.magic(
            &PROOF_MAGIC,
            "jolt proof file",
            "JOLTPRF\\0",
            "`jolt prove` / host::Proof::save",
        )?;
        r.version("proof file", PROOF_FORMAT_VERSION)?;
        let kind = r.kind()?;
        let max_log_cycles = usize::from(r.take(1, "header")?[0]);
        if max_log_cycles > jolt_core::preprocessing::MAX_LOG_CYCLES {
            return Err(ProofFileError::Invalid("trace-length bound"));
        }
        let program_digest = r
            .take(32, "header")?
            .try_into()
            .expect("took exactly 32 bytes");
        Ok(Self {
            kind,
            max_log_cycles,
            program_digest,
        })
    }
}

/// A bounds-checked cursor over untrusted bytes.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    pub(crate) fn take(
        &mut self,
        n: usize,
        what: &'static str,
    ) -> Result<&'a [u8], ProofFileError> {
        if self.bytes.len() < n {
            return Err(ProofFileError::Truncated(what));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, ProofFileError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }

    /// A length prefix of `width` bytes (4 or 8), capped at `max`, then that many bytes.
    pub(crate) fn sized(
        &mut self,
        width: usize,
        max: u64,
        what: &'static str,
    ) -> Result<&'a [u8], ProofFileError> {
        let mut len = [0u8; 8];
        len[..width].copy_from_slice(self.take(width, what)?);
        let len = u64::from_le_bytes(len);
        if len > max {
            return Err(ProofFileError::TooLarge { what, len, max });
        }
        self.take(len as usize, what)
    }

    pub(crate) fn magic(
        &mut self,
        expected: &[u8; 8],
        what: &'static str,
        magic: &'static str,
        writer: &'static str,
    ) -> Result<(), ProofFileError> {
        match self.take(8, "magic") {
            Ok(m) if m == expected => Ok(()),
            _ => Err(ProofFileError::BadMagic {
                what,
                magic,
                writer,
            }),
        }
    }

    pub(crate) fn version(
        &mut self,
        what: &'static str,
        supported: u16,
    ) -> Result<(), ProofFileError> {
        let b = self.take(2, "header")?;
        let found = u16::from_le_bytes(b.try_into().expect("2 bytes"));
        if found != supported {
            return Err(ProofFileError::Version {
                what,
                found,
                supported,
            });
        }
        Ok(())
    }

    pub(crate) fn kind(&mut self) -> Result<PcsKind, ProofFileError> {
        let tag = self.take(1, "header")?[0];
        PcsKind::from_tag(tag).ok_or(ProofFileError::UnknownScheme(tag))
    }

    pub(crate) fn finish(self) -> Result<(), ProofFileError> {
        if self.bytes.is_empty() {
            Ok(())
        } else {
            Err(ProofFileError::TrailingBytes(self.bytes.len()))
        }
    }
}
