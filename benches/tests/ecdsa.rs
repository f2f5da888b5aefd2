//! The `ecdsa` workload computes what it claims: the guest (RustCrypto `k256`, RV32IM) accepts
//! the signature the host's `k256` made, and rejects it when one byte changes. Emulated only
//! (5.7 M instructions take a second); proving it is the continuations benchmark.

use std::path::PathBuf;

use benches::e2e::{Settings, Workload, ecdsa_vector, load};

#[test]
fn the_guest_verifies_what_k256_signed_and_rejects_a_forgery() {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let settings = Settings::standard(examples);
    let program = load(&settings, Workload::Ecdsa(1)).expect("builds the guest");
    let run = |input: &[u8]| {
        let outcome = tracer::run(&program, input, tracer::DEFAULT_MAX_CYCLES).expect("runs");
        let accepted: u32 = postcard::from_bytes(&outcome.output).expect("a u32");
        (accepted, outcome.cycles)
    };
    let (accepted, cycles) = run(&Workload::Ecdsa(1).input());
    assert_eq!(accepted, 1);
    assert!(cycles > 4_000_000, "{cycles} cycles");

    let (key, prehash, mut signature) = ecdsa_vector();
    signature[7] ^= 1;
    let forged = postcard::to_allocvec(&(key, prehash, signature, 1u32)).expect("encodes");
    assert_eq!(run(&forged).0, 0);
}
