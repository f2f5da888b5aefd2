//! Completeness, tamper tests (each asserting its specific error) and deserialisation.

use ark_ff::{AdditiveGroup, Field};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use proptest::prelude::*;

use super::*;
use crate::poly::{CompressedUniPoly, DensePolynomial, EqPolynomial, MultilinearPolynomial};
use crate::testing::{ALL_KINDS, Kind, bits, random_poly, random_scalars, rng};

const DOMAIN: &[u8] = b"sumcheck-tests";

fn polys(kinds: &[Kind], num_vars: usize, seed: u64) -> Vec<MultilinearPolynomial> {
    let mut rng = rng(seed);
    kinds
        .iter()
        .map(|k| random_poly(*k, num_vars, &mut rng))
        .collect()
}

/// Σ_x eq(τ, x) · f(P(x)), computed naively.
fn eq_weighted_sum(tau: &[Fr], polys: &[MultilinearPolynomial], f: impl Fn(&[Fr]) -> Fr) -> Fr {
    let eq = EqPolynomial::new(tau.to_vec()).evals();
    (0..polys[0].len())
        .map(|i| eq[i] * f(&polys.iter().map(|p| p.get(i)).collect::<Vec<_>>()))
        .sum()
}

/// A degree-3 instance (eq·A·B over 6 variables) and its honest proof, for tamper tests.
struct Honest {
    statement: SumcheckStatement,
    proof: SumcheckProof,
    /// g(r) at the honest reduced point: the value an opening would supply.
    final_value: Fr,
    tau: Vec<Fr>,
    inputs: Vec<MultilinearPolynomial>,
}

fn honest() -> Honest {
    let n = 6;
    let tau = random_scalars(n, &mut rng(1));
    let inputs = polys(&[Kind::Dense, Kind::U8], n, 2);
    let claim = eq_weighted_sum(&tau, &inputs, product);
    let mut instance = EqCombinationSumcheck::new(tau.clone(), inputs.clone(), 2, product, claim);
    let (proof, point) = prove(&mut instance, &mut Transcript::new(DOMAIN)).unwrap();
    let final_value = EqPolynomial::new(tau.clone()).evaluate(&point)
        * inputs.iter().map(|p| p.evaluate(&point)).product::<Fr>();
    Honest {
        statement: instance.statement(),
        proof,
        final_value,
        tau,
        inputs,
    }
}

impl Honest {
    /// Verifies `proof` against the honest statement, then discharges with the true g(r') at
    /// whatever point r' the verifier derived — exactly what a caller with openings does.
    fn check(&self, proof: &SumcheckProof) -> Result<(), SumcheckError> {
        self.check_against(proof, self.statement, &mut Transcript::new(DOMAIN))
    }

    fn check_against(
        &self,
        proof: &SumcheckProof,
        statement: SumcheckStatement,
        transcript: &mut Transcript,
    ) -> Result<(), SumcheckError> {
        let reduction = verify(proof, statement, transcript)?;
        let r = &reduction.point;
        let g = EqPolynomial::new(self.tau.clone()).evaluate(r)
            * self.inputs.iter().map(|p| p.evaluate(r)).product::<Fr>();
        reduction.discharge(&[g])
    }
}

// ---------------------------------------------------------------- completeness

#[test]
fn combination_is_complete_for_every_degree_and_representation() {
    let n = 5;
    for degree in 1..=MAX_DEGREE {
        let kinds: Vec<Kind> = (0..degree)
            .map(|i| ALL_KINDS[i % ALL_KINDS.len()])
            .collect();
        let inputs = polys(&kinds, n, degree as u64);
        let mut instance = CombinationSumcheck::new(inputs.clone(), degree, product);
        let expected_sum: Fr = (0..1 << n)
            .map(|i| inputs.iter().map(|p| p.get(i)).product::<Fr>())
            .sum();
        assert_eq!(instance.input_claim(), expected_sum);

        let (proof, point) = prove(&mut instance, &mut Transcript::new(DOMAIN)).unwrap();
        let evals = instance.final_evaluations();
        for (p, e) in inputs.iter().zip(&evals) {
            assert_eq!(p.evaluate(&point), *e, "final evaluation, degree {degree}");
        }
        let reduction = verify(&proof, instance.statement(), &mut Transcript::new(DOMAIN)).unwrap();
        assert_eq!(reduction.point, point);
        assert_eq!(
            reduction.discharge(&[product(&evals)]),
            Ok(()),
            "degree {degree}"
        );
    }
}

