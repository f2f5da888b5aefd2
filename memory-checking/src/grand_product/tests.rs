use ark_ff::{AdditiveGroup, Field};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_std::rand::Rng;
use math::{CompactPolynomial, DensePolynomial, Fr, SumcheckError};
use proptest::prelude::*;

use super::*;
use crate::testing::{random_scalars, rng, transcript};

/// Trees of depths 1..=5, dense and toggled, with random leaves (about a quarter flagged).
fn trees(shapes: &[(usize, bool)], seed: u64) -> Vec<ProductTree> {
    let mut rng = rng(seed);
    shapes
        .iter()
        .map(|&(n, toggled)| {
            let leaves = random_scalars(1 << n, &mut rng);
            if toggled {
                let flags = (0..1 << n).map(|_| rng.gen_bool(0.25)).collect();
                ProductTree::Toggled {
                    flags: CompactPolynomial::new(flags),
                    fingerprints: leaves,
                }
            } else {
                ProductTree::Dense(leaves)
            }
        })
        .collect()
}

fn expected_product(tree: &ProductTree) -> Fr {
    match tree {
        ProductTree::Dense(leaves) => leaves.iter().product(),
        ProductTree::Toggled {
            flags,
            fingerprints,
        } => flags
            .coeffs()
            .iter()
            .zip(fingerprints)
            .filter(|(f, _)| **f)
            .map(|(_, h)| *h)
            .product(),
    }
}

/// Discharges a leaf claim against the tree's actual polynomials.
fn leaf_holds(tree: &ProductTree, leaf: &LeafClaim) -> bool {
    match (tree, leaf.value) {
        (ProductTree::Dense(leaves), LeafValue::Dense(v)) => {
            DensePolynomial::new(leaves.clone()).evaluate(&leaf.point) == v
        }
        (
            ProductTree::Toggled {
                flags,
                fingerprints,
            },
            LeafValue::Toggled { flag, fingerprint },
        ) => {
            flags.evaluate(&leaf.point) == flag
                && DensePolynomial::new(fingerprints.clone()).evaluate(&leaf.point) == fingerprint
        }
        _ => false,
    }
}

const MIXED: [(usize, bool); 6] = [
    (1, false),
    (3, false),
    (5, false),
    (1, true),
    (4, true),
    (5, true),
];

fn prove_mixed(seed: u64) -> (Vec<ProductTree>, GrandProductProof, GrandProductClaims) {
    let input = trees(&MIXED, seed);
    let (proof, claims) = prove(input.clone(), &mut transcript()).unwrap();
    (input, proof, claims)
}

fn shapes_of(trees: &[ProductTree]) -> Vec<TreeShape> {
    trees.iter().map(ProductTree::shape).collect()
}

#[test]
fn completeness_mixed_depths_and_toggles() {
    let (input, proof, prover_claims) = prove_mixed(1);
    let claims = verify(&shapes_of(&input), &proof, &mut transcript()).unwrap();
    assert_eq!(claims, prover_claims);
    for ((tree, product), leaf) in input.iter().zip(&claims.products).zip(&claims.leaves) {
        assert_eq!(*product, expected_product(tree));
        assert_eq!(leaf.point.len(), tree.shape().num_vars);
        assert!(leaf_holds(tree, leaf));
    }
    // Trees of the same depth share their leaf point.
    assert_eq!(claims.leaves[2].point, claims.leaves[5].point);
    assert_eq!(claims.leaves[0].point, claims.leaves[3].point);
    assert_eq!(proof.layers.len(), 5);
}

#[test]
fn all_flags_zero_and_all_flags_one() {
    let mut rng = rng(2);
    let h = random_scalars(1 << 6, &mut rng);
    for flag in [false, true] {
        let tree = ProductTree::Toggled {
            flags: CompactPolynomial::new(vec![flag; 1 << 6]),
            fingerprints: h.clone(),
        };
        let (proof, _) = prove(vec![tree.clone()], &mut transcript()).unwrap();
        let claims = verify(&[tree.shape()], &proof, &mut transcript()).unwrap();
        let expected = if flag { h.iter().product() } else { Fr::ONE };
        assert_eq!(claims.products, vec![expected]);
        assert!(leaf_holds(&tree, &claims.leaves[0]));
    }
}

