use std::collections::BTreeMap;

use ark_ff::{AdditiveGroup, Field};
use ark_std::rand::Rng;
use math::{
    CompactPolynomial, DensePolynomial, Fr, IdentityPolynomial, MultilinearPolynomial,
    SumcheckError,
};

use super::*;
use crate::testing::{discharge_by_evaluation, hyrax, rng, transcript};
use crate::{OpeningClaim, PolyId, PolyKind, TreeRole};

/// Addresses of the I/O region: the top eight of the address space.
const IO_SIZE: usize = 8;

/// An emulated trace of read-then-write operations with the timestamps of the documented scheme
/// ($t^w = s + 1 = 4c + j + 1$ for op $s = 4c + j$).
#[derive(Clone)]
struct Trace {
    log_ops: usize,
    log_memory: usize,
    addresses: Vec<u32>,
    read_values: Vec<u32>,
    read_timestamps: Vec<u64>,
    write_values: Vec<u32>,
    init: Vec<u32>,
    final_values: Vec<u32>,
    final_timestamps: Vec<u64>,
    /// Every address's tag (address mod 3).
    space_tags: Vec<u8>,
    /// The tag each op carries (honestly: its address's).
    access_tags: Vec<u8>,
}

impl Trace {
    /// Random ops (half of them pure reads); with `skip_write`, memory ignores that op's write
    /// while the witness still claims it.
    fn random(log_ops: usize, log_memory: usize, seed: u64, skip_write: Option<usize>) -> Self {
        let mut rng = rng(seed);
        let (n, k) = (1usize << log_ops, 1usize << log_memory);
        let init: Vec<u32> = (0..k).map(|_| rng.r#gen()).collect();
        // Favour a few hot addresses (registers) so chains are long.
        let addresses: Vec<u32> = (0..n)
            .map(|_| {
                let bound = if rng.gen_bool(0.5) { k.min(32) } else { k };
                rng.gen_range(0..bound) as u32
            })
            .collect();
        let mut writes: Vec<Option<u32>> = (0..n)
            .map(|_| rng.gen_bool(0.5).then(|| rng.r#gen()))
            .collect();
        let mut claimed = None;
        if let Some(s) = skip_write {
            claimed = Some(writes[s].unwrap_or(0) ^ 1);
            writes[s] = None;
        }
        let replay = Replay::run(&init, &addresses, &writes).unwrap();
        let mut write_values = replay.write_values;
        if let (Some(s), Some(v)) = (skip_write, claimed) {
            write_values[s] = v;
        }
        let space_tags: Vec<u8> = (0..k).map(|a| (a % 3) as u8).collect();
        let access_tags = addresses.iter().map(|a| space_tags[*a as usize]).collect();
        Self {
            log_ops,
            log_memory,
            space_tags,
            access_tags,
            addresses,
            read_values: replay.read_values,
            read_timestamps: replay.read_timestamps,
            write_values,
            init,
            final_values: replay.final_values,
            final_timestamps: replay.final_timestamps,
        }
    }

    fn write_timestamps(&self) -> Vec<u64> {
        write_timestamps(self.addresses.len())
    }

    /// Gaps are below N, so B = log N bits suffice.
    fn timestamp_bits(&self) -> usize {
        self.log_ops
    }
}

/// The witness polynomials of a trace.
struct Columns {
    polys: BTreeMap<PolyKind, MultilinearPolynomial>,
    write_timestamps: MultilinearPolynomial,
    init_values: MultilinearPolynomial,
    space_tags: MultilinearPolynomial,
    io_mask: MultilinearPolynomial,
    io_values: MultilinearPolynomial,
    range: RangeCheckColumns,
    log_ops: usize,
    log_memory: usize,
    timestamp_bits: usize,
}

fn compact<T: math::SmallValue>(v: &[T]) -> MultilinearPolynomial
where
    MultilinearPolynomial: From<CompactPolynomial<T>>,
{
    CompactPolynomial::new(v.to_vec()).into()
}

impl Columns {
    fn new(trace: &Trace, range: RangeCheckColumns) -> Self {
        let k = trace.init.len();
        let io_mask: Vec<bool> = (0..k).map(|i| i >= k - IO_SIZE).collect();
        let io_values: Vec<u32> = (0..k)
            .map(|i| if io_mask[i] { trace.final_values[i] } else { 0 })
            .collect();
        let polys = BTreeMap::from([
            (PolyKind::Address, compact(&trace.addresses)),
            (PolyKind::ReadValue, compact(&trace.read_values)),
            (PolyKind::ReadTimestamp, compact(&trace.read_timestamps)),
            (PolyKind::WriteValue, compact(&trace.write_values)),
            (PolyKind::Tag, compact(&trace.access_tags)),
            (PolyKind::FinalValue, compact(&trace.final_values)),
            (PolyKind::FinalTimestamp, compact(&trace.final_timestamps)),
        ]);
        Self {
            polys,
            write_timestamps: compact(&trace.write_timestamps()),
            init_values: compact(&trace.init),
            space_tags: compact(&trace.space_tags),
            io_mask: compact(&io_mask),
            io_values: compact(&io_values),
            range,
            log_ops: trace.log_ops,
            log_memory: trace.log_memory,
            timestamp_bits: trace.timestamp_bits(),
        }
    }

    fn honest(trace: &Trace) -> Self {
        let range = RangeCheckColumns::compute(
            &trace.read_timestamps,
            &trace.write_timestamps(),
            trace.timestamp_bits(),
        )
        .unwrap();
        Self::new(trace, range)
    }

    fn witness(&self) -> ReadWriteWitness<'_> {
        ReadWriteWitness {
            addresses: &self.polys[&PolyKind::Address],
            read_values: &self.polys[&PolyKind::ReadValue],
            read_timestamps: &self.polys[&PolyKind::ReadTimestamp],
            write_values: &self.polys[&PolyKind::WriteValue],
            access_tags: &self.polys[&PolyKind::Tag],
            write_timestamps: &self.write_timestamps,
            init_values: &self.init_values,
            init_committed: false,
            space_tags: &self.space_tags,
            final_values: &self.polys[&PolyKind::FinalValue],
            final_timestamps: &self.polys[&PolyKind::FinalTimestamp],
            io_mask: &self.io_mask,
            io_values: &self.io_values,
            range: &self.range,
            timestamp_bits: self.timestamp_bits,
        }
    }

    /// Every committed polynomial by id.
    fn committed(&self) -> BTreeMap<PolyId, &MultilinearPolynomial> {
        let mut out: BTreeMap<PolyId, &MultilinearPolynomial> = self
            .polys
            .iter()
            .map(|(kind, p)| (PolyId::new(MemoryId::ReadWrite, *kind), p))
            .collect();
        for (j, ((c, r), f)) in self
            .range
            .chunks
            .iter()
            .zip(&self.range.read_counts)
            .zip(&self.range.final_counts)
            .enumerate()
        {
            let id = |kind| PolyId::new(MemoryId::RangeChunk(j), kind);
            out.insert(id(PolyKind::Address), c);
            out.insert(id(PolyKind::ReadTimestamp), r);
            out.insert(id(PolyKind::FinalTimestamp), f);
        }
        out
    }
}

/// jolt-core's formula: op s = 4c + j has t_w = 4c + j + 1, so
/// $\tilde t^w(r) = 4\,\widetilde{id}(r_{cycle}) + \widetilde{id}(r_j) + 1$.
fn write_timestamp_mle(r: &[Fr]) -> Fr {
    let (cycle, slot) = r.split_at(r.len() - 2.min(r.len()));
    Fr::from(4u64) * IdentityPolynomial::new(cycle.len()).evaluate(cycle)
        + IdentityPolynomial::new(slot.len()).evaluate(slot)
        + Fr::ONE
}

/// The verifier's virtual evaluators for `columns` (the public data, evaluated honestly).
type Evaluator<'a> = Box<dyn Fn(&[Fr]) -> Fr + Sync + 'a>;

struct Evaluators<'a> {
    init: Evaluator<'a>,
    tags: Evaluator<'a>,
    mask: Evaluator<'a>,
    io: Evaluator<'a>,
}

impl<'a> Evaluators<'a> {
    fn of(columns: &'a Columns) -> Self {
        Self {
            init: Box::new(|r| columns.init_values.evaluate(r)),
            tags: Box::new(|r| columns.space_tags.evaluate(r)),
            mask: Box::new(|r| columns.io_mask.evaluate(r)),
            io: Box::new(|r| columns.io_values.evaluate(r)),
        }
    }

