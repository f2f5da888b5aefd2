//! Tests: the successor MLE against brute force, a VM-like counter system end to end, the debug
//! check against an independent field-only oracle, and tamper tests asserting the exact error.

use ark_ff::{AdditiveGroup, Field};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::UniformRand;
use ark_std::rand::{Rng, SeedableRng, rngs::StdRng};
use math::{
    CompactPolynomial, CompressedUniPoly, DensePolynomial, EqPolynomial, Fr, MultilinearPolynomial,
    SumcheckError, Transcript,
};

use super::shift::{successor_mle, successor_table};
use super::*;

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

fn transcript() -> Transcript {
    Transcript::new(b"r1cs-test")
}

/// The hypercube point of index `i` on `n` variables, most significant bit first.
fn bits(i: usize, n: usize) -> Vec<Fr> {
    (0..n)
        .map(|j| Fr::from(((i >> (n - 1 - j)) & 1) as u64))
        .collect()
}

fn random_point(n: usize, rng: &mut StdRng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

// ---------------------------------------------------------------------------------------------
// The successor MLE S.
// ---------------------------------------------------------------------------------------------

/// $\sum_{a < 2^n - 1} \widetilde{eq}(x, a)\, \widetilde{eq}(y, a + 1)$ from full eq tables.
fn successor_brute_force(x: &[Fr], y: &[Fr]) -> Fr {
    let ex = EqPolynomial::new(x.to_vec()).evals();
    let ey = EqPolynomial::new(y.to_vec()).evals();
    (0..ex.len() - 1).map(|a| ex[a] * ey[a + 1]).sum()
}

#[test]
fn successor_mle_is_the_increment_relation_on_the_hypercube() {
    for n in 1..=6 {
        for a in 0..1usize << n {
            for b in 0..1usize << n {
                let expected = Fr::from(b == a + 1);
                assert_eq!(
                    successor_mle(&bits(a, n), &bits(b, n)),
                    expected,
                    "n {n}, {a} → {b}"
                );
            }
        }
    }
}

#[test]
fn successor_mle_matches_brute_force_at_random_points() {
    let mut rng = rng(1);
    for n in 1..=6 {
        for _ in 0..8 {
            let (x, y) = (random_point(n, &mut rng), random_point(n, &mut rng));
            assert_eq!(
                successor_mle(&x, &y),
                successor_brute_force(&x, &y),
                "n {n}"
            );
        }
    }
}

#[test]
fn successor_table_shifts_columns() {
    let mut rng = rng(2);
    for n in 1..=6 {
        let r = random_point(n, &mut rng);
        let table = successor_table(&r);
        for (c, entry) in table.iter().enumerate() {
            assert_eq!(*entry, successor_mle(&r, &bits(c, n)), "n {n}, c {c}");
        }
        // Σ_c' S(r, c') z(c') is the MLE of z(c + 1) (0 at the end) at r.
        let z: Vec<Fr> = (0..1 << n).map(|_| Fr::rand(&mut rng)).collect();
        let mut next = z[1..].to_vec();
        next.push(Fr::ZERO);
        let lhs: Fr = table.iter().zip(&z).map(|(s, v)| *s * v).sum();
        assert_eq!(lhs, DensePolynomial::new(next).evaluate(&r), "n {n}");
    }
}

// ---------------------------------------------------------------------------------------------
// A VM-like system: blocks of a counter with a flag-guarded product and an exit code.
// ---------------------------------------------------------------------------------------------

/// Columns of one block, in order.
const BLOCK_COLUMNS: [&str; 9] = ["x", "step", "f", "w", "aux", "y", "d", "d_next", "unused"];
const X: usize = 0;
const STEP: usize = 1;
const F: usize = 2;
const W: usize = 3;
const AUX: usize = 4;
const Y: usize = 5;
const D: usize = 6;
const D_NEXT: usize = 7;
/// Constants: the counter's start and the exit code.
const START: usize = 0;
const EXIT: usize = 1;

/// The constraints of block `b` (columns `9b..9b + 9`), in order:
/// 0 counter, 1 start, 2 flag is a bit, 3 aux = x·w, 4 guarded product, 5 exit code,
/// 6 dense lookahead.
fn block_constraints(b: usize) -> Vec<Constraint> {
    let col = |j: usize| Term::Column(9 * b + j);
    let next = |j: usize| Term::Next(9 * b + j);
    vec![
        Constraint::new(
            "counter",
            next(X) - col(X) - col(STEP),
            Public::One - Public::IsLast,
            LinearCombination::zero(),
        ),
        Constraint::new(
            "start",
            Public::IsFirst,
            col(X) - Public::Constant(START),
            LinearCombination::zero(),
        ),
        Constraint::new("flag is a bit", col(F), col(F), col(F)),
        Constraint::new("aux = x·w", col(X), col(W), col(AUX)),
        Constraint::equal_if("guarded product", col(F), col(Y), col(AUX)),
        Constraint::equal_if("exit code", Public::IsLast, col(Y), Public::Constant(EXIT)),
        Constraint::equal("dense lookahead", col(D_NEXT), next(D)),
    ]
}

fn counter_system(blocks: usize) -> UniformR1cs {
    let names = (0..blocks).flat_map(|_| BLOCK_COLUMNS).collect();
    let constraints = (0..blocks).flat_map(block_constraints).collect();
    UniformR1cs::new(names, 2, constraints).unwrap()
}

/// One block's honest witness, as raw vectors (tests break entries, then rebuild columns).
#[derive(Clone)]
struct Block {
    x: Vec<u64>,
    step: Vec<u8>,
    f: Vec<bool>,
    w: Vec<u32>,
    aux: Vec<u64>,
    y: Vec<u64>,
    d: Vec<Fr>,
    d_next: Vec<Fr>,
    unused: Vec<u16>,
}

#[derive(Clone)]
struct CounterTrace {
    blocks: Vec<Block>,
    start: u64,
    exit: u64,
}

impl CounterTrace {
    fn random(log_cycles: usize, blocks: usize, seed: u64) -> Self {
        let mut rng = rng(seed);
        let t = 1usize << log_cycles;
        let start = rng.gen_range(0..1u64 << 20);
        let exit = rng.r#gen::<u64>();
        let blocks = (0..blocks)
            .map(|_| {
                let step: Vec<u8> = (0..t).map(|_| rng.r#gen()).collect();
                let mut x = vec![start; t];
                for c in 1..t {
                    x[c] = x[c - 1] + u64::from(step[c - 1]);
                }
                let mut f: Vec<bool> = (0..t).map(|_| rng.r#gen()).collect();
                f[t - 1] = false;
                let w: Vec<u32> = (0..t).map(|_| rng.r#gen()).collect();
                let aux: Vec<u64> = (0..t).map(|c| x[c] * u64::from(w[c])).collect();
                let mut y: Vec<u64> = (0..t)
                    .map(|c| if f[c] { aux[c] } else { rng.r#gen() })
                    .collect();
                y[t - 1] = exit;
                let d: Vec<Fr> = (0..t).map(|_| Fr::rand(&mut rng)).collect();
                let mut d_next = d[1..].to_vec();
                d_next.push(Fr::ZERO);
                let unused = (0..t).map(|_| rng.r#gen()).collect();
                Block {
                    x,
                    step,
                    f,
                    w,
                    aux,
                    y,
                    d,
                    d_next,
                    unused,
                }
            })
            .collect();
        Self {
            blocks,
            start,
            exit,
        }
    }

    fn columns(&self) -> Vec<MultilinearPolynomial> {
        self.blocks
            .iter()
            .flat_map(|b| {
                [
                    CompactPolynomial::new(b.x.clone()).into(),
                    CompactPolynomial::new(b.step.clone()).into(),
                    CompactPolynomial::new(b.f.clone()).into(),
                    CompactPolynomial::new(b.w.clone()).into(),
                    CompactPolynomial::new(b.aux.clone()).into(),
                    CompactPolynomial::new(b.y.clone()).into(),
                    DensePolynomial::new(b.d.clone()).into(),
                    DensePolynomial::new(b.d_next.clone()).into(),
                    CompactPolynomial::new(b.unused.clone()).into(),
                ]
            })
            .collect()
    }

    fn constants(&self) -> Vec<Fr> {
        vec![Fr::from(self.start), Fr::from(self.exit)]
    }
}

fn refs(columns: &[MultilinearPolynomial]) -> Vec<&MultilinearPolynomial> {
    columns.iter().collect()
}

/// Every claim is a true evaluation of its column (an honest opening oracle).
fn assert_claims_true(claims: &[ColumnClaim], columns: &[MultilinearPolynomial]) {
    for claim in claims {
        assert_eq!(
            columns[claim.column].evaluate(&claim.point),
            claim.value,
            "claim on column {}",
            claim.column
        );
    }
}

/// Proves with a fresh transcript; returns the proof and the prover's claims.
fn prove_fresh(
    r1cs: &UniformR1cs,
    columns: &[MultilinearPolynomial],
    constants: &[Fr],
) -> (SpartanProof, Vec<ColumnClaim>) {
    prove(r1cs, &refs(columns), constants, &mut transcript()).unwrap()
}

fn verify_fresh(
    r1cs: &UniformR1cs,
    log_cycles: usize,
    constants: &[Fr],
    proof: &SpartanProof,
) -> Result<Vec<ColumnClaim>, R1csError> {
    verify(r1cs, log_cycles, constants, proof, &mut transcript())
}

#[test]
fn layout_skips_unused_columns() {
    let r1cs = counter_system(2);
    assert_eq!(r1cs.num_columns(), 18);
    assert_eq!(r1cs.num_constraints(), 14);
    assert_eq!(
        r1cs.used_columns(),
        &[0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12, 13, 14, 16]
    );
    assert_eq!(r1cs.shifted_columns(), &[0, 6, 9, 15]);
}

#[test]
fn honest_counter_traces_prove_and_verify() {
    let r1cs = counter_system(1);
    for log_cycles in 1..=8 {
        let trace = CounterTrace::random(log_cycles, 1, 10 + log_cycles as u64);
        let (columns, constants) = (trace.columns(), trace.constants());
        r1cs.check(&refs(&columns), &constants).unwrap();
        let (proof, prover_claims) = prove_fresh(&r1cs, &columns, &constants);
        let claims = verify_fresh(&r1cs, log_cycles, &constants, &proof).unwrap();
        assert_eq!(claims, prover_claims);
        assert_eq!(
            claims.len(),
            r1cs.used_columns().len() + r1cs.shifted_columns().len()
        );
        let columns_claimed: Vec<usize> = claims.iter().map(|c| c.column).collect();
        let expected: Vec<usize> = r1cs
            .used_columns()
            .iter()
            .chain(r1cs.shifted_columns())
            .copied()
            .collect();
        assert_eq!(columns_claimed, expected);
        assert_claims_true(&claims, &columns);
    }
}

#[test]
fn transcripts_agree_after_prove_and_verify() {
    let r1cs = counter_system(1);
    let trace = CounterTrace::random(4, 1, 3);
    let (columns, constants) = (trace.columns(), trace.constants());
    let mut prover_transcript = transcript();
    let (proof, _) = prove(&r1cs, &refs(&columns), &constants, &mut prover_transcript).unwrap();
    let mut verifier_transcript = transcript();
    verify(&r1cs, 4, &constants, &proof, &mut verifier_transcript).unwrap();
    assert_eq!(
        prover_transcript.challenge_scalar(b"after"),
        verifier_transcript.challenge_scalar(b"after")
    );
}

#[test]
fn check_names_the_failing_constraint_and_cycle() {
    let r1cs = counter_system(1);
    let log_cycles = 5;
    let mut trace = CounterTrace::random(log_cycles, 1, 4);
    let cycle = 13;
    trace.blocks[0].aux[cycle] += 1;
    let (columns, constants) = (trace.columns(), trace.constants());
    let b = &trace.blocks[0];
    assert_eq!(
        r1cs.check(&refs(&columns), &constants),
        Err(R1csError::Unsatisfied(Box::new(UnsatisfiedConstraint {
            constraint: "aux = x·w",
            index: 3,
            cycle,
            a: Fr::from(b.x[cycle]),
            b: Fr::from(b.w[cycle]),
            c: Fr::from(b.aux[cycle]),
        })))
    );
    // The prover runs anyway; the verifier rejects.
    let (proof, _) = prove_fresh(&r1cs, &columns, &constants);
    assert_eq!(
        verify_fresh(&r1cs, log_cycles, &constants, &proof),
        Err(R1csError::FinalClaimMismatch)
    );
}

#[test]
fn check_reports_the_first_failure_cycle_major() {
    let r1cs = counter_system(1);
    let mut trace = CounterTrace::random(6, 1, 5);
    trace.blocks[0].aux[40] += 1; // constraint 3 at cycle 40
    trace.blocks[0].d_next[20] += Fr::ONE; // constraint 6 at cycle 20
    let (columns, constants) = (trace.columns(), trace.constants());
    let err = r1cs.check(&refs(&columns), &constants).unwrap_err();
    let R1csError::Unsatisfied(failure) = err else {
        panic!("expected an unsatisfied constraint, got {err:?}");
    };
    assert_eq!(
        (failure.constraint, failure.index, failure.cycle),
        ("dense lookahead", 6, 20)
    );
}

#[test]
fn violation_at_the_first_cycle_through_is_first_is_caught() {
    let r1cs = counter_system(1);
    let log_cycles = 4;
    let trace = CounterTrace::random(log_cycles, 1, 6);
    let columns = trace.columns();
    // Only "start" depends on the start constant, and only at cycle 0.
    let mut constants = trace.constants();
    constants[START] += Fr::ONE;
    let err = r1cs.check(&refs(&columns), &constants).unwrap_err();
    let R1csError::Unsatisfied(failure) = err else {
        panic!("expected an unsatisfied constraint, got {err:?}");
    };
    assert_eq!(
        (failure.constraint, failure.index, failure.cycle),
        ("start", 1, 0)
    );
    assert_eq!(failure.a, Fr::ONE);
    let (proof, _) = prove_fresh(&r1cs, &columns, &constants);
    assert_eq!(
        verify_fresh(&r1cs, log_cycles, &constants, &proof),
        Err(R1csError::FinalClaimMismatch)
    );
}

/// `g · (Next(x) − x − 1) = 0`: with `g = 1` at the last cycle, `Next(x) = 0` there breaks it.
#[test]
fn violation_only_at_the_last_cycle_through_next_is_caught() {
    let r1cs = UniformR1cs::new(
        vec!["x", "g"],
        0,
        vec![Constraint::equal_if(
            "increment",
            Term::Column(1),
            Term::Next(0),
            Term::Column(0) + LinearCombination::constant(1),
        )],
    )
    .unwrap();
    for log_cycles in 1..=5 {
        let t = 1usize << log_cycles;
        let x: Vec<u32> = (0..t as u32).map(|c| 1000 + c).collect();
        let mut g = vec![true; t];
        g[t - 1] = false;
        let honest = vec![
            CompactPolynomial::new(x.clone()).into(),
            CompactPolynomial::new(g.clone()).into(),
        ];
        r1cs.check(&refs(&honest), &[]).unwrap();
        let (proof, claims) = prove_fresh(&r1cs, &honest, &[]);
        assert_eq!(verify_fresh(&r1cs, log_cycles, &[], &proof), Ok(claims));

        g[t - 1] = true;
        let broken: Vec<MultilinearPolynomial> = vec![
            CompactPolynomial::new(x.clone()).into(),
            CompactPolynomial::new(g).into(),
        ];
        let last = Fr::from(x[t - 1]);
        assert_eq!(
            r1cs.check(&refs(&broken), &[]),
            Err(R1csError::Unsatisfied(Box::new(UnsatisfiedConstraint {
                constraint: "increment",
                index: 0,
                cycle: t - 1,
                a: Fr::ONE,
                b: -last - Fr::ONE,
                c: Fr::ZERO,
            })))
        );
        let (proof, _) = prove_fresh(&r1cs, &broken, &[]);
        assert_eq!(
            verify_fresh(&r1cs, log_cycles, &[], &proof),
            Err(R1csError::FinalClaimMismatch)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Tampering: each test asserts the specific rejection.
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Building the key, and the debug check against a field-only oracle.
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_keys_are_refused() {
    let names = vec!["a", "b"];
    let bad_column = Constraint::equal("bad", Term::Next(2), Term::Column(0));
    assert_eq!(
        UniformR1cs::new(names.clone(), 0, vec![bad_column]),
        Err(R1csError::BadColumnIndex {
            constraint: "bad",
            column: 2,
            num_columns: 2
        })
    );
    let bad_constant = Constraint::equal("bad", Public::Constant(1), Term::Column(0));
    assert_eq!(
        UniformR1cs::new(names.clone(), 1, vec![bad_constant]),
        Err(R1csError::BadConstantIndex {
            constraint: "bad",
            constant: 1,
            num_constants: 1
        })
    );
    let constant_only = Constraint::new("c", Public::IsFirst, Public::One, Public::Constant(0));
    assert_eq!(
        UniformR1cs::new(names, 1, vec![constant_only]),
        Err(R1csError::NoWitnessTerms)
    );
}

#[test]
fn linear_combinations_normalise() {
    let x = Term::Column(0);
    let cancelled = Constraint::equal("c", x + x * 2 - x * 3 + Term::Column(1), Term::Column(1));
    let keep = Constraint::equal("keep", x, Term::Column(1));
    let r1cs = UniformR1cs::new(vec!["x", "y"], 0, vec![cancelled, keep]).unwrap();
    // (x + 2x − 3x + y) − y normalises to the empty combination.
    assert!(r1cs.constraints()[0].a.terms().is_empty());
    let reordered = Constraint::new(
        "c",
        Term::Column(1) + x,
        Public::One,
        LinearCombination::zero(),
    );
    let ordered = Constraint::new(
        "c",
        x + Term::Column(1),
        Public::One,
        LinearCombination::zero(),
    );
    let key = |c| {
        UniformR1cs::new(vec!["x", "y"], 0, vec![c])
            .unwrap()
            .digest()
    };
    assert_eq!(key(reordered), key(ordered.clone()));
    let scaled = Constraint::new(
        "c",
        (x + Term::Column(1)) * 2,
        Public::One,
        LinearCombination::zero(),
    );
    assert_ne!(key(scaled), key(ordered));
}

#[test]
fn witness_shape_errors() {
    let r1cs = counter_system(1);
    let trace = CounterTrace::random(3, 1, 9);
    let (columns, constants) = (trace.columns(), trace.constants());
    let mut short = refs(&columns);
    short.pop();
    assert_eq!(
        r1cs.check(&short, &constants),
        Err(R1csError::ColumnCount {
            expected: 9,
            got: 8
        })
    );
    let other_length: MultilinearPolynomial = CompactPolynomial::new(vec![0u16; 4]).into();
    let mut mixed = refs(&columns);
    mixed[8] = &other_length;
    assert_eq!(
        prove(&r1cs, &mixed, &constants, &mut transcript()).unwrap_err(),
        R1csError::ColumnLength {
            column: 8,
            expected: 8,
            got: 4
        }
    );
    let single: Vec<MultilinearPolynomial> = (0..9)
        .map(|_| CompactPolynomial::new(vec![0u8]).into())
        .collect();
    assert_eq!(
        r1cs.check(&refs(&single), &constants),
        Err(R1csError::TooFewCycles)
    );
    assert_eq!(
        prove(&r1cs, &refs(&columns), &[], &mut transcript()).unwrap_err(),
        R1csError::ConstantCount {
            expected: 2,
            got: 0
        }
    );
}

/// A random system over base columns of every representation, with coefficients from ±1 to
/// full field elements (so the check's integer path overflows and falls back), and one dense
/// output column per constraint: row k is $A_k \cdot B_k = out_k$.
struct RandomSystem {
    r1cs: UniformR1cs,
    columns: Vec<MultilinearPolynomial>,
    constants: Vec<Fr>,
}

const RANDOM_BASE_COLUMNS: usize = 12;
const RANDOM_NAMES: [&str; 24] = [
    "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "o0", "o1", "o2",
    "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10", "o11",
];

impl RandomSystem {
    fn new(log_cycles: usize, num_constraints: usize, seed: u64) -> Self {
        assert!(num_constraints <= RANDOM_NAMES.len() - RANDOM_BASE_COLUMNS);
        let mut rng = rng(seed);
        let t = 1usize << log_cycles;
        let coeff = |rng: &mut StdRng| -> Fr {
            match rng.gen_range(0..5) {
                0 => Fr::ONE,
                1 => -Fr::ONE,
                2 => Fr::from(rng.gen_range(-100i64..100)),
                3 => Fr::from(i64::MIN + rng.gen_range(0..3)),
                _ => Fr::rand(rng),
            }
        };
        let random_lc = |rng: &mut StdRng| {
            let mut lc = LinearCombination::zero();
            for _ in 0..rng.gen_range(1..4) {
                let term = match rng.gen_range(0..6) {
                    0 | 1 => Term::Column(rng.gen_range(0..RANDOM_BASE_COLUMNS)),
                    2 => Term::Next(rng.gen_range(0..RANDOM_BASE_COLUMNS)),
                    3 => Term::Public(Public::IsFirst),
                    4 => Term::Public(Public::IsLast),
                    _ => Term::Public(if rng.r#gen() {
                        Public::One
                    } else {
                        Public::Constant(rng.gen_range(0..2))
                    }),
                };
                lc = lc + LinearCombination::term(term, coeff(rng));
            }
            lc
        };
        let constraints: Vec<Constraint> = (0..num_constraints)
            .map(|k| {
                let (a, b) = (random_lc(&mut rng), random_lc(&mut rng));
                let out = Term::Column(RANDOM_BASE_COLUMNS + k);
                Constraint::new("random", a, b, out)
            })
            .collect();
        let names = RANDOM_NAMES[..RANDOM_BASE_COLUMNS + num_constraints].to_vec();
        let r1cs = UniformR1cs::new(names, 2, constraints).unwrap();
        let constants = vec![Fr::from(rng.r#gen::<u64>()), Fr::rand(&mut rng)];
        let mut columns: Vec<MultilinearPolynomial> = (0..RANDOM_BASE_COLUMNS)
            .map(|i| match i % 6 {
                0 => CompactPolynomial::new((0..t).map(|_| rng.r#gen::<bool>()).collect()).into(),
                1 => CompactPolynomial::new((0..t).map(|_| rng.r#gen::<u8>()).collect()).into(),
                2 => CompactPolynomial::new((0..t).map(|_| rng.r#gen::<u16>()).collect()).into(),
                3 => CompactPolynomial::new((0..t).map(|_| rng.r#gen::<u32>()).collect()).into(),
                4 => {
                    CompactPolynomial::new((0..t).map(|_| u64::MAX - rng.gen_range(0..4)).collect())
                        .into()
                }
                _ => DensePolynomial::new((0..t).map(|_| Fr::rand(&mut rng)).collect()).into(),
            })
            .collect();
        for constraint in r1cs.constraints() {
            let out: Vec<Fr> = (0..t)
                .map(|c| {
                    let value = |lc: &LinearCombination| oracle_value(lc, &columns, &constants, c);
                    value(&constraint.a) * value(&constraint.b)
                })
                .collect();
            columns.push(DensePolynomial::new(out).into());
        }
        Self {
            r1cs,
            columns,
            constants,
        }
    }
}

/// An independent, field-only evaluation of a combination at `cycle`.
fn oracle_value(
    lc: &LinearCombination,
    columns: &[MultilinearPolynomial],
    constants: &[Fr],
    cycle: usize,
) -> Fr {
    let t = columns[0].len();
    lc.terms()
        .iter()
        .map(|&(term, k)| {
            let v = match term {
                Term::Column(i) => columns[i].get(cycle),
                Term::Next(i) if cycle + 1 < t => columns[i].get(cycle + 1),
                Term::Next(_) => Fr::ZERO,
                Term::Public(Public::One) => Fr::ONE,
                Term::Public(Public::IsFirst) => Fr::from(cycle == 0),
                Term::Public(Public::IsLast) => Fr::from(cycle == t - 1),
                Term::Public(Public::Constant(j)) => constants[j],
            };
            k * v
        })
        .sum()
}

#[test]
fn random_systems_check_prove_and_verify() {
    for seed in 0..12 {
        let log_cycles = 1 + (seed as usize % 6);
        let sys = RandomSystem::new(log_cycles, 8, 100 + seed);
        let columns = refs(&sys.columns);
        sys.r1cs.check(&columns, &sys.constants).unwrap();
        let (proof, _) = prove(&sys.r1cs, &columns, &sys.constants, &mut transcript()).unwrap();
        let claims = verify_fresh(&sys.r1cs, log_cycles, &sys.constants, &proof).unwrap();
        assert_claims_true(&claims, &sys.columns);
    }
}

#[test]
fn check_agrees_with_the_field_oracle_on_broken_witnesses() {
    let mut rng = rng(11);
    for seed in 0..24 {
        let log_cycles = 1 + (seed as usize % 6);
        let t = 1usize << log_cycles;
        let mut sys = RandomSystem::new(log_cycles, 8, 200 + seed);
        // Break one output entry.
        let (cycle, k) = (rng.gen_range(0..t), rng.gen_range(0..8));
        let out = RANDOM_BASE_COLUMNS + k;
        let mut values = sys.columns[out].to_dense().into_evals();
        values[cycle] += Fr::from(rng.gen_range(1..1000u64));
        sys.columns[out] = DensePolynomial::new(values).into();
        let constraint = &sys.r1cs.constraints()[k];
        let value = |lc: &LinearCombination| oracle_value(lc, &sys.columns, &sys.constants, cycle);
        assert_eq!(
            sys.r1cs.check(&refs(&sys.columns), &sys.constants),
            Err(R1csError::Unsatisfied(Box::new(UnsatisfiedConstraint {
                constraint: "random",
                index: k,
                cycle,
                a: value(&constraint.a),
                b: value(&constraint.b),
                c: value(&constraint.c),
            }))),
            "seed {seed}"
        );
        let (proof, _) = prove_fresh(&sys.r1cs, &sys.columns, &sys.constants);
        assert_eq!(
            verify_fresh(&sys.r1cs, log_cycles, &sys.constants, &proof),
            Err(R1csError::FinalClaimMismatch),
            "seed {seed}"
        );
    }
}

/// Measures prove/verify/check time in release:
/// `cargo test --release -p jolt-core r1cs::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run by hand"]
fn timing() {
    use std::time::Instant;
    for (log_cycles, blocks) in [(16, 6), (20, 8)] {
        let r1cs = counter_system(blocks);
        let trace = CounterTrace::random(log_cycles, blocks, 12);
        let (columns, constants) = (trace.columns(), trace.constants());
        let start = Instant::now();
        r1cs.check(&refs(&columns), &constants).unwrap();
        let check = start.elapsed();
        let start = Instant::now();
        let (proof, _) = prove_fresh(&r1cs, &columns, &constants);
        let prove_time = start.elapsed();
        let start = Instant::now();
        verify_fresh(&r1cs, log_cycles, &constants, &proof).unwrap();
        let verify_time = start.elapsed();
        eprintln!(
            "2^{log_cycles} cycles, {} constraints, {} columns ({} used, {} shifted): check {check:?}, prove {prove_time:?}, verify {verify_time:?}, proof {} bytes",
            r1cs.num_constraints(),
            r1cs.num_columns(),
            r1cs.used_columns().len(),
            r1cs.shifted_columns().len(),
            proof.compressed_size()
        );
    }
}
