#!/bin/sh
# Creates a fresh self-signed certificate and key for this container, then runs the command (nginx).
#
# Why self-signed: the load balancers (ALB HTTPS and NLB TLS target groups) encrypt the hop to the
# task but do not validate the target's certificate; clients see only the ACM certificate at the
# edge. A new key per container start means no key material lives in the image or the repository.
# The hop is therefore encrypted, not authenticated: the security groups, which admit the port only
# from the load balancer, are what keep others off it.
set -eu

# A task-local volume owned by uid 101 (Dockerfile VOLUME); the root filesystem is read-only.
TLS_DIR=/run/tls
# Validity of the per-start certificate; nothing validates it, it only has to parse.
CERT_DAYS=397

umask 077
if ! output=$(openssl req -x509 -newkey rsa:3072 -sha256 -noenc -days "$CERT_DAYS" \
    -subj "/CN=rampart-hosted-service" \
    -keyout "$TLS_DIR/tls.key" -out "$TLS_DIR/tls.crt" 2>&1); then
    echo "entrypoint: could not create the TLS certificate in $TLS_DIR: $output" >&2
    exit 1
fi

exec "$@"
