//! Continuations: a run proven as a sequence of **shards** — split, prove, join — so that a
//! run of any length is proven in memory set by the shard size (DESIGN.md §11).
//!
//! # Splitting
//! A run is cut into shards of at most $2^k - 1$ trace rows, at instruction boundaries (a
//! virtual sequence is never cut). The state between shards is the pc and the whole address
//! space (registers — virtual ones included —, I/O and RAM: [`crate::memory`]). Shard $j$
//! starts at $pc_j$ ($pc_0$ = the entry) from memory $M_j$ ($M_0$ = the program image and the
//! input) and ends either at $pc_{j+1}$, where the next shard starts, or — the last shard — at
//! the exit.
//!
//! # What shard $j$ proves
//! Everything a whole-run proof proves, with three changes ([`ShardStatement`]):
//! 1. **Its first cycle runs the first row of the instruction at $pc_j$** (R1CS's start row
//!    is a public constant: the entry row for shard 0).
//! 2. **Its end.** The last shard ends at an exit row and carries the output check, the exit
//!    code and the termination flag, as a whole-run proof does. Any other shard ends at the
//!    **pause row** ([`Bytecode`](crate::bytecode::Bytecode)): a halt row that no pc maps to,
//!    whose pc entry in this shard's bytecode table is $pc_{j+1}$ (the verifier adds
//!    $\widetilde{eq}(r, pause) \cdot pc_{j+1}$ to its own evaluation of the table). R1CS makes
//!    the last cycle a halt whose immediate is the statement's (exit rows have 0, the pause
//!    row 1), and every cycle after a halt repeats it, so the shard's real rows end with an
//!    instruction whose next pc — by the ordinary next-pc constraints — is the pause row's,
//!    $pc_{j+1}$, and that lands on a `First` row: **a shard cannot end inside a virtual
//!    sequence**, nor end at an exit (an exit repeats to the end and has the wrong
//!    immediate), nor skip to another pc. Its output check has an empty mask: its I/O words
//!    are part of $M_{j+1}$ and are checked by the last shard.
//! 3. **Its initial memory.** Shard 0's is evaluated by the verifier (image and input), as
//!    today. Shard $j > 0$'s is the polynomial **committed by shard $j-1$ as its final
//!    values**: the verifier passes that very commitment object from one shard's proof to the
//!    next shard's check — it is never read from shard $j$'s proof — and shard $j$'s
//!    read-write memory checking turns $\tilde v^{init}(r_K)$ into an opening claim against
//!    it, discharged in shard $j$'s batched opening. Commitments are deterministic, so the
//!    prover of shard $j$ computes it from $M_j$ alone ([`crate::prover::commit_memory`]):
//!    shards are independent jobs.
//!
//! # Binding
//! Each shard's transcript starts, after the whole-run statement (digest, input, output,
//! flags, exit code, its $\log T$), with the shard count, its index, $pc_j$, whether it is the
//! last and $pc_{j+1}$, and (for $j > 0$) the initial-memory commitment. So a shard proof
//! verifies only in its own place in its own run: a dropped, repeated or reordered shard, one
//! from another run (another input, output or shard count) or another program (digest) is
//! checked against a transcript it was not made for, and a forged boundary pc changes both
//! transcripts it enters.
//!
//! # Why this is sound
//! - **Chaining.** Shard $j-1$'s memory checking proves its committed $v^{fin}$ is its memory
//!   after its last write; the commitment is binding, so shard $j$'s init openings are of
//!   that same function $M_j$. Induction over shards gives: the last shard's final memory is
//!   the memory after the whole run, from $M_0$.
//! - **Timestamps restart at 0 in every shard.** Each shard's memory checking is a complete
//!   offline memory check on its own: init tuples $(k, M_j(k), g_k, 0)$, its own ops with
//!   write timestamps $4c + s + 1 \ge 1$, its own final tuples. The consistency argument of
//!   [`memory_checking::read_write`] only needs, inside one check, distinct write timestamps
//!   above the init's 0 and reads from the past; it never compares timestamps across checks,
//!   and values cross shards only through $M_{j+1}$. Tags are public and the same in every
//!   shard.
//! - **Control flow** is continuous: shard $j$'s last instruction moves the pc to $pc_{j+1}$
//!   (point 2) and shard $j+1$'s first cycle runs $pc_{j+1}$'s first row (point 1).
//!
//! So the shards together prove one execution of the program from its entry, on the input,
//! to the exit, with the public output — what a whole-run proof proves. Verification is
//! linear in the number of shards; each shard verifies as a whole-run proof does.
//!
//! # Streaming
//! [`prove_sharded`] runs the program twice. Pass 1 traces it shard by shard (keeping no
//! trace) to find the cuts and the outcome — the transcript of every shard needs the shard
//! count and the public output. Pass 2 traces it again, one shard's rows at a time, and
//! proves each before tracing the next: the prover holds one shard's trace and witness and
//! the memory state $M_j$, never the run's trace.

