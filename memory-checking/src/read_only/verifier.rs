//! The read-only verifier: scalar, short and total.

use ark_ff::AdditiveGroup;
use math::{Fr, IdentityPolynomial, Transcript};

use super::{
    MemoryDims, ReadOnlyOpenings, ReadOnlyProof, ReadOnlyShape, TableEvaluator, absorb_dims, label,
};
use crate::fingerprint::FingerprintChallenges;
use crate::grand_product::{self, LeafClaim, LeafValue, shape_check};
use crate::{MemoryCheckingError, MemoryId, OpeningClaim, PolyKind, TreeRole};

/// Verifies a batched read-only proof for memories of the given shapes and returns the opening
/// claims the caller must discharge (see the [module docs](super) for their order).
pub fn verify(
    shapes: &[ReadOnlyShape<'_>],
    proof: &ReadOnlyProof,
    transcript: &mut Transcript,
) -> Result<Vec<OpeningClaim>, MemoryCheckingError> {
    if shapes.is_empty() {
        return Err(MemoryCheckingError::NoMemories);
    }
    let dims: Vec<MemoryDims> = shapes.iter().map(ReadOnlyShape::dims).collect();
    for (i, d) in dims.iter().enumerate() {
        d.check(MemoryId::ReadOnly(i))?;
    }
    shape_check("read-only openings", shapes.len(), proof.openings.len())?;
    absorb_dims(&dims, transcript);
    let challenges = FingerprintChallenges::sample(transcript);

    let tree_shapes: Vec<_> = dims.iter().flat_map(MemoryDims::tree_shapes).collect();
    let gp = grand_product::verify(&tree_shapes, &proof.grand_product, transcript)?;
    let scalars: Vec<Fr> = proof.openings.iter().flat_map(|o| o.scalars()).collect();
    transcript.append_scalars(label::OPENINGS, &scalars);

    let mut claims = Vec::new();
    for (i, (shape, openings)) in shapes.iter().zip(&proof.openings).enumerate() {
        claims.extend(check_memory(
            MemoryId::ReadOnly(i),
            shape.dims(),
            shape.table,
            &challenges,
            &gp.products[4 * i..4 * i + 4],
            &gp.leaves[4 * i..4 * i + 4],
            openings,
        )?);
    }
    Ok(claims)
}

/// Checks one memory: the multiset relation on its four products (read, write, init, final),
/// then that the openings and the verifier's own init evaluation reproduce the four leaf
/// claims. Returns the memory's opening claims.
pub(crate) fn check_memory(
    memory: MemoryId,
    dims: MemoryDims,
    table: TableEvaluator<'_>,
    challenges: &FingerprintChallenges,
    products: &[Fr],
    leaves: &[LeafClaim],
    openings: &ReadOnlyOpenings,
) -> Result<Vec<OpeningClaim>, MemoryCheckingError> {
    let (read, write, init, fin) = (products[0], products[1], products[2], products[3]);
    if init * write != read * fin {
        return Err(MemoryCheckingError::MultisetMismatch { memory });
    }
    shape_check("opened values", dims.num_values, openings.values.len())?;
    let leaf_mismatch = |tree| MemoryCheckingError::LeafMismatch { memory, tree };

    let (read_flag, h_read) = split(leaves[0].value);
    let (write_flag, h_write) = split(leaves[1].value);
    if read_flag != write_flag {
        return Err(MemoryCheckingError::FlagMismatch { memory });
    }
    let shift = challenges.timestamp_coefficient(dims.num_values);
    let h = challenges.evaluate(openings.address, &openings.values, openings.read_timestamp);
    if h != h_read {
        return Err(leaf_mismatch(TreeRole::Read));
    }
    if h + shift != h_write {
        return Err(leaf_mismatch(TreeRole::Write));
    }

    let table_point = &leaves[2].point;
    let table_values = table(table_point);
    if table_values.len() != dims.num_values {
        return Err(MemoryCheckingError::EvaluatorOutput {
            memory,
            expected: dims.num_values,
            got: table_values.len(),
        });
    }
    let address = IdentityPolynomial::new(dims.log_size).evaluate(table_point);
    let h_init = challenges.evaluate(address, &table_values, Fr::ZERO);
    if h_init != split(leaves[2].value).1 {
        return Err(leaf_mismatch(TreeRole::Init));
    }
    if h_init + shift * openings.final_timestamp != split(leaves[3].value).1 {
        return Err(leaf_mismatch(TreeRole::Final));
    }
    Ok(memory_claims(memory, leaves, openings))
}

/// The opening claims of one memory (shared by prover and verifier): `Address`, `Value(j)`,
/// `ReadTimestamp`, `Flag` (toggled only) at the read point, `FinalTimestamp` at the table point.
pub(crate) fn memory_claims(
    memory: MemoryId,
    leaves: &[LeafClaim],
    openings: &ReadOnlyOpenings,
) -> Vec<OpeningClaim> {
    let read_point = &leaves[0].point;
    let claim = |kind, point: &[Fr], value| OpeningClaim::new(memory, kind, point, value);
    let mut claims = vec![claim(PolyKind::Address, read_point, openings.address)];
    for (j, v) in openings.values.iter().enumerate() {
        claims.push(claim(PolyKind::Value(j), read_point, *v));
    }
    claims.push(claim(
        PolyKind::ReadTimestamp,
        read_point,
        openings.read_timestamp,
    ));
    if let (Some(flag), _) = split(leaves[0].value) {
        claims.push(claim(PolyKind::Flag, read_point, flag));
    }
    claims.push(claim(
        PolyKind::FinalTimestamp,
        &leaves[3].point,
        openings.final_timestamp,
    ));
    claims
}

/// (flag, fingerprint) of a leaf claim.
fn split(value: LeafValue) -> (Option<Fr>, Fr) {
    match value {
        LeafValue::Dense(h) => (None, h),
        LeafValue::Toggled { flag, fingerprint } => (Some(flag), fingerprint),
    }
}
