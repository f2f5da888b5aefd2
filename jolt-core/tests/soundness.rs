//! Soundness checklist items beyond per-cycle tampering (DESIGN.md §9): memory tampering
//! (item 5), structure substitution and key binding (items 1 and 11), verifier purity (item
//! 10) and DIV/REM advice (item 9). Each cheat is built the way a cheating prover would build
//! it — run the honest pipeline on a modified execution or witness — and each rejection is
//! asserted down to the component and, where it is decided by one check, the error variant.

mod common;

use common::{Keys, assert_rejected, config, first_layer, lookup_output, r1cs_constraint, row};
use instruction_tables::rv32im::{self, LeftOperand, RdValue, RightOperand};
use instruction_tables::{Lookup, LookupInstruction};
use jolt_core::columns::Column;
use jolt_core::memory::AddressSpace;
use jolt_core::pcs::{Hyrax, HyraxParams};
use jolt_core::prover::{Execution, build_witness, execute, prove_execution, prove_witness};
use jolt_core::witness::{Cycle, Witness};
use jolt_core::{JoltProof, PublicIo, VerifierPreprocessing, VerifyError};
use math::{DensePolynomial, Fr, MultilinearPolynomial};
use memory_checking::read_write::RangeCheckColumns;
use memory_checking::{MemoryCheckingError, MemoryId, TreeRole};
use tracer::asm::{addi, data_address, exit, i, li, r, s};
use tracer::{Layout, MemoryConfig, Opcode, Program};

// ---------------------------------------------------------------- the program

/// Register x5 is written (cycle 0), read (cycle 1) and rewritten with the same value
/// (cycle 2): the shape the read-from-the-future attack needs. Then a store, a load of it, a
/// load of a never-written word, a discarded write to x0, one output word, an XORI and exit
/// code 3.
fn program_words(exit_code: u32) -> Vec<u32> {
    let l = Layout::new(config()).expect("a valid configuration");
    let mut code = vec![addi(5, 0, 7), addi(6, 5, 1), addi(5, 0, 7)];
    code.extend(li(12, data_address(64)));
    code.push(s(Opcode::Sw, 6, 0, 12));
    code.push(i(Opcode::Lw, 13, 12, 0));
    code.push(i(Opcode::Lw, 14, 12, 4));
    code.push(addi(0, 13, 5));
    code.extend(li(15, l.output_data_start()));
    code.push(s(Opcode::Sw, 13, 0, 15));
    code.push(addi(16, 0, 4));
    code.push(s(Opcode::Sw, 16, -4, 15));
    // An XOR beside the ADDs: their chunk-0 subtables share (are stacked in) one memory.
    code.push(i(Opcode::Xori, 17, 0, 3));
    code.extend(exit(exit_code));
    assert!(code.len() < 64);
    tracer::asm::assemble(&code).expect("assembles")
}

fn program() -> Program {
    Program::from_words(&program_words(3), config()).expect("loads")
}

common::once!(keys: Keys = common::preprocess(&program()));
common::once!(honest: Execution = execute(&keys().0, &[]).expect("runs"));
common::once!(honest_proof: JoltProof<Hyrax> =
    prove_execution(&keys().0, honest().clone()).expect("proves"));

fn verify_with(
    vp: &VerifierPreprocessing<Hyrax>,
    proof: &JoltProof<Hyrax>,
) -> Result<(), VerifyError> {
    jolt_core::verify(vp, &honest().io, proof)
}

/// The first cycle whose row is opcode `op`'s (single-row opcodes only).
fn cycle_of(op: Opcode, nth: usize) -> usize {
    let keys = keys();
    let run = honest();
    (0..run.cycles.len())
        .filter(|k| common::opcode(keys, run, *k) == op)
        .nth(nth)
        .expect("the opcode runs")
}

// ---------------------------------------------------------------- witness surgery

fn values(p: &MultilinearPolynomial) -> Vec<Fr> {
    (0..p.len()).map(|j| p.get(j)).collect()
}

/// `p` with entry `j` replaced (as a dense polynomial: the verifier cannot tell).
fn with_entry(p: &MultilinearPolynomial, j: usize, value: u64) -> MultilinearPolynomial {
    let mut v = values(p);
    v[j] = Fr::from(value);
    DensePolynomial::new(v).into()
}

fn to_u64(x: Fr) -> u64 {
    use ark_ff::PrimeField;
    let limbs = x.into_bigint().0;
    assert!(limbs[1..].iter().all(|l| *l == 0), "a small value");
    limbs[0]
}

