//! The sum-check prover: drives [`SumcheckInstance`]s round by round.

use ark_ff::Field;

use super::{
    SumcheckError, SumcheckInstance, SumcheckProof, SumcheckStatement, absorb_statements,
    batch_shape, label, lifted_claim,
};
use crate::field::Fr;
use crate::poly::UniPoly;
use crate::transcript::Transcript;

/// Proves one instance. Returns the proof and the challenges $r$; the instance then holds its
/// polynomials bound at $r$ ([`SumcheckInstance::final_evaluations`]).
pub fn prove(
    instance: &mut dyn SumcheckInstance,
    transcript: &mut Transcript,
) -> Result<(SumcheckProof, Vec<Fr>), SumcheckError> {
    prove_batched(&mut [instance], transcript)
}

/// Proves several instances with one proof (see the [module docs](super) for the alignment of
/// instances with fewer rounds). Returns the proof and the full challenge vector; instance `k`
/// is bound at its last `num_rounds()` challenges.
///
/// # Panics
/// If an instance breaks the [`SumcheckInstance`] contract (returns a round polynomial above
/// its declared degree).
pub fn prove_batched(
    instances: &mut [&mut dyn SumcheckInstance],
    transcript: &mut Transcript,
) -> Result<(SumcheckProof, Vec<Fr>), SumcheckError> {
    let statements: Vec<SumcheckStatement> = instances.iter().map(|i| i.statement()).collect();
    let (max_rounds, max_degree) = batch_shape(&statements)?;
    let _span = tracing::debug_span!(
        "sumcheck::prove",
        instances = instances.len(),
        rounds = max_rounds,
        degree = max_degree
    )
    .entered();

    let coefficients = absorb_statements(&statements, transcript);
    let half = Fr::from(2u64).inverse().expect("2 is invertible");
    // Running claim of each instance, lifted by 2^(padding) while it is still inactive.
    let mut claims: Vec<Fr> = statements
        .iter()
        .map(|s| lifted_claim(s, max_rounds))
        .collect();
    let mut round_polynomials = Vec::with_capacity(max_rounds);
    let mut point = Vec::with_capacity(max_rounds);
    let mut polys: Vec<UniPoly> = Vec::with_capacity(instances.len());

    for round in 0..max_rounds {
        polys.clear();
        let mut combined = UniPoly::default();
        for ((instance, statement), (claim, alpha)) in instances
            .iter_mut()
            .zip(&statements)
            .zip(claims.iter().zip(&coefficients))
        {
            let poly = if round < max_rounds - statement.num_rounds {
                // Inactive (padding) round: g_k does not depend on this variable.
                UniPoly::from_coeffs(vec![*claim * half])
            } else {
                let poly = instance.round_polynomial(*claim);
                assert!(
                    poly.degree() <= statement.degree,
                    "sum-check instance returned a degree-{} polynomial but declared degree {}",
                    poly.degree(),
                    statement.degree
                );
                debug_assert_eq!(
                    poly.sum_over_boolean(),
                    *claim,
                    "round polynomial inconsistent with the running claim"
                );
                poly
            };
            combined.add_scaled(*alpha, &poly);
            polys.push(poly);
        }
        combined.pad_to_degree(max_degree);
        let compressed = combined.compress();
        transcript.append_scalars(label::ROUND, compressed.coeffs_except_linear());
        let r = transcript.challenge_scalar(label::CHALLENGE);

        for (((instance, statement), claim), poly) in instances
            .iter_mut()
            .zip(&statements)
            .zip(claims.iter_mut())
            .zip(&polys)
        {
            *claim = poly.evaluate(&r);
            if round >= max_rounds - statement.num_rounds {
                instance.bind(r);
            }
        }
        round_polynomials.push(compressed);
        point.push(r);
    }
    Ok((SumcheckProof { round_polynomials }, point))
}
