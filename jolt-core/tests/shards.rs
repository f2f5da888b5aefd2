//! Continuations ([`jolt_core::shard`]): a run proven in shards verifies with both PCSs and
//! gives the single proof's I/O; every way of splicing, forging or cutting shards is rejected
//! by the specific check that owns it.
//!
//! The program bubble-sorts 12 words of RAM, then sums them with weights, quotients (DIVU, a
//! virtual sequence) and bytes (LBU, another), adds the input word, writes the sum as output
//! and exits with it. Shards of $2^8 - 1$ rows cut it in five places, so registers, RAM, the
//! I/O region and virtual sequences all cross boundaries.

mod common;

use std::sync::OnceLock;

use common::{Keys, assert_rejected, first_layer, r1cs_constraint};
use jolt_core::pcs::{CommitmentScheme, Hyrax, KzgSrs, Zeromorph};
use jolt_core::polys::PolyLayout;
use jolt_core::prover::{commit_memory, prove_shard_witness};
use jolt_core::shard::{ShardPlan, ShardStatement, ShardedProof, plan, prove_sharded};
use jolt_core::witness::{self, Cycle};
use jolt_core::{
    ProverPreprocessing, PublicIo, VerifierPreprocessing, VerifyError, verify_sharded,
};
use memory_checking::MemoryCheckingError;
use tracer::asm::{self, addi, b, i, li, r, s};
use tracer::{Emulator, Layout, Opcode, Program};

const SHARD_LOG_ROWS: usize = 8;
const MAX_LOG_CYCLES: usize = 11;
const WORDS: usize = 12;

/// A tiny assembler with labels: branches are patched once every label is known.
struct Code {
    code: Vec<tracer::Instruction>,
    patches: Vec<(usize, &'static str)>,
    labels: Vec<(&'static str, usize)>,
}

impl Code {
    fn new() -> Self {
        Self {
            code: Vec::new(),
            patches: Vec::new(),
            labels: Vec::new(),
        }
    }
    fn label(&mut self, name: &'static str) {
        self.labels.push((name, self.code.len()));
    }
    fn branch(&mut self, op: Opcode, rs1: u8, rs2: u8, to: &'static str) {
        self.patches.push((self.code.len(), to));
        self.code.push(b(op, rs1, rs2, 0));
    }
    fn finish(mut self) -> Vec<tracer::Instruction> {
        for (at, to) in &self.patches {
            let target = self.labels.iter().find(|(n, _)| n == to).expect("label").1;
            let offset = (target as i32 - *at as i32) * 4;
            let op = self.code[*at].opcode;
            let (rs1, rs2) = (self.code[*at].rs1, self.code[*at].rs2);
            self.code[*at] = b(op, rs1, rs2, offset);
        }
        self.code
    }
}

fn program() -> Program {
    let config = common::config();
    let layout = Layout::new(config).expect("layout");
    // The code is assembled twice: once to learn its length (where the data goes).
    let build = |data_at: u32| {
        let mut c = Code::new();
        c.code.extend(li(5, data_at));
        c.code.extend(li(9, WORDS as u32 - 1));
        c.label("pass");
        c.code.push(addi(10, 5, 0));
        c.code.push(addi(11, 0, WORDS as i32 - 1));
        c.label("inner");
        c.code.push(i(Opcode::Lw, 12, 10, 0));
        c.code.push(i(Opcode::Lw, 13, 10, 4));
        c.branch(Opcode::Bgeu, 13, 12, "keep");
        c.code.push(s(Opcode::Sw, 13, 0, 10));
        c.code.push(s(Opcode::Sw, 12, 4, 10));
        c.label("keep");
        c.code.push(addi(10, 10, 4));
        c.code.push(addi(11, 11, -1));
        c.branch(Opcode::Bne, 11, 0, "inner");
        c.code.push(addi(9, 9, -1));
        c.branch(Opcode::Bne, 9, 0, "pass");
        // acc = Σ (k+1)·a[k] + a[k]/3 + byte 1 of a[k], then + the input word.
        c.code.push(addi(10, 5, 0));
        c.code.push(addi(11, 0, WORDS as i32));
        c.code.push(addi(14, 0, 1));
        c.code.push(addi(15, 0, 0));
        c.code.push(addi(20, 0, 3));
        c.label("sum");
        c.code.push(i(Opcode::Lw, 12, 10, 0));
        c.code.push(r(Opcode::Mul, 16, 12, 14));
        c.code.push(r(Opcode::Add, 15, 15, 16));
        c.code.push(r(Opcode::Divu, 16, 12, 20));
        c.code.push(r(Opcode::Add, 15, 15, 16));
        c.code.push(i(Opcode::Lbu, 16, 10, 1));
        c.code.push(r(Opcode::Add, 15, 15, 16));
        c.code.push(addi(14, 14, 1));
        c.code.push(addi(10, 10, 4));
        c.code.push(addi(11, 11, -1));
        c.branch(Opcode::Bne, 11, 0, "sum");
        c.code.extend(li(18, layout.input_data_start()));
        c.code.push(i(Opcode::Lw, 12, 18, 0));
        c.code.push(r(Opcode::Add, 15, 15, 12));
        c.code.extend(li(18, layout.output_len_address()));
        c.code.push(addi(19, 0, 4));
        c.code.push(s(Opcode::Sw, 19, 0, 18));
        c.code.push(s(Opcode::Sw, 15, 4, 18));
        c.code.push(addi(10, 15, 0));
        c.code.extend(li(17, tracer::SYS_EXIT));
        c.code.push(asm::ecall());
        asm::assemble(&c.finish()).expect("assembles")
    };
    let words = build(asm::data_address(64)).len();
    assert!(words <= 64);
    let code = build(asm::data_address(words));
    assert_eq!(code.len(), words);
    let data: Vec<u8> = (0..WORDS as u32)
        .map(|k| k.wrapping_mul(0x9e37_79b9) ^ 0x5bd1_e995)
        .flat_map(|w| w.to_le_bytes())
        .collect();
    let elf = asm::elf(&code, &data, &config).expect("links");
    Program::from_elf_with_config(&elf, config).expect("loads")
}

fn input(word: u32) -> Vec<u8> {
    word.to_le_bytes().to_vec()
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        jolt_core::preprocess::<Hyrax>(&program(), MAX_LOG_CYCLES, &Default::default())
            .expect("preprocesses")
    })
}

