//! RV32IM conformance **in prove mode** (DESIGN.md §9 item 13): every RV32IM opcode runs on
//! edge operands in an assembled program whose results land in the public output, and the
//! run is proved and verified. The expected words come from an oracle independent of the
//! prover: [`oracle`] (plain Rust integer arithmetic, itself pinned by hand-checked RISC-V
//! specification values in [`oracle_matches_hand_checked_spec_values`]) and the tracer run on
//! the same ELF (the tracer is checked in lockstep against qemu in `host/tests`). A verified
//! proof binds the output, so `verified output == oracle` is the conformance statement.
//!
//! Grouping: **one program per opcode** (45 programs; JAL and JALR share one, FENCE and
//! ECALL one), each running its opcode on every operand pair of a small edge grid (plus
//! `rd = rs1 = rs2` aliasing and a discarded write to x0). Preprocessing, proving and
//! verifying one such program takes 1.2–2 s in release on the 2-core development machine —
//! the fixed cost (12 lookup memories of 2^18–2^19 entries, the address space) dominates, not
//! the 2^8–2^12 cycles — so per-opcode programs keep a failure's report exact at a modest
//! total: the whole file runs in about 70 s with `--test-threads 1` and 110 s with the default
//! two test threads beside another build. The Hyrax key is set up once and shared (every
//! program has at most 2^16-entry polynomials); the DIV program is also proved with
//! Zeromorph. EBREAK is not provable (the VM stops with an error on it): checked as an error.

use std::sync::OnceLock;

use jolt_core::pcs::{CommitmentScheme, Hyrax, HyraxParams, KzgSrs, Zeromorph};
use jolt_core::preprocessing::ProgramPreprocessing;
use jolt_core::{ProveError, ProverPreprocessing, VerifierPreprocessing};
use tracer::asm::{self, addi, auipc, b, i, jal, jalr, li, lui, r, s};
use tracer::{Instruction, Layout, MemoryConfig, Opcode, Program, TracerError};

const MAX_LOG_CYCLES: usize = 14;

fn config() -> MemoryConfig {
    MemoryConfig {
        memory_size: 1 << 15,
        stack_size: 4 << 10,
        max_input_size: 16,
        max_output_size: 1 << 11,
    }
}

fn layout() -> Layout {
    Layout::new(config()).expect("a valid configuration")
}

// ---------------------------------------------------------------- the oracle

const MIN: u32 = 0x8000_0000;
const MAX: u32 = 0x7FFF_FFFF;

/// Operands: zero, one, two, −1, −2, INT_MIN (= 0x8000_0000), INT_MAX, INT_MIN + 1, and two
/// mixed patterns (one positive, one negative).
const VALUES: [u32; 10] = [
    0,
    1,
    2,
    u32::MAX,
    u32::MAX - 1,
    MIN,
    MAX,
    MIN + 1,
    0x1234_5678,
    0xFEDC_BA98,
];

/// Register shift amounts: 0, 1, 31, and amounts ≥ 32 whose low five bits matter.
const SHIFT_AMOUNTS: [u32; 8] = [0, 1, 15, 31, 32, 33, 63, 0xFFFF_FFE1];

/// 12-bit immediates: 0, ±1, both ends of the range, and a pattern.
const IMMEDIATES: [i32; 7] = [0, 1, -1, 2047, -2048, 0x555, -0x556];

