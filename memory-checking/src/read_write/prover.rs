//! The read-write prover.

use ark_ff::AdditiveGroup;
use math::sumcheck::{self, SumcheckInstance};
use math::{EqCombinationSumcheck, Fr, Transcript};

use super::verifier::{absorb_openings, claims};
use super::{Dims, ReadWriteOpenings, ReadWriteProof, ReadWriteWitness, label};
use crate::error::check_length;
use crate::fingerprint::{AddressColumn, FingerprintChallenges};
use crate::grand_product::{self, ProductTree};
use crate::read_only::{ReadOnlyMemory, memory_openings, memory_trees};
use crate::{MemoryCheckingError, MemoryId, OpeningClaim, PolyKind};

/// Proves the memory consistent, the timestamps ordered and the I/O region equal to the public
/// I/O; returns the proof with the opening claims (the same list as [`verify`](super::verify)).
///
/// The caller must have committed to every committed column of the [module table](super) and
/// appended the commitments to `transcript`.
pub fn prove(
    witness: &ReadWriteWitness<'_>,
    transcript: &mut Transcript,
) -> Result<(ReadWriteProof, Vec<OpeningClaim>), MemoryCheckingError> {
    let dims = witness.dims()?;
    let _span = tracing::debug_span!("read_write::prove", log_ops = dims.log_ops).entered();
    dims.absorb(transcript);
    let challenges = FingerprintChallenges::sample(transcript);

    let w = witness;
    let ops = AddressColumn::Poly(w.addresses);
    let space = AddressColumn::Identity {
        num_vars: dims.log_memory,
    };
    let mut trees = vec![
        ProductTree::Dense(challenges.fingerprints(
            ops,
            &[w.read_values, w.access_tags],
            Some(w.read_timestamps),
        )),
        ProductTree::Dense(challenges.fingerprints(
            ops,
            &[w.write_values, w.access_tags],
            Some(w.write_timestamps),
        )),
        ProductTree::Dense(challenges.fingerprints(space, &[w.init_values, w.space_tags], None)),
        ProductTree::Dense(challenges.fingerprints(
            space,
            &[w.final_values, w.space_tags],
            Some(w.final_timestamps),
        )),
    ];
    let range_memories = witness.range_memories();
    for memory in &range_memories {
        trees.extend(memory_trees(memory, &challenges));
    }
    let (grand_product, gp) = grand_product::prove(trees, transcript)?;

    let (r, r_memory) = (&gp.leaves[0].point, &gp.leaves[2].point);
    let openings = ReadWriteOpenings {
        address: w.addresses.evaluate(r),
        read_value: w.read_values.evaluate(r),
        read_timestamp: w.read_timestamps.evaluate(r),
        write_value: w.write_values.evaluate(r),
        access_tag: w.access_tags.evaluate(r),
        final_value: w.final_values.evaluate(r_memory),
        final_timestamp: w.final_timestamps.evaluate(r_memory),
        init_value: w.init_values.evaluate(r_memory),
    };
    let range_openings: Vec<_> = range_memories
        .iter()
        .zip(gp.leaves[4..].chunks_exact(4))
        .map(|(m, leaves)| memory_openings(m, &leaves[0].point, &leaves[2].point))
        .collect();
    absorb_openings(&openings, &range_openings, transcript);

    // Output check: Σ_k eq(r_out, k)·io(k)·(v_fin(k) − v_io(k)) = 0.
    let r_out = transcript.challenge_vector(label::OUTPUT_POINT, dims.log_memory);
    let mut output = EqCombinationSumcheck::new(
        r_out,
        vec![
            w.io_mask.clone(),
            w.final_values.clone(),
            w.io_values.clone(),
        ],
        2,
        |v: &[Fr]| v[0] * (v[1] - v[2]),
        Fr::ZERO,
    );
    let (output_sumcheck, r_output) = sumcheck::prove(&mut output, transcript)?;
    let output_final_value = output.final_evaluations()[1];
    transcript.append_scalar(label::OUTPUT_FINAL_VALUE, &output_final_value);

    let claims = claims(
        w.init_committed,
        &gp.leaves,
        &openings,
        &range_openings,
        &r_output,
        output_final_value,
    );
    let proof = ReadWriteProof {
        grand_product,
        openings,
        range_openings,
        output_sumcheck,
        output_final_value,
    };
    Ok((proof, claims))
}

impl ReadWriteWitness<'_> {
    /// The sizes, after checking every column has the length they imply.
    fn dims(&self) -> Result<Dims, MemoryCheckingError> {
        let (n, k) = (self.addresses.len(), self.final_values.len());
        let dims = Dims {
            log_ops: n.trailing_zeros() as usize,
            log_memory: k.trailing_zeros() as usize,
            timestamp_bits: self.timestamp_bits,
        };
        dims.check()?;
        let length = |kind, expected, got| check_length(MemoryId::ReadWrite, kind, expected, got);
        length(PolyKind::ReadValue, n, self.read_values.len())?;
        length(PolyKind::ReadTimestamp, n, self.read_timestamps.len())?;
        length(PolyKind::WriteValue, n, self.write_values.len())?;
        length(PolyKind::ReadTimestamp, n, self.write_timestamps.len())?;
        length(PolyKind::Tag, n, self.access_tags.len())?;
        for column in [
            self.init_values,
            self.space_tags,
            self.final_timestamps,
            self.io_mask,
            self.io_values,
        ] {
            length(PolyKind::FinalValue, k, column.len())?;
        }
        let l = dims.num_chunks();
        for (what, got) in [
            (PolyKind::Address, self.range.chunks.len()),
            (PolyKind::ReadTimestamp, self.range.read_counts.len()),
            (PolyKind::FinalTimestamp, self.range.final_counts.len()),
        ] {
            if got != l {
                return Err(MemoryCheckingError::WitnessLength {
                    memory: MemoryId::RangeChunk(got.min(l)),
                    kind: what,
                    expected: l,
                    got,
                });
            }
        }
        let expected = dims.range_memory();
        for (j, memory) in self.range_memories().iter().enumerate() {
            let id = MemoryId::RangeChunk(j);
            let got = memory.dims(id)?;
            check_length(
                id,
                PolyKind::Address,
                1 << expected.log_reads,
                1 << got.log_reads,
            )?;
            let size = 1 << got.log_size;
            check_length(id, PolyKind::FinalTimestamp, 1 << expected.log_size, size)?;
        }
        Ok(dims)
    }

    /// Each range chunk as a read-only memory with no value column.
    fn range_memories(&self) -> Vec<ReadOnlyMemory<'_>> {
        self.range
            .chunks
            .iter()
            .zip(&self.range.read_counts)
            .zip(&self.range.final_counts)
            .map(|((chunk, reads), finals)| ReadOnlyMemory {
                addresses: chunk,
                values: Vec::new(),
                read_timestamps: reads,
                final_timestamps: finals,
                flags: None,
                table: Vec::new(),
            })
            .collect()
    }
}