    fn statement(&self, columns: &Columns) -> ReadWriteStatement<'_> {
        ReadWriteStatement {
            log_ops: columns.log_ops,
            log_memory: columns.log_memory,
            timestamp_bits: columns.timestamp_bits,
            write_timestamp: &write_timestamp_mle,
            init_value: Some(&*self.init),
            space_tag: &*self.tags,
            io_mask: &*self.mask,
            io_value: &*self.io,
        }
    }
}

/// Proves and verifies; discharges every claim against the actual witness polynomials.
fn round_trip(columns: &Columns) -> Result<Vec<OpeningClaim>, MemoryCheckingError> {
    let (proof, prover_claims) = prove(&columns.witness(), &mut transcript())?;
    let evaluators = Evaluators::of(columns);
    let claims = verify(&evaluators.statement(columns), &proof, &mut transcript())?;
    assert_eq!(claims, prover_claims);
    let committed = columns.committed();
    discharge_by_evaluation(&claims, |id| committed[&id])
        .unwrap_or_else(|poly| panic!("false opening claim on {poly:?}"));
    Ok(claims)
}

#[test]
fn completeness_small_and_medium() {
    for (log_ops, log_memory, seed) in
        [(10, 6, 1), (12, 10, 2), (11, 14, 3), (4, 4, 4), (17, 20, 5)]
    {
        let trace = Trace::random(log_ops, log_memory, seed, None);
        let claims = round_trip(&Columns::honest(&trace)).unwrap();
        let chunks = num_chunks(trace.timestamp_bits());
        assert_eq!(claims.len(), 7 + 3 * chunks + 1, "log N {log_ops}");
    }
}