/// The RISC-V result of a register-register (or register-immediate) operation, written from
/// the specification with Rust's integer operations, independently of the tracer and of
/// `instruction_tables`.
fn oracle(op: Opcode, a: u32, b: u32) -> u32 {
    use Opcode::*;
    let (sa, sb) = (a as i32, b as i32);
    match op {
        Add | Addi => a.wrapping_add(b),
        Sub => a.wrapping_sub(b),
        Sll | Slli => a << (b & 31),
        Srl | Srli => a >> (b & 31),
        Sra | Srai => (sa >> (b & 31)) as u32,
        Slt | Slti => u32::from(sa < sb),
        Sltu | Sltiu => u32::from(a < b),
        Xor | Xori => a ^ b,
        Or | Ori => a | b,
        And | Andi => a & b,
        Mul => a.wrapping_mul(b),
        Mulh => ((i64::from(sa) * i64::from(sb)) >> 32) as u32,
        Mulhsu => ((i64::from(sa) * i64::from(b)) >> 32) as u32,
        Mulhu => ((u64::from(a) * u64::from(b)) >> 32) as u32,
        Div if b == 0 => u32::MAX,
        Div => sa.wrapping_div(sb) as u32,
        Divu => a.checked_div(b).unwrap_or(u32::MAX),
        Rem if b == 0 => a,
        Rem => sa.wrapping_rem(sb) as u32,
        Remu => a.checked_rem(b).unwrap_or(a),
        Beq => u32::from(a == b),
        Bne => u32::from(a != b),
        Blt => u32::from(sa < sb),
        Bge => u32::from(sa >= sb),
        Bltu => u32::from(a < b),
        Bgeu => u32::from(a >= b),
        other => panic!("no oracle for {other:?}"),
    }
}

#[test]
fn oracle_matches_hand_checked_spec_values() {
    use Opcode::*;
    // RISC-V unprivileged spec, §7.2 table 7.1 (division by zero and overflow) and the
    // definitions of the other operations, worked by hand.
    for (op, a, b, expected) in [
        (Div, 7, 0, u32::MAX),
        (Divu, 7, 0, u32::MAX),
        (Rem, 7, 0, 7),
        (Remu, 7, 0, 7),
        (Div, MIN, u32::MAX, MIN),
        (Rem, MIN, u32::MAX, 0),
        (Div, -7i32 as u32, 2, -3i32 as u32),
        (Rem, -7i32 as u32, 2, -1i32 as u32),
        (Div, 7, -2i32 as u32, -3i32 as u32),
        (Rem, 7, -2i32 as u32, 1),
        (Div, -7i32 as u32, -2i32 as u32, 3),
        (Rem, -7i32 as u32, -2i32 as u32, -1i32 as u32),
        (Divu, u32::MAX, 2, MAX),
        (Remu, u32::MAX, 2, 1),
        (Mulh, MIN, MIN, 0x4000_0000),
        (Mulh, u32::MAX, u32::MAX, 0),
        (Mulh, MIN, 1, u32::MAX),
        (Mulhsu, u32::MAX, u32::MAX, u32::MAX),
        (Mulhsu, MIN, u32::MAX, 0x8000_0000),
        (Mulhu, u32::MAX, u32::MAX, 0xFFFF_FFFE),
        (Mul, MIN, u32::MAX, MIN),
        (Sra, MIN, 31, u32::MAX),
        (Sra, MIN, 32, MIN),
        (Srl, MIN, 31, 1),
        (Sll, 1, 32, 1),
        (Sll, 1, 63, MIN),
        (Slt, MIN, 0, 1),
        (Sltu, MIN, 0, 0),
        (Sub, 0, 1, u32::MAX),
        (Add, MAX, 1, MIN),
    ] {
        assert_eq!(oracle(op, a, b), expected, "{op:?}({a:#x}, {b:#x})");
    }
}

// ---------------------------------------------------------------- programs

/// Output pointer (advances by 4 per result), output-region base and data base registers.
const OUT: u8 = 30;
const OUT_BASE: u8 = 27;
const DATA: u8 = 29;
const TMP: u8 = 28;
/// The prologue's length in instructions: `lui OUT_BASE; addi OUT; lui DATA`.
const PROLOGUE: usize = 3;

/// A conformance program: a body between a fixed prologue and an epilogue, optional data,
/// and the expected output words.
struct Case {
    name: String,
    code: Vec<Instruction>,
    data: Vec<u8>,
    expected: Vec<u32>,
    exit_code: u32,
}

