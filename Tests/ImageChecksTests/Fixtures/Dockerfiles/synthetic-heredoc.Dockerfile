# syntax=docker/dockerfile:1
# Written for the hadolint comparison: a valid BuildKit heredoc directly followed by an instruction.
FROM alpine:3.20
RUN <<EOF
set -e
apk add --no-cache curl
EOF
USER 10001
HEALTHCHECK CMD ["curl", "-fs", "http://localhost:8080/"]
