//! Sending a plan's steps at once where they do not depend on each other:
//! at most `concurrency` requests in flight, each step once the steps it
//! waits for ([`crate::plan::after`]) are done, the lowest ready step first,
//! so that a plan runs in its own order whenever it can.
//!
//! A step is checked by the guard before it is sent. A new add-on frees its
//! place as soon as Heroku has taken the create; what depends on it waits
//! until Heroku has provisioned it, the rest goes on. A failure stops only
//! the steps that depend on the failed one (directly or not): they are not
//! attempted, everything else still runs. A signal, or another writer found
//! by the guard, stops everything: what is in flight finishes, nothing new
//! is sent.
//!
//! This thread decides and reports; the requests run on scoped worker
//! threads (reused, as many as are ever busy at once) that only send and
//! say how it went. It never prints: each step done is handed
//! to `done`, in the order they finish.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Mutex, mpsc};

use super::execute::{StepError, Wait, await_created, write};
use super::guard::{Check, Guard, Overtaken, Written};
use super::stop;
use crate::http::Client;
use crate::plan::Planned;
use crate::plan::after::after;

/// How one step went.
#[derive(Debug)]
pub enum Status {
    /// Sent, and done (a new add-on: provisioned).
    Applied,
    /// Sent or tried, and failed.
    Failed(StepError),
    /// The guard found that someone else wrote first; not sent.
    Overtaken(Overtaken),
    /// Not sent: a step it depends on failed, or the apply stopped.
    NotAttempted,
}

/// How the steps are sent.
#[derive(Clone, Copy, Debug)]
pub struct Pace {
    /// Requests in flight at most.
    pub concurrency: usize,
    /// How long to wait for add-ons Heroku provisions.
    pub wait: Wait,
}

enum Message {
    /// A new add-on's create was taken: its place is free.
    Taken,
    /// The step is done, or failed.
    Done(Result<(), Status>),
}

/// Sends `steps` along their dependencies; how each went, by index.
pub fn send(
    client: &Client,
    steps: &[Planned],
    (guard, written): (&Guard<'_>, &mut Written),
    pace: Pace,
    done: &mut dyn FnMut(&Planned),
) -> Vec<Status> {
    let deps = after(steps);
    let mut dependents = vec![Vec::new(); steps.len()];
    let mut unmet: Vec<usize> = deps.iter().map(Vec::len).collect();
    for (i, on) in deps.iter().enumerate() {
        for &j in on {
            dependents[j].push(i);
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..steps.len())
        .filter(|&i| unmet[i] == 0)
        .map(Reverse)
        .collect();
    let mut status: Vec<Option<Status>> = steps.iter().map(|_| None).collect();
    let (tx, rx) = mpsc::channel::<(usize, Message)>();
    let limit = pace.concurrency.max(1);
    // Threads are reused, one more started only when none is free: a
    // thread per step cost more than the step's request in a large apply.
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = Mutex::new(queue);
    let mut free = 0usize;
    std::thread::scope(|s| {
        // In flight: sending (holding a place), and new add-ons awaited.
        let (mut sending, mut awaited) = (0usize, 0usize);
        let mut stopping = false;
        let mut was_taken = vec![false; steps.len()];
        loop {
            while !stopping && sending < limit {
                let Some(Reverse(i)) = ready.pop() else { break };
                if stop::requested().is_some() {
                    ready.push(Reverse(i));
                    stopping = true;
                    break;
                }
                let check = guard.before(written, &steps[i]);
                sending += 1;
                if free == 0 {
                    let (tx, queue) = (tx.clone(), &queue);
                    s.spawn(move || work(client, steps, (guard, queue), pace.wait, &tx));
                } else {
                    free -= 1;
                }
                // A worker is free or about to be: the job waits for it.
                let _ = jobs.send((i, check));
            }
            if sending + awaited == 0 {
                break;
            }
            let Ok((i, message)) = rx.recv() else { break };
            match message {
                Message::Taken => {
                    written.step_done();
                    sending -= 1;
                    awaited += 1;
                    was_taken[i] = true;
                    continue;
                }
                Message::Done(result) => {
                    // Its worker's last word on the job: it waits for another.
                    free += 1;
                    written.step_done();
                    if was_taken[i] {
                        awaited -= 1;
                    } else {
                        sending -= 1;
                    }
                    match result {
                        Ok(()) => {
                            status[i] = Some(Status::Applied);
                            done(&steps[i]);
                            for &d in &dependents[i] {
                                unmet[d] -= 1;
                                if unmet[d] == 0 {
                                    ready.push(Reverse(d));
                                }
                            }
                        }
                        Err(failed) => {
                            stopping |= matches!(
                                failed,
                                Status::Overtaken(_) | Status::Failed(StepError::Stopped { .. })
                            );
                            status[i] = Some(failed);
                        }
                    }
                }
            }
        }
        // No more jobs: the workers end.
        drop(jobs);
    });
    status
        .into_iter()
        .map(|s| s.unwrap_or(Status::NotAttempted))
        .collect()
}

/// A step for a worker: its index, and the guard's check before it.
type Job = (usize, Option<Check>);

/// A worker: runs the steps it is given until there are no more.
fn work(
    client: &Client,
    steps: &[Planned],
    (guard, queue): (&Guard<'_>, &Mutex<mpsc::Receiver<Job>>),
    wait: Wait,
    tx: &mpsc::Sender<(usize, Message)>,
) {
    loop {
        // The lock is held only while waiting for the next job.
        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((i, check)) = job else { return };
        run(client, &steps[i], (guard, check), wait, (i, tx));
    }
}

/// One step: the guard's check, the write, and for a new add-on the wait
/// until Heroku has provisioned it.
fn run(
    client: &Client,
    planned: &Planned,
    (guard, check): (&Guard<'_>, Option<Check>),
    wait: Wait,
    (i, tx): (usize, &mpsc::Sender<(usize, Message)>),
) {
    let result = (|| {
        if let Some(check) = &check {
            guard.compare(client, check).map_err(Status::Overtaken)?;
        }
        if let Some(signal) = stop::requested() {
            let stopped = StepError::Stopped {
                signal,
                sent: false,
            };
            return Err(Status::Failed(stopped));
        }
        let created = write(client, &planned.step, wait).map_err(Status::Failed)?;
        if let Some(created) = created {
            // A receiver gone means the apply is over: nothing to tell.
            let _ = tx.send((i, Message::Taken));
            await_created(client, &created, wait).map_err(Status::Failed)?;
        }
        Ok(())
    })();
    let _ = tx.send((i, Message::Done(result)));
}
