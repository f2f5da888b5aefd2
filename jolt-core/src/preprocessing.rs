//! Preprocessing: everything structural, derived from the program alone.
//!
//! The verifier builds the bytecode, the address space and its initial image, the Surge
//! memories and the R1CS key from the ELF and a trace-length bound — never from a proof
//! (Jolt 2024 shipped its R1CS key inside the proof: issue #436). A digest of all of it is
//! the first thing both transcripts absorb, so a proof is bound to one program.

use math::{Fr, Transcript};
use pcs::CommitmentScheme;
use tracer::{Layout, Program};

use crate::bytecode::Bytecode;
use crate::columns::ColumnIndex;
use crate::constraints;
use crate::error::ProveError;
use crate::memory::AddressSpace;
use crate::r1cs::UniformR1cs;
pub use crate::surge::SurgeLayout;

/// Largest supported $\log_2$ of the trace length.
pub const MAX_LOG_CYCLES: usize = 26;

/// What prover and verifier both derive from the program.
#[derive(Clone, Debug)]
pub struct ProgramPreprocessing {
    /// The bytecode.
    pub bytecode: Bytecode,
    /// The register/I/O/RAM address space.
    pub space: AddressSpace,
    /// The program image's non-zero words (address-space index, value), without the input.
    pub image: Vec<(u32, u32)>,
    /// The Surge memories.
    pub surge: SurgeLayout,
    /// The column registry.
    pub index: ColumnIndex,
    /// The uniform R1CS.
    pub r1cs: UniformR1cs,
    /// The bound on $\log T$.
    pub max_log_cycles: usize,
    /// The program digest.
    pub digest: [u8; 32],
}

impl ProgramPreprocessing {
    /// Preprocesses `program` for traces of up to `2^max_log_cycles` cycles.
    pub fn new(program: &Program, max_log_cycles: usize) -> Result<Self, ProveError> {
        let _span = tracing::info_span!("preprocess").entered();
        if max_log_cycles > MAX_LOG_CYCLES {
            return Err(ProveError::TraceTooLong {
                needed: 1 << max_log_cycles,
                max: 1 << MAX_LOG_CYCLES,
            });
        }
        let max_log_cycles = max_log_cycles.max(crate::witness::MIN_LOG_CYCLES);
        let bytecode = Bytecode::new(program)?;
        let space = AddressSpace::new(*program.layout());
        let image = space.initial_words(program, &[]);
        let image: Vec<(u32, u32)> = image
            .into_iter()
            .filter(|(i, _)| !space.io_range().contains(i))
            .collect();
        let surge = SurgeLayout::new();
        let index = ColumnIndex::new(surge.memories.len());
        let r1cs = constraints::rv32im_constraints(&index, &space, bytecode.entry_row());
        let mut this = Self {
            bytecode,
            space,
            image,
            surge,
            index,
            r1cs,
            max_log_cycles,
            digest: [0; 32],
        };
        this.digest = this.compute_digest();
        Ok(this)
    }

    fn compute_digest(&self) -> [u8; 32] {
        let mut t = Transcript::new(b"jolt-program-digest");
        self.bytecode.absorb(&mut t);
        let l: &Layout = &self.space.layout;
        for v in [
            l.config.memory_size,
            l.config.stack_size,
            l.config.max_input_size,
            l.config.max_output_size,
            l.input_start,
            l.output_start,
            l.stack_top,
        ] {
            t.append_u64(b"layout", u64::from(v));
        }
        let mut bytes = Vec::with_capacity(self.image.len() * 8);
        for (i, v) in &self.image {
            bytes.extend_from_slice(&i.to_le_bytes());
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        t.append_bytes(b"image", &bytes);
        t.append_bytes(b"r1cs", &self.r1cs.digest());
        t.append_u64(b"max_log_cycles", self.max_log_cycles as u64);
        let mut out = [0u8; 32];
        t.challenge_bytes(b"digest", &mut out);
        out
    }

    /// The largest number of variables any committed polynomial can have.
    pub fn max_num_vars(&self) -> usize {
        (self.max_log_cycles + 2)
            .max(self.space.log_size)
            .max(self.bytecode.log_size())
            .max(instruction_tables::LOG_M)
    }

    /// $\widetilde{v}_{init}$ at `point` for public input `input`.
    pub fn initial_memory_mle(&self, input: &[u8], point: &[Fr]) -> Fr {
        let words = self.space.initial_words_for_input(input);
        crate::memory::sparse_mle(
            point,
            self.image
                .iter()
                .chain(&words)
                .map(|(i, v)| (*i, math::FieldExt::from_u32(*v))),
        )
    }
}

/// The prover's preprocessing: the program, its structure and the PCS prover key.
#[derive(Clone, Debug)]
pub struct ProverPreprocessing<C: CommitmentScheme> {
    /// The program to run.
    pub program: Program,
    /// The structure.
    pub shared: ProgramPreprocessing,
    /// The commitment key.
    pub pk: C::ProverKey,
}

/// The verifier's preprocessing: the structure and the PCS verifier key.
#[derive(Clone, Debug)]
pub struct VerifierPreprocessing<C: CommitmentScheme> {
    /// The structure.
    pub shared: ProgramPreprocessing,
    /// The commitment key.
    pub vk: C::VerifierKey,
}

/// Preprocesses `program` with PCS parameters `params`.
pub fn preprocess<C: CommitmentScheme>(
    program: &Program,
    max_log_cycles: usize,
    params: &C::Params,
) -> Result<(ProverPreprocessing<C>, VerifierPreprocessing<C>), ProveError> {
    let shared = ProgramPreprocessing::new(program, max_log_cycles)?;
    let (pk, vk) = C::setup(params, shared.max_num_vars())?;
    Ok((
        ProverPreprocessing {
            program: program.clone(),
            shared: shared.clone(),
            pk,
        },
        VerifierPreprocessing { shared, vk },
    ))
}
