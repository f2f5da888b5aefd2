//! Batched layered GKR grand products (Thaler §4.6; Setty–Lee "Quarks" ePrint 2020/1275;
//! Lasso ePrint 2023/1216).
//!
//! # Relation
//! For trees $k = 0..K$, each with $2^{n_k}$ leaves $\ell_k$, the prover claims the products
//! $P_k = \prod_i \ell_k(i)$. The verifier is convinced of all $P_k$ and is left with **one leaf
//! claim per tree**: $\tilde\ell_k(z) = v_k$ at a random point $z$ (shared by all trees of the same
//! depth), which the caller discharges (fingerprint openings, or its own evaluation).
//!
//! A **toggled** tree has leaves $\ell(i) = f_i h_i + 1 - f_i$ for a flag column $f$ and a
//! fingerprint column $h$: steps with $f_i = 0$ contribute 1. $\ell$ is not multilinear in
//! $(f, h)$ jointly, so its leaf claim is never about $\tilde\ell$: the last layer's sum-check runs
//! over $f$ and $h$ themselves and the tree's leaf claim is the pair $(\tilde f(z), \tilde h(z))$.
//!
//! # Layers
//! Level $j$ of a tree of depth $n$ has $2^{n-j}$ nodes; level 0 holds the leaves and node $i$ of
//! level $j+1$ is `level_j[i] · level_j[i + half]`: the **first** variable $x_0$ (most significant
//! bit, `math`'s order) selects the left or right child. Layer $m$ of the protocol (from the root,
//! $m = 0, 1, \dots$) proves the $2^m$-node level from the $2^{m+1}$-node level below it:
//! $$ \tilde V_m(z_m) = \sum_{x \in \{0,1\}^m} \widetilde{eq}(z_m, x)\, \tilde V_{m+1}(0, x)\, \tilde V_{m+1}(1, x) $$
//! (degree 3 per variable), or for a toggled tree's last layer
//! $$ \tilde V_m(z_m) = \sum_x \widetilde{eq}(z_m, x)\, T(\tilde f(0,x), \tilde h(0,x))\, T(\tilde f(1,x), \tilde h(1,x)),
//!    \quad T(f, h) = f(h - 1) + 1 $$
//! (degree 5). All trees with $n_k > m$ run layer $m$ in **one** batched sum-check
//! ([`math::sumcheck::prove_batched`]: claims absorbed, then one random linear combination).
//! The sum-check ends at a point $r$; the prover sends each tree's child evaluations
//! $L_k = \tilde V_{m+1}(0, r)$, $R_k = \tilde V_{m+1}(1, r)$ (for a toggled leaf layer
//! $\tilde f, \tilde h$ at $(0, r)$ and $(1, r)$); the verifier checks the sum-check's final value
//! against $\sum_k \alpha_k \widetilde{eq}(z_m, r) L_k R_k$, draws $\rho$ and continues with
//! $z_{m+1} = (\rho, r)$ and claims $L_k + \rho (R_k - L_k)$. Layer 0 has no variables: the
//! verifier checks $P_k = L_k R_k$ directly. A tree of depth $n_k$ leaves the batch after layer
//! $n_k - 1$ with its leaf claim at $z_{n_k}$.
//!
//! Proof size: layer $m$ costs $3m$ (or $5m$) scalars of sum-check plus 2 (or 4) per tree, so
//! $O(n^2)$ scalars in total for depth $n$ — $O(\log^2)$ in the number of leaves.
//!
//! # Transcript schedule
//! 1. `append_u64(NUM_TREES)`, for each tree `append_u64(TREE_VARS, n_k)`,
//!    `append_u64(TREE_TOGGLED, 0|1)`;
//! 2. `append_scalars(PRODUCTS, [P_k])` — every output before any challenge;
//! 3. for each layer $m = 0 \dots \max_k n_k - 1$: the batched sum-check (for $m \ge 1$, its own
//!    schedule: claims, batching coefficient, rounds), `append_scalars(CHILD_EVALS, …)`, then
//!    $\rho$ = `challenge_scalar(FOLD)`.
//!
//! # Sparse toggles (measured)
//! With most flags 0, most toggled leaves are 1. Level 1 of a toggled tree is built from the
//! flags by selection ($T(f, h)$ is $h$ or 1: a multiplication only where both children are
//! flagged) because that is also the simplest code. Beyond that, measured on 2 cores with 90% of
//! flags 0 (`cargo bench -p benches --bench memory_checking`), nothing sparse paid:
//! - skipping multiplications by 1 in the higher levels of the tree (a compare per node) left
//!   the toggled $2^{20}$ prover unchanged within noise (172 ms plain vs 182 ms skipping) and cost
//!   dense trees a branch, so it was removed: building the tree is $< 10\%$ of proving;
//! - the cost is the leaf layer's degree-5 sum-check over $(f_L, h_L, f_R, h_R)$: a toggled tree
//!   proves in $\approx 1.6\times$ the time of a dense one of the same size (182 ms vs 111 ms
//!   at $2^{20}$). A sparse leaf layer (skip pairs whose four flags are 0 in the first round, 81%
//!   of them at 90% zeros; later rounds are dense after binding) could recover part of that
//!   first round, which is about half of the leaf layer. **Not done**: it needs its own
//!   sum-check instance instead of `math`'s [`EqCombinationSumcheck`](math::EqCombinationSumcheck).
//!
//! # Symbols
//! | paper | identifier |
//! |---|---|
//! | $\ell_k$ | [`ProductTree`] |
//! | $n_k$ | [`TreeShape::num_vars`] |
//! | $P_k$ | [`GrandProductProof::products`] |
//! | $L_k, R_k$ | [`LayerProof::child_evals`] |
//! | $z_{n_k}$, $v_k$ | [`LeafClaim::point`], [`LeafClaim::value`] |
//! | $f, h$ | [`ProductTree::Toggled`] `flags`, `fingerprints` |

