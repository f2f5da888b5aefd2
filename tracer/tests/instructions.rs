//! Per-instruction semantics, independent of qemu and of the tracer's own `alu`/`div_rem`:
//! every expected value below was worked out by hand from the RISC-V unprivileged
//! specification (chapters 2 and 7), with the arithmetic written next to it where it is not
//! obvious. Each case is a small program (assembled with `tracer::asm`) stepped with
//! `Emulator::step`; the registers, memory and the trace row are checked.

use tracer::asm::{self, b, i, jal, jalr, li, r, s};
use tracer::{Emulator, Instruction, MemoryConfig, Opcode, Program, RAM_START, TraceRow};

use Opcode::*;

/// Where `asm::elf` puts the data of every program here (they are all under 1024 words).
const DATA: u32 = RAM_START + 0x1000;

/// The outcome of running a program to its exit.
struct Ran {
    rows: Vec<TraceRow>,
    registers: [u32; 32],
    exit_code: u32,
    /// The data words after the run.
    data: Vec<u32>,
    data_address: u32,
}

/// Runs `code` followed by `exit(0)` (unless it already ends in an ecall), with `data` in a
/// writable segment at `asm::data_address`.
fn run(mut code: Vec<Instruction>, data: &[u8]) -> Ran {
    if code.last().map(|ins| ins.opcode) != Some(Ecall) {
        code.extend(asm::exit(0));
    }
    let words = asm::assemble(&code).expect("test programs encode");
    let elf = asm::elf(&words, data, &MemoryConfig::default()).expect("test programs fit");
    let program = Program::from_elf(&elf).expect("test programs load");
    let mut emulator = Emulator::new(&program, &[]).expect("no input");
    let mut rows = Vec::new();
    let exit_code = loop {
        let (row, exit) = emulator.step().expect("test programs run to exit");
        rows.push(row);
        if let Some(code) = exit {
            break code;
        }
        assert!(rows.len() < 10_000, "runaway test program");
    };
    let data_address = asm::data_address(words.len());
    assert_eq!(data_address, DATA);
    let data = (0..data.len().div_ceil(4) as u32)
        .map(|k| {
            emulator
                .peek_word(data_address + 4 * k)
                .expect("data is in memory")
        })
        .collect();
    Ran {
        rows,
        registers: *emulator.registers(),
        exit_code,
        data,
        data_address,
    }
}

/// The row of the instruction at word `index` of the program (its first execution).
fn row_at(ran: &Ran, index: usize) -> TraceRow {
    let pc = RAM_START + 4 * index as u32;
    *ran.rows
        .iter()
        .find(|row| row.pc == pc)
        .expect("instruction executed")
}

/// `op x7, x5, x6` with x5 = a, x6 = b; checks the row and returns x7.
fn rr(op: Opcode, a: u32, b: u32) -> u32 {
    let mut code = li(5, a);
    code.extend(li(6, b));
    let at = code.len();
    code.push(r(op, 7, 5, 6));
    let ran = run(code, &[]);
    let row = row_at(&ran, at);
    assert_eq!(row.instruction.opcode, op);
    assert_eq!((row.rs1_value, row.rs2_value), (a, b), "{op} operands");
    assert_eq!(row.rd_before, 0, "{op}: x7 starts at 0");
    assert_eq!(
        row.rd_after, ran.registers[7],
        "{op}: rd_after is the written value"
    );
    assert_eq!(row.memory, None);
    if !matches!(op, Div | Divu | Rem | Remu) {
        assert_eq!(row.advice, [0, 0], "{op}: advice only for DIV/REM");
    }
    ran.registers[7]
}

/// `op x7, x5, imm` with x5 = a; checks the row and returns x7.
fn ri(op: Opcode, a: u32, imm: i32) -> u32 {
    let mut code = li(5, a);
    let at = code.len();
    code.push(i(op, 7, 5, imm));
    let ran = run(code, &[]);
    let row = row_at(&ran, at);
    assert_eq!(row.instruction.opcode, op);
    assert_eq!((row.rs1_value, row.rs2_value), (a, 0), "{op}: rs2 is x0");
    assert_eq!(row.rd_after, ran.registers[7]);
    ran.registers[7]
}

