//! The apply runner without a terminal: the library's own start
//! (`session::prepare`) and `apply::runner::run` against heroku-sim over
//! HTTP, with the person's answers scripted. A plan change Heroku refuses is
//! replaced only when the add-on's name is typed back; declined, it is left
//! as it was, and the check after applying says so.

mod common;
use common::{shop, sim};

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::Duration;

use heroin::apply::execute::Wait;
use heroin::apply::runner::{self, Answerer, Options};
use heroin::error::Error;
use heroin::session::{self, Observer, Prepared, Reach, Target};
use heroin::ui::Sources;
use heroku_sim::server::Running;
use serde_json::json;
use shop::{attached_as, seed, write_files};
use sim::{client, sim};

/// Answers given in order; every question and line is recorded.
struct Scripted {
    answers: RefCell<VecDeque<String>>,
    heard: RefCell<Vec<String>>,
}

impl Scripted {
    fn new(answers: &[&str]) -> Scripted {
        Scripted {
            answers: RefCell::new(answers.iter().map(|a| a.to_string()).collect()),
            heard: RefCell::default(),
        }
    }

    fn next(&self, question: &str) -> String {
        self.heard.borrow_mut().push(question.to_string());
        self.answers
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("no answer scripted for {question:?}"))
    }
}

impl Answerer for Scripted {
    type Busy = ();

    fn busy(&self, _: &str) {}

    fn can_ask(&self) -> bool {
        true
    }

    fn confirm(&self, question: &str) -> Result<bool, Error> {
        Ok(self.next(question) == "y")
    }

    fn type_back(&self, question: &str, expected: &str) -> Result<bool, Error> {
        Ok(self.next(question) == expected)
    }

    fn say(&self, line: &str) -> Result<(), Error> {
        self.heard.borrow_mut().push(line.to_string());
        Ok(())
    }

    fn progress(&self, _total: usize) -> Box<dyn Fn(&str) + '_> {
        Box::new(|line| self.heard.borrow_mut().push(line.to_string()))
    }
}

/// Nothing to show: the test reads no terminal.
struct Quiet;

impl Observer for Quiet {
    type Busy = ();

    fn busy(&self, _message: &str) {}

    fn warning(&self, message: &str) -> Result<(), Error> {
        panic!("unexpected warning: {message}")
    }

    fn tracer(&self) -> heroin::http::Trace {
        std::sync::Arc::new(|_| {})
    }

    fn notices(&self) -> heroin::http::Trace {
        std::sync::Arc::new(|_| {})
    }
}

/// shop-prod with a Redis on mini whose plan heroku-sim refuses to change,
/// the files asking for premium-0, and the plan between them; the Redis's
/// name.
fn refused_plan_change() -> (Running, tempfile::TempDir, Prepared, String) {
    let running = sim(heroku_sim::core::Options {
        refuse_plan_changes: vec!["heroku-redis".into()],
        ..Default::default()
    });
    seed(&running);
    let redis = client(&running, "sim-token")
        .write(
            "POST",
            "/apps/shop-prod/addons",
            &json!({"plan": "heroku-redis:mini", "attachment": {"name": "REDIS"}}),
        )
        .unwrap();
    let redis = redis["name"].as_str().unwrap().to_string();
    let files = write_files("[apps.web.addons.redis]\nplan = \"heroku-redis:premium-0\"\n");
    let process = BTreeMap::from([
        ("HEROKU_HOST".to_string(), running.url.clone()),
        ("HEROKU_API_KEY".to_string(), "sim-token".to_string()),
    ]);
    let target = Target {
        dir: files.path(),
        env: "prod",
        apps: &[],
        git_ref: None,
    };
    let reach = Reach {
        api_url: None,
        concurrency: 4,
        reserve: None,
        verbose: false,
        timeouts: heroin::http::Timeouts::default(),
    };
    let prepared = session::prepare(target, reach, &Quiet, &mut Sources::new(), &process).unwrap();
    (running, files, prepared, redis)
}

fn options() -> Options {
    Options {
        yes: false,
        concurrency: 4,
        wait: Wait {
            poll: Duration::from_millis(20),
            timeout: Duration::from_secs(30),
        },
    }
}

fn redis_plans(running: &Running) -> Vec<String> {
    let state = running.shared.sim.lock().unwrap().state.clone();
    state
        .addons
        .iter()
        .filter(|a| a.service == "heroku-redis")
        .map(|a| a.plan.clone())
        .collect()
}

#[test]
fn a_refused_plan_change_is_replaced_when_the_name_is_typed_back() {
    let (running, _files, p, redis) = refused_plan_change();
    let answers = Scripted::new(&["y", &redis]);
    let result = runner::run(
        &p.client,
        (&p.config, &p.live, &p.plan),
        BTreeSet::new(),
        options(),
        &answers,
    );
    assert!(result.is_ok(), "{result:?}");
    let heard = answers.heard.borrow();
    assert!(
        heard.iter().any(|h| h.starts_with(&format!(
            "Replace it instead? That destroys {redis} (heroku-redis:mini) and all its data"
        ))),
        "{heard:#?}"
    );
    assert_eq!(redis_plans(&running), ["premium-0"]);
    assert!(attached_as(&running, "REDIS").is_some());
    assert_eq!(attached_as(&running, "REDIS_HEROIN_NEW"), None);
}

#[test]
fn a_refused_plan_change_whose_name_is_not_typed_back_is_left_and_reported() {
    let (running, _files, p, redis) = refused_plan_change();
    let answers = Scripted::new(&["y", "not-the-name"]);
    let result = runner::run(
        &p.client,
        (&p.config, &p.live, &p.plan),
        BTreeSet::new(),
        options(),
        &answers,
    );
    let Err(Error::Refused { message, .. }) = result else {
        panic!("{result:?}")
    };
    assert_eq!(
        message,
        "Heroku does not match the files yet: 1 change declined (apps.web.addons.redis)"
    );
    assert!(
        answers
            .heard
            .borrow()
            .iter()
            .any(|h| h == "Not replaced: the add-on keeps its plan.")
    );
    assert_eq!(redis_plans(&running), ["mini"]);
    assert_eq!(
        attached_as(&running, "REDIS").as_deref(),
        Some(redis.as_str())
    );
}
