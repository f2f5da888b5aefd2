//! **Test-only** challenge recording and replay (cargo feature `transcript-replay`, never on in
//! normal builds): the tool for *frozen-challenge* tests of Fiat–Shamir (DESIGN.md §9 item 6).
//!
//! [`record`] runs a closure in which every transcript created with a given domain logs what
//! it absorbs and the challenges it draws. [`replay`] runs a closure in which such transcripts
//! still absorb everything but hand out the **recorded** challenges, whatever was absorbed —
//! the verifier of a protocol in which the prover could choose its messages after seeing the
//! challenges. A test builds a mutated proof that this "verifier" accepts and then checks that
//! the real one rejects it: the mutation is caught by Fiat–Shamir and nothing else, so the
//! messages it changes must be absorbed before the challenges that depend on them.
//!
//! Taps are attached when a transcript is created, from a thread-local setting, so the code
//! under test is unchanged: prover and verifier create their transcripts as always.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use ark_ff::PrimeField;
use ark_serialize::CanonicalSerialize;

use crate::field::Fr;

/// One transcript operation, as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A message was absorbed (`append_u64` values as 8 little-endian bytes).
    Append {
        /// Its label.
        label: &'static [u8],
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// Challenge bytes were drawn.
    Challenge {
        /// Its label.
        label: &'static [u8],
        /// The bytes.
        bytes: Vec<u8>,
    },
}

/// What [`record`] saw, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tape {
    events: Vec<Event>,
}

impl Tape {
    /// Every recorded event.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Number of challenges drawn.
    pub fn num_challenges(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::Challenge { .. }))
            .count()
    }

    /// The scalar challenges (as [`Transcript::challenge_scalar`](super::Transcript::challenge_scalar)
    /// derives them) drawn right after each of `messages`, each a list of scalars absorbed as
    /// one message, where the tape holds exactly that alternation: message 0, challenge 0,
    /// message 1, challenge 1, … — a sum-check's rounds. The first such run is returned.
    pub fn scalars_after_each(&self, messages: &[&[Fr]]) -> Option<Vec<Fr>> {
        let encoded: Vec<Vec<u8>> = messages
            .iter()
            .map(|scalars| {
                let mut bytes = Vec::with_capacity(32 * scalars.len());
                for s in scalars.iter() {
                    s.serialize_uncompressed(&mut bytes)
                        .expect("writing to a Vec cannot fail");
                }
                bytes
            })
            .collect();
        let n = encoded.len();
        (0..(self.events.len() + 1).saturating_sub(2 * n)).find_map(|start| {
            let window = &self.events[start..start + 2 * n];
            let mut out = Vec::with_capacity(n);
            for (pair, message) in window.chunks(2).zip(&encoded) {
                match pair {
                    [
                        Event::Append { bytes: m, .. },
                        Event::Challenge { bytes: c, .. },
                    ] if m == message => {
                        out.push(Fr::from_le_bytes_mod_order(c));
                    }
                    _ => return None,
                }
            }
            Some(out)
        })
    }
}

#[derive(Debug)]
enum Mode {
    Record(Tape),
    Replay {
        challenges: VecDeque<(&'static [u8], Vec<u8>)>,
        drawn: usize,
    },
}

/// The handle a transcript holds while recording or replaying.
#[derive(Clone, Debug)]
pub(super) struct Tap(Arc<Mutex<Mode>>);

impl Tap {
    pub(super) fn on_append(&self, label: &'static [u8], bytes: &[u8]) {
        let mut mode = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Mode::Record(tape) = &mut *mode {
            tape.events.push(Event::Append {
                label,
                bytes: bytes.to_vec(),
            });
        }
    }

    pub(super) fn on_challenge(&self, label: &'static [u8], dest: &mut [u8]) {
        let mut mode = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match &mut *mode {
            Mode::Record(tape) => tape.events.push(Event::Challenge {
                label,
                bytes: dest.to_vec(),
            }),
            Mode::Replay { challenges, drawn } => {
                let Some((recorded, bytes)) = challenges.pop_front() else {
                    panic!("replay: challenge {drawn} was never recorded");
                };
                assert!(
                    recorded == label && bytes.len() == dest.len(),
                    "replay: challenge {drawn} is {:?} ({} bytes), the tape has {:?} ({} bytes)",
                    String::from_utf8_lossy(label),
                    dest.len(),
                    String::from_utf8_lossy(recorded),
                    bytes.len()
                );
                dest.copy_from_slice(&bytes);
                *drawn += 1;
            }
        }
    }
}

thread_local! {
    static ACTIVE: RefCell<Option<(&'static [u8], Tap)>> = const { RefCell::new(None) };
}

/// The tap for a transcript created now with `domain`, if one is active on this thread.
pub(super) fn tap_for(domain: &'static [u8]) -> Option<Tap> {
    ACTIVE.with(|active| {
        active
            .borrow()
            .as_ref()
            .filter(|(d, _)| *d == domain)
            .map(|(_, tap)| tap.clone())
    })
}

fn with_tap<R>(domain: &'static [u8], tap: &Tap, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<(&'static [u8], Tap)>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            ACTIVE.with(|active| *active.borrow_mut() = previous);
        }
    }
    let previous = ACTIVE.with(|active| active.borrow_mut().replace((domain, tap.clone())));
    let _reset = Reset(previous);
    f()
}

/// Runs `f`, recording every transcript it creates with `domain` on this thread.
pub fn record<R>(domain: &'static [u8], f: impl FnOnce() -> R) -> (R, Tape) {
    let tap = Tap(Arc::new(Mutex::new(Mode::Record(Tape::default()))));
    let out = with_tap(domain, &tap, f);
    let mode = std::mem::replace(
        &mut *tap.0.lock().unwrap_or_else(PoisonError::into_inner),
        Mode::Record(Tape::default()),
    );
    match mode {
        Mode::Record(tape) => (out, tape),
        Mode::Replay { .. } => unreachable!("a recording tap stays recording"),
    }
}

/// Runs `f` with every transcript it creates with `domain` on this thread handing out
/// `tape`'s challenges, in order, whatever is absorbed. Panics if `f` draws a challenge the
/// tape does not have (another label or length, or more challenges than recorded).
pub fn replay<R>(domain: &'static [u8], tape: &Tape, f: impl FnOnce() -> R) -> R {
    let challenges = tape
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Challenge { label, bytes } => Some((*label, bytes.clone())),
            Event::Append { .. } => None,
        })
        .collect();
    let tap = Tap(Arc::new(Mutex::new(Mode::Replay {
        challenges,
        drawn: 0,
    })));
    with_tap(domain, &tap, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Transcript;

    fn protocol(message: u64) -> (Fr, Fr) {
        let mut t = Transcript::new(b"replay-test");
        t.append_u64(b"m", message);
        let a = t.challenge_scalar(b"a");
        t.append_scalar(b"s", &a);
        (a, t.challenge_scalar(b"b"))
    }

    #[test]
    fn replayed_challenges_ignore_what_is_absorbed() {
        let (honest, tape) = record(b"replay-test", || protocol(1));
        assert_eq!(tape.num_challenges(), 2);
        assert_ne!(protocol(2), honest, "really bound to the message");
        assert_eq!(replay(b"replay-test", &tape, || protocol(2)), honest);
        assert_eq!(
            tape.scalars_after_each(&[&[honest.0]]),
            Some(vec![honest.1])
        );
        assert_eq!(tape.scalars_after_each(&[&[honest.1]]), None);
        // Other domains are untouched, and the setting ends with the closure.
        let other = replay(b"another", &tape, || protocol(2));
        assert_eq!(other, protocol(2));
    }
}
