//! The program boundary (issue: sound program binding): every run the tracer rejects for a
//! memory permission is unprovable, the verifier's initial memory is the image the VM loads,
//! and every permission is in the program digest.
//!
//! Each forgery is made the way a cheating prover would: it runs a *twin* program — the same
//! code, under a layout or segment flags where the forbidden access is allowed — and proves
//! that twin's trace against the original program's keys, through the honest pipeline
//! ([`execute_trace`] replays any trace through the original bytecode and a flat memory).

mod common;

use common::{Keys, config};
use jolt_core::memory::AccessClass;
use jolt_core::pcs::Hyrax;
use jolt_core::prover::{Execution, execute, prove_execution, prove_witness};
use jolt_core::witness::{self, Witness, execute_trace};
use jolt_core::{JoltProof, PublicIo, VerifyError};
use math::{CompactPolynomial, Fr, MultilinearPolynomial};
use memory_checking::{MemoryCheckingError, MemoryId, TreeRole};
use tracer::asm::{self, i, li, s};
use tracer::layout::PAGE_SIZE;
use tracer::{Layout, MemoryConfig, Opcode, Program, RAM_START, Segment, TracerError};

/// Where the test programs keep data: the page after the text.
const DATA: u32 = RAM_START + PAGE_SIZE;

/// A program of `code` at [`RAM_START`] (writable text if `writable_text`) and one data
/// segment per `(address, bytes, writable)`.
fn program(
    code: &[tracer::Instruction],
    writable_text: bool,
    data: &[(u32, &[u8], bool)],
    config: MemoryConfig,
) -> Result<Program, TracerError> {
    let words = asm::assemble(code).expect("assembles");
    let text: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let mut segments = vec![Segment {
        address: RAM_START,
        mem_size: text.len() as u32,
        data: text,
        writable: writable_text,
        executable: true,
    }];
    for (address, bytes, writable) in data {
        segments.push(Segment {
            address: *address,
            mem_size: bytes.len() as u32,
            data: bytes.to_vec(),
            writable: *writable,
            executable: false,
        });
    }
    Program::from_parts(config, RAM_START, segments, false)
}

/// `x5 = address; store 0 there (the word's value in every test, so that only the permission
/// is wrong, not the final memory), or load from it; exit with 77`.
fn access(address: u32, store: bool) -> Vec<tracer::Instruction> {
    let mut code = li(5, address);
    if store {
        code.push(s(Opcode::Sw, 0, 0, 5));
    } else {
        code.push(i(Opcode::Lw, 7, 5, 0));
    }
    code.extend(asm::exit(77));
    code
}

/// The cheater's execution: `twin`'s trace replayed through `keys`' bytecode and memory.
fn forge(keys: &Keys, twin: &Program) -> Execution {
    let (outcome, trace) = tracer::trace(twin, &[], 1 << 10).expect("the twin runs");
    let shared = &keys.0.shared;
    let init = shared.initial_memory(&[]);
    let cycles = execute_trace(&shared.bytecode, &shared.space, &init, &trace, None)
        .expect("the trace replays through the original bytecode");
    Execution {
        io: PublicIo {
            exit_code: outcome.exit_code,
            ..PublicIo::default()
        },
        cycles,
        init,
    }
}

fn verify(keys: &Keys, io: &PublicIo, proof: &JoltProof<Hyrax>) -> Result<(), VerifyError> {
    jolt_core::verify(&keys.1, io, proof)
}

fn assert_read_write(result: Result<(), VerifyError>, expected: &MemoryCheckingError, what: &str) {
    match result {
        Err(VerifyError::ReadWrite(e)) if &e == expected => {}
        other => panic!("{what}: expected read-write {expected:?}, got {other:?}"),
    }
}

const MULTISET: MemoryCheckingError = MemoryCheckingError::MultisetMismatch {
    memory: MemoryId::ReadWrite,
};
const INIT_LEAF: MemoryCheckingError = MemoryCheckingError::LeafMismatch {
    memory: MemoryId::ReadWrite,
    tree: TreeRole::Init,
};

