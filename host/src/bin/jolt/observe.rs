//! What the user sees while jolt works: a progress spinner naming the prover's current stage,
//! `tracing` logs with `-v`, a Chrome/Perfetto trace with `--trace-json`, and the stage
//! timings `jolt profile` prints. All of it is driven by jolt-core's `tracing` spans.

use std::path::Path;
use std::time::Duration;

use host::ShardEvent;
use host::profile::{StageTime, StageTimer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{Layer as _, fmt};

pub(crate) struct Observer {
    timer: StageTimer,
    bar: ProgressBar,
    chrome: Option<tracing_chrome::FlushGuard>,
}

impl Observer {
    pub(crate) fn install(verbose: u8, trace_json: Option<&Path>) -> Result<Self, String> {
        // The spinner draws on stderr only when it is a terminal (indicatif hides it
        // otherwise), and steps aside when logs are on.
        let bar = if verbose == 0 {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                .expect("a valid template"),
        );
        let spinner = bar.clone();
        let timer = StageTimer::with_callback(move |name, depth| {
            if depth <= 1 {
                spinner.set_message(stage_label(name));
            }
        });
        let level = match verbose {
            0 => LevelFilter::WARN,
            1 => LevelFilter::INFO,
            2 => LevelFilter::DEBUG,
            _ => LevelFilter::TRACE,
        };
        let logs = fmt::layer()
            .with_writer(std::io::stderr)
            .with_target(false)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_span_events(if verbose > 0 {
                fmt::format::FmtSpan::CLOSE
            } else {
                fmt::format::FmtSpan::NONE
            })
            .with_filter(level);
        let (chrome, guard) = match trace_json {
            Some(path) => {
                let file = std::fs::File::create(path)
                    .map_err(|e| format!("--trace-json {}: {e}", path.display()))?;
                let (layer, guard) = tracing_chrome::ChromeLayerBuilder::new()
                    .writer(file)
                    .include_args(true)
                    .build();
                (Some(layer.with_filter(LevelFilter::DEBUG)), Some(guard))
            }
            None => (None, None),
        };
        tracing_subscriber::registry()
            .with(chrome)
            .with(timer.clone().with_filter(LevelFilter::INFO))
            .with(logs)
            .try_init()
            .map_err(|e| format!("installing the log subscriber: {e}"))?;
        bar.enable_steady_tick(Duration::from_millis(120));
        Ok(Self {
            timer,
            bar,
            chrome: guard,
        })
    }

    /// Shows `message` as the current stage (for stages without a span, like building).
    pub(crate) fn stage(&self, message: &str) {
        self.bar.set_message(message.to_string());
    }

    /// Shows the shards: a bar over them once the run is planned (shards proven / shards,
    /// elapsed time, ETA), with the current stage as its message. With `-v`, logs each one.
    pub(crate) fn shard(&self, event: ShardEvent) {
        match event {
            ShardEvent::Planned { shards, rows } => {
                tracing::info!(shards, rows, "planned");
                self.bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} [{elapsed_precise}] shard {pos}/{len} proven {bar:30} \
                         ETA {eta} {msg}",
                    )
                    .expect("a valid template"),
                );
                self.bar.set_length(shards as u64);
                self.bar.set_position(0);
                self.bar.reset_eta();
            }
            ShardEvent::Proved {
                index,
                shards,
                proof_bytes,
            } => {
                tracing::info!(shard = index, shards, proof_bytes, "proved");
                self.bar.set_position(index as u64 + 1);
            }
        }
    }

    /// Span timings so far.
    pub(crate) fn stages(&self) -> Vec<StageTime> {
        self.timer.stages()
    }

    /// Clears the spinner and flushes the trace file.
    pub(crate) fn finish(self) {
        self.bar.finish_and_clear();
        drop(self.chrome);
    }
}

/// What a jolt-core span means to a user watching the spinner.
fn stage_label(span: &str) -> String {
    let what = match span {
        "preprocess" => "preprocessing the program",
        "build_guest" => "building the guest",
        "prove_run" | "prove" => "proving",
        "plan" => "running the guest to find the shard boundaries",
        "trace" => "running the guest (trace)",
        "execute_rows" => "expanding the trace into bytecode rows",
        "witness" => "building the witness",
        "commit" => "committing to the witness",
        "read_only_memory_checking" => "proving bytecode and lookup memories",
        "read_write_memory_checking" => "proving registers and RAM",
        "surge_primary" => "proving instruction lookups",
        "r1cs" => "proving the R1CS",
        "opening" => "opening the commitments",
        "verify" => "verifying",
        other => other,
    };
    what.to_string()
}
