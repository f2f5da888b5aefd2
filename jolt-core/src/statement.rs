//! The public statement and how it enters the transcript (step 1 of the schedule): a proof is
//! bound to one program (its digest), one input, one output, the panic and termination flags,
//! the exit code and the trace length, before any commitment or challenge.

use ark_serialize::CanonicalSerialize;
use math::Transcript;
use pcs::CommitmentScheme;

use crate::memory::PublicIo;
use crate::preprocessing::ProgramPreprocessing;

/// The transcript's domain separator.
pub const DOMAIN: &[u8] = b"jolt-rv32im-proof-v1";

/// Absorbs the statement.
pub fn absorb(t: &mut Transcript, shared: &ProgramPreprocessing, io: &PublicIo, log_cycles: usize) {
    t.append_bytes(b"program_digest", &shared.digest);
    t.append_bytes(b"input", &io.input);
    t.append_bytes(b"output", &io.output);
    t.append_u64(b"panicked", u64::from(io.panicked));
    t.append_u64(b"terminated", u64::from(io.terminated));
    t.append_u64(b"exit_code", u64::from(io.exit_code));
    t.append_u64(b"log_cycles", log_cycles as u64);
}

/// Absorbs every commitment (compressed encodings), in order.
pub fn absorb_commitments<C: CommitmentScheme>(t: &mut Transcript, commitments: &[C::Commitment]) {
    t.append_u64(b"num_commitments", commitments.len() as u64);
    let mut bytes = Vec::new();
    for c in commitments {
        bytes.clear();
        c.serialize_compressed(&mut bytes)
            .expect("serialising into a Vec cannot fail");
        t.append_bytes(b"commitment", &bytes);
    }
}
