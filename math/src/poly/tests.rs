//! The laws every polynomial type obeys, and the variable order pinned down.

use ark_ff::{AdditiveGroup, Field};
use ark_std::UniformRand;
use ark_std::rand::Rng;
use proptest::prelude::*;

use super::eq::suffix_tables;
use super::*;
use crate::field::{FieldExt, Fr};
use crate::testing::{ALL_KINDS, bits, naive_evaluate, random_poly, random_scalars, rng};

#[test]
fn variable_order_is_most_significant_bit_first() {
    let [a, b, c, d] = [1u64, 2, 3, 4].map(Fr::from);
    let p = DensePolynomial::new(vec![a, b, c, d]);
    // Index 2 = 0b10 is x_0 = 1, x_1 = 0.
    assert_eq!(p.evaluate(&[Fr::ONE, Fr::ZERO]), c);
    assert_eq!(p.evaluate(&[Fr::ZERO, Fr::ONE]), b);
    // Binding fixes x_0: the top and bottom halves fold together.
    let r = Fr::from(10u64);
    let mut bound = p.clone();
    bound.bind(r);
    assert_eq!(bound.evals(), &[a + r * (c - a), b + r * (d - b)]);
    // Sum-check challenges in order are the evaluation point.
    let s = Fr::from(7u64);
    bound.bind(s);
    assert_eq!(bound.final_value(), p.evaluate(&[r, s]));
}

#[test]
#[should_panic(expected = "a multilinear polynomial needs 2^n evaluations, got 3")]
fn non_power_of_two_lengths_are_refused_with_a_clear_message() {
    let _ = CompactPolynomial::new(vec![1u8, 2, 3]);
}

#[test]
fn identity_polynomial_is_the_index() {
    for n in 0..=6 {
        let id = IdentityPolynomial::new(n);
        for i in 0..1usize << n {
            assert_eq!(id.evaluate(&bits(i, n)), Fr::from(i as u64));
        }
        let r = random_scalars(n, &mut rng(n as u64));
        assert_eq!(id.to_compact().evaluate(&r), id.evaluate(&r));
    }
}

#[test]
fn eq_table_matches_pointwise_evaluation_across_the_split_threshold() {
    // 12 variables are built serially, 13+ as an outer product of halves.
    for n in [0usize, 1, 5, 12, 13, 14] {
        let mut rng = rng(100 + n as u64);
        let eq = EqPolynomial::new(random_scalars(n, &mut rng));
        let table = eq.evals();
        assert_eq!(table.len(), 1 << n);
        assert_eq!(table.iter().sum::<Fr>(), Fr::ONE, "Σ eq = 1 for n = {n}");
        for _ in 0..16 {
            let i = rng.gen_range(0..1usize << n);
            assert_eq!(table[i], eq.evaluate(&bits(i, n)), "n = {n}, i = {i}");
        }
        let scale = Fr::from(5u64);
        assert_eq!(
            eq.evals_scaled(scale)[table.len() - 1],
            scale * table[table.len() - 1]
        );
    }
}

#[test]
fn eq_suffix_tables_are_eq_tables_of_suffixes() {
    let point = random_scalars(6, &mut rng(7));
    let tables = suffix_tables(&point);
    assert_eq!(tables.len(), 7);
    for (k, table) in tables.iter().enumerate() {
        assert_eq!(*table, EqPolynomial::new(point[6 - k..].to_vec()).evals());
    }
}

