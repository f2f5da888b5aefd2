//! The statement a verifier accepts, and what it may insist on.

use std::fmt;

use jolt_core::PublicIo;

use crate::error::HostError;

/// What a verifier insists on besides the proof's validity: any part of the public statement
/// left `None` is accepted as the proof states it (and shown to the caller, who decides).
///
/// ```
/// use host::Expectations;
/// // "The run exited with code 0 and printed 2a" — whatever its input.
/// let expect = Expectations::new().exit_code(0).output([0x2a]);
/// # let _ = expect;
/// ```
/// [`Verifier::verify_expecting`](crate::Verifier::verify_expecting) checks them; `jolt
/// verify` has `--expect-input`, `--expect-output` and `--expect-exit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expectations {
    /// The input the run must have read.
    pub input: Option<Vec<u8>>,
    /// The output the run must have written (for a panic: its message).
    pub output: Option<Vec<u8>>,
    /// The exit code the run must have ended with.
    pub exit_code: Option<u32>,
    /// Whether the run must (or must not) have panicked.
    pub panicked: Option<bool>,
    /// Whether the run must (or must not) have ended through the guest runtime's `exit`.
    pub terminated: Option<bool>,
}

impl Expectations {
    /// No expectations: the proof's own statement is accepted.
    pub fn new() -> Self {
        Self::default()
    }

    /// A normal return: no panic, exit code 0, terminated through the runtime.
    pub fn success() -> Self {
        Self::new().panicked(false).exit_code(0).terminated(true)
    }

    /// Requires this input.
    pub fn input(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.input = Some(bytes.into());
        self
    }

    /// Requires this output.
    pub fn output(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.output = Some(bytes.into());
        self
    }

    /// Requires this exit code.
    pub fn exit_code(mut self, code: u32) -> Self {
        self.exit_code = Some(code);
        self
    }

    /// Requires the run to have panicked (`true`) or not (`false`).
    pub fn panicked(mut self, panicked: bool) -> Self {
        self.panicked = Some(panicked);
        self
    }

    /// Requires the termination flag to be set (`true`) or clear (`false`).
    pub fn terminated(mut self, terminated: bool) -> Self {
        self.terminated = Some(terminated);
        self
    }

    /// Checks a statement against these expectations; the error names the first part that
    /// differs and shows both values.
    pub fn check(&self, io: &PublicIo) -> Result<(), HostError> {
        let differ = |what, expected: String, found: String| {
            Err(HostError::Unexpected {
                what,
                expected,
                found,
            })
        };
        if let Some(input) = &self.input
            && *input != io.input
        {
            return differ("input", show_bytes(input), show_bytes(&io.input));
        }
        if let Some(panicked) = self.panicked
            && panicked != io.panicked
        {
            return differ("panic flag", yes_no(panicked), yes_no(io.panicked));
        }
        if let Some(code) = self.exit_code
            && code != io.exit_code
        {
            return differ("exit code", code.to_string(), io.exit_code.to_string());
        }
        if let Some(output) = &self.output
            && *output != io.output
        {
            return differ("output", show_bytes(output), show_bytes(&io.output));
        }
        if let Some(terminated) = self.terminated
            && terminated != io.terminated
        {
            return differ(
                "termination flag",
                yes_no(terminated),
                yes_no(io.terminated),
            );
        }
        Ok(())
    }
}

fn yes_no(flag: bool) -> String {
    String::from(if flag { "set" } else { "clear" })
}

/// `N bytes: hex`, the hex cut after 64 bytes.
fn show_bytes(bytes: &[u8]) -> String {
    const SHOWN: usize = 64;
    let unit = if bytes.len() == 1 { "byte" } else { "bytes" };
    let (shown, more) = if bytes.len() > SHOWN {
        (&bytes[..SHOWN], "...")
    } else {
        (bytes, "")
    };
    format!("{} {unit}: {}{more}", bytes.len(), hex::encode(shown))
}

/// A statement in full, for people: input, output (or panic message), panic flag, exit code,
/// termination flag and trace bound, one per line.
#[derive(Clone, Copy, Debug)]
pub struct Statement<'a> {
    /// The public input and output.
    pub io: &'a PublicIo,
    /// The trace-length bound ($\log_2$).
    pub max_log_cycles: usize,
}

impl fmt::Display for Statement<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let io = self.io;
        writeln!(
            f,
            "input:       {} bytes: {}",
            io.input.len(),
            hex::encode(&io.input)
        )?;
        writeln!(
            f,
            "output:      {} bytes: {}",
            io.output.len(),
            hex::encode(&io.output)
        )?;
        if io.panicked {
            writeln!(f, "panicked:    yes (the proof proves the panic)")?;
            writeln!(f, "message:     {}", String::from_utf8_lossy(&io.output))?;
        } else {
            writeln!(f, "panicked:    no")?;
        }
        writeln!(f, "exit code:   {}", io.exit_code)?;
        writeln!(
            f,
            "terminated:  {}",
            if io.terminated {
                "yes"
            } else {
                "no (the program exited without the guest runtime)"
            }
        )?;
        write!(f, "trace bound: 2^{} cycles", self.max_log_cycles)
    }
}