impl Case {
    fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            code: Vec::new(),
            data: Vec::new(),
            expected: Vec::new(),
            exit_code: 0,
        }
    }

    /// The address the next body instruction will have.
    fn next_pc(&self) -> u32 {
        tracer::RAM_START + 4 * (PROLOGUE + self.code.len()) as u32
    }

    /// Emits register `reg` as the next output word, expected to be `value`.
    fn emit(&mut self, reg: u8, value: u32) {
        self.code.push(s(Opcode::Sw, reg, 0, OUT));
        self.code.push(addi(OUT, OUT, 4));
        self.expected.push(value);
    }

    fn expected_output(&self) -> Vec<u8> {
        self.expected.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// The whole program: prologue, body, output length, exit; data on the page after the
    /// code.
    fn program(&self) -> Program {
        let l = layout();
        let base = li(OUT_BASE, l.output_start);
        assert_eq!(base.len(), 1, "the output region is page aligned");
        let mut code = base;
        code.push(addi(OUT, OUT_BASE, 12));
        code.push(lui(DATA, 0));
        assert_eq!(code.len(), PROLOGUE);
        code.extend(self.code.iter().copied());
        code.extend(li(TMP, 4 * self.expected.len() as u32));
        code.push(s(Opcode::Sw, TMP, 8, OUT_BASE));
        code.extend(asm::exit(self.exit_code));
        // The data address depends only on the code's length, which the lui's value does not
        // change.
        code[2] = lui(DATA, asm::data_address(code.len()));
        let words = asm::assemble(&code).expect("assembles");
        let elf = asm::elf(&words, &self.data, &config()).expect("links");
        Program::from_elf_with_config(&elf, config()).expect("loads")
    }
}

/// `li` of both operands, the operation into x7, output x7, for every pair; then the aliased
/// form `op x5, x5, x5` and a discarded write to x0.
fn r_case(op: Opcode, xs: &[u32], ys: &[u32]) -> Case {
    let mut case = Case::new(format!("{op:?}"));
    for &a in xs {
        for &b in ys {
            case.code.extend(li(5, a));
            case.code.extend(li(6, b));
            case.code.push(r(op, 7, 5, 6));
            case.emit(7, oracle(op, a, b));
        }
    }
    let a = 0x8765_4321;
    case.code.extend(li(5, a));
    case.code.push(r(op, 5, 5, 5));
    case.emit(5, oracle(op, a, a));
    case.code.extend(li(5, 3));
    case.code.extend(li(6, 5));
    case.code.push(r(op, 0, 5, 6));
    case.emit(0, 0);
    case
}

/// Every operand with every immediate, then `op x5, x5, imm` and a write to x0.
fn imm_case(op: Opcode, xs: &[u32], imms: &[i32]) -> Case {
    let mut case = Case::new(format!("{op:?}"));
    for &a in xs {
        for &imm in imms {
            case.code.extend(li(5, a));
            case.code.push(i(op, 7, 5, imm));
            case.emit(7, oracle(op, a, imm as u32));
        }
    }
    case.code.extend(li(5, 9));
    case.code.push(i(op, 5, 5, 3));
    case.emit(5, oracle(op, 9, 3));
    case.code.push(i(op, 0, 5, 1));
    case.emit(0, 0);
    case
}

/// Each pair branches forward (over one instruction) and backward (into a block that sets
/// the flag and jumps past the branch); x7 is the taken flag.
fn branch_case(op: Opcode) -> Case {
    let mut case = Case::new(format!("{op:?}"));
    for &x in &VALUES[..8] {
        for &y in &VALUES[..8] {
            let taken = oracle(op, x, y);
            case.code.extend(li(5, x));
            case.code.extend(li(6, y));
            case.code.push(addi(7, 0, 1));
            case.code.push(b(op, 5, 6, 8));
            case.code.push(addi(7, 0, 0));
            case.emit(7, taken);
            //  0: addi x7, x0, 0     4: jal x0, +12 (to 16)
            //  8: addi x7, x0, 1    12: jal x0, +8  (to 20)
            // 16: b.. x5, x6, -8    20: …
            case.code.push(addi(7, 0, 0));
            case.code.push(jal(0, 12));
            case.code.push(addi(7, 0, 1));
            case.code.push(jal(0, 8));
            case.code.push(b(op, 5, 6, -8));
            case.emit(7, taken);
        }
    }
    // rs1 = rs2: always equal.
    case.code.push(addi(7, 0, 1));
    case.code.push(b(op, 5, 5, 8));
    case.code.push(addi(7, 0, 0));
    case.emit(7, oracle(op, 1, 1));
    case
}