#[test]
fn completeness_2_pow_20_ops() {
    let trace = Trace::random(20, 16, 6, None);
    let columns = Columns::honest(&trace);
    assert_eq!(columns.range.chunks.len(), 2);
    round_trip(&columns).unwrap();
}

#[test]
fn end_to_end_with_hyrax() {
    let trace = Trace::random(10, 8, 7, None);
    let columns = Columns::honest(&trace);

    let mut prover_transcript = transcript();
    let committed = hyrax::commit(columns.committed(), &mut prover_transcript);
    let (proof, prover_claims) = prove(&columns.witness(), &mut prover_transcript).unwrap();
    let openings = hyrax::open(&committed, &prover_claims, &mut prover_transcript);

    let mut verifier_transcript = transcript();
    hyrax::absorb(&committed.commitments, &mut verifier_transcript);
    let evaluators = Evaluators::of(&columns);
    let claims = verify(
        &evaluators.statement(&columns),
        &proof,
        &mut verifier_transcript,
    )
    .unwrap();
    assert_eq!(claims, prover_claims);
    let mut checked = verifier_transcript.clone();
    hyrax::check(
        &committed.key,
        &committed.commitments,
        &claims,
        &openings,
        &mut checked,
    )
    .unwrap();

    // A false claim is caught by the PCS.
    let mut forged = claims.clone();
    forged[2].value += Fr::ONE;
    assert!(
        hyrax::check(
            &committed.key,
            &committed.commitments,
            &forged,
            &openings,
            &mut verifier_transcript
        )
        .is_err()
    );
    assert_eq!(proof.openings.scalars().len(), 8);
}

fn expect_rejection(columns: &Columns, expected: MemoryCheckingError) {
    assert_eq!(round_trip(columns).err(), Some(expected));
}

const RW: MemoryId = MemoryId::ReadWrite;

#[test]
fn read_value_changed_at_one_step() {
    let mut trace = Trace::random(9, 6, 8, None);
    trace.read_values[100] ^= 4;
    expect_rejection(
        &Columns::honest(&trace),
        MemoryCheckingError::MultisetMismatch { memory: RW },
    );
}

/// An op that carries another tag than its address's is caught, whether the value and
/// timestamps are honest or not: a tag cannot change along an address's chain.
#[test]
fn op_with_a_foreign_tag() {
    for (op, tag) in [(0, 1u8), (100, 2), (511, 0)] {
        let mut trace = Trace::random(9, 6, 21, None);
        let honest = trace.access_tags[op];
        trace.access_tags[op] = if honest == tag { (tag + 1) % 3 } else { tag };
        expect_rejection(
            &Columns::honest(&trace),
            MemoryCheckingError::MultisetMismatch { memory: RW },
        );
    }
    // Relabelling an address consistently (ops and space alike) is the prover's only way to
    // use another tag, and the space tags are the verifier's: a verifier that evaluates the
    // honest tags rejects.
    let mut trace = Trace::random(9, 6, 22, None);
    let a = trace.addresses[7];
    trace.space_tags[a as usize] = (trace.space_tags[a as usize] + 1) % 3;
    for (op, address) in trace.addresses.iter().enumerate() {
        if *address == a {
            trace.access_tags[op] = trace.space_tags[a as usize];
        }
    }
    let relabelled = Columns::honest(&trace);
    let honest_tags = Columns::honest(&Trace::random(9, 6, 22, None));
    let (proof, _) = prove(&relabelled.witness(), &mut transcript()).unwrap();
    let evaluators = Evaluators::of(&honest_tags);
    assert!(matches!(
        verify(
            &evaluators.statement(&honest_tags),
            &proof,
            &mut transcript()
        ),
        Err(MemoryCheckingError::LeafMismatch { .. })
    ));
}