fn column(w: &mut Witness, c: Column) -> &mut MultilinearPolynomial {
    let i = keys().0.shared.index.of(c);
    &mut w.columns[i]
}

/// Sets slot `slot`'s read timestamp at cycle `k` in both the committed per-slot column and
/// the interleaved op column memory checking runs on.
fn set_read_timestamp(w: &mut Witness, k: usize, slot: usize, value: u64) {
    let c = column(w, Column::ReadTimestamp(slot));
    *c = with_entry(c, k, value);
    w.ops.read_timestamps = with_entry(&w.ops.read_timestamps, 4 * k + slot, value);
}

/// Recomputes the range-check chunks from the (tampered) read timestamps the way a cheater
/// must: the gap modulo $2^{16L}$, since a negative gap has no chunks.
fn recompute_range_chunks(w: &mut Witness) {
    let reads: Vec<u64> = values(&w.ops.read_timestamps)
        .into_iter()
        .map(to_u64)
        .collect();
    let writes: Vec<u64> = values(&w.ops.write_timestamps)
        .into_iter()
        .map(to_u64)
        .collect();
    let l = w.range.chunks.len();
    let chunks: Vec<Vec<u16>> = (0..l)
        .map(|j| {
            reads
                .iter()
                .zip(&writes)
                .map(|(r, wr)| (wr.wrapping_sub(*r).wrapping_sub(1) >> (16 * j)) as u16)
                .collect()
        })
        .collect();
    w.range = RangeCheckColumns::from_chunks(chunks);
}

fn prove_and_verify_witness(w: &Witness, io: &PublicIo) -> Result<(), VerifyError> {
    let proof = prove_witness(&keys().0, io, w).expect("proves");
    jolt_core::verify(&keys().1, io, &proof)
}

/// The read-write multisets differ: the grand products' roots disagree.
const MULTISET: MemoryCheckingError = MemoryCheckingError::MultisetMismatch {
    memory: MemoryId::ReadWrite,
};

fn assert_read_write(result: Result<(), VerifyError>, expected: &MemoryCheckingError, what: &str) {
    match result {
        Err(VerifyError::ReadWrite(e)) if e == *expected => {}
        other => {
            panic!("{what}: expected read-write memory checking to say {expected}, got {other:?}")
        }
    }
}

// ---------------------------------------------------------------- item 5: memory

#[test]
fn honest_run_verifies() {
    let io = &honest().io;
    assert_eq!(io.exit_code, 3);
    assert_eq!(io.output, 8u32.to_le_bytes());
    verify_with(&keys().1, honest_proof()).expect("verifies");
}

#[test]
fn a_tampered_read_value_is_rejected_by_the_multiset_check() {
    // The LW reads the word the SW wrote (8); claim it read 9, in the committed column and in
    // the op column memory checking sees: the read tuple matches no write.
    let k = cycle_of(Opcode::Lw, 0);
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    assert_eq!(
        w.columns[keys().0.shared.index.of(Column::RamBefore)].get(k),
        Fr::from(8u64)
    );
    let c = column(&mut w, Column::RamBefore);
    *c = with_entry(c, k, 9);
    w.ops.read_values = with_entry(&w.ops.read_values, 4 * k + 3, 9);
    assert_read_write(
        prove_and_verify_witness(&w, &honest().io),
        &MULTISET,
        "read value",
    );
    // Only in the committed column: the slot evaluations no longer recombine to the claim.
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    let c = column(&mut w, Column::RamBefore);
    *c = with_entry(c, k, 9);
    match prove_and_verify_witness(&w, &honest().io) {
        Err(VerifyError::SlotMismatch("read value")) => {}
        other => panic!("read value in the column only: {other:?}"),
    }
}

#[test]
fn a_tampered_read_timestamp_is_rejected_by_the_multiset_check() {
    // Cycle 1 reads x5 (slot rs1); shift its read timestamp by one.
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    let t = to_u64(w.ops.read_timestamps.get(4));
    set_read_timestamp(&mut w, 1, 0, t + 1);
    recompute_range_chunks(&mut w);
    assert_read_write(
        prove_and_verify_witness(&w, &honest().io),
        &MULTISET,
        "read timestamp",
    );
}

