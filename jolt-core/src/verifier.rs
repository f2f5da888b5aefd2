//! The verifier: replays the prover's transcript schedule (see [`crate::prover`]) and checks
//! every component against structure it derives itself from its preprocessing — one function
//! per component, as the prover has: read-only memory checking, read-write memory checking,
//! the lookups' primary sum-check, R1CS, then the one opening. It returns
//! [`VerifyError`] for any proof — it never panics on proof contents and checks every length
//! before indexing.

use math::{FieldExt, Fr, Transcript};
use memory_checking::read_only::{self, ReadOnlyShape};
use memory_checking::read_write::{self, ReadWriteStatement};
use pcs::CommitmentScheme;

use crate::error::VerifyError;
use crate::memory::{PublicIo, range_mle, sparse_mle};
use crate::opening::{self, EvaluationClaim};
use crate::polys::{self, PolyLayout};
use crate::preprocessing::{ProgramPreprocessing, VerifierPreprocessing};
use crate::proof::JoltProof;
use crate::statement::{self, ShardStatement};
use crate::surge;

/// Verifies that the program of `preprocessing`, on `io.input`, produced `io`'s output, panic
/// flag, termination flag and exit code, in a run proven in one piece.
pub fn verify<C: CommitmentScheme>(
    preprocessing: &VerifierPreprocessing<C>,
    io: &PublicIo,
    proof: &JoltProof<C>,
) -> Result<(), VerifyError> {
    let shard = ShardStatement::whole_run(preprocessing.shared.entry_pc());
    verify_shard(preprocessing, io, &shard, None, proof)
}

/// Verifies one shard of a run (see [`crate::shard`]): its rows lead from the initial memory
/// — the program image and input for shard 0, the memory committed by `initial_memory` (the
/// previous shard's final-values commitment) after it — at `shard.start_pc` to its final
/// memory, at `shard.end_pc` (or at the exit, with the output check, for the run's last).
pub fn verify_shard<C: CommitmentScheme>(
    preprocessing: &VerifierPreprocessing<C>,
    io: &PublicIo,
    shard: &ShardStatement,
    initial_memory: Option<&C::Commitment>,
    proof: &JoltProof<C>,
) -> Result<(), VerifyError> {
    let shared = &preprocessing.shared;
    if shard.count == 0
        || shard.index >= shard.count
        || (shard.index > 0) != initial_memory.is_some()
    {
        return Err(VerifyError::BadStatement(
            "the shard statement is inconsistent (index, count, initial memory)",
        ));
    }
    if (shard.index + 1 == shard.count) != shard.is_last() {
        return Err(VerifyError::BadStatement(
            "only the run's last shard ends at the exit",
        ));
    }
    let constants = crate::prover::shard_constants(shared, io, shard).ok_or(
        VerifyError::BadStatement("a shard starts at a pc that is not an instruction's"),
    )?;
    let space = &shared.space;
    let log_cycles = proof.log_cycles as usize;
    if log_cycles > shared.max_log_cycles || log_cycles < statement::MIN_LOG_CYCLES {
        return Err(VerifyError::TraceTooLong {
            log_cycles,
            max: shared.max_log_cycles,
        });
    }
    let config = space.layout.config;
    if io.input.len() > config.max_input_size as usize {
        return Err(VerifyError::BadStatement(
            "the input is larger than the program's max_input_size",
        ));
    }
    if io.output.len() > config.max_output_size as usize {
        return Err(VerifyError::BadStatement(
            "the output is larger than the program's max_output_size",
        ));
    }
    let mut transcript = Transcript::new(statement::DOMAIN);
    statement::absorb(&mut transcript, shared, io, log_cycles);
    statement::absorb_shard::<C>(&mut transcript, shard, initial_memory);

    let layout = PolyLayout::new(shared, log_cycles);
    if proof.commitments.len() != layout.len() {
        return Err(VerifyError::ProofShape {
            what: "commitments",
            expected: layout.len(),
            got: proof.commitments.len(),
        });
    }
    statement::absorb_commitments::<C>(&mut transcript, &proof.commitments);

    let mut claims = verify_read_only(shared, shard, log_cycles, proof, &mut transcript)?;
    claims.extend(verify_read_write(
        shared,
        io,
        shard,
        initial_memory.is_some(),
        log_cycles,
        proof,
        &mut transcript,
    )?);
    claims.extend(verify_lookups(shared, log_cycles, proof, &mut transcript)?);
    claims.extend(verify_r1cs(
        shared,
        &constants,
        log_cycles,
        proof,
        &mut transcript,
    )?);

    // One opening (after the first shard, of the initial memory too).
    let mut num_vars = layout.num_vars(shared, log_cycles);
    let mut commitments = proof.commitments.clone();
    if let Some(c) = initial_memory {
        num_vars.push(space.log_size);
        commitments.push(c.clone());
    }
    opening::verify::<C>(
        &preprocessing.vk,
        &commitments,
        &num_vars,
        &claims,
        &proof.opening,
        &mut transcript,
    )
    .map_err(VerifyError::Opening)
}