fn check_rr(op: Opcode, cases: &[(u32, u32, u32)]) {
    for &(a, b, expected) in cases {
        assert_eq!(rr(op, a, b), expected, "{op} {a:#x}, {b:#x}");
    }
}

fn check_ri(op: Opcode, cases: &[(u32, i32, u32)]) {
    for &(a, imm, expected) in cases {
        assert_eq!(ri(op, a, imm), expected, "{op} {a:#x}, {imm}");
    }
}

const MIN: u32 = 0x8000_0000;
const MAX: u32 = 0x7fff_ffff;
const NEG1: u32 = 0xffff_ffff;

#[test]
fn add_sub() {
    check_rr(
        Add,
        &[
            (0, 0, 0),
            (1, NEG1, 0),
            (MAX, 1, MIN),
            (MIN, MIN, 0),
            (NEG1, NEG1, 0xffff_fffe),
            (0x1234_5678, 0x1111_1111, 0x2345_6789),
        ],
    );
    check_rr(
        Sub,
        &[
            (0, 1, NEG1),
            (MIN, 1, MAX),
            (5, 5, 0),
            (0, MIN, MIN),
            (MAX, NEG1, MIN),
            (0x2345_6789, 0x1111_1111, 0x1234_5678),
        ],
    );
}

#[test]
fn shifts_by_register_use_the_low_five_bits() {
    check_rr(
        Sll,
        &[
            (1, 31, MIN),
            (1, 32, 1),
            (1, 33, 2),
            (NEG1, 0, NEG1),
            (0x1234_5678, 4, 0x2345_6780),
            (3, NEG1, MIN), // amount 31: bit 1 falls off
            (1, MIN, 1),    // amount 0
        ],
    );
    check_rr(
        Srl,
        &[
            (MIN, 31, 1),
            (MIN, 32, MIN),
            (NEG1, 1, MAX),
            (0x1234_5678, 36, 0x0123_4567),
            (MIN, 0, MIN),
        ],
    );
    check_rr(
        Sra,
        &[
            (MIN, 31, NEG1),
            (MIN, 1, 0xc000_0000),
            (MAX, 31, 0),
            (MIN, 32, MIN),
            (0xffff_fff0, 2, 0xffff_fffc),
            (0xf000_0000, 63, NEG1),
            (0x7000_0000, 4, 0x0700_0000),
        ],
    );
}

#[test]
fn shifts_by_immediate() {
    check_ri(
        Slli,
        &[
            (1, 0, 1),
            (1, 31, MIN),
            (0x8000_0001, 1, 2),
            (0xabcd, 16, 0xabcd_0000),
        ],
    );
    check_ri(
        Srli,
        &[
            (MIN, 31, 1),
            (NEG1, 0, NEG1),
            (NEG1, 28, 0xf),
            (0xabcd_0000, 16, 0xabcd),
        ],
    );
    check_ri(
        Srai,
        &[
            (MIN, 31, NEG1),
            (MIN, 0, MIN),
            (0x4000_0000, 30, 1),
            (0xabcd_0000, 16, 0xffff_abcd),
        ],
    );
}

#[test]
fn comparisons() {
    check_rr(
        Slt,
        &[
            (NEG1, 0, 1),
            (0, NEG1, 0),
            (MIN, MAX, 1),
            (MAX, MIN, 0),
            (5, 5, 0),
            (MIN, MIN, 0),
        ],
    );
    check_rr(
        Sltu,
        &[
            (NEG1, 0, 0),
            (0, NEG1, 1),
            (MIN, MAX, 0),
            (MAX, MIN, 1),
            (5, 5, 0),
            (0, 1, 1),
        ],
    );
    check_ri(
        Slti,
        &[
            (NEG1, 0, 1),
            (0, -1, 0),
            (MIN, -2048, 1),
            (5, 5, 0),
            (MAX, 2047, 0),
        ],
    );
    // SLTIU compares with the sign-extended immediate read as unsigned.
    check_ri(
        Sltiu,
        &[
            (0, -1, 1),    // 0 < 0xffffffff
            (NEG1, -1, 0), // equal
            (0xffff_f800, -2048, 0),
            (MAX, -2048, 1), // 0x7fffffff < 0xfffff800
            (0, 1, 1),       // seqz
            (1, 1, 0),
        ],
    );
}