/// The data the load and store programs start from: signs, zeros and patterns at every byte.
const DATA_BYTES: [u8; 16] = [
    0x80, 0x7F, 0xFF, 0x01, 0x00, 0x80, 0xFF, 0x7F, 0x78, 0x56, 0x34, 0x12, 0x98, 0xBA, 0xDC, 0xFE,
];

fn access_size(op: Opcode) -> usize {
    match op {
        Opcode::Lb | Opcode::Lbu | Opcode::Sb => 1,
        Opcode::Lh | Opcode::Lhu | Opcode::Sh => 2,
        _ => 4,
    }
}

fn load_oracle(op: Opcode, data: &[u8], at: usize) -> u32 {
    let byte = |k: usize| data[at + k];
    match op {
        Opcode::Lb => byte(0) as i8 as i32 as u32,
        Opcode::Lbu => u32::from(byte(0)),
        Opcode::Lh => i16::from_le_bytes([byte(0), byte(1)]) as i32 as u32,
        Opcode::Lhu => u32::from(u16::from_le_bytes([byte(0), byte(1)])),
        Opcode::Lw => u32::from_le_bytes([byte(0), byte(1), byte(2), byte(3)]),
        other => panic!("{other:?} is not a load"),
    }
}

/// Loads at every offset the access size allows (every byte, even, multiples of 4), from
/// the data base with a positive immediate and from the data's end with a negative one.
fn load_case(op: Opcode) -> Case {
    let mut case = Case::new(format!("{op:?}"));
    case.data = DATA_BYTES.to_vec();
    case.code.push(addi(8, DATA, 16));
    for at in (0..16).step_by(access_size(op)) {
        let expected = load_oracle(op, &DATA_BYTES, at);
        case.code.push(i(op, 7, DATA, at as i32));
        case.emit(7, expected);
        case.code.push(i(op, 7, 8, at as i32 - 16));
        case.emit(7, expected);
    }
    case.code.push(addi(9, DATA, 0));
    case.code.push(i(op, 9, 9, 12));
    case.emit(9, load_oracle(op, &DATA_BYTES, 12));
    case.code.push(i(op, 0, DATA, 0));
    case.emit(0, 0);
    case
}

/// Stores of edge values at every offset into the pattern data, each word read back with
/// LW; the oracle is a byte array updated by hand.
fn store_case(op: Opcode) -> Case {
    let mut case = Case::new(format!("{op:?}"));
    let size = access_size(op);
    let mut memory = DATA_BYTES.to_vec();
    case.data = memory.clone();
    case.code.push(addi(8, DATA, 16));
    let values = [0x1234_5680u32, u32::MAX, MIN, 0x0000_007F, 0, 0xA5C3_0F96];
    for (k, at) in (0..16).step_by(size).enumerate() {
        let value = values[k % values.len()];
        case.code.extend(li(5, value));
        if k % 2 == 0 {
            case.code.push(s(op, 5, at as i32, DATA));
        } else {
            case.code.push(s(op, 5, at as i32 - 16, 8));
        }
        memory[at..at + size].copy_from_slice(&value.to_le_bytes()[..size]);
        let word = at / 4 * 4;
        case.code.push(i(Opcode::Lw, 7, DATA, word as i32));
        let expected = u32::from_le_bytes(memory[word..word + 4].try_into().expect("4 bytes"));
        case.emit(7, expected);
    }
    case
}

const UPPER_IMMEDIATES: [u32; 5] = [0, 0x0000_1000, 0xFFFF_F000, MIN, 0x1234_5000];