#[test]
fn combination_handles_a_general_combiner() {
    // f = a·b + c·d − 3e: degree 2, not a product, mixing compact and dense inputs.
    let combine = |v: &[Fr]| v[0] * v[1] + v[2] * v[3] - Fr::from(3u64) * v[4];
    let inputs = polys(
        &[Kind::Bool, Kind::U16, Kind::Dense, Kind::U64, Kind::U32],
        7,
        3,
    );
    let mut instance = CombinationSumcheck::new(inputs, 2, combine);
    let (proof, _) = prove(&mut instance, &mut Transcript::new(DOMAIN)).unwrap();
    let reduction = verify(&proof, instance.statement(), &mut Transcript::new(DOMAIN)).unwrap();
    assert_eq!(
        reduction.discharge(&[combine(&instance.final_evaluations())]),
        Ok(())
    );
}

#[test]
fn eq_combination_is_complete_for_every_degree() {
    for n in [1usize, 2, 5, 8] {
        for combine_degree in 0..MAX_DEGREE {
            let kinds: Vec<Kind> = (0..combine_degree.max(1))
                .map(|i| ALL_KINDS[(i + n) % ALL_KINDS.len()])
                .collect();
            let inputs = polys(&kinds, n, (10 * n + combine_degree) as u64);
            // Degree 0: f ignores its inputs.
            let f = move |v: &[Fr]| {
                if combine_degree == 0 {
                    Fr::from(5u64)
                } else {
                    product(v)
                }
            };
            let tau = random_scalars(n, &mut rng(n as u64));
            let claim = eq_weighted_sum(&tau, &inputs, f);
            let mut instance =
                EqCombinationSumcheck::new(tau.clone(), inputs.clone(), combine_degree, f, claim);
            assert_eq!(instance.degree(), combine_degree + 1);
            let (proof, point) = prove(&mut instance, &mut Transcript::new(DOMAIN)).unwrap();
            let eq = EqPolynomial::new(tau).evaluate(&point);
            assert_eq!(instance.eq_evaluation(), eq);
            let reduction =
                verify(&proof, instance.statement(), &mut Transcript::new(DOMAIN)).unwrap();
            let g = eq * f(&instance.final_evaluations());
            assert_eq!(
                reduction.discharge(&[g]),
                Ok(()),
                "n {n}, deg f {combine_degree}"
            );
        }
    }
}

#[test]
fn eq_combination_sends_the_same_polynomials_as_the_generic_prover() {
    // Round polynomials are unique, so Gruen's factoring must reproduce the generic prover's
    // proof byte for byte when eq is supplied as an explicit input.
    for n in [3usize, 9, 13] {
        let tau = random_scalars(n, &mut rng(40 + n as u64));
        let inputs = polys(&[Kind::U8, Kind::Dense, Kind::Bool], n, 41);
        let claim = eq_weighted_sum(&tau, &inputs, product);

        let mut fast = EqCombinationSumcheck::new(tau.clone(), inputs.clone(), 3, product, claim);
        let (fast_proof, _) = prove(&mut fast, &mut Transcript::new(DOMAIN)).unwrap();

        let mut with_eq = vec![DensePolynomial::new(EqPolynomial::new(tau).evals()).into()];
        with_eq.extend(inputs);
        let mut generic = CombinationSumcheck::with_claim(with_eq, 4, product, claim);
        let (generic_proof, _) = prove(&mut generic, &mut Transcript::new(DOMAIN)).unwrap();
        assert_eq!(fast_proof, generic_proof, "n = {n}");
    }
}