/// Op `i` reads the value op `k` (the last op on the same address, after `i`) writes — a read
/// from the future; op `k` takes over `i`'s old read and final memory keeps `i`'s write. The
/// multisets still agree: only the timestamp range check can object.
fn future_read(seed: u64) -> (Trace, usize) {
    let mut trace = Trace::random(9, 6, seed, None);
    let k_io = trace.init.len() - IO_SIZE;
    let a = (0..k_io as u32)
        .find(|a| trace.addresses.iter().filter(|x| *x == a).count() >= 2)
        .unwrap();
    let ops: Vec<usize> = (0..trace.addresses.len())
        .filter(|s| trace.addresses[*s] == a)
        .collect();
    let (i, k) = (ops[ops.len() - 2], ops[ops.len() - 1]);
    let (old_value, old_ts) = (trace.read_values[i], trace.read_timestamps[i]);
    trace.read_values[i] = trace.write_values[k];
    trace.read_timestamps[i] = k as u64 + 1;
    trace.read_values[k] = old_value;
    trace.read_timestamps[k] = old_ts;
    trace.final_values[a as usize] = trace.write_values[i];
    trace.final_timestamps[a as usize] = i as u64 + 1;
    (trace, i)
}

#[test]
fn read_timestamp_from_the_future() {
    let (trace, i) = future_read(9);
    let gaps = |t: &Trace| -> Vec<u64> {
        t.write_timestamps()
            .iter()
            .zip(&t.read_timestamps)
            .map(|(w, r)| w.wrapping_sub(*r).wrapping_sub(1))
            .collect()
    };
    // The honest helper refuses the trace.
    assert!(matches!(
        RangeCheckColumns::compute(&trace.read_timestamps, &trace.write_timestamps(), trace.timestamp_bits()),
        Err(MemoryCheckingError::OutOfRange { index, .. }) if index == i
    ));
    // (a) Chunks of the wrapped gap: in range, but they do not recombine to the true gap.
    let l = num_chunks(trace.timestamp_bits());
    let wrapped: Vec<Vec<u16>> = (0..l)
        .map(|j| {
            gaps(&trace)
                .iter()
                .map(|g| (g >> (16 * j)) as u16)
                .collect()
        })
        .collect();
    let columns = Columns::new(&trace, RangeCheckColumns::from_chunks(wrapped.clone()));
    expect_rejection(&columns, MemoryCheckingError::RangeCheckRelation);
    // (b) A chunk equal to the negative gap as a field element: the relation holds, but the
    // chunk is not in the range table.
    let mut range = RangeCheckColumns::from_chunks(wrapped);
    let mut chunk0: Vec<Fr> = (0..trace.addresses.len())
        .map(|s| range.chunks[0].get(s))
        .collect();
    let w = trace.write_timestamps()[i];
    chunk0[i] = Fr::from(w) - Fr::from(trace.read_timestamps[i]) - Fr::ONE;
    for other in &mut range.chunks[1..] {
        let mut v: Vec<Fr> = (0..trace.addresses.len()).map(|s| other.get(s)).collect();
        v[i] = Fr::ZERO;
        *other = DensePolynomial::new(v).into();
    }
    range.chunks[0] = DensePolynomial::new(chunk0).into();
    let columns = Columns::new(&trace, range);
    expect_rejection(
        &columns,
        MemoryCheckingError::MultisetMismatch {
            memory: MemoryId::RangeChunk(0),
        },
    );
}

#[test]
fn tampered_final_value_and_timestamp() {
    let trace = Trace::random(9, 6, 10, None);
    let mut bad = trace.clone();
    bad.final_values[3] ^= 1;
    expect_rejection(
        &Columns::honest(&bad),
        MemoryCheckingError::MultisetMismatch { memory: RW },
    );
    let mut bad = trace;
    bad.final_timestamps[3] += 1;
    expect_rejection(
        &Columns::honest(&bad),
        MemoryCheckingError::MultisetMismatch { memory: RW },
    );
}

