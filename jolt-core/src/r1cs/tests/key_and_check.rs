//! Building keys, witness shapes, and the debug check against an independent field-only oracle
//! on random systems that exercise every column representation and the overflow fallback.

use super::*;

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