/// R1CS rejects: "a store writes a read-write word" fails at the store's cycle.
fn assert_r1cs(result: Result<(), VerifyError>, what: &str) {
    common::assert_rejected(result, common::r1cs_constraint, what);
}

/// The witness of `run` built by the honest pipeline, without the prover's own sanity checks
/// (a cheater skips them).
fn witness_of(pp: &jolt_core::ProverPreprocessing<Hyrax>, run: &Execution) -> Witness {
    let mut cycles = run.cycles.clone();
    witness::pad(&mut cycles).expect("pads");
    let shared = &pp.shared;
    witness::build(
        &shared.bytecode,
        &shared.surge,
        &run.init,
        &shared.access_tags(),
        0,
        &cycles,
    )
    .expect("builds")
}

/// Proves `run` with the honest pipeline (ω is each RAM word's class).
fn prove(keys: &Keys, run: &Execution) -> JoltProof<Hyrax> {
    prove_witness(&keys.0, &run.io, &witness_of(&keys.0, run)).expect("proves")
}

/// The witness of `run` with the RAM access of every RAM row claimed read-write (ω = 0), as a
/// cheater who wants a store to a read-only word past R1CS would claim it.
fn prove_claiming_read_write(keys: &Keys, run: &Execution) -> JoltProof<Hyrax> {
    let (pp, _) = keys;
    let mut w = witness_of(pp, run);
    let omega = pp.shared.index.of(jolt_core::columns::Column::RamReadOnly);
    let t = w.columns[omega].len();
    w.columns[omega] = MultilinearPolynomial::from(CompactPolynomial::new(vec![false; t]));
    w.ops.tags = MultilinearPolynomial::from(CompactPolynomial::new(vec![0u8; 4 * t]));
    prove_witness(pp, &run.io, &w).expect("proves")
}

/// Proves `run` with prover keys whose access classes say every word is read-write (the
/// digest left alone, so the transcripts agree up to memory checking): the cheater's init
/// and final trees then agree with its ops, and only the verifier's own tags can object.
fn prove_with_everything_writable(keys: &Keys, run: &Execution) -> JoltProof<Hyrax> {
    let mut pp = keys.0.clone();
    pp.shared.access_classes.clear();
    prove_witness(&pp, &run.io, &witness_of(&pp, run)).expect("proves")
}

/// One forbidden access: the original program (whose tracer run faults), and a twin that
/// allows it.
struct Forgery {
    what: &'static str,
    original: Program,
    twin: Program,
    store: bool,
}

fn forgeries() -> Vec<Forgery> {
    let small = config();
    let layout = Layout::new(small).expect("valid");
    // A twin layout with a larger output region: the original's input region is the twin's
    // output region (writable). RAM immediates differ, the code and the trace do not.
    let big_output = MemoryConfig {
        max_output_size: small.max_output_size + 2 * PAGE_SIZE,
        ..small
    };
    // A twin layout with a smaller stack: the original's guard page is the twin's heap.
    let small_stack = MemoryConfig {
        stack_size: small.stack_size - PAGE_SIZE,
        ..small
    };
    let rodata: &[u8] = &[1, 2, 3, 4];
    let mut out = Vec::new();
    for (what, address, store) in [
        ("store to the input region", layout.input_start + 4, true),
        ("store to text", RAM_START, true),
        ("store to read-only data", DATA, true),
        ("store to the guard page", layout.heap_end, true),
        ("load from the guard page", layout.stack_bottom - 4, false),
    ] {
        let code = access(address, store);
        let original = program(&code, false, &[(DATA, rodata, false)], small).expect("loads");
        let twin = match what {
            "store to the input region" => {
                program(&code, false, &[(DATA, rodata, false)], big_output)
            }
            "store to text" => program(&code, true, &[(DATA, rodata, false)], small),
            "store to read-only data" => program(&code, false, &[(DATA, rodata, true)], small),
            _ => program(&code, false, &[(DATA, rodata, false)], small_stack),
        }
        .expect("the twin loads");
        out.push(Forgery {
            what,
            original,
            twin,
            store,
        });
    }
    out
}

