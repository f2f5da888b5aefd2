//! The accumulator's prover: combined polynomials, the batched reduction, evaluations, openings.

use math::{
    DensePolynomial, EqCombinationSumcheck, Fr, MultilinearPolynomial, SumcheckInstance,
    SumcheckProof, Transcript, sumcheck,
};
use pcs::CommitmentScheme;

use super::combination::combine;
use super::evaluation::evaluate_all;
use super::plan::{Group, Plan, PointClaims, absorb_claims};
use super::{EvaluationClaim, OpeningError, OpeningProof, absorb_evaluations};

/// The reduction instance of one point: $\sum_x \widetilde{eq}(p, x) \cdot F_p(x)$, with $F_p$
/// its only input polynomial (so the combiner is the identity).
type PointInstance = EqCombinationSumcheck<fn(&[Fr]) -> Fr>;

/// The combiner of a [`PointInstance`]: its single input.
fn single(values: &[Fr]) -> Fr {
    values[0]
}

/// Proves every claim in `claims`: `polys[c.poly]` evaluates to `c.value` at `c.point`.
///
/// `commitments[i]` must be the commitment to `polys[i]` under `pk`. Claims may repeat (equal
/// values required) and come in any order; the verifier must be given the same list in the
/// same order. Zero claims give [`OpeningProof::empty`] (the transcript still absorbs the
/// claim count and draws $\rho$, exactly as the verifier does).
///
/// Memory: one field-element copy of the combined polynomial $F_p$ per distinct point
/// ($2^n$ entries each); the eq factor uses $O(2^{n/2})$ split tables.
///
/// # Errors
/// Misuse only: list lengths, unknown polynomial indices, point lengths, conflicting
/// duplicate claims, or a PCS key too small for a group. A false claim is not detected here;
/// the proof will be rejected.
pub fn prove<C: CommitmentScheme>(
    pk: &C::ProverKey,
    polys: &[&MultilinearPolynomial],
    commitments: &[C::Commitment],
    claims: &[EvaluationClaim],
    transcript: &mut Transcript,
) -> Result<OpeningProof<C>, OpeningError> {
    if commitments.len() != polys.len() {
        return Err(OpeningError::InputLength {
            what: "commitments",
            expected: polys.len(),
            got: commitments.len(),
        });
    }
    let num_vars: Vec<usize> = polys.iter().map(|p| p.num_vars()).collect();
    let plan = Plan::new(claims, &num_vars)?;
    let _span = tracing::debug_span!(
        "opening::prove",
        claims = claims.len(),
        distinct = plan.num_distinct,
        groups = plan.groups.len()
    )
    .entered();
    let rho = absorb_claims(claims, plan.num_distinct, transcript);

    // 1. One eq-weighted instance per (group, distinct point), all in one batched sum-check.
    let mut instances: Vec<PointInstance> = plan
        .reduced_groups()
        .flat_map(|g| g.points.iter().map(move |p| (g, p)))
        .map(|(g, p)| point_instance(g, p, polys, &rho))
        .collect();
    let (sumcheck, r) = if instances.is_empty() {
        (
            SumcheckProof {
                round_polynomials: Vec::new(),
            },
            Vec::new(),
        )
    } else {
        let mut refs: Vec<&mut dyn SumcheckInstance> = instances
            .iter_mut()
            .map(|i| i as &mut dyn SumcheckInstance)
            .collect();
        sumcheck::prove_batched(&mut refs, transcript).map_err(OpeningError::Prover)?
    };
    drop(instances);

    // 2. Every distinct polynomial of every reduced group at the group's point r_g (the last
    //    n_g challenges).
    let evaluations: Vec<Vec<Fr>> = plan
        .reduced_groups()
        .map(|g| {
            let r_g = &r[r.len() - g.num_vars..];
            let group_polys: Vec<&MultilinearPolynomial> =
                g.polys.iter().map(|&i| polys[i]).collect();
            evaluate_all(&group_polys, r_g)
        })
        .collect();
    absorb_evaluations(&evaluations, transcript);

    // 3. One batched opening per group, ascending size.
    let mut reduced = evaluations.iter();
    let mut openings = Vec::with_capacity(plan.groups.len());
    for g in &plan.groups {
        let (point, evals) = if g.is_constant() {
            (&[][..], g.constant_values())
        } else {
            let evals = reduced
                .next()
                .expect("one evaluation vector per reduced group")
                .clone();
            (&r[r.len() - g.num_vars..], evals)
        };
        let group_polys: Vec<&MultilinearPolynomial> = g.polys.iter().map(|&i| polys[i]).collect();
        let group_commitments: Vec<&C::Commitment> =
            g.polys.iter().map(|&i| &commitments[i]).collect();
        let opening = C::batch_prove(
            pk,
            &group_polys,
            &group_commitments,
            point,
            &evals,
            transcript,
        )
        .map_err(|source| OpeningError::PcsProver {
            num_vars: g.num_vars,
            source,
        })?;
        openings.push(opening);
    }
    Ok(OpeningProof {
        sumcheck,
        evaluations,
        openings,
    })
}

/// The instance for the claims at one point: $F_p = \sum_k \rho^k f_{i_k}$, claimed sum
/// $\sum_k \rho^k v_k$.
fn point_instance(
    group: &Group,
    point: &PointClaims,
    polys: &[&MultilinearPolynomial],
    rho: &[Fr],
) -> PointInstance {
    let terms: Vec<(Fr, &MultilinearPolynomial)> = point
        .claims
        .iter()
        .map(|w| (rho[w.coefficient], polys[group.polys[w.slot]]))
        .collect();
    let combined = combine(&terms, 1 << group.num_vars);
    EqCombinationSumcheck::new(
        point.point.clone(),
        vec![DensePolynomial::new(combined).into()],
        1,
        single as fn(&[Fr]) -> Fr,
        Group::claimed_sum(point, rho),
    )
}