#[test]
fn missing_write() {
    // Op 200 claims a write that memory never performs (later reads see the old value).
    let trace = Trace::random(9, 6, 11, Some(200));
    expect_rejection(
        &Columns::honest(&trace),
        MemoryCheckingError::MultisetMismatch { memory: RW },
    );
}

#[test]
fn duplicated_read() {
    // Op 101 replays op 100's read tuple.
    let mut trace = Trace::random(9, 6, 12, None);
    trace.addresses[101] = trace.addresses[100];
    trace.read_values[101] = trace.read_values[100];
    trace.read_timestamps[101] = trace.read_timestamps[100];
    expect_rejection(
        &Columns::honest(&trace),
        MemoryCheckingError::MultisetMismatch { memory: RW },
    );
}

#[test]
fn output_region_differs_from_claimed_io() {
    let trace = Trace::random(9, 6, 13, None);
    let columns = Columns::honest(&trace);
    let (proof, _) = prove(&columns.witness(), &mut transcript()).unwrap();
    let k = trace.init.len();
    let mut claimed: Vec<u32> = (0..k)
        .map(|i| {
            if i >= k - IO_SIZE {
                trace.final_values[i]
            } else {
                0
            }
        })
        .collect();
    claimed[k - 3] ^= 1; // one output word differs
    let claimed_io = compact(&claimed);
    let mut evaluators = Evaluators::of(&columns);
    evaluators.io = Box::new(move |r| claimed_io.evaluate(r));
    assert_eq!(
        verify(&evaluators.statement(&columns), &proof, &mut transcript()),
        Err(MemoryCheckingError::OutputCheck)
    );
    // Both sides must use the same v_io polynomial, off the region too (the sum-check's final
    // check is on the product of extensions, not on hypercube values).
    claimed[k - 3] ^= 1;
    claimed[0] = 12345;
    let io_outside = compact(&claimed);
    evaluators.io = Box::new(move |r| io_outside.evaluate(r));
    assert_eq!(
        verify(&evaluators.statement(&columns), &proof, &mut transcript()),
        Err(MemoryCheckingError::OutputCheck)
    );
}

#[test]
fn wrong_virtual_write_timestamps() {
    let trace = Trace::random(8, 6, 14, None);
    let columns = Columns::honest(&trace);
    let (proof, _) = prove(&columns.witness(), &mut transcript()).unwrap();
    let evaluators = Evaluators::of(&columns);
    let mut statement = evaluators.statement(&columns);
    let shifted = |r: &[Fr]| write_timestamp_mle(r) + Fr::ONE;
    statement.write_timestamp = &shifted;
    assert_eq!(
        verify(&statement, &proof, &mut transcript()),
        Err(MemoryCheckingError::LeafMismatch {
            memory: RW,
            tree: TreeRole::Write
        })
    );
    let mut statement = evaluators.statement(&columns);
    let init = |r: &[Fr]| columns.init_values.evaluate(r).double();
    statement.init_value = Some(&init);
    assert_eq!(
        verify(&statement, &proof, &mut transcript()),
        Err(MemoryCheckingError::InitValueMismatch)
    );
}

/// A committed initial memory (a continuation shard's): the verifier takes $v^{init}(r_K)$
/// from the proof and returns it as an `InitValue` claim, which an honest proof discharges
/// against the initial values; a tampered opening breaks the init leaf.
#[test]
fn committed_initial_memory() {
    let trace = Trace::random(9, 7, 21, None);
    let columns = Columns::honest(&trace);
    let mut witness = columns.witness();
    witness.init_committed = true;
    let (proof, prover_claims) = prove(&witness, &mut transcript()).unwrap();
    let evaluators = Evaluators::of(&columns);
    let mut statement = evaluators.statement(&columns);
    statement.init_value = None;
    let claims = verify(&statement, &proof, &mut transcript()).unwrap();
    assert_eq!(claims, prover_claims);
    let init = PolyId::new(RW, PolyKind::InitValue);
    assert_eq!(claims.iter().filter(|c| c.poly == init).count(), 1);
    let mut committed = columns.committed();
    committed.insert(init, &columns.init_values);
    discharge_by_evaluation(&claims, |id| committed[&id])
        .unwrap_or_else(|poly| panic!("false opening claim on {poly:?}"));

    let mut bad = proof;
    bad.openings.init_value += Fr::ONE;
    assert_eq!(
        verify(&statement, &bad, &mut transcript()),
        Err(MemoryCheckingError::LeafMismatch {
            memory: RW,
            tree: TreeRole::Init
        })
    );
    // The same proof against a public initial memory: its opening must match the evaluation.
    let public = evaluators.statement(&columns);
    assert_eq!(
        verify(&public, &bad, &mut transcript()),
        Err(MemoryCheckingError::InitValueMismatch)
    );
}