#[test]
fn a_read_from_the_future_is_rejected_by_the_timestamp_range_check() {
    // x5: written at cycle 0 (rd slot, timestamp w0 = 3), read at cycle 1 (rs1 slot, w1 = 5),
    // rewritten with the same value at cycle 2 (rd slot, w2 = 11). The cheat: cycle 1's read
    // consumes the *later* write (x5, 7, w2), cycle 2's read consumes init's successor
    // (x5, 7, w0), and final memory consumes (x5, 7, w1). The multisets still agree — only the
    // range check sees that w1 − w2 − 1 < 0.
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    let (w0, w1, w2) = (3, 5, 11);
    assert_eq!(to_u64(w.ops.read_timestamps.get(4)), w0);
    assert_eq!(to_u64(w.ops.read_timestamps.get(4 * 2 + 2)), w1);
    assert_eq!(to_u64(w.final_timestamps.get(5)), w2);
    set_read_timestamp(&mut w, 1, 0, w2);
    set_read_timestamp(&mut w, 2, 2, w0);
    w.final_timestamps = with_entry(&w.final_timestamps, 5, w1);
    recompute_range_chunks(&mut w);
    assert_read_write(
        prove_and_verify_witness(&w, &honest().io),
        &MemoryCheckingError::RangeCheckRelation,
        "read from the future",
    );
}

/// A lookup memory stacks several subtables; the read address carries the subtable id,
/// which the verifier rebuilds from the lookup flags. A cheater reads one lookup chunk from
/// another subtable of the same memory — a consistent read of a real table entry, with the
/// counts recomputed so memory checking passes — and only the address check can tell.
#[test]
fn a_lookup_read_from_another_subtable_of_its_memory_is_rejected() {
    let shared = &keys().0.shared;
    let surge = &shared.surge;
    // The first cycle with a read from a memory that stacks more than one subtable.
    let (k, lookup, j) = honest()
        .cycles
        .iter()
        .enumerate()
        .find_map(|(k, c)| {
            let l = c.lookup?;
            let j = surge.uses[l as usize]
                .iter()
                .position(|m| surge.memories[*m].subtables.len() > 1)?;
            Some((k, l, j))
        })
        .expect("some read goes to a stacked memory");
    let m = surge.uses[lookup as usize][j];
    let memory = &surge.memories[m];
    let sid = surge.sids[lookup as usize][j];
    let other = (0..memory.subtables.len() as u32)
        .find(|s| *s != sid)
        .expect("the memory stacks several subtables");
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    let chunk = honest().cycles[k].chunks[memory.chunk];
    let address = instruction_tables::LookupMemory::address(other, chunk);
    assert_eq!(
        to_u64(w.lookup_addresses[m].get(k)),
        u64::from(instruction_tables::LookupMemory::address(sid, chunk)),
    );
    w.lookup_addresses[m] = with_entry(&w.lookup_addresses[m], k, u64::from(address));
    let c = column(&mut w, Column::SubtableValue(m));
    *c = with_entry(c, k, memory.entry(address));
    let addresses: Vec<u32> = values(&w.lookup_addresses[m])
        .into_iter()
        .map(|a| to_u64(a) as u32)
        .collect();
    let counts = memory_checking::read_only::access_counts(
        &addresses,
        Some(w.memory_flags[m].coeffs()),
        memory.log_size(),
    )
    .expect("in range");
    let c = column(&mut w, Column::SubtableReadCount(m));
    *c = DensePolynomial::new(
        counts
            .read_timestamps
            .iter()
            .map(|t| Fr::from(*t))
            .collect(),
    )
    .into();
    w.subtable_finals[m] = DensePolynomial::new(
        counts
            .final_timestamps
            .iter()
            .map(|t| Fr::from(*t))
            .collect(),
    )
    .into();
    match prove_and_verify_witness(&w, &honest().io) {
        Err(VerifyError::LookupMemoryMismatch {
            memory,
            what: "address",
        }) if memory == m => {}
        other => panic!("a read from another subtable: {other:?}"),
    }
}

#[test]
fn tampered_final_memory_is_rejected() {
    // A RAM word's final value: the final tuple matches no write.
    let word = keys()
        .0
        .shared
        .space
        .word_index(data_address(64))
        .expect("in RAM") as usize;
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    assert_eq!(w.final_values.get(word), Fr::from(8u64));
    w.final_values = with_entry(&w.final_values, word, 9);
    assert_read_write(
        prove_and_verify_witness(&w, &honest().io),
        &MULTISET,
        "final RAM word",
    );
    // A final timestamp.
    let mut w = build_witness(&keys().0, honest().clone()).expect("builds");
    let t = to_u64(w.final_timestamps.get(word));
    w.final_timestamps = with_entry(&w.final_timestamps, word, t + 4);
    assert_read_write(
        prove_and_verify_witness(&w, &honest().io),
        &MULTISET,
        "final RAM timestamp",
    );
    // The output word, consistently: the cheater makes the SW write 9 (so memory checking's
    // multisets agree) but claims the honest output. The output check sees the I/O region.
    let k = cycle_of(Opcode::Sw, 1);
    let mut run = honest().clone();
    run.cycles[k].ram_after = 9;
    run.io.output = 9u32.to_le_bytes().to_vec();
    let w = build_witness(&keys().0, run).expect("builds");
    assert_read_write(
        prove_and_verify_witness(&w, &honest().io),
        &MemoryCheckingError::OutputCheck,
        "final output word",
    );
}