mod proof;
mod prover;
mod verifier;

#[cfg(test)]
mod tests;

use ark_ff::Field;
use math::{CompactPolynomial, Fr, Transcript};

pub use proof::{GrandProductProof, LayerProof};
pub use prover::prove;
pub(crate) use verifier::shape_check;
pub use verifier::verify;

use crate::{MAX_NUM_VARS, MemoryCheckingError};

/// Transcript labels.
mod label {
    pub(super) const NUM_TREES: &[u8] = b"grand_product_num_trees";
    pub(super) const TREE_VARS: &[u8] = b"grand_product_tree_vars";
    pub(super) const TREE_TOGGLED: &[u8] = b"grand_product_tree_toggled";
    pub(super) const PRODUCTS: &[u8] = b"grand_product_products";
    pub(super) const CHILD_EVALS: &[u8] = b"grand_product_child_evals";
    pub(super) const FOLD: &[u8] = b"grand_product_fold";
}

/// The prover's leaves of one tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProductTree {
    /// Leaves given directly ($2^n$ of them).
    Dense(Vec<Fr>),
    /// Leaves $f_i h_i + 1 - f_i$.
    Toggled {
        /// $f$, the step flags.
        flags: CompactPolynomial<bool>,
        /// $h$, the fingerprints (same length as `flags`).
        fingerprints: Vec<Fr>,
    },
}

impl ProductTree {
    /// The tree's shape (what the verifier must know on its own).
    pub fn shape(&self) -> TreeShape {
        match self {
            ProductTree::Dense(leaves) => TreeShape {
                num_vars: leaves.len().trailing_zeros() as usize,
                toggled: false,
            },
            ProductTree::Toggled { flags, .. } => TreeShape {
                num_vars: flags.num_vars(),
                toggled: true,
            },
        }
    }

    /// Number of leaves.
    pub fn len(&self) -> usize {
        match self {
            ProductTree::Dense(leaves) => leaves.len(),
            ProductTree::Toggled { flags, .. } => flags.len(),
        }
    }

    /// Whether the tree has no leaves (never valid input).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the verifier knows about one tree, from its own statement (never from the proof).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeShape {
    /// $n$: the tree has $2^n$ leaves, $1 \le n \le$ [`MAX_NUM_VARS`].
    pub num_vars: usize,
    /// Whether the leaves are toggled.
    pub toggled: bool,
}

/// A tree's leaf claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeafValue {
    /// $\tilde\ell(z)$.
    Dense(Fr),
    /// $\tilde f(z)$ and $\tilde h(z)$ of a toggled tree.
    Toggled {
        /// $\tilde f(z)$.
        flag: Fr,
        /// $\tilde h(z)$.
        fingerprint: Fr,
    },
}

/// A tree's leaf claim at the point its last layer reduced to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafClaim {
    /// $z$, with $n_k$ coordinates in `math`'s order.
    pub point: Vec<Fr>,
    /// The claimed evaluation(s).
    pub value: LeafValue,
}

/// Everything a grand-product proof leaves to its caller.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "the products must be related and the leaf claims discharged"]
pub struct GrandProductClaims {
    /// $P_k$ per tree (absorbed before any challenge).
    pub products: Vec<Fr>,
    /// One leaf claim per tree, in input order.
    pub leaves: Vec<LeafClaim>,
}

/// How a tree takes part in layer $m$.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LayerRole {
    /// Children are nodes (or dense leaves): evaluations $L, R$; degree 3.
    Product,
    /// Children are toggled leaves: evaluations $f_L, h_L, f_R, h_R$; degree 5.
    ToggledLeaves,
}