#[test]
fn logic() {
    check_rr(
        Xor,
        &[
            (NEG1, 0x0f0f_0f0f, 0xf0f0_f0f0),
            (0x1234_5678, 0x1234_5678, 0),
            (MIN, MAX, NEG1),
        ],
    );
    check_rr(
        Or,
        &[
            (0xf0f0_f0f0, 0x0f0f_0f0f, NEG1),
            (0, 0, 0),
            (MIN, 1, 0x8000_0001),
        ],
    );
    check_rr(
        And,
        &[
            (0xff00_ff00, 0x0ff0_0ff0, 0x0f00_0f00),
            (NEG1, 0x1234_5678, 0x1234_5678),
            (MIN, MAX, 0),
        ],
    );
    check_ri(
        Xori,
        &[
            (0x1234_5678, -1, 0xedcb_a987),
            (0, 0x7ff, 0x7ff),
            (NEG1, -2048, 0x7ff),
        ],
    );
    check_ri(Ori, &[(0, -2048, 0xffff_f800), (0x1000, 1, 0x1001)]);
    check_ri(
        Andi,
        &[
            (NEG1, 0x7ff, 0x7ff),
            (0x1234_5678, -256, 0x1234_5600),
            (0x1234_5678, 0, 0),
        ],
    );
    check_ri(
        Addi,
        &[
            (NEG1, 1, 0),
            (0, -2048, 0xffff_f800),
            (MAX, 1, MIN),
            (5, 2047, 2052),
            (MIN, -1, MAX),
        ],
    );
}

#[test]
fn multiplication() {
    check_rr(
        Mul,
        &[
            (NEG1, NEG1, 1),
            (MIN, NEG1, MIN),
            (0x1_0000, 0x1_0000, 0),
            (7, 6, 42),
            (MAX, 2, 0xffff_fffe),
            (0x1234_5678, 0x10, 0x2345_6780),
        ],
    );
    // Signed × signed, high word.
    check_rr(
        Mulh,
        &[
            (NEG1, NEG1, 0),         // (-1)(-1) = 1
            (MIN, MIN, 0x4000_0000), // 2^62
            (MIN, NEG1, 0),          // 2^31
            (MAX, MAX, 0x3fff_ffff), // 2^62 - 2^32 + 1
            (NEG1, 1, NEG1),         // -1
            (MIN, 1, NEG1),          // -2^31
            (MIN, MAX, 0xc000_0000), // -2^62 + 2^31: high = -2^30
            (0, NEG1, 0),
            (2, 3, 0),
        ],
    );
    // Signed rs1 × unsigned rs2, high word.
    check_rr(
        Mulhsu,
        &[
            (NEG1, NEG1, NEG1),       // -(2^32 - 1) = -2^32 + 1: high = -1
            (MIN, NEG1, MIN),         // -2^31 (2^32 - 1) = -2^63 + 2^31: high = -2^31
            (MAX, NEG1, 0x7fff_fffe), // (2^31 - 1)(2^32 - 1) = 2^63 - 2^32 - 2^31 + 1
            (1, NEG1, 0),
            (NEG1, 1, NEG1), // -1
            (NEG1, 0, 0),
            (MIN, MIN, 0xc000_0000), // -2^31 * 2^31 = -2^62
        ],
    );
    // Unsigned × unsigned, high word.
    check_rr(
        Mulhu,
        &[
            (NEG1, NEG1, 0xffff_fffe), // (2^32 - 1)^2 = 2^64 - 2^33 + 1
            (MIN, MIN, 0x4000_0000),
            (MIN, 2, 1),
            (NEG1, 1, 0),
            (0x1_0000, 0x1_0000, 1),
        ],
    );
}