#[test]
fn a_write_to_x0_is_rejected_by_r1cs() {
    // `addi x0, x13, 5` computes 13; write it to x0 anyway. Memory stays consistent (x0 holds
    // 13 from then on and the later reads of x0 read it), so only R1CS — rd is pinned to
    // rd_before on rows that write no register — can object.
    let k = cycle_of(Opcode::Addi, 3);
    let c = honest().cycles[k];
    assert_eq!((row(keys(), honest(), k).rd, c.output), (0, 13));
    let mut run = honest().clone();
    run.cycles[k].rd_after = c.output;
    let proof = prove_execution(&keys().0, run).expect("proves");
    assert_rejected(verify_with(&keys().1, &proof), r1cs_constraint, "x0 write");
}

/// Proves `run` with prover preprocessing whose program image also holds `extra` (address
/// index, value): a cheater's claim about initial memory that the verifier's own image does not
/// make. The digest is left alone, so the transcripts agree up to memory checking.
/// Proves `run` with the prover's initial-memory polynomial set to `claimed` (its ops replay
/// `run.init`): a cheater's init tree can disagree with the memory its reads came from.
fn prove_claiming_init(run: Execution, claimed: Vec<u32>) -> JoltProof<Hyrax> {
    let io = run.io.clone();
    let mut witness = build_witness(&keys().0, run).expect("builds");
    witness.initial_memory = claimed;
    prove_witness(&keys().0, &io, &witness).expect("proves")
}

/// The proof's opening of the initial memory is not the verifier's evaluation of the image.
fn assert_init_value(result: Result<(), VerifyError>, what: &str) {
    assert_read_write(result, &MemoryCheckingError::InitValueMismatch, what);
}

#[test]
fn a_read_before_init_is_rejected() {
    // The second LW reads a word nothing wrote (0 in the program image). The cheater loads 5:
    // it replays memory from an initial memory holding 5 there.
    let k = cycle_of(Opcode::Lw, 1);
    let word = keys()
        .0
        .shared
        .space
        .word_index(data_address(64) + 4)
        .expect("in RAM");
    let mut run = honest().clone();
    assert_eq!(run.cycles[k].ram_address, word);
    run.init[word as usize] = 5;
    run.cycles[k].rd_after = 5;
    // With the prover's init tree built from the real image, the products disagree...
    let image = keys().0.shared.initial_memory(&run.io.input);
    let proof = prove_claiming_init(run.clone(), image);
    assert_read_write(
        verify_with(&keys().1, &proof),
        &MULTISET,
        "read before init",
    );
    // ...and with an init tree that claims the 5 (consistent products), its opening of the
    // initial memory differs from the verifier's own evaluation of the image.
    assert_init_value(
        verify_with(&keys().1, &prove_execution(&keys().0, run).expect("proves")),
        "read before init, consistent",
    );
    // The same for a register: x20 "starts" at 5.
    let mut run = honest().clone();
    run.init[20] = 5;
    assert_init_value(
        verify_with(&keys().1, &prove_execution(&keys().0, run).expect("proves")),
        "register initialised by the prover",
    );
}

/// `x9 = 4242; x8 = load(input); x7 = load(x8); exit(x7)`: the exit code is the word at the
/// address the input names.
fn pointer_program() -> Program {
    let l = Layout::new(config()).expect("a valid configuration");
    let mut code = li(9, 4242);
    code.extend(li(10, l.input_data_start()));
    code.push(i(Opcode::Lw, 8, 10, 0));
    code.push(i(Opcode::Lw, 7, 8, 0));
    code.push(addi(10, 7, 0));
    code.extend(li(17, 93));
    code.push(tracer::asm::ecall());
    let words = tracer::asm::assemble(&code).expect("assembles");
    Program::from_words(&words, config()).expect("loads")
}

