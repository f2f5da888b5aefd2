//! `math`: the foundation every layer of the zkVM stands on.
//!
//! It owns the scalar field, multilinear polynomials with one agreed variable order, the
//! Fiat–Shamir transcript and the (batched) sum-check protocol. Nothing here knows about
//! RISC-V, commitments or memory; those crates build on this one (DESIGN.md §1).
//!
//! # Relation proved
//! [`sumcheck`] proves $C = \sum_{x \in \{0,1\}^n} g(x)$ for a polynomial $g$ of bounded
//! degree given as a combination of multilinear polynomials, and reduces it to one evaluation
//! $g(r) = v$ that the caller discharges (usually with a polynomial commitment opening).
//!
//! # Modules
//! | module | owns |
//! |---|---|
//! | [`field`] | [`Fr`] (BN254 scalar field), cheap small-integer conversions ([`FieldExt`], [`SmallValue`]) |
//! | [`poly`] | dense and compact multilinear polynomials, eq, identity, univariate; **the variable order** |
//! | [`transcript`] | [`Transcript`], a labelled wrapper over merlin |
//! | [`sumcheck`] | prover (any [`SumcheckInstance`]), verifier, batching, proofs |
//!
//! # Conventions (identical in every crate)
//! - Field: [`Fr`] `= ark_bn254::Fr`, used directly.
//! - Variable order: index bit $n-1-j$ is variable $x_j$ (**$x_0$ is the most significant
//!   bit**); binding fixes $x_0$ first; sum-check challenges are the evaluation point in order.
//!   See [`poly`].
//! - Transcript: labels are `&'static [u8]` constants; every prover message is appended before
//!   any challenge that depends on it. See [`transcript`].
//!
//! # Features
//! `parallel` (default) runs provers on rayon and forwards to arkworks. Verifiers never need
//! it: `default-features = false` builds without rayon. `transcript-replay` (off by default;
//! enabled only as a dev-dependency feature for tests) adds `transcript::replay`, which
//! records and replays transcript challenges for frozen-challenge tests.
//!
//! # References
//! - Thaler, *Proofs, Arguments, and Zero-Knowledge*, §3.5 (multilinear extensions), §4.1
//!   (sum-check).
//! - Gruen, *Some Improvements for the PIOP for ZeroCheck*, ePrint 2024/108, §3 (factoring eq).
//! - Dao, Thaler, *More Optimizations to Sum-Check Proving*, ePrint 2024/1210 (split eq tables).
//! - Setty, Thaler, Wahby, *Unlocking the lookup singularity with Lasso*, ePrint 2023/1216, §2.

pub mod field;
pub mod parallel;
pub mod poly;
pub mod sumcheck;
pub mod transcript;

#[cfg(test)]
mod testing;

pub use field::{FieldExt, Fr, SmallValue};
pub use poly::{
    CompactPolynomial, CompressedUniPoly, DensePolynomial, EqPolynomial, IdentityPolynomial,
    MultilinearPolynomial, UniPoly,
};
pub use sumcheck::{
    CombinationSumcheck, EqCombinationSumcheck, SumcheckError, SumcheckInstance, SumcheckProof,
    SumcheckReduction, SumcheckStatement,
};
pub use transcript::Transcript;
