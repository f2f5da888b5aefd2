//! End to end on the counter system: honest traces verify with true claims; broken witnesses
//! are named by the check and rejected by the verifier, including at the first and last cycle.

use ark_serialize::CanonicalSerialize;

use super::*;

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
