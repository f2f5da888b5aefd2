//! The accumulator's verifier: shapes first, then the reduction, its final check, the openings.

use math::{Fr, SumcheckError, Transcript, sumcheck};
use pcs::CommitmentScheme;

use super::plan::{Group, Plan, absorb_claims};
use super::{EvaluationClaim, OpeningError, OpeningProof, absorb_evaluations};

/// Checks `proof` against `claims`: `commitments[c.poly]` opens to `c.value` at `c.point`.
///
/// `num_vars[i]` is polynomial `i`'s number of variables, from the verifier's own statement
/// (never from the proof); every claim's point must have that many coordinates. The claims
/// must be the prover's list in the prover's order, and the transcript in the prover's state.
/// Zero claims accept only the empty proof.
///
/// # Errors
/// A rejection ([`OpeningError::is_rejection`]) when the proof is wrong; misuse errors for
/// inconsistent inputs. Never panics on proof contents.
pub fn verify<C: CommitmentScheme>(
    vk: &C::VerifierKey,
    commitments: &[C::Commitment],
    num_vars: &[usize],
    claims: &[EvaluationClaim],
    proof: &OpeningProof<C>,
    transcript: &mut Transcript,
) -> Result<(), OpeningError> {
    if num_vars.len() != commitments.len() {
        return Err(OpeningError::InputLength {
            what: "variable counts",
            expected: commitments.len(),
            got: num_vars.len(),
        });
    }
    let plan = Plan::new(claims, num_vars)?;
    check_shape(&plan, proof)?;
    let rho = absorb_claims(claims, plan.num_distinct, transcript);

    // 1. The reduction: one statement per (group, distinct point).
    let statements = plan.statements(&rho);
    let reduction = if statements.is_empty() {
        None
    } else {
        Some(
            sumcheck::verify_batched(&proof.sumcheck, &statements, transcript)
                .map_err(OpeningError::Sumcheck)?,
        )
    };
    absorb_evaluations(&proof.evaluations, transcript);

    // 2. Its final claim from the sent evaluations: per point instance,
    //    eq(p, r_g) · Σ_k ρ^k e_{i_k}. All instances of a group share r_g.
    let mut points: Vec<&[Fr]> = Vec::with_capacity(plan.groups.len());
    if let Some(reduction) = &reduction {
        let mut finals = Vec::with_capacity(statements.len());
        for (g, evaluations) in plan.reduced_groups().zip(&proof.evaluations) {
            let r_g = reduction.point_for(finals.len());
            for p in &g.points {
                finals.push(Group::reduced_value(p, r_g, &rho, evaluations));
            }
            points.push(r_g);
        }
        reduction.discharge(&finals).map_err(|e| match e {
            SumcheckError::FinalEvaluationMismatch => OpeningError::FinalClaimMismatch,
            other => OpeningError::Sumcheck(other),
        })?;
    }

    // 3. One batched opening per group at its point (the empty point for constants).
    let mut reduced = points.iter().zip(&proof.evaluations);
    for (g, opening) in plan.groups.iter().zip(&proof.openings) {
        let constants;
        let (point, evals): (&[Fr], &[Fr]) = if g.is_constant() {
            constants = g.constant_values();
            (&[], &constants)
        } else {
            let (point, evals) = reduced
                .next()
                .expect("check_shape: one evaluation vector per reduced group");
            (point, evals)
        };
        let group_commitments: Vec<&C::Commitment> =
            g.polys.iter().map(|&i| &commitments[i]).collect();
        C::batch_verify(vk, &group_commitments, point, evals, opening, transcript).map_err(
            |source| OpeningError::Pcs {
                num_vars: g.num_vars,
                source,
            },
        )?;
    }
    Ok(())
}

/// Every proof length against what the claims imply, before anything is indexed.
fn check_shape<C: CommitmentScheme>(
    plan: &Plan,
    proof: &OpeningProof<C>,
) -> Result<(), OpeningError> {
    let shape = |what, expected, got| {
        (expected == got)
            .then_some(())
            .ok_or(OpeningError::ProofShape {
                what,
                expected,
                got,
            })
    };
    let reduced: Vec<&Group> = plan.reduced_groups().collect();
    if reduced.is_empty() {
        // verify_batched checks the round count otherwise.
        shape(
            "sum-check rounds",
            0,
            proof.sumcheck.round_polynomials.len(),
        )?;
    }
    shape("evaluation groups", reduced.len(), proof.evaluations.len())?;
    for (g, evaluations) in reduced.iter().zip(&proof.evaluations) {
        shape("group evaluations", g.polys.len(), evaluations.len())?;
    }
    shape("opening proofs", plan.groups.len(), proof.openings.len())
}
