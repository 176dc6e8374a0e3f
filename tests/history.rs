//! `heroin history` and `--ref` with names that do not exist: errors that
//! say what was not found and what exists, in real repositories.

mod common;
use common::{repo, sim};

use heroku_sim::core::Options;
use repo::{repo_with, run};
use sim::sim;

#[test]
fn history_of_an_unknown_environment_suggests_the_right_one() {
    let running = sim(Options::default());
    let dir = repo_with("examples/rack-app");
    let (code, out, err) = run(&running, dir.path(), &["history", "stagin"]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(err.contains("stagin"), "{err}");
    assert!(err.contains("did you mean `staging`?"), "{err}");
    let (code, _, err) = run(&running, dir.path(), &["history", "staging"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("nothing has been applied to staging"), "{err}");
}

#[test]
fn a_mistyped_ref_is_named_with_a_hint() {
    let running = sim(Options::default());
    let dir = repo_with("examples/rack-app");
    let diff = ["diff", "staging", "--ref", "heroin/staging/7"];
    let apply = ["apply", "staging", "--yes", "--ref", "heroin/staging/7"];
    for args in [&diff[..], &apply[..]] {
        let (code, _, err) = run(&running, dir.path(), args);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains(
                "--ref heroin/staging/7: no such tag, branch or commit in this repository"
            ),
            "{err}"
        );
        assert!(err.contains("heroin history staging"), "{err}");
        assert!(
            !err.contains("class=") && !err.contains("code=NotFound"),
            "{err}"
        );
    }
}
