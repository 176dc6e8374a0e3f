//! A heroku-sim serving in this process on port 0, for tests that talk HTTP
//! through heroin's real client.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use heroin::http::{Client, Endpoint, RetryPolicy};
use heroin::secret::Secret;
use heroku_sim::core::{Options, Sim};
use heroku_sim::server::{Running, Shared, start};

/// Starts a simulator with `options`.
pub fn sim(options: Options) -> Running {
    let shared = Arc::new(Shared {
        sim: Mutex::new(Sim::new(options)),
        state_file: None,
        latency: Duration::ZERO,
        request_log: None,
    });
    start(shared, 0).unwrap()
}

/// A client of `running` with `token`, retrying quickly.
pub fn client(running: &Running, token: &str) -> Client {
    let endpoint = Endpoint {
        base: running.url.clone(),
        host: "127.0.0.1".into(),
    };
    let policy = RetryPolicy {
        tries: 6,
        base: Duration::from_millis(5),
        max: Duration::from_millis(50),
    };
    Client::new(endpoint, Secret::new(token), policy, None)
}
