//! One suite, run for Hyrax and Zeromorph: completeness on mixed sizes and representations,
//! and tamper tests that assert the specific rejection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ark_ff::{AdditiveGroup, Field, UniformRand};
use ark_serialize::CanonicalSerialize;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use math::{
    CompactPolynomial, CompressedUniPoly, DensePolynomial, Fr, MultilinearPolynomial, Transcript,
};
use pcs::{CommitmentScheme, Hyrax, HyraxParams, KzgSrs, PcsError, Zeromorph, decode, encode};
use proptest::prelude::*;

use super::plan::{Plan, absorb_claims};
use super::*;

const DOMAIN: &[u8] = b"opening-tests";

fn transcript() -> Transcript {
    Transcript::new(DOMAIN)
}

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// What the suite needs from a scheme beyond the trait.
trait Fixture: CommitmentScheme {
    /// Keys for up to `max_num_vars` variables (cached per size).
    fn keys(max_num_vars: usize) -> Arc<(Self::ProverKey, Self::VerifierKey)>;
    /// The error opening with another polynomial's commitment must produce.
    fn wrong_commitment(e: &PcsError) -> bool;
    /// The error a false evaluation given straight to the PCS must produce.
    fn wrong_evaluation(e: &PcsError) -> bool;
}

type KeyCache<S> = Mutex<
    HashMap<
        usize,
        Arc<(
            <S as CommitmentScheme>::ProverKey,
            <S as CommitmentScheme>::VerifierKey,
        )>,
    >,
>;

impl Fixture for Hyrax {
    fn keys(max_num_vars: usize) -> Arc<(Self::ProverKey, Self::VerifierKey)> {
        static CACHE: OnceLock<KeyCache<Hyrax>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut cache = cache.lock().unwrap();
        Arc::clone(cache.entry(max_num_vars).or_insert_with(|| {
            Arc::new(Hyrax::setup(&HyraxParams::default(), max_num_vars).unwrap())
        }))
    }
    fn wrong_commitment(e: &PcsError) -> bool {
        matches!(e, PcsError::CommitmentCheckFailed)
    }
    fn wrong_evaluation(e: &PcsError) -> bool {
        matches!(e, PcsError::EvaluationMismatch)
    }
}

impl Fixture for Zeromorph {
    /// An SRS of exactly `2^max_num_vars` powers (see the module docs on sizing).
    fn keys(max_num_vars: usize) -> Arc<(Self::ProverKey, Self::VerifierKey)> {
        static CACHE: OnceLock<KeyCache<Zeromorph>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let mut cache = cache.lock().unwrap();
        Arc::clone(cache.entry(max_num_vars).or_insert_with(|| {
            let srs = KzgSrs::insecure_dev(0x0be4, 1 << max_num_vars);
            Arc::new(Zeromorph::setup(&srs, max_num_vars).unwrap())
        }))
    }
    fn wrong_commitment(e: &PcsError) -> bool {
        matches!(e, PcsError::PairingCheckFailed)
    }
    fn wrong_evaluation(e: &PcsError) -> bool {
        matches!(e, PcsError::PairingCheckFailed)
    }
}

/// A random polynomial of `num_vars` variables; `kind` picks the representation.
fn random_poly(kind: usize, num_vars: usize, rng: &mut StdRng) -> MultilinearPolynomial {
    let n = 1usize << num_vars;
    match kind % 6 {
        0 => DensePolynomial::new((0..n).map(|_| Fr::rand(rng)).collect()).into(),
        1 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<bool>()).collect()).into(),
        2 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u8>()).collect()).into(),
        3 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u16>()).collect()).into(),
        4 => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u32>()).collect()).into(),
        _ => CompactPolynomial::new((0..n).map(|_| rng.r#gen::<u64>()).collect()).into(),
    }
}

