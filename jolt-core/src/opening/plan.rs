//! The shape both sides derive from the claims: size groups, distinct points, coefficients.
//!
//! Prover and verifier build the same [`Plan`] from the same claim list (the prover reads each
//! polynomial's size from the polynomial, the verifier from its statement), so every order
//! below is a function of the claims alone:
//! - distinct claims (identical `(poly, point)` merged) are numbered in order of first
//!   appearance; distinct claim $k$ gets the coefficient $\rho^k$;
//! - groups are sorted by number of variables, ascending;
//! - a group's polynomials are sorted by index, ascending (the order of the sent evaluations
//!   and of the PCS batch);
//! - a group's distinct points are in order of first appearance.

use std::collections::{BTreeMap, BTreeSet, HashMap, btree_map::Entry};

use ark_ff::AdditiveGroup;
use math::{EqPolynomial, Fr, SumcheckStatement, Transcript};

use super::{EvaluationClaim, OpeningError, label};

/// Degree of every reduction instance: $\widetilde{eq}(p, x) \cdot F_p(x)$.
pub(super) const DEGREE: usize = 2;

/// One distinct claim, as it enters a point's combination.
#[derive(Clone, Copy, Debug)]
pub(super) struct Weighted {
    /// Position of the polynomial in its group's `polys`.
    pub(super) slot: usize,
    /// Index $k$ of the claim's coefficient $\rho^k$.
    pub(super) coefficient: usize,
    /// The claimed value.
    pub(super) value: Fr,
}

/// Every distinct claim of a group at one point: the instance
/// $\sum_x \widetilde{eq}(p, x) F_p(x) = \sum_k \rho^k v_k$ with $F_p = \sum_k \rho^k f_{i_k}$.
#[derive(Clone, Debug)]
pub(super) struct PointClaims {
    /// The point $p$.
    pub(super) point: Vec<Fr>,
    /// The claims at $p$.
    pub(super) claims: Vec<Weighted>,
}

/// The claims on polynomials of one size.
#[derive(Clone, Debug)]
pub(super) struct Group {
    /// Number of variables of every polynomial in the group.
    pub(super) num_vars: usize,
    /// Distinct polynomial indices, ascending.
    pub(super) polys: Vec<usize>,
    /// Distinct points, in order of first appearance.
    pub(super) points: Vec<PointClaims>,
}

/// Groups (ascending size) and the number of distinct claims.
#[derive(Clone, Debug)]
pub(super) struct Plan {
    /// Number of distinct claims, i.e. of coefficients $\rho^k$.
    pub(super) num_distinct: usize,
    /// Size groups, ascending number of variables.
    pub(super) groups: Vec<Group>,
}

impl Group {
    /// Whether this group needs no reduction: polynomials with no variables, opened directly
    /// at the empty point.
    pub(super) fn is_constant(&self) -> bool {
        self.num_vars == 0
    }

    /// $\sum_{k \text{ at } p} \rho^k v_k$, the claimed sum of one point's instance.
    pub(super) fn claimed_sum(points: &PointClaims, rho: &[Fr]) -> Fr {
        points
            .claims
            .iter()
            .map(|w| rho[w.coefficient] * w.value)
            .sum()
    }

    /// For a constant group, each polynomial's (unique, deduplicated) claimed value.
    pub(super) fn constant_values(&self) -> Vec<Fr> {
        let mut values = vec![Fr::ZERO; self.polys.len()];
        for w in self.points.iter().flat_map(|p| &p.claims) {
            values[w.slot] = w.value;
        }
        values
    }

    /// $\widetilde{eq}(p, r) \sum_{k \text{ at } p} \rho^k e_{i_k}$: what the point's instance
    /// reduces to, from the group's evaluations $e$ at $r$.
    ///
    /// `evaluations` must have one entry per polynomial of the group (callers check).
    pub(super) fn reduced_value(
        points: &PointClaims,
        r: &[Fr],
        rho: &[Fr],
        evaluations: &[Fr],
    ) -> Fr {
        let combined: Fr = points
            .claims
            .iter()
            .map(|w| rho[w.coefficient] * evaluations[w.slot])
            .sum();
        EqPolynomial::new(points.point.clone()).evaluate(r) * combined
    }
}

