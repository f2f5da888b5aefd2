//! The verifier: replays the prover's transcript schedule (see [`crate::prover`]) and checks
//! every component against structure it derives itself from its preprocessing. It returns
//! [`VerifyError`] for any proof — it never panics on proof contents and checks every length
//! before indexing.

use math::{FieldExt, Fr, Transcript};
use memory_checking::read_only::{self, ReadOnlyShape};
use memory_checking::read_write::{self, ReadWriteStatement};
use pcs::CommitmentScheme;

use crate::error::VerifyError;
use crate::memory::{PublicIo, range_mle, sparse_mle};
use crate::opening;
use crate::polys::{self, PolyLayout};
use crate::preprocessing::VerifierPreprocessing;
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
    if log_cycles > shared.max_log_cycles || log_cycles < crate::witness::MIN_LOG_CYCLES {
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

    // Bytecode + Surge memories.
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
    for table in &subtable_tables {
        shapes.push(ReadOnlyShape {
            log_reads: log_cycles,
            log_size: instruction_tables::LOG_M,
            num_values: 3,
            toggled: true,
            table: table.as_ref(),
        });
    }
    let ro_claims = read_only::verify(&shapes, &proof.read_only, &mut transcript)
        .map_err(VerifyError::ReadOnly)?;
    let mut claims = polys::read_only_claims(shared, &ro_claims, log_cycles, true)?;

    // Registers + RAM + I/O.
    let write_timestamp = |p: &[Fr]| {
        let mut id = Fr::from_u8(0);
        for x in p {
            id = id + id + x;
        }
        id + Fr::from_u8(1)
    };
    let init_value = |p: &[Fr]| shared.initial_memory_mle(&io.input, p);
    let space_tag = |p: &[Fr]| shared.access_tag_mle(p);
    // Only the run's last shard checks the I/O region (an empty mask for the others).
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
        timestamp_bits: crate::witness::timestamp_bits(log_cycles),
        write_timestamp: &write_timestamp,
        init_value: if initial_memory.is_some() {
            None
        } else {
            Some(&init_value)
        },
        space_tag: &space_tag,
        io_mask: &io_mask,
        io_value: &io_value,
    };
    let rw_claims = read_write::verify(&statement, &proof.read_write, &mut transcript)
        .map_err(VerifyError::ReadWrite)?;
    if proof.slot_evaluations.len() != polys::SLOT_COLUMNS.len() {
        return Err(VerifyError::ProofShape {
            what: "slot evaluations",
            expected: polys::SLOT_COLUMNS.len(),
            got: proof.slot_evaluations.len(),
        });
    }
    transcript.append_scalars(polys::SLOT_LABEL, &proof.slot_evaluations);
    claims.extend(polys::read_write_claims(
        shared,
        log_cycles,
        &rw_claims,
        &proof.slot_evaluations,
        true,
    )?);

    // Surge primary sum-check.
    let primary =
        surge::verify_primary(&shared.surge, &proof.primary, log_cycles, &mut transcript)?;
    claims.extend(
        primary
            .into_iter()
            .map(|(c, p, v)| opening::EvaluationClaim {
                poly: shared.index.of(c),
                point: p,
                value: v,
            }),
    );

    // R1CS.
    let r1cs_claims = crate::r1cs::verify(
        &shared.r1cs,
        log_cycles,
        &constants,
        &proof.r1cs,
        &mut transcript,
    )
    .map_err(VerifyError::R1cs)?;
    claims.extend(r1cs_claims.into_iter().map(|c| opening::EvaluationClaim {
        poly: c.column,
        point: c.point,
        value: c.value,
    }));

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