fn random_point(n: usize, rng: &mut StdRng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

/// Polynomials and true claims on them.
struct Scenario {
    polys: Vec<MultilinearPolynomial>,
    claims: Vec<EvaluationClaim>,
}

impl Scenario {
    /// `per_size` polynomials of each size (representations cycling), each claimed at one to
    /// three of its size's `points` shared points and at one private point, plus duplicates.
    fn random(sizes: &[usize], per_size: usize, points: usize, seed: u64) -> Self {
        let mut rng = rng(seed);
        let mut polys = Vec::new();
        let mut claims = Vec::new();
        for &n in sizes {
            let shared: Vec<Vec<Fr>> = (0..points).map(|_| random_point(n, &mut rng)).collect();
            for j in 0..per_size {
                let poly = random_poly(j + n, n, &mut rng);
                let index = polys.len();
                let mut claimed_at: Vec<Vec<Fr>> = shared
                    .iter()
                    .filter(|_| rng.r#gen_bool(0.6))
                    .cloned()
                    .collect();
                claimed_at.push(random_point(n, &mut rng));
                for point in claimed_at {
                    let value = poly.evaluate(&point);
                    claims.push(EvaluationClaim::new(index, point, value));
                }
                polys.push(poly);
            }
        }
        // Duplicates (same poly, point and value) anywhere in the list.
        for _ in 0..claims.len() / 4 {
            let c = claims[rng.r#gen_range(0..claims.len())].clone();
            let at = rng.r#gen_range(0..=claims.len());
            claims.insert(at, c);
        }
        Self { polys, claims }
    }

    fn num_vars(&self) -> Vec<usize> {
        self.polys.iter().map(|p| p.num_vars()).collect()
    }

    fn refs(&self) -> Vec<&MultilinearPolynomial> {
        self.polys.iter().collect()
    }
}

/// A scenario with its commitments and an honest proof.
struct Proven<S: Fixture> {
    scenario: Scenario,
    keys: Arc<(S::ProverKey, S::VerifierKey)>,
    commitments: Vec<S::Commitment>,
    proof: OpeningProof<S>,
}

impl<S: Fixture> Proven<S> {
    fn new(scenario: Scenario) -> Self {
        let keys = S::keys(max_num_vars(&scenario.num_vars()));
        let commitments = S::commit_batch(&keys.0, &scenario.refs()).unwrap();
        let proof = prove::<S>(
            &keys.0,
            &scenario.refs(),
            &commitments,
            &scenario.claims,
            &mut transcript(),
        )
        .unwrap();
        Self {
            scenario,
            keys,
            commitments,
            proof,
        }
    }

    /// Verifies `proof` against `claims` with the honest commitments and sizes.
    fn verify_with(
        &self,
        claims: &[EvaluationClaim],
        proof: &OpeningProof<S>,
    ) -> Result<(), OpeningError> {
        verify::<S>(
            &self.keys.1,
            &self.commitments,
            &self.scenario.num_vars(),
            claims,
            proof,
            &mut transcript(),
        )
    }

    fn verify_proof(&self, proof: &OpeningProof<S>) -> Result<(), OpeningError> {
        self.verify_with(&self.scenario.claims, proof)
    }

    /// Proves `claims` (possibly false) with the honest prover, then verifies them.
    fn prove_and_verify(&self, claims: &[EvaluationClaim]) -> Result<(), OpeningError> {
        let proof = prove::<S>(
            &self.keys.0,
            &self.scenario.refs(),
            &self.commitments,
            claims,
            &mut transcript(),
        )?;
        self.verify_with(claims, &proof)
    }
}

fn standard<S: Fixture>(seed: u64) -> Proven<S> {
    Proven::new(Scenario::random(&[4, 6, 10], 5, 3, seed))
}

fn completeness_mixed_sizes<S: Fixture>() {
    for (seed, sizes) in [(1, &[4, 6, 10][..]), (2, &[5][..]), (3, &[1, 2, 3][..])] {
        let p = Proven::<S>::new(Scenario::random(sizes, 6, 3, seed));
        p.verify_proof(&p.proof)
            .unwrap_or_else(|e| panic!("sizes {sizes:?}: {e}"));
        assert_eq!(p.proof.openings.len(), sizes.len());
        // The proof survives its encoding.
        let decoded: OpeningProof<S> = decode(&encode(&p.proof)).unwrap();
        assert_eq!(decoded, p.proof);
        p.verify_proof(&decoded).unwrap();
    }
}

fn many_points_on_one_polynomial<S: Fixture>() {
    let mut rng = rng(4);
    let poly = random_poly(2, 6, &mut rng);
    let claims: Vec<EvaluationClaim> = (0..8)
        .map(|_| {
            let point = random_point(6, &mut rng);
            EvaluationClaim::new(0, point.clone(), poly.evaluate(&point))
        })
        .collect();
    let p = Proven::<S>::new(Scenario {
        polys: vec![poly],
        claims,
    });
    p.verify_proof(&p.proof).unwrap();
    assert_eq!(p.proof.evaluations, vec![vec![p.proof.evaluations[0][0]]]);
}

/// Hypercube points (coordinates 0 and 1) make eq factors vanish; the prover must not divide
/// by them.
fn boolean_points<S: Fixture>() {
    let mut rng = rng(5);
    let polys: Vec<MultilinearPolynomial> = (0..3).map(|k| random_poly(k, 4, &mut rng)).collect();
    let mut claims = Vec::new();
    for (i, poly) in polys.iter().enumerate() {
        for point in [vec![Fr::ZERO; 4], vec![Fr::ONE, Fr::ZERO, Fr::ONE, Fr::ONE]] {
            claims.push(EvaluationClaim::new(
                i,
                point.clone(),
                poly.evaluate(&point),
            ));
        }
    }
    let p = Proven::<S>::new(Scenario { polys, claims });
    p.verify_proof(&p.proof).unwrap();
}

/// Polynomials with no variables skip the reduction and are opened at the empty point.
fn constant_polynomials<S: Fixture>() {
    let mut rng = rng(6);
    let mut scenario = Scenario::random(&[3], 2, 2, 6);
    let constant: MultilinearPolynomial = DensePolynomial::new(vec![Fr::rand(&mut rng)]).into();
    let value = constant.evaluate(&[]);
    scenario.polys.push(constant);
    let index = scenario.polys.len() - 1;
    scenario
        .claims
        .push(EvaluationClaim::new(index, vec![], value));
    scenario
        .claims
        .push(EvaluationClaim::new(index, vec![], value));
    let p = Proven::<S>::new(scenario);
    p.verify_proof(&p.proof).unwrap();
    assert_eq!(p.proof.openings.len(), 2);
    assert_eq!(p.proof.evaluations.len(), 1);

    // A different value on the constant: rho changes with it, so the reduction fails first.
    let mut claims = p.scenario.claims.clone();
    claims.truncate(claims.len() - 2);
    claims.push(EvaluationClaim::new(index, vec![], value + Fr::ONE));
    let e = p.verify_with(&claims, &p.proof).unwrap_err();
    assert!(matches!(e, OpeningError::FinalClaimMismatch), "{e}");

    // Only constants: no sum-check at all.
    let only = Proven::<S>::new(Scenario {
        polys: vec![p.scenario.polys[index].clone()],
        claims: vec![EvaluationClaim::new(0, vec![], value)],
    });
    assert_eq!(only.proof.sumcheck.num_rounds(), 0);
    only.verify_proof(&only.proof).unwrap();
    // With constants only, the PCS is what refuses a false value (there is no sum-check).
    let false_claim = [EvaluationClaim::new(0, vec![], value + Fr::ONE)];
    let e = only.verify_with(&false_claim, &only.proof).unwrap_err();
    assert!(
        matches!(&e, OpeningError::Pcs { num_vars: 0, source } if S::wrong_evaluation(source)),
        "{e}"
    );
    let mut forged = only.proof.clone();
    forged.sumcheck = p.proof.sumcheck;
    assert!(matches!(
        only.verify_proof(&forged).unwrap_err(),
        OpeningError::ProofShape {
            what: "sum-check rounds",
            ..
        }
    ));
}

fn zero_claims<S: Fixture>() {
    let p = standard::<S>(7);
    let empty = prove::<S>(
        &p.keys.0,
        &p.scenario.refs(),
        &p.commitments,
        &[],
        &mut transcript(),
    )
    .unwrap();
    assert_eq!(empty, OpeningProof::empty());
    p.verify_with(&[], &empty).unwrap();
    // A non-empty proof for no claims is refused by shape.
    assert!(matches!(
        p.verify_with(&[], &p.proof).unwrap_err(),
        OpeningError::ProofShape { .. }
    ));
}

fn false_claims_are_rejected<S: Fixture>() {
    let p = standard::<S>(8);
    // A wrong value: the honest prover's reduction cannot reach the true evaluations.
    // Every copy of claim 3 (duplicates included) gets the same wrong value.
    let mut claims = p.scenario.claims.clone();
    let target = (claims[3].poly, claims[3].point.clone());
    for c in claims.iter_mut() {
        if (c.poly, &c.point) == (target.0, &target.1) {
            c.value += Fr::ONE;
        }
    }
    let e = p.prove_and_verify(&claims).unwrap_err();
    assert!(matches!(e, OpeningError::FinalClaimMismatch), "{e}");
    assert!(e.is_rejection());

    // A value that is right for another polynomial of the same size at the same point.
    let c = &p.scenario.claims[0];
    let other = (0..p.scenario.polys.len())
        .find(|&j| j != c.poly && p.scenario.polys[j].num_vars() == c.point.len())
        .unwrap();
    let other_value = p.scenario.polys[other].evaluate(&c.point);
    let claims: Vec<EvaluationClaim> = p
        .scenario
        .claims
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if (d.poly, &d.point) == (c.poly, &c.point) {
                d.value = other_value;
            }
            d
        })
        .collect();
    let e = p.prove_and_verify(&claims).unwrap_err();
    assert!(matches!(e, OpeningError::FinalClaimMismatch), "{e}");
}

fn tampered_proof_parts_are_rejected<S: Fixture>() {
    let p = standard::<S>(9);
    p.verify_proof(&p.proof).unwrap();

    // A sent evaluation: the final claim no longer matches.
    for (g, i) in [(0, 0), (1, 2), (2, 4)] {
        let mut bad = p.proof.clone();
        bad.evaluations[g][i] += Fr::ONE;
        let e = p.verify_proof(&bad).unwrap_err();
        assert!(
            matches!(e, OpeningError::FinalClaimMismatch),
            "group {g}: {e}"
        );
    }

    // A round polynomial: every later challenge moves and the final claim breaks.
    for round in [0, 5, 9] {
        let mut bad = p.proof.clone();
        let mut coeffs = bad.sumcheck.round_polynomials[round]
            .coeffs_except_linear()
            .to_vec();
        coeffs[0] += Fr::ONE;
        bad.sumcheck.round_polynomials[round] =
            CompressedUniPoly::from_coeffs_except_linear(coeffs);
        let e = p.verify_proof(&bad).unwrap_err();
        assert!(
            matches!(e, OpeningError::FinalClaimMismatch),
            "round {round}: {e}"
        );
    }

    // A round polynomial of the wrong degree, and a missing round.
    let mut bad = p.proof.clone();
    bad.sumcheck.round_polynomials[1] = CompressedUniPoly::from_coeffs_except_linear(vec![Fr::ONE]);
    assert!(matches!(
        p.verify_proof(&bad).unwrap_err(),
        OpeningError::Sumcheck(math::SumcheckError::DegreeMismatch { round: 1, .. })
    ));
    let mut bad = p.proof.clone();
    bad.sumcheck.round_polynomials.pop();
    assert!(matches!(
        p.verify_proof(&bad).unwrap_err(),
        OpeningError::Sumcheck(math::SumcheckError::RoundCountMismatch { .. })
    ));

    // A group's opening proof swapped for another group's: the PCS rejects it (wrong shape or
    // failed check, never a panic).
    let mut bad = p.proof.clone();
    bad.openings.swap(0, 1);
    assert!(matches!(
        p.verify_proof(&bad).unwrap_err(),
        OpeningError::Pcs { num_vars: 4, .. }
    ));
}

fn swapped_commitment_is_rejected<S: Fixture>() {
    let p = standard::<S>(10);
    // Polynomials 5 and 6 both have 6 variables.
    let mut commitments = p.commitments.clone();
    commitments.swap(5, 6);
    let e = verify::<S>(
        &p.keys.1,
        &commitments,
        &p.scenario.num_vars(),
        &p.scenario.claims,
        &p.proof,
        &mut transcript(),
    )
    .unwrap_err();
    assert!(
        matches!(&e, OpeningError::Pcs { num_vars: 6, source } if S::wrong_commitment(source)),
        "{e}"
    );
    assert!(e.is_rejection());
}

fn malformed_shapes_are_rejected<S: Fixture>() {
    let p = standard::<S>(11);
    let cases: Vec<(&str, OpeningProof<S>)> = vec![
        ("evaluation groups", {
            let mut bad = p.proof.clone();
            bad.evaluations.pop();
            bad
        }),
        ("group evaluations", {
            let mut bad = p.proof.clone();
            bad.evaluations[1].pop();
            bad
        }),
        ("group evaluations", {
            let mut bad = p.proof.clone();
            bad.evaluations[2].push(Fr::ONE);
            bad
        }),
        ("opening proofs", {
            let mut bad = p.proof.clone();
            bad.openings.pop();
            bad
        }),
        ("opening proofs", {
            let mut bad = p.proof.clone();
            bad.openings.clear();
            bad
        }),
    ];
    for (what, bad) in cases {
        let e = p.verify_proof(&bad).unwrap_err();
        assert!(
            matches!(e, OpeningError::ProofShape { what: w, .. } if w == what),
            "{what}: {e}"
        );
        assert!(e.is_rejection());
    }
    let e = p.verify_proof(&OpeningProof::empty()).unwrap_err();
    assert!(matches!(e, OpeningError::ProofShape { .. }), "{e}");
}

fn misuse_is_a_clear_error<S: Fixture>() {
    let p = standard::<S>(12);
    let refs = p.scenario.refs();
    let nv = p.scenario.num_vars();
    let prove_claims = |claims: &[EvaluationClaim]| {
        prove::<S>(&p.keys.0, &refs, &p.commitments, claims, &mut transcript()).unwrap_err()
    };
    let verify_claims = |claims: &[EvaluationClaim]| {
        verify::<S>(
            &p.keys.1,
            &p.commitments,
            &nv,
            claims,
            &p.proof,
            &mut transcript(),
        )
        .unwrap_err()
    };

    // A point of the wrong length.
    let mut claims = p.scenario.claims.clone();
    claims[2].point.push(Fr::ONE);
    let (poly, expected) = (claims[2].poly, nv[claims[2].poly]);
    for e in [prove_claims(&claims), verify_claims(&claims)] {
        assert!(
            matches!(e, OpeningError::PointLength { poly: q, expected: x, got } if q == poly && x == expected && got == expected + 1),
            "{e}"
        );
        assert!(!e.is_rejection());
    }

    // Two claims at one (poly, point) with different values.
    let mut claims = p.scenario.claims.clone();
    let mut conflicting = claims[4].clone();
    conflicting.value += Fr::ONE;
    claims.push(conflicting);
    for e in [prove_claims(&claims), verify_claims(&claims)] {
        assert!(
            matches!(e, OpeningError::ConflictingClaims { poly } if poly == claims[4].poly),
            "{e}"
        );
    }

    // An unknown polynomial.
    let mut claims = p.scenario.claims.clone();
    claims[0].poly = p.scenario.polys.len();
    for e in [prove_claims(&claims), verify_claims(&claims)] {
        assert!(matches!(e, OpeningError::UnknownPolynomial { .. }), "{e}");
    }

    // Lists of different lengths.
    let e = prove::<S>(
        &p.keys.0,
        &refs,
        &p.commitments[1..],
        &p.scenario.claims,
        &mut transcript(),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            OpeningError::InputLength {
                what: "commitments",
                ..
            }
        ),
        "{e}"
    );
    let e = verify::<S>(
        &p.keys.1,
        &p.commitments,
        &nv[1..],
        &p.scenario.claims,
        &p.proof,
        &mut transcript(),
    )
    .unwrap_err();
    assert!(matches!(e, OpeningError::InputLength { .. }), "{e}");

    // A key too small for the largest group is the prover's misuse, not a rejection.
    let small = S::keys(6);
    let e = prove::<S>(
        &small.0,
        &refs,
        &p.commitments,
        &p.scenario.claims,
        &mut transcript(),
    )
    .unwrap_err();
    assert!(
        matches!(e, OpeningError::PcsProver { num_vars: 10, .. }),
        "{e}"
    );
}