#[test]
fn a_ram_access_below_the_io_region_cannot_reach_a_register() {
    // Regression: RAM indices were 64 + (A − input_start)/4 over the field, so a word address
    // in the 256 bytes below input_start named a register, and a cheater could prove a load
    // there — an access the VM faults on — as a read of that register.
    let keys = common::preprocess(&pointer_program());
    let l = *keys.0.program.layout();
    let run = execute(&keys.0, &l.input_start.to_le_bytes()).expect("runs");
    assert_eq!(run.io.exit_code, 4, "loads the input length");
    common::prove_and_verify(&keys, &run).expect("the honest run verifies");

    // The input that points at "x9": the VM rejects it.
    let bad = l.input_start - 256 + 4 * 9;
    assert!(matches!(
        tracer::run(&keys.0.program, &bad.to_le_bytes(), 1000),
        Err(tracer::TracerError::OutOfBounds { .. })
    ));
    // The cheater: the same run with that input, the load answered from register x9.
    let mut cheat = run.clone();
    cheat.io.input = bad.to_le_bytes().to_vec();
    cheat.io.exit_code = 4242;
    let space = keys.0.shared.space;
    cheat.init[space.word_index(l.input_data_start()).expect("input") as usize] = bad;
    for k in 0..cheat.cycles.len() {
        let row = row(&keys, &run, k);
        let c = &mut cheat.cycles[k];
        match (row.micro.op.name(), row.rd) {
            ("LW", 8) => {
                c.rd_after = bad;
                c.ram_after = bad;
            }
            ("LW", 7) => {
                let imm = row.micro.imm;
                *c = Cycle {
                    x: bad,
                    y: imm,
                    output: Lookup::Add.lookup_entry(bad, imm),
                    chunks: Lookup::Add.to_indices(bad, imm),
                    ram_address: 9,
                    rd_after: 4242,
                    ram_after: 4242,
                    ..*c
                };
            }
            ("ADDI", 10) if row.rs1 == 7 => {
                *c = Cycle {
                    x: 4242,
                    output: 4242,
                    chunks: Lookup::Add.to_indices(4242, 0),
                    rd_after: 4242,
                    ..*c
                };
            }
            _ => {}
        }
    }
    assert_rejected(
        common::prove_and_verify(&keys, &cheat),
        r1cs_constraint,
        "a load below input_start answered by a register",
    );
    // The index R1CS does allow for that address is outside the address space: the cheater
    // cannot even replay memory.
    cheat.cycles.iter_mut().for_each(|c| {
        if c.ram_address == 9 {
            let biased = u64::from(space.biased_address(bad));
            c.ram_address = (u64::from(space.ram_base) + biased / 4) as u32;
        }
    });
    assert!(build_witness(&keys.0, cheat).is_err());
}

// ---------------------------------------------------------------- items 1 and 11: structure

/// A transcript that diverged at the statement: the first thing verified after it, the
/// read-only grand product, finds its first layer inconsistent.
fn assert_first_layer_rejects(result: &Result<(), VerifyError>, what: &str) {
    assert!(
        matches!(result, Err(e) if first_layer(e)),
        "{what}: {result:?}"
    );
}

#[test]
fn a_proof_is_bound_to_its_program() {
    let proof = honest_proof();
    // Program B differs from A in one immediate (exit code 4): the verifier of B rejects A's
    // proof. The digest is the first thing absorbed, so every challenge differs and the first
    // component verified — read-only memory checking — already rejects.
    let b = Program::from_words(&program_words(4), config()).expect("loads");
    let (_, vp_b) = common::preprocess(&b);
    assert_ne!(vp_b.shared.digest, keys().1.shared.digest);
    assert_first_layer_rejects(&verify_with(&vp_b, proof), "B's preprocessing");
    // B's bytecode under A's digest: not the hash alone, the bytecode table itself rejects.
    let mut vp = keys().1.clone();
    vp.shared.bytecode = vp_b.shared.bytecode;
    let r = verify_with(&vp, proof);
    assert!(
        matches!(
            r,
            Err(VerifyError::ReadOnly(MemoryCheckingError::LeafMismatch {
                memory: MemoryId::ReadOnly(0),
                tree: TreeRole::Init,
            }))
        ),
        "B's bytecode under A's digest: {r:?}"
    );
}

