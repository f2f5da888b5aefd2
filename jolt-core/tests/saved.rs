//! Saved artefacts: preprocessing that round-trips through bytes (and refuses corrupt bytes
//! with a named error), and a golden proof — bytes checked into the repository that must keep
//! verifying, so an unintended change to the proof format, the transcript schedule or any
//! verifier check is caught in CI.
//!
//! Regenerate the golden proof only for an intended protocol change:
//! `JOLT_REGENERATE_GOLDEN=1 cargo test --release -p jolt-core --test saved golden`.

use std::path::PathBuf;
use std::sync::OnceLock;

use jolt_core::pcs::{Hyrax, HyraxParams, KzgSrs, Zeromorph};
use jolt_core::{
    JoltProof, PreprocessingError, ProverPreprocessing, PublicIo, VerifierPreprocessing,
    VerifyError,
};
use memory_checking::MemoryCheckingError;
use tracer::asm::*;
use tracer::{MemoryConfig, Opcode, Program};

fn config() -> MemoryConfig {
    MemoryConfig {
        memory_size: 1 << 16,
        stack_size: 8 << 10,
        max_input_size: 64,
        max_output_size: 64,
    }
}

/// Sums the data segment's three words in a loop and exits with the sum (6 + 7 + 29 = 42).
/// Built as an ELF with a data segment, so saving covers code and data.
fn program() -> Program {
    let mut code = Vec::new();
    let words = 10; // the code below, counted: the data sits on the page after it.
    code.extend(li(5, data_address(words)));
    code.extend(li(6, 3));
    code.extend(li(10, 0));
    code.push(i(Opcode::Lw, 7, 5, 0));
    code.push(r(Opcode::Add, 10, 10, 7));
    code.push(addi(5, 5, 4));
    code.push(addi(6, 6, -1));
    code.push(b(Opcode::Bne, 6, 0, -16));
    code.extend(li(17, tracer::SYS_EXIT));
    code.push(ecall());
    let code = assemble(&code).expect("assembles");
    assert_eq!(code.len(), words, "update `words`");
    let data: Vec<u8> = [6u32, 7, 29].iter().flat_map(|w| w.to_le_bytes()).collect();
    let elf = elf(&code, &data, &config()).expect("links");
    Program::from_elf_with_config(&elf, config()).expect("loads")
}

const MAX_LOG_CYCLES: usize = 6;

fn expected_io() -> PublicIo {
    PublicIo {
        input: Vec::new(),
        output: Vec::new(),
        panicked: false,
        terminated: false,
        exit_code: 42,
    }
}

type HyraxKeys = (ProverPreprocessing<Hyrax>, VerifierPreprocessing<Hyrax>);
type ZeromorphKeys = (
    ProverPreprocessing<Zeromorph>,
    VerifierPreprocessing<Zeromorph>,
);

fn hyrax_keys() -> &'static HyraxKeys {
    static KEYS: OnceLock<HyraxKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        jolt_core::preprocess::<Hyrax>(&program(), MAX_LOG_CYCLES, &HyraxParams::default())
            .expect("preprocesses")
    })
}

fn zeromorph_keys() -> &'static ZeromorphKeys {
    static KEYS: OnceLock<ZeromorphKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        // A fixed seed: the golden proof is checked against this SRS (insecure, for tests).
        let srs = KzgSrs::insecure_dev(0x601d, 1 << 19);
        jolt_core::preprocess::<Zeromorph>(&program(), MAX_LOG_CYCLES, &srs).expect("preprocesses")
    })
}

#[test]
fn preprocessing_round_trips_and_the_loaded_keys_prove_and_verify() {
    let (pp, vp) = hyrax_keys();
    let pp_bytes = pp.to_bytes();
    let vp_bytes = vp.to_bytes();
    let pp2 = ProverPreprocessing::<Hyrax>::from_bytes(&pp_bytes).expect("prover key loads");
    let vp2 = VerifierPreprocessing::<Hyrax>::from_bytes(&vp_bytes).expect("verifier key loads");
    assert_eq!(pp2.to_bytes(), pp_bytes, "prover preprocessing is stable");
    assert_eq!(vp2.to_bytes(), vp_bytes, "verifier preprocessing is stable");
    assert_eq!(pp2.program_digest(), pp.program_digest());
    assert_eq!(vp2.program_digest(), vp.program_digest());

    let (io, proof) = jolt_core::prove(&pp2, &[]).expect("proves with the loaded key");
    assert_eq!(io, expected_io());
    jolt_core::verify(&vp2, &io, &proof).expect("the loaded verifier key accepts");
    jolt_core::verify(vp, &io, &proof).expect("the original verifier key accepts");

    let (zpp, zvp) = zeromorph_keys();
    let zpp2 = ProverPreprocessing::<Zeromorph>::from_bytes(&zpp.to_bytes()).expect("loads");
    let zvp2 = VerifierPreprocessing::<Zeromorph>::from_bytes(&zvp.to_bytes()).expect("loads");
    let (io, proof) = jolt_core::prove(&zpp2, &[]).expect("proves with the loaded key");
    jolt_core::verify(&zvp2, &io, &proof).expect("the loaded verifier key accepts");
}