/// One shard's honest pieces: its statement, initial memory and unpadded cycles.
#[derive(Clone)]
struct Part {
    statement: ShardStatement,
    init: Vec<u32>,
    cycles: Vec<Cycle>,
}

/// The honest run cut as `plan` says, shard by shard.
fn parts<C: CommitmentScheme>(
    pp: &ProverPreprocessing<C>,
    input: &[u8],
    plan: &ShardPlan,
) -> Vec<Part> {
    let shared = &pp.shared;
    let (_, trace) = Emulator::new(&pp.program, input)
        .expect("loads")
        .trace(1 << 20)
        .expect("runs");
    let mut memory = shared.initial_memory(input);
    let mut at = 0usize;
    let mut out = Vec::new();
    for (k, span) in plan.shards.iter().enumerate() {
        let rows = &trace[at..at + span.instructions as usize];
        at += span.instructions as usize;
        let cycles =
            witness::execute_trace(&shared.bytecode, &shared.space, &memory, rows, span.end_pc)
                .expect("executes");
        let init = memory.clone();
        let mut padded = cycles.clone();
        witness::pad(&mut padded).expect("pads");
        let w = witness::build(
            &shared.bytecode,
            &shared.surge,
            &init,
            &shared.access_tags(),
            span.end_pc.unwrap_or(0),
            &padded,
        )
        .expect("builds");
        memory = w.final_memory;
        out.push(Part {
            statement: plan.statement(k).expect("in the plan"),
            init,
            cycles,
        });
    }
    out
}

/// How a part is padded: as the run's last shard (repeat the exit) or with the pause row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pad {
    Exit,
    Pause,
}

