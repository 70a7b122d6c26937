#!/usr/bin/env bash
# Builds the image and tries its three entrypoints as a deployment would: `migrate` twice (the
# second finds the database at head), `serve` answering /health as a non-root user, `worker
# --once`; checks that no development tool made it into the image, runs the image's own
# HEALTHCHECK and stops the server with SIGTERM. SQLite on a volume.
#
#   deploy/container/smoke-test.sh [podman build arguments...]
#
# Behind a TLS-inspecting proxy, or without access to Docker Hub, pass e.g.
#   --build-arg BASE_IMAGE=localhost/debian:bookworm \
#   -v /etc/ssl/certs/ca-certificates.crt:/run/host-ca.crt:ro \
#   --build-arg PIP_CERT=/run/host-ca.crt --build-arg NPM_CONFIG_CAFILE=/run/host-ca.crt
set -euo pipefail
cd "$(dirname "$0")/../.."
engine=${CONTAINER_ENGINE:-podman}
image=${IMAGE:-localhost/cybercare:smoke}
port=${SMOKE_PORT:-18080}
name=cybercare-smoke-$$
volume=cybercare-smoke-$$

step() { printf '\n== %s\n' "$*"; }

step "build $image"
started=$(date +%s)
"$engine" build --format docker -t "$image" -f Containerfile "$@" .
echo "built in $(( $(date +%s) - started )) s; size: $("$engine" image inspect "$image" --format '{{.Size}}') bytes"

cleanup() {
    "$engine" rm -f "$name" >/dev/null 2>&1 || true
    "$engine" volume rm -f "$volume" >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$engine" volume create "$volume" >/dev/null

# Production settings (the image's default environment); accounts valid but not the examples.
settings=(
    -e CYBERCARE_SECRET_KEY=smoke-test-secret-0123456789abcdef0123456789
    -e CYBERCARE_SEPA_CREDITOR_IBAN=BE56363123456788 -e CYBERCARE_SEPA_CREDITOR_BIC=BBRUBEBB
    -e CYBERCARE_SEPA_CREDITOR_ID=BE87ZZZ0411111111
    -e CYBERCARE_PAYOUT_ACCOUNT_IBAN=BE36733765432181 -e CYBERCARE_PAYOUT_ACCOUNT_BIC=KREDBEBB
    -e CYBERCARE_DATABASE_URL=sqlite:////var/lib/cybercare/cybercare.db
    -v "$volume:/var/lib/cybercare"
)
once=(run --rm --no-healthcheck "${settings[@]}" "$image")

step "migrate (twice: the second finds the database at head)"
first=$("$engine" "${once[@]}" migrate) && echo "$first"
second=$("$engine" "${once[@]}" migrate) && echo "$second"
grep -q "database upgraded from an empty schema" <<<"$first"
grep -q "database already at" <<<"$second"

step "serve on 127.0.0.1:$port"
"$engine" run -d --name "$name" -p "127.0.0.1:$port:8000" "${settings[@]}" "$image" serve >/dev/null
for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null; then echo; break; fi
    sleep 1
done
curl -fsS "http://127.0.0.1:$port/health" >/dev/null
uid=$("$engine" exec "$name" id -u)
echo "serving as uid $uid"
[ "$uid" != 0 ]

step "worker --once"
"$engine" "${once[@]}" worker --once

step "no development tools in the image"
if "$engine" run --rm --no-healthcheck --entrypoint python3 "$image" -c "import pytest" 2>/dev/null; then
    echo "pytest is installed in the runtime image" >&2
    exit 1
fi
echo "pytest, ruff, mypy: absent"

step "the image's HEALTHCHECK (GET /health/live)"
if ! "$engine" healthcheck run "$name"; then
    echo "the image's HEALTHCHECK fails" >&2
    exit 1
fi
echo healthy

step "stop (SIGTERM)"
"$engine" stop -t 30 "$name" >/dev/null
echo "exit code: $("$engine" inspect "$name" --format '{{.State.ExitCode}}')"

printf '\nsmoke test passed\n'