/// (dividend, divisor, quotient, remainder)
fn check_division(div: Opcode, rem: Opcode, cases: &[(u32, u32, u32, u32)]) {
    for &(a, b, q, rm) in cases {
        assert_eq!(rr(div, a, b), q, "{div} {a:#x} / {b:#x}");
        assert_eq!(rr(rem, a, b), rm, "{rem} {a:#x} % {b:#x}");
        // Both rows carry [quotient, remainder] as advice.
        for op in [div, rem] {
            let mut code = li(5, a);
            code.extend(li(6, b));
            let at = code.len();
            code.push(r(op, 7, 5, 6));
            assert_eq!(row_at(&run(code, &[]), at).advice, [q, rm], "{op} advice");
        }
    }
}

#[test]
fn signed_division_truncates() {
    check_division(
        Div,
        Rem,
        &[
            (7, 2, 3, 1),
            (0xffff_fff9, 2, 0xffff_fffd, NEG1), // -7 / 2 = -3 rem -1
            (7, 0xffff_fffe, 0xffff_fffd, 1),    // 7 / -2 = -3 rem 1
            (0xffff_fff9, 0xffff_fffe, 3, NEG1), // -7 / -2 = 3 rem -1
            (5, 0, NEG1, 5),                     // x / 0 = -1 rem x
            (MIN, 0, NEG1, MIN),
            (0, 0, NEG1, 0),
            (MIN, NEG1, MIN, 0), // overflow: INT_MIN rem 0
            (MIN, 1, MIN, 0),
            (0, 5, 0, 0),
            (5, 7, 0, 5),
            (0xffff_fffb, 7, 0, 0xffff_fffb), // -5 / 7 = 0 rem -5
            (MAX, NEG1, 0x8000_0001, 0),      // -(2^31 - 1)
        ],
    );
}

#[test]
fn unsigned_division() {
    check_division(
        Divu,
        Remu,
        &[
            (7, 2, 3, 1),
            (NEG1, 2, MAX, 1),
            (MIN, NEG1, 0, MIN),
            (5, 0, NEG1, 5),
            (0, 0, NEG1, 0),
            (0xffff_fff9, 0xffff_fffe, 0, 0xffff_fff9),
            (0xffff_fffe, 0xffff_fff9, 1, 5),
            (NEG1, 1, NEG1, 0),
        ],
    );
}

#[test]
fn upper_immediates() {
    let ran = run(
        vec![
            asm::lui(5, 0xffff_f000),
            asm::lui(6, MIN),
            asm::lui(7, 0x1234_5000),
        ],
        &[],
    );
    assert_eq!(ran.registers[5..8], [0xffff_f000, MIN, 0x1234_5000]);
    let lui = ran.rows[0];
    assert_eq!(
        (lui.rs1_value, lui.rs2_value, lui.rd_before, lui.rd_after),
        (0, 0, 0, 0xffff_f000)
    );

    // AUIPC adds to its own pc; the sum wraps.
    let ran = run(
        vec![
            asm::fence(),
            asm::auipc(5, 0x1000),
            asm::auipc(6, MIN),
            asm::auipc(7, 0),
        ],
        &[],
    );
    assert_eq!(ran.registers[5], RAM_START + 4 + 0x1000);
    assert_eq!(ran.registers[6], 8); // 0x8000_0008 + 0x8000_0000 mod 2^32
    assert_eq!(ran.registers[7], RAM_START + 12);
}

