//! The report is rendered in pieces, one piece per animation frame, so the page's thread is never busy
//! for long: the summary and the grade's breakdown at once, then each later section (`deferred`), then the
//! rows of long lists in chunks (`Progressive`). Everything ends up in the document (the browser's
//! find-in-page, screen readers and the JSON export see all of it); asking to print renders what is still
//! waiting at once, before the print layout is made.
//!
//! Measured in headless Chromium on the 2-core machine (`tests/e2e/bench-render.mjs`): before, the sample's
//! report was one task of 67–92 ms (the worker's message: about 65 ms of Yew building ~950 elements) and
//! a frame of 105 ms (45 ms of style, 60 ms of layout), and a report with 5,000 hosts one task of 1.3–2.5 s.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use yew::prelude::*;

use super::bridge;

/// A piece of rendering waiting for its frame; `alive` is false once its component is gone.
struct Job {
    /// Its mark in the performance timeline when it runs (`applens:part-section`, `-rows`, `-more`: the
    /// render benchmark names the tasks by them).
    what: &'static str,
    alive: Rc<Cell<bool>>,
    run: Box<dyn FnOnce()>,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    /// A frame is requested.
    scheduled: bool,
    /// Printing: everything is rendered at once.
    everything: bool,
    print_hooked: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

/// True while printing: components render every row at once.
fn everything() -> bool {
    QUEUE.with(|q| q.borrow().everything)
}

/// Queues `run` for a later frame, in order; it is skipped if `alive` is false by then.
fn defer(what: &'static str, alive: Rc<Cell<bool>>, run: impl FnOnce() + 'static) {
    let start = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.jobs.push_back(Job { what, alive, run: Box::new(run) });
        let hook = !q.print_hooked;
        q.print_hooked = true;
        let start = !q.scheduled;
        q.scheduled = true;
        (start, hook)
    });
    if start.1 {
        bridge::on_print(print_everything, || QUEUE.with(|q| q.borrow_mut().everything = false));
    }
    if start.0 {
        bridge::set_report_busy(true);
        bridge::next_frame(|| bridge::next_task(run_one));
    }
}

/// One piece, in a task of its own after a frame (so its rendering and the next frame's style and layout
/// are separate tasks), then the next frame. When a frame finds nothing left (the last piece's render,
/// a microtask, may have queued more: looked at a frame later), the report is complete.
fn run_one() {
    let job = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        while let Some(job) = q.jobs.pop_front() {
            if job.alive.get() {
                return Some(job);
            }
        }
        q.scheduled = false;
        None
    });
    match job {
        Some(job) => {
            bridge::mark(job.what);
            (job.run)();
            bridge::next_frame(|| bridge::next_task(run_one));
        }
        None => {
            bridge::mark("applens:report-complete");
            bridge::set_report_busy(false);
        }
    }
}

/// Before the print layout: every waiting piece now (each renders in full while `everything` is set).
fn print_everything() {
    QUEUE.with(|q| q.borrow_mut().everything = true);
    loop {
        let Some(job) = QUEUE.with(|q| q.borrow_mut().jobs.pop_front()) else { break };
        if job.alive.get() {
            (job.run)();
        }
    }
}

/// `children` from the next free frame on (in document order with the other deferred parts): a list of
/// one row (one component type less in the page's WebAssembly than a component of its own).
pub fn deferred(children: Html) -> Html {
    html! { <Progressive count={1} first={0} row={Callback::from(move |_| children.clone())} /> }
}

#[derive(Properties, PartialEq)]
pub struct ProgressiveProps {
    /// How many rows the list has.
    pub count: usize,
    /// Renders row `i` (an `<li>`).
    pub row: Callback<usize, Html>,
    /// Rows rendered at once.
    #[prop_or(25)]
    pub first: usize,
    /// Rows added per frame after those.
    #[prop_or(50)]
    pub chunk: usize,
}

/// A long list: its first rows at once, the rest a chunk per frame. Each chunk is a component of its own,
/// so adding one does not render the earlier ones again.
#[function_component(Progressive)]
pub fn progressive(props: &ProgressiveProps) -> Html {
    let count = props.count;
    let first = props.first;
    let chunk = props.chunk.max(1);
    let shown = use_state(|| if everything() { count } else { first.min(count) });
    {
        let shown = shown.clone();
        use_effect_with((*shown, count), move |&(now, count)| {
            let alive = Rc::new(Cell::new(true));
            if now < count {
                let what = if count == 1 { "applens:part-section" } else { "applens:part-rows" };
                defer(what, alive.clone(), move || shown.set(if everything() { count } else { now.saturating_add(chunk).min(count) }));
            }
            move || alive.set(false)
        });
    }
    let end = (*shown).min(count);
    let mut ranges = vec![(0, first.min(end))];
    let mut start = first.min(end);
    while start < end {
        let stop = start.saturating_add(chunk).min(end);
        ranges.push((start, stop));
        start = stop;
    }
    html! {
        { for ranges.into_iter().filter(|(a, b)| a < b).map(|(a, b)| html! { <Rows key={a} start={a} end={b} row={props.row.clone()} /> }) }
    }
}

#[derive(Properties, PartialEq)]
struct RowsProps {
    start: usize,
    end: usize,
    row: Callback<usize, Html>,
}

#[function_component(Rows)]
fn rows(props: &RowsProps) -> Html {
    html! { { for (props.start..props.end).map(|i| props.row.emit(i)) } }
}

/// For a list that is filtered as a whole (the permissions, grouped and searched): how many of its `total`
/// rows to render now. `first` at once, then twice as many each frame, so the rows rendered again on the way
/// add up to at most the list once more.
#[hook]
pub fn use_growing_limit(total: usize, first: usize) -> usize {
    let limit = use_state(|| if everything() { usize::MAX } else { first.max(1) });
    {
        let limit = limit.clone();
        use_effect_with((*limit, total), move |&(now, total)| {
            let alive = Rc::new(Cell::new(true));
            if now < total {
                defer("applens:part-more", alive.clone(), move || limit.set(if everything() { usize::MAX } else { now.saturating_mul(2) }));
            }
            move || alive.set(false)
        });
    }
    *limit
}
