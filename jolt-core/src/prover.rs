//! The prover: trace, witness, commitments, the four components, one opening.
//!
//! # Transcript schedule (the verifier replays it exactly)
//! 1. the statement: program digest, input, output, panic flag, termination flag, exit code,
//!    $\log T$;
//! 2. every commitment, in [`Polys`] order;
//! 3. read-only memory checking of the bytecode and the Surge memories (one batch);
//! 4. read-write memory checking of registers, RAM and I/O, then the per-slot evaluations;
//! 5. Surge's primary sum-check;
//! 6. R1CS;
//! 7. the opening accumulator over every claim of 3–6.

use math::{CompactPolynomial, Fr, MultilinearPolynomial, Transcript};
use memory_checking::read_only::{self, ReadOnlyMemory};
use memory_checking::read_write::{self, ReadWriteWitness};
use pcs::CommitmentScheme;
use tracer::Emulator;

use crate::columns::Column;
use crate::error::ProveError;
use crate::memory::PublicIo;
use crate::opening;
use crate::polys::{self, Polys};
use crate::preprocessing::ProverPreprocessing;
use crate::proof::JoltProof;
use crate::report::CommittedReport;
use crate::statement::{self, ShardStatement};
use crate::surge;
use crate::witness::{self, Cycle, Witness};

/// Runs the program on `input` and proves the run. Returns the public I/O and the proof.
pub fn prove<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
) -> Result<(PublicIo, JoltProof<C>), ProveError> {
    let execution = execute(preprocessing, input)?;
    let io = execution.io.clone();
    let proof = prove_execution(preprocessing, execution)?;
    Ok((io, proof))
}

/// Like [`prove`], and also counts what was committed, per component (see
/// [`crate::report`]). Costs one pass over the committed polynomials.
pub fn prove_with_report<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
) -> Result<(PublicIo, JoltProof<C>, CommittedReport), ProveError> {
    let execution = execute(preprocessing, input)?;
    let io = execution.io.clone();
    let rows = execution.cycles.len();
    let witness = build_witness(preprocessing, execution)?;
    let proof = prove_witness(preprocessing, &io, &witness)?;
    let mut report = CommittedReport::new(&preprocessing.shared, &witness);
    report.executed_rows = rows;
    Ok((io, proof, report))
}

/// A run, executed row by row: what the prover commits to, before padding.
#[derive(Clone, Debug)]
pub struct Execution {
    /// The public I/O.
    pub io: PublicIo,
    /// One entry per bytecode row executed.
    pub cycles: Vec<Cycle>,
    /// The initial memory (address-space indexed).
    pub init: Vec<u32>,
}

/// Traces the program on `input` and executes the trace through the bytecode.
pub fn execute<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
) -> Result<Execution, ProveError> {
    let shared = &preprocessing.shared;
    check_input(shared, input)?;
    let max_cycles = 1u64 << shared.max_log_cycles;
    let (outcome, trace) = {
        let _span = tracing::info_span!("trace").entered();
        Emulator::new(&preprocessing.program, input)?.trace(max_cycles)?
    };
    let io = PublicIo {
        input: input.to_vec(),
        output: outcome.output.clone(),
        panicked: outcome.panicked,
        terminated: outcome.terminated,
        exit_code: outcome.exit_code,
    };
    let init = shared.initial_memory(input);
    let cycles = {
        let _span = tracing::info_span!("execute_rows").entered();
        witness::execute_trace(&shared.bytecode, &shared.space, &init, &trace, None)?
    };
    drop(trace);
    if let Some(last) = cycles.last()
        && last.rs2_value != crate::bytecode::SYS_EXIT
    {
        return Err(ProveError::Unprovable {
            pc: shared.bytecode.rows()[last.row as usize].pc,
            reason: "the program exits with a7 != 93 (exit_group?); only the exit system call is provable",
        });
    }
    Ok(Execution { io, cycles, init })
}

/// The input must fit the program's input region.
pub(crate) fn check_input(
    shared: &crate::preprocessing::ProgramPreprocessing,
    input: &[u8],
) -> Result<(), ProveError> {
    let max = shared.space.layout.config.max_input_size;
    if input.len() > max as usize {
        return Err(ProveError::InputTooLarge {
            len: input.len(),
            max,
        });
    }
    Ok(())
}