#[test]
fn loads_extend_signs_and_zeros() {
    // word 0 = 0x80ff7f80, word 1 = 0x12348001
    let data = [0x80, 0x7f, 0xff, 0x80, 0x01, 0x80, 0x34, 0x12];
    let cases: [(Opcode, i32, u32); 16] = [
        (Lb, 0, 0xffff_ff80),
        (Lbu, 0, 0x80),
        (Lb, 1, 0x7f),
        (Lbu, 1, 0x7f),
        (Lb, 2, NEG1),
        (Lbu, 2, 0xff),
        (Lb, 3, 0xffff_ff80),
        (Lh, 0, 0x7f80),
        (Lhu, 0, 0x7f80),
        (Lh, 2, 0xffff_80ff),
        (Lhu, 2, 0x80ff),
        (Lw, 0, 0x80ff_7f80),
        (Lh, 4, 0xffff_8001),
        (Lhu, 4, 0x8001),
        (Lh, 6, 0x1234),
        (Lw, 4, 0x1234_8001),
    ];
    for (op, offset, expected) in cases {
        // x5 points 8 bytes past the data: also exercises negative offsets.
        let base = DATA + 8;
        let mut code = li(5, base);
        let at = code.len();
        code.push(i(op, 7, 5, offset - 8));
        let ran = run(code, &data);
        assert_eq!(ran.registers[7], expected, "{op} at +{offset}");
        let row = row_at(&ran, at);
        let address = ran.data_address + offset as u32;
        let word = if offset < 4 { 0x80ff_7f80 } else { 0x1234_8001 };
        let access = row.memory.expect("a load records its access");
        assert_eq!(
            (access.address, access.word_before, access.word_after),
            (address, word, word)
        );
        assert_eq!(access.word_address(), address & !3);
        assert_eq!((row.rs1_value, row.rd_after), (base, expected));
    }
}

#[test]
fn stores_merge_into_the_word() {
    let data = 0x1122_3344u32.to_le_bytes();
    let address = DATA;
    let mut code = li(5, address);
    code.extend(li(6, 0xaabb_ccdd));
    code.push(s(Sb, 6, 1, 5)); // bytes [44 dd 22 11]
    code.push(s(Sh, 6, 2, 5)); // bytes [44 dd dd cc]
    code.push(s(Sb, 6, 0, 5)); // bytes [dd dd dd cc]
    code.push(s(Sw, 0, 4, 5)); // word 1 = 0 (x0 reads zero)
    let ran = run(code, &[data, [0xff; 4]].concat());
    assert_eq!(ran.data, [0xccdd_dddd, 0]);
    let stores: Vec<_> = ran
        .rows
        .iter()
        .filter(|row| row.instruction.opcode.is_store())
        .collect();
    let expect = [
        (address + 1, 0x1122_3344, 0x1122_dd44),
        (address + 2, 0x1122_dd44, 0xccdd_dd44),
        (address, 0xccdd_dd44, 0xccdd_dddd),
        (address + 4, 0xffff_ffff, 0),
    ];
    for (row, (at, before, after)) in stores.iter().zip(expect) {
        let access = row.memory.unwrap();
        assert_eq!(
            (access.address, access.word_before, access.word_after),
            (at, before, after)
        );
        assert_eq!(row.rs1_value, address);
        // Stores write no register.
        assert_eq!((row.instruction.rd, row.rd_before, row.rd_after), (0, 0, 0));
    }
    assert_eq!(stores[0].rs2_value, 0xaabb_ccdd);
    assert_eq!(stores[3].rs2_value, 0);
}

#[test]
fn writes_to_x0_are_ignored() {
    let data = [0xff; 4];
    let mut code = li(31, DATA);
    code.extend([
        asm::addi(0, 0, 5),
        asm::lui(0, 0x1234_5000),
        asm::auipc(0, 0x1000),
        r(Add, 0, 31, 31),
        r(Mul, 0, 31, 31),
        r(Div, 0, 31, 0),
        i(Lw, 0, 31, 0),
        jal(0, 4),
        asm::addi(5, 0, 0), // x5 = x0 must still be 0
    ]);
    let ran = run(code, &data);
    assert_eq!(ran.registers[0], 0);
    assert_eq!(ran.registers[5], 0);
    for row in &ran.rows {
        if row.instruction.rd == 0 {
            assert_eq!((row.rd_before, row.rd_after), (0, 0), "{}", row.instruction);
        }
    }
}