/// Proves parts as given (honest or not), chaining final-value commitments, without the
/// prover's own I/O checks. `init_commitments[k]`, when set, replaces the commitment shard `k`
/// is told its initial memory has.
fn prove_parts<C: CommitmentScheme>(
    pp: &ProverPreprocessing<C>,
    io: &PublicIo,
    parts: &[(Part, Pad)],
    init_commitments: &[(usize, C::Commitment)],
) -> ShardedProof<C> {
    let shared = &pp.shared;
    let mut previous: Option<C::Commitment> = None;
    let mut shards = Vec::new();
    for (k, (part, pad)) in parts.iter().enumerate() {
        let mut cycles = part.cycles.clone();
        match pad {
            Pad::Exit => {
                witness::pad(&mut cycles).expect("pads");
            }
            Pad::Pause => {
                witness::pad_with_pause(&mut cycles, shared.bytecode.pause_row());
            }
        }
        let w = witness::build(
            &shared.bytecode,
            &shared.surge,
            &part.init,
            &shared.access_tags(),
            part.statement.end_pc.unwrap_or(0),
            &cycles,
        )
        .expect("builds");
        let init = init_commitments
            .iter()
            .find(|(j, _)| *j == k)
            .map(|(_, c)| c.clone())
            .or(previous.clone());
        let proof =
            prove_shard_witness(pp, io, &part.statement, init.as_ref(), &w).expect("proves");
        let layout = PolyLayout::new(shared, w.log_cycles);
        previous = Some(proof.commitments[layout.final_values()].clone());
        shards.push(proof);
    }
    ShardedProof {
        boundary_pcs: parts
            .iter()
            .filter_map(|(p, _)| p.statement.end_pc)
            .collect(),
        shards,
    }
}

/// Proves `parts[..=through]` and completes the proof with the honest proof's later shards:
/// for tampering at or before shard `through`, where the verifier stops anyway.
fn prove_through(
    parts: &[(Part, Pad)],
    init_commitments: &[(usize, <Hyrax as CommitmentScheme>::Commitment)],
    through: usize,
) -> ShardedProof<Hyrax> {
    let h = honest();
    let mut p = prove_parts(&keys().0, &h.io, &parts[..=through], init_commitments);
    p.shards
        .extend(h.proof.shards[through + 1..].iter().cloned());
    p.boundary_pcs = parts
        .iter()
        .filter_map(|(part, _)| part.statement.end_pc)
        .collect();
    p
}

fn honest_pads(parts: &[Part]) -> Vec<(Part, Pad)> {
    parts
        .iter()
        .map(|p| {
            let pad = if p.statement.is_last() {
                Pad::Exit
            } else {
                Pad::Pause
            };
            (p.clone(), pad)
        })
        .collect()
}

struct Honest {
    io: PublicIo,
    plan: ShardPlan,
    parts: Vec<Part>,
    proof: ShardedProof<Hyrax>,
}

fn honest() -> &'static Honest {
    static HONEST: OnceLock<Honest> = OnceLock::new();
    HONEST.get_or_init(|| {
        let (pp, _) = keys();
        let input = input(1000);
        let (io, proof) =
            prove_sharded(pp, &input, SHARD_LOG_ROWS, 1 << 20, &mut |_| {}).expect("proves");
        let plan = plan(pp, &input, SHARD_LOG_ROWS, 1 << 20).expect("plans");
        let parts = parts(pp, &input, &plan);
        Honest {
            io,
            plan,
            parts,
            proof,
        }
    })
}

fn verify(proof: &ShardedProof<Hyrax>, io: &PublicIo) -> Result<(), VerifyError> {
    verify_sharded(&keys().1, io, proof)
}

/// Asserts that `result` is shard `index`'s rejection, for the reason `inner` accepts.
fn assert_shard_rejected(
    result: Result<(), VerifyError>,
    index: usize,
    inner: common::Rejection,
    what: &str,
) {
    match result {
        Err(VerifyError::Shard {
            index: i, source, ..
        }) if i == index => assert_rejected(Err(*source), inner, what),
        other => panic!("{what}: expected shard {index}'s rejection, got {other:?}"),
    }
}

#[test]
fn a_sharded_run_verifies_and_equals_the_single_proof_run() {
    let h = honest();
    let (pp, vp) = keys();
    assert!(h.proof.num_shards() >= 5, "{} shards", h.proof.num_shards());
    verify(&h.proof, &h.io).expect("the sharded proof verifies");
    // The same run proven in one piece: the same I/O, exit code 0x… and output included.
    let (single_io, single) = jolt_core::prove(pp, &input(1000)).expect("proves");
    assert_eq!(single_io, h.io);
    jolt_core::verify(vp, &single_io, &single).expect("the single proof verifies");
    assert_eq!(h.io.output, h.io.exit_code.to_le_bytes());
    // Every shard but the last is full up to the cut rule; rows add up to the single run's.
    let rows: usize = h.plan.shards.iter().map(|s| s.rows).sum();
    assert!(rows > 4 * ((1 << SHARD_LOG_ROWS) - 16));
    // A run that fits one shard is today's proof, byte for byte.
    let (io1, one) =
        prove_sharded(pp, &input(1000), MAX_LOG_CYCLES, 1 << 20, &mut |_| {}).expect("proves");
    assert_eq!(one.num_shards(), 1);
    assert_eq!(io1, single_io);
    assert_eq!(one.shards[0].to_bytes(), single.to_bytes());
    // The encoding round-trips and is canonical.
    let bytes = h.proof.to_bytes();
    let back = ShardedProof::<Hyrax>::from_bytes(&bytes).expect("decodes");
    assert_eq!(back.to_bytes(), bytes);
    assert!(ShardedProof::<Hyrax>::from_bytes(&bytes[..bytes.len() - 1]).is_err());
}

