//! Tampering with every part of a proof, and verifying under a wrong statement: each test
//! asserts the specific error.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use math::{CompressedUniPoly, SumcheckError};

use super::*;

const TAMPER_LOG_CYCLES: usize = 4;

fn honest_proof() -> (UniformR1cs, Vec<Fr>, SpartanProof) {
    let r1cs = counter_system(1);
    let trace = CounterTrace::random(TAMPER_LOG_CYCLES, 1, 7);
    let (columns, constants) = (trace.columns(), trace.constants());
    let (proof, _) = prove_fresh(&r1cs, &columns, &constants);
    (r1cs, constants, proof)
}

fn rejection(tamper: impl FnOnce(&mut SpartanProof)) -> R1csError {
    let (r1cs, constants, mut proof) = honest_proof();
    assert!(verify_fresh(&r1cs, TAMPER_LOG_CYCLES, &constants, &proof).is_ok());
    tamper(&mut proof);
    let err = verify_fresh(&r1cs, TAMPER_LOG_CYCLES, &constants, &proof).unwrap_err();
    assert!(err.is_rejection(), "{err:?}");
    err
}

fn bump_round(poly: &mut CompressedUniPoly) {
    let mut coeffs = poly.coeffs_except_linear().to_vec();
    coeffs[0] += Fr::ONE;
    *poly = CompressedUniPoly::from_coeffs_except_linear(coeffs);
}

#[test]
fn tampered_column_evaluation_is_rejected() {
    let err = rejection(|p| p.column_evals[2] += Fr::ONE);
    assert_eq!(err, R1csError::FinalClaimMismatch);
}

#[test]
fn tampered_next_evaluation_is_rejected() {
    let err = rejection(|p| p.next_evals[0] += Fr::ONE);
    assert_eq!(err, R1csError::FinalClaimMismatch);
}

#[test]
fn tampered_shift_evaluation_is_rejected() {
    for i in 0..2 {
        let err = rejection(|p| p.shift_evals[i] += Fr::ONE);
        assert_eq!(err, R1csError::ShiftClaimMismatch);
    }
}

#[test]
fn tampered_round_polynomials_are_rejected() {
    for round in 0..TAMPER_LOG_CYCLES {
        let err = rejection(|p| bump_round(&mut p.zero_check.round_polynomials[round]));
        assert_eq!(
            err,
            R1csError::FinalClaimMismatch,
            "zero-check round {round}"
        );
        let err = rejection(|p| {
            bump_round(&mut p.shift.as_mut().unwrap().round_polynomials[round]);
        });
        assert_eq!(err, R1csError::ShiftClaimMismatch, "shift round {round}");
    }
}

#[test]
fn malformed_round_polynomials_are_rejected() {
    let err = rejection(|p| {
        p.zero_check.round_polynomials.pop();
    });
    assert_eq!(
        err,
        R1csError::Sumcheck {
            stage: "zero-check",
            source: SumcheckError::RoundCountMismatch {
                expected: TAMPER_LOG_CYCLES,
                got: TAMPER_LOG_CYCLES - 1
            }
        }
    );
    let err = rejection(|p| {
        let round = &mut p.shift.as_mut().unwrap().round_polynomials[1];
        let mut coeffs = round.coeffs_except_linear().to_vec();
        coeffs.push(Fr::ONE);
        *round = CompressedUniPoly::from_coeffs_except_linear(coeffs);
    });
    assert_eq!(
        err,
        R1csError::Sumcheck {
            stage: "shift",
            source: SumcheckError::DegreeMismatch {
                round: 1,
                expected: 2,
                got: 3
            }
        }
    );
}