fn lui_case() -> Case {
    let mut case = Case::new("Lui");
    for v in UPPER_IMMEDIATES {
        case.code.push(addi(7, 0, 123));
        case.code.push(lui(7, v));
        case.emit(7, v);
    }
    case.code.push(lui(0, 0xFFFF_F000));
    case.emit(0, 0);
    case
}

fn auipc_case() -> Case {
    let mut case = Case::new("Auipc");
    for v in UPPER_IMMEDIATES {
        let pc = case.next_pc();
        case.code.push(auipc(7, v));
        case.emit(7, pc.wrapping_add(v));
    }
    case.code.push(auipc(0, 0x1000));
    case.emit(0, 0);
    case
}

/// JAL and JALR: forward and backward, rd = ra / x0 / rs1, odd JALR targets (bit 0 cleared),
/// negative JALR immediates.
fn jump_case() -> Case {
    let mut case = Case::new("Jal+Jalr");
    // JAL forward with a link.
    case.code.push(addi(7, 0, 0));
    let at = case.next_pc();
    case.code.push(jal(1, 8));
    case.code.push(addi(7, 0, 1));
    case.emit(1, at + 4);
    case.emit(7, 0);
    // JAL rd = x0.
    case.code.push(jal(0, 8));
    case.code.push(addi(7, 0, 2));
    case.emit(7, 0);
    // JAL backward:  0: jal x0, +12 (to 12)   4: addi x7, x7, 5   8: jal x0, +8 (to 16)
    //               12: jal x6, -8 (to 4)    16: …
    case.code.push(jal(0, 12));
    case.code.push(addi(7, 7, 5));
    case.code.push(jal(0, 8));
    let at = case.next_pc();
    case.code.push(jal(6, -8));
    case.emit(7, 5);
    case.emit(6, at + 4);
    // JALR to an odd target: (pc + 13) & !1 = pc + 12, three instructions on.
    let base = case.next_pc();
    case.code.push(auipc(5, 0));
    case.code.push(jalr(1, 5, 13));
    case.code.push(addi(7, 0, 1));
    case.emit(1, base + 8);
    case.emit(7, 5);
    // JALR with a negative immediate, and rd = rs1.
    let base = case.next_pc();
    case.code.push(auipc(5, 0));
    case.code.push(addi(5, 5, 2000));
    case.code.push(jalr(5, 5, -2000 + 16));
    case.code.push(addi(7, 0, 1));
    case.emit(5, base + 12);
    case.emit(7, 5);
    // JALR backward with rd = x0:  0: auipc x5, 0   4: jal x0, +12 (to 16)   8: addi x7, x0, 9
    //                              12: jal x0, +8 (to 20)   16: jalr x0, 8(x5) (to 8)   20: …
    case.code.push(auipc(5, 0));
    case.code.push(jal(0, 12));
    case.code.push(addi(7, 0, 9));
    case.code.push(jal(0, 8));
    case.code.push(jalr(0, 5, 8));
    case.emit(7, 9);
    case
}

/// FENCE is a no-op; the ECALL exit carries an all-ones exit code.
fn fence_ecall_case() -> Case {
    let mut case = Case::new("Fence+Ecall");
    case.code.push(addi(7, 0, 5));
    case.code.push(asm::fence());
    case.code.push(addi(7, 7, 1));
    case.code.push(asm::fence());
    case.emit(7, 6);
    case.exit_code = u32::MAX;
    case
}