/// The proof is bound to the claims in their order and to the transcript state before it.
fn transcript_binding<S: Fixture>() {
    let p = standard::<S>(13);
    // The same claims in another order.
    let mut reordered = p.scenario.claims.clone();
    reordered.reverse();
    let e = p.verify_with(&reordered, &p.proof).unwrap_err();
    assert!(matches!(e, OpeningError::FinalClaimMismatch), "{e}");

    // A transcript that saw one more message first.
    let mut t = transcript();
    t.append_u64(b"something else", 1);
    let e = verify::<S>(
        &p.keys.1,
        &p.commitments,
        &p.scenario.num_vars(),
        &p.scenario.claims,
        &p.proof,
        &mut t,
    )
    .unwrap_err();
    assert!(matches!(e, OpeningError::FinalClaimMismatch), "{e}");
}

/// Jolt 2024 issue #981: had $\rho$ been drawn before the claims were absorbed, a prover could
/// shift two claims at one point so that $\sum_k \rho^k v_k$ is unchanged and reuse an honest
/// proof. Here the shifted claims keep the combination under the honest $\rho$, yet the proof
/// fails because $\rho$ is drawn from the shifted claims.
fn frozen_challenge_attack_fails<S: Fixture>() {
    // Two polynomials of one size, both claimed at one point only.
    let mut rng = rng(14);
    let polys: Vec<MultilinearPolynomial> =
        (0..2).map(|k| random_poly(k + 2, 5, &mut rng)).collect();
    let point = random_point(5, &mut rng);
    let claims: Vec<EvaluationClaim> = polys
        .iter()
        .enumerate()
        .map(|(i, f)| EvaluationClaim::new(i, point.clone(), f.evaluate(&point)))
        .collect();
    let p = Proven::<S>::new(Scenario { polys, claims });
    p.verify_proof(&p.proof).unwrap();

    // The honest rho, recomputed exactly as the prover drew it.
    let plan = Plan::new(&p.scenario.claims, &p.scenario.num_vars()).unwrap();
    let rho = absorb_claims(&p.scenario.claims, plan.num_distinct, &mut transcript());
    assert_eq!(rho.len(), 2);
    // v_0 + delta·rho, v_1 − delta: same rho-combination, both claims false.
    let delta = Fr::from(12345u64);
    let mut forged = p.scenario.claims.clone();
    forged[0].value += delta * rho[1];
    forged[1].value -= delta;
    let combination = |c: &[EvaluationClaim]| c[0].value * rho[0] + c[1].value * rho[1];
    assert_eq!(combination(&forged), combination(&p.scenario.claims));

    let e = p.verify_with(&forged, &p.proof).unwrap_err();
    assert!(matches!(e, OpeningError::FinalClaimMismatch), "{e}");
}