#[test]
fn a_proof_is_bound_to_its_memory_layout() {
    let proof = honest_proof();
    let bigger = MemoryConfig {
        memory_size: 1 << 17,
        ..config()
    };
    let other = Program::from_words(&program_words(3), bigger).expect("loads");
    let (_, vp_other) = common::preprocess(&other);
    assert_first_layer_rejects(&verify_with(&vp_other, proof), "other layout");
    let mut vp = keys().1.clone();
    vp.shared.space = vp_other.shared.space;
    vp.shared.image = vp_other.shared.image;
    // Under A's digest: the address space has another size, so the read-write grand
    // product's trees have another depth.
    let r = verify_with(&vp, proof);
    assert!(
        matches!(
            r,
            Err(VerifyError::ReadWrite(
                MemoryCheckingError::LayerClaim { .. }
            ))
        ),
        "other layout under A's digest: {r:?}"
    );
    // Same size, other I/O split: a larger output region moves every I/O address.
    let io_moved = MemoryConfig {
        max_output_size: 4096 + 256,
        ..config()
    };
    let space = AddressSpace::new(Layout::new(io_moved).expect("valid"));
    let mut vp = keys().1.clone();
    vp.shared.space = space;
    assert_read_write(
        verify_with(&vp, proof),
        &MemoryCheckingError::OutputCheck,
        "moved I/O region under A's digest",
    );
}

#[test]
fn a_proof_is_bound_to_its_trace_bound_and_length() {
    let proof = honest_proof();
    let log_cycles = proof.log_cycles as usize;
    // Another bound means another digest.
    let (_, vp_11) = jolt_core::preprocess::<Hyrax>(&program(), 11, &HyraxParams::default())
        .expect("preprocesses");
    assert_first_layer_rejects(&verify_with(&vp_11, proof), "bound 2^11");
    // A bound below the proof's length.
    let mut vp = keys().1.clone();
    vp.shared.max_log_cycles = log_cycles - 1;
    let r = verify_with(&vp, proof);
    assert!(
        matches!(r, Err(VerifyError::TraceTooLong { .. })),
        "bound below the proof's length: {r:?}"
    );
    // The length in the proof changed: out of range, or in range.
    for claimed in [
        0,
        3,
        log_cycles - 1,
        log_cycles + 1,
        10,
        11,
        64,
        u32::MAX as usize,
    ] {
        let mut p = proof.clone();
        p.log_cycles = claimed as u32;
        let r = verify_with(&keys().1, &p);
        if !(4..=10).contains(&claimed) {
            // Outside [MIN_LOG_CYCLES, bound]: the statement check, before any cryptography.
            assert!(
                matches!(r, Err(VerifyError::TraceTooLong { .. })),
                "log_cycles {claimed}: {r:?}"
            );
        } else {
            // In range: absorbed with the statement, and every shape follows from it.
            assert_first_layer_rejects(&r, &format!("log_cycles {claimed}"));
        }
    }
}

#[test]
fn a_proof_is_bound_to_its_r1cs_key_and_digest() {
    let proof = honest_proof();
    let shared = &keys().1.shared;
    // The R1CS key rebuilt for another address space (RAM one word higher), digest untouched.
    let mut vp = keys().1.clone();
    let mut space = shared.space;
    space.ram_base += 1;
    vp.shared.r1cs = jolt_core::constraints::rv32im_constraints(&shared.index, &space);
    assert_rejected(
        verify_with(&vp, proof),
        r1cs_constraint,
        "R1CS key for another address space",
    );
    // A digest that no longer matches the structure.
    let mut vp = keys().1.clone();
    vp.shared.digest[0] ^= 1;
    assert_first_layer_rejects(&verify_with(&vp, proof), "a changed digest");
}

// ---------------------------------------------------------------- item 10: purity

fn verdict(proof: &JoltProof<Hyrax>) -> Result<(), String> {
    verify_with(&keys().1, proof).map_err(|e| e.to_string())
}

#[test]
fn verification_is_pure() {
    let proof = honest_proof().clone();
    let mut bad = proof.clone();
    bad.slot_evaluations[0] += Fr::from(1u64);
    let first_bad = verdict(&bad);
    assert!(first_bad.is_err(), "the tampered proof is rejected");
    // After a rejection, the honest proof still verifies, and the tampered one is rejected
    // the same way again.
    assert_eq!(verdict(&proof), Ok(()));
    assert_eq!(verdict(&bad), first_bad);
    // In fresh threads, concurrently, from decoded bytes.
    let bytes = (proof.to_bytes(), bad.to_bytes());
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let bytes = bytes.clone();
            std::thread::spawn(move || {
                let decode = |b: &[u8]| JoltProof::<Hyrax>::from_bytes(b).expect("decodes");
                (verdict(&decode(&bytes.1)), verdict(&decode(&bytes.0)))
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("no panic"), (first_bad.clone(), Ok(())));
    }
}

