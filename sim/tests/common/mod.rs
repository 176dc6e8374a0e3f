//! Helpers for the simulator's tests: a simulator driven in-process, and the
//! official Heroku Platform API schema.

#![allow(dead_code)]

pub mod schema;

use std::path::PathBuf;

use heroku_sim::core::{Options, Sim};
use heroku_sim::protocol::{Request, Response};
use schema::Exchange;
use serde_json::Value;

/// The official schema, kept in the repository (`sim/schema/SOURCE.md`).
pub fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/platform-api.json")
}

/// A simulator driven in-process with a clock the test moves.
pub struct Driver {
    /// The simulator.
    pub sim: Sim,
    /// Now, in ms.
    pub now: u64,
    /// Every exchange so far.
    pub log: Vec<Exchange>,
    /// The token used.
    pub token: String,
}

impl Driver {
    /// A driver with the given options; the clock starts on 2026-11-29.
    pub fn new(options: Options) -> Driver {
        Driver::start(options)
    }

    /// A driver whose simulator also has the team `acme`, which the
    /// scenarios' team apps use.
    pub fn with_acme(mut options: Options) -> Driver {
        options.teams.push("acme".into());
        Driver::start(options)
    }

    fn start(options: Options) -> Driver {
        let token = options.tokens[0].clone();
        Driver {
            sim: Sim::new(options),
            now: 1_796_000_000_000,
            log: Vec::new(),
            token,
        }
    }

    /// Sends a request with an optional JSON body and records it.
    pub fn send(&mut self, method: &str, path: &str, body: Option<Value>) -> Response {
        let mut req = Request::new(method, path, &self.token);
        if let Some(b) = &body {
            req = req.json(b.clone());
        }
        self.raw(req, body)
    }

    /// Sends a prepared request and records it.
    pub fn raw(&mut self, req: Request, body: Option<Value>) -> Response {
        self.now += 10;
        let (response, _) = self.sim.handle(&req, self.now);
        let path = if req.query.is_empty() {
            req.path.clone()
        } else {
            format!("{}?{}", req.path, req.query)
        };
        self.log.push(Exchange {
            method: req.method.clone(),
            path,
            request: body,
            status: response.status,
            response: response.body.clone(),
            expanded: req.get("accept-expansion").is_some(),
        });
        response
    }

    /// Sends and expects `status`; returns the body.
    pub fn ok(&mut self, method: &str, path: &str, body: Option<Value>, status: u16) -> Value {
        let r = self.send(method, path, body);
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        r.body
    }
}
