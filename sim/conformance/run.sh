#!/usr/bin/env bash
# Conformance: the official Heroku CLI against a fresh heroku-sim.
#
# Installs the CLI from the npm registry (and the Python client heroku3 from
# PyPI, sim/conformance/heroku3_client.py) into a cache directory (once), starts
# heroku-sim with a temporary state and a request log, runs the CLI commands
# below with HEROKU_HOST and HEROKU_API_KEY pointed at it, checks each
# command's exit code and output, then checks every request body the CLI sent
# (and every response) against Heroku's official schema. Exits non-zero on
# any failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
schema="$root/sim/schema/platform-api.json"
cli_version=11.10.0
cache=${CONFORMANCE_CACHE:-$root/target/conformance}
cd "$root"

mkdir -p "$cache"
if ! grep -qs "\"version\": \"$cli_version\"" "$cache/node_modules/heroku/package.json"; then
  echo "conformance: installing the Heroku CLI $cli_version from npm into $cache"
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error "heroku@$cli_version")
fi
heroku_bin="$cache/node_modules/.bin/heroku"
cargo build --release --locked -p heroku-sim --quiet
cargo build --release --locked -p heroku-sim --example check_requests --quiet

work=$(mktemp -d)
target/release/heroku-sim --team acme --space acme-eu:acme --fir-app acme-fir --state "$work/state.json" --request-log "$work/requests.jsonl" > "$work/sim.out" 2> "$work/sim.err" &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q listening "$work/sim.out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/sim.out")
[ -n "$url" ] || { echo "conformance: heroku-sim did not start"; cat "$work/sim.err"; exit 1; }

# The CLI's other services: the buildpack registry it asks for names such as
# hashnuke/elixir, and the account lookup it makes beside GET /account.
export HEROKU_HOST="$url" HEROKU_API_KEY=sim-token HOME="$work/home" NO_COLOR=1
export HEROKU_BUILDPACK_REGISTRY_URL="$url" HEROKU_PARTICLEBOARD_URL="$url"
export HEROKU_SKIP_NEW_VERSION_CHECK=true HEROKU_DISABLE_AUTOUPDATE=1 DISABLE_TELEMETRY=true
mkdir -p "$HOME"
passed=0
failed=0

# The CLI runs outside any git repository: in one, apps:create would add a
# `heroku` remote to it, and later commands would take their app from it.
cd "$work"

# check EXPECTED ARGS...: the command succeeds and prints EXPECTED.
check() {
  local expected=$1; shift
  local out rc=0
  out=$("$heroku_bin" "$@" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ] && grep -qF -- "$expected" <<<"$out"; then
    passed=$((passed + 1)); echo "ok    heroku $*"
  else
    failed=$((failed + 1)); echo "FAIL  heroku $* (exit $rc, expected '$expected')"; sed 's/^/      /' <<<"$out"
  fi
}

# refused EXPECTED ARGS...: the command fails and says EXPECTED.
refused() {
  local expected=$1; shift
  local out rc=0
  out=$("$heroku_bin" "$@" 2>&1) || rc=$?
  if [ "$rc" -ne 0 ] && grep -qF -- "$expected" <<<"$out"; then
    passed=$((passed + 1)); echo "ok    heroku $* (refused, as Heroku does)"
  else
    failed=$((failed + 1)); echo "FAIL  heroku $* (exit $rc, expected a refusal saying '$expected')"; sed 's/^/      /' <<<"$out"
  fi
}

