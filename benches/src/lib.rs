//! `benches`: measurement of every layer.
//!
//! Criterion benches report wall-clock time; iai-callgrind benches report instruction counts,
//! which are repeatable on noisy machines and catch regressions in the hot kernels. This library
//! holds the seeded inputs both share, so the two measure the same workloads.
//!
//! Run: `cargo bench -p benches --bench math` (criterion) and
//! `cargo bench -p benches --bench math_iai` (needs `iai-callgrind-runner`, see the README).

use ark_std::UniformRand;
use ark_std::rand::{SeedableRng, rngs::StdRng};
use math::{CompactPolynomial, DensePolynomial, Fr};

/// The seeded generator every bench input comes from.
pub fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

/// `n` uniformly random field elements.
pub fn random_scalars(n: usize, seed: u64) -> Vec<Fr> {
    let mut rng = rng(seed);
    (0..n).map(|_| Fr::rand(&mut rng)).collect()
}

/// A dense polynomial on `num_vars` variables with random evaluations.
pub fn random_dense(num_vars: usize, seed: u64) -> DensePolynomial {
    DensePolynomial::new(random_scalars(1 << num_vars, seed))
}

/// A compact polynomial of random bytes (the shape of a lookup chunk column).
pub fn random_bytes(num_vars: usize, seed: u64) -> CompactPolynomial<u8> {
    use ark_std::rand::Rng;
    let mut rng = rng(seed);
    CompactPolynomial::new((0..1usize << num_vars).map(|_| rng.r#gen()).collect())
}

/// A compact polynomial of uniformly random values of type `T` (bits, bytes, chunks, words).
pub fn random_compact<T>(num_vars: usize, seed: u64) -> CompactPolynomial<T>
where
    T: math::SmallValue,
    ark_std::rand::distributions::Standard: ark_std::rand::distributions::Distribution<T>,
{
    use ark_std::rand::Rng;
    let mut rng = rng(seed);
    CompactPolynomial::new((0..1usize << num_vars).map(|_| rng.r#gen()).collect())
}

pub mod e2e;
pub mod report;

/// Where a measurement comes from: machine (CPU model, cores, memory), commit and command, for
/// the header of every table and figure.
pub fn machine_context(command: &str) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0.0, |kb| kb as f64 / (1 << 20) as f64);
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let threads = std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| cores.to_string());
    format!(
        "Machine: {cpu}, {cores} cores, {memory_gib:.0} GiB; {threads} prover threads. \
         Commit {commit}. Command: `{command}`."
    )
}

/// A prover workload without a guest build: an assembled loop of `iterations` rounds mixing
/// ALU, M-extension (multiply, divide: virtual sequences), word and byte memory and branches,
/// so every component has work. About 30 bytecode rows per round.
pub fn mixed_loop_program(iterations: u32) -> tracer::Program {
    use tracer::asm::*;
    use tracer::{MemoryConfig, Opcode};
    let config = MemoryConfig {
        memory_size: 1 << 16,
        stack_size: 8 << 10,
        max_input_size: 64,
        max_output_size: 64,
    };
    let mut code = Vec::new();
    code.extend(li(5, 0x1234_5678));
    code.extend(li(6, iterations));
    code.extend(li(12, data_address(64)));
    let top = code.len();
    code.push(r(Opcode::Add, 5, 5, 6));
    code.push(r(Opcode::Mul, 7, 5, 6));
    code.push(r(Opcode::Divu, 8, 7, 6));
    code.push(r(Opcode::Xor, 9, 8, 5));
    code.push(s(Opcode::Sw, 9, 0, 12));
    code.push(s(Opcode::Sb, 9, 5, 12));
    code.push(i(Opcode::Lw, 13, 12, 4));
    code.push(r(Opcode::Sltu, 14, 13, 9));
    code.push(addi(6, 6, -1));
    let back = -4 * (code.len() - top) as i32;
    code.push(b(Opcode::Bne, 6, 0, back));
    code.extend(exit(0));
    let words = assemble(&code).expect("the loop assembles");
    tracer::Program::from_words(&words, config).expect("the loop loads")
}

/// Surge's primary sum-check on a witness, on a fresh transcript (the bench kernel).
pub fn prove_surge_primary(
    shared: &jolt_core::preprocessing::ProgramPreprocessing,
    witness: &jolt_core::witness::Witness,
) -> jolt_core::surge::PrimaryProof {
    let mut t = math::Transcript::new(b"bench");
    jolt_core::surge::prove_primary(
        &shared.surge,
        &shared.index,
        &witness.columns,
        witness.log_cycles,
        &mut t,
    )
    .expect("an honest witness proves")
    .0
}

/// The R1CS zero-check on a witness, on a fresh transcript (the bench kernel).
pub fn prove_spartan(
    shared: &jolt_core::preprocessing::ProgramPreprocessing,
    witness: &jolt_core::witness::Witness,
    exit_code: u32,
) -> jolt_core::r1cs::SpartanProof {
    let refs: Vec<&math::MultilinearPolynomial> = witness.columns.iter().collect();
    let constants = jolt_core::constraints::constants(exit_code, shared.bytecode.entry_row(), true);
    let mut t = math::Transcript::new(b"bench");
    jolt_core::r1cs::prove(&shared.r1cs, &refs, &constants, &mut t)
        .expect("an honest witness satisfies the R1CS")
        .0
}
