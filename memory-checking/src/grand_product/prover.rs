//! The grand-product prover: builds every tree bottom-up, then runs the layers top-down.

use ark_ff::Field;
use math::sumcheck::{self, SumcheckInstance};
use math::{
    CompactPolynomial, DensePolynomial, EqCombinationSumcheck, Fr, MultilinearPolynomial,
    SumcheckProof, Transcript,
};

use super::{
    GrandProductClaims, GrandProductProof, LayerProof, LayerRole, LeafClaim, ProductTree,
    TreeShape, absorb_statement, check_shapes, collect_leaves, fold_layer, layer_members, toggle,
};
use crate::MemoryCheckingError;
use math::parallel::collect;

/// Proves the products of all `trees` in one batched GKR and returns the proof with the same
/// claims the verifier will derive (products and leaf claims), for the prover's accumulator.
///
/// Every tree needs at least 2 leaves (a power of two); a toggled tree's flags and fingerprints
/// must have equal lengths.
pub fn prove(
    trees: Vec<ProductTree>,
    transcript: &mut Transcript,
) -> Result<(GrandProductProof, GrandProductClaims), MemoryCheckingError> {
    let shapes: Vec<TreeShape> = trees.iter().map(ProductTree::shape).collect();
    for (tree, (t, shape)) in trees.iter().zip(&shapes).enumerate() {
        let mismatched = matches!(t, ProductTree::Toggled { flags, fingerprints }
            if flags.len() != fingerprints.len());
        if !t.len().is_power_of_two() || mismatched {
            return Err(MemoryCheckingError::TreeSize {
                tree,
                num_vars: shape.num_vars,
                max: crate::MAX_NUM_VARS,
            });
        }
    }
    let depth = check_shapes(&shapes)?;
    let _span = tracing::debug_span!("grand_product::prove", trees = trees.len(), depth).entered();

    let mut states: Vec<TreeState> = trees.into_iter().map(TreeState::build).collect();
    let products: Vec<Fr> = states.iter_mut().map(TreeState::take_root).collect();
    absorb_statement(&shapes, &products, transcript);

    let mut claims = products.clone();
    let mut leaves: Vec<Option<LeafClaim>> = vec![None; shapes.len()];
    let mut point: Vec<Fr> = Vec::new();
    let mut layers = Vec::with_capacity(depth);
    for layer in 0..depth {
        let members = layer_members(&shapes, layer);
        let children: Vec<Vec<MultilinearPolynomial>> = members
            .iter()
            .map(|(k, role)| states[*k].take_children(*role))
            .collect();
        let (sumcheck, r, child_evals): (SumcheckProof, Vec<Fr>, Vec<Fr>) = if layer == 0 {
            // No variables: the children are the two entries themselves.
            let evals = children.iter().flatten().map(|p| p.get(0)).collect();
            (empty_sumcheck(), Vec::new(), evals)
        } else {
            let mut instances: Vec<Box<dyn SumcheckInstance>> = members
                .iter()
                .zip(children)
                .map(|((k, role), polys)| layer_instance(*role, &point, polys, claims[*k]))
                .collect();
            let (proof, r) = {
                let mut refs: Vec<&mut dyn SumcheckInstance> = instances
                    .iter_mut()
                    .map(|b| &mut **b as &mut dyn SumcheckInstance)
                    .collect();
                sumcheck::prove_batched(&mut refs, transcript)?
            };
            let evals = instances
                .iter()
                .flat_map(|i| i.final_evaluations())
                .collect();
            (proof, r, evals)
        };
        point = fold_layer(
            &shapes,
            layer,
            &child_evals,
            &r,
            &mut claims,
            &mut leaves,
            transcript,
        );
        layers.push(LayerProof {
            sumcheck,
            child_evals,
        });
    }

    let proof = GrandProductProof {
        products: products.clone(),
        layers,
    };
    let claims = GrandProductClaims {
        products,
        leaves: collect_leaves(leaves),
    };
    Ok((proof, claims))
}

fn empty_sumcheck() -> SumcheckProof {
    SumcheckProof {
        round_polynomials: Vec::new(),
    }
}