#[test]
fn evaluation_across_the_split_threshold_matches_the_naive_sum() {
    for n in [0usize, 1, 2, 13, 14] {
        let mut rng = rng(200 + n as u64);
        let values = random_scalars(1 << n, &mut rng);
        let point = random_scalars(n, &mut rng);
        let expected = naive_evaluate(&values, &point);
        assert_eq!(
            DensePolynomial::new(values.clone()).evaluate(&point),
            expected
        );
        let bytes: Vec<u8> = (0..1usize << n).map(|_| rng.r#gen()).collect();
        let as_field: Vec<Fr> = bytes.iter().map(|b| Fr::from_u8(*b)).collect();
        assert_eq!(
            CompactPolynomial::new(bytes).evaluate(&point),
            naive_evaluate(&as_field, &point)
        );
    }
}

#[test]
fn compact_binding_handles_extremes_and_both_signs_of_difference() {
    let r = Fr::from(3u64);
    let check = |p: MultilinearPolynomial| {
        let mut compact = p.clone();
        compact.bind(r);
        let mut dense = p.to_dense();
        dense.bind(r);
        assert_eq!(compact, MultilinearPolynomial::Dense(dense), "{p:?}");
    };
    check(CompactPolynomial::new(vec![0u8, 255, 255, 0]).into());
    check(CompactPolynomial::new(vec![true, false, false, true]).into());
    check(CompactPolynomial::new(vec![0u16, u16::MAX, u16::MAX, 0]).into());
    check(CompactPolynomial::new(vec![0u32, u32::MAX, u32::MAX, 0]).into());
    check(CompactPolynomial::new(vec![0u64, u64::MAX, u64::MAX, 0]).into());
    check(CompactPolynomial::new(vec![7u64, 7, 7, 7]).into());
}

#[test]
fn interpolation_recovers_every_degree_up_to_eight() {
    let mut rng = rng(9);
    for d in 0..=8usize {
        let evals = random_scalars(d + 1, &mut rng);
        let poly = UniPoly::from_evals(&evals);
        assert_eq!(poly.degree(), d);
        for (t, y) in evals.iter().enumerate() {
            assert_eq!(
                poly.evaluate(&Fr::from(t as u64)),
                *y,
                "degree {d}, t = {t}"
            );
        }
    }
    // A cubic given by coefficients comes back exactly.
    let coeffs = random_scalars(4, &mut rng);
    let cubic = UniPoly::from_coeffs(coeffs.clone());
    let evals: Vec<Fr> = (0..4u64).map(|t| cubic.evaluate(&Fr::from(t))).collect();
    assert_eq!(UniPoly::from_evals(&evals).coeffs(), &coeffs[..]);
}

#[test]
fn compression_round_trips_with_the_hint() {
    let mut rng = rng(10);
    for d in 1..=8usize {
        let poly = UniPoly::from_coeffs(random_scalars(d + 1, &mut rng));
        let hint = poly.sum_over_boolean();
        assert_eq!(
            hint,
            poly.evaluate(&Fr::ZERO) + poly.evaluate(&Fr::ONE),
            "sum over {{0,1}}"
        );
        let compressed = poly.compress();
        assert_eq!(compressed.degree(), d);
        assert_eq!(compressed.decompress(&hint), poly);
        let x = Fr::rand(&mut rng);
        assert_eq!(compressed.evaluate_with_hint(&hint, &x), poly.evaluate(&x));
    }
}

#[test]
fn multiplying_by_a_linear_factor() {
    let mut rng = rng(11);
    let poly = UniPoly::from_coeffs(random_scalars(3, &mut rng));
    let (a, b, x) = (Fr::from(2u64), Fr::from(9u64), Fr::from(17u64));
    assert_eq!(
        poly.mul_linear(a, b).evaluate(&x),
        poly.evaluate(&x) * (a + b * x)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The MLE equals the stored value at every hypercube point, for every representation.
    #[test]
    fn mle_equals_stored_value_on_the_hypercube(seed in any::<u64>(), n in 0usize..=6) {
        let mut rng = rng(seed);
        for kind in ALL_KINDS {
            let p = random_poly(kind, n, &mut rng);
            for i in 0..1usize << n {
                prop_assert_eq!(p.evaluate(&bits(i, n)), p.get(i), "{:?} at {}", kind, i);
            }
        }
    }

    /// Binding x_0 to r and evaluating the rest equals evaluating at (r, rest).
    #[test]
    fn bind_then_evaluate_equals_evaluate(seed in any::<u64>(), n in 1usize..=9) {
        let mut rng = rng(seed);
        let point = random_scalars(n, &mut rng);
        for kind in ALL_KINDS {
            let p = random_poly(kind, n, &mut rng);
            let expected = p.evaluate(&point);
            let mut bound = p.clone();
            for (j, r) in point.iter().enumerate() {
                bound.bind(*r);
                prop_assert!(!bound.is_compact());
                prop_assert_eq!(bound.evaluate(&point[j + 1..]), expected, "{:?}", kind);
            }
            prop_assert_eq!(bound.final_value(), expected);
        }
    }

    /// A compact polynomial and its dense twin agree on evaluation, binding and sums.
    #[test]
    fn compact_and_dense_agree(seed in any::<u64>(), n in 1usize..=8) {
        let mut rng = rng(seed);
        let point = random_scalars(n, &mut rng);
        for kind in ALL_KINDS {
            let compact = random_poly(kind, n, &mut rng);
            let dense = MultilinearPolynomial::Dense(compact.to_dense());
            prop_assert_eq!(compact.evaluate(&point), dense.evaluate(&point));
            prop_assert_eq!(compact.sum_over_hypercube(), dense.sum_over_hypercube());
            let (mut c, mut d) = (compact.clone(), dense.clone());
            c.bind(point[0]);
            d.bind(point[0]);
            prop_assert_eq!(c, d);
        }
    }

    /// Σ_x eq(r, x) = 1 and eq(r, ·) reproduces f(r) as an inner product.
    #[test]
    fn eq_is_the_lagrange_basis(seed in any::<u64>(), n in 0usize..=10) {
        let mut rng = rng(seed);
        let point = random_scalars(n, &mut rng);
        let table = EqPolynomial::new(point.clone()).evals();
        prop_assert_eq!(table.iter().sum::<Fr>(), Fr::ONE);
        let values = random_scalars(1 << n, &mut rng);
        let inner: Fr = table.iter().zip(&values).map(|(e, v)| *e * v).sum();
        prop_assert_eq!(DensePolynomial::new(values).evaluate(&point), inner);
    }
}