use ark_serialize::{CanonicalDeserialize, CanonicalSerialize, Compress};
use pcs::CommitmentScheme;
use tracer::Emulator;

use crate::error::{ProveError, VerifyError};
use crate::memory::PublicIo;
use crate::polys::PolyLayout;
use crate::preprocessing::{ProverPreprocessing, VerifierPreprocessing};
use crate::proof::JoltProof;
pub use crate::statement::ShardStatement;
use crate::{prover, witness};

/// Largest sharded proof the decoder accepts (1 GiB): a cap before any allocation.
pub const MAX_SHARDED_PROOF_BYTES: usize = 1 << 30;

/// A run proven in shards: the boundary pcs and one [`JoltProof`] per shard.
#[derive(Clone, Debug, PartialEq, CanonicalSerialize, CanonicalDeserialize)]
pub struct ShardedProof<C: CommitmentScheme> {
    /// $pc_1, \dots, pc_{n-1}$: where each shard after the first starts (one fewer than the
    /// shards).
    pub boundary_pcs: Vec<u32>,
    /// The shards, in run order.
    pub shards: Vec<JoltProof<C>>,
}

impl<C: CommitmentScheme> ShardedProof<C> {
    /// Number of shards.
    pub fn num_shards(&self) -> usize {
        self.shards.len()
    }

    /// Shard `index`'s statement, as the verifier derives it (`None` past the end).
    pub fn statement(&self, entry_pc: u32, index: usize) -> Option<ShardStatement> {
        (index < self.shards.len()).then(|| ShardStatement {
            count: self.shards.len() as u32,
            index: index as u32,
            start_pc: if index == 0 {
                entry_pc
            } else {
                self.boundary_pcs[index - 1]
            },
            end_pc: self.boundary_pcs.get(index).copied(),
        })
    }

    /// The compressed encoding.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.serialized_size(Compress::Yes));
        self.serialize_compressed(&mut out)
            .expect("serialising into a Vec cannot fail");
        out
    }

    /// Decodes a sharded proof; only the canonical encoding is accepted (as
    /// [`JoltProof::from_bytes`]). Never panics on any bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, VerifyError> {
        crate::proof::decode_canonical(bytes, MAX_SHARDED_PROOF_BYTES)
    }

    /// Size of the encoding in bytes.
    pub fn size_in_bytes(&self) -> usize {
        self.serialized_size(Compress::Yes)
    }
}

/// One shard of a planned run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardSpan {
    /// Its first instruction's pc.
    pub start_pc: u32,
    /// The pc after its last instruction (`None`: it ends at the exit).
    pub end_pc: Option<u32>,
    /// RV32IM instructions it executes.
    pub instructions: u64,
    /// Trace rows they expand to (before padding).
    pub rows: usize,
}

/// Where a run is cut, and what it outputs (pass 1 of [`prove_sharded`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardPlan {
    /// $\log_2$ of the shard size: every shard has at most $2^k - 1$ rows.
    pub shard_log_rows: usize,
    /// The shards, in run order.
    pub shards: Vec<ShardSpan>,
    /// The run's public I/O.
    pub io: PublicIo,
}

impl ShardPlan {
    /// Trace rows of the whole run (before padding).
    pub fn rows(&self) -> usize {
        self.shards.iter().map(|s| s.rows).sum()
    }

    /// RV32IM instructions of the whole run.
    pub fn instructions(&self) -> u64 {
        self.shards.iter().map(|s| s.instructions).sum()
    }

    /// Shard `index`'s statement (`None` past the end).
    pub fn statement(&self, index: usize) -> Option<ShardStatement> {
        let span = self.shards.get(index)?;
        Some(ShardStatement {
            count: self.shards.len() as u32,
            index: index as u32,
            start_pc: span.start_pc,
            end_pc: span.end_pc,
        })
    }
}