/// The sum-check of one tree at one layer: $\sum_x eq(z, x) \cdot$ (the role's combination).
fn layer_instance(
    role: LayerRole,
    point: &[Fr],
    polys: Vec<MultilinearPolynomial>,
    claim: Fr,
) -> Box<dyn SumcheckInstance> {
    match role {
        LayerRole::Product => Box::new(EqCombinationSumcheck::new(
            point.to_vec(),
            polys,
            2,
            |v: &[Fr]| v[0] * v[1],
            claim,
        )),
        LayerRole::ToggledLeaves => Box::new(EqCombinationSumcheck::new(
            point.to_vec(),
            polys,
            4,
            |v: &[Fr]| toggle(v[0], v[1]) * toggle(v[2], v[3]),
            claim,
        )),
    }
}

/// One tree's levels not yet consumed by the top-down pass.
struct TreeState {
    /// Bottom-up: `levels[0]` is the lowest level still needed, the last entry the next one to
    /// prove from. For a dense tree `levels[0]` is the leaves; for a toggled tree level 1.
    levels: Vec<Vec<Fr>>,
    /// A toggled tree's flags and fingerprints, until its leaf layer.
    toggled: Option<(CompactPolynomial<bool>, Vec<Fr>)>,
}

impl TreeState {
    fn build(tree: ProductTree) -> Self {
        let (first, toggled) = match tree {
            ProductTree::Dense(leaves) => (leaves, None),
            ProductTree::Toggled {
                flags,
                fingerprints,
            } => (
                toggled_level(&flags, &fingerprints),
                Some((flags, fingerprints)),
            ),
        };
        let mut levels = vec![first];
        while let Some(top) = levels.last().filter(|l| l.len() > 1) {
            let next = product_level(top);
            levels.push(next);
        }
        Self { levels, toggled }
    }

    fn take_root(&mut self) -> Fr {
        let root = self.levels.pop().expect("a built tree has a root");
        root[0]
    }

    /// The child polynomials for the next layer: $[L, R]$ or $[f_L, h_L, f_R, h_R]$.
    fn take_children(&mut self, role: LayerRole) -> Vec<MultilinearPolynomial> {
        match role {
            LayerRole::Product => {
                let mut left = self
                    .levels
                    .pop()
                    .expect("a product layer has a level below");
                let right = left.split_off(left.len() / 2);
                vec![
                    DensePolynomial::new(left).into(),
                    DensePolynomial::new(right).into(),
                ]
            }
            LayerRole::ToggledLeaves => {
                let (flags, mut h_left) = self.toggled.take().expect("toggled leaves are kept");
                let half = h_left.len() / 2;
                let h_right = h_left.split_off(half);
                let (f_left, f_right) = flags.coeffs().split_at(half);
                vec![
                    CompactPolynomial::new(f_left.to_vec()).into(),
                    DensePolynomial::new(h_left).into(),
                    CompactPolynomial::new(f_right.to_vec()).into(),
                    DensePolynomial::new(h_right).into(),
                ]
            }
        }
    }
}

/// `out[i] = input[i] · input[i + half]`. (Skipping multiplications by one was measured and
/// did not pay: see the module docs.)
fn product_level(input: &[Fr]) -> Vec<Fr> {
    let (lo, hi) = input.split_at(input.len() / 2);
    collect(lo.len(), |i| lo[i] * hi[i])
}

/// Level 1 of a toggled tree straight from flags and fingerprints: a multiplication only where
/// both children are flagged.
fn toggled_level(flags: &CompactPolynomial<bool>, fingerprints: &[Fr]) -> Vec<Fr> {
    let half = fingerprints.len() / 2;
    let (f_lo, f_hi) = flags.coeffs().split_at(half);
    let (h_lo, h_hi) = fingerprints.split_at(half);
    collect(half, |i| match (f_lo[i], f_hi[i]) {
        (true, true) => h_lo[i] * h_hi[i],
        (true, false) => h_lo[i],
        (false, true) => h_hi[i],
        (false, false) => Fr::ONE,
    })
}