#[test]
fn a_sharded_run_verifies_with_zeromorph() {
    let srs = KzgSrs::insecure_dev(0x5a4d, 1 << 19);
    let (pp, vp) =
        jolt_core::preprocess::<Zeromorph>(&program(), MAX_LOG_CYCLES, &srs).expect("preprocesses");
    let (io, proof) =
        prove_sharded(&pp, &input(7), SHARD_LOG_ROWS + 1, 1 << 20, &mut |_| {}).expect("proves");
    assert!(proof.num_shards() >= 3, "{} shards", proof.num_shards());
    verify_sharded(&vp, &io, &proof).expect("verifies");
    let mut forged = io;
    forged.exit_code ^= 1;
    assert!(verify_sharded(&vp, &forged, &proof).is_err());
}

#[test]
fn dropped_repeated_and_reordered_shards_are_rejected() {
    let h = honest();
    // Dropped: shard 2 and its start pc. Shard 0 absorbed another shard count.
    let mut p = h.proof.clone();
    p.shards.remove(2);
    p.boundary_pcs.remove(1);
    assert_shard_rejected(verify(&p, &h.io), 0, first_layer, "dropped");
    // Repeated: shard 1 twice.
    let mut p = h.proof.clone();
    p.shards.insert(1, p.shards[1].clone());
    p.boundary_pcs.insert(1, p.boundary_pcs[0]);
    assert_shard_rejected(verify(&p, &h.io), 0, first_layer, "repeated");
    // Reordered: shards 1 and 2 swapped with their boundaries: shard 1's place is checked.
    let mut p = h.proof.clone();
    p.shards.swap(1, 2);
    p.boundary_pcs.swap(0, 1);
    assert_shard_rejected(verify(&p, &h.io), 0, first_layer, "reordered");
    // Shards swapped, boundaries kept: shard 1 is checked at shard 2's place.
    let mut p = h.proof.clone();
    p.shards.swap(1, 2);
    assert_shard_rejected(verify(&p, &h.io), 1, first_layer, "swapped");
    // A boundary count that does not match the shards.
    let mut p = h.proof.clone();
    p.boundary_pcs.pop();
    assert!(matches!(
        verify(&p, &h.io),
        Err(VerifyError::ProofShape {
            what: "boundary pcs",
            ..
        })
    ));
    let empty = ShardedProof::<Hyrax> {
        boundary_pcs: Vec::new(),
        shards: Vec::new(),
    };
    assert!(matches!(
        verify(&empty, &h.io),
        Err(VerifyError::ProofShape { what: "shards", .. })
    ));
}

#[test]
fn shards_from_another_run_or_program_are_rejected() {
    let h = honest();
    let (pp, _) = keys();
    // Another run of the same program (another input): its shard 1 in this proof.
    let (_, other) =
        prove_sharded(pp, &input(1), SHARD_LOG_ROWS, 1 << 20, &mut |_| {}).expect("proves");
    assert_eq!(other.boundary_pcs, h.proof.boundary_pcs, "the same cuts");
    let mut p = h.proof.clone();
    p.shards[1] = other.shards[1].clone();
    assert_shard_rejected(verify(&p, &h.io), 1, first_layer, "other run");
    // Another program: the saved-proof program's single proof as a shard.
    let mut code = Vec::new();
    code.extend(li(10, 5));
    code.extend(asm::exit(5));
    let words = asm::assemble(&code).expect("assembles");
    let elf = asm::elf(&words, &[], &common::config()).expect("links");
    let twin = Program::from_elf_with_config(&elf, common::config()).expect("loads");
    let twin_keys = common::preprocess(&twin);
    let (_, foreign) = jolt_core::prove(&twin_keys.0, &[]).expect("proves");
    let mut p = h.proof.clone();
    let last = p.shards.len() - 1;
    p.shards[last] = foreign;
    let result = verify(&p, &h.io);
    // Its digest diverges the transcript (or its shapes are not this program's: another
    // program performs other lookups, so it has other lookup memories and commitments).
    let foreign_rejection = |e: &VerifyError| {
        first_layer(e)
            || matches!(
                e,
                VerifyError::ReadOnly(MemoryCheckingError::ProofShape { .. })
                    | VerifyError::ProofShape { .. }
            )
    };
    match &result {
        Err(VerifyError::Shard { index, source, .. })
            if *index == last && foreign_rejection(source) => {}
        other => panic!("foreign program: {other:?}"),
    }
}