#[test]
fn wrong_length_vectors_are_rejected_without_panicking() {
    let (used, shifted) = (7, 2);
    type Tamper = fn(&mut SpartanProof);
    let cases: [(&str, Tamper, usize, usize); 6] = [
        (
            "column_evals",
            |p| {
                p.column_evals.pop();
            },
            used,
            used - 1,
        ),
        (
            "column_evals",
            |p| p.column_evals.push(Fr::ONE),
            used,
            used + 1,
        ),
        ("next_evals", |p| p.next_evals.clear(), shifted, 0),
        (
            "next_evals",
            |p| p.next_evals.push(Fr::ONE),
            shifted,
            shifted + 1,
        ),
        (
            "shift_evals",
            |p| {
                p.shift_evals.pop();
            },
            shifted,
            shifted - 1,
        ),
        ("shift sum-check (present or not)", |p| p.shift = None, 1, 0),
    ];
    for (what, tamper, expected, got) in cases {
        assert_eq!(
            rejection(tamper),
            R1csError::ProofShape {
                what,
                expected,
                got
            }
        );
    }
}

#[test]
fn wrong_statement_at_verify_is_rejected() {
    let (r1cs, constants, proof) = honest_proof();
    // Another exit code.
    let mut other = constants.clone();
    other[EXIT] += Fr::ONE;
    assert_eq!(
        verify_fresh(&r1cs, TAMPER_LOG_CYCLES, &other, &proof),
        Err(R1csError::FinalClaimMismatch)
    );
    // A different constraint system of the same shape (a scaled but equivalent row).
    let mut constraints = block_constraints(0);
    constraints[5] = Constraint::equal_if(
        "exit code",
        Public::IsLast,
        Term::Column(Y) * 2,
        Public::Constant(EXIT) * 2,
    );
    let other_system = UniformR1cs::new(BLOCK_COLUMNS.to_vec(), 2, constraints).unwrap();
    assert_ne!(other_system.digest(), r1cs.digest());
    assert_eq!(
        verify_fresh(&other_system, TAMPER_LOG_CYCLES, &constants, &proof),
        Err(R1csError::FinalClaimMismatch)
    );
    // A system with another layout: the proof's shape no longer fits.
    let mut constraints = block_constraints(0);
    let unused = Term::Column(8);
    constraints.push(Constraint::new("unused is a bit", unused, unused, unused));
    let wider = UniformR1cs::new(BLOCK_COLUMNS.to_vec(), 2, constraints).unwrap();
    assert_eq!(
        verify_fresh(&wider, TAMPER_LOG_CYCLES, &constants, &proof),
        Err(R1csError::ProofShape {
            what: "column_evals",
            expected: 8,
            got: 7
        })
    );
    // Another trace length.
    for log_cycles in [TAMPER_LOG_CYCLES - 1, TAMPER_LOG_CYCLES + 1] {
        assert_eq!(
            verify_fresh(&r1cs, log_cycles, &constants, &proof),
            Err(R1csError::Sumcheck {
                stage: "zero-check",
                source: SumcheckError::RoundCountMismatch {
                    expected: log_cycles,
                    got: TAMPER_LOG_CYCLES
                }
            })
        );
    }
    // Caller misuse is not a rejection.
    let err = verify_fresh(&r1cs, 0, &constants, &proof).unwrap_err();
    assert_eq!(err, R1csError::TooFewCycles);
    assert!(!err.is_rejection());
    assert_eq!(
        verify_fresh(&r1cs, TAMPER_LOG_CYCLES, &constants[..1], &proof),
        Err(R1csError::ConstantCount {
            expected: 2,
            got: 1
        })
    );
}

#[test]
fn proofs_serialise_and_garbage_does_not_deserialise() {
    let (r1cs, constants, proof) = honest_proof();
    let mut bytes = Vec::new();
    proof.serialize_compressed(&mut bytes).unwrap();
    let back = SpartanProof::deserialize_compressed(&bytes[..]).unwrap();
    assert_eq!(back, proof);
    assert!(verify_fresh(&r1cs, TAMPER_LOG_CYCLES, &constants, &back).is_ok());

    assert!(SpartanProof::deserialize_compressed(&bytes[..bytes.len() - 1]).is_err());
    assert!(SpartanProof::deserialize_compressed(&[0xffu8; 200][..]).is_err());
    let mut rng = rng(8);
    for _ in 0..50 {
        let garbage: Vec<u8> = (0..rng.gen_range(0..400)).map(|_| rng.r#gen()).collect();
        assert!(SpartanProof::deserialize_compressed(&garbage[..]).is_err());
    }
}
