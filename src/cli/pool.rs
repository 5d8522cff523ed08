//! A small pool of our own threads that works through a list and hands the results back in the list's
//! order, whatever order they finish in. Our own rather than rayon's: the window below (how far ahead of the
//! oldest undelivered item the workers may go) is what keeps a batch's memory bounded, and rayon's ordered
//! iterators collect everything before handing anything back.
//!
//! Inside the window the costliest item starts first: a batch ends when its largest package is done, and a
//! large package begun last keeps one core busy while the others have nothing left to do.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// What the caller hears, on its own thread.
pub enum Event<R> {
    /// A worker began item `i`.
    Started(usize),
    /// An item is done (in any order).
    Finished,
    /// Item `i`'s result, in the list's order; `None` when its work panicked. Returning `Break` stops the
    /// pool: items in progress finish, no new one starts, and nothing more is delivered.
    Deliver(usize, Option<R>),
}

struct Shared {
    started: Vec<bool>,
    /// Items delivered so far (all of `0..delivered`).
    delivered: usize,
    stop: bool,
}

impl Shared {
    /// The costliest item not yet started in the window, the first of equals; `Err(true)` when every item
    /// has started (or the pool stops), `Err(false)` when the window is full of started items.
    fn pick(&self, window: usize, cost: &dyn Fn(usize) -> u64) -> Result<usize, bool> {
        if self.stop {
            return Err(true);
        }
        let end = self.started.len().min(self.delivered + window);
        let mut best: Option<(u64, usize)> = None;
        for (i, _) in self.started.iter().enumerate().take(end).skip(self.delivered).filter(|(_, s)| !**s) {
            let c = cost(i);
            if best.is_none_or(|(b, _)| c > b) {
                best = Some((c, i));
            }
        }
        match best {
            Some((_, i)) => Ok(i),
            None => Err(self.started.iter().skip(end).all(|s| *s)),
        }
    }
}

enum Message<R> {
    Started(usize),
    Done(usize, Option<R>),
}

/// Runs `work` over `items` on `jobs` threads. At most `window(jobs)` items past the oldest one not yet
/// delivered are started, so a slow package early in the list holds back at most that many finished
/// results; among those, the one of highest `cost` starts first.
pub fn run_ordered<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    cost: impl Fn(&T) -> u64 + Sync,
    work: impl Fn(usize, &T) -> R + Sync,
    mut on_event: impl FnMut(Event<R>) -> ControlFlow<()>,
) {
    let jobs = jobs.clamp(1, items.len().max(1));
    let window = (jobs * 4).max(16);
    let costs: Vec<u64> = items.iter().map(&cost).collect();
    let cost_of = |i: usize| costs.get(i).copied().unwrap_or_default();
    let shared = Mutex::new(Shared { started: vec![false; items.len()], delivered: 0, stop: false });
    let wake = Condvar::new();
    let (tx, rx) = mpsc::channel::<Message<R>>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (shared, wake, work, cost_of) = (&shared, &wake, &work, &cost_of);
            scope.spawn(move || loop {
                let i = {
                    let mut s = shared.lock().unwrap_or_else(PoisonError::into_inner);
                    loop {
                        match s.pick(window, cost_of) {
                            Ok(i) => {
                                if let Some(flag) = s.started.get_mut(i) {
                                    *flag = true;
                                }
                                break i;
                            }
                            Err(true) => return,
                            Err(false) => s = wake.wait(s).unwrap_or_else(PoisonError::into_inner),
                        }
                    }
                };
                let Some(item) = items.get(i) else { return };
                if tx.send(Message::Started(i)).is_err() {
                    return;
                }
                let result = catch_unwind(AssertUnwindSafe(|| work(i, item))).ok();
                if tx.send(Message::Done(i, result)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let mut stopped = false;
        for message in rx {
            match message {
                Message::Started(i) if !stopped => stopped = on_event(Event::Started(i)).is_break(),
                Message::Done(i, result) if !stopped => {
                    stopped = on_event(Event::Finished).is_break();
                    waiting.insert(i, result);
                    while let Some(result) = waiting.remove(&next).filter(|_| !stopped) {
                        stopped = on_event(Event::Deliver(next, result)).is_break();
                        next += 1;
                    }
                    let mut s = shared.lock().unwrap_or_else(PoisonError::into_inner);
                    s.delivered = next;
                    s.stop |= stopped;
                    wake.notify_all();
                }
                _ => {}
            }
            if stopped {
                waiting.clear();
                let mut s = shared.lock().unwrap_or_else(PoisonError::into_inner);
                s.stop = true;
                wake.notify_all();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn results_come_back_in_order_whatever_order_they_finish_in() {
        let items: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        run_ordered(
            &items,
            4,
            |_| 0,
            |_, &n| {
                // Early items take longest, so they finish last.
                std::thread::sleep(Duration::from_millis((40 - n) / 4));
                n * 10
            },
            |e| {
                if let Event::Deliver(i, r) = e {
                    seen.push((i, r));
                }
                ControlFlow::Continue(())
            },
        );
        assert_eq!(seen, items.iter().map(|&n| (n as usize, Some(n * 10))).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_is_delivered_as_none_and_break_stops_the_pool() {
        let items: Vec<u32> = (0..100).collect();
        let mut delivered = Vec::new();
        run_ordered(
            &items,
            3,
            |_| 0,
            |_, &n| {
                assert!(n != 2, "a bug in one item");
                n
            },
            |e| {
                if let Event::Deliver(i, r) = e {
                    delivered.push(r);
                    if i == 5 {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            },
        );
        assert_eq!(delivered, [Some(0), Some(1), None, Some(3), Some(4), Some(5)]);
    }

    #[test]
    fn no_work_for_an_empty_list() {
        run_ordered(&[] as &[u8], 8, |_| 0, |_, _| unreachable!(), |_| ControlFlow::Continue(()));
    }

    #[test]
    fn the_costliest_item_in_the_window_starts_first_and_none_beyond_it() {
        // One worker, so the start order is the pick order: the window is the first 16 items.
        let costs: Vec<u64> = (0..40).map(|i| if i == 10 || i == 30 { 100 } else { 1 }).collect();
        let mut started = Vec::new();
        let mut delivered = Vec::new();
        run_ordered(
            &costs,
            1,
            |&c| c,
            |i, _| i,
            |e| {
                match e {
                    Event::Started(i) => started.push(i),
                    Event::Deliver(i, _) => delivered.push(i),
                    Event::Finished => {}
                }
                ControlFlow::Continue(())
            },
        );
        assert_eq!(started[0], 10, "{started:?}");
        assert_eq!(started[1], 0);
        let at = started.iter().position(|&i| i == 30).unwrap();
        assert!(at >= 14 && started[at - 1] < 30 && started[..at].iter().all(|&i| i != 30), "item 30 waits for its window: {started:?}");
        assert_eq!(delivered, (0..40).collect::<Vec<_>>());
    }
}