/// Pads an execution, builds its witness and proves it. Public so tests can prove modified
/// (dishonest) executions and check that the verifier rejects them.
pub fn prove_execution<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    execution: Execution,
) -> Result<JoltProof<C>, ProveError> {
    let io = execution.io.clone();
    let witness = build_witness(preprocessing, execution)?;
    prove_witness(preprocessing, &io, &witness)
}

/// Pads an execution and builds its witness (checking the I/O region, and R1CS in debug builds).
pub fn build_witness<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    execution: Execution,
) -> Result<Witness, ProveError> {
    let shard = ShardStatement::whole_run(preprocessing.shared.entry_pc());
    let Execution { io, cycles, init } = execution;
    build_shard_witness(preprocessing, &io, &shard, &init, cycles)
}

/// Pads one shard's cycles and builds its witness from initial memory `init`: the run's last
/// shard is padded by repeating its exit, any other with the pause row. Checks the I/O region
/// of the last shard, and R1CS in debug builds.
pub fn build_shard_witness<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    io: &PublicIo,
    shard: &ShardStatement,
    init: &[u32],
    mut cycles: Vec<Cycle>,
) -> Result<Witness, ProveError> {
    let shared = &preprocessing.shared;
    let log_cycles = if shard.is_last() {
        witness::pad(&mut cycles)?
    } else {
        witness::pad_with_pause(&mut cycles, shared.bytecode.pause_row())
    };
    if log_cycles > shared.max_log_cycles {
        return Err(ProveError::TraceTooLong {
            needed: 1 << log_cycles,
            max: 1 << shared.max_log_cycles,
        });
    }
    let witness = witness::build(
        &shared.bytecode,
        &shared.surge,
        init,
        &shared.access_tags(),
        shard.end_pc.unwrap_or(0),
        &cycles,
    )?;
    drop(cycles);
    if shard.is_last() {
        check_io(shared, io, &witness)?;
    }
    if cfg!(debug_assertions) {
        let constants = shard_constants(shared, io, shard)
            .ok_or(ProveError::Internal("a shard starting at no instruction"))?;
        let refs: Vec<&MultilinearPolynomial> = witness.columns.iter().collect();
        shared
            .r1cs
            .check(&refs, &constants)
            .map_err(ProveError::R1cs)?;
    }
    Ok(witness)
}

/// R1CS's public constants for a shard (see [`crate::constraints::constants`]); `None` when
/// its start pc is not an instruction it may start at.
pub(crate) fn shard_constants(
    shared: &crate::preprocessing::ProgramPreprocessing,
    io: &PublicIo,
    shard: &ShardStatement,
) -> Option<Vec<Fr>> {
    let start_row = shared.start_row(shard)?;
    let exit_code = if shard.is_last() { io.exit_code } else { 0 };
    Some(crate::constraints::constants(
        exit_code,
        start_row,
        shard.is_last(),
    ))
}

/// The final I/O region must be exactly what the verifier rebuilds from the public I/O.
fn check_io(
    shared: &crate::preprocessing::ProgramPreprocessing,
    io: &PublicIo,
    witness: &Witness,
) -> Result<(), ProveError> {
    let mut expected = vec![0u32; shared.space.io_words as usize];
    let base = shared.space.io_range().start;
    for (i, v) in shared.space.io_words(io) {
        expected[(i - base) as usize] = v;
    }
    let actual = &witness.final_memory
        [shared.space.io_range().start as usize..shared.space.io_range().end as usize];
    if let Some(k) = (0..expected.len()).find(|k| expected[*k] != actual[*k]) {
        let l = &shared.space.layout;
        let address = l.input_start + 4 * k as u32;
        return Err(ProveError::NonCanonicalIo(if address < l.output_start {
            "the guest wrote to its input region"
        } else if address == l.panic_address() {
            "the panic flag holds a value other than 0 or 1"
        } else if address == l.termination_address() {
            "the termination flag holds a value other than 0 or 1"
        } else {
            "the output region holds non-zero bytes after the output"
        }));
    }
    Ok(())
}