/// What [`prove_sharded`] reports while it works.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardEvent {
    /// Pass 1 is done: the run has `shards` shards and `rows` trace rows.
    Planned {
        /// Number of shards.
        shards: usize,
        /// Trace rows of the run.
        rows: usize,
    },
    /// Shard `index` is proven.
    Proved {
        /// Its index.
        index: usize,
        /// Number of shards.
        shards: usize,
        /// Its proof's size in bytes.
        proof_bytes: usize,
    },
}

fn input_check<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
    shard_log_rows: usize,
) -> Result<(), ProveError> {
    let shared = &preprocessing.shared;
    prover::check_input(shared, input)?;
    if shard_log_rows > shared.max_log_cycles {
        return Err(ProveError::ShardTooLarge {
            log_rows: shard_log_rows,
            max: shared.max_log_cycles,
        });
    }
    Ok(())
}

/// Runs one shard in run mode: instructions while their rows fit in `2^shard_log_rows - 1`.
/// Returns the outcome if the run exited in it, and its row count.
fn run_shard(
    emulator: &mut Emulator<'_>,
    bytecode: &crate::bytecode::Bytecode,
    shard_log_rows: usize,
    max_cycles: u64,
) -> Result<(Option<tracer::Outcome>, usize), ProveError> {
    let capacity = (1usize << shard_log_rows) - 1;
    let mut used = 0usize;
    let mut too_big = None;
    let outcome = emulator.run_while(max_cycles, |pc| {
        // An unknown pc admits one row: the emulator or the witness reports the fault.
        let n = bytecode.sequence_len(pc).unwrap_or(1);
        if used + n <= capacity {
            used += n;
            true
        } else {
            if used == 0 {
                too_big = Some((pc, n));
            }
            false
        }
    })?;
    if let Some((pc, rows)) = too_big {
        return Err(ProveError::ShardTooSmall {
            log_rows: shard_log_rows,
            pc,
            rows,
            min_log_rows: (rows + 1).next_power_of_two().trailing_zeros() as usize,
        });
    }
    Ok((outcome, used))
}

/// Pass 1: runs the program on `input` (run mode: no trace is recorded), cutting it into
/// shards of at most `2^shard_log_rows - 1` rows.
pub fn plan<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
    shard_log_rows: usize,
    max_cycles: u64,
) -> Result<ShardPlan, ProveError> {
    let _span = tracing::info_span!("plan", shard_log_rows).entered();
    input_check(preprocessing, input, shard_log_rows)?;
    let bytecode = &preprocessing.shared.bytecode;
    let mut emulator = Emulator::new(&preprocessing.program, input)?;
    let mut shards = Vec::new();
    loop {
        let start_pc = emulator.pc();
        let start_cycles = emulator.cycles();
        let (outcome, used) = run_shard(&mut emulator, bytecode, shard_log_rows, max_cycles)?;
        let instructions = emulator.cycles() - start_cycles;
        match outcome {
            Some(outcome) => {
                shards.push(ShardSpan {
                    start_pc,
                    end_pc: None,
                    instructions,
                    rows: used,
                });
                let io = PublicIo {
                    input: input.to_vec(),
                    output: outcome.output,
                    panicked: outcome.panicked,
                    terminated: outcome.terminated,
                    exit_code: outcome.exit_code,
                };
                return Ok(ShardPlan {
                    shard_log_rows,
                    shards,
                    io,
                });
            }
            None => shards.push(ShardSpan {
                start_pc,
                end_pc: Some(emulator.pc()),
                instructions,
                rows: used,
            }),
        }
    }
}

/// Proves a run in shards of at most `2^shard_log_rows - 1` rows, streaming: pass 1
/// ([`plan`]) finds the cuts and the output, pass 2 traces and proves one shard at a time.
/// `max_cycles` bounds the run's RV32IM instructions; `progress` hears about each step.
pub fn prove_sharded<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
    shard_log_rows: usize,
    max_cycles: u64,
    progress: &mut dyn FnMut(ShardEvent),
) -> Result<(PublicIo, ShardedProof<C>), ProveError> {
    let plan = plan(preprocessing, input, shard_log_rows, max_cycles)?;
    progress(ShardEvent::Planned {
        shards: plan.shards.len(),
        rows: plan.rows(),
    });
    let proof = prove_plan(preprocessing, input, &plan, progress)?;
    Ok((plan.io, proof))
}