impl LayerRole {
    /// Child evaluations the prover sends.
    fn num_evals(self) -> usize {
        match self {
            LayerRole::Product => 2,
            LayerRole::ToggledLeaves => 4,
        }
    }

    /// Degree per variable of the layer's summand (eq included).
    fn degree(self) -> usize {
        match self {
            LayerRole::Product => 3,
            LayerRole::ToggledLeaves => 5,
        }
    }

    /// The parent value from the child evaluations (`evals.len() == num_evals()`).
    fn combine(self, evals: &[Fr]) -> Fr {
        match self {
            LayerRole::Product => evals[0] * evals[1],
            LayerRole::ToggledLeaves => toggle(evals[0], evals[1]) * toggle(evals[2], evals[3]),
        }
    }
}

/// $T(f, h) = f(h - 1) + 1$: $h$ when $f = 1$, $1$ when $f = 0$.
#[inline(always)]
fn toggle(flag: Fr, fingerprint: Fr) -> Fr {
    flag * (fingerprint - Fr::ONE) + Fr::ONE
}

/// The trees taking part in layer `layer`, with their role, in input order.
fn layer_members(shapes: &[TreeShape], layer: usize) -> Vec<(usize, LayerRole)> {
    shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.num_vars > layer)
        .map(|(k, s)| {
            let role = if s.toggled && s.num_vars == layer + 1 {
                LayerRole::ToggledLeaves
            } else {
                LayerRole::Product
            };
            (k, role)
        })
        .collect()
}

/// Checks the batch is non-empty and every depth supported; returns the largest depth.
fn check_shapes(shapes: &[TreeShape]) -> Result<usize, MemoryCheckingError> {
    if shapes.is_empty() {
        return Err(MemoryCheckingError::NoMemories);
    }
    for (tree, s) in shapes.iter().enumerate() {
        if s.num_vars == 0 || s.num_vars > MAX_NUM_VARS {
            return Err(MemoryCheckingError::TreeSize {
                tree,
                num_vars: s.num_vars,
                max: MAX_NUM_VARS,
            });
        }
    }
    Ok(shapes
        .iter()
        .map(|s| s.num_vars)
        .max()
        .expect("shapes is non-empty"))
}

/// Absorbs the shapes and the products (schedule steps 1–2).
fn absorb_statement(shapes: &[TreeShape], products: &[Fr], transcript: &mut Transcript) {
    transcript.append_u64(label::NUM_TREES, shapes.len() as u64);
    for s in shapes {
        transcript.append_u64(label::TREE_VARS, s.num_vars as u64);
        transcript.append_u64(label::TREE_TOGGLED, u64::from(s.toggled));
    }
    transcript.append_scalars(label::PRODUCTS, products);
}

/// Absorbs layer `layer`'s child evaluations, draws $\rho$, folds every member's evaluations into
/// its next claim (or its leaf claim, for trees whose leaves this layer reached) and returns
/// $z_{m+1} = (\rho, r)$. Shared by prover and verifier, so both fold identically.
fn fold_layer(
    shapes: &[TreeShape],
    layer: usize,
    child_evals: &[Fr],
    r: &[Fr],
    claims: &mut [Fr],
    leaves: &mut [Option<LeafClaim>],
    transcript: &mut Transcript,
) -> Vec<Fr> {
    transcript.append_scalars(label::CHILD_EVALS, child_evals);
    let rho = transcript.challenge_scalar(label::FOLD);
    let mut point = Vec::with_capacity(r.len() + 1);
    point.push(rho);
    point.extend_from_slice(r);

    let fold = |l: Fr, r: Fr| l + rho * (r - l);
    let mut offset = 0;
    for (k, role) in layer_members(shapes, layer) {
        let evals = &child_evals[offset..offset + role.num_evals()];
        offset += role.num_evals();
        let value = match role {
            LayerRole::Product => {
                claims[k] = fold(evals[0], evals[1]);
                LeafValue::Dense(claims[k])
            }
            LayerRole::ToggledLeaves => LeafValue::Toggled {
                flag: fold(evals[0], evals[2]),
                fingerprint: fold(evals[1], evals[3]),
            },
        };
        if shapes[k].num_vars == layer + 1 {
            leaves[k] = Some(LeafClaim {
                point: point.clone(),
                value,
            });
        }
    }
    point
}

/// The per-tree leaf claims once every layer has run.
fn collect_leaves(leaves: Vec<Option<LeafClaim>>) -> Vec<LeafClaim> {
    leaves
        .into_iter()
        .map(|leaf| leaf.expect("every tree reaches its leaves within max-depth layers"))
        .collect()
}