#[test]
fn every_forbidden_access_is_unprovable() {
    for f in forgeries() {
        // The VM refuses the original run.
        let fault = tracer::run(&f.original, &[], 1 << 10).expect_err(f.what);
        assert!(
            matches!(
                fault,
                TracerError::WriteToReadOnly { .. } | TracerError::StackOverflow { .. }
            ),
            "{}: {fault}",
            f.what
        );
        let keys = common::preprocess(&f.original);
        let run = forge(&keys, &f.twin);
        assert_eq!(run.io.exit_code, 77);
        let honest_bit = prove(&keys, &run);
        let writable = prove_with_everything_writable(&keys, &run);
        let claimed_rw = prove_claiming_read_write(&keys, &run);
        if f.store && f.what != "store to the guard page" {
            // ω = 1 (the word is read-only): R1CS forbids the store.
            assert_r1cs(verify(&keys, &run.io, &honest_bit), f.what);
        } else {
            // ω = 1 but the word's class is "no access": no consistent chain.
            assert_read_write(verify(&keys, &run.io, &honest_bit), &MULTISET, f.what);
        }
        // ω = 0: the access carries another class than its word's.
        assert_read_write(verify(&keys, &run.io, &claimed_rw), &MULTISET, f.what);
        // Everything claimed writable, consistently: the verifier's own classes differ.
        assert_read_write(verify(&keys, &run.io, &writable), &INIT_LEAF, f.what);
    }
}

