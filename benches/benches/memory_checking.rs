//! Wall-clock benchmarks of `memory-checking` (criterion).
//!
//! `cargo bench -p benches --bench memory_checking`. Grand products of $2^{20}$ and $2^{22}$
//! leaves, dense (random leaves) and toggled (90% of flags 0), and read-write checking of a
//! $2^{20}$-operation trace over $2^{16}$ addresses (with the timestamp range check and the
//! output check). Input construction is excluded; each bench prints its proof size once.

use std::hint::black_box;

use ark_std::rand::Rng;
use benches::{random_scalars, rng};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use math::{CompactPolynomial, Fr, IdentityPolynomial, MultilinearPolynomial, Transcript};
use memory_checking::grand_product::{self, ProductTree};
use memory_checking::read_write::{
    self, RangeCheckColumns, ReadWriteStatement, ReadWriteWitness, Replay,
};

fn transcript() -> Transcript {
    Transcript::new(b"memory-checking-bench")
}

fn trees(log_size: usize, toggled: bool) -> Vec<ProductTree> {
    let leaves = random_scalars(1 << log_size, 1);
    if !toggled {
        return vec![ProductTree::Dense(leaves)];
    }
    let mut rng = rng(2);
    let flags = (0..1usize << log_size).map(|_| rng.gen_bool(0.1)).collect();
    vec![ProductTree::Toggled {
        flags: CompactPolynomial::new(flags),
        fingerprints: leaves,
    }]
}

fn grand_products(c: &mut Criterion) {
    let mut group = c.benchmark_group("grand_product");
    group.sample_size(10);
    for log_size in [20, 22] {
        for (kind, toggled) in [("dense", false), ("toggled90", true)] {
            let input = trees(log_size, toggled);
            let (proof, _) = grand_product::prove(input.clone(), &mut transcript())
                .expect("honest input proves");
            eprintln!(
                "grand product {kind} 2^{log_size}: proof {} bytes",
                proof.size_in_bytes()
            );
            group.bench_function(format!("prove_{kind}_2^{log_size}"), |b| {
                b.iter_batched(
                    || input.clone(),
                    |trees| grand_product::prove(trees, &mut transcript()),
                    BatchSize::LargeInput,
                );
            });
            let shapes: Vec<_> = input.iter().map(ProductTree::shape).collect();
            group.bench_function(format!("verify_{kind}_2^{log_size}"), |b| {
                b.iter(|| grand_product::verify(&shapes, black_box(&proof), &mut transcript()));
            });
        }
    }
    group.finish();
}

/// An honest read-write witness: 2^20 random ops (half pure reads, half on 32 hot addresses)
/// over 2^16 addresses whose top 8 are the I/O region.
struct Trace {
    polys: Vec<MultilinearPolynomial>,
    range: RangeCheckColumns,
}

const LOG_OPS: usize = 20;
const LOG_MEMORY: usize = 16;
const TIMESTAMP_BITS: usize = LOG_OPS;

impl Trace {
    fn new() -> Self {
        let (n, k) = (1usize << LOG_OPS, 1usize << LOG_MEMORY);
        let mut rng = rng(3);
        let init: Vec<u32> = (0..k).map(|_| rng.r#gen()).collect();
        let addresses: Vec<u32> = (0..n)
            .map(|_| {
                let bound = if rng.gen_bool(0.5) { 32 } else { k as u32 };
                rng.gen_range(0..bound)
            })
            .collect();
        let writes: Vec<Option<u32>> = (0..n)
            .map(|_| rng.gen_bool(0.5).then(|| rng.r#gen()))
            .collect();
        let replay = Replay::run(&init, &addresses, &writes).expect("addresses in range");
        let write_ts = read_write::write_timestamps(n);
        let range = RangeCheckColumns::compute(&replay.read_timestamps, &write_ts, TIMESTAMP_BITS)
            .expect("honest timestamps");
        let mask: Vec<bool> = (0..k).map(|i| i >= k - 8).collect();
        let io: Vec<u32> = (0..k)
            .map(|i| if mask[i] { replay.final_values[i] } else { 0 })
            .collect();
        let compact_u32 = |v: Vec<u32>| CompactPolynomial::new(v).into();
        let compact_u64 = |v: Vec<u64>| CompactPolynomial::new(v).into();
        let polys = vec![
            compact_u32(addresses),
            compact_u32(replay.read_values),
            compact_u64(replay.read_timestamps),
            compact_u32(replay.write_values),
            compact_u64(write_ts),
            compact_u32(init),
            compact_u32(replay.final_values),
            compact_u64(replay.final_timestamps),
            CompactPolynomial::new(mask).into(),
            compact_u32(io),
            // Tags: every address read-write (0), as registers and most of RAM are.
            CompactPolynomial::new(vec![0u8; n]).into(),
            CompactPolynomial::new(vec![0u8; k]).into(),
        ];
        Self { polys, range }
    }

    fn witness(&self) -> ReadWriteWitness<'_> {
        let p = &self.polys;
        ReadWriteWitness {
            addresses: &p[0],
            read_values: &p[1],
            read_timestamps: &p[2],
            write_values: &p[3],
            access_tags: &p[10],
            write_timestamps: &p[4],
            init_values: &p[5],
            init_committed: false,
            space_tags: &p[11],
            final_values: &p[6],
            final_timestamps: &p[7],
            io_mask: &p[8],
            io_values: &p[9],
            range: &self.range,
            timestamp_bits: TIMESTAMP_BITS,
        }
    }
}

fn write_timestamp(r: &[Fr]) -> Fr {
    IdentityPolynomial::new(r.len()).evaluate(r) + Fr::from(1u64)
}

fn read_write_checking(c: &mut Criterion) {
    let mut group = c.benchmark_group("read_write");
    group.sample_size(10);
    let trace = Trace::new();
    let witness = trace.witness();
    let (proof, _) = read_write::prove(&witness, &mut transcript()).expect("honest trace proves");
    eprintln!(
        "read-write 2^{LOG_OPS} ops, 2^{LOG_MEMORY} addresses: proof {} bytes",
        proof.size_in_bytes()
    );
    group.bench_function(format!("prove_2^{LOG_OPS}_ops"), |b| {
        b.iter(|| read_write::prove(black_box(&witness), &mut transcript()));
    });
    // The verifier's virtual evaluators (here: the MLEs of the public columns).
    let (init, mask, io) = (&trace.polys[5], &trace.polys[8], &trace.polys[9]);
    let init_value = |r: &[Fr]| init.evaluate(r);
    let io_mask = |r: &[Fr]| mask.evaluate(r);
    let io_value = |r: &[Fr]| io.evaluate(r);
    let space_tag = |_: &[Fr]| Fr::from(0u64);
    let statement = ReadWriteStatement {
        log_ops: LOG_OPS,
        log_memory: LOG_MEMORY,
        timestamp_bits: TIMESTAMP_BITS,
        write_timestamp: &write_timestamp,
        init_value: Some(&init_value),
        space_tag: &space_tag,
        io_mask: &io_mask,
        io_value: &io_value,
    };
    group.bench_function(format!("verify_2^{LOG_OPS}_ops"), |b| {
        b.iter(|| read_write::verify(&statement, black_box(&proof), &mut transcript()));
    });
    group.finish();
}

criterion_group!(benches, grand_products, read_write_checking);
criterion_main!(benches);