check "Creating acme-web... done, region is eu" apps:create acme-web --region eu --addons heroku-postgresql:essential-0
check "Creating acme-worker... done, region is us" apps:create acme-worker --region us
check "Region:         eu" apps:info -a acme-web
check "acme-worker" apps
check "DATABASE_URL" config -a acme-web
check "sim-token@example.com" auth:whoami
check "eu" regions
check "heroku-postgresql" addons:services
check "mini" addons:plans heroku-redis
check "Setting RAILS_ENV, WEB_CONCURRENCY and restarting acme-web... done, v" config:set RAILS_ENV=production WEB_CONCURRENCY=4 -a acme-web
check "production" config:get RAILS_ENV -a acme-web
check "RAILS_ENV=production" config --shell -a acme-web
check "postgres://" config:get DATABASE_URL -a acme-web
check "Unsetting WEB_CONCURRENCY and restarting acme-web... done" config:unset WEB_CONCURRENCY -a acme-web
check "heroku-postgresql" addons -a acme-web
check "Created acme-cache as CACHE_TLS_URL, CACHE_URL" addons:create heroku-redis:mini --as CACHE --name acme-cache -a acme-web
check "Plan:         heroku-redis:mini" addons:info CACHE -a acme-web
check "to heroku-postgresql:essential-1... done" addons:upgrade DATABASE heroku-postgresql:essential-1 -a acme-web
refused "Error ID: invalid_params" addons:upgrade DATABASE heroku-postgresql:standard-0 -a acme-web
check "Setting DATABASE config vars and restarting acme-worker... done" addons:attach acme-web::DATABASE --as DATABASE -a acme-worker
check "DATABASE_URL" config -a acme-worker
check "Unsetting DATABASE config vars and restarting acme-worker... done" addons:detach DATABASE -a acme-worker
# A rename sends only the new name (the schema requires a plan; Heroku does not).
check "acme-cache successfully renamed to acme-cache-two." addons:rename acme-cache acme-cache-two
check "Destroying acme-cache-two" addons:destroy CACHE -a acme-web --confirm acme-web

# A deploy (a slug with process types, then a release), as a git push ends.
deployed=$("$root/target/release/heroku-sim" deploy --api "$url" --commit 60883d9e8947a57e04dc9124f25df004866a2051 \
  acme-web web="bundle exec puma" worker="bundle exec sidekiq" | sed -n 's/^Released v\([0-9]*\) .*/\1/p')
[ -n "$deployed" ] || { echo "conformance: heroku-sim deploy failed"; exit 1; }
check "Deploy 60883d9e" releases -a acme-web
check "Deploy 60883d9e" releases:info "v$deployed" -a acme-web
check "heroku-24" apps:stacks -a acme-web
check "Scaling dynos... done" ps:scale web=2 worker=1 -a acme-web
check "Standard-1X" ps:type standard-1x -a acme-web
check "web.2" ps -a acme-web
check "Restarting all dynos on acme-web... done" ps:restart -a acme-web
check "Restarting dyno web.1 on acme-web... done" ps:restart --dyno-name web.1 -a acme-web
check "Stopping dyno web.2 on acme-web... done" ps:stop --dyno-name web.2 -a acme-web
check "Setting DEBUG and restarting acme-web... done" config:set DEBUG=1 -a acme-web
check "Setting stack to heroku-22... done" apps:stacks:set heroku-22 -a acme-worker
check "Rolling back acme-web to v$deployed... done" rollback "v$deployed" -a acme-web
# With no version, the CLI takes the second release eligible for rollback,
# newest first: the one before the current release.
check "Rolling back acme-web to v$((deployed + 1))... done" rollback -a acme-web

check "preboot" features -a acme-web
check "preboot" features:info preboot -a acme-web
check "Enabling preboot for acme-web... done" features:enable preboot -a acme-web
check "Disabling preboot for acme-web... done" features:disable preboot -a acme-web
# Heroku Labs: the account's features and the app's, turned on and off.
check "pipelines-dashboard-beta" labs -a acme-web
check "Enabled:     false" labs:info pipelines-dashboard-beta
check "Enabling pipelines-dashboard-beta for sim-token@example.com... done" labs:enable pipelines-dashboard-beta
check "Enabled:     true" labs:info pipelines-dashboard-beta
check "Disabling pipelines-dashboard-beta for sim-token@example.com... done" labs:disable pipelines-dashboard-beta
check "Enabling runtime-dyno-metadata for acme-web... done" labs:enable runtime-dyno-metadata -a acme-web
check "Disabling runtime-dyno-metadata for acme-web... done" labs:disable runtime-dyno-metadata -a acme-web