#[test]
fn allowed_accesses_of_every_kind_verify() {
    let layout = Layout::new(config()).expect("valid");
    let rodata: &[u8] = &[1, 2, 3, 4];
    for (what, address, store) in [
        ("load from the input region", layout.input_start, false),
        ("load from text", RAM_START, false),
        ("load from read-only data", DATA, false),
        (
            "store to the output region",
            layout.output_len_address(),
            true,
        ),
        ("store to the heap", DATA + PAGE_SIZE, true),
        ("store to the stack", layout.stack_bottom, true),
        ("store to the top of RAM", layout.ram_end() - 4, true),
    ] {
        let original = program(
            &access(address, store),
            false,
            &[(DATA, rodata, false)],
            config(),
        )
        .expect("loads");
        let keys = common::preprocess(&original);
        let run = execute(&keys.0, &[]).expect(what);
        let proof = prove_execution(&keys.0, run.clone()).expect(what);
        verify(&keys, &run.io, &proof).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

#[test]
fn segment_permissions_and_the_runtime_flag_are_in_the_digest() {
    // Store 77 into the program's own text, load it back and exit with it.
    let mut code = li(5, RAM_START);
    code.extend(li(6, 77));
    code.push(s(Opcode::Sw, 6, 0, 5));
    code.push(i(Opcode::Lw, 10, 5, 0));
    code.extend(li(17, tracer::SYS_EXIT));
    code.push(asm::ecall());
    let original = program(&code, false, &[], config()).expect("loads");
    let twin = program(&code, true, &[], config()).expect("loads");
    let keys = common::preprocess(&original);
    let twin_keys = common::preprocess(&twin);
    assert_ne!(keys.1.shared.digest, twin_keys.1.shared.digest);
    // The twin stores 77 into its own text and exits with it: an honest proof of the twin...
    let run = execute(&twin_keys.0, &[]).expect("the twin runs");
    assert_eq!(run.io.exit_code, 77);
    let proof = prove_execution(&twin_keys.0, run.clone()).expect("proves");
    verify(&twin_keys, &run.io, &proof).expect("verifies under the twin's keys");
    // ...is not a proof about the original (the review's forgery: it used to verify).
    // (The digest is absorbed first, so the first check of the proof already disagrees.)
    common::assert_rejected(
        verify(&keys, &run.io, &proof),
        common::first_layer,
        "the twin's proof under the original's keys",
    );

    // The runtime flag changes what the tracer refuses (the stack-pointer rule).
    let words = asm::assemble(&asm::exit(0)).expect("assembles");
    let text: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let segment = Segment {
        address: RAM_START,
        mem_size: text.len() as u32,
        data: text,
        writable: false,
        executable: true,
    };
    let digest = |runtime: bool| {
        let p = Program::from_parts(config(), RAM_START, vec![segment.clone()], runtime)
            .expect("loads");
        common::preprocess(&p).1.shared.digest
    };
    assert_ne!(digest(false), digest(true));
}

/// `lw a0, 0(DATA); exit(a0)`.
fn load_data_and_exit() -> Vec<tracer::Instruction> {
    let mut code = li(5, DATA);
    code.push(i(Opcode::Lw, 10, 5, 0));
    code.extend(li(17, tracer::SYS_EXIT));
    code.push(asm::ecall());
    code
}

#[test]
fn an_unaligned_segment_is_the_image_the_vm_loads() {
    // Four bytes at DATA + 2: the VM's word at DATA is 0x22110000 (the review's forgery: the
    // verifier's image dropped the segment, and "exit 0" verified).
    let data: &[u8] = &[0x11, 0x22, 0x33, 0x44];
    let original = program(
        &load_data_and_exit(),
        false,
        &[(DATA + 2, data, true)],
        config(),
    )
    .expect("loads");
    let keys = common::preprocess(&original);
    let run = execute(&keys.0, &[]).expect("runs");
    assert_eq!(run.io.exit_code, 0x2211_0000);
    let proof = prove_execution(&keys.0, run.clone()).expect("proves");
    verify(&keys, &run.io, &proof).expect("the honest run verifies");
    let word = keys.0.shared.space.word_index(DATA).expect("in RAM");
    assert!(keys.0.shared.image.contains(&(word, 0x2211_0000)));

    // The cheater proves "exit 0": it runs the program without the segment...
    let twin = program(&load_data_and_exit(), false, &[], config()).expect("loads");
    let (outcome, trace) = tracer::trace(&twin, &[], 1 << 10).expect("runs");
    assert_eq!(outcome.exit_code, 0);
    // ...from an initial memory without it (replaying the trace through it)...
    let shared = &keys.0.shared;
    let mut init = shared.initial_memory(&[]);
    init[word as usize] = 0;
    let run = Execution {
        io: PublicIo::default(),
        cycles: execute_trace(&shared.bytecode, &shared.space, &init, &trace, None)
            .expect("replays"),
        init,
    };
    // The prover's init tree comes from the real image, its ops from the cheater's memory.
    let mut w = witness_of(&keys.0, &run);
    w.initial_memory = shared.initial_memory(&[]);
    let proof = prove_witness(&keys.0, &run.io, &w).expect("proves");
    assert_read_write(
        verify(&keys, &run.io, &proof),
        &MULTISET,
        "unaligned, honest init tree",
    );
    // ...and with an init tree that agrees (the old, dropped-segment image): its opening of
    // the initial memory is not the verifier's evaluation of the real image.
    let mut pp = keys.0.clone();
    pp.shared.image.retain(|(i, _)| *i != word);
    let proof = prove_witness(&pp, &run.io, &witness_of(&pp, &run)).expect("proves");
    assert_read_write(
        verify(&keys, &run.io, &proof),
        &MemoryCheckingError::InitValueMismatch,
        "unaligned, cheater's image",
    );
}

#[test]
fn overlapping_segments_are_not_a_program() {
    // The review's forgery: segments holding 1 and 2 at one address; the VM exited with 2
    // while a proof of 3 (their sum in the old image) was accepted. Now no such program loads
    // — from an ELF, from parts, or from a saved preprocessing (which loads through parts).
    let error = program(
        &load_data_and_exit(),
        false,
        &[(DATA, &[1, 0, 0, 0], true), (DATA, &[2, 0, 0, 0], true)],
        config(),
    )
    .expect_err("overlapping segments");
    assert!(
        matches!(error, TracerError::OverlappingSegments { .. }),
        "{error}"
    );
    // Adjacent segments that share a word are one image: the word is their bytes.
    let original = program(
        &load_data_and_exit(),
        false,
        &[(DATA, &[1, 0], true), (DATA + 2, &[2, 0], true)],
        config(),
    )
    .expect("loads");
    let keys = common::preprocess(&original);
    let run = execute(&keys.0, &[]).expect("runs");
    assert_eq!(run.io.exit_code, 0x0002_0001);
    let proof = prove_execution(&keys.0, run.clone()).expect("proves");
    verify(&keys, &run.io, &proof).expect("verifies");
    let mut forged = run.io;
    forged.exit_code = 3;
    common::assert_rejected(
        verify(&keys, &forged, &proof),
        common::first_layer,
        "exit 3",
    );
}

#[test]
fn tags_of_every_class_reach_the_verifier() {
    // The classes the verifier evaluates are the ones the tracer enforces: spot-check the
    // words each forgery above targets.
    let f = forgeries();
    let keys = common::preprocess(&f[0].original);
    let tags = keys.0.shared.access_tags();
    let space = keys.0.shared.space;
    let l = space.layout;
    let class = |a: u32| tags[space.word_index(a).expect("in range") as usize];
    assert_eq!(class(l.input_start), AccessClass::ReadOnly.tag());
    assert_eq!(class(RAM_START), AccessClass::ReadOnly.tag());
    assert_eq!(class(DATA), AccessClass::ReadOnly.tag());
    assert_eq!(class(l.heap_end), AccessClass::NoAccess.tag());
    assert_eq!(class(l.output_start), AccessClass::ReadWrite.tag());
    assert_eq!(class(l.stack_bottom), AccessClass::ReadWrite.tag());
    let point: Vec<Fr> = (0..space.log_size)
        .map(|i| Fr::from(9u64 + i as u64))
        .collect();
    let dense: Vec<Fr> = tags.iter().map(|t| Fr::from(u64::from(*t))).collect();
    assert_eq!(
        keys.1.shared.access_tag_mle(&point),
        math::DensePolynomial::new(dense).evaluate(&point)
    );
}

#[test]
fn the_runtimes_stack_rule_is_proven() {
    // `sp` moves into the heap, as a frame larger than the guard page would move it: the
    // tracer faults on that for a program built with the jolt runtime, even before an access.
    let l = Layout::new(config()).expect("valid");
    let mut code = li(2, l.heap_end - 64);
    code.extend(asm::exit(0));
    let words = asm::assemble(&code).expect("assembles");
    let text: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    let load = |runtime: bool| {
        let segment = Segment {
            address: RAM_START,
            mem_size: text.len() as u32,
            data: text.clone(),
            writable: false,
            executable: true,
        };
        Program::from_parts(config(), RAM_START, vec![segment], runtime).expect("loads")
    };
    let (original, twin) = (load(true), load(false));
    assert!(matches!(
        tracer::run(&original, &[], 1 << 10),
        Err(TracerError::StackOverflow { .. })
    ));
    let (outcome, trace) = tracer::trace(&twin, &[], 1 << 10).expect("sp is an ordinary register");
    assert_eq!(outcome.exit_code, 0);
    // Every write to sp is followed by the rule's assertion in the original's bytecode...
    let keys = common::preprocess(&original);
    let shared = &keys.0.shared;
    let asserts = shared
        .bytecode
        .rows()
        .iter()
        .filter(|r| r.micro.op.name() == "ASSERT_STACK_POINTER")
        .count();
    assert_eq!(asserts, code.iter().filter(|i| i.rd == 2).count());
    // ...so the twin's run does not replay through it (a cheater must then prove a failed
    // assertion's lookup output as 1, which the lookup argument rejects: see
    // malicious_virtual.rs, which tampers ASSERT_STACK_POINTER's output).
    let init = shared.initial_memory(&[]);
    let error = execute_trace(&shared.bytecode, &shared.space, &init, &trace, None)
        .expect_err("the assertion fails");
    assert!(
        matches!(
            error,
            jolt_core::ProveError::Unprovable {
                reason: "a virtual-sequence assertion failed",
                ..
            }
        ),
        "{error}"
    );
    // The honest prover says what the VM says.
    assert!(matches!(
        execute(&keys.0, &[]),
        Err(jolt_core::ProveError::Tracer(
            TracerError::StackOverflow { .. }
        ))
    ));
}
