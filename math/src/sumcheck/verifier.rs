//! The sum-check verifier. Scalar, short, and total: it returns an error for every malformed
//! proof and never indexes proof data before checking its length.

use super::{
    SumcheckError, SumcheckProof, SumcheckReduction, SumcheckStatement, absorb_statements,
    batch_shape, label, lifted_claim,
};
use crate::transcript::Transcript;

/// Verifies one instance and returns its reduced claim, which the caller must
/// [discharge](SumcheckReduction::discharge).
pub fn verify(
    proof: &SumcheckProof,
    statement: SumcheckStatement,
    transcript: &mut Transcript,
) -> Result<SumcheckReduction, SumcheckError> {
    verify_batched(proof, &[statement], transcript)
}

/// Verifies a batch (see the [module docs](super)) and returns the combined reduced claim.
pub fn verify_batched(
    proof: &SumcheckProof,
    statements: &[SumcheckStatement],
    transcript: &mut Transcript,
) -> Result<SumcheckReduction, SumcheckError> {
    let (max_rounds, max_degree) = batch_shape(statements)?;
    if proof.round_polynomials.len() != max_rounds {
        return Err(SumcheckError::RoundCountMismatch {
            expected: max_rounds,
            got: proof.round_polynomials.len(),
        });
    }

    let coefficients = absorb_statements(statements, transcript);
    let mut claim = statements
        .iter()
        .zip(&coefficients)
        .map(|(s, alpha)| lifted_claim(s, max_rounds) * alpha)
        .sum();

    let mut point = Vec::with_capacity(max_rounds);
    for (round, poly) in proof.round_polynomials.iter().enumerate() {
        if poly.degree() != max_degree {
            return Err(SumcheckError::DegreeMismatch {
                round,
                expected: max_degree,
                got: poly.degree(),
            });
        }
        transcript.append_scalars(label::ROUND, poly.coeffs_except_linear());
        let r = transcript.challenge_scalar(label::CHALLENGE);
        claim = poly.evaluate_with_hint(&claim, &r);
        point.push(r);
    }

    Ok(SumcheckReduction {
        point,
        value: claim,
        coefficients,
        num_rounds: statements.iter().map(|s| s.num_rounds).collect(),
    })
}
