//! Judging many profiles: on every core, a chunk at a time, each result
//! handed on in argument order as soon as its chunk is done. Memory holds
//! one chunk of results, whatever the size of the batch, and the output is
//! the same as one core would write.

use std::io;
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Profiles judged together before their results are written: enough to
/// keep both cores busy, few enough that a chunk's results stay small.
pub(crate) const CHUNK: usize = 256;

/// Runs `judge` over `items` in parallel and gives each result to `take`,
/// in the order of `items`; stops at the first error `take` returns (a
/// closed pipe, a full disk).
pub(crate) fn in_order<T, R>(
    items: &[T],
    judge: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(R) -> io::Result<()>,
    progress: &mut Progress,
) -> io::Result<()>
where
    T: Sync,
    R: Send,
{
    for chunk in items.chunks(CHUNK) {
        // One profile takes a few milliseconds: a thread pool for it alone
        // would cost more than it saves.
        let results: Vec<R> = if chunk.len() == 1 {
            vec![judge(&chunk[0])]
        } else {
            chunk.par_iter().map(&judge).collect()
        };
        for r in results {
            take(r)?;
        }
        progress.advance(chunk.len());
    }
    progress.finish();
    Ok(())
}

/// A progress bar on standard error for a long batch: drawn only when the
/// caller allows it (a terminal, not CI) and only once the batch has run
/// for a second, so short runs and logs never see it.
pub(crate) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    shown: bool,
}

/// How long a batch runs before its progress is drawn.
const QUIET_FOR: Duration = Duration::from_secs(1);

impl Progress {
    /// A progress bar for `total` profiles; `allowed` is false in pipes and CI.
    pub(crate) fn new(total: usize, allowed: bool) -> Progress {
        let bar = (allowed && total > CHUNK).then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(total as u64),
                indicatif::ProgressDrawTarget::hidden(),
            );
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} profiles, {per_sec}, {eta} left",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    /// No progress bar, for tests.
    #[cfg(test)]
    fn none() -> Progress {
        Progress::new(0, false)
    }

    fn advance(&mut self, n: usize) {
        let Some(bar) = &self.bar else { return };
        bar.inc(n as u64);
        if !self.shown && self.started.elapsed() >= QUIET_FOR {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_argument_order_and_stop_at_an_error() {
        let items: Vec<usize> = (0..1000).collect();
        let mut seen = Vec::new();
        in_order(
            &items,
            |&i| i * 2,
            |r| {
                seen.push(r);
                Ok(())
            },
            &mut Progress::none(),
        )
        .unwrap();
        assert_eq!(seen, (0..1000).map(|i| i * 2).collect::<Vec<_>>());

        let mut taken = 0;
        let err = in_order(
            &items,
            |&i| i,
            |_| {
                taken += 1;
                match taken {
                    300 => Err(io::Error::from(io::ErrorKind::BrokenPipe)),
                    _ => Ok(()),
                }
            },
            &mut Progress::none(),
        );
        assert!(err.is_err());
        assert_eq!(taken, 300, "nothing is taken after the error");
    }
}