#[test]
fn tampered_product_is_rejected_at_the_root() {
    let (input, mut proof, _) = prove_mixed(3);
    proof.products[1] += Fr::ONE;
    assert_eq!(
        verify(&shapes_of(&input), &proof, &mut transcript()),
        Err(MemoryCheckingError::LayerClaim { layer: 0 })
    );
}

#[test]
fn tampered_layer_claims_are_rejected() {
    let (input, proof, _) = prove_mixed(4);
    let shapes = shapes_of(&input);
    for layer in 0..proof.layers.len() {
        for i in 0..proof.layers[layer].child_evals.len() {
            let mut bad = proof.clone();
            bad.layers[layer].child_evals[i] += Fr::ONE;
            // A fingerprint under a zero flag does not change its parent: the altered value
            // then surfaces in a later layer (the transcript diverged) or in the leaf claim.
            match verify(&shapes, &bad, &mut transcript()) {
                Err(MemoryCheckingError::LayerClaim { layer: at }) => {
                    assert!(at >= layer, "layer {layer}, eval {i}: caught at {at}");
                }
                Ok(claims) => assert!(
                    input
                        .iter()
                        .zip(&claims.leaves)
                        .any(|(tree, leaf)| !leaf_holds(tree, leaf)),
                    "layer {layer}, eval {i}: accepted with true leaf claims"
                ),
                other => panic!("layer {layer}, eval {i}: {other:?}"),
            }
        }
    }
    // A forged round polynomial: the running claim goes wrong and the layer check fails.
    let mut bad = proof;
    let round = &mut bad.layers[3].sumcheck.round_polynomials[1];
    let mut coeffs = round.coeffs_except_linear().to_vec();
    coeffs[0] += Fr::ONE;
    *round = math::CompressedUniPoly::from_coeffs_except_linear(coeffs);
    assert_eq!(
        verify(&shapes, &bad, &mut transcript()),
        Err(MemoryCheckingError::LayerClaim { layer: 3 })
    );
}

#[test]
fn garbled_shapes_are_errors_not_panics() {
    let (input, proof, _) = prove_mixed(5);
    let shapes = shapes_of(&input);
    let check = |bad: &GrandProductProof| verify(&shapes, bad, &mut transcript());

    let mut bad = proof.clone();
    bad.layers.pop();
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "layers",
            expected: 5,
            got: 4
        })
    );
    let mut bad = proof.clone();
    bad.layers.push(bad.layers[4].clone());
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape { what: "layers", .. })
    ));
    let mut bad = proof.clone();
    bad.products.pop();
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "products",
            ..
        })
    ));
    let mut bad = proof.clone();
    bad.layers[2].child_evals.pop();
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "child evaluations",
            ..
        })
    ));
    let mut bad = proof.clone();
    bad.layers[3].sumcheck.round_polynomials.pop();
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::LayerSumcheck {
            layer: 3,
            source: SumcheckError::RoundCountMismatch {
                expected: 3,
                got: 2
            }
        })
    );
    let mut bad = proof.clone();
    bad.layers[0].sumcheck = bad.layers[1].sumcheck.clone();
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "root layer sum-check rounds",
            ..
        })
    ));
    let mut bad = proof.clone();
    let round = &mut bad.layers[2].sumcheck.round_polynomials[0];
    let mut coeffs = round.coeffs_except_linear().to_vec();
    coeffs.pop();
    *round = math::CompressedUniPoly::from_coeffs_except_linear(coeffs);
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::LayerSumcheck {
            layer: 2,
            source: SumcheckError::DegreeMismatch { .. }
        })
    ));
    // Empty round polynomials everywhere.
    let mut bad = proof.clone();
    for layer in &mut bad.layers {
        for round in &mut layer.sumcheck.round_polynomials {
            *round = math::CompressedUniPoly::from_coeffs_except_linear(Vec::new());
        }
    }
    assert!(check(&bad).is_err());
    // The verifier's shapes, not the proof's, decide: calling a toggled tree dense fails.
    let mut wrong = shapes.clone();
    wrong[4].toggled = false;
    assert!(verify(&wrong, &proof, &mut transcript()).is_err());
}