// ---------------------------------------------------------------- item 9: DIV/REM advice

const MIN: u32 = 0x8000_0000;

/// (opcode, dividend, divisor): divisor 0, INT_MIN / −1, every sign combination.
const DIVISIONS: [(Opcode, u32, u32); 10] = [
    (Opcode::Divu, 7, 2),
    (Opcode::Divu, 7, 0),
    (Opcode::Remu, 7, 2),
    (Opcode::Div, 7, 2),
    (Opcode::Div, -7i32 as u32, 2),
    (Opcode::Rem, -7i32 as u32, 2),
    (Opcode::Div, 7, -2i32 as u32),
    (Opcode::Div, -7i32 as u32, -2i32 as u32),
    (Opcode::Div, MIN, u32::MAX),
    (Opcode::Div, 5, 0),
];

fn division_program() -> Program {
    let mut code = Vec::new();
    for (op, x, y) in DIVISIONS {
        code.extend(li(5, x));
        code.extend(li(6, y));
        code.push(r(op, 7, 5, 6));
    }
    code.extend(exit(0));
    let words = tracer::asm::assemble(&code).expect("assembles");
    Program::from_words(&words, config()).expect("loads")
}

common::once!(division_keys: Keys = common::preprocess(&division_program()));
common::once!(division_run: Execution = execute(&division_keys().0, &[]).expect("runs"));

/// Re-executes the `nth` division's sequence with `advice` instead of the honest advice, the
/// way a cheating prover would: every row computed from the registers, every lookup honest,
/// assertion outputs left as they come. Returns the first cycle, the cycles and the names of
/// the assertion rows whose output is not 1.
fn with_advice(nth: usize, advice: [u32; 2]) -> (usize, Vec<Cycle>, Vec<&'static str>) {
    let keys = division_keys();
    let run = division_run();
    let (_, x, y) = DIVISIONS[nth];
    let starts: Vec<usize> = (0..run.cycles.len())
        .filter(|k| {
            let this = row(keys, run, *k);
            this.micro.op.name() == "ADVICE" && (*k == 0 || row(keys, run, k - 1).pc != this.pc)
        })
        .collect();
    assert_eq!(starts.len(), DIVISIONS.len());
    let k0 = starts[nth];
    let pc = row(keys, run, k0).pc;
    let mut regs = [0u32; rv32im::REGISTER_COUNT];
    regs[5] = x;
    regs[6] = y;
    let mut advice = advice.into_iter();
    let mut cycles = Vec::new();
    let mut failed = Vec::new();
    for k in (k0..run.cycles.len()).take_while(|k| row(keys, run, *k).pc == pc) {
        let this = row(keys, run, k);
        let m = this.micro;
        let spec = rv32im::spec(m.op).expect("a row kind");
        let a = match spec.left {
            LeftOperand::Rs1 => regs[usize::from(m.rs1)],
            LeftOperand::Advice => advice.next().expect("two advice values"),
            LeftOperand::Pc | LeftOperand::Zero => 0,
        };
        let b = match spec.right {
            RightOperand::Rs2 => regs[usize::from(m.rs2)],
            RightOperand::Imm => m.imm,
            RightOperand::Zero => 0,
        };
        let lookup = spec.lookup.expect("every division row looks up");
        let output = lookup.lookup_entry(a, b);
        if spec.assert && output != 1 {
            failed.push(m.op.name());
        }
        if spec.rd == RdValue::LookupOutput && m.rd != 0 {
            regs[usize::from(m.rd)] = output;
        }
        cycles.push(Cycle {
            rd_after: regs[usize::from(this.rd)],
            x: a,
            y: b,
            output,
            lookup: Some(lookup),
            chunks: lookup.to_indices(a, b),
            ..run.cycles[k]
        });
    }
    (k0, cycles, failed)
}

fn spliced(k0: usize, cycles: &[Cycle]) -> Execution {
    let mut run = division_run().clone();
    run.cycles[k0..k0 + cycles.len()].copy_from_slice(cycles);
    run
}

