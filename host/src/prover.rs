//! Preprocess once, then prove and verify many runs.

use std::path::Path;

use jolt_core::pcs::Hyrax;
use jolt_core::{ProveError, ProverPreprocessing, PublicIo, VerifierPreprocessing};

use crate::error::HostError;
use crate::program::GuestProgram;
use crate::proof_file::{Proof, ProofFileError, Reader};
use crate::scheme::HostPcs;
use crate::statement::Expectations;

/// The default trace-length bound: $2^{20}$ cycles (about a million instructions).
pub const DEFAULT_MAX_LOG_CYCLES: usize = 20;

/// Proves runs of one program. Made by [`preprocess`]; reusable for any number of inputs.
#[derive(Clone, Debug)]
pub struct Prover<C: HostPcs = Hyrax> {
    guest: GuestProgram,
    preprocessing: ProverPreprocessing<C>,
    vk: C::VerifierKey,
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
        Prover {
            guest: guest.clone(),
            preprocessing: pp,
            vk: vp.vk.clone(),
        },
        Verifier { preprocessing: vp },
    ))
}

impl<C: HostPcs> Prover<C> {
    /// Runs the program on `input` and proves the run.
    ///
    /// A guest panic is proven too (the proof shows the panic flag and message); check
    /// `proof.io.panicked`. Running out of cycles is an error naming the bound to raise.
    pub fn prove(&self, input: &[u8]) -> Result<Proof<C>, HostError> {
        let _span = tracing::info_span!("prove_run", input_len = input.len()).entered();
        let (io, proof) = jolt_core::prove(&self.preprocessing, input)
            .map_err(|e| explain_cycle_limit(HostError::Prove(e), self.max_log_cycles()))?;
        Ok(Proof {
            io,
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

    /// Reads what [`save`](Self::save) wrote.
    pub fn load(path: &Path) -> Result<Self, HostError> {
        let bytes = std::fs::read(path).map_err(HostError::io(path))?;
        let mut r = read_key_header::<C>(&bytes, KeyRole::Prover)?;
        let pp = r.sized(8, MAX_KEY_FIELD, "prover preprocessing")?;
        let vk = r.sized(8, MAX_KEY_FIELD, "verifier key")?;
        r.finish()?;
        let preprocessing = ProverPreprocessing::<C>::from_bytes(pp)?;
        let vk = jolt_core::pcs::decode(vk).map_err(|_| ProofFileError::Invalid("verifier key"))?;
        Ok(Self {
            guest: GuestProgram::from_program(preprocessing.program.clone()),
            preprocessing,
            vk,
        })
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
    /// bound. The proof file's bound and digest are only compared with ours, so that a
    /// mismatch is named (with both values) rather than failing a sum-check.
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
        jolt_core::verify(&self.preprocessing, io, &proof.proof)?;
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

/// A cycle-limit error of a run bounded by the preprocessing's trace length, restated with
/// the bound to raise.
pub(crate) fn explain_cycle_limit(e: HostError, max_log_cycles: usize) -> HostError {
    match e {
        HostError::Prove(ProveError::Tracer(tracer::TracerError::CycleLimit { limit })) => {
            HostError::TraceTooLong {
                limit,
                max_log_cycles,
            }
        }
        other => other,
    }
}
