//! Preprocessing: everything structural, derived from the program alone.
//!
//! The verifier builds the bytecode, the address space and its initial image, the Surge
//! memories and the R1CS key from the ELF and a trace-length bound — never from a proof
//! (Jolt 2024 shipped its R1CS key inside the proof: issue #436). A digest of all of it is
//! the first thing both transcripts absorb, so a proof is bound to one program.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress, Validate};
use math::{Fr, Transcript};
use pcs::CommitmentScheme;
use tracer::{Layout, MemoryConfig, Program, Segment};

use crate::bytecode::Bytecode;
use crate::columns::ColumnIndex;
use crate::constraints;
use crate::error::{PreprocessingError, ProveError};
use crate::memory::{AccessClass, AddressSpace};
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
    /// Every word that is not read-write, by index range ([`AddressSpace::access_classes`]).
    pub access_classes: Vec<(core::ops::Range<u32>, AccessClass)>,
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
        let max_log_cycles = max_log_cycles.max(crate::statement::MIN_LOG_CYCLES);
        let bytecode = Bytecode::new(program)?;
        let space = AddressSpace::new(*program.layout());
        let image = space.image_words(program);
        let access_classes = space.access_classes(program);
        let lookups: Vec<_> = bytecode.rows().iter().filter_map(|r| r.lookup).collect();
        let surge = SurgeLayout::for_lookups(&lookups);
        let index = ColumnIndex::new(surge.memories.len());
        let r1cs = constraints::rv32im_constraints(&index, &space);
        let mut this = Self {
            bytecode,
            space,
            image,
            access_classes,
            surge,
            index,
            r1cs,
            max_log_cycles,
            digest: [0; 32],
        };
        this.digest = this.compute_digest(program);
        Ok(this)
    }

    /// Binds everything that decides what a run of the program does: the bytecode (which
    /// holds the entry point), the layout, every segment's place and permissions, the access
    /// classes derived from them, the initial image, whether the jolt runtime's stack rule
    /// applies, the R1CS key and the trace bound.
    fn compute_digest(&self, program: &Program) -> [u8; 32] {
        let mut t = Transcript::new(b"jolt-program-digest-v2");
        self.bytecode.absorb(&mut t);
        t.append_u64(b"entry", u64::from(program.entry()));
        t.append_u64(b"uses_jolt_runtime", u64::from(program.uses_jolt_runtime()));
        t.append_u64(b"segments", program.segments().len() as u64);
        for segment in program.segments() {
            t.append_u64(b"segment_address", u64::from(segment.address));
            t.append_u64(b"segment_mem_size", u64::from(segment.mem_size));
            t.append_u64(b"segment_file_size", segment.data.len() as u64);
            t.append_u64(
                b"segment_permissions",
                u64::from(segment.writable) | u64::from(segment.executable) << 1,
            );
        }
        t.append_u64(b"access_classes", self.access_classes.len() as u64);
        for (range, class) in &self.access_classes {
            t.append_u64(b"class_start", u64::from(range.start));
            t.append_u64(b"class_end", u64::from(range.end));
            t.append_u64(b"class", u64::from(class.tag()));
        }
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

    /// The program's entry pc (the pc of the entry row).
    pub fn entry_pc(&self) -> u32 {
        self.bytecode.rows()[self.bytecode.entry_row() as usize].pc
    }

    /// The bytecode row a shard's first cycle runs: the entry row for shard 0 (whose start pc
    /// must be the entry), the first row of the instruction at its start pc for any other.
    /// `None` when the start pc is not where the shard can start.
    pub fn start_row(&self, shard: &crate::statement::ShardStatement) -> Option<u32> {
        if shard.index == 0 {
            (shard.start_pc == self.entry_pc()).then(|| self.bytecode.entry_row())
        } else {
            self.bytecode.first_row(shard.start_pc)
        }
    }

    /// The largest number of variables any committed polynomial can have.
    pub fn max_num_vars(&self) -> usize {
        (self.max_log_cycles + 2)
            .max(self.space.log_size)
            .max(self.bytecode.log_size())
            .max(
                self.surge
                    .memories
                    .iter()
                    .map(|m| m.log_size())
                    .max()
                    .unwrap_or(instruction_tables::LOG_M),
            )
    }

    /// The initial memory's words `(index, value)` on public input `input`: the program image
    /// and the input region (registers start at zero). The one source of the initial memory
    /// for the prover ([`Self::initial_memory`]) and the verifier ([`Self::initial_memory_mle`]).
    pub fn initial_words(&self, input: &[u8]) -> Vec<(u32, u32)> {
        let mut words = self.space.initial_words_for_input(input);
        words.extend_from_slice(&self.image);
        words
    }

    /// The initial memory as a dense column of $K$ words.
    pub fn initial_memory(&self, input: &[u8]) -> Vec<u32> {
        let mut init = vec![0u32; self.space.size()];
        for (i, v) in self.initial_words(input) {
            init[i as usize] = v;
        }
        init
    }

    /// $\widetilde{v}_{init}$ at `point` for public input `input`.
    pub fn initial_memory_mle(&self, input: &[u8], point: &[Fr]) -> Fr {
        crate::memory::sparse_mle(
            point,
            self.initial_words(input)
                .into_iter()
                .map(|(i, v)| (i, math::FieldExt::from_u32(v))),
        )
    }

    /// Every word's access class as a dense tag column of $K$ entries.
    pub fn access_tags(&self) -> Vec<u8> {
        crate::memory::access_tags(self.space.size(), &self.access_classes)
    }

    /// $\tilde g$ at `point`: the access classes' multilinear extension.
    pub fn access_tag_mle(&self, point: &[Fr]) -> Fr {
        crate::memory::access_tag_mle(point, &self.access_classes)
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
    /// The lookup memories' tables, built on the first proof.
    lookup_tables: std::sync::OnceLock<crate::prover::LookupTables>,
}

impl<C: CommitmentScheme> ProverPreprocessing<C> {
    /// Assembles a prover preprocessing from its parts (a key shared by several programs:
    /// `pk` must cover `shared.max_num_vars()`).
    pub fn from_parts(program: Program, shared: ProgramPreprocessing, pk: C::ProverKey) -> Self {
        Self {
            program,
            shared,
            pk,
            lookup_tables: std::sync::OnceLock::new(),
        }
    }

    /// The lookup memories' tables (functions of the program: built once, on first use).
    pub fn lookup_tables(&self) -> &crate::prover::LookupTables {
        self.lookup_tables
            .get_or_init(|| crate::prover::LookupTables::new(&self.shared.surge))
    }
}

/// The verifier's preprocessing: the program (public: its image is part of the statement),
/// the structure derived from it and the PCS verifier key.
#[derive(Clone, Debug)]
pub struct VerifierPreprocessing<C: CommitmentScheme> {
    /// The program the proofs are about.
    pub program: Program,
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
            lookup_tables: std::sync::OnceLock::new(),
        },
        VerifierPreprocessing {
            program: program.clone(),
            shared,
            vk,
        },
    ))
}

