//! The read-write verifier: scalar, short and total.

use ark_ff::AdditiveGroup;
use math::sumcheck::{self, SumcheckStatement};
use math::{EqPolynomial, Fr, IdentityPolynomial, SumcheckError, Transcript};

use super::{Dims, ReadWriteOpenings, ReadWriteProof, ReadWriteStatement, label, recombine};
use crate::fingerprint::FingerprintChallenges;
use crate::grand_product::{self, LeafClaim, LeafValue, shape_check};
use crate::read_only::{ReadOnlyOpenings, check_memory, memory_claims};
use crate::{MemoryCheckingError, MemoryId, OpeningClaim, PolyKind, TreeRole};

/// Verifies a read-write proof against the verifier's own statement and returns the opening
/// claims the caller must discharge (order in the [module docs](super)).
pub fn verify(
    statement: &ReadWriteStatement<'_>,
    proof: &ReadWriteProof,
    transcript: &mut Transcript,
) -> Result<Vec<OpeningClaim>, MemoryCheckingError> {
    let dims = Dims {
        log_ops: statement.log_ops,
        log_memory: statement.log_memory,
        timestamp_bits: statement.timestamp_bits,
    };
    dims.check()?;
    shape_check(
        "range openings",
        dims.num_chunks(),
        proof.range_openings.len(),
    )?;
    dims.absorb(transcript);
    let challenges = FingerprintChallenges::sample(transcript);
    let gp = grand_product::verify(&dims.tree_shapes(), &proof.grand_product, transcript)?;
    absorb_openings(&proof.openings, &proof.range_openings, transcript);

    // Multiset equality of the address space, then its four leaf claims.
    let p = &gp.products;
    if p[2] * p[1] != p[0] * p[3] {
        return Err(MemoryCheckingError::MultisetMismatch {
            memory: MemoryId::ReadWrite,
        });
    }
    let o = &proof.openings;
    let r = &gp.leaves[0].point;
    let r_memory = &gp.leaves[2].point;
    let write_timestamp = (statement.write_timestamp)(r);
    let address = IdentityPolynomial::new(dims.log_memory).evaluate(r_memory);
    let init_value = o.init_value;
    if let Some(public) = statement.init_value
        && public(r_memory) != init_value
    {
        return Err(MemoryCheckingError::InitValueMismatch);
    }
    let space_tag = (statement.space_tag)(r_memory);
    let expected = [
        (
            TreeRole::Read,
            challenges.evaluate(o.address, &[o.read_value, o.access_tag], o.read_timestamp),
        ),
        (
            TreeRole::Write,
            challenges.evaluate(o.address, &[o.write_value, o.access_tag], write_timestamp),
        ),
        (
            TreeRole::Init,
            challenges.evaluate(address, &[init_value, space_tag], Fr::ZERO),
        ),
        (
            TreeRole::Final,
            challenges.evaluate(address, &[o.final_value, space_tag], o.final_timestamp),
        ),
    ];
    for ((tree, h), leaf) in expected.into_iter().zip(&gp.leaves) {
        if leaf.value != LeafValue::Dense(h) {
            return Err(MemoryCheckingError::LeafMismatch {
                memory: MemoryId::ReadWrite,
                tree,
            });
        }
    }

    // Range memories, then the linear relation Σ_j 2^(16j)·c_j(r) = t_w(r) − t_r(r) − 1.
    let no_values = |_: &[Fr]| Vec::new();
    for (j, openings) in proof.range_openings.iter().enumerate() {
        let trees = 4 + 4 * j..8 + 4 * j;
        check_memory(
            MemoryId::RangeChunk(j),
            dims.range_memory(),
            &no_values,
            &challenges,
            &gp.products[trees.clone()],
            &gp.leaves[trees],
            openings,
        )?;
    }
    let gap = write_timestamp - o.read_timestamp - Fr::from(1u64);
    if recombine(proof.range_openings.iter().map(|c| c.address)) != gap {
        return Err(MemoryCheckingError::RangeCheckRelation);
    }

    // Output check.
    let r_out = transcript.challenge_vector(label::OUTPUT_POINT, dims.log_memory);
    let output = SumcheckStatement {
        claimed_sum: Fr::ZERO,
        num_rounds: dims.log_memory,
        degree: 3,
    };
    let reduction = sumcheck::verify(&proof.output_sumcheck, output, transcript)
        .map_err(|source| MemoryCheckingError::OutputSumcheck { source })?;
    transcript.append_scalar(label::OUTPUT_FINAL_VALUE, &proof.output_final_value);
    let r_output = &reduction.point;
    let expected = EqPolynomial::new(r_out).evaluate(r_output)
        * (statement.io_mask)(r_output)
        * (proof.output_final_value - (statement.io_value)(r_output));
    reduction
        .discharge(&[expected])
        .map_err(|source| match source {
            SumcheckError::FinalEvaluationMismatch => MemoryCheckingError::OutputCheck,
            source => MemoryCheckingError::OutputSumcheck { source },
        })?;

    Ok(claims(
        statement.init_value.is_none(),
        &gp.leaves,
        &proof.openings,
        &proof.range_openings,
        r_output,
        proof.output_final_value,
    ))
}

/// Absorbs the openings (schedule step 4).
pub(super) fn absorb_openings(
    openings: &ReadWriteOpenings,
    range_openings: &[ReadOnlyOpenings],
    transcript: &mut Transcript,
) {
    let mut scalars = openings.scalars().to_vec();
    scalars.extend(range_openings.iter().flat_map(|o| o.scalars()));
    transcript.append_scalars(label::OPENINGS, &scalars);
}

/// Every opening claim, in the documented order (shared by prover and verifier).
pub(super) fn claims(
    init_committed: bool,
    leaves: &[LeafClaim],
    openings: &ReadWriteOpenings,
    range_openings: &[ReadOnlyOpenings],
    r_output: &[Fr],
    output_final_value: Fr,
) -> Vec<OpeningClaim> {
    let (r, r_memory) = (&leaves[0].point, &leaves[2].point);
    let claim =
        |kind, point: &[Fr], value| OpeningClaim::new(MemoryId::ReadWrite, kind, point, value);
    let mut claims = vec![
        claim(PolyKind::Address, r, openings.address),
        claim(PolyKind::ReadValue, r, openings.read_value),
        claim(PolyKind::ReadTimestamp, r, openings.read_timestamp),
        claim(PolyKind::WriteValue, r, openings.write_value),
        claim(PolyKind::Tag, r, openings.access_tag),
        claim(PolyKind::FinalValue, r_memory, openings.final_value),
        claim(PolyKind::FinalTimestamp, r_memory, openings.final_timestamp),
    ];
    if init_committed {
        claims.push(claim(PolyKind::InitValue, r_memory, openings.init_value));
    }
    for (j, (o, chunk_leaves)) in range_openings
        .iter()
        .zip(leaves[4..].chunks_exact(4))
        .enumerate()
    {
        claims.extend(memory_claims(MemoryId::RangeChunk(j), chunk_leaves, o));
    }
    claims.push(claim(PolyKind::FinalValue, r_output, output_final_value));
    claims
}
