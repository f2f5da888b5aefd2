//! `memory-checking`: fingerprints, batched GKR grand products, read-only and read-write
//! offline memory checking (DESIGN.md §5).
//!
//! # Relations proved
//! - [`grand_product`]: $P_k = \prod_i \ell_k(i)$ for many trees at once (leaves dense or
//!   toggled $f h + 1 - f$), reduced to one leaf claim per tree.
//! - [`read_only`]: every (flagged) read of every memory returns the table's row — the bytecode
//!   and Lasso's subtable memories. $Init \cdot Write = Read \cdot Final$ per memory.
//! - [`read_write`]: registers, RAM and I/O in one address space behave like memory: multiset
//!   equality, every read timestamp strictly earlier than its write (16-bit range lookups), and
//!   final memory equal to the public I/O on the I/O region (zero-check).
//!
//! # Modules
//! | module | owns |
//! |---|---|
//! | [`fingerprint`] | $h(a, v, t) = a + \gamma v_1 + \dots + \gamma^k v_k + \gamma^{k+1} t - \tau$, from compact columns |
//! | [`grand_product`] | batched layered GKR: one batched sum-check per layer for all trees |
//! | [`read_only`] | read-only checking, batched over memories, optional toggles, multi-value rows |
//! | [`read_write`] | read-write checking, timestamp range check, output check, the timestamp scheme |
//! | [`claims`] | [`OpeningClaim`], [`PolyId`]: what comes back for the caller's accumulator |
//!
//! # Interface and obligations
//! The crate chooses no PCS and commits nothing. The caller commits to the witness columns
//! (tables in each module's docs say which are committed and which the verifier evaluates
//! itself), appends the commitments to the transcript, then calls `prove`/`verify`; `prove`
//! samples $\gamma, \tau$ itself. Both return the same `Vec<`[`OpeningClaim`]`>` (polynomial id,
//! point, value), ready for one opening accumulator. Verifier-side virtual polynomials — init
//! values, table MLEs, write timestamps, the I/O mask and values — are caller closures, so
//! jolt-core evaluates e.g. $\tilde t^w(r) = 4\,\widetilde{id}(r_{cycle}) + j + 1$ itself.
//! Verifiers take every size from their own statement, check every proof length before use,
//! and return [`MemoryCheckingError`] (never panic on proof contents).
//!
//! # Conventions
//! `math`'s everywhere: $x_0$ is the most significant index bit, binding fixes $x_0$ first,
//! sum-check challenges are the point in order; labels are `&'static [u8]` constants next to
//! each protocol; every prover message is absorbed before a challenge depending on it.
//!
//! # Measured (2-core machine, shared; `cargo bench -p benches --bench memory_checking`)
//! | | prove | verify | proof |
//! |---|---|---|---|
//! | grand product $2^{20}$ dense / toggled (90% flags 0) | 111 ms / 182 ms | 0.58 ms | 21.4 KB / 22.7 KB |
//! | grand product $2^{22}$ dense / toggled | 454 ms / 791 ms | 0.69 ms | 25.8 KB / 27.2 KB |
//! | read-write, $2^{20}$ ops, $2^{16}$ addresses, 2 range chunks | 1.01 s | 2.9 ms | 36.4 KB |
//!
//! # Features
//! `parallel` (default) runs provers on rayon (through `math/parallel`); the verifier path
//! builds without it (`--no-default-features`).
//!
//! # References
//! - Thaler, *Proofs, Arguments, and Zero-Knowledge*, §4.6 (GKR, offline memory checking).
//! - Setty, Lee, *Quarks*, ePrint 2020/1275 (grand products).
//! - Setty, Thaler, Wahby, *Lasso*, ePrint 2023/1216 (read-only memory checking, toggles).
//! - Arun, Setty, Thaler, *Jolt*, ePrint 2023/1217 (registers, RAM, timestamps, I/O).
//! - Blum, Evans, Gemmell, Kannan, Naor, *Checking the correctness of memories*, FOCS 1991.

pub mod claims;
mod error;
pub mod fingerprint;
pub mod grand_product;
pub mod read_only;
pub mod read_write;

#[cfg(test)]
mod testing;

pub use claims::{MemoryId, OpeningClaim, PolyId, PolyKind};
pub use error::{MemoryCheckingError, TreeRole};
pub use fingerprint::{AddressColumn, FingerprintChallenges};

/// Largest number of variables of any memory or tree ($2^{40}$ entries is far beyond any trace).
pub const MAX_NUM_VARS: usize = 40;