/// Largest saved preprocessing the decoder accepts (1 GiB: Hyrax and Zeromorph keys for
/// $2^{26}$-entry polynomials fit), checked before anything is decoded.
pub const MAX_PREPROCESSING_BYTES: usize = 1 << 30;

const PROVER_MAGIC: &[u8; 8] = b"joltPP01";
const VERIFIER_MAGIC: &[u8; 8] = b"joltVP01";

/// What a saved preprocessing stores after its magic: the program and the bound (the
/// structure is re-derived on load, which is cheap next to the PCS setup a saved key
/// avoids) and the digest they must give; the PCS key follows.
#[derive(CanonicalSerialize, CanonicalDeserialize)]
struct SavedProgram {
    /// Memory configuration: memory size, stack size, max input size, max output size.
    config: [u32; 4],
    entry: u32,
    uses_jolt_runtime: bool,
    /// Per segment: address, memory size, writable, executable, file-backed bytes.
    segments: Vec<(u32, u32, bool, bool, Vec<u8>)>,
    max_log_cycles: u32,
    digest: [u8; 32],
}

impl SavedProgram {
    fn new(program: &Program, shared: &ProgramPreprocessing) -> Self {
        let c = program.layout().config;
        Self {
            config: [
                c.memory_size,
                c.stack_size,
                c.max_input_size,
                c.max_output_size,
            ],
            entry: program.entry(),
            uses_jolt_runtime: program.uses_jolt_runtime(),
            segments: program
                .segments()
                .iter()
                .map(|s| {
                    (
                        s.address,
                        s.mem_size,
                        s.writable,
                        s.executable,
                        s.data.clone(),
                    )
                })
                .collect(),
            max_log_cycles: shared.max_log_cycles as u32,
            digest: shared.digest,
        }
    }