#[test]
fn forged_boundaries_are_rejected() {
    let h = honest();
    // The verifier told another boundary pc than the prover used.
    let mut p = h.proof.clone();
    p.boundary_pcs[1] += 4;
    assert_shard_rejected(verify(&p, &h.io), 1, first_layer, "boundary pc");
    // A prover that proves shard 1 ending at another pc (and shard 2 starting there): shard
    // 1's last instruction does not move the pc to its pause row.
    let mut parts = honest_pads(&h.parts);
    let forged_pc = parts[1].0.statement.end_pc.unwrap() + 4;
    parts[1].0.statement.end_pc = Some(forged_pc);
    parts[2].0.statement.start_pc = forged_pc;
    let p = prove_through(&parts, &[], 1);
    assert_shard_rejected(verify(&p, &h.io), 1, r1cs_constraint, "forged end pc");
}

#[test]
fn tampered_memory_commitments_are_rejected() {
    let h = honest();
    let (pp, _) = keys();
    let shared = &pp.shared;
    // Shard 2 proven from another memory (a register changed), against the honest commitment
    // of its initial memory: the initial-memory opening fails.
    let mut parts = honest_pads(&h.parts);
    parts[2].0.init[31] ^= 1; // x31: never read, so only the opening can notice
    let honest_init = commit_memory(pp, &h.parts[2].init).expect("commits");
    let p = prove_through(&parts, &[(2, honest_init)], 2);
    assert_shard_rejected(
        verify(&p, &h.io),
        2,
        |e| matches!(e, VerifyError::Opening(_)),
        "forged initial memory",
    );
    // The same, with the forged memory's own commitment: the verifier passes shard 1's.
    let forged_init = commit_memory(pp, &parts[2].0.init).expect("commits");
    let p = prove_through(&parts, &[(2, forged_init)], 2);
    assert_shard_rejected(
        verify(&p, &h.io),
        2,
        first_layer,
        "forged initial commitment",
    );
    // A tampered final-values commitment in shard 1's proof.
    let mut p = h.proof.clone();
    let layout = PolyLayout::new(shared, p.shards[1].log_cycles as usize);
    let i = layout.final_values();
    p.shards[1].commitments[i] = p.shards[1].commitments[i - 1].clone();
    assert_shard_rejected(
        verify(&p, &h.io),
        1,
        first_layer,
        "tampered final commitment",
    );
    // The prover's own commitment of a memory state is the previous shard's final one.
    let layout = PolyLayout::new(shared, h.proof.shards[1].log_cycles as usize);
    assert_eq!(
        commit_memory(pp, &h.parts[2].init).expect("commits"),
        h.proof.shards[1].commitments[layout.final_values()]
    );
}

#[test]
fn termination_belongs_to_the_last_shard_only() {
    let h = honest();
    let (pp, _) = keys();
    // Shard 0 claimed as a whole run, with the I/O its memory has at its end (no output yet,
    // exit code a0): its last cycle is not an exit.
    let first = &h.parts[0];
    let mut truncated = first.clone();
    truncated.statement = ShardStatement::whole_run(pp.shared.entry_pc());
    let io = PublicIo {
        input: h.io.input.clone(),
        output: Vec::new(),
        panicked: false,
        terminated: false,
        exit_code: 0,
    };
    let p = prove_parts(pp, &io, &[(truncated, Pad::Exit)], &[]);
    assert_shard_rejected(
        verify(&p, &io),
        0,
        r1cs_constraint,
        "a non-final shard claiming termination",
    );
    // The last shard without its exit: pause rows after its last real instruction.
    let mut parts = honest_pads(&h.parts);
    let last = parts.len() - 1;
    parts[last].0.cycles.pop();
    parts[last].1 = Pad::Pause;
    let p = prove_parts(pp, &h.io, &parts, &[]);
    assert_shard_rejected(
        verify(&p, &h.io),
        last,
        r1cs_constraint,
        "a last shard without the exit",
    );
    // A non-final shard padded as if it exited (its last row repeated).
    let mut parts = honest_pads(&h.parts);
    parts[1].1 = Pad::Exit;
    let p = prove_through(&parts, &[], 1);
    assert_shard_rejected(
        verify(&p, &h.io),
        1,
        r1cs_constraint,
        "a non-final shard without its pause",
    );
}