#[test]
fn jal_links_and_jumps() {
    // 0: jal x1, +8 ; 4: addi x5, x0, 1 (skipped) ; 8: jal x0, +8 ; 12: addi x6, x0, 1
    // (skipped) ; 16: addi x7, x0, 7
    let ran = run(
        vec![
            jal(1, 8),
            asm::addi(5, 0, 1),
            jal(0, 8),
            asm::addi(6, 0, 1),
            asm::addi(7, 0, 7),
        ],
        &[],
    );
    assert_eq!(ran.registers[1], RAM_START + 4);
    assert_eq!(
        (ran.registers[5], ran.registers[6], ran.registers[7]),
        (0, 0, 7)
    );
    let pcs: Vec<u32> = ran
        .rows
        .iter()
        .take(3)
        .map(|row| row.pc - RAM_START)
        .collect();
    assert_eq!(pcs, [0, 8, 16]);
    assert_eq!(
        (ran.rows[0].rd_before, ran.rows[0].rd_after),
        (0, RAM_START + 4)
    );

    // Backwards: 0: jal x0, +12 ; 4: addi x5,x0,5 ; 8: jal x0, +12 (to 20) ; 12: jal x3, -8 (to 4)
    let ran = run(
        vec![
            jal(0, 12),
            asm::addi(5, 0, 5),
            jal(0, 12),
            jal(3, -8),
            asm::fence(),
            asm::addi(6, 0, 6),
        ],
        &[],
    );
    let pcs: Vec<u32> = ran
        .rows
        .iter()
        .take(5)
        .map(|row| row.pc - RAM_START)
        .collect();
    assert_eq!(pcs, [0, 12, 4, 8, 20]);
    assert_eq!(ran.registers[3], RAM_START + 16);
    assert_eq!((ran.registers[5], ran.registers[6]), (5, 6));
}

#[test]
fn jalr_clears_bit_zero_and_reads_rs1_before_writing_rd() {
    // x5 = RAM_START; jalr x1, 17(x5) → target (RAM_START + 17) & !1 = RAM_START + 16.
    let mut code = li(5, RAM_START); // lui (1 instruction)
    assert_eq!(code.len(), 1);
    code.extend([
        jalr(1, 5, 17),     // 4
        asm::addi(6, 0, 1), // 8 (skipped)
        asm::addi(6, 0, 2), // 12 (skipped)
        asm::addi(7, 0, 3), // 16
        // x5 = RAM_START + 32; jalr x5, 0(x5): target from the old x5, x5 = link.
        asm::addi(5, 5, 32), // 20
        jalr(5, 5, 0),       // 24
        asm::addi(6, 0, 9),  // 28 (skipped)
        asm::addi(8, 0, 4),  // 32
    ]);
    let ran = run(code, &[]);
    assert_eq!(ran.registers[1], RAM_START + 8);
    assert_eq!(
        (ran.registers[6], ran.registers[7], ran.registers[8]),
        (0, 3, 4)
    );
    assert_eq!(ran.registers[5], RAM_START + 28);
    let jalr_rows: Vec<_> = ran
        .rows
        .iter()
        .filter(|row| row.instruction.opcode == Jalr)
        .collect();
    assert_eq!(jalr_rows[0].rs1_value, RAM_START);
    assert_eq!(
        (
            jalr_rows[1].rs1_value,
            jalr_rows[1].rd_before,
            jalr_rows[1].rd_after
        ),
        (RAM_START + 32, RAM_START + 32, RAM_START + 28)
    );
    let pcs: Vec<u32> = ran
        .rows
        .iter()
        .map(|row| row.pc - RAM_START)
        .take(7)
        .collect();
    assert_eq!(pcs, [0, 4, 16, 20, 24, 32, 36]);
}