check "Adding www.acme.example to acme-web... done" domains:add www.acme.example -a acme-web
check "www.acme.example" domains -a acme-web
check "www.acme.example" domains:info www.acme.example -a acme-web
check "Waiting for www.acme.example... done" domains:wait www.acme.example -a acme-web
refused "Domain already added to this app." domains:add www.acme.example -a acme-web
check "Removing www.acme.example from acme-web... done" domains:remove www.acme.example -a acme-web
check "Adding api.acme.example to acme-web... done" domains:add api.acme.example -a acme-web
check "Removing all domains from acme-web... done" domains:clear -a acme-web

check "Successfully added drain syslog+tls://logs.example.net:6514" drains:add syslog+tls://logs.example.net:6514 -a acme-web
check "syslog+tls://logs.example.net:6514" drains -a acme-web
check "Successfully removed drain syslog+tls://logs.example.net:6514" drains:remove syslog+tls://logs.example.net:6514 -a acme-web

# Webhooks: a signing secret made up when none is given (a header of the
# create), the CLI's version=3.webhooks Accept and Basic token; https only.
check "=== Webhooks Signing Secret" webhooks:add -i api:release,api:build -l notify -u https://hooks.acme.example/heroku -a acme-web
check "https://hooks.acme.example/heroku" webhooks -a acme-web
hook=$("$heroku_bin" webhooks -a acme-web 2>&1 | grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' | head -1)
check "api:release,api:build" webhooks:info "$hook" -a acme-web
check "Updating webhook $hook for acme-web... done" webhooks:update "$hook" -i api:dyno -l sync -u https://hooks.acme.example/new -a acme-web
check "https://hooks.acme.example/new" webhooks:info "$hook" -a acme-web
refused "Url must use https." webhooks:add -i api:release -l notify -u http://hooks.acme.example/ -a acme-web
check "Removing webhook $hook from acme-web... done" webhooks:remove "$hook" -a acme-web
check "acme-web has no webhooks" webhooks -a acme-web

# Certificates (SNI endpoints), made here with openssl: a self-signed
# certificate and its key, a renewal, and a key that is not the
# certificate's (refused). No domain matches it, so certs:add asks nothing.
cert() { openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$1" -addext "subjectAltName=DNS:$1" -keyout "$work/$2.key" -out "$work/$2.crt" 2>/dev/null; }
cert www.acme.example www && cert www.acme.example renewed && cert www.acme.example other
check "SSL certificate is self signed." certs:add "$work/www.crt" "$work/www.key" -a acme-web
check "www.acme.example" certs -a acme-web
check "Subject:        /CN=www.acme.example" certs:info -a acme-web
refused "Private key does not match the certificate." certs:update "$work/www.crt" "$work/other.key" -a acme-web --confirm acme-web
check "Updated certificate details:" certs:update "$work/renewed.crt" "$work/renewed.key" -a acme-web --confirm acme-web
# A domain served by the endpoint (its sni_endpoint), added and then updated.
sni=$("$heroku_bin" certs -a acme-web 2>&1 | grep -oE '[a-z]+-[a-z]+-[0-9]+' | head -1)
check "has been enqueued for addition" domains:add www.acme.example --cert "$sni" -a acme-web
check "name: '$sni'" domains:info www.acme.example -a acme-web
check "Updating www.acme.example to use $sni certificate... done" domains:update www.acme.example --cert "$sni" -a acme-web
check "Removing SSL certificate" certs:remove -a acme-web --confirm acme-web
check "Removing www.acme.example from acme-web... done" domains:remove www.acme.example -a acme-web

# Telemetry drains: only on a Fir-generation app (heroku-sim --fir-app, as
# an app created in a Fir space); refused on a Cedar one.
check "Creating acme-fir... done" apps:create acme-fir
check "successfully added drain https://otel.acme.example" telemetry:add https://otel.acme.example --signals traces,logs --headers '{"x-api-key": "k"}' -a acme-fir
drain=$("$heroku_bin" telemetry -a acme-fir 2>&1 | grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' | head -1)
check "https://otel.acme.example" telemetry -a acme-fir
check "otel.acme.example" telemetry:info "$drain"
check "Updating telemetry drain $drain" telemetry:update "$drain" --signals metrics
check "Removing telemetry drain $drain" telemetry:remove "$drain"
refused "Fir-generation" telemetry:add https://otel.acme.example -a acme-web
check "Destroying acme-fir (including all add-ons)... done" apps:destroy acme-fir --confirm acme-fir

check "Adding dev@acme.example access to the app acme-web... done" access:add dev@acme.example -a acme-web
check "dev@acme.example" access -a acme-web
check "Removing dev@acme.example access from the app acme-web... done" access:remove dev@acme.example -a acme-web

# Registry names are looked up in the buildpack registry (the simulator's,
# through HEROKU_BUILDPACK_REGISTRY_URL); URLs are not.
check "Buildpack set. Next release on acme-web will use hashnuke/elixir." buildpacks:set hashnuke/elixir -a acme-web
check "hashnuke/elixir" buildpacks -a acme-web
# An unknown name: the registry answers 404, which the CLI does not read as
# an error; it sends an update with no buildpack, which the API refuses.
refused "Require params: updates[0].buildpack." buildpacks:set nobody/nothing -a acme-web
check "Heroku buildpack for Elixir" buildpacks:info hashnuke/elixir
check "published" buildpacks:versions hashnuke/elixir
check "1 buildpack found" buildpacks:search elixir
check "Buildpack set." buildpacks:set https://github.com/heroku/heroku-buildpack-ruby -a acme-web
check "Buildpack added." buildpacks:add --index 1 https://github.com/heroku/heroku-buildpack-nodejs -a acme-web
check "1. https://github.com/heroku/heroku-buildpack-nodejs" buildpacks -a acme-web
check "Buildpack removed." buildpacks:remove https://github.com/heroku/heroku-buildpack-nodejs -a acme-web
check "Buildpacks cleared." buildpacks:clear -a acme-web

check "Enabling maintenance mode for acme-web... done" maintenance:on -a acme-web
check "Disabling maintenance mode for acme-web... done" maintenance:off -a acme-web

check "Adding acme-web to acme pipeline as staging... done" pipelines:create acme -a acme-web --stage staging
check "Adding acme-worker to acme pipeline as production... done" pipelines:add acme -a acme-worker --stage production
check "acme-worker   production" pipelines:info acme
# The test stage's config vars (heroku ci:config), kept on the pipeline.
check "Setting RAILS_ENV, API_TOKEN... done" ci:config:set RAILS_ENV=test API_TOKEN=t0k -a acme-web
check "=== acme test config vars" ci:config -a acme-web
check "test" ci:config:get RAILS_ENV -a acme-web
check "API_TOKEN=t0k" ci:config --shell -a acme-web
check "Unsetting RAILS_ENV... done" ci:config:unset RAILS_ENV -a acme-web
check "acme" pipelines
check "Promotion successful" pipelines:promote -a acme-web
check "Changing acme-worker to staging... done" pipelines:update -a acme-worker --stage staging
check "Renaming acme pipeline to acme-flow... done" pipelines:rename acme acme-flow
check "Removing acme-worker... done" pipelines:remove -a acme-worker
check "Destroying acme-flow pipeline... done" pipelines:destroy acme-flow
check "Renaming acme-worker to acme-jobs... done" apps:rename acme-jobs -a acme-worker

check "acme" teams
check "Creating acme-team-app... done" apps:create acme-team-app --team acme
refused "Couldn't find that team." apps:create acme-stray-app --team no-such-team
check "acme" orgs
check "sim-token@example.com" members -t acme
check "Adding dev@acme.example to acme as member... done" members:add dev@acme.example --role member -t acme
check "Adding dev@acme.example to acme as viewer... done" members:set dev@acme.example --role viewer -t acme
check "dev@acme.example   viewer" members -t acme --role viewer
refused "acme must have at least one admin" members:remove sim-token@example.com -t acme
check "Removing dev@acme.example from acme... done" members:remove dev@acme.example -t acme
# A Private Space (heroku-sim --space NAME:TEAM): read, an app created in
# it, and its trusted IP ranges (the inbound ruleset) edited rule by rule.
check "acme-eu   acme" spaces
check "Team:       acme" spaces:info acme-eu
refused "Couldn't find that space." spaces:info no-such-space
check "Creating acme-spaced in space acme-eu... done" apps:create acme-spaced --space acme-eu --no-remote
check "Space:          acme-eu" apps:info -a acme-spaced
check "0.0.0.0/0" spaces:trusted-ips --space acme-eu
check "Added 203.0.113.0/24 to trusted IP ranges on acme-eu" spaces:trusted-ips:add 203.0.113.0/24 --space acme-eu
check "Removed 0.0.0.0/0 from trusted IP ranges on acme-eu" spaces:trusted-ips:remove 0.0.0.0/0 --space acme-eu
check "203.0.113.0/24" spaces:trusted-ips --space acme-eu
refused "is not a valid IPv4 range in CIDR notation" spaces:trusted-ips:add not-an-ip --space acme-eu
check "Destroying acme-spaced (including all add-ons)... done" apps:destroy acme-spaced --confirm acme-spaced
check "Owner:          acme@herokumanager.com" apps:info -a acme-team-app
# Team apps take permissions (the team has org-access-controls).
check "Adding dev@acme.example access to the app acme-team-app with deploy, operate, view permissions... done" access:add dev@acme.example --permissions deploy,operate -a acme-team-app
check "deploy, operate, view" access -a acme-team-app
check "Updating dev@acme.example in application acme-team-app with deploy,view permissions... done" access:update dev@acme.example --permissions view,deploy -a acme-team-app
check "Removing dev@acme.example access from the app acme-team-app... done" access:remove dev@acme.example -a acme-team-app
check "Locking acme-team-app... done" apps:lock -a acme-team-app
check "Unlocking acme-team-app... done" apps:unlock -a acme-team-app
check "Leaving acme-team-app... done" apps:leave -a acme-team-app
check "Joining acme-team-app... done" apps:join -a acme-team-app
check "Destroying acme-team-app (including all add-ons)... done" apps:destroy acme-team-app --confirm acme-team-app
# A personal app into the team and back out (PATCH /teams/apps/{app} with an
# owner); an owner that does not exist is refused and nothing moves.
check "Creating acme-solo... done" apps:create acme-solo
check "Transferring acme-solo to acme... done" apps:transfer acme -a acme-solo
check "Owner:          acme@herokumanager.com" apps:info -a acme-solo
refused "Couldn't find that team." apps:transfer no-such-team -a acme-solo
check "Transferring acme-solo to sim-token@example.com... done" apps:transfer sim-token@example.com -a acme-solo --confirm acme-solo
check "Owner:          sim-token@example.com" apps:info -a acme-solo
check "Destroying acme-solo (including all add-ons)... done" apps:destroy acme-solo --confirm acme-solo

check "Destroying acme-jobs (including all add-ons)... done" apps:destroy acme-jobs --confirm acme-jobs
check "Destroying acme-web (including all add-ons)... done" apps:destroy acme-web --confirm acme-web

echo
echo "CLI commands: $passed passed, $failed failed"

# A second real client: heroku3, the Python library, from PyPI (pinned, in a
# venv beside the CLI; it imports six without declaring it).
heroku3_version=5.2.1
if ! "$cache/venv/bin/python" -c "import heroku3, six" 2>/dev/null \
  || ! "$cache/venv/bin/pip" show heroku3 2>/dev/null | grep -qx "Version: $heroku3_version"; then
  echo "conformance: installing heroku3 $heroku3_version from PyPI into $cache/venv"
  python3 -m venv "$cache/venv"
  "$cache/venv/bin/pip" install --quiet "heroku3==$heroku3_version" six
fi
"$cache/venv/bin/python" "$root/sim/conformance/heroku3_client.py" "$url" "$root/target/release/heroku-sim" || failed=$((failed + 1))
echo "Request bodies and responses against the official schema:"
"$root/target/release/examples/check_requests" "$work/requests.jsonl" "$schema" || failed=$((failed + 1))
[ "$failed" -eq 0 ]
