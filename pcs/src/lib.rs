//! `pcs`: multilinear polynomial commitment schemes over BN254.
//!
//! To be filled by the PCS issue. This crate will own:
//! - the `CommitmentScheme` trait: setup sized by the largest polynomial shape, commit (with a
//!   fast path for compact small-valued polynomials from `math`), prove/verify an opening, and
//!   batched openings of many polynomials at one point (coefficients drawn from the transcript
//!   after every claim and commitment is absorbed);
//! - Hyrax (transparent Pedersen row commitments, generators from a seed);
//! - Zeromorph over a KZG SRS (seeded development SRS — insecure for production — or loaded from
//!   a file);
//! - a small-scalar MSM, the prover's biggest single optimisation (DESIGN.md §7).
//!
//! Depends on `math` only; never on `memory-checking` or `instruction-tables`.