#[test]
fn tampered_and_garbled_proofs() {
    let trace = Trace::random(8, 6, 15, None);
    let columns = Columns::honest(&trace);
    let (proof, _) = prove(&columns.witness(), &mut transcript()).unwrap();
    let evaluators = Evaluators::of(&columns);
    let statement = evaluators.statement(&columns);
    let check = |p: &ReadWriteProof| verify(&statement, p, &mut transcript());
    assert!(check(&proof).is_ok());

    let mut bad = proof.clone();
    bad.openings.read_timestamp += Fr::ONE;
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::LeafMismatch {
            memory: RW,
            tree: TreeRole::Read
        })
    );
    let mut bad = proof.clone();
    bad.openings.final_value += Fr::ONE;
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::LeafMismatch {
            memory: RW,
            tree: TreeRole::Final
        })
    );
    let mut bad = proof.clone();
    bad.range_openings[0].address += Fr::ONE;
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::LeafMismatch {
            memory: MemoryId::RangeChunk(0),
            tree: TreeRole::Read
        })
    );
    let mut bad = proof.clone();
    bad.output_final_value += Fr::ONE;
    assert_eq!(check(&bad), Err(MemoryCheckingError::OutputCheck));
    let mut bad = proof.clone();
    bad.grand_product.layers[5].child_evals[1] += Fr::ONE;
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::LayerClaim { layer: 5 })
    );

    // Lengths: the verifier's statement decides, and errors are returned, not panics.
    let mut bad = proof.clone();
    bad.output_sumcheck.round_polynomials.pop();
    assert_eq!(
        check(&bad),
        Err(MemoryCheckingError::OutputSumcheck {
            source: SumcheckError::RoundCountMismatch {
                expected: 6,
                got: 5
            }
        })
    );
    let mut bad = proof.clone();
    bad.range_openings.push(bad.range_openings[0].clone());
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "range openings",
            ..
        })
    ));
    let mut bad = proof.clone();
    bad.grand_product.layers.truncate(2);
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape { what: "layers", .. })
    ));
    let mut bad = proof.clone();
    bad.grand_product.layers[4]
        .sumcheck
        .round_polynomials
        .clear();
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::LayerSumcheck {
            layer: 4,
            source: SumcheckError::RoundCountMismatch { .. }
        })
    ));
    let mut bad = proof.clone();
    bad.grand_product.products.truncate(4);
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "products",
            ..
        })
    ));
    let mut bad = proof.clone();
    bad.range_openings[0].values.push(Fr::ONE);
    assert!(matches!(
        check(&bad),
        Err(MemoryCheckingError::ProofShape {
            what: "opened values",
            ..
        })
    ));
    // A statement with a different shape than the proof.
    for (log_ops, log_memory, bits) in [(9, 6, 8), (8, 7, 8), (8, 6, 17), (8, 6, 0)] {
        let mut other = statement;
        other.log_ops = log_ops;
        other.log_memory = log_memory;
        other.timestamp_bits = bits;
        assert!(verify(&other, &proof, &mut transcript()).is_err());
    }
}

#[test]
fn misuse_is_an_error() {
    let trace = Trace::random(6, 5, 16, None);
    let columns = Columns::honest(&trace);
    let mut witness = columns.witness();
    witness.timestamp_bits = 0;
    assert_eq!(
        prove(&witness, &mut transcript()).err(),
        Some(MemoryCheckingError::TimestampBits { bits: 0 })
    );
    let mut witness = columns.witness();
    witness.timestamp_bits = 17; // needs two chunks, one given
    assert!(matches!(
        prove(&witness, &mut transcript()),
        Err(MemoryCheckingError::WitnessLength {
            kind: PolyKind::Address,
            expected: 2,
            got: 1,
            ..
        })
    ));
    let mut witness = columns.witness();
    witness.io_mask = &columns.write_timestamps;
    assert!(matches!(
        prove(&witness, &mut transcript()),
        Err(MemoryCheckingError::WitnessLength { .. })
    ));
    assert_eq!(num_chunks(16), 1);
    assert_eq!(num_chunks(17), 2);
    assert_eq!(num_chunks(64), 4);
}