fn garbage_bytes_do_not_decode<S: Fixture>() {
    let p = standard::<S>(15);
    let bytes = encode(&p.proof);
    assert_eq!(bytes.len(), p.proof.size_in_bytes());
    assert_eq!(bytes.len(), p.proof.compressed_size());
    // Truncations at many cut points.
    for cut in (0..bytes.len()).step_by(37) {
        assert!(
            decode::<OpeningProof<S>>(&bytes[..cut]).is_err(),
            "cut {cut}"
        );
    }
    // Trailing bytes.
    let mut long = bytes.clone();
    long.push(0);
    assert!(decode::<OpeningProof<S>>(&long).is_err());
    // Random bytes, including huge length prefixes.
    let mut rng = rng(16);
    for len in [0, 1, 8, 64, 1000] {
        let garbage: Vec<u8> = (0..len).map(|_| rng.r#gen()).collect();
        assert!(
            decode::<OpeningProof<S>>(&garbage).is_err(),
            "{len} random bytes"
        );
    }
    // Flipped bytes either fail to decode or fail to verify; never panic.
    for at in (0..bytes.len()).step_by(bytes.len() / 50 + 1) {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x5a;
        if let Ok(proof) = decode::<OpeningProof<S>>(&flipped) {
            assert!(p.verify_proof(&proof).is_err(), "flip at {at}");
        }
    }
}

macro_rules! suite {
    ($module:ident, $scheme:ty) => {
        mod $module {
            use super::*;

            #[test]
            fn completeness_mixed_sizes_and_representations() {
                completeness_mixed_sizes::<$scheme>();
            }
            #[test]
            fn many_points_on_one_polynomial() {
                super::many_points_on_one_polynomial::<$scheme>();
            }
            #[test]
            fn hypercube_points() {
                boolean_points::<$scheme>();
            }
            #[test]
            fn polynomials_without_variables() {
                constant_polynomials::<$scheme>();
            }
            #[test]
            fn no_claims() {
                zero_claims::<$scheme>();
            }
            #[test]
            fn false_claims() {
                false_claims_are_rejected::<$scheme>();
            }
            #[test]
            fn tampered_proof_parts() {
                tampered_proof_parts_are_rejected::<$scheme>();
            }
            #[test]
            fn swapped_commitment() {
                swapped_commitment_is_rejected::<$scheme>();
            }
            #[test]
            fn malformed_shapes() {
                malformed_shapes_are_rejected::<$scheme>();
            }
            #[test]
            fn misuse() {
                misuse_is_a_clear_error::<$scheme>();
            }
            #[test]
            fn bound_to_claim_order_and_transcript() {
                transcript_binding::<$scheme>();
            }
            #[test]
            fn frozen_challenge_attack() {
                frozen_challenge_attack_fails::<$scheme>();
            }
            #[test]
            fn garbage_bytes() {
                garbage_bytes_do_not_decode::<$scheme>();
            }
        }
    };
}

suite!(hyrax, Hyrax);
suite!(zeromorph, Zeromorph);

#[test]
fn plan_orders_groups_polys_points_and_coefficients() {
    let p = |x: u64| vec![Fr::from(x); 2];
    let q = |x: u64| vec![Fr::from(x); 3];
    let v = Fr::from(9u64);
    // Polynomial sizes: 0 → 3 vars, 1 → 2, 2 → 2, 3 → 3.
    let num_vars = [3, 2, 2, 3];
    let claims = vec![
        EvaluationClaim::new(2, p(1), v),
        EvaluationClaim::new(3, q(1), v),
        EvaluationClaim::new(1, p(2), v),
        EvaluationClaim::new(2, p(1), v), // duplicate
        EvaluationClaim::new(1, p(1), v),
        EvaluationClaim::new(0, q(1), v),
    ];
    let plan = Plan::new(&claims, &num_vars).unwrap();
    assert_eq!(plan.num_distinct, 5);
    assert_eq!(plan.groups.len(), 2);
    let (small, large) = (&plan.groups[0], &plan.groups[1]);
    assert_eq!((small.num_vars, large.num_vars), (2, 3));
    assert_eq!(small.polys, vec![1, 2]);
    assert_eq!(large.polys, vec![0, 3]);
    // Points in first-appearance order; claims carry (slot, coefficient).
    assert_eq!(small.points.len(), 2);
    assert_eq!(small.points[0].point, p(1));
    let at = |pc: &plan::PointClaims| -> Vec<(usize, usize)> {
        pc.claims.iter().map(|w| (w.slot, w.coefficient)).collect()
    };
    assert_eq!(at(&small.points[0]), vec![(1, 0), (0, 3)]);
    assert_eq!(at(&small.points[1]), vec![(0, 2)]);
    assert_eq!(at(&large.points[0]), vec![(1, 1), (0, 4)]);
}

/// A statement of the DESIGN's shape, timed: 150 trace columns of $2^{16}$ (bool/u8/u16) claimed
/// at two of five points each, and 20 columns of $2^{12}$ (every representation) at two points.
fn measure<S: Fixture>(name: &str) {
    use std::time::Instant;
    let mut rng = rng(99);
    let mut polys: Vec<MultilinearPolynomial> = Vec::new();
    for j in 0..150 {
        polys.push(random_poly([1, 2, 3][j % 3], 16, &mut rng));
    }
    for j in 0..20 {
        polys.push(random_poly(j, 12, &mut rng));
    }
    let big_points: Vec<Vec<Fr>> = (0..5).map(|_| random_point(16, &mut rng)).collect();
    let small_points: Vec<Vec<Fr>> = (0..2).map(|_| random_point(12, &mut rng)).collect();
    let mut claims = Vec::new();
    for (i, poly) in polys.iter().enumerate() {
        let points = if i < 150 { &big_points } else { &small_points };
        for point in [&points[i % points.len()], &points[(i + 1) % points.len()]] {
            claims.push(EvaluationClaim::new(i, point.clone(), poly.evaluate(point)));
        }
    }
    let keys = S::keys(16);
    let refs: Vec<&MultilinearPolynomial> = polys.iter().collect();
    let commitments = S::commit_batch(&keys.0, &refs).unwrap();
    let num_vars: Vec<usize> = polys.iter().map(|p| p.num_vars()).collect();
    for _ in 0..5 {
        let start = Instant::now();
        let proof = prove::<S>(&keys.0, &refs, &commitments, &claims, &mut transcript()).unwrap();
        let proved = start.elapsed();
        let start = Instant::now();
        verify::<S>(
            &keys.1,
            &commitments,
            &num_vars,
            &claims,
            &proof,
            &mut transcript(),
        )
        .unwrap();
        let verified = start.elapsed();
        eprintln!(
            "{name}: {} claims: prove {proved:.1?}, verify {verified:.1?}, proof {} bytes",
            claims.len(),
            proof.size_in_bytes()
        );
    }
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn measure_prove_verify_hyrax() {
    measure::<Hyrax>("hyrax");
}

#[test]
#[ignore = "measurement; run with --release -- --ignored --nocapture"]
fn measure_prove_verify_zeromorph() {
    measure::<Zeromorph>("zeromorph");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Random sizes, counts and sharing: honest proofs verify, and a changed value is refused.
    #[test]
    fn random_scenarios_verify(
        sizes in prop::collection::btree_set(1usize..7, 1..4),
        per_size in 1usize..5,
        points in 1usize..4,
        seed in any::<u64>(),
    ) {
        let sizes: Vec<usize> = sizes.into_iter().collect();
        let p = Proven::<Hyrax>::new(Scenario::random(&sizes, per_size, points, seed));
        prop_assert!(p.verify_proof(&p.proof).is_ok());
        let mut claims = p.scenario.claims.clone();
        let target = (claims[0].poly, claims[0].point.clone());
        for c in claims.iter_mut().filter(|c| (c.poly, &c.point) == (target.0, &target.1)) {
            c.value += Fr::ONE;
        }
        prop_assert!(matches!(p.prove_and_verify(&claims), Err(OpeningError::FinalClaimMismatch)));
    }
}