/// Proves a witness of a whole run (public for tamper tests, which prove modified witnesses).
pub fn prove_witness<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    io: &PublicIo,
    witness: &Witness,
) -> Result<JoltProof<C>, ProveError> {
    let shard = ShardStatement::whole_run(preprocessing.shared.entry_pc());
    prove_shard_witness(preprocessing, io, &shard, None, witness)
}

/// Proves one shard's witness. After the first shard, `initial_memory` is the commitment of
/// the shard's initial memory — the previous shard's final-values commitment, which the prover
/// may also compute itself from the memory alone ([`commit_memory`]).
pub fn prove_shard_witness<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    io: &PublicIo,
    shard: &ShardStatement,
    initial_memory: Option<&C::Commitment>,
    witness: &Witness,
) -> Result<JoltProof<C>, ProveError> {
    let shared = &preprocessing.shared;
    let _span = tracing::info_span!(
        "prove",
        log_cycles = witness.log_cycles,
        shard = shard.index
    )
    .entered();
    if (shard.index > 0) != initial_memory.is_some() {
        return Err(ProveError::Internal(
            "a shard after the first needs its initial-memory commitment (and only such a shard)",
        ));
    }
    let constants = shard_constants(shared, io, shard).ok_or(ProveError::Internal(
        "the shard starts at a pc that is not an instruction",
    ))?;
    let mut transcript = Transcript::new(statement::DOMAIN);
    statement::absorb(&mut transcript, shared, io, witness.log_cycles);
    statement::absorb_shard::<C>(&mut transcript, shard, initial_memory);

    let init_values: MultilinearPolynomial =
        CompactPolynomial::new(witness.initial_memory.clone()).into();
    let mut polys = Polys::from_witness(witness);
    let commitments = {
        let _span = tracing::info_span!("commit", polys = polys.len()).entered();
        C::commit_batch(&preprocessing.pk, &polys.refs())?
    };
    statement::absorb_commitments::<C>(&mut transcript, &commitments);

    let (read_only_proof, mut claims) =
        prove_read_only(preprocessing, shard, witness, &mut transcript)?;
    let (read_write_proof, slot_evaluations, rw_claims) = prove_read_write(
        shared,
        io,
        shard,
        witness,
        &init_values,
        initial_memory.is_some(),
        &mut transcript,
    )?;
    claims.extend(rw_claims);
    let (primary, lookup_claims) = prove_lookups(shared, witness, &mut transcript)?;
    claims.extend(lookup_claims);
    let (r1cs_proof, r1cs_claims) = prove_r1cs(shared, &constants, witness, &mut transcript)?;
    claims.extend(r1cs_claims);

    // One opening (after the first shard, of the initial memory too).
    let mut all_commitments = commitments.clone();
    if let Some(c) = initial_memory {
        polys.push(&init_values);
        all_commitments.push(c.clone());
    }
    let opening_proof = {
        let _span = tracing::info_span!("opening", claims = claims.len()).entered();
        opening::prove::<C>(
            &preprocessing.pk,
            &polys.refs(),
            &all_commitments,
            &claims,
            &mut transcript,
        )
        .map_err(ProveError::Opening)?
    };
    Ok(JoltProof {
        log_cycles: witness.log_cycles as u32,
        commitments,
        read_only: read_only_proof,
        read_write: read_write_proof,
        slot_evaluations,
        primary,
        r1cs: r1cs_proof,
        opening: opening_proof,
    })
}

/// The read-only memories' table columns that are functions of the program alone (every
/// lookup memory's stacked subtables and its index bytes), built on a preprocessing's first
/// proof and shared by every later proof and shard. (The bytecode's tables depend on the
/// shard's end pc: they are built per proof.)
#[derive(Clone, Debug)]
pub struct LookupTables {
    /// Per distinct memory size $2^k$: $k$, then the index's high and low byte columns.
    bytes: Vec<(usize, MultilinearPolynomial, MultilinearPolynomial)>,
    /// Per lookup memory: its table values.
    values: Vec<MultilinearPolynomial>,
}