/// Every case: one per opcode (JAL/JALR and FENCE/ECALL share one).
fn cases() -> Vec<Case> {
    use Opcode::*;
    let mut out = Vec::new();
    for op in [Add, Sub, Slt, Sltu, Xor, Or, And, Mul, Mulh, Mulhsu, Mulhu] {
        out.push(r_case(op, &VALUES, &VALUES));
    }
    for op in [Div, Divu, Rem, Remu] {
        let mut ys = VALUES.to_vec();
        ys.push(3);
        ys.push(-3i32 as u32);
        out.push(r_case(op, &VALUES, &ys));
    }
    for op in [Sll, Srl, Sra] {
        out.push(r_case(op, &VALUES, &SHIFT_AMOUNTS));
    }
    for op in [Addi, Slti, Sltiu, Xori, Ori, Andi] {
        out.push(imm_case(op, &VALUES, &IMMEDIATES));
    }
    for op in [Slli, Srli, Srai] {
        out.push(imm_case(op, &VALUES, &[0, 1, 15, 31]));
    }
    for op in [Beq, Bne, Blt, Bge, Bltu, Bgeu] {
        out.push(branch_case(op));
    }
    for op in [Lb, Lh, Lw, Lbu, Lhu] {
        out.push(load_case(op));
    }
    for op in [Sb, Sh, Sw] {
        out.push(store_case(op));
    }
    out.push(lui_case());
    out.push(auipc_case());
    out.push(jump_case());
    out.push(fence_ecall_case());
    out
}

// ---------------------------------------------------------------- proving

type Key<C> = (
    <C as CommitmentScheme>::ProverKey,
    <C as CommitmentScheme>::VerifierKey,
);

/// Every program here has at most this many variables per committed polynomial (the largest
/// lookup memory's 19 dominate), so one PCS key serves them all.
const KEY_VARS: usize = 19;

fn hyrax_key() -> &'static Key<Hyrax> {
    static KEY: OnceLock<Key<Hyrax>> = OnceLock::new();
    KEY.get_or_init(|| Hyrax::setup(&HyraxParams::default(), KEY_VARS).expect("sets up"))
}