    /// Rebuilds the program and its structure, and checks the digest.
    fn restore(&self) -> Result<(Program, ProgramPreprocessing), PreprocessingError> {
        let [memory_size, stack_size, max_input_size, max_output_size] = self.config;
        let config = MemoryConfig {
            memory_size,
            stack_size,
            max_input_size,
            max_output_size,
        };
        let segments = self
            .segments
            .iter()
            .map(|(address, mem_size, writable, executable, data)| Segment {
                address: *address,
                data: data.clone(),
                mem_size: *mem_size,
                writable: *writable,
                executable: *executable,
            })
            .collect();
        let program = Program::from_parts(config, self.entry, segments, self.uses_jolt_runtime)
            .map_err(PreprocessingError::Program)?;
        let shared = ProgramPreprocessing::new(&program, self.max_log_cycles as usize)
            .map_err(|e| PreprocessingError::Preprocess(Box::new(e)))?;
        if shared.digest != self.digest {
            return Err(PreprocessingError::DigestMismatch);
        }
        Ok((program, shared))
    }
}

/// `magic ‖ program ‖ key`, compressed.
fn encode<K: CanonicalSerialize>(
    magic: &[u8; 8],
    program: &Program,
    shared: &ProgramPreprocessing,
    key: &K,
) -> Vec<u8> {
    let mut out = magic.to_vec();
    SavedProgram::new(program, shared)
        .serialize_compressed(&mut out)
        .expect("serialising into a Vec cannot fail");
    key.serialize_compressed(&mut out)
        .expect("serialising into a Vec cannot fail");
    out
}

/// Inverse of [`encode`]: checks the size cap and the magic, decodes (validating every
/// curve point), rejects trailing bytes, re-derives the structure and checks the digest.
fn decode<K: CanonicalDeserialize>(
    bytes: &[u8],
    magic: &[u8; 8],
    expected: &'static str,
) -> Result<(Program, ProgramPreprocessing, K), PreprocessingError> {
    if bytes.len() > MAX_PREPROCESSING_BYTES {
        return Err(PreprocessingError::Malformed(format!(
            "{} bytes is above the {MAX_PREPROCESSING_BYTES}-byte limit",
            bytes.len()
        )));
    }
    let Some(mut reader) = bytes.strip_prefix(magic.as_slice()) else {
        return Err(PreprocessingError::BadMagic { expected });
    };
    let malformed =
        |e: ark_serialize::SerializationError| PreprocessingError::Malformed(e.to_string());
    let saved = SavedProgram::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes)
        .map_err(malformed)?;
    let key =
        K::deserialize_with_mode(&mut reader, Compress::Yes, Validate::Yes).map_err(malformed)?;
    if !reader.is_empty() {
        return Err(PreprocessingError::Malformed(format!(
            "{} trailing bytes",
            reader.len()
        )));
    }
    let (program, shared) = saved.restore()?;
    Ok((program, shared, key))
}

impl<C: CommitmentScheme> ProverPreprocessing<C> {
    /// Saves the preprocessing: the program, the trace bound, the digest and the PCS
    /// prover key. [`Self::from_bytes`] re-derives the rest.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(PROVER_MAGIC, &self.program, &self.shared, &self.pk)
    }

    /// Loads what [`Self::to_bytes`] saved. The structure is re-derived from the stored
    /// program and must reproduce the stored digest; any corruption is an error, never a
    /// panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PreprocessingError> {
        let (program, shared, pk) = decode(bytes, PROVER_MAGIC, "prover preprocessing")?;
        Ok(Self {
            program,
            shared,
            pk,
            lookup_tables: std::sync::OnceLock::new(),
        })
    }

    /// The digest that identifies the program (and its layout, R1CS key and trace bound).
    pub fn program_digest(&self) -> [u8; 32] {
        self.shared.digest
    }
}

impl<C: CommitmentScheme> VerifierPreprocessing<C> {
    /// Saves the preprocessing: the program (its image is public: the verifier re-derives
    /// the bytecode, layout and R1CS key from it), the trace bound, the digest and the PCS
    /// verifier key.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode(VERIFIER_MAGIC, &self.program, &self.shared, &self.vk)
    }

    /// Loads what [`Self::to_bytes`] saved, re-deriving the structure from the stored
    /// program and checking it against the stored digest.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PreprocessingError> {
        let (program, shared, vk) = decode(bytes, VERIFIER_MAGIC, "verifier preprocessing")?;
        Ok(Self {
            program,
            shared,
            vk,
        })
    }

    /// The digest that identifies the program (and its layout, R1CS key and trace bound).
    pub fn program_digest(&self) -> [u8; 32] {
        self.shared.digest
    }
}