impl LookupTables {
    /// Builds them for `surge`'s memories.
    pub fn new(surge: &surge::SurgeLayout) -> Self {
        let mut sizes: Vec<usize> = surge.memories.iter().map(|m| m.log_size()).collect();
        sizes.sort_unstable();
        sizes.dedup();
        let bytes = sizes
            .into_iter()
            .map(|k| {
                let hi: Vec<u8> = (0..1u32 << k).map(|i| (i >> 8) as u8).collect();
                let lo: Vec<u8> = (0..1u32 << k).map(|i| i as u8).collect();
                (
                    k,
                    CompactPolynomial::new(hi).into(),
                    CompactPolynomial::new(lo).into(),
                )
            })
            .collect();
        let values = math::parallel::par_map(0..surge.memories.len(), |m| {
            let memory = &surge.memories[m];
            CompactPolynomial::new(
                (0..1u32 << memory.log_size())
                    .map(|a| memory.entry(a) as u32)
                    .collect::<Vec<u32>>(),
            )
            .into()
        });
        Self { bytes, values }
    }

    /// Memory `m`'s table columns: [high byte, low byte, value].
    fn columns(&self, surge: &surge::SurgeLayout, m: usize) -> Vec<&MultilinearPolynomial> {
        let k = surge.memories[m].log_size();
        let (_, hi, lo) = self
            .bytes
            .iter()
            .find(|(size, _, _)| *size == k)
            .expect("a byte table per memory size");
        vec![hi, lo, &self.values[m]]
    }
}

/// Component 1: read-only memory checking of the bytecode and the lookup memories, one batch
/// (mirrors the verifier's `verify_read_only`). Returns the proof and the claims on committed
/// polynomials.
fn prove_read_only<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    shard: &ShardStatement,
    witness: &Witness,
    transcript: &mut Transcript,
) -> Result<(read_only::ReadOnlyProof, Vec<opening::EvaluationClaim>), ProveError> {
    let shared = &preprocessing.shared;
    let index = &shared.index;
    let col = |c: Column| &witness.columns[index.of(c)];
    let bytecode_tables: Vec<MultilinearPolynomial> = shared
        .bytecode
        .value_tables(shard.end_pc.unwrap_or(0))
        .into_iter()
        .map(|t| CompactPolynomial::new(t).into())
        .collect();
    let tables = preprocessing.lookup_tables();
    let bytecode_values = crate::columns::bytecode_value_columns();
    let mut memories = vec![ReadOnlyMemory {
        addresses: col(Column::Row),
        values: bytecode_values.iter().map(|c| col(*c)).collect(),
        read_timestamps: col(Column::BytecodeReadCount),
        final_timestamps: &witness.bytecode_final,
        flags: None,
        table: bytecode_tables.iter().collect(),
    }];
    for (m, memory) in shared.surge.memories.iter().enumerate() {
        memories.push(ReadOnlyMemory {
            addresses: &witness.lookup_addresses[m],
            values: vec![
                col(Column::ChunkHigh(memory.chunk)),
                col(Column::ChunkLow(memory.chunk)),
                col(Column::SubtableValue(m)),
            ],
            read_timestamps: col(Column::SubtableReadCount(m)),
            final_timestamps: &witness.subtable_finals[m],
            flags: Some(&witness.memory_flags[m]),
            table: tables.columns(&shared.surge, m),
        });
    }
    let (proof, claims) = {
        let _span = tracing::info_span!("read_only_memory_checking").entered();
        read_only::prove(&memories, transcript)?
    };
    let claims = polys::read_only_claims(shared, &claims, witness.log_cycles, false)
        .map_err(|_| ProveError::Internal("read-only claims"))?;
    Ok((proof, claims))
}

/// Component 2: read-write memory checking of registers, RAM and I/O, then the per-slot
/// evaluations (mirrors `verify_read_write`). Only the run's last shard checks the I/O
/// region; the others' output check has an empty mask (their final I/O words flow into the
/// next shard).
fn prove_read_write(
    shared: &crate::preprocessing::ProgramPreprocessing,
    io: &PublicIo,
    shard: &ShardStatement,
    witness: &Witness,
    init_values: &MultilinearPolynomial,
    init_committed: bool,
    transcript: &mut Transcript,
) -> Result<
    (
        read_write::ReadWriteProof,
        Vec<Fr>,
        Vec<opening::EvaluationClaim>,
    ),
    ProveError,