#[test]
fn honest_division_edge_cases_are_accepted() {
    let run = division_run();
    common::prove_and_verify(division_keys(), run)
        .expect("divisor 0, INT_MIN / -1 and all signs verify");
    // The re-executor reproduces the honest cycles from the honest advice (RISC-V's answer,
    // written here from the specification, not taken from the prover).
    for (nth, (op, x, y)) in DIVISIONS.into_iter().enumerate() {
        let (q, r) = match (op, y) {
            (Opcode::Divu | Opcode::Remu, 0) => (u32::MAX, x),
            (Opcode::Divu | Opcode::Remu, _) => (x / y, x % y),
            (_, 0) => (u32::MAX, x),
            _ => {
                let (sx, sy) = (x as i32, y as i32);
                (
                    sx.wrapping_div(sy) as u32,
                    sx.wrapping_rem(sy).unsigned_abs(),
                )
            }
        };
        let (k0, cycles, failed) = with_advice(nth, [q, r]);
        assert!(failed.is_empty(), "{op:?}({x:#x}, {y:#x}): {failed:?}");
        assert_eq!(cycles, run.cycles[k0..k0 + cycles.len()], "{op:?}");
    }
}

#[test]
fn non_canonical_division_advice_is_rejected() {
    let max = u32::MAX;
    let neg = |v: i32| v as u32;
    // (division, advice (q, |r|), the assertions the soundness argument says fail).
    let cases: [(usize, [u32; 2], &[&str]); 11] = [
        // DIVU 7/2: q−1, r+y: x = q·y + r holds but r ≥ y.
        (0, [2, 3], &["ASSERT_VALID_UNSIGNED_REMAINDER"]),
        // DIVU 7/2: q+1, r−y: x ≡ q·y + r only mod 2^32 (r wraps); q·y > x and r ≥ y.
        (
            0,
            [4, max],
            &["ASSERT_VALID_UNSIGNED_REMAINDER", "ASSERT_LTE"],
        ),
        // DIVU 7/0: a quotient other than all ones (0·0 + 7 = 7 still holds).
        (1, [0, 7], &["ASSERT_VALID_DIV0"]),
        // REMU 7/2: remainder − divisor with quotient + 1.
        (
            2,
            [4, max],
            &["ASSERT_VALID_UNSIGNED_REMAINDER", "ASSERT_LTE"],
        ),
        // DIV 7/2: quotient + 1 alone.
        (3, [4, 1], &["ASSERT_EQ"]),
        // DIV 7/2: quotient − 1, remainder + divisor.
        (3, [2, 3], &["ASSERT_VALID_UNSIGNED_REMAINDER"]),
        // DIV −7/2, floor division (Jolt 2024's bug): q = −4, r = +1 — a remainder whose sign
        // is not the dividend's can only be encoded as |r| = 2^32 − 1.
        (4, [neg(-4), max], &["ASSERT_VALID_UNSIGNED_REMAINDER"]),
        // REM −7/2, floor division again.
        (5, [neg(-4), max], &["ASSERT_VALID_UNSIGNED_REMAINDER"]),
        // DIV 7/−2, floor: q = −4, r = −1.
        (6, [neg(-4), max], &["ASSERT_VALID_UNSIGNED_REMAINDER"]),
        // DIV INT_MIN/−1: q = INT_MIN + 1, r = −1.
        (8, [MIN + 1, 1], &["ASSERT_VALID_UNSIGNED_REMAINDER"]),
        // DIV 5/0: quotient 0.
        (9, [0, 5], &["ASSERT_VALID_DIV0"]),
    ];
    for (nth, advice, expected) in cases {
        let what = format!("{:?} advice {advice:x?}", DIVISIONS[nth]);
        let (k0, cycles, failed) = with_advice(nth, advice);
        let mut failed_sorted = failed.clone();
        failed_sorted.sort_unstable();
        let mut expected_sorted = expected.to_vec();
        expected_sorted.sort_unstable();
        assert_eq!(failed_sorted, expected_sorted, "{what}: failing assertions");
        // R1CS pins every assertion's output to 1.
        let run = spliced(k0, &cycles);
        assert_rejected(
            common::prove_and_verify(division_keys(), &run),
            r1cs_constraint,
            &what,
        );
    }
    // A cheater who also claims the failing assertion's lookup returned 1 meets Surge.
    let (k0, mut cycles, _) = with_advice(3, [2, 3]);
    let at = cycles
        .iter()
        .position(|c| {
            c.lookup.is_some() && c.output == 0 && {
                let row = division_keys().0.shared.bytecode.rows()[c.row as usize];
                row.micro.op.name() == "ASSERT_VALID_UNSIGNED_REMAINDER"
            }
        })
        .expect("the failing assertion");
    cycles[at].output = 1;
    let run = spliced(k0, &cycles);
    assert_rejected(
        common::prove_and_verify(division_keys(), &run),
        lookup_output,
        "a failing assertion's output claimed to be 1",
    );
}
