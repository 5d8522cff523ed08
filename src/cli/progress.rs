//! The progress bar of a batch, on stderr and only when stderr is a terminal (a log file or a pipe gets no
//! control characters): packages done of the total, the time so far, and the file most recently begun.

use std::io::Write;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub fn new(enabled: bool, total: usize) -> Self {
        if !enabled || total < 2 {
            return Self { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {wide_msg}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        // The time moves on while one large package is read, with no event to redraw it.
        bar.enable_steady_tick(Duration::from_millis(250));
        Self { bar: Some(bar) }
    }

    /// `shown` is the path as given; the bar shows its file name, the part a cut line would lose first.
    pub fn started(&self, shown: &str) {
        if let Some(bar) = &self.bar {
            let name = std::path::Path::new(shown).file_name().map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned());
            bar.set_message(name);
        }
    }

    pub fn finished(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Writes a message to stderr without tearing the bar.
    pub fn message(&self, err: &mut dyn Write, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| {
                let _ = writeln!(err, "{text}");
            }),
            None => {
                let _ = writeln!(err, "{text}");
            }
        }
    }

    pub fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
