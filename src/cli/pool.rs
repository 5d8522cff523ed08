//! A small pool of our own threads that works through a list and hands the results back in the list's
//! order, whatever order they finish in. Our own rather than rayon's: the budget below (how many items may
//! be begun and not yet handed back) is what keeps a batch's memory bounded, and rayon's ordered iterators
//! collect everything before handing anything back.
//!
//! The costliest item starts first (by the caller's estimate): a batch ends when its largest package is
//! done, and a large package begun last keeps one core busy while the others have nothing left to do.

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

/// Items begun and not yet delivered, beyond which only the next item to deliver may start.
pub fn budget(jobs: usize) -> usize {
    (jobs * 4).max(16)
}

struct Shared {
    started: Vec<bool>,
    started_count: usize,
    /// Items delivered so far (all of `0..delivered`).
    delivered: usize,
    /// Item indices, costliest first (the first of equals first), and how far into it every item has begun.
    by_cost: Vec<usize>,
    cost_cursor: usize,
    stop: bool,
}

impl Shared {
    /// The item to begin: the costliest not yet begun while fewer than `budget` items are begun and not
    /// delivered; beyond that only the next item to deliver (so the batch always moves on, and what waits
    /// to be delivered stays bounded). `Err(true)`: nothing is left to begin; `Err(false)`: wait.
    fn pick(&mut self, budget: usize) -> Result<usize, bool> {
        if self.stop {
            return Err(true);
        }
        while self.by_cost.get(self.cost_cursor).is_some_and(|&i| self.started.get(i).copied().unwrap_or(true)) {
            self.cost_cursor += 1;
        }
        let Some(&costliest) = self.by_cost.get(self.cost_cursor) else { return Err(true) };
        if self.started_count - self.delivered < budget {
            return Ok(costliest);
        }
        match self.started.get(self.delivered) {
            Some(false) => Ok(self.delivered),
            _ => Err(false),
        }
    }

    fn begin(&mut self, i: usize) {
        if let Some(flag) = self.started.get_mut(i) {
            *flag = true;
            self.started_count += 1;
        }
    }
}

enum Message<R> {
    Started(usize),
    Done(usize, Option<R>),
}

/// Runs `work` over `items` on `jobs` threads, the items of highest `cost` first, delivering results in
/// the list's order. At most `budget(jobs)` items (and the next one to deliver) are begun and not yet
/// delivered at any time, so a slow item early in the list holds back a bounded number of finished results.
pub fn run_ordered<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    cost: impl Fn(&T) -> u64,
    work: impl Fn(usize, &T) -> R + Sync,
    mut on_event: impl FnMut(Event<R>) -> ControlFlow<()>,
) {
    let jobs = jobs.clamp(1, items.len().max(1));
    let budget = budget(jobs);
    let costs: Vec<u64> = items.iter().map(cost).collect();
    let mut by_cost: Vec<usize> = (0..items.len()).collect();
    by_cost.sort_by_key(|&i| (std::cmp::Reverse(costs.get(i).copied().unwrap_or_default()), i));
    let shared = Mutex::new(Shared { started: vec![false; items.len()], started_count: 0, delivered: 0, by_cost, cost_cursor: 0, stop: false });
    let wake = Condvar::new();
    let (tx, rx) = mpsc::channel::<Message<R>>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (shared, wake, work) = (&shared, &wake, &work);
            scope.spawn(move || loop {
                let i = {
                    let mut s = shared.lock().unwrap_or_else(PoisonError::into_inner);
                    loop {
                        match s.pick(budget) {
                            Ok(i) => {
                                s.begin(i);
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
    fn the_costliest_items_start_first_and_results_still_come_in_order() {
        // One worker, so the start order is the pick order.
        let costs: Vec<u64> = (0..40).map(|i| if i == 10 { 50 } else if i == 30 { 100 } else { 1 }).collect();
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
        assert_eq!(started[..3], [30, 10, 0], "{started:?}");
        assert_eq!(delivered, (0..40).collect::<Vec<_>>());
    }

    #[test]
    fn a_slow_first_item_holds_back_a_bounded_number_of_results() {
        let items: Vec<u64> = (0..200).collect();
        let (mut begun, mut done) = (0usize, 0usize);
        let mut most = 0;
        run_ordered(
            &items,
            3,
            // The first item is the cheapest by the estimate, and in truth the slowest.
            |&n| n,
            |i, _| {
                if i == 0 {
                    std::thread::sleep(Duration::from_millis(100));
                }
            },
            |e| {
                match e {
                    Event::Started(_) => begun += 1,
                    Event::Deliver(..) => done += 1,
                    Event::Finished => {}
                }
                most = most.max(begun - done);
                ControlFlow::Continue(())
            },
        );
        assert_eq!(done, 200);
        assert!(most <= budget(3) + 1, "{most} begun and not delivered; the budget is {}", budget(3));
    }
}