> {
    let space_tags: MultilinearPolynomial = CompactPolynomial::new(shared.access_tags()).into();
    let (io_mask, io_values) = {
        let mut mask = vec![false; shared.space.size()];
        let mut values = vec![0u32; shared.space.size()];
        if shard.is_last() {
            for i in shared.space.io_range() {
                mask[i as usize] = true;
            }
            for (i, v) in shared.space.io_words(io) {
                values[i as usize] = v;
            }
        }
        (
            MultilinearPolynomial::from(CompactPolynomial::new(mask)),
            MultilinearPolynomial::from(CompactPolynomial::new(values)),
        )
    };
    let rw_witness = ReadWriteWitness {
        addresses: &witness.ops.addresses,
        read_values: &witness.ops.read_values,
        read_timestamps: &witness.ops.read_timestamps,
        write_values: &witness.ops.write_values,
        access_tags: &witness.ops.tags,
        write_timestamps: &witness.ops.write_timestamps,
        init_values,
        init_committed,
        space_tags: &space_tags,
        final_values: &witness.final_values,
        final_timestamps: &witness.final_timestamps,
        io_mask: &io_mask,
        io_values: &io_values,
        range: &witness.range,
        timestamp_bits: statement::timestamp_bits(witness.log_cycles),
    };
    let (proof, rw_claims) = {
        let _span = tracing::info_span!("read_write_memory_checking").entered();
        read_write::prove(&rw_witness, transcript)?
    };
    let cycle_point = polys::read_write_cycle_point(&rw_claims, witness.log_cycles)
        .map_err(|_| ProveError::Internal("read-write claims"))?;
    let col = |c: Column| &witness.columns[shared.index.of(c)];
    let slot_evaluations: Vec<Fr> = polys::SLOT_COLUMNS
        .iter()
        .map(|c| col(*c).evaluate(&cycle_point))
        .collect();
    transcript.append_scalars(polys::SLOT_LABEL, &slot_evaluations);
    let claims = polys::read_write_claims(
        shared,
        witness.log_cycles,
        &rw_claims,
        &slot_evaluations,
        false,
    )
    .map_err(|_| ProveError::Internal("read-write claims"))?;
    Ok((proof, slot_evaluations, claims))
}

/// Component 3: Surge's primary sum-check (mirrors `verify_lookups`).
fn prove_lookups(
    shared: &crate::preprocessing::ProgramPreprocessing,
    witness: &Witness,
    transcript: &mut Transcript,
) -> Result<(surge::PrimaryProof, Vec<opening::EvaluationClaim>), ProveError> {
    let (proof, claims) = surge::prove_primary(
        &shared.surge,
        &shared.index,
        &witness.columns,
        witness.log_cycles,
        transcript,
    )?;
    let claims = claims
        .into_iter()
        .map(|(c, p, v)| opening::EvaluationClaim {
            poly: shared.index.of(c),
            point: p,
            value: v,
        })
        .collect();
    Ok((proof, claims))
}

/// Component 4: R1CS (mirrors `verify_r1cs`).
fn prove_r1cs(
    shared: &crate::preprocessing::ProgramPreprocessing,
    constants: &[Fr],
    witness: &Witness,
    transcript: &mut Transcript,
) -> Result<(crate::r1cs::SpartanProof, Vec<opening::EvaluationClaim>), ProveError> {
    let refs: Vec<&MultilinearPolynomial> = witness.columns.iter().collect();
    let (proof, claims) = {
        let _span = tracing::info_span!("r1cs").entered();
        crate::r1cs::prove(&shared.r1cs, &refs, constants, transcript).map_err(ProveError::R1cs)?
    };
    let claims = claims
        .into_iter()
        .map(|c| opening::EvaluationClaim {
            poly: c.column,
            point: c.point,
            value: c.value,
        })
        .collect();
    Ok((proof, claims))
}

/// The commitment of a memory state (address-space indexed words), as the final-values
/// commitment of the shard that ends in it: commitments are deterministic, so a shard's prover
/// computes its initial-memory commitment from the state alone.
pub fn commit_memory<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    memory: &[u32],
) -> Result<C::Commitment, ProveError> {
    let poly: MultilinearPolynomial = CompactPolynomial::new(memory.to_vec()).into();
    let mut c = C::commit_batch(&preprocessing.pk, &[&poly])?;
    c.pop()
        .ok_or(ProveError::Internal("commit_batch returned nothing"))
}
