"""heroku3 (the Python client, from PyPI) against a running heroku-sim.

Usage: python heroku3_client.py URL. Each step is one library call on the
resources heroin manages; prints ok/FAIL per step and the count, exits 1 on
any failure. A deploy is made with `heroku-sim deploy` before the formation
steps (the library cannot build code)."""

import subprocess
import sys

import heroku3

url, sim = sys.argv[1], sys.argv[2]
# from_key() checks the key against api.heroku.com at once; the client's
# base URL has to be set before that check.
h = heroku3.api.Heroku()
h._heroku_url = url
h.authenticate("sim-token")
passed = failed = 0


def step(name, fn, expect):
    global passed, failed
    try:
        got = fn()
        if expect(got):
            passed += 1
            print(f"ok    heroku3 {name}")
            return got
        failed += 1
        print(f"FAIL  heroku3 {name}: {got!r}")
    except Exception as e:  # the library raises requests' HTTPError and its own
        failed += 1
        print(f"FAIL  heroku3 {name}: {e!r}")
    return None


app = step("create_app", lambda: h.create_app(name="py-web", region_id_or_name="eu", stack_id_or_name="heroku-24"), lambda a: a.name == "py-web")
step("apps", lambda: [a.name for a in h.apps()], lambda names: "py-web" in names)
step("app info", lambda: h.app("py-web").region.name, lambda r: r == "eu")
a = h.app("py-web")
step("update_config", lambda: a.update_config({"RAILS_ENV": "production", "WEB_CONCURRENCY": "2"}), lambda c: c["RAILS_ENV"] == "production")
step("config", lambda: a.config().to_dict(), lambda c: c.get("WEB_CONCURRENCY") == "2")
step("install_addon", lambda: a.install_addon("heroku-postgresql:essential-0", attachment_name="DATABASE"), lambda x: x.plan.name == "heroku-postgresql:essential-0")
step("addons", lambda: [x.plan.name for x in a.addons()], lambda plans: "heroku-postgresql:essential-0" in plans)
step("add_domain", lambda: a.add_domain("www.py.example", None), lambda d: d.hostname == "www.py.example")
step("domains", lambda: [d.hostname for d in a.domains()], lambda hosts: "www.py.example" in hosts)
step("remove_domain", lambda: a.remove_domain("www.py.example"), lambda _: True)
step("enable_feature", lambda: a.enable_feature("preboot"), lambda f: f.enabled)
step("features", lambda: [f.name for f in a.features() if f.enabled], lambda names: "preboot" in names)
step("add_collaborator", lambda: a.add_collaborator("dev@py.example", silent=True), lambda c: c.user.email == "dev@py.example")
step("collaborators", lambda: [c.user.email for c in a.collaborators()], lambda emails: "dev@py.example" in emails)
subprocess.run([sim, "deploy", "--api", url, "py-web", "web=bin/web", "worker=bin/worker"], check=True, stdout=subprocess.DEVNULL)
step("process_formation", lambda: sorted(f.type for f in a.process_formation()), lambda types: types == ["web", "worker"])
step("batch_scale_formation_processes", lambda: a.batch_scale_formation_processes({"web": 2, "worker": 1}), lambda fs: sorted(f.quantity for f in fs) == [1, 2])
step("releases", lambda: [r.description for r in a.releases()], lambda ds: "Deploy" in ds)
step("scale_formation_process", lambda: a.scale_formation_process("worker", 3), lambda f: f.quantity == 3)
# One size for both: Heroku refuses Basic beside Standard in one app.
step("batch_resize_formation_processes", lambda: a.batch_resize_formation_processes({"web": "standard-2x", "worker": "standard-2x"}), lambda fs: {f.size.lower() for f in fs} == {"standard-2x"})
step("resize_formation_process", lambda: a.resize_formation_process("worker", "standard-1x"), lambda f: f.size.lower() == "standard-1x")
step("dynos", lambda: sorted(d.name for d in a.dynos()), lambda names: "web.1" in names and "worker.3" in names)
step("kill_dyno", lambda: a.kill_dyno("web.1"), lambda ok: ok)
step("restart", lambda: a.restart(), lambda app: app.name == "py-web")
step("update_config removing", lambda: a.update_config({"WEB_CONCURRENCY": None}), lambda c: "WEB_CONCURRENCY" not in c.to_dict())
deploy = next(r for r in a.releases() if r.description.startswith("Deploy"))
# The library returns the last release of its list, by version: the rollback,
# which brings the deploy's config vars back and leaves scale and sizes.
step("rollback", lambda: a.rollback(deploy.id).description, lambda d: d == f"Rollback to v{deploy.version}")
step("config after rollback", lambda: a.config().to_dict(), lambda c: c.get("WEB_CONCURRENCY") == "2")
step("formation after rollback", lambda: {f.type: (f.quantity, f.size.lower()) for f in a.process_formation()}, lambda f: f == {"web": (2, "standard-2x"), "worker": (3, "standard-1x")})
step("upgrade addon", lambda: a.addons()[0].upgrade("heroku-postgresql:essential-1").plan.name, lambda p: p == "heroku-postgresql:essential-1")
drain = step("create_logdrain", lambda: a.create_logdrain("syslog+tls://logs.py.example:6514"), lambda d: d.url == "syslog+tls://logs.py.example:6514")
step("logdrains", lambda: [d.url for d in a.logdrains()], lambda urls: urls == ["syslog+tls://logs.py.example:6514"])
# By id: the library puts a URL into the path unescaped.
step("remove_logdrain", lambda: a.remove_logdrain(drain.id), lambda d: d.url == "syslog+tls://logs.py.example:6514")
step("logdrains after remove", lambda: a.logdrains(), lambda ds: len(ds) == 0)
step("update_buildpacks", lambda: a.update_buildpacks(["https://github.com/heroku/heroku-buildpack-ruby"]), lambda ok: ok)
step("buildpacks", lambda: [b.buildpack.url for b in a.buildpacks()], lambda urls: urls == ["https://github.com/heroku/heroku-buildpack-ruby"])
step("enable_maintenance_mode", lambda: a.enable_maintenance_mode(), lambda _: h.app("py-web").maintenance)
# disable_maintenance_mode() sends `"maintenance": 0`, an integer where the
# schema has a boolean (refused); update() with False sends false.
step("update maintenance off", lambda: a.update(maintenance=False), lambda _: not h.app("py-web").maintenance)
step("remove_collaborator", lambda: a.remove_collaborator("dev@py.example"), lambda _: True)
step("rename", lambda: a.rename("py-web-two"), lambda _: h.app("py-web-two").name == "py-web-two")
a = h.app("py-web-two")
step("delete", lambda: a.delete(), lambda _: True)
step("apps after delete", lambda: [x.name for x in h.apps()], lambda names: "py-web-two" not in names)
print(f"heroku3 steps: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
