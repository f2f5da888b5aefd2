//! The grand-product verifier: scalar, short and total.

use math::sumcheck::{self, SumcheckStatement};
use math::{EqPolynomial, Fr, SumcheckError, Transcript};

use super::{
    GrandProductClaims, GrandProductProof, LeafClaim, TreeShape, absorb_statement, check_shapes,
    collect_leaves, fold_layer, layer_members,
};
use crate::MemoryCheckingError;

/// Verifies a batch of grand products of the given shapes and returns the products and one
/// leaf claim per tree. The caller must relate the products and discharge the leaf claims.
pub fn verify(
    shapes: &[TreeShape],
    proof: &GrandProductProof,
    transcript: &mut Transcript,
) -> Result<GrandProductClaims, MemoryCheckingError> {
    let depth = check_shapes(shapes)?;
    shape_check("products", shapes.len(), proof.products.len())?;
    shape_check("layers", depth, proof.layers.len())?;
    absorb_statement(shapes, &proof.products, transcript);

    let mut claims = proof.products.clone();
    let mut leaves: Vec<Option<LeafClaim>> = vec![None; shapes.len()];
    let mut point: Vec<Fr> = Vec::new();
    for (layer, layer_proof) in proof.layers.iter().enumerate() {
        let members = layer_members(shapes, layer);
        let num_evals = members.iter().map(|(_, role)| role.num_evals()).sum();
        shape_check(
            "child evaluations",
            num_evals,
            layer_proof.child_evals.len(),
        )?;

        let mut parents = Vec::with_capacity(members.len());
        let mut offset = 0;
        for (_, role) in &members {
            let chunk = &layer_proof.child_evals[offset..offset + role.num_evals()];
            parents.push(role.combine(chunk));
            offset += role.num_evals();
        }

        let r = if layer == 0 {
            shape_check(
                "root layer sum-check rounds",
                0,
                layer_proof.sumcheck.num_rounds(),
            )?;
            let consistent = members
                .iter()
                .zip(&parents)
                .all(|((k, _), parent)| claims[*k] == *parent);
            if !consistent {
                return Err(MemoryCheckingError::LayerClaim { layer });
            }
            Vec::new()
        } else {
            let statements: Vec<SumcheckStatement> = members
                .iter()
                .map(|(k, role)| SumcheckStatement {
                    claimed_sum: claims[*k],
                    num_rounds: layer,
                    degree: role.degree(),
                })
                .collect();
            let reduction =
                sumcheck::verify_batched(&layer_proof.sumcheck, &statements, transcript)
                    .map_err(|source| MemoryCheckingError::LayerSumcheck { layer, source })?;
            let eq = EqPolynomial::new(point).evaluate(&reduction.point);
            let evaluations: Vec<Fr> = parents.iter().map(|p| eq * p).collect();
            reduction
                .discharge(&evaluations)
                .map_err(|source| match source {
                    SumcheckError::FinalEvaluationMismatch => {
                        MemoryCheckingError::LayerClaim { layer }
                    }
                    source => MemoryCheckingError::LayerSumcheck { layer, source },
                })?;
            reduction.point
        };

        point = fold_layer(
            shapes,
            layer,
            &layer_proof.child_evals,
            &r,
            &mut claims,
            &mut leaves,
            transcript,
        );
    }
    Ok(GrandProductClaims {
        products: proof.products.clone(),
        leaves: collect_leaves(leaves),
    })
}

/// `Ok` when the proof's length matches the verifier's own expectation.
pub(crate) fn shape_check(
    what: &'static str,
    expected: usize,
    got: usize,
) -> Result<(), MemoryCheckingError> {
    if expected == got {
        Ok(())
    } else {
        Err(MemoryCheckingError::ProofShape {
            what,
            expected,
            got,
        })
    }
}