#[test]
fn forged_output_or_exit_code_in_the_last_shard_is_rejected() {
    let h = honest();
    let (pp, _) = keys();
    let parts = honest_pads(&h.parts);
    let last = parts.len() - 1;
    // Against the honest proof, a forged statement diverges every shard's transcript.
    let mut io = h.io.clone();
    io.exit_code ^= 1;
    assert_shard_rejected(verify(&h.proof, &io), 0, first_layer, "exit code");
    // Every shard re-proven for the forged exit code: the last shard's R1CS rejects it.
    let p = prove_parts(pp, &io, &parts, &[]);
    assert_shard_rejected(
        verify(&p, &io),
        last,
        r1cs_constraint,
        "re-proven exit code",
    );
    // Every shard re-proven for a forged output: the last shard's output check rejects it.
    let mut io = h.io.clone();
    io.output[0] ^= 1;
    let p = prove_parts(pp, &io, &parts, &[]);
    assert_shard_rejected(
        verify(&p, &io),
        last,
        |e| matches!(e, VerifyError::ReadWrite(MemoryCheckingError::OutputCheck)),
        "re-proven output",
    );
}

#[test]
fn a_shard_cannot_end_inside_a_virtual_sequence() {
    let h = honest();
    let (pp, _) = keys();
    let rows = pp.shared.bytecode.rows();
    // The first cycle, in a shard that is not the last, that runs a sequence row other than
    // the sequence's last (DIVU, LBU): cut its shard right after it, "ending" at its own pc.
    let (k, cut) = h.parts[..h.parts.len() - 1]
        .iter()
        .enumerate()
        .find_map(|(k, p)| {
            p.cycles
                .iter()
                .position(|c| !rows[c.row as usize].last)
                .map(|at| (k, at))
        })
        .expect("a sequence runs in a shard that is not the last");
    let mut parts = honest_pads(&h.parts);
    let part = &mut parts[k].0;
    let pc = rows[part.cycles[cut].row as usize].pc;
    part.cycles.truncate(cut + 1);
    part.statement.end_pc = Some(pc);
    parts[k + 1].0.statement.start_pc = pc;
    let p = prove_through(&parts, &[], k);
    assert_shard_rejected(
        verify(&p, &h.io),
        k,
        r1cs_constraint,
        "a cut inside a sequence",
    );
}

#[test]
fn shard_sizes_too_small_for_an_instruction_are_refused() {
    let (pp, _) = keys();
    // 2^2 - 1 rows cannot hold DIVU's sequence; the error names the size that can.
    let e = plan(pp, &input(1), 2, 1 << 20).expect_err("too small");
    let jolt_core::ProveError::ShardTooSmall {
        rows, min_log_rows, ..
    } = e
    else {
        panic!("{e}");
    };
    assert!(rows >= 4 && (1 << min_log_rows) > rows && (1 << (min_log_rows - 1)) <= rows);
    assert!(
        e.to_string()
            .contains(&format!("--shard-log-rows {min_log_rows}")),
        "{e}"
    );
    plan(pp, &input(1), min_log_rows, 1 << 20).expect("the named size suffices");
    // Shards above the preprocessing's bound.
    let e = plan(pp, &input(1), MAX_LOG_CYCLES + 1, 1 << 20).expect_err("too large");
    assert!(
        matches!(e, jolt_core::ProveError::ShardTooLarge { .. }),
        "{e}"
    );
}

/// The verifier's own preprocessing is all it needs (no prover keys).
#[allow(dead_code)]
fn _types(_: &VerifierPreprocessing<Hyrax>) {}