#[test]
fn eq_combination_is_complete_when_tau_has_zero_coordinates() {
    // τ_j = 0 makes q_j(1) underivable from the claim; the prover must compute it instead.
    let n = 4;
    let tau = vec![Fr::ZERO, Fr::from(3u64), Fr::ZERO, Fr::ONE];
    let inputs = polys(&[Kind::Dense, Kind::Dense], n, 50);
    let claim = eq_weighted_sum(&tau, &inputs, product);
    let mut instance = EqCombinationSumcheck::new(tau.clone(), inputs, 2, product, claim);
    let (proof, point) = prove(&mut instance, &mut Transcript::new(DOMAIN)).unwrap();
    let reduction = verify(&proof, instance.statement(), &mut Transcript::new(DOMAIN)).unwrap();
    let g = EqPolynomial::new(tau).evaluate(&point) * product(&instance.final_evaluations());
    assert_eq!(reduction.discharge(&[g]), Ok(()));
}

#[test]
fn batches_align_instances_of_different_sizes_to_the_last_rounds() {
    let tau = random_scalars(4, &mut rng(60));
    let eq_inputs = polys(&[Kind::U8, Kind::Dense], 4, 61);
    let eq_claim = eq_weighted_sum(&tau, &eq_inputs, product);
    let mut a = CombinationSumcheck::new(
        polys(&[Kind::Dense, Kind::U16, Kind::Bool], 6, 62),
        3,
        product,
    );
    let mut b = EqCombinationSumcheck::new(tau.clone(), eq_inputs, 2, product, eq_claim);
    let mut c = CombinationSumcheck::new(polys(&[Kind::U32], 2, 63), 1, product);
    let statements = [a.statement(), b.statement(), c.statement()];

    let mut transcript = Transcript::new(DOMAIN);
    let (proof, point) = prove_batched(&mut [&mut a, &mut b, &mut c], &mut transcript).unwrap();
    assert_eq!(proof.num_rounds(), 6);
    assert!(proof.round_polynomials.iter().all(|p| p.degree() == 3));

    let reduction = verify_batched(&proof, &statements, &mut Transcript::new(DOMAIN)).unwrap();
    assert_eq!(reduction.point, point);
    assert_eq!(reduction.point_for(0), &point[..]);
    assert_eq!(reduction.point_for(1), &point[2..]);
    assert_eq!(reduction.point_for(2), &point[4..]);
    let eq = EqPolynomial::new(tau).evaluate(reduction.point_for(1));
    let expected = [
        product(&a.final_evaluations()),
        eq * product(&b.final_evaluations()),
        product(&c.final_evaluations()),
    ];
    assert_eq!(reduction.discharge(&expected), Ok(()));
    // A single wrong instance evaluation sinks the batch.
    let mut wrong = expected;
    wrong[2] += Fr::ONE;
    assert_eq!(
        reduction.discharge(&wrong),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
}

#[test]
fn large_instances_exercise_the_parallel_paths() {
    let n = 14;
    let tau = random_scalars(n, &mut rng(70));
    let inputs = polys(&[Kind::U8, Kind::Dense, Kind::Bool], n, 71);
    let claim = eq_weighted_sum(&tau, &inputs, product);
    let mut eq_instance =
        EqCombinationSumcheck::new(tau.clone(), inputs.clone(), 3, product, claim);
    let mut plain = CombinationSumcheck::new(inputs, 3, product);
    let statements = [eq_instance.statement(), plain.statement()];
    let (proof, _) = prove_batched(
        &mut [&mut eq_instance, &mut plain],
        &mut Transcript::new(DOMAIN),
    )
    .unwrap();
    let reduction = verify_batched(&proof, &statements, &mut Transcript::new(DOMAIN)).unwrap();
    let eq = EqPolynomial::new(tau).evaluate(&reduction.point);
    let expected = [
        eq * product(&eq_instance.final_evaluations()),
        product(&plain.final_evaluations()),
    ];
    assert_eq!(reduction.discharge(&expected), Ok(()));
}

// ---------------------------------------------------------------- tamper tests

#[test]
fn honest_proof_is_accepted() {
    let h = honest();
    assert_eq!(h.check(&h.proof), Ok(()));
    let reduction = verify(&h.proof, h.statement, &mut Transcript::new(DOMAIN)).unwrap();
    assert_eq!(reduction.value, h.final_value);
}

#[test]
fn tampered_round_polynomial_is_rejected_in_every_position() {
    let h = honest();
    let rounds = h.proof.num_rounds();
    for round in [0, rounds / 2, rounds - 1] {
        for coefficient in 0..h.statement.degree {
            let mut forged = h.proof.clone();
            let mut coeffs = forged.round_polynomials[round]
                .coeffs_except_linear()
                .to_vec();
            coeffs[coefficient] += Fr::ONE;
            forged.round_polynomials[round] = CompressedUniPoly::from_coeffs_except_linear(coeffs);
            assert_eq!(
                h.check(&forged),
                Err(SumcheckError::FinalEvaluationMismatch),
                "round {round}, coefficient {coefficient}"
            );
        }
    }
}

#[test]
fn wrong_degree_is_rejected_even_when_the_polynomial_is_unchanged() {
    let h = honest();
    let d = h.statement.degree;
    for round in [0, h.proof.num_rounds() - 1] {
        let mut lower = h.proof.clone();
        let mut coeffs = lower.round_polynomials[round]
            .coeffs_except_linear()
            .to_vec();
        coeffs.pop();
        lower.round_polynomials[round] = CompressedUniPoly::from_coeffs_except_linear(coeffs);
        assert_eq!(
            h.check(&lower),
            Err(SumcheckError::DegreeMismatch {
                round,
                expected: d,
                got: d - 1
            })
        );

        // A trailing zero leaves the polynomial as it was, but the encoding is not canonical.
        let mut higher = h.proof.clone();
        let mut coeffs = higher.round_polynomials[round]
            .coeffs_except_linear()
            .to_vec();
        coeffs.push(Fr::ZERO);
        higher.round_polynomials[round] = CompressedUniPoly::from_coeffs_except_linear(coeffs);
        assert_eq!(
            h.check(&higher),
            Err(SumcheckError::DegreeMismatch {
                round,
                expected: d,
                got: d + 1
            })
        );

        let mut empty = h.proof.clone();
        empty.round_polynomials[round] = CompressedUniPoly::from_coeffs_except_linear(vec![]);
        assert_eq!(
            h.check(&empty),
            Err(SumcheckError::DegreeMismatch {
                round,
                expected: d,
                got: 0
            })
        );
    }
}

#[test]
fn wrong_number_of_rounds_is_rejected() {
    let h = honest();
    let n = h.statement.num_rounds;
    let mut short = h.proof.clone();
    short.round_polynomials.pop();
    assert_eq!(
        h.check(&short),
        Err(SumcheckError::RoundCountMismatch {
            expected: n,
            got: n - 1
        })
    );
    let mut long = h.proof.clone();
    long.round_polynomials
        .push(long.round_polynomials[0].clone());
    assert_eq!(
        h.check(&long),
        Err(SumcheckError::RoundCountMismatch {
            expected: n,
            got: n + 1
        })
    );
    let none = SumcheckProof {
        round_polynomials: vec![],
    };
    assert_eq!(
        h.check(&none),
        Err(SumcheckError::RoundCountMismatch {
            expected: n,
            got: 0
        })
    );
    // The round count comes from the statement, never the proof: claiming fewer rounds for
    // the same proof is refused too.
    let fewer = SumcheckStatement {
        num_rounds: n - 1,
        ..h.statement
    };
    assert_eq!(
        h.check_against(&h.proof, fewer, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::RoundCountMismatch {
            expected: n - 1,
            got: n
        })
    );
}

#[test]
fn zero_round_instances_are_refused_by_prover_and_verifier() {
    let h = honest();
    let zero = SumcheckStatement {
        num_rounds: 0,
        ..h.statement
    };
    let empty = SumcheckProof {
        round_polynomials: vec![],
    };
    assert_eq!(
        verify(&empty, zero, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::ZeroRounds { instance: 0 })
    );
    assert_eq!(
        verify_batched(&h.proof, &[h.statement, zero], &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::ZeroRounds { instance: 1 })
    );
    let constant = DensePolynomial::new(vec![Fr::from(4u64)]).into();
    let mut instance = CombinationSumcheck::new(vec![constant], 1, product);
    assert_eq!(
        prove(&mut instance, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::ZeroRounds { instance: 0 })
    );
}

#[test]
fn unsupported_degrees_and_empty_batches_are_refused() {
    let h = honest();
    for degree in [0, MAX_DEGREE + 1] {
        let statement = SumcheckStatement {
            degree,
            ..h.statement
        };
        assert_eq!(
            verify(&h.proof, statement, &mut Transcript::new(DOMAIN)),
            Err(SumcheckError::UnsupportedDegree {
                instance: 0,
                degree,
                max: MAX_DEGREE
            })
        );
    }
    let nine = polys(&[Kind::U8; MAX_DEGREE + 1], 2, 80);
    let mut too_high = CombinationSumcheck::new(nine, MAX_DEGREE + 1, product);
    assert!(matches!(
        prove(&mut too_high, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::UnsupportedDegree { degree: 9, .. })
    ));
    assert_eq!(
        verify_batched(&h.proof, &[], &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::EmptyBatch)
    );
    assert_eq!(
        prove_batched(&mut [], &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::EmptyBatch)
    );
}

#[test]
fn wrong_claimed_sum_is_rejected() {
    let h = honest();
    // The verifier is told a different sum than the one proven.
    let lie = SumcheckStatement {
        claimed_sum: h.statement.claimed_sum + Fr::ONE,
        ..h.statement
    };
    assert_eq!(
        h.check_against(&h.proof, lie, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
    // The prover itself asserts a false sum.
    let mut instance = EqCombinationSumcheck::new(
        h.tau.clone(),
        h.inputs.clone(),
        2,
        product,
        h.statement.claimed_sum + Fr::ONE,
    );
    let mut prover_transcript = Transcript::new(DOMAIN);
    let (false_proof, _) = prove(&mut instance, &mut prover_transcript).unwrap();
    assert_eq!(
        h.check_against(&false_proof, lie, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
}

#[test]
fn transcript_desync_is_rejected() {
    let h = honest();
    assert_eq!(
        h.check_against(
            &h.proof,
            h.statement,
            &mut Transcript::new(b"another protocol")
        ),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
    let mut extra = Transcript::new(DOMAIN);
    extra.append_u64(b"unexpected", 1);
    assert_eq!(
        h.check_against(&h.proof, h.statement, &mut extra),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
}

#[test]
fn frozen_challenges_cannot_rescue_a_forged_claim() {
    // Forge a proof for claim C + δ that verifies if the challenges are replayed from the
    // honest run (i.e. if the claim and round polynomials were not absorbed): shift s_0 by
    // δ·h(X) with h(0) + h(1) = 1 and h(r_0) = 0. With the real transcript it must fail.
    let h = honest();
    let honest_reduction = verify(&h.proof, h.statement, &mut Transcript::new(DOMAIN)).unwrap();
    let r = &honest_reduction.point;
    let delta = Fr::from(1234u64);
    let b = (Fr::ONE - r[0].double()).inverse().unwrap();
    let a = -(r[0] * b);
    let mut forged = h.proof.clone();
    let mut coeffs = forged.round_polynomials[0].coeffs_except_linear().to_vec();
    coeffs[0] += delta * a;
    forged.round_polynomials[0] = CompressedUniPoly::from_coeffs_except_linear(coeffs);
    let forged_statement = SumcheckStatement {
        claimed_sum: h.statement.claimed_sum + delta,
        ..h.statement
    };

    // Replaying the honest challenges, the forgery reduces to the honest final value...
    let mut claim = forged_statement.claimed_sum;
    for (poly, r_j) in forged.round_polynomials.iter().zip(r) {
        claim = poly.evaluate_with_hint(&claim, r_j);
    }
    assert_eq!(
        claim, h.final_value,
        "the forgery is consistent under frozen challenges"
    );
    // ...but Fiat–Shamir binds the challenges to the claim and the messages.
    assert_eq!(
        h.check_against(&forged, forged_statement, &mut Transcript::new(DOMAIN)),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
}

#[test]
fn frozen_batch_coefficients_cannot_rescue_compensating_false_claims() {
    // If claims were absorbed after the coefficients α were drawn, a prover could lie about
    // instance 0 by δ and about instance 1 by −δ/α_1: the combined claim, and so the honest
    // proof, would be unchanged. Check that this forgery works under frozen α and fails for real.
    let n = 5;
    let a_inputs = polys(&[Kind::Dense, Kind::U8], n, 90);
    let b_inputs = polys(&[Kind::U16, Kind::Bool, Kind::Dense], n, 91);
    let mut a = CombinationSumcheck::new(a_inputs, 2, product);
    let mut b = CombinationSumcheck::new(b_inputs, 3, product);
    let statements = [a.statement(), b.statement()];
    let (proof, _) = prove_batched(&mut [&mut a, &mut b], &mut Transcript::new(DOMAIN)).unwrap();
    let honest = verify_batched(&proof, &statements, &mut Transcript::new(DOMAIN)).unwrap();
    let evaluations = [
        product(&a.final_evaluations()),
        product(&b.final_evaluations()),
    ];
    assert_eq!(honest.discharge(&evaluations), Ok(()));

    let delta = Fr::from(77u64);
    let alpha_1 = honest.coefficients[1];
    let mut forged = statements;
    forged[0].claimed_sum += delta;
    forged[1].claimed_sum -= delta * alpha_1.inverse().unwrap();
    // Frozen α: the combined claim is unchanged, so every round and the discharge still pass.
    let combined = |s: &[SumcheckStatement]| s[0].claimed_sum + alpha_1 * s[1].claimed_sum;
    assert_eq!(combined(&forged), combined(&statements));
    // Real transcript: the claims are absorbed before α is drawn.
    let real = verify_batched(&proof, &forged, &mut Transcript::new(DOMAIN)).unwrap();
    assert_ne!(real.coefficients[1], alpha_1);
    assert_eq!(
        real.discharge(&evaluations),
        Err(SumcheckError::FinalEvaluationMismatch)
    );
}

#[test]
fn discharge_checks_the_evaluation_count_and_errors_are_classified() {
    let h = honest();
    let reduction = verify(&h.proof, h.statement, &mut Transcript::new(DOMAIN)).unwrap();
    assert_eq!(
        reduction.discharge(&[]),
        Err(SumcheckError::EvaluationCountMismatch {
            expected: 1,
            got: 0
        })
    );
    assert!(SumcheckError::FinalEvaluationMismatch.is_rejection());
    assert!(
        SumcheckError::DegreeMismatch {
            round: 0,
            expected: 1,
            got: 2
        }
        .is_rejection()
    );
    assert!(!SumcheckError::EmptyBatch.is_rejection());
    assert!(!SumcheckError::ZeroRounds { instance: 0 }.is_rejection());
}

// ---------------------------------------------------------------- serialisation

#[test]
fn proofs_round_trip_and_have_the_expected_size() {
    let h = honest();
    let mut bytes = Vec::new();
    h.proof.serialize_compressed(&mut bytes).unwrap();
    // Vec length + per round (length + d coefficients of 32 bytes).
    assert_eq!(
        bytes.len(),
        8 + h.proof.num_rounds() * (8 + 32 * h.statement.degree)
    );
    assert_eq!(
        SumcheckProof::deserialize_compressed(&bytes[..]).unwrap(),
        h.proof
    );
    assert_eq!(
        h.check(&SumcheckProof::deserialize_compressed(&bytes[..]).unwrap()),
        Ok(())
    );
}

#[test]
fn truncated_proofs_fail_to_deserialise() {
    let h = honest();
    let mut bytes = Vec::new();
    h.proof.serialize_compressed(&mut bytes).unwrap();
    for len in 0..bytes.len() {
        assert!(
            SumcheckProof::deserialize_compressed(&bytes[..len]).is_err(),
            "prefix of {len} bytes"
        );
    }
}

#[test]
fn non_canonical_scalars_and_absurd_lengths_fail_to_deserialise() {
    // One round with one coefficient of 0xff…ff (≥ p).
    let mut bytes = 1u64.to_le_bytes().to_vec();
    bytes.extend(1u64.to_le_bytes());
    bytes.extend([0xff; 32]);
    assert!(SumcheckProof::deserialize_compressed(&bytes[..]).is_err());
    // A length prefix of 2^64 − 1 rounds with no data behind it: an error, not an allocation.
    let bytes = u64::MAX.to_le_bytes();
    assert!(SumcheckProof::deserialize_compressed(&bytes[..]).is_err());
    let mut bytes = 1u64.to_le_bytes().to_vec();
    bytes.extend(u64::MAX.to_le_bytes());
    assert!(SumcheckProof::deserialize_compressed(&bytes[..]).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes never panic the deserialiser or the verifier.
    #[test]
    fn garbage_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(proof) = SumcheckProof::deserialize_compressed(&bytes[..]) {
            let statement = SumcheckStatement { claimed_sum: Fr::ONE, num_rounds: 2, degree: 2 };
            let _ = verify(&proof, statement, &mut Transcript::new(DOMAIN));
        }
    }

    /// Mutating any byte of a valid proof never panics and is never accepted.
    #[test]
    fn mutated_proof_bytes_are_rejected(position in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let h = honest();
        let mut bytes = Vec::new();
        h.proof.serialize_compressed(&mut bytes).unwrap();
        let i = position.index(bytes.len());
        bytes[i] ^= flip;
        if let Ok(proof) = SumcheckProof::deserialize_compressed(&bytes[..]) {
            prop_assert!(h.check(&proof).is_err(), "mutation at byte {} accepted", i);
        }
    }

    /// Completeness over random shapes: sizes, representations, and a random degree.
    #[test]
    fn random_product_instances_are_complete(seed in any::<u64>(), n in 1usize..=7, degree in 1usize..=4) {
        let mut rng = rng(seed);
        let inputs: Vec<_> = (0..degree)
            .map(|i| random_poly(ALL_KINDS[(seed as usize + i) % ALL_KINDS.len()], n, &mut rng))
            .collect();
        let mut instance = CombinationSumcheck::new(inputs.clone(), degree, product);
        let (proof, point) = prove(&mut instance, &mut Transcript::new(DOMAIN)).unwrap();
        let reduction = verify(&proof, instance.statement(), &mut Transcript::new(DOMAIN)).unwrap();
        let g: Fr = inputs.iter().map(|p| p.evaluate(&point)).product();
        prop_assert_eq!(reduction.discharge(&[g]), Ok(()));
        // The reduced point's hypercube corners agree with the inputs (sanity of the order).
        let i = (seed as usize) % (1 << n);
        prop_assert_eq!(inputs[0].evaluate(&bits(i, n)), inputs[0].get(i));
    }
}
