//! Choosing the commitment scheme: [`Hyrax`] (the default: transparent, no setup file) or
//! [`Zeromorph`] (KZG-based: small proofs, needs a structured reference string).
//!
//! # ⚠ The development SRS is insecure
//! [`SrsSource::InsecureDev`] derives Zeromorph's secret $\tau$ from the public seed
//! [`DEV_SRS_SEED`]: anyone can forge Zeromorph proofs against it. It exists so examples and
//! tests run without a ceremony file. For anything that matters, load an SRS from a
//! powers-of-tau ceremony ([`SrsSource::File`]) — or use Hyrax, which needs no trust at all.

use std::path::{Path, PathBuf};

use jolt_core::pcs::{CommitmentScheme, Hyrax, KzgSrs, Zeromorph};
use jolt_core::preprocessing::ProgramPreprocessing;

use crate::error::HostError;
use crate::program::GuestProgram;

/// The seed of the **insecure** development SRS (see the module docs).
pub const DEV_SRS_SEED: u64 = 0x6a6f_6c74_2d64_6576; // "jolt-dev"

/// A commitment scheme the host can prove with, named at run time by [`PcsKind`].
pub trait HostPcs: CommitmentScheme<Params: Clone + std::fmt::Debug> {
    /// Its name in proof and key files.
    const KIND: PcsKind;
}

impl HostPcs for Hyrax {
    const KIND: PcsKind = PcsKind::Hyrax;
}

impl HostPcs for Zeromorph {
    const KIND: PcsKind = PcsKind::Zeromorph;
}

/// Which commitment scheme a proof uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PcsKind {
    /// Hyrax: transparent setup; large proofs (about 1 MB for small programs: one group
    /// element per commitment row), verifier does MSMs.
    #[default]
    Hyrax,
    /// Zeromorph over KZG: needs an SRS; proofs about 3× smaller, verifier does pairings.
    Zeromorph,
}

impl PcsKind {
    /// The tag stored in files.
    pub(crate) fn tag(self) -> u8 {
        match self {
            PcsKind::Hyrax => 1,
            PcsKind::Zeromorph => 2,
        }
    }

    pub(crate) fn from_tag(tag: u8) -> Option<Self> {
        match tag {
            1 => Some(PcsKind::Hyrax),
            2 => Some(PcsKind::Zeromorph),
            _ => None,
        }
    }

    /// The lower-case name (`hyrax`, `zeromorph`).
    pub fn name(self) -> &'static str {
        match self {
            PcsKind::Hyrax => "hyrax",
            PcsKind::Zeromorph => "zeromorph",
        }
    }
}

impl std::fmt::Display for PcsKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where Zeromorph's structured reference string comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SrsSource {
    /// A file written by [`KzgSrs::save`] (validated when loaded; it must be large enough).
    File(PathBuf),
    /// **Insecure**: powers of a $\tau$ derived from [`DEV_SRS_SEED`]. Anyone can forge
    /// proofs against it; for development and tests only.
    InsecureDev,
}

impl SrsSource {
    /// The SRS for proving or verifying `guest` with traces up to `2^max_log_cycles` cycles.
    ///
    /// The development SRS is sized exactly for the statement (prover and verifier derive the
    /// same one); a file SRS is used whole and must have at least that many powers.
    pub fn load(&self, guest: &GuestProgram, max_log_cycles: usize) -> Result<KzgSrs, HostError> {
        let needed = srs_size(guest, max_log_cycles)?;
        match self {
            SrsSource::InsecureDev => {
                tracing::warn!(
                    "using the INSECURE development SRS (public seed): Zeromorph proofs against \
                     it can be forged; load a ceremony SRS for real use"
                );
                Ok(KzgSrs::insecure_dev(DEV_SRS_SEED, needed))
            }
            SrsSource::File(path) => load_srs_file(path, needed),
        }
    }
}

fn load_srs_file(path: &Path, needed: usize) -> Result<KzgSrs, HostError> {
    let srs = KzgSrs::load(path).map_err(|e| HostError::Srs {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    if srs.num_g1_powers() < needed {
        return Err(HostError::Srs {
            path: path.to_path_buf(),
            reason: format!(
                "it has {} G1 powers but this program and trace bound need {needed}; use a \
                 larger SRS or a smaller max trace length",
                srs.num_g1_powers()
            ),
        });
    }
    Ok(srs)
}

/// The number of $\mathbb{G}_1$ powers Zeromorph needs for `guest` at this trace bound:
/// $2^n$ for the largest committed polynomial's $n$ variables.
pub fn srs_size(guest: &GuestProgram, max_log_cycles: usize) -> Result<usize, HostError> {
    let shared = ProgramPreprocessing::new(guest.program(), max_log_cycles)?;
    Ok(1usize << shared.max_num_vars())
}