impl Plan {
    /// Validates `claims` against the polynomial sizes and groups them.
    ///
    /// `num_vars[i]` is polynomial `i`'s number of variables. Errors on an unknown polynomial
    /// index, a point of the wrong length, or two claims at one `(poly, point)` with different
    /// values.
    pub(super) fn new(
        claims: &[EvaluationClaim],
        num_vars: &[usize],
    ) -> Result<Self, OpeningError> {
        // Distinct claims in first-appearance order, and their values for the conflict check.
        let mut distinct: HashMap<(usize, &[Fr]), Fr> = HashMap::new();
        let mut order: Vec<&EvaluationClaim> = Vec::new();
        for claim in claims {
            let expected = *num_vars
                .get(claim.poly)
                .ok_or(OpeningError::UnknownPolynomial {
                    poly: claim.poly,
                    count: num_vars.len(),
                })?;
            if claim.point.len() != expected {
                return Err(OpeningError::PointLength {
                    poly: claim.poly,
                    expected,
                    got: claim.point.len(),
                });
            }
            match distinct.get(&(claim.poly, claim.point.as_slice())) {
                Some(value) if *value != claim.value => {
                    return Err(OpeningError::ConflictingClaims { poly: claim.poly });
                }
                Some(_) => {}
                None => {
                    distinct.insert((claim.poly, &claim.point), claim.value);
                    order.push(claim);
                }
            }
        }

        // Polynomials of each size, ascending.
        let mut sizes: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for claim in &order {
            sizes
                .entry(num_vars[claim.poly])
                .or_default()
                .insert(claim.poly);
        }
        let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
        for (coefficient, claim) in order.iter().enumerate() {
            let n = num_vars[claim.poly];
            let group = match groups.entry(n) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(Group {
                    num_vars: n,
                    polys: sizes
                        .get(&n)
                        .expect("every claim's size was recorded above")
                        .iter()
                        .copied()
                        .collect(),
                    points: Vec::new(),
                }),
            };
            let slot = group
                .polys
                .binary_search(&claim.poly)
                .expect("every claimed polynomial is in its group");
            let weighted = Weighted {
                slot,
                coefficient,
                value: claim.value,
            };
            match group.points.iter_mut().find(|p| p.point == claim.point) {
                Some(p) => p.claims.push(weighted),
                None => group.points.push(PointClaims {
                    point: claim.point.clone(),
                    claims: vec![weighted],
                }),
            }
        }
        Ok(Self {
            num_distinct: order.len(),
            groups: groups.into_values().collect(),
        })
    }

    /// The groups that go through the sum-check (at least one variable), ascending size.
    pub(super) fn reduced_groups(&self) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(|g| !g.is_constant())
    }

    /// One sum-check statement per (reduced group, distinct point), in group then point order.
    pub(super) fn statements(&self, rho: &[Fr]) -> Vec<SumcheckStatement> {
        self.reduced_groups()
            .flat_map(|g| {
                g.points.iter().map(|p| SumcheckStatement {
                    claimed_sum: Group::claimed_sum(p, rho),
                    num_rounds: g.num_vars,
                    degree: DEGREE,
                })
            })
            .collect()
    }
}

/// Absorbs every claim — polynomial index, point, value, in the caller's order — and only then
/// draws the coefficients $1, \rho, \dots, \rho^{K-1}$ for the `num_distinct` $= K$ distinct
/// claims (Jolt 2024 issue #981: coefficients drawn before the claims are absorbed let a prover
/// pick claims that cancel).
pub(super) fn absorb_claims(
    claims: &[EvaluationClaim],
    num_distinct: usize,
    transcript: &mut Transcript,
) -> Vec<Fr> {
    transcript.append_u64(label::NUM_CLAIMS, claims.len() as u64);
    for claim in claims {
        transcript.append_u64(label::POLY, claim.poly as u64);
        transcript.append_scalars(label::POINT, &claim.point);
        transcript.append_scalar(label::VALUE, &claim.value);
    }
    transcript.challenge_powers(label::RHO, num_distinct)
}