#[test]
fn misuse_is_an_error() {
    assert_eq!(
        prove(Vec::new(), &mut transcript()).err(),
        Some(MemoryCheckingError::NoMemories)
    );
    assert!(matches!(
        prove(vec![ProductTree::Dense(vec![Fr::ONE])], &mut transcript()),
        Err(MemoryCheckingError::TreeSize { tree: 0, .. })
    ));
    let mismatched = ProductTree::Toggled {
        flags: CompactPolynomial::new(vec![true; 4]),
        fingerprints: vec![Fr::ONE; 8],
    };
    assert!(matches!(
        prove(vec![mismatched], &mut transcript()),
        Err(MemoryCheckingError::TreeSize { tree: 0, .. })
    ));
    let shape = TreeShape {
        num_vars: 0,
        toggled: false,
    };
    let (_, proof, _) = prove_mixed(6);
    assert!(matches!(
        verify(&[shape], &proof, &mut transcript()),
        Err(MemoryCheckingError::TreeSize { tree: 0, .. })
    ));
}

#[test]
fn proof_round_trips_and_is_log_squared() {
    let (input, proof, _) = prove_mixed(7);
    let mut bytes = Vec::new();
    proof.serialize_compressed(&mut bytes).unwrap();
    assert_eq!(bytes.len(), proof.size_in_bytes());
    let decoded = GrandProductProof::deserialize_compressed(&bytes[..]).unwrap();
    assert_eq!(decoded, proof);
    let claims = verify(&shapes_of(&input), &decoded, &mut transcript()).unwrap();
    assert_eq!(claims.products, proof.products);

    // One dense tree of depth n: sum-check scalars 3·(1 + … + (n−1)) plus 2 per layer.
    for n in [8usize, 12] {
        let tree = ProductTree::Dense(random_scalars(1 << n, &mut rng(n as u64)));
        let (proof, _) = prove(vec![tree], &mut transcript()).unwrap();
        let scalars: usize = proof
            .layers
            .iter()
            .map(|l| {
                l.child_evals.len()
                    + l.sumcheck
                        .round_polynomials
                        .iter()
                        .map(|p| p.coeffs_except_linear().len())
                        .sum::<usize>()
            })
            .sum();
        assert_eq!(scalars, 3 * n * (n - 1) / 2 + 2 * n);
    }
}

#[test]
fn zero_leaf_makes_product_zero_and_still_verifies() {
    let mut leaves = random_scalars(16, &mut rng(8));
    leaves[5] = Fr::ZERO;
    let tree = ProductTree::Dense(leaves);
    let (proof, _) = prove(vec![tree.clone()], &mut transcript()).unwrap();
    let claims = verify(&[tree.shape()], &proof, &mut transcript()).unwrap();
    assert_eq!(claims.products[0], Fr::ZERO);
    assert!(leaf_holds(&tree, &claims.leaves[0]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn random_batches_verify(
        shapes in prop::collection::vec((1usize..7, any::<bool>()), 1..5),
        seed in any::<u64>(),
    ) {
        let input = trees(&shapes, seed);
        let (proof, _) = prove(input.clone(), &mut transcript()).unwrap();
        let claims = verify(&shapes_of(&input), &proof, &mut transcript()).unwrap();
        for ((tree, product), leaf) in input.iter().zip(&claims.products).zip(&claims.leaves) {
            prop_assert_eq!(*product, expected_product(tree));
            prop_assert!(leaf_holds(tree, leaf));
        }
    }
}