/// Pass 2 of [`prove_sharded`] for a plan made by [`plan`] on the same input (it reports
/// only [`ShardEvent::Proved`]).
pub fn prove_plan<C: CommitmentScheme>(
    preprocessing: &ProverPreprocessing<C>,
    input: &[u8],
    plan: &ShardPlan,
    progress: &mut dyn FnMut(ShardEvent),
) -> Result<ShardedProof<C>, ProveError> {
    let shared = &preprocessing.shared;
    let count = plan.shards.len();
    let mut emulator = Emulator::new(&preprocessing.program, input)?;
    let mut memory = shared.initial_memory(input);
    let mut initial_commitment: Option<C::Commitment> = None;
    let mut shards = Vec::with_capacity(count);
    for (index, span) in plan.shards.iter().enumerate() {
        let statement = plan
            .statement(index)
            .ok_or(ProveError::Internal("shard index"))?;
        let mut rows = Vec::with_capacity(span.instructions as usize);
        let mut left = span.instructions;
        let outcome = {
            let _span = tracing::info_span!("trace", shard = index).entered();
            emulator.trace_while(u64::MAX, &mut rows, |_| {
                let admit = left > 0;
                left = left.saturating_sub(1);
                admit
            })?
        };
        if outcome.is_some() != statement.is_last()
            || emulator.pc() != span.end_pc.unwrap_or(emulator.pc())
        {
            return Err(ProveError::Internal(
                "the second pass diverged from the plan (a nondeterministic run?)",
            ));
        }
        let cycles = {
            let _span = tracing::info_span!("execute_rows", shard = index).entered();
            witness::execute_trace(&shared.bytecode, &shared.space, &memory, &rows, span.end_pc)?
        };
        drop(rows);
        if statement.is_last()
            && let Some(last) = cycles.last()
            && last.rs2_value != crate::bytecode::SYS_EXIT
        {
            return Err(ProveError::Unprovable {
                pc: shared.bytecode.rows()[last.row as usize].pc,
                reason: "the program exits with a7 != 93 (exit_group?); only the exit system call is provable",
            });
        }
        let witness =
            prover::build_shard_witness(preprocessing, &plan.io, &statement, &memory, cycles)?;
        let proof = prover::prove_shard_witness(
            preprocessing,
            &plan.io,
            &statement,
            initial_commitment.as_ref(),
            &witness,
        )?;
        let layout = PolyLayout::new(shared, witness.log_cycles);
        initial_commitment = Some(proof.commitments[layout.final_values()].clone());
        memory = witness.final_memory.clone();
        drop(witness);
        progress(ShardEvent::Proved {
            index,
            shards: count,
            proof_bytes: proof.size_in_bytes(),
        });
        shards.push(proof);
    }
    Ok(ShardedProof {
        boundary_pcs: plan.shards.iter().filter_map(|s| s.end_pc).collect(),
        shards,
    })
}

/// Verifies a sharded proof: that the program of `preprocessing`, on `io.input`, produced
/// `io`'s output, flags and exit code. Each shard is checked in its place, with the previous
/// shard's final-values commitment as its initial memory (module docs).
pub fn verify_sharded<C: CommitmentScheme>(
    preprocessing: &VerifierPreprocessing<C>,
    io: &PublicIo,
    proof: &ShardedProof<C>,
) -> Result<(), VerifyError> {
    let shared = &preprocessing.shared;
    let count = proof.shards.len();
    if count == 0 || count > u32::MAX as usize {
        return Err(VerifyError::ProofShape {
            what: "shards",
            expected: 1,
            got: count,
        });
    }
    if proof.boundary_pcs.len() != count - 1 {
        return Err(VerifyError::ProofShape {
            what: "boundary pcs",
            expected: count - 1,
            got: proof.boundary_pcs.len(),
        });
    }
    let mut initial: Option<C::Commitment> = None;
    for (index, shard) in proof.shards.iter().enumerate() {
        let statement = proof
            .statement(shared.entry_pc(), index)
            .ok_or(VerifyError::Internal("shard index"))?;
        crate::verifier::verify_shard(preprocessing, io, &statement, initial.as_ref(), shard)
            .map_err(|source| VerifyError::Shard {
                index,
                count,
                source: Box::new(source),
            })?;
        // verify_shard checked the commitment count against this layout.
        let layout = PolyLayout::new(shared, shard.log_cycles as usize);
        initial = Some(shard.commitments[layout.final_values()].clone());
    }
    Ok(())
}
