# Written for the hadolint comparison: cases where Palisade and hadolint deliberately disagree.
FROM debian:12 AS builder
USER root
RUN set -o pipefail && curl -fsSL https://example.com/x.tgz | tar xz -C /opt
ENV PASSWORD_FILE=/run/secrets/db
ARG API_TOKEN
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && apt-get clean && rm -r /var/lib/apt/lists
RUN apk add --no-cache --virtual .deps gcc=13.2.1_git20240309-r0 && rm -rf /var/cache/apk/*

FROM debian:12
COPY --from=builder /opt /opt
RUN pip install --no-cache-dir requests==2.32.3
USER 10001
