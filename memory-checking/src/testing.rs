//! Seeded inputs and an honest evaluation oracle shared by the unit tests.

use ark_std::UniformRand;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use math::{Fr, MultilinearPolynomial, Transcript};

use crate::{OpeningClaim, PolyId};

pub(crate) fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

pub(crate) fn random_scalars(n: usize, rng: &mut StdRng) -> Vec<Fr> {
    (0..n).map(|_| Fr::rand(rng)).collect()
}

pub(crate) fn transcript() -> Transcript {
    Transcript::new(b"memory-checking-test")
}

/// Discharges every claim by evaluating the actual witness polynomial at the claimed point
/// (an honest evaluation oracle: real values, never a mock). Returns the first false claim.
pub(crate) fn discharge_by_evaluation<'a>(
    claims: &[OpeningClaim],
    lookup: impl Fn(PolyId) -> &'a MultilinearPolynomial,
) -> Result<(), PolyId> {
    for claim in claims {
        if lookup(claim.poly).evaluate(&claim.point) != claim.value {
            return Err(claim.poly);
        }
    }
    Ok(())
}

/// Groups claims by point, keeping first-seen order: `(point, indices into claims)`.
fn group_by_point(claims: &[OpeningClaim]) -> Vec<(Vec<Fr>, Vec<usize>)> {
    let mut groups: Vec<(Vec<Fr>, Vec<usize>)> = Vec::new();
    for (i, c) in claims.iter().enumerate() {
        match groups.iter_mut().find(|(p, _)| *p == c.point) {
            Some((_, members)) => members.push(i),
            None => groups.push((c.point.clone(), vec![i])),
        }
    }
    groups
}

/// A real PCS round: Hyrax commitments to the committed polynomials, appended to both
/// transcripts before proving; the claims opened in one batch per point afterwards.
pub(crate) mod hyrax {
    use std::collections::BTreeMap;

    use math::{MultilinearPolynomial, Transcript};
    use pcs::{
        CommitmentScheme, Hyrax, HyraxCommitment, HyraxKey, HyraxParams, HyraxProof, encode,
    };

    use super::group_by_point;
    use crate::{OpeningClaim, PolyId};

    const COMMITMENT: &[u8] = b"test_commitment";

    pub(crate) struct Committed<'a> {
        pub(crate) key: HyraxKey,
        pub(crate) polys: BTreeMap<PolyId, &'a MultilinearPolynomial>,
        pub(crate) commitments: BTreeMap<PolyId, HyraxCommitment>,
    }

    /// Commits to every polynomial and appends the commitments (in `PolyId` order).
    pub(crate) fn commit<'a>(
        polys: BTreeMap<PolyId, &'a MultilinearPolynomial>,
        transcript: &mut Transcript,
    ) -> Committed<'a> {
        let max_vars = polys.values().map(|p| p.num_vars()).max().unwrap();
        let (key, _) = Hyrax::setup(&HyraxParams::default(), max_vars).unwrap();
        let commitments: BTreeMap<PolyId, HyraxCommitment> = polys
            .iter()
            .map(|(id, p)| (*id, Hyrax::commit(&key, p).unwrap()))
            .collect();
        absorb(&commitments, transcript);
        Committed {
            key,
            polys,
            commitments,
        }
    }

    /// What the verifier appends: the same commitments, in the same order.
    pub(crate) fn absorb(
        commitments: &BTreeMap<PolyId, HyraxCommitment>,
        transcript: &mut Transcript,
    ) {
        for c in commitments.values() {
            transcript.append_bytes(COMMITMENT, &encode(c));
        }
    }

    /// Opens every claim: one batched Hyrax proof per distinct point.
    pub(crate) fn open(
        committed: &Committed<'_>,
        claims: &[OpeningClaim],
        transcript: &mut Transcript,
    ) -> Vec<HyraxProof> {
        group_by_point(claims)
            .into_iter()
            .map(|(point, members)| {
                let polys: Vec<_> = members
                    .iter()
                    .map(|i| committed.polys[&claims[*i].poly])
                    .collect();
                let commitments: Vec<_> = members
                    .iter()
                    .map(|i| &committed.commitments[&claims[*i].poly])
                    .collect();
                let evals: Vec<_> = members.iter().map(|i| claims[*i].value).collect();
                Hyrax::batch_prove(
                    &committed.key,
                    &polys,
                    &commitments,
                    &point,
                    &evals,
                    transcript,
                )
                .unwrap()
            })
            .collect()
    }

    /// Checks every claim against the commitments with the opening proofs.
    pub(crate) fn check(
        key: &HyraxKey,
        commitments: &BTreeMap<PolyId, HyraxCommitment>,
        claims: &[OpeningClaim],
        proofs: &[HyraxProof],
        transcript: &mut Transcript,
    ) -> Result<(), pcs::PcsError> {
        let groups = group_by_point(claims);
        assert_eq!(groups.len(), proofs.len());
        for ((point, members), proof) in groups.into_iter().zip(proofs) {
            let cs: Vec<_> = members
                .iter()
                .map(|i| &commitments[&claims[*i].poly])
                .collect();
            let evals: Vec<_> = members.iter().map(|i| claims[*i].value).collect();
            Hyrax::batch_verify(key, &cs, &point, &evals, proof, transcript)?;
        }
        Ok(())
    }
}