/// Component 1: read-only memory checking of the bytecode and the lookup memories.
fn verify_read_only<C: CommitmentScheme>(
    shared: &ProgramPreprocessing,
    shard: &ShardStatement,
    log_cycles: usize,
    proof: &JoltProof<C>,
    transcript: &mut Transcript,
) -> Result<Vec<EvaluationClaim>, VerifyError> {
    let pause_pc = shard.end_pc.unwrap_or(0);
    let bytecode_table = |p: &[Fr]| shared.bytecode.evaluate_values(p, pause_pc);
    type Table<'a> = Box<dyn Fn(&[Fr]) -> Vec<Fr> + Sync + 'a>;
    let subtable_tables: Vec<Table<'_>> = (0..shared.surge.memories.len())
        .map(|m| {
            let surge = &shared.surge;
            Box::new(move |p: &[Fr]| surge.table_values(m, p)) as Table<'_>
        })
        .collect();
    let mut shapes = vec![ReadOnlyShape {
        log_reads: log_cycles,
        log_size: shared.bytecode.log_size(),
        num_values: crate::columns::bytecode_value_columns().len(),
        toggled: false,
        table: &bytecode_table,
    }];
    for (table, memory) in subtable_tables.iter().zip(&shared.surge.memories) {
        shapes.push(ReadOnlyShape {
            log_reads: log_cycles,
            log_size: memory.log_size(),
            num_values: 3,
            toggled: true,
            table: table.as_ref(),
        });
    }
    let ro_claims =
        read_only::verify(&shapes, &proof.read_only, transcript).map_err(VerifyError::ReadOnly)?;
    polys::read_only_claims(shared, &ro_claims, log_cycles, true)
}

/// Component 2: read-write memory checking of registers, RAM and I/O, then the per-slot
/// evaluations. Only the run's last shard checks the I/O region (an empty mask for the
/// others); after the first shard the initial memory is committed, not public.
fn verify_read_write<C: CommitmentScheme>(
    shared: &ProgramPreprocessing,
    io: &PublicIo,
    shard: &ShardStatement,
    init_committed: bool,
    log_cycles: usize,
    proof: &JoltProof<C>,
    transcript: &mut Transcript,
) -> Result<Vec<EvaluationClaim>, VerifyError> {
    let space = &shared.space;
    let write_timestamp = |p: &[Fr]| {
        let mut id = Fr::from_u8(0);
        for x in p {
            id = id + id + x;
        }
        id + Fr::from_u8(1)
    };
    let init_value = |p: &[Fr]| shared.initial_memory_mle(&io.input, p);
    let space_tag = |p: &[Fr]| shared.access_tag_mle(p);
    let io_range = if shard.is_last() {
        space.io_range()
    } else {
        0..0
    };
    let io_mask = |p: &[Fr]| range_mle(p, io_range.clone());
    let io_words = if shard.is_last() {
        space.io_words(io)
    } else {
        Vec::new()
    };
    let io_value = |p: &[Fr]| sparse_mle(p, io_words.iter().map(|(i, v)| (*i, Fr::from_u32(*v))));
    let statement = ReadWriteStatement {
        log_ops: log_cycles + 2,
        log_memory: space.log_size,
        timestamp_bits: statement::timestamp_bits(log_cycles),
        write_timestamp: &write_timestamp,
        init_value: if init_committed {
            None
        } else {
            Some(&init_value)
        },
        space_tag: &space_tag,
        io_mask: &io_mask,
        io_value: &io_value,
    };
    let rw_claims = read_write::verify(&statement, &proof.read_write, transcript)
        .map_err(VerifyError::ReadWrite)?;
    if proof.slot_evaluations.len() != polys::SLOT_COLUMNS.len() {
        return Err(VerifyError::ProofShape {
            what: "slot evaluations",
            expected: polys::SLOT_COLUMNS.len(),
            got: proof.slot_evaluations.len(),
        });
    }
    transcript.append_scalars(polys::SLOT_LABEL, &proof.slot_evaluations);
    polys::read_write_claims(
        shared,
        log_cycles,
        &rw_claims,
        &proof.slot_evaluations,
        true,
    )
}

/// Component 3: Surge's primary sum-check.
fn verify_lookups<C: CommitmentScheme>(
    shared: &ProgramPreprocessing,
    log_cycles: usize,
    proof: &JoltProof<C>,
    transcript: &mut Transcript,
) -> Result<Vec<EvaluationClaim>, VerifyError> {
    let primary = surge::verify_primary(&shared.surge, &proof.primary, log_cycles, transcript)?;
    Ok(primary
        .into_iter()
        .map(|(c, p, v)| EvaluationClaim {
            poly: shared.index.of(c),
            point: p,
            value: v,
        })
        .collect())
}

/// Component 4: R1CS.
fn verify_r1cs<C: CommitmentScheme>(
    shared: &ProgramPreprocessing,
    constants: &[Fr],
    log_cycles: usize,
    proof: &JoltProof<C>,
    transcript: &mut Transcript,
) -> Result<Vec<EvaluationClaim>, VerifyError> {
    let claims = crate::r1cs::verify(&shared.r1cs, log_cycles, constants, &proof.r1cs, transcript)
        .map_err(VerifyError::R1cs)?;
    Ok(claims
        .into_iter()
        .map(|c| EvaluationClaim {
            poly: c.column,
            point: c.point,
            value: c.value,
        })
        .collect())
}