/// Runs the case in the tracer (the independent emulator), then proves and verifies it, and
/// checks that both outputs are the oracle's.
fn prove_case<C: CommitmentScheme>(case: &Case, key: &Key<C>) {
    let name = &case.name;
    let program = case.program();
    let expected = case.expected_output();
    let outcome = tracer::run(&program, &[], 1 << MAX_LOG_CYCLES)
        .unwrap_or_else(|e| panic!("{name}: the tracer fails: {e}"));
    assert_eq!(
        outcome.exit_code, case.exit_code,
        "{name}: tracer exit code"
    );
    assert_eq!(
        outcome.output.len(),
        expected.len(),
        "{name}: tracer output length"
    );
    for (k, (got, want)) in outcome
        .output
        .chunks(4)
        .zip(case.expected.iter())
        .enumerate()
    {
        let got = u32::from_le_bytes(got.try_into().expect("4 bytes"));
        assert_eq!(
            got, *want,
            "{name}: tracer result {k}: {got:#x} != {want:#x}"
        );
    }
    let shared = ProgramPreprocessing::new(&program, MAX_LOG_CYCLES).expect("preprocesses");
    assert!(shared.max_num_vars() <= KEY_VARS, "{name}: key too small");
    let vp = VerifierPreprocessing::<C> {
        program: program.clone(),
        shared: shared.clone(),
        vk: key.1.clone(),
    };
    let pp = ProverPreprocessing::<C>::from_parts(program, shared, key.0.clone());
    let (io, proof) = jolt_core::prove(&pp, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
    jolt_core::verify(&vp, &io, &proof).unwrap_or_else(|e| panic!("{name}: rejected: {e}"));
    assert_eq!(io.output, expected, "{name}: proven output");
    assert_eq!(io.exit_code, case.exit_code, "{name}: proven exit code");
    assert!(!io.panicked, "{name}");
}

fn prove_cases(filter: impl Fn(&Case) -> bool) {
    let key = hyrax_key();
    let mut n = 0;
    for case in cases().iter().filter(|c| filter(c)) {
        let start = std::time::Instant::now();
        prove_case::<Hyrax>(case, key);
        eprintln!(
            "{}: {} results, proved and verified in {:.2?}",
            case.name,
            case.expected.len(),
            start.elapsed()
        );
        n += 1;
    }
    assert!(n > 0, "no case selected");
}

fn named(names: &[&str]) -> impl Fn(&Case) -> bool {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    move |c: &Case| names.contains(&c.name)
}

#[test]
fn every_opcode_is_covered() {
    // Run every case in the tracer and collect the opcodes it executes: everything but
    // EBREAK (unprovable, below) must appear.
    let mut seen = std::collections::BTreeSet::new();
    for case in cases() {
        let (_, trace) = tracer::trace(&case.program(), &[], 1 << MAX_LOG_CYCLES)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        seen.extend(trace.iter().map(|row| row.instruction.opcode));
    }
    use strum::IntoEnumIterator;
    let missing: Vec<Opcode> = Opcode::iter()
        .filter(|op| *op != Opcode::Ebreak && !seen.contains(op))
        .collect();
    assert!(missing.is_empty(), "opcodes never executed: {missing:?}");
}

#[test]
fn register_alu_ops_prove() {
    prove_cases(named(&[
        "Add", "Sub", "Slt", "Sltu", "Xor", "Or", "And", "Sll", "Srl", "Sra",
    ]));
}

#[test]
fn multiplications_prove() {
    prove_cases(named(&["Mul", "Mulh", "Mulhsu", "Mulhu"]));
}

#[test]
fn divisions_prove() {
    prove_cases(named(&["Div", "Divu", "Rem", "Remu"]));
}

#[test]
fn immediate_ops_prove() {
    prove_cases(named(&[
        "Addi", "Slti", "Sltiu", "Xori", "Ori", "Andi", "Slli", "Srli", "Srai", "Lui", "Auipc",
    ]));
}

#[test]
fn branches_and_jumps_prove() {
    prove_cases(named(&[
        "Beq",
        "Bne",
        "Blt",
        "Bge",
        "Bltu",
        "Bgeu",
        "Jal+Jalr",
        "Fence+Ecall",
    ]));
}

#[test]
fn loads_and_stores_prove() {
    prove_cases(named(&["Lb", "Lh", "Lw", "Lbu", "Lhu", "Sb", "Sh", "Sw"]));
}

#[test]
fn a_division_program_proves_with_zeromorph() {
    let case = cases()
        .into_iter()
        .find(|c| c.name == "Div")
        .expect("the DIV case");
    let srs = KzgSrs::insecure_dev(0x00C0_FFEE, 1 << KEY_VARS);
    let key = Zeromorph::setup(&srs, KEY_VARS).expect("sets up");
    prove_case::<Zeromorph>(&case, &key);
}

/// Preprocessing for one program with the shared Hyrax key.
fn hyrax_preprocessing(
    program: Program,
) -> (ProverPreprocessing<Hyrax>, VerifierPreprocessing<Hyrax>) {
    let key = hyrax_key();
    let shared = ProgramPreprocessing::new(&program, MAX_LOG_CYCLES).expect("preprocesses");
    (
        ProverPreprocessing::from_parts(program.clone(), shared.clone(), key.0.clone()),
        VerifierPreprocessing {
            program,
            shared,
            vk: key.1.clone(),
        },
    )
}

#[test]
fn ebreak_is_an_error_not_a_proof() {
    // EBREAK on a path never taken is fine...
    let mut case = Case::new("ebreak skipped");
    case.code.push(jal(0, 8));
    case.code.push(asm::ebreak());
    case.code.push(addi(7, 0, 1));
    case.emit(7, 1);
    let (pp, vp) = hyrax_preprocessing(case.program());
    let (io, proof) = jolt_core::prove(&pp, &[]).expect("an EBREAK never executed proves");
    jolt_core::verify(&vp, &io, &proof).expect("verifies");
    assert_eq!(io.output, case.expected_output());
    // ...executed, the tracer stops and nothing is proved.
    let mut case = Case::new("ebreak executed");
    case.code.push(asm::ebreak());
    let (pp, _) = hyrax_preprocessing(case.program());
    match jolt_core::prove(&pp, &[]) {
        Err(ProveError::Tracer(TracerError::Breakpoint { pc })) => {
            assert_eq!(pc, tracer::RAM_START + 4 * PROLOGUE as u32);
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("an executed EBREAK was proved"),
    }
}
