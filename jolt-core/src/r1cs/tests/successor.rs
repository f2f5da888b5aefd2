//! The successor MLE $S$: closed form = brute force, on the hypercube and at random points.

use super::*;
use crate::r1cs::shift::{successor_mle, successor_table};
use math::EqPolynomial;

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