#[test]
fn branches_taken_and_not_taken() {
    let cases: &[(Opcode, u32, u32, bool)] = &[
        (Beq, 5, 5, true),
        (Beq, 5, 6, false),
        (Beq, 0, MIN, false),
        (Bne, 5, 6, true),
        (Bne, 5, 5, false),
        (Blt, NEG1, 0, true),
        (Blt, 0, NEG1, false),
        (Blt, 5, 5, false),
        (Blt, MIN, MAX, true),
        (Bge, 0, NEG1, true),
        (Bge, 5, 5, true),
        (Bge, NEG1, 0, false),
        (Bge, MAX, MIN, true),
        (Bltu, 0, NEG1, true),
        (Bltu, NEG1, 0, false),
        (Bltu, 5, 5, false),
        (Bltu, MAX, MIN, true),
        (Bgeu, NEG1, 0, true),
        (Bgeu, 5, 5, true),
        (Bgeu, 0, 1, false),
        (Bgeu, MIN, MAX, true),
    ];
    for &(op, a, bv, taken) in cases {
        let mut code = li(5, a);
        code.extend(li(6, bv));
        let at = code.len() as u32 * 4;
        code.push(b(op, 5, 6, 8));
        code.push(asm::addi(7, 0, 1)); // skipped when taken
        code.push(asm::addi(8, 0, 2));
        let ran = run(code, &[]);
        assert_eq!(ran.registers[7], u32::from(!taken), "{op} {a:#x}, {bv:#x}");
        assert_eq!(ran.registers[8], 2);
        let index = ran
            .rows
            .iter()
            .position(|row| row.instruction.opcode == op)
            .unwrap();
        let row = ran.rows[index];
        assert_eq!(
            (row.pc - RAM_START, row.rs1_value, row.rs2_value),
            (at, a, bv)
        );
        assert_eq!((row.rd_before, row.rd_after, row.memory), (0, 0, None));
        let next = ran.rows[index + 1].pc - RAM_START;
        assert_eq!(next, if taken { at + 8 } else { at + 4 }, "{op} next pc");
    }
    // A backward branch: a countdown loop runs its body three times.
    let ran = run(
        vec![
            asm::addi(5, 0, 3),
            asm::addi(6, 6, 10),
            asm::addi(5, 5, -1),
            b(Bne, 5, 0, -8),
        ],
        &[],
    );
    assert_eq!((ran.registers[5], ran.registers[6]), (0, 30));
}

#[test]
fn fence_changes_nothing() {
    let ran = run(
        vec![asm::addi(5, 0, 1), asm::fence(), asm::addi(6, 0, 2)],
        &[],
    );
    let row = ran.rows[1];
    assert_eq!(row.instruction, asm::fence());
    assert_eq!(
        (row.rd_before, row.rd_after, row.memory, row.advice),
        (0, 0, None, [0, 0])
    );
    assert_eq!(ran.rows[2].pc, row.pc + 4);
    assert_eq!((ran.registers[5], ran.registers[6]), (1, 2));
}

#[test]
fn exit_ecalls() {
    let ran = run(asm::exit(0xdead_beef), &[]);
    assert_eq!(ran.exit_code, 0xdead_beef);
    let last = ran.rows.last().unwrap();
    assert_eq!(last.instruction, asm::ecall());
    assert_eq!(ran.rows.len(), asm::exit(0xdead_beef).len());
    // exit_group (94) is accepted too.
    let mut code = li(10, 3);
    code.extend(li(17, 94));
    code.push(asm::ecall());
    assert_eq!(run(code, &[]).exit_code, 3);
}

#[test]
fn run_and_trace_agree_with_step() {
    // The fast path (no rows) and the traced path agree with stepping.
    let mut code = li(5, 0x1234_5678);
    code.extend(li(6, 7));
    code.extend([r(Divu, 7, 5, 6), r(Mulhu, 8, 5, 5), i(Srai, 9, 5, 3)]);
    code.extend(asm::exit(42));
    let words = asm::assemble(&code).unwrap();
    let program = Program::from_words(&words, MemoryConfig::default()).unwrap();
    let fast = tracer::run(&program, &[], 1000).unwrap();
    let (traced, rows) = tracer::trace(&program, &[], 1000).unwrap();
    assert_eq!(fast, traced);
    assert_eq!(fast.exit_code, 42);
    assert_eq!(fast.cycles, code.len() as u64);
    let stepped = run(code, &[]);
    assert_eq!(rows, stepped.rows);
    // 0x12345678 / 7 = 0x0299_c335 rem 5: 7 * 0x0299_c335 = 0x1234_5673.
    assert_eq!(stepped.registers[7], 0x0299_c335);
    // 0x12345678^2 = 0x014b_66dc_1df4_d840: its high word. 0x12345678 >> 3 = 0x0246_8acf.
    assert_eq!(stepped.registers[8], 0x014b_66dc);
    assert_eq!(stepped.registers[9], 0x0246_8acf);
}