#[test]
fn corrupt_preprocessing_is_refused_with_a_named_error() {
    let (pp, vp) = hyrax_keys();
    let pp_bytes = pp.to_bytes();
    let vp_bytes = vp.to_bytes();

    // A prover file is not a verifier file, and neither is garbage.
    assert!(matches!(
        VerifierPreprocessing::<Hyrax>::from_bytes(&pp_bytes),
        Err(PreprocessingError::BadMagic { .. })
    ));
    assert!(matches!(
        ProverPreprocessing::<Hyrax>::from_bytes(b"not a key"),
        Err(PreprocessingError::BadMagic { .. })
    ));
    // Truncated and extended files.
    for len in [8, 9, 40, vp_bytes.len() / 2, vp_bytes.len() - 1] {
        assert!(
            matches!(
                VerifierPreprocessing::<Hyrax>::from_bytes(&vp_bytes[..len]),
                Err(PreprocessingError::Malformed(_))
            ),
            "truncated to {len} bytes"
        );
    }
    let mut longer = vp_bytes.clone();
    longer.push(0);
    assert!(matches!(
        VerifierPreprocessing::<Hyrax>::from_bytes(&longer),
        Err(PreprocessingError::Malformed(_))
    ));

    // The stored program is bound by the digest: change one code byte (an instruction
    // immediate: still a valid program) and the re-derived structure no longer matches.
    let text = &vp
        .program
        .segments()
        .iter()
        .find(|s| s.executable)
        .expect("has text")
        .data;
    let code_start = vp_bytes
        .windows(text.len())
        .position(|w| w == text.as_slice())
        .expect("the file holds the text");
    let mut edited = vp_bytes.clone();
    edited[code_start + 3] ^= 0x10; // the immediate of the first instruction (a `lui`)
    let result = VerifierPreprocessing::<Hyrax>::from_bytes(&edited);
    assert!(
        matches!(result, Err(PreprocessingError::DigestMismatch)),
        "{:?}",
        result.err()
    );
    // An invalid program (the entry point moved off the text) is named as such.
    let mut edited = vp_bytes;
    edited[8 + 16] ^= 0x02;
    assert!(matches!(
        VerifierPreprocessing::<Hyrax>::from_bytes(&edited),
        Err(PreprocessingError::Program(_))
    ));

    // Every single-bit corruption of the program part (everything before the key's bulk) is
    // an error or, where it only touches a bit outside the statement (the runtime flag),
    // loads the same structure — never a panic.
    for at in 0..code_start + text.len() {
        for flip in [0x01u8, 0x80] {
            let mut bytes = pp_bytes.clone();
            bytes[at] ^= flip;
            if let Ok(loaded) = ProverPreprocessing::<Hyrax>::from_bytes(&bytes) {
                assert_eq!(loaded.program_digest(), pp.program_digest(), "byte {at}");
            }
        }
    }
}

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/sum-loop.zeromorph.proof")
}

#[test]
fn golden_proof_verifies() {
    let (pp, vp) = zeromorph_keys();
    let path = golden_path();
    if std::env::var_os("JOLT_REGENERATE_GOLDEN").is_some() {
        let (io, proof) = jolt_core::prove(pp, &[]).expect("proves");
        assert_eq!(io, expected_io());
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(&path, proof.to_bytes()).expect("writes the golden proof");
    }
    let bytes = std::fs::read(&path).expect(
        "the golden proof is checked in (regenerate: JOLT_REGENERATE_GOLDEN=1 cargo test \
         --release -p jolt-core --test saved golden)",
    );
    let proof = JoltProof::<Zeromorph>::from_bytes(&bytes).expect("the golden proof decodes");
    jolt_core::verify(vp, &expected_io(), &proof).expect("the golden proof verifies");
    assert_eq!(proof.to_bytes(), bytes, "the encoding is canonical");

    // And it proves exactly this statement.
    let mut forged = expected_io();
    forged.exit_code = 43;
    // The statement is absorbed first: the first check after it sees another transcript.
    let r = jolt_core::verify(vp, &forged, &proof);
    assert!(
        matches!(
            r,
            Err(VerifyError::ReadOnly(MemoryCheckingError::LayerClaim {
                layer: 1
            }))
        ),
        "{r:?}"
    );
}

#[test]
fn the_cost_report_accounts_for_every_commitment_and_proof_byte() {
    let (pp, vp) = hyrax_keys();
    let (io, proof, report) = jolt_core::prove_with_report(pp, &[]).expect("proves");
    jolt_core::verify(vp, &io, &proof).expect("verifies");
    println!("{}", report.to_markdown());

    assert_eq!(report.polys(), proof.commitments.len());
    assert_eq!(report.cycles(), 1 << proof.log_cycles);
    assert!(report.executed_rows > 0 && report.executed_rows as u64 <= report.cycles());
    let sizes = jolt_core::report::proof_sizes(&proof);
    assert_eq!(
        sizes.iter().map(|(_, s)| s).sum::<usize>(),
        proof.size_in_bytes(),
        "{sizes:?}"
    );
    // Every committed value is a small integer: nothing is charged as a full field element.
    for g in &report.groups {
        assert!(g.bits < 64 * g.elements, "{g:?}");
    }
    assert!(report.bits_per_cycle() < report.amortised_bits_per_cycle());
    // Every trace column, the range check's 4T-long columns, a value and a count per lookup
    // memory: dozens of elements per cycle.
    assert!(
        report.elements_per_cycle() > 50.0,
        "{}",
        report.elements_per_cycle()
    );
}
