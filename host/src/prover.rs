//! Preprocess once, then prove and verify many runs.

use std::path::Path;

use jolt_core::pcs::Hyrax;
use jolt_core::{ProveError, ProverPreprocessing, PublicIo, VerifierPreprocessing};

use crate::error::HostError;
use crate::program::GuestProgram;
use crate::proof_file::{Proof, ProofFileError, Reader};
use crate::scheme::HostPcs;

/// The default trace-length bound: $2^{20}$ cycles (about a million instructions).
pub const DEFAULT_MAX_LOG_CYCLES: usize = 20;

/// Proves runs of one program. Made by [`preprocess`]; reusable for any number of inputs.
#[derive(Clone, Debug)]
pub struct Prover<C: HostPcs = Hyrax> {
    guest: GuestProgram,
    params: C::Params,
    preprocessing: ProverPreprocessing<C>,
}

/// Verifies proofs of one program. Made by [`preprocess`] or [`Verifier::new`].
#[derive(Clone, Debug)]
pub struct Verifier<C: HostPcs = Hyrax> {
    guest: GuestProgram,
    params: C::Params,
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
            params: params.clone(),
            preprocessing: pp,
        },
        Verifier {
            guest: guest.clone(),
            params: params.clone(),
            preprocessing: vp,
        },
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
            guest: self.guest.clone(),
            params: self.params.clone(),
            preprocessing: VerifierPreprocessing {
                shared: self.preprocessing.shared.clone(),
                vk: self.verifier_key(),
            },
        }
    }

    fn verifier_key(&self) -> C::VerifierKey {
        C::setup(&self.params, self.preprocessing.shared.max_num_vars())
            .expect("the same setup succeeded during preprocessing")
            .1
    }

    /// Writes the prover's preprocessing to `path` (see [`KEY_FORMAT_VERSION`] for what it
    /// holds).
    pub fn save(&self, path: &Path) -> Result<(), HostError> {
        save_key::<C>(
            path,
            KeyRole::Prover,
            &self.guest,
            self.max_log_cycles(),
            &self.params,
        )
    }

    /// Reads what [`save`](Self::save) wrote.
    pub fn load(path: &Path) -> Result<Self, HostError> {
        let (guest, max_log_cycles, params) = load_key::<C>(path, KeyRole::Prover)?;
        Ok(preprocess::<C>(&guest, max_log_cycles, &params)?.0)
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

    /// Checks `proof` for the statement it carries (`proof.io`).
    pub fn verify(&self, proof: &Proof<C>) -> Result<(), HostError> {
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
        let io = PublicIo {
            input: input.to_vec(),
            output: output.to_vec(),
            panicked: false,
            terminated: true,
            exit_code: 0,
        };
        self.verify_io(&io, proof)
    }

    /// Checks that `proof` proves the statement `io`.
    pub fn verify_io(&self, io: &PublicIo, proof: &Proof<C>) -> Result<(), HostError> {
        let _span = tracing::info_span!("verify").entered();
        let shared = &self.preprocessing.shared;
        if proof.program_digest != shared.digest || proof.max_log_cycles != shared.max_log_cycles {
            return Err(HostError::WrongProgram {
                proof_bound: proof.max_log_cycles,
                our_bound: shared.max_log_cycles,
            });
        }
        jolt_core::verify(&self.preprocessing, io, &proof.proof)?;
        Ok(())
    }

    /// The program.
    pub fn guest(&self) -> &GuestProgram {
        &self.guest
    }

    /// The trace-length bound ($\log_2$).
    pub fn max_log_cycles(&self) -> usize {
        self.preprocessing.shared.max_log_cycles
    }

    /// The jolt-core preprocessing.
    pub fn preprocessing(&self) -> &VerifierPreprocessing<C> {
        &self.preprocessing
    }

    /// Writes the verifier's preprocessing to `path`.
    pub fn save(&self, path: &Path) -> Result<(), HostError> {
        save_key::<C>(
            path,
            KeyRole::Verifier,
            &self.guest,
            self.max_log_cycles(),
            &self.params,
        )
    }

    /// Reads what [`save`](Self::save) wrote.
    pub fn load(path: &Path) -> Result<Self, HostError> {
        let (guest, max_log_cycles, params) = load_key::<C>(path, KeyRole::Verifier)?;
        Self::new(&guest, max_log_cycles, &params)
    }
}

/// The first bytes of a key (preprocessing) file.
pub const KEY_MAGIC: [u8; 8] = *b"JOLTKEY\0";

/// The key file format version.
///
/// Version 1 holds what the preprocessing is *derived from* — the ELF and its memory
/// configuration, the trace bound and
/// the commitment scheme's parameters (Hyrax's label, or Zeromorph's whole SRS) — and
/// [`Prover::load`] / [`Verifier::load`] derive it again. That keeps jolt-core's internals
/// out of this file format, and it is the safe choice for a verifier, which must not trust
/// structure it did not derive (DESIGN.md §8); it does not save the derivation's time.
pub const KEY_FORMAT_VERSION: u16 = 1;

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

fn save_key<C: HostPcs>(
    path: &Path,
    role: KeyRole,
    guest: &GuestProgram,
    max_log_cycles: usize,
    params: &C::Params,
) -> Result<(), HostError> {
    let bytes = encode_key::<C>(role, guest, max_log_cycles, params);
    std::fs::write(path, bytes).map_err(HostError::io(path))
}

fn load_key<C: HostPcs>(
    path: &Path,
    role: KeyRole,
) -> Result<(GuestProgram, usize, C::Params), HostError> {
    let bytes = std::fs::read(path).map_err(HostError::io(path))?;
    decode_key::<C>(role, &bytes)
}

fn encode_key<C: HostPcs>(
    role: KeyRole,
    guest: &GuestProgram,
    max_log_cycles: usize,
    params: &C::Params,
) -> Vec<u8> {
    let params = C::params_to_bytes(params);
    let mut out = Vec::with_capacity(32 + guest.elf().len() + params.len());
    out.extend_from_slice(&KEY_MAGIC);
    out.extend_from_slice(&KEY_FORMAT_VERSION.to_le_bytes());
    out.push(C::KIND.tag());
    out.push(role.tag());
    out.push(u8::try_from(max_log_cycles).expect("max_log_cycles is at most 26"));
    let c = guest.config();
    for v in [
        c.memory_size,
        c.stack_size,
        c.max_input_size,
        c.max_output_size,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for bytes in [guest.elf(), params.as_slice()] {
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// Largest ELF or parameter blob a key file may hold (1 GiB).
const MAX_KEY_FIELD: u64 = 1 << 30;

fn decode_key<C: HostPcs>(
    role: KeyRole,
    bytes: &[u8],
) -> Result<(GuestProgram, usize, C::Params), HostError> {
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
    let max_log_cycles = usize::from(r.take(1, "header")?[0]);
    let config = tracer::MemoryConfig {
        memory_size: r.u32("memory configuration")?,
        stack_size: r.u32("memory configuration")?,
        max_input_size: r.u32("memory configuration")?,
        max_output_size: r.u32("memory configuration")?,
    };
    let elf = r.sized(8, MAX_KEY_FIELD, "ELF")?;
    let params = r.sized(8, MAX_KEY_FIELD, "scheme parameters")?;
    r.finish()?;
    let guest = GuestProgram::from_elf(
        elf.to_vec(),
        Some(config),
        "the ELF in the preprocessing file",
    )?;
    let params = C::params_from_bytes(params)
        .map_err(|_| ProofFileError::Invalid("commitment-scheme parameters"))?;
    Ok((guest, max_log_cycles, params))
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
