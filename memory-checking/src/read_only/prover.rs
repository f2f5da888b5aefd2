//! The read-only prover: fingerprints, one batched grand product, openings.

use math::{Fr, Transcript};

use super::{ReadOnlyMemory, ReadOnlyOpenings, ReadOnlyProof, absorb_dims, label, memory_claims};
use crate::fingerprint::{AddressColumn, FingerprintChallenges, add_column};
use crate::grand_product::{self, ProductTree};
use crate::{MemoryCheckingError, MemoryId, OpeningClaim};
use math::parallel::fill_chunks;

/// Proves every memory's reads correct with one batched grand product and returns the proof
/// with the opening claims (the same list, in the same order, as [`verify`](super::verify)).
///
/// The caller must have committed to every column of the [module table](super) and appended
/// the commitments to `transcript`.
pub fn prove(
    memories: &[ReadOnlyMemory<'_>],
    transcript: &mut Transcript,
) -> Result<(ReadOnlyProof, Vec<OpeningClaim>), MemoryCheckingError> {
    if memories.is_empty() {
        return Err(MemoryCheckingError::NoMemories);
    }
    let dims = memories
        .iter()
        .enumerate()
        .map(|(i, m)| m.dims(MemoryId::ReadOnly(i)))
        .collect::<Result<Vec<_>, _>>()?;
    let _span = tracing::debug_span!("read_only::prove", memories = memories.len()).entered();
    absorb_dims(&dims, transcript);
    let challenges = FingerprintChallenges::sample(transcript);

    let trees = memories
        .iter()
        .flat_map(|m| memory_trees(m, &challenges))
        .collect();
    let (grand_product, gp_claims) = grand_product::prove(trees, transcript)?;

    let openings: Vec<ReadOnlyOpenings> = memories
        .iter()
        .zip(gp_claims.leaves.chunks_exact(4))
        .map(|(m, leaves)| memory_openings(m, &leaves[0].point, &leaves[2].point))
        .collect();
    let scalars: Vec<Fr> = openings.iter().flat_map(|o| o.scalars()).collect();
    transcript.append_scalars(label::OPENINGS, &scalars);

    let claims = openings
        .iter()
        .zip(gp_claims.leaves.chunks_exact(4))
        .enumerate()
        .flat_map(|(i, (o, leaves))| memory_claims(MemoryId::ReadOnly(i), leaves, o))
        .collect();
    let proof = ReadOnlyProof {
        grand_product,
        openings,
    };
    Ok((proof, claims))
}

/// The four product trees of one (validated) memory: read, write, init, final.
pub(crate) fn memory_trees(
    memory: &ReadOnlyMemory<'_>,
    challenges: &FingerprintChallenges,
) -> [ProductTree; 4] {
    let num_values = memory.values.len();
    let shift = challenges.timestamp_coefficient(num_values);
    let read = challenges.fingerprints(
        AddressColumn::Poly(memory.addresses),
        &memory.values,
        Some(memory.read_timestamps),
    );
    // Write tuples are read tuples with t + 1: h_write = h_read + γ^(k+1).
    let mut write = read.clone();
    fill_chunks(&mut write, |_, chunk| {
        chunk.iter_mut().for_each(|h| *h += shift);
    });
    let init = challenges.fingerprints(
        AddressColumn::Identity {
            num_vars: memory.final_timestamps.num_vars(),
        },
        &memory.table,
        None,
    );
    // Final tuples are init tuples with t = c: h_final = h_init + γ^(k+1)·c.
    let mut fin = init.clone();
    fill_chunks(&mut fin, |start, chunk| {
        add_column(chunk, start, memory.final_timestamps, shift);
    });
    let (read, write) = match memory.flags {
        Some(flags) => (
            ProductTree::Toggled {
                flags: flags.clone(),
                fingerprints: read,
            },
            ProductTree::Toggled {
                flags: flags.clone(),
                fingerprints: write,
            },
        ),
        None => (ProductTree::Dense(read), ProductTree::Dense(write)),
    };
    [
        read,
        write,
        ProductTree::Dense(init),
        ProductTree::Dense(fin),
    ]
}

/// The column evaluations of one memory at the read point and the table point.
pub(crate) fn memory_openings(
    memory: &ReadOnlyMemory<'_>,
    read_point: &[Fr],
    table_point: &[Fr],
) -> ReadOnlyOpenings {
    ReadOnlyOpenings {
        address: memory.addresses.evaluate(read_point),
        values: memory
            .values
            .iter()
            .map(|v| v.evaluate(read_point))
            .collect(),
        read_timestamp: memory.read_timestamps.evaluate(read_point),
        final_timestamp: memory.final_timestamps.evaluate(table_point),
    }
}
