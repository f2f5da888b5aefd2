//! Every example guest, built exactly as users build it, executed in lockstep with qemu: pc
//! and registers after every instruction, the instruction count and the exit code must agree
//! (see `tracer::qemu` for why that covers memory and outputs too).

mod common;

use common::{elf, encode};
use tracer::qemu::{Ending, Qemu};

const MAX_STEPS: u64 = 2_000_000;

fn lockstep(name: &str, input: &[u8]) {
    let qemu = Qemu::locate().unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(elf(name)).expect("read ELF");
    let program = tracer::Program::from_elf(&bytes).expect("loads");
    let report = qemu
        .lockstep(&program, &bytes, input, MAX_STEPS)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let outcome = tracer::run(&program, input, MAX_STEPS).expect("runs");
    assert_eq!(report.instructions, outcome.cycles, "{name}");
    match report.ending {
        Ending::Exit { code } => assert_eq!(code, outcome.exit_code, "{name}"),
        other => panic!("{name}: expected a clean exit, got {other:?}"),
    }
}

#[test]
fn fib_in_lockstep() {
    lockstep("fib", &encode(&300u32));
}

#[test]
fn collatz_in_lockstep() {
    lockstep("collatz", &encode(&60u32));
}

#[test]
fn sha2_in_lockstep() {
    lockstep("sha2-chain", &encode(&(vec![3u8; 100], 3u32)));
}

#[test]
fn sha3_in_lockstep() {
    lockstep("sha3-chain", &encode(&(vec![3u8; 100], 2u32)));
}

#[test]
fn sort_in_lockstep() {
    lockstep("sort", &encode(&(300u32, 9u64)));
}

#[test]
fn muldiv_in_lockstep() {
    lockstep("muldiv", &encode(&(300u32, 5u32)));
}

#[test]
fn panic_in_lockstep() {
    // Both paths: the normal one and the panic (flag, message formatting, exit 101).
    lockstep("panic", &encode(&3u32));
    lockstep("panic", &encode(&11u32));
}

#[test]
fn stack_overflow_example_in_lockstep_within_its_stack() {
    // Past the stack, qemu (which maps heap and stack as one segment) would keep going where
    // our emulator stops with a stack-overflow error; that case is tested in `examples.rs`.
    lockstep("stack-overflow", &encode(&20u32));
}

#[test]
fn undecodable_input_panics_identically() {
    lockstep("fib", &[]);
}
